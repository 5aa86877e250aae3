import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { forEachAwsApp } from "../../model/aws-apps";
import { FederationTopology } from "../../model/federation-topology";
import {
    AWS_ROLE_ATTRIBUTE,
    AWS_ROLE_SESSION_NAME_ATTRIBUTE,
    AWS_SAML_ATTRIBUTE_PREFIX,
    AWS_SESSION_DURATION_ATTRIBUTE,
    ClaimsSchemaEntry,
    isKnownAwsAttribute,
    mentionsAwsSamlAttributes,
    readClaimsMappingPolicy,
} from "../../readers/claims-mapping-policy";
import { ROLE_SESSION_NAME_SOURCES } from "../../vocabulary/claim-sources";
import { SESSION_DURATION_LIMITS } from "../../vocabulary/sts-limits";

export const claimsMappingPolicyPolicy = defineStackPolicy({
    name: "azuread-aws-claims-mapping-policy",
    description:
        "The claims mapping policy of an AWS app sends Role from assignedroles, a per-user RoleSessionName and a constant SessionDuration, under the exact AWS attribute names and key casing.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        'Use one definition: {"ClaimsMappingPolicy":{"Version":1,"IncludeBasicClaimSet":"true","ClaimsSchema":[{"Source":"user","ID":"assignedroles","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/Role"},{"Source":"user","ID":"userprincipalname","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/RoleSessionName"},{"Value":"3600","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/SessionDuration"}]}}. Keys are case-sensitive, and a constant goes in "Value", never "ID".',
    config: {
        minimumSessionDuration: {
            type: "integer",
            description: "Shortest SessionDuration in seconds (STS minimum).",
            default: SESSION_DURATION_LIMITS.min,
            minimum: SESSION_DURATION_LIMITS.min,
            maximum: SESSION_DURATION_LIMITS.max,
        },
        maximumSessionDuration: {
            type: "integer",
            description: "Longest SessionDuration in seconds (STS maximum).",
            default: SESSION_DURATION_LIMITS.max,
            minimum: SESSION_DURATION_LIMITS.min,
            maximum: SESSION_DURATION_LIMITS.max,
        },
        roleSessionNameSources: {
            type: "array",
            description: "User attributes that make valid, unique RoleSessionNames ([\\w+=,.@-]{2,64}).",
            default: [...ROLE_SESSION_NAME_SOURCES],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            minItems: 1,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const awsPolicies = new Set<PolicyResource>();
        forEachAwsApp(topology, deferred, (app) => {
            const policies = topology.claimsPoliciesOf(app);
            policies.resources.forEach((policy) => awsPolicies.add(policy));
            deferred.defer(policies.undetermined);
        });
        for (const policy of topology.ofType(azuread.ClaimsMappingPolicy)) {
            deferred.run(() => {
                const definitions: unknown = policy.props.definitions;
                if (!awsPolicies.has(policy) && !mentionsAwsSamlAttributes(definitions)) {
                    return;
                }
                for (const problem of awsClaimsProblems(definitions, config)) {
                    reportViolation(`Claims mapping policy ${policy.name}: ${problem}`, policy.urn);
                }
            });
        }
        deferred.finish();
    },
});

function awsClaimsProblems(
    definitions: unknown,
    config: {
        readonly minimumSessionDuration: number;
        readonly maximumSessionDuration: number;
        readonly roleSessionNameSources: readonly string[];
    },
): string[] {
    const reading = readClaimsMappingPolicy(definitions);
    const problems = [...reading.problems];
    const entries = reading.entries;
    if (entries === undefined) {
        return problems;
    }
    for (const entry of entries) {
        const type = entry.samlClaimType;
        if (type !== undefined && type.toLowerCase().startsWith(AWS_SAML_ATTRIBUTE_PREFIX.toLowerCase()) && !isKnownAwsAttribute(type)) {
            problems.push(
                `claim type ${JSON.stringify(type)} is not an AWS attribute name as AWS spells it (${AWS_SAML_ATTRIBUTE_PREFIX}Role, RoleSessionName, SessionDuration, PrincipalTag:<key>...).`,
            );
        }
    }
    const single = (attribute: string): ClaimsSchemaEntry | undefined => {
        const matching = entries.filter((entry) => entry.samlClaimType === attribute);
        if (matching.length === 0) {
            problems.push(`it does not send ${attribute}.`);
        } else if (matching.length > 1) {
            problems.push(`it sends ${attribute} ${matching.length} times.`);
        }
        return matching.length === 1 ? matching[0] : undefined;
    };
    const role = single(AWS_ROLE_ATTRIBUTE);
    if (role !== undefined && (role.source?.toLowerCase() !== "user" || role.id?.toLowerCase() !== "assignedroles")) {
        problems.push(`${AWS_ROLE_ATTRIBUTE} must come from Source "user", ID "assignedroles" (the app roles the user is assigned).`);
    }
    const sessionName = single(AWS_ROLE_SESSION_NAME_ATTRIBUTE);
    if (sessionName !== undefined) {
        const source = sessionName.id?.toLowerCase();
        if (sessionName.source?.toLowerCase() !== "user" || source === undefined) {
            problems.push(
                `${AWS_ROLE_SESSION_NAME_ATTRIBUTE} must come from a user attribute (Source "user"), so each person gets their own session name.`,
            );
        } else if (!config.roleSessionNameSources.some((allowed) => allowed.toLowerCase() === source)) {
            problems.push(
                `${AWS_ROLE_SESSION_NAME_ATTRIBUTE} comes from ${JSON.stringify(sessionName.id)}, which may not be a valid session name; use one of ${config.roleSessionNameSources.join(", ")}.`,
            );
        }
    }
    const duration = single(AWS_SESSION_DURATION_ATTRIBUTE);
    if (duration !== undefined) {
        if (duration.value === undefined) {
            problems.push(
                `${AWS_SESSION_DURATION_ATTRIBUTE} must be a constant under "Value"${duration.id !== undefined ? ` (it uses "ID": ${JSON.stringify(duration.id)}, which Azure drops)` : ""}.`,
            );
        } else {
            const seconds = /^\d+$/.test(duration.value.trim()) ? Number(duration.value.trim()) : NaN;
            if (!(seconds >= config.minimumSessionDuration && seconds <= config.maximumSessionDuration)) {
                problems.push(
                    `${AWS_SESSION_DURATION_ATTRIBUTE} is ${JSON.stringify(duration.value)}; it must be whole seconds from ${config.minimumSessionDuration} to ${config.maximumSessionDuration}.`,
                );
            }
        }
    }
    return problems;
}
