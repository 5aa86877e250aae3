import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { FederationTopology } from "./federation-topology";
import { DeferredUnknowns } from "../framework/unknown-values";
import { awsManagedPolicyName } from "../readers/aws-identifiers";
import { grantsOfRoles } from "../readers/iam-grants";
import { wildcardMatches } from "../readers/iam-policy-document";

/** Allow-list shared by both privilege tiers. */
export const ALLOWED_ROLE_NAMES = {
    type: "array",
    description: "Role names (`*` wildcard) that may receive the denied policies.",
    default: [],
    items: { type: "string", minLength: 1 },
    uniqueItems: true,
} as const;

/**
 * The SSO roles (those SAML sign-in leads into, team programs' included) with every permission they get,
 * reported against the tier's policy names and, when given, a document check.
 */
export function checkSsoRolePrivileges(
    args: StackValidationArgs,
    reportViolation: ReportViolation,
    tier: {
        readonly deniedPolicyNames: readonly string[];
        readonly allowedRoleNames: readonly string[];
        readonly label: string;
        readonly documentProblem?: (document: unknown) => string | undefined;
    },
): void {
    const topology = new FederationTopology(args.resources);
    const deferred = new DeferredUnknowns();
    const guarded: PolicyResource[] = [];
    for (const { role } of topology.ssoRoles()) {
        deferred.run(() => {
            const roleName: unknown = role.props.name;
            if (typeof roleName === "string" && tier.allowedRoleNames.some((pattern) => wildcardMatches(pattern, roleName))) {
                return;
            }
            guarded.push(role);
        });
    }
    const { grants, undetermined } = grantsOfRoles(topology, guarded);
    deferred.defer(undetermined);
    for (const [role, roleGrants] of grants) {
        for (const grant of roleGrants) {
            deferred.run(() => {
                if (grant.policyArn !== undefined) {
                    const name = awsManagedPolicyName(grant.policyArn);
                    if (name !== undefined && tier.deniedPolicyNames.some((denied) => denied.toLowerCase() === name.toLowerCase())) {
                        reportViolation(
                            `SSO role ${role.name} gets ${name} (${grant.policyArn}) through ${grant.via}: ${tier.label}.`,
                            grant.source.urn,
                        );
                    }
                    return;
                }
                const problem = tier.documentProblem?.(grant.document);
                if (problem !== undefined) {
                    reportViolation(`SSO role ${role.name} gets ${tier.label} through ${grant.via}: ${problem}`, grant.source.urn);
                }
            });
        }
    }
    deferred.finish();
}
