import * as aws from "@pulumi/aws";
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { DeferredUnknowns } from "../framework/unknown-values";
import { awsManagedPolicyName } from "../readers/aws-identifiers";
import { wildcardMatches } from "../readers/iam-policy-document";
import { TargetIndex } from "./resource-links";

/** The permission sets an attachment names, by dependency or ARN; throws the unknown while one is undetermined. */
export function permissionSetsOf(attachment: PolicyResource, index: TargetIndex): readonly PolicyResource[] {
    const linked = index.resolve(attachment, "permissionSetArn");
    if (linked.resources.length === 0 && linked.undetermined !== undefined) {
        throw linked.undetermined.error;
    }
    return linked.resources;
}

/** True when the permission set's name matches one of the allow-list's `*` patterns. */
export function allowListed(permissionSet: PolicyResource, patterns: readonly string[]): boolean {
    const name: unknown = permissionSet.props.name;
    return typeof name === "string" && patterns.some((pattern) => wildcardMatches(pattern, name));
}

/** Allow-list shared by both privilege tiers. */
export const ALLOWED_PERMISSION_SET_NAMES = {
    type: "array",
    description: "Permission set names (`*` wildcard) that may receive the denied policies.",
    default: [],
    items: { type: "string", minLength: 1 },
    uniqueItems: true,
} as const;

/** Reports the permission sets that get a denied managed policy or, for the full-admin tier, an admin-equivalent inline policy. */
export function checkPermissionSetPrivileges(
    resources: readonly PolicyResource[],
    reportViolation: ReportViolation,
    tier: {
        readonly deniedPolicyNames: readonly string[];
        readonly allowedPermissionSetNames: readonly string[];
        readonly label: string;
        readonly documentProblem?: (document: unknown) => string | undefined;
    },
): void {
    const deferred = new DeferredUnknowns();
    const permissionSets = new TargetIndex(
        resources
            .filter((resource) => resource.isType(aws.ssoadmin.PermissionSet))
            .map((resource) => ({ resource, idProperties: ["arn"] })),
    );
    const report = (attachment: PolicyResource, what: string) => {
        const sets = permissionSetsOf(attachment, permissionSets);
        if (sets.length > 0 && sets.every((set) => allowListed(set, tier.allowedPermissionSetNames))) {
            return;
        }
        const names = sets.map((set) => String(set.props.name)).join(", ") || String(attachment.props.permissionSetArn);
        reportViolation(
            `Permission set ${names} gets ${what} through ${attachment.name}: ${tier.label} in every account it is assigned to.`,
            attachment.urn,
        );
    };
    for (const attachment of resources.filter((resource) => resource.isType(aws.ssoadmin.ManagedPolicyAttachment))) {
        deferred.run(() => {
            const arn: unknown = attachment.props.managedPolicyArn;
            const name = typeof arn === "string" ? awsManagedPolicyName(arn) : undefined;
            if (name !== undefined && tier.deniedPolicyNames.some((denied) => denied.toLowerCase() === name.toLowerCase())) {
                report(attachment, `${name} (${arn})`);
            }
        });
    }
    if (tier.documentProblem) {
        const documentProblem = tier.documentProblem;
        for (const inline of resources.filter((resource) => resource.isType(aws.ssoadmin.PermissionSetInlinePolicy))) {
            deferred.run(() => {
                const problem = documentProblem(inline.props.inlinePolicy);
                if (problem !== undefined) {
                    report(inline, `an inline policy that is admin-equivalent (${problem.replace(/\.$/, "")})`);
                }
            });
        }
    }
    deferred.finish();
}
