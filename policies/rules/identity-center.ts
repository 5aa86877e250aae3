import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { Policies, PolicyResource, ReportViolation } from "@pulumi/policy";
import { awsManagedPolicyName } from "../readers/aws-identifiers";
import { fullAdministratorProblem, wildcardPermissionProblems } from "./aws-iam";
import { AWS_IDENTITY_CENTER_TEMPLATE_ID } from "../model/federation-topology";
import { wildcardMatches } from "../readers/iam-policy-document";
import { defineResourcePolicy, defineStackPolicy } from "../framework/policy-definition";
import { dependenciesOf, dependsThrough, stringsIn, TargetIndex } from "../model/resource-links";
import { DeferredUnknowns, readKnown } from "../framework/unknown-values";

/** IAM Identity Center: permission sets, their assignments, and the SCIM link from Entra ID. */

const DAY_MS = 86_400_000;
const SCIM_TOKEN_NOTE_PREFIX = "SCIM access token expires ";

/** Seconds of an ISO 8601 `PTnHnM` duration, or undefined. */
export function isoDurationSeconds(value: unknown): number | undefined {
    const match = typeof value === "string" ? /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(value) : null;
    if (!match || (match[1] === undefined && match[2] === undefined)) {
        return undefined;
    }
    return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60;
}

/** The expiry the program writes on the Identity Center service principal's `notes`. */
export function scimTokenExpiry(notes: unknown): Date | undefined {
    if (typeof notes !== "string" || !notes.startsWith(SCIM_TOKEN_NOTE_PREFIX)) {
        return undefined;
    }
    const date = new Date(notes.slice(SCIM_TOKEN_NOTE_PREFIX.length).split(";")[0]);
    return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The permission sets an attachment names, by dependency or ARN; throws the unknown while one is undetermined. */
function permissionSetsOf(attachment: PolicyResource, index: TargetIndex): readonly PolicyResource[] {
    const linked = index.resolve(attachment, "permissionSetArn");
    if (linked.resources.length === 0 && linked.undetermined !== undefined) {
        throw linked.undetermined.error;
    }
    return linked.resources;
}

function allowListed(permissionSet: PolicyResource, patterns: readonly string[]): boolean {
    const name: unknown = permissionSet.props.name;
    return typeof name === "string" && patterns.some((pattern) => wildcardMatches(pattern, name));
}

/** Allow-list shared by both privilege tiers. */
const ALLOWED_PERMISSION_SET_NAMES = {
    type: "array",
    description: "Permission set names (`*` wildcard) that may receive the denied policies.",
    default: [],
    items: { type: "string", minLength: 1 },
    uniqueItems: true,
} as const;

/** Reports the permission sets that get a denied managed policy or, for the full-admin tier, an admin-equivalent inline policy. */
function checkPermissionSetPrivileges(
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
        resources.filter((resource) => resource.isType(aws.ssoadmin.PermissionSet)).map((resource) => ({ resource, idProperties: ["arn"] })),
    );
    const report = (attachment: PolicyResource, what: string) => {
        const sets = permissionSetsOf(attachment, permissionSets);
        if (sets.length > 0 && sets.every((set) => allowListed(set, tier.allowedPermissionSetNames))) {
            return;
        }
        const names = sets.map((set) => String(set.props.name)).join(", ") || String(attachment.props.permissionSetArn);
        reportViolation(`Permission set ${names} gets ${what} through ${attachment.name}: ${tier.label} in every account it is assigned to.`, attachment.urn);
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

export const permissionSetPrivilegedPoliciesPolicy = defineStackPolicy({
    name: "aws-identity-center-no-privileged-managed-policies",
    description: "Identity Center permission sets get no full-admin equivalent (AdministratorAccess, IAMFullAccess, an inline * on * or iam:*) unless the permission set is on an allow-list.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Attach job-function or least-privilege policies to the permission set. If an administrator permission set is intended, add its name to allowedPermissionSetNames, assign it to few accounts, and require MFA for the Identity Center app with Conditional Access.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give full control of an account, which permission sets must not receive.",
            default: ["AdministratorAccess", "IAMFullAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedPermissionSetNames: ALLOWED_PERMISSION_SET_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkPermissionSetPrivileges(args.resources, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedPermissionSetNames: config.allowedPermissionSetNames,
            label: "full control of the account",
            documentProblem: fullAdministratorProblem,
        }),
});

export const permissionSetPowerUserPolicy = defineStackPolicy({
    name: "aws-identity-center-power-user-access",
    description: "Identity Center permission sets get no PowerUserAccess (every service but IAM and Organizations) unless the permission set is on an allow-list.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Prefer a job-function policy (ViewOnlyAccess, DataScientist, ...) or a least-privilege one. PowerUserAccess cannot change IAM, so this is advisory: add sandbox developer permission sets to allowedPermissionSetNames, or raise the policy to mandatory for production organizations.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give broad but not full access.",
            default: ["PowerUserAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedPermissionSetNames: ALLOWED_PERMISSION_SET_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkPermissionSetPrivileges(args.resources, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedPermissionSetNames: config.allowedPermissionSetNames,
            label: "broad access to every service but IAM",
        }),
});

export const permissionSetInlinePolicyPolicy = defineStackPolicy({
    name: "aws-identity-center-inline-policy-no-wildcards",
    description: "No permission set's inline policy allows * on *, iam:*, Allow with NotAction, or iam:PassRole on every resource, unless the permission set is allow-listed.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "List the actions the permission set needs and scope Resource to the ARNs it works on; replace NotAction with an explicit Action list and restrict iam:PassRole to the roles that may be passed. An intended administrator set goes in allowedPermissionSetNames.",
    config: {
        allowedPermissionSetNames: {
            type: "array",
            description: "Permission set names (`*` wildcard) whose inline policy is not checked.",
            default: [],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const deferred = new DeferredUnknowns();
        const permissionSets = new TargetIndex(
            args.resources.filter((resource) => resource.isType(aws.ssoadmin.PermissionSet)).map((resource) => ({ resource, idProperties: ["arn"] })),
        );
        for (const inline of args.resources.filter((resource) => resource.isType(aws.ssoadmin.PermissionSetInlinePolicy))) {
            deferred.run(() => {
                const problems = wildcardPermissionProblems(inline.props.inlinePolicy);
                if (problems.length === 0) {
                    return;
                }
                const sets = permissionSetsOf(inline, permissionSets);
                if (sets.length > 0 && sets.every((set) => allowListed(set, config.allowedPermissionSetNames))) {
                    return;
                }
                const names = sets.map((set) => String(set.props.name)).join(", ") || inline.name;
                reportViolation(`Inline policy of permission set ${names}: ${problems.join(" ")}`, inline.urn);
            });
        }
        deferred.finish();
    },
});

export const permissionSetSessionDurationPolicy = defineResourcePolicy({
    name: "aws-identity-center-session-duration",
    description: "Every permission set's session duration is an ISO 8601 duration within the configured bounds (PT1H to PT12H by default).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Set sessionDuration on the permission set to an ISO 8601 duration such as PT4H, between minimumSeconds and maximumSeconds; long sessions outlive a revoked Entra account, and Identity Center rejects values outside PT1H..PT12H.",
    config: {
        minimumSeconds: { type: "integer", description: "Shortest allowed session, in seconds.", default: 3600, minimum: 900, maximum: 43200 },
        maximumSeconds: { type: "integer", description: "Longest allowed session, in seconds.", default: 43200, minimum: 3600, maximum: 43200 },
    },
    validateResource: (on) => [
        on(aws.ssoadmin.PermissionSet, (permissionSet, args, reportViolation, config) => {
            const duration: unknown = permissionSet.sessionDuration;
            if (duration === undefined) {
                return; // Identity Center's default, PT1H
            }
            const seconds = isoDurationSeconds(duration);
            if (seconds === undefined) {
                reportViolation(`Permission set ${String(permissionSet.name)} has sessionDuration ${JSON.stringify(duration)}, not an ISO 8601 duration such as PT4H.`);
            } else if (seconds < config.minimumSeconds || seconds > config.maximumSeconds) {
                reportViolation(
                    `Permission set ${String(permissionSet.name)} has sessionDuration ${duration} (${seconds} s), outside ${config.minimumSeconds}..${config.maximumSeconds} s.`,
                );
            }
        }),
    ],
});

export const assignmentAllowedAccountsPolicy = defineResourcePolicy({
    name: "aws-identity-center-assignment-allowed-accounts",
    description: "Identity Center account assignments target AWS accounts only, and only account ids on allowedAccountIds when that list is set.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Assign permission sets only to the organization's accounts this stack manages: list them in allowedAccountIds for the stack, or remove the assignment. A mistyped account id grants access to whoever owns that account.",
    config: {
        allowedAccountIds: {
            type: "array",
            description: "AWS account ids assignments may target; empty allows every account.",
            default: [],
            items: { type: "string", pattern: "^\\d{12}$" },
            uniqueItems: true,
        },
    },
    validateResource: (on) => [
        on(aws.ssoadmin.AccountAssignment, (assignment, args, reportViolation, config) => {
            const deferred = new DeferredUnknowns();
            deferred.run(() => {
                if (assignment.targetType !== undefined && assignment.targetType !== "AWS_ACCOUNT") {
                    reportViolation(`Assignment ${args.name} has targetType ${JSON.stringify(assignment.targetType)}; Identity Center assigns to AWS_ACCOUNT.`);
                }
            });
            deferred.run(() => {
                const target: unknown = assignment.targetId;
                if (config.allowedAccountIds.length > 0 && (typeof target !== "string" || !config.allowedAccountIds.includes(target))) {
                    reportViolation(`Assignment ${args.name} targets account ${JSON.stringify(target)}, which is not in allowedAccountIds (${config.allowedAccountIds.join(", ")}).`);
                }
            });
            deferred.finish();
        }),
    ],
});

/** The Identity Center app's service principals: adopted from an instance of the Identity Center template. */
function identityCenterServicePrincipals(resources: readonly PolicyResource[]): { servicePrincipals: PolicyResource[]; deferred: DeferredUnknowns } {
    const deferred = new DeferredUnknowns();
    const apps = resources.filter((resource) => {
        const templateId = readKnown(() => resource.props.templateId as unknown);
        if (!templateId.known) {
            deferred.defer(templateId);
            return false;
        }
        return resource.isType(azuread.ApplicationFromTemplate) && typeof templateId.value === "string" && templateId.value.toLowerCase() === AWS_IDENTITY_CENTER_TEMPLATE_ID;
    });
    const servicePrincipals = resources.filter(
        (resource) => resource.isType(azuread.ServicePrincipal) && apps.some((app) => dependsThrough(resource, "clientId", app)),
    );
    return { servicePrincipals, deferred };
}

export const scimTokenExpiryPolicy = defineStackPolicy({
    name: "federation-identity-center-scim-token-expiry",
    description: "The Identity Center SCIM access token is not within warningDays of its expiry, and its expiry is recorded on the app.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
        "Generate a new SCIM access token in IAM Identity Center (Settings > Automatic provisioning), set it with pulumi config set --secret azuread-aws-sso:identityCenterScimToken, set identityCenter.scimTokenExpiresAt to its expiry and run pulumi up; then delete the old token.",
    config: {
        warningDays: { type: "integer", description: "Days before the token's expiry at which to warn.", default: 30, minimum: 1, maximum: 365 },
    },
    validateStack: (args, reportViolation, config) => {
        const { servicePrincipals, deferred } = identityCenterServicePrincipals(args.resources);
        const now = Date.now();
        for (const servicePrincipal of servicePrincipals) {
            deferred.run(() => {
                const expiry = scimTokenExpiry(servicePrincipal.props.notes);
                if (expiry === undefined) {
                    reportViolation(
                        `Identity Center service principal ${servicePrincipal.name} records no SCIM token expiry in notes ("${SCIM_TOKEN_NOTE_PREFIX}<date>"), so nothing warns before provisioning stops.`,
                        servicePrincipal.urn,
                    );
                    return;
                }
                const days = Math.floor((expiry.getTime() - now) / DAY_MS);
                if (expiry.getTime() > now && days < config.warningDays) {
                    reportViolation(`The Identity Center SCIM token of ${servicePrincipal.name} expires on ${expiry.toISOString()}, in ${days} day(s).`, servicePrincipal.urn);
                }
            });
        }
        deferred.finish();
    },
});

export const scimTokenExpiredPolicy = defineStackPolicy({
    name: "federation-identity-center-scim-token-expired",
    description: "The Identity Center SCIM access token has not expired, since provisioning and the first assignments fail without it.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Generate a new SCIM access token in IAM Identity Center (Settings > Automatic provisioning), set it with pulumi config set --secret azuread-aws-sso:identityCenterScimToken, update identityCenter.scimTokenExpiresAt and run pulumi up.",
    config: {},
    validateStack: (args, reportViolation) => {
        const { servicePrincipals, deferred } = identityCenterServicePrincipals(args.resources);
        const now = Date.now();
        for (const servicePrincipal of servicePrincipals) {
            deferred.run(() => {
                const expiry = scimTokenExpiry(servicePrincipal.props.notes);
                if (expiry !== undefined && expiry.getTime() <= now) {
                    reportViolation(
                        `The Identity Center SCIM token of ${servicePrincipal.name} expired on ${expiry.toISOString()}: Entra can no longer provision users and groups, and new groups never reach Identity Center.`,
                        servicePrincipal.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});

export const groupCoveragePolicy = defineStackPolicy({
    name: "federation-identity-center-group-coverage",
    description: "Every group assigned to the Identity Center app gets a permission set, and every account assignment is for a group this stack provisions.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Give each group in identityCenter.groups at least one permission set assignment, or remove it from the list; assign permission sets only to groups in identityCenter.groups, so SCIM provisions them before the assignment needs them.",
    config: {},
    validateStack: (args, reportViolation) => {
        const { servicePrincipals, deferred } = identityCenterServicePrincipals(args.resources);
        if (servicePrincipals.length === 0) {
            deferred.finish();
            return;
        }
        const ofServicePrincipal = (resource: PolicyResource, property: string) => servicePrincipals.some((sp) => dependsThrough(resource, property, sp));
        const provisions = args.resources.filter((resource) => resource.isType(azuread.SynchronizationJobProvisionOnDemand) && ofServicePrincipal(resource, "servicePrincipalId"));
        const assignedGroups = args.resources.filter((resource) => resource.isType(azuread.AppRoleAssignment) && ofServicePrincipal(resource, "resourceObjectId"));
        const accountAssignments = args.resources.filter((resource) => resource.isType(aws.ssoadmin.AccountAssignment));
        const subjectsOf = (provision: PolicyResource): string[] => {
            const parameters = (provision.props.parameters ?? []) as { subjects?: { objectId?: unknown }[] }[];
            return parameters.flatMap((parameter) => (parameter.subjects ?? []).flatMap((subject) => stringsIn(subject.objectId))).map((id) => id.toLowerCase());
        };
        // Group object ids whose Identity Store id feeds an account assignment, through the provisioning it waited for.
        const grantedGroups = new Set<string>();
        for (const assignment of accountAssignments) {
            deferred.run(() => {
                const through = dependenciesOf(assignment, "principalId").filter((dependency) => provisions.includes(dependency));
                if (through.length === 0) {
                    reportViolation(
                        `Account assignment ${assignment.name} is for principal ${JSON.stringify(assignment.props.principalId)}, which no group provisioned by this stack's Identity Center app supplies.`,
                        assignment.urn,
                    );
                }
                through.flatMap(subjectsOf).forEach((objectId) => grantedGroups.add(objectId));
            });
        }
        for (const assignment of assignedGroups) {
            deferred.run(() => {
                const objectId: unknown = assignment.props.principalObjectId;
                if (typeof objectId === "string" && !grantedGroups.has(objectId.toLowerCase())) {
                    reportViolation(
                        `Group ${objectId} is assigned to the Identity Center app (${assignment.name}) but to no permission set: its members are provisioned and can sign in to the portal, but get no account.`,
                        assignment.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});

export const identityCenterPolicies: Policies = [
    permissionSetPrivilegedPoliciesPolicy,
    permissionSetPowerUserPolicy,
    permissionSetInlinePolicyPolicy,
    permissionSetSessionDurationPolicy,
    assignmentAllowedAccountsPolicy,
    scimTokenExpiryPolicy,
    scimTokenExpiredPolicy,
    groupCoveragePolicy,
];
