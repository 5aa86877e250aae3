import * as aws from "@pulumi/aws";
import { Policies, PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { awsManagedPolicyName } from "../readers/aws-identifiers";
import { FederationTopology } from "../model/federation-topology";
import { grantsOfRoles, grantsOfUser } from "../readers/iam-grants";
import {
    coversWholeService,
    hasWildcard,
    isEveryActionPattern,
    readPolicyDocument,
    statementAllowsAction,
    statementCoversEveryResource,
    wildcardMatches,
} from "../readers/iam-policy-document";
import { defineResourcePolicy, defineStackPolicy } from "../framework/policy-definition";
import { LinkTarget, referrers, stringsIn, TargetIndex } from "../model/resource-links";
import { DeferredUnknowns, readKnown } from "../framework/unknown-values";

/** AWS IAM permissions and identities around the federation. */

/** Allow-list shared by both privilege tiers. */
const ALLOWED_ROLE_NAMES = {
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
function checkSsoRolePrivileges(
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
                        reportViolation(`SSO role ${role.name} gets ${name} (${grant.policyArn}) through ${grant.via}: ${tier.label}.`, grant.source.urn);
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

/** Why a policy document gives full control of the account (`*` on `*`, or all of IAM), if it does. */
export function fullAdministratorProblem(document: unknown): string | undefined {
    const reading = readPolicyDocument(document);
    for (const statement of reading.document?.statements ?? []) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const label = `statement ${statement.sid ?? statement.index}`;
        if (statement.notActions !== undefined) {
            // NotAction grants all of IAM unless it excludes some IAM action.
            const excludesIam = statement.notActions.some((pattern) => wildcardMatches(pattern.split(":")[0] ?? "", "iam"));
            if (!excludesIam && statementCoversEveryResource(statement)) {
                return `${label} allows every action except ${JSON.stringify(statement.notActions)} on every resource, IAM included.`;
            }
            continue;
        }
        const everyAction = statement.actions.find(isEveryActionPattern);
        if (everyAction !== undefined && statementCoversEveryResource(statement)) {
            return `${label} allows ${JSON.stringify(everyAction)} on every resource.`;
        }
        const wholeIam = statement.actions.find((action) => coversWholeService(action, "iam"));
        if (wholeIam !== undefined) {
            return `${label} allows ${JSON.stringify(wholeIam)}, every IAM action: whoever has it can grant themselves anything.`;
        }
    }
    return undefined;
}

export const ssoRoleNoPrivilegedPoliciesPolicy = defineStackPolicy({
    name: "aws-sso-role-no-privileged-managed-policies",
    description:
        "Roles that trust SAML sign-in get no full-admin permissions (AdministratorAccess, IAMFullAccess, a document granting * on * or iam:*) unless allow-listed.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Attach a job-function or least-privilege policy instead. If an administrator role reached through SSO is intended (break-glass), add its name to allowedRoleNames for this stack, and protect it with a Conditional Access policy that requires MFA.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give full control of the account, which SSO roles must not receive.",
            default: ["AdministratorAccess", "IAMFullAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedRoleNames: ALLOWED_ROLE_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkSsoRolePrivileges(args, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedRoleNames: config.allowedRoleNames,
            label: "full control of the account",
            documentProblem: fullAdministratorProblem,
        }),
});

export const ssoRoleNoPowerUserPolicy = defineStackPolicy({
    name: "aws-sso-role-power-user-access",
    description: "Roles that trust SAML sign-in get no PowerUserAccess (every service but IAM and Organizations) unless the role is on an allow-list.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Prefer a job-function policy (ViewOnlyAccess, DataScientist, ...) or a least-privilege one. PowerUserAccess is AWS's own default for developer permission sets and cannot change IAM, so it is advisory: add sandbox developer roles to allowedRoleNames, or raise this policy to mandatory for production stacks.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give broad but not full access.",
            default: ["PowerUserAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedRoleNames: ALLOWED_ROLE_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkSsoRolePrivileges(args, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedRoleNames: config.allowedRoleNames,
            label: "broad access to every service but IAM",
        }),
});

/** Permission problems of one policy document, one sentence each. */
export function wildcardPermissionProblems(document: unknown): string[] {
    const reading = readPolicyDocument(document);
    if (reading.document === undefined) {
        return [`The policy cannot be read: ${reading.problems.join("; ")}.`];
    }
    const problems: string[] = [];
    for (const statement of reading.document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const label = `Statement ${statement.sid ?? statement.index}`;
        if (statement.notActions !== undefined) {
            problems.push(`${label} uses Allow with NotAction, which grants every action it does not list.`);
            continue;
        }
        const everyAction = statement.actions.find(isEveryActionPattern);
        if (everyAction !== undefined && statementCoversEveryResource(statement)) {
            problems.push(`${label} allows ${JSON.stringify(everyAction)} on every resource: full administrator access.`);
            continue;
        }
        const wholeIam = statement.actions.find((action) => coversWholeService(action, "iam"));
        if (wholeIam !== undefined) {
            problems.push(`${label} allows ${JSON.stringify(wholeIam)}, which includes every IAM action (iam:*).`);
            continue;
        }
        if (statementAllowsAction(statement, "iam:PassRole") && statementCoversEveryResource(statement)) {
            const via = statement.actions.find((action) => wildcardMatches(action, "iam:PassRole")) ?? "iam:PassRole";
            problems.push(`${label} allows ${JSON.stringify(via)} on every resource, so any role can be passed to any service.`);
        }
    }
    return problems;
}

export const noWildcardPermissionsPolicy = defineResourcePolicy({
    name: "aws-iam-no-wildcard-permissions",
    description: "No IAM policy document allows * on *, iam:*, Allow with NotAction, or iam:PassRole on every resource.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "List the actions the principal needs and scope Resource to the ARNs it works on. Replace NotAction with an explicit Action list, and restrict iam:PassRole to the ARNs of the roles that may be passed (add an iam:PassedToService condition).",
    config: {},
    validateResource: (on) => {
        const check = (document: unknown, reportViolation: ReportViolation, where = "") => {
            if (typeof document === "string" && document.trim() === "") {
                return;
            }
            for (const problem of wildcardPermissionProblems(document)) {
                reportViolation(`${where}${problem}`);
            }
        };
        return [
            on(aws.iam.Policy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.RolePolicy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.UserPolicy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.GroupPolicy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.Role, (role, args, reportViolation) => {
                const deferred = new DeferredUnknowns();
                const inlinePolicies: unknown = role.inlinePolicies;
                const list: readonly unknown[] = Array.isArray(inlinePolicies) ? inlinePolicies : [];
                for (let index = 0; index < list.length; index++) {
                    // Each entry is read inside its own check, so one unknown entry does not hide the others.
                    deferred.run(() => {
                        const entry = list[index] as { name?: unknown; policy?: unknown } | null;
                        if (entry !== null && typeof entry === "object" && entry.policy !== undefined) {
                            const label = typeof entry.name === "string" ? entry.name : String(index);
                            check(entry.policy, reportViolation, `Inline policy ${label}: `);
                        }
                    });
                }
                deferred.finish();
            }),
        ];
    },
});

export const roleReaderPermissionsPolicy = defineStackPolicy({
    name: "aws-iam-user-role-reader-permissions",
    description: "IAM users exist only as the Azure AD role-import reader, whose permissions are exactly iam:ListRoles.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give the reader user one customer managed policy that allows exactly iam:ListRoles on * (the AzureAD_SSOUserRole_Policy of the tutorial) and nothing else; people sign in through SSO roles, not IAM users. List extra actions in allowedActions only if the provisioning connector needs them.",
    config: {
        allowedActions: {
            type: "array",
            description: "The exact actions (no wildcards) a reader user may be allowed.",
            default: ["iam:ListRoles"],
            items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9]+$" },
            uniqueItems: true,
            minItems: 1,
        },
        allowedPolicyArns: {
            type: "array",
            description: "Attached policy ARNs (`*` wildcard) outside this stack that are accepted as granting only the allowed actions.",
            default: [],
            items: { type: "string", pattern: "^arn:" },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        for (const user of topology.ofType(aws.iam.User)) {
            deferred.run(() => {
                const { grants, undetermined } = grantsOfUser(topology, user);
                const granted = new Set<string>();
                let acceptedExternalPolicy = false;
                for (const grant of grants) {
                    if (grant.policyArn !== undefined) {
                        if (config.allowedPolicyArns.some((pattern) => wildcardMatches(pattern, grant.policyArn ?? ""))) {
                            acceptedExternalPolicy = true;
                        } else {
                            reportViolation(
                                `IAM user ${user.name} gets ${grant.policyArn} through ${grant.source.name}; a role reader may only be allowed ${config.allowedActions.join(", ")}.`,
                                grant.source.urn,
                            );
                        }
                        continue;
                    }
                    for (const problem of readerDocumentProblems(grant.document, config.allowedActions, granted)) {
                        reportViolation(`IAM user ${user.name}, policy ${grant.source.name}: ${problem}`, grant.source.urn);
                    }
                }
                if (undetermined !== undefined) {
                    throw undetermined.error;
                }
                const missing = config.allowedActions.filter((action) => !granted.has(action.toLowerCase()));
                if (!acceptedExternalPolicy && missing.length > 0) {
                    reportViolation(
                        `IAM user ${user.name} is not allowed ${missing.join(", ")}; an IAM user is only allowed as the role-import reader.`,
                        user.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});

function readerDocumentProblems(document: unknown, allowedActions: readonly string[], granted: Set<string>): string[] {
    const allowed = allowedActions.map((action) => action.toLowerCase());
    const reading = readPolicyDocument(document);
    if (reading.document === undefined) {
        return [`the policy cannot be read: ${reading.problems.join("; ")}.`];
    }
    const problems: string[] = [];
    for (const statement of reading.document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        if (statement.notActions !== undefined) {
            problems.push(`statement ${statement.sid ?? statement.index} uses NotAction, which allows far more than ${allowedActions.join(", ")}.`);
            continue;
        }
        for (const action of statement.actions) {
            if (hasWildcard(action) || !allowed.includes(action.toLowerCase())) {
                problems.push(`statement ${statement.sid ?? statement.index} allows ${JSON.stringify(action)}, beyond ${allowedActions.join(", ")}.`);
            } else {
                granted.add(action.toLowerCase());
            }
        }
    }
    return problems;
}

export const noConsolePasswordPolicy = defineResourcePolicy({
    name: "aws-iam-no-console-password",
    description: "No IAM user gets a console password, because people sign in through Azure AD SSO.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Remove the aws.iam.UserLoginProfile. Give the person an Azure AD app role assignment for an SSO role instead.",
    config: {},
    validateResource: (on) => [
        on(aws.iam.UserLoginProfile, (profile, args, reportViolation) => {
            const user = readKnown(() => profile.user);
            reportViolation(
                `${args.name} gives ${user.known && typeof user.value === "string" ? `IAM user ${user.value}` : "an IAM user"} a console password.`,
            );
        }),
    ],
});

/** IAM user tag the program writes on the role-import reader: its configured key generations, oldest first. */
export const ROLE_IMPORT_KEYS_TAG = "azuread-aws-sso:role-import-keys";
/** The generation of a reader that never rotated; its key is `<reader>-access-key`, the others `<reader>-access-key-<generation>`. */
const DEFAULT_KEY_GENERATION = "primary";
/** IAM's limit of access keys per user. */
const IAM_ACCESS_KEYS_PER_USER = 2;
const GENERATION_ENTRY = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:=(\d{4}-\d{2}-\d{2}))?$/;

/** One configured role-import key generation, as the reader's tag lists it. */
interface KeyGeneration {
    readonly name: string;
    /** `YYYY-MM-DD`, when the config recorded one or the name implies one. */
    readonly createdAt?: string;
}

/**
 * The generations the reader's tag lists (`name` or `name=YYYY-MM-DD`, space-separated, the last
 * active), undefined when the user has no such tag; an unknown tag value is thrown to be deferred.
 */
function configuredGenerations(user: PolicyResource): { generations?: KeyGeneration[]; malformed?: string } {
    const tags = readKnown((): unknown => user.props.tags ?? user.props.tagsAll);
    if (!tags.known) {
        throw tags.error;
    }
    const value = tags.value !== null && typeof tags.value === "object" ? (tags.value as Record<string, unknown>)[ROLE_IMPORT_KEYS_TAG] : undefined;
    if (value === undefined) {
        return {};
    }
    const entries = typeof value === "string" ? value.trim().split(/\s+/).filter((entry) => entry !== "") : [];
    const generations: KeyGeneration[] = [];
    for (const entry of entries) {
        const match = GENERATION_ENTRY.exec(entry);
        if (!match) {
            return { malformed: JSON.stringify(value) };
        }
        generations.push(match[2] === undefined ? { name: match[1] } : { name: match[1], createdAt: match[2] });
    }
    return generations.length === 0 ? { malformed: JSON.stringify(value) } : { generations };
}

/** The generation an access key resource holds, by the name the program gives each generation's key. */
function generationOfKey(key: PolicyResource, generations: readonly KeyGeneration[]): KeyGeneration | undefined {
    return generations.find((generation) =>
        generation.name === DEFAULT_KEY_GENERATION ? key.name.endsWith("-access-key") : key.name.endsWith(`-access-key-${generation.name}`),
    );
}

/** Each IAM user of the stack with the access keys that name it, and the keys that name no user of the stack. */
function accessKeysByUser(topology: FederationTopology, deferred: DeferredUnknowns): { users: [PolicyResource, PolicyResource[]][]; unlinked: PolicyResource[] } {
    const keys = topology.ofType(aws.iam.AccessKey);
    const counted = new Set<PolicyResource>();
    const users = topology.ofType(aws.iam.User).map((user): [PolicyResource, PolicyResource[]] => {
        const target: LinkTarget = { resource: user, idProperties: ["name", "arn"] };
        const linked = referrers(keys, "user", [target]);
        linked.resources.forEach((key) => counted.add(key));
        deferred.defer(linked.undetermined);
        return [user, [...linked.resources]];
    });
    return { users, unlinked: keys.filter((key) => !counted.has(key)) };
}

export const singleAccessKeyPolicy = defineStackPolicy({
    name: "aws-iam-user-single-access-key",
    description:
        "Each IAM user has at most one access key, or one per configured role-import key generation (two while rotating), and no key outside them.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Keep one aws.iam.AccessKey per user. To rotate the role-import key, add a generation as the last entry of roleImportKeys (two at most, as IAM allows), run pulumi up, and once Azure's next sync cycle has used the new key, remove the older generation. Remove keys that are not a configured generation.",
    config: {
        maximumAccessKeys: {
            type: "integer",
            description: "Most access keys one IAM user may have when no role-import key generations are configured for it; 0 forbids every key.",
            default: 1,
            minimum: 0,
            maximum: 2,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const { users, unlinked } = accessKeysByUser(topology, deferred);
        const names = (resources: readonly PolicyResource[]) => resources.map((resource) => resource.name).join(", ");
        for (const [user, keys] of users) {
            deferred.run(() => {
                const { generations, malformed } = configuredGenerations(user);
                if (malformed !== undefined) {
                    reportViolation(
                        `IAM user ${user.name} has tag ${ROLE_IMPORT_KEYS_TAG} = ${malformed}; expected generation names (optionally name=YYYY-MM-DD) separated by spaces.`,
                        user.urn,
                    );
                    return;
                }
                if (generations === undefined) {
                    if (keys.length > config.maximumAccessKeys) {
                        reportViolation(
                            `IAM user ${user.name} has ${keys.length} access keys (${names(keys)}); at most ${config.maximumAccessKeys} allowed. To rotate a role-import key, configure two roleImportKeys generations; otherwise remove the extra key.`,
                            user.urn,
                        );
                    }
                    return;
                }
                const listed = generations.map((generation) => generation.name).join(", ");
                if (generations.length > IAM_ACCESS_KEYS_PER_USER) {
                    reportViolation(
                        `IAM user ${user.name} has ${generations.length} role-import key generations configured (${listed}); IAM allows ${IAM_ACCESS_KEYS_PER_USER} access keys per user: remove the oldest, "${generations[0].name}", from roleImportKeys.`,
                        user.urn,
                    );
                }
                const configured = keys.filter((key) => generationOfKey(key, generations) !== undefined);
                for (const key of keys.filter((candidate) => !configured.includes(candidate))) {
                    reportViolation(
                        `Access key ${key.name} of IAM user ${user.name} is not one of its configured role-import key generations (${listed}); remove it, or list its generation in roleImportKeys.`,
                        key.urn,
                    );
                }
                const allowed = config.maximumAccessKeys === 0 ? 0 : Math.min(generations.length, IAM_ACCESS_KEYS_PER_USER);
                if (configured.length > allowed) {
                    const oldest = generationOfKey(configured[0], generations)?.name ?? generations[0].name;
                    reportViolation(
                        `IAM user ${user.name} has ${configured.length} access keys of configured generations (${names(configured)}); at most ${allowed} allowed: remove the oldest, "${oldest}".`,
                        user.urn,
                    );
                }
            });
        }
        // Keys of users this stack does not declare, grouped by the user name they give.
        const byName = new Map<string, PolicyResource[]>();
        for (const key of unlinked) {
            const user = readKnown(() => key.props.user);
            if (!user.known) {
                deferred.defer(user);
            } else if (typeof user.value === "string") {
                byName.set(user.value, [...(byName.get(user.value) ?? []), key]);
            }
        }
        for (const [userName, userKeys] of byName) {
            if (userKeys.length > config.maximumAccessKeys) {
                reportViolation(
                    `IAM user ${userName} gets ${userKeys.length} access keys (${names(userKeys)}); at most ${config.maximumAccessKeys} allowed.`,
                    userKeys[userKeys.length - 1].urn,
                );
            }
        }
        deferred.finish();
    },
});

const DAY_MS = 86_400_000;

/** Whole days from a `YYYY-MM-DD` date or RFC 3339 time to `now`, or undefined when it is no date. */
function ageInDays(date: string, now: number): number | undefined {
    const time = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date).getTime();
    return Number.isNaN(time) ? undefined : Math.floor((now - time) / DAY_MS);
}

export const accessKeyAgePolicy = defineStackPolicy({
    name: "aws-iam-access-key-age",
    description:
        "No access key is older than maximumAgeDays (CIS AWS 1.14), by its creation date or the date of its role-import key generation.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        'Rotate the role-import key: add a new generation (such as {name: "2027-03"}) as the last entry of roleImportKeys and run pulumi up; once Azure\'s next sync cycle has used it, remove the old generation. A key that is already superseded only needs its generation removed.',
    config: {
        maximumAgeDays: {
            type: "integer",
            description: "Oldest accepted access key, in days since it was created.",
            default: 90,
            minimum: 1,
            maximum: 3650,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const now = Date.now();
        const { users, unlinked } = accessKeysByUser(topology, deferred);
        // The key's own createDate is the truth once the key exists; before that, the generation's recorded date.
        const createDateOf = (key: PolicyResource): string | undefined => {
            const created = readKnown((): unknown => key.props.createDate);
            return created.known && typeof created.value === "string" && created.value !== "" ? created.value : undefined;
        };
        const check = (key: PolicyResource, date: string | undefined, describe: (age: number, date: string) => string) => {
            const age = date === undefined ? undefined : ageInDays(date, now);
            if (date !== undefined && age !== undefined && age > config.maximumAgeDays) {
                reportViolation(describe(age, date), key.urn);
            }
        };
        for (const [user, keys] of users) {
            deferred.run(() => {
                const generations = configuredGenerations(user).generations ?? [];
                const active = generations[generations.length - 1];
                for (const key of keys) {
                    const generation = generationOfKey(key, generations);
                    check(key, createDateOf(key) ?? generation?.createdAt, (age, date) => {
                        const what = generation ? `Role-import key generation "${generation.name}" (${key.name}) of IAM user ${user.name}` : `Access key ${key.name} of IAM user ${user.name}`;
                        const fix =
                            generation && generation !== active
                                ? `it is superseded by "${active.name}": remove "${generation.name}" from roleImportKeys once Azure's sync has used the new key.`
                                : "add a new generation as the last entry of roleImportKeys to rotate it.";
                        return `${what} was created on ${date.slice(0, 10)}, ${age} days ago, more than ${config.maximumAgeDays}; ${fix}`;
                    });
                }
            });
        }
        for (const key of unlinked) {
            check(key, createDateOf(key), (age, date) => `Access key ${key.name} was created on ${date.slice(0, 10)}, ${age} days ago, more than ${config.maximumAgeDays}; rotate it.`);
        }
        deferred.finish();
    },
});

export const strongPasswordPolicyPolicy = defineResourcePolicy({
    name: "aws-account-password-policy-strength",
    description: "A declared account password policy is strong: long passwords, reuse prevention and expiry.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Set minimumPasswordLength to at least 14, passwordReusePrevention to at least 24 and maxPasswordAge to at most 90 days on aws.iam.AccountPasswordPolicy (CIS AWS Foundations), or remove it and keep IAM users without passwords.",
    config: {
        minimumLength: { type: "integer", description: "Smallest accepted minimumPasswordLength.", default: 14, minimum: 6, maximum: 128 },
        minimumReusePrevention: {
            type: "integer",
            description: "Smallest accepted passwordReusePrevention (remembered passwords).",
            default: 24,
            minimum: 1,
            maximum: 24,
        },
        maximumAgeDays: { type: "integer", description: "Largest accepted maxPasswordAge in days.", default: 90, minimum: 1, maximum: 1095 },
    },
    validateResource: (on) => [
        on(aws.iam.AccountPasswordPolicy, (policy, args, reportViolation, config) => {
            const deferred = new DeferredUnknowns();
            const describe = (value: unknown) => (value === undefined || value === null ? "not set" : JSON.stringify(value));
            const atLeast = (value: unknown, minimum: number, what: string) => {
                if (typeof value !== "number" || value < minimum) {
                    reportViolation(`${what} is ${describe(value)}; it must be a number of at least ${minimum}.`);
                }
            };
            deferred.run(() => atLeast(policy.minimumPasswordLength, config.minimumLength, "minimumPasswordLength"));
            deferred.run(() => atLeast(policy.passwordReusePrevention, config.minimumReusePrevention, "passwordReusePrevention"));
            deferred.run(() => {
                const age: unknown = policy.maxPasswordAge;
                if (typeof age !== "number" || age <= 0 || age > config.maximumAgeDays) {
                    reportViolation(`maxPasswordAge is ${describe(age)}; passwords must expire within ${config.maximumAgeDays} days.`);
                }
            });
            deferred.finish();
        }),
    ],
});

export const awsIamPolicies: Policies = [
    ssoRoleNoPrivilegedPoliciesPolicy,
    ssoRoleNoPowerUserPolicy,
    noWildcardPermissionsPolicy,
    roleReaderPermissionsPolicy,
    noConsolePasswordPolicy,
    singleAccessKeyPolicy,
    accessKeyAgePolicy,
    strongPasswordPolicyPolicy,
];
