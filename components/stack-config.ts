import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { appRoleValue, appRoleValueProblem } from "./documents/app-role-value";
import { isAwsRegion } from "./documents/aws-sign-in-endpoints";
import { SESSION_DURATION_LIMITS, USER_CLAIM_SOURCES, UserClaimSource } from "./documents/claims-mapping-policy";
import { iamRoleArn, samlProviderArn } from "./documents/iam-arns";
import {
    dateImpliedByName,
    DEFAULT_ROLE_IMPORT_KEY_NAME,
    isCalendarDate,
    MAX_ROLE_IMPORT_KEYS,
    RoleImportKeyGeneration,
} from "./documents/role-import-keys";

/** The Pulumi config namespace of this program (the project name). */
export const CONFIG_NAMESPACE = "azuread-aws-sso";

/** IAM bounds for a role's MaxSessionDuration, in seconds. */
export const ROLE_MAX_SESSION_LIMITS = { min: 3600, max: 43200 } as const;

/** IAM role names: 1-64 characters of letters, digits and `+=,.@_-`. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** A user principal name: `name@domain.tld`. */
export const USER_PRINCIPAL_NAME_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PROVIDER_NAME = /^[\w+=,.@-]{1,128}$/;
const LOGICAL_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const IDENTIFIER_SUFFIX = /^[A-Za-z0-9._~-]{1,64}$/;
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@\/-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;
const TAG_KEY = /^[\w.:/=+@-]{1,128}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const userClaimSource = z.enum(USER_CLAIM_SOURCES, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a user attribute; allowed: ${USER_CLAIM_SOURCES.join(", ")}`,
});

function intRange(min: number, max: number, what: string) {
    return z
        .number({ error: (issue) => `${JSON.stringify(issue.input)} is not a number of seconds` })
        .int({ error: (issue) => `${issue.input} is not a whole number of seconds` })
        .min(min, { error: (issue) => `${issue.input} is below ${min}, ${what}` })
        .max(max, { error: (issue) => `${issue.input} is above ${max}, ${what}` });
}

function matching(pattern: RegExp, allowed: string) {
    return z.string({ error: `must be a string: ${allowed}` }).regex(pattern, {
        error: (issue) => `${JSON.stringify(issue.input)} is not allowed: ${allowed}`,
    });
}

const objectId = z.guid({ error: (issue) => `${JSON.stringify(issue.input)} is not an Azure AD object id (UUID)` });
const userPrincipalName = z
    .string()
    .regex(USER_PRINCIPAL_NAME_PATTERN, { error: (issue) => `${JSON.stringify(issue.input)} is not a user principal name (name@domain)` });

const inlinePolicySchema = z.preprocess(
    (value) => {
        if (typeof value !== "string") {
            return value;
        }
        try {
            return JSON.parse(value);
        } catch (error) {
            return { __invalidJson: (error as Error).message };
        }
    },
    z
        .object({}, { error: "must be an IAM policy document (a JSON object)" })
        .passthrough()
        .superRefine((document, context) => {
            const record = document as Record<string, unknown>;
            if ("__invalidJson" in record) {
                context.addIssue({ code: "custom", message: `is not valid JSON: ${record.__invalidJson}` });
                return;
            }
            const statements = record.Statement;
            const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
            if (list.length === 0) {
                context.addIssue({ code: "custom", message: "has no Statement; an IAM policy needs at least one" });
            }
            list.forEach((statement, index) => {
                const entry = statement as Record<string, unknown> | null;
                if (typeof entry !== "object" || entry === null) {
                    context.addIssue({ code: "custom", path: ["Statement", index], message: "must be an object" });
                    return;
                }
                if (entry.Effect !== "Allow" && entry.Effect !== "Deny") {
                    context.addIssue({
                        code: "custom",
                        path: ["Statement", index, "Effect"],
                        message: `${JSON.stringify(entry.Effect)} is not allowed: Allow or Deny`,
                    });
                }
                if (entry.Action === undefined && entry.NotAction === undefined) {
                    context.addIssue({ code: "custom", path: ["Statement", index], message: "needs Action or NotAction" });
                }
            });
        }),
);

const roleSchema = z.strictObject({
    name: matching(ROLE_NAME_PATTERN, "IAM role names are 1-64 characters of letters, digits and +=,.@_-"),
    description: z.string().max(250).optional(),
    managedPolicyArns: z
        .array(matching(MANAGED_POLICY_ARN, "an IAM managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess"))
        .optional(),
    inlinePolicy: inlinePolicySchema.optional(),
    maxSessionDuration: intRange(ROLE_MAX_SESSION_LIMITS.min, ROLE_MAX_SESSION_LIMITS.max, "the IAM minimum").optional(),
    permissionsBoundaryArn: matching(MANAGED_POLICY_ARN, "an IAM managed policy ARN").optional(),
    sessionTags: z.record(matching(TAG_KEY, "session tag keys are 1-128 characters"), userClaimSource).optional(),
    assign: z
        .strictObject({
            groups: z.array(objectId).optional(),
            users: z.array(userPrincipalName).optional(),
        })
        .optional(),
});

const accountSchema = z.strictObject({
    name: matching(LOGICAL_NAME, "lower-case letters, digits and hyphens, 1-40 characters (it is part of resource names)"),
    accountId: matching(/^\d{12}$/, "an AWS account id is exactly 12 digits"),
    deployRoleArn: matching(ROLE_ARN, "an IAM role ARN such as arn:aws:iam::123456789012:role/PulumiDeploy").optional(),
    region: matching(/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/, "an AWS region code such as eu-central-1").optional(),
    signInRegion: matching(/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/, "an AWS region code such as eu-central-1").optional(),
    identifierSuffix: matching(IDENTIFIER_SUFFIX, "1-64 URI-safe characters: letters, digits and ._~-").optional(),
    roles: z.array(roleSchema).min(1, { error: "needs at least one role" }),
});

const signingCertificateSchema = z.strictObject({
    name: matching(LOGICAL_NAME, "lower-case letters, digits and hyphens (it is part of resource names)").optional(),
    endDate: matching(ISO_DATE_TIME, "an RFC 3339 date-time such as 2028-01-01T00:00:00Z").optional(),
});

const roleImportKeySchema = z.strictObject({
    name: z
        .string({ error: "must be a string: a key generation name such as 2026-12" })
        .min(1, { error: "is empty: a key generation needs a name such as 2026-12", abort: true })
        .regex(LOGICAL_NAME, {
            error: (issue) =>
                `${JSON.stringify(issue.input)} is not allowed: lower-case letters, digits and hyphens, 1-40 characters, such as 2026-12 (it is part of the key's resource name)`,
        }),
    createdAt: z
        .string({ error: "must be a string: a date such as \"2026-12-01\"" })
        .regex(/^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}T.+$/, {
            error: (issue) => `${JSON.stringify(issue.input)} is not allowed: a date such as 2026-12-01, or an RFC 3339 date-time`,
        })
        .optional(),
});

const testUserSchema = z.strictObject({
    userPrincipalName,
    displayName: z.string().min(1),
    roles: z.array(z.string().min(1)).min(1, { error: "needs at least one role name (or account/role)" }),
});

const stackConfigSchema = z.strictObject({
    sessionDuration: intRange(SESSION_DURATION_LIMITS.min, SESSION_DURATION_LIMITS.max, "the STS limit").default(3600),
    roleSessionNameSource: userClaimSource.default("userprincipalname"),
    notificationEmails: z
        .array(z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not an e-mail address` }), {
            error: "is required: a list of e-mail addresses that receive certificate expiry notices",
        })
        .min(1, { error: "needs at least one address: Azure sends certificate expiry notices there" }),
    owners: z.array(objectId).optional(),
    samlProviderName: matching(PROVIDER_NAME, "1-128 characters of letters, digits and +=,.@_-").default("AzureAD"),
    provisioning: z.boolean({ error: "must be true or false" }).default(true),
    requireMfa: z.boolean({ error: "must be true or false" }).default(false),
    testUser: testUserSchema.optional(),
    testUserPassword: z.string().min(8, { error: "must be at least 8 characters" }).optional(),
    signingCertificate: z
        .union([signingCertificateSchema, z.array(signingCertificateSchema).min(1)], {
            error: "must be one {name?, endDate?} object or a list of them",
        })
        .optional(),
    roleImportKeys: z
        .array(roleImportKeySchema, { error: "must be a list of {name, createdAt?} key generations, the last one active" })
        .min(1, { error: "needs at least one key generation; to run without an access key, set provisioning: false instead" })
        .optional(),
    accounts: z.array(accountSchema, { error: "is required: a list of AWS accounts" }).min(1, {
        error: "needs at least one AWS account",
    }),
});

/** Config keys of each object in the contract, for unknown-key messages. */
const KNOWN_KEYS = {
    stack: stackConfigSchema.keyof().options as readonly string[],
    account: accountSchema.keyof().options as readonly string[],
    role: roleSchema.keyof().options as readonly string[],
    assign: ["groups", "users"],
    testUser: testUserSchema.keyof().options as readonly string[],
    signingCertificate: signingCertificateSchema.keyof().options as readonly string[],
    roleImportKey: roleImportKeySchema.keyof().options as readonly string[],
};

/** One role of an account, with defaults resolved. */
export interface RoleConfig {
    readonly name: string;
    readonly description: string;
    readonly managedPolicyArns: readonly string[];
    readonly inlinePolicy?: Readonly<Record<string, unknown>>;
    /** Always set: the configured value, or max(3600, sessionDuration). */
    readonly maxSessionDuration: number;
    readonly permissionsBoundaryArn?: string;
    readonly sessionTags: Readonly<Record<string, UserClaimSource>>;
    readonly assignGroups: readonly string[];
    readonly assignUsers: readonly string[];
}

/** One AWS account and its gallery-app instance, with defaults resolved. */
export interface AccountConfig {
    readonly name: string;
    readonly accountId: string;
    readonly deployRoleArn?: string;
    readonly region: string;
    readonly signInRegion?: string;
    /** Always set: the configured suffix, or `<stack>-<account name>`. */
    readonly identifierSuffix: string;
    readonly roles: readonly RoleConfig[];
}

export interface SigningCertificateConfig {
    /** Stable logical name; part of the certificate's resource name. */
    readonly name: string;
    readonly endDate?: string;
}

/** One role-import access key generation; `createdAt` resolved from the config or the name. */
export type RoleImportKeyConfig = RoleImportKeyGeneration;

export interface TestUserConfig {
    readonly userPrincipalName: string;
    readonly displayName: string;
    /** The roles the test user is assigned, resolved to account and role names. */
    readonly roles: readonly { readonly accountName: string; readonly roleName: string }[];
}

/** The validated stack configuration. */
export interface StackConfig {
    readonly sessionDuration: number;
    readonly roleSessionNameSource: UserClaimSource;
    readonly notificationEmails: readonly string[];
    readonly owners: readonly string[];
    readonly samlProviderName: string;
    readonly provisioning: boolean;
    readonly requireMfa: boolean;
    readonly testUser?: TestUserConfig;
    /** Initial password of the test user (set it with `pulumi config set --secret`). */
    readonly testUserPassword?: string;
    /** In publication order; the last one is the active signing key. */
    readonly signingCertificates: readonly SigningCertificateConfig[];
    /** Oldest first; the last one is the key Azure's role import uses. Empty when provisioning is off. */
    readonly roleImportKeys: readonly RoleImportKeyConfig[];
    readonly accounts: readonly AccountConfig[];
}

/** One thing wrong with the config, at a key path such as `accounts[1].roles[0].maxSessionDuration`. */
export interface ConfigProblem {
    readonly path: string;
    readonly message: string;
}

/** Thrown before any resource is registered when the config breaks the contract. */
export class StackConfigError extends Error {
    constructor(public readonly problems: readonly ConfigProblem[]) {
        super(
            `Invalid ${CONFIG_NAMESPACE} stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join("\n"),
        );
        this.name = "StackConfigError";
    }
}

export interface StackConfigContext {
    /** Stack name: part of the default identifier suffix. */
    readonly stack: string;
    /** Region for accounts that set none (`aws:region`), default us-east-1. */
    readonly defaultRegion?: string;
}

/**
 * Validates raw Pulumi config (`namespace:key` or bare `key` to string; objects JSON-encoded, as
 * the engine passes them) and resolves defaults. Every problem is reported at once.
 */
export function parseStackConfig(raw: Readonly<Record<string, string>>, context: StackConfigContext): StackConfig {
    const values: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(raw)) {
        const separator = key.indexOf(":");
        const namespace = separator < 0 ? CONFIG_NAMESPACE : key.slice(0, separator);
        if (namespace === CONFIG_NAMESPACE) {
            values[separator < 0 ? key : key.slice(separator + 1)] = parseConfigValue(text);
        }
    }
    // reportInput tells a missing key (no input) from a value of the wrong type in describeIssue.
    const result = stackConfigSchema.safeParse(values, { reportInput: true });
    if (!result.success) {
        throw new StackConfigError(result.error.issues.flatMap(describeIssue));
    }
    const parsed = result.data;
    const problems: ConfigProblem[] = [];
    const signingCertificates = resolveSigningCertificates(parsed.signingCertificate, problems);
    const roleImportKeys = resolveRoleImportKeys(parsed.roleImportKeys, parsed.provisioning, problems);

    const accounts: AccountConfig[] = parsed.accounts.map((account) => ({
        name: account.name,
        accountId: account.accountId,
        deployRoleArn: account.deployRoleArn,
        region: account.region ?? context.defaultRegion ?? "us-east-1",
        signInRegion: account.signInRegion,
        identifierSuffix: account.identifierSuffix ?? `${context.stack}-${account.name}`,
        roles: account.roles.map((role) => ({
            name: role.name,
            description: role.description ?? `AWS role ${role.name} in account ${account.name} (${account.accountId})`,
            managedPolicyArns: role.managedPolicyArns ?? [],
            inlinePolicy: role.inlinePolicy as Record<string, unknown> | undefined,
            maxSessionDuration: role.maxSessionDuration ?? Math.max(ROLE_MAX_SESSION_LIMITS.min, parsed.sessionDuration),
            permissionsBoundaryArn: role.permissionsBoundaryArn,
            sessionTags: (role.sessionTags ?? {}) as Record<string, UserClaimSource>,
            assignGroups: role.assign?.groups ?? [],
            assignUsers: role.assign?.users ?? [],
        })),
    }));

    checkAccounts(accounts, parsed.sessionDuration, parsed.samlProviderName, problems);
    const testUser = parsed.testUser && resolveTestUser(parsed.testUser, accounts, problems);
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    return {
        sessionDuration: parsed.sessionDuration,
        roleSessionNameSource: parsed.roleSessionNameSource,
        notificationEmails: parsed.notificationEmails,
        owners: parsed.owners ?? [],
        samlProviderName: parsed.samlProviderName,
        provisioning: parsed.provisioning,
        requireMfa: parsed.requireMfa,
        testUser,
        testUserPassword: parsed.testUserPassword,
        signingCertificates,
        roleImportKeys,
        accounts,
    };
}

/** Reads and validates this stack's config from the Pulumi runtime. */
export function loadStackConfig(): StackConfig {
    const raw = pulumi.runtime.allConfig();
    return parseStackConfig(raw, { stack: pulumi.getStack(), defaultRegion: raw["aws:region"] });
}

function parseConfigValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function formatPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>(
        (text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : text ? `${text}.${String(segment)}` : String(segment)),
        "",
    );
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
    const names = path.filter((segment) => typeof segment === "string");
    const last = names[names.length - 1];
    switch (last) {
        case undefined:
            return KNOWN_KEYS.stack;
        case "accounts":
            return KNOWN_KEYS.account;
        case "roles":
            return path[0] === "testUser" ? [] : KNOWN_KEYS.role;
        case "assign":
            return KNOWN_KEYS.assign;
        case "testUser":
            return KNOWN_KEYS.testUser;
        case "signingCertificate":
            return KNOWN_KEYS.signingCertificate;
        case "roleImportKeys":
            return KNOWN_KEYS.roleImportKey;
        default:
            return [];
    }
}

function describeIssue(issue: z.core.$ZodIssue): ConfigProblem[] {
    if (issue.code === "unrecognized_keys") {
        const allowed = knownKeysAt(issue.path);
        return issue.keys.map((key) => {
            const suggestion = closestName(key, allowed);
            return {
                path: formatPath([...issue.path, key]),
                message:
                    `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; allowed: ` + allowed.join(", "),
            };
        });
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
        return [{ path: formatPath(issue.path), message: issue.message.startsWith("is required") ? issue.message : "is required" }];
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
}

/** The allowed name a likely typo was meant to be: within two edits, or undefined. */
function closestName(name: string, allowed: readonly string[]): string | undefined {
    let best: { name: string; distance: number } | undefined;
    for (const candidate of allowed) {
        const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (distance <= 2 && (!best || distance < best.distance)) {
            best = { name: candidate, distance };
        }
    }
    return best?.name;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

function resolveSigningCertificates(
    configured: z.infer<typeof stackConfigSchema>["signingCertificate"],
    problems: ConfigProblem[],
): SigningCertificateConfig[] {
    if (configured === undefined) {
        return [{ name: "primary" }];
    }
    if (!Array.isArray(configured)) {
        return [{ name: configured.name ?? "primary", endDate: configured.endDate }];
    }
    if (configured.length > 10) {
        problems.push({ path: "signingCertificate", message: `${configured.length} certificates; IAM accepts at most 10 per SAML provider` });
    }
    const seen = new Map<string, number>();
    return configured.map((certificate, index) => {
        const path = `signingCertificate[${index}].name`;
        if (certificate.name === undefined) {
            problems.push({ path, message: "is required when several certificates are listed (it keeps resource names stable)" });
        } else if (seen.has(certificate.name)) {
            problems.push({ path, message: `duplicate certificate name "${certificate.name}" (also at signingCertificate[${seen.get(certificate.name)}])` });
        } else {
            seen.set(certificate.name, index);
        }
        return { name: certificate.name ?? `certificate-${index}`, endDate: certificate.endDate };
    });
}

function resolveRoleImportKeys(
    configured: z.infer<typeof stackConfigSchema>["roleImportKeys"],
    provisioning: boolean,
    problems: ConfigProblem[],
): RoleImportKeyConfig[] {
    if (!provisioning) {
        if (configured !== undefined) {
            problems.push({
                path: "roleImportKeys",
                message: "is set but provisioning is false, so there is no role-import key; remove roleImportKeys or set provisioning: true",
            });
        }
        return [];
    }
    if (configured === undefined) {
        return [{ name: DEFAULT_ROLE_IMPORT_KEY_NAME }];
    }
    if (configured.length > MAX_ROLE_IMPORT_KEYS) {
        problems.push({
            path: "roleImportKeys",
            message: `${configured.length} key generations (${configured.map((key) => key.name).join(", ")}); IAM allows at most ${MAX_ROLE_IMPORT_KEYS} access keys per user: remove the oldest, "${configured[0].name}", before adding another`,
        });
    }
    const seen = new Map<string, number>();
    return configured.map((key, index) => {
        const at = `roleImportKeys[${index}]`;
        checkUnique(seen, key.name, index, `${at}.name`, "key generation name", "roleImportKeys", problems);
        const implied = dateImpliedByName(key.name);
        if (implied.problem !== undefined) {
            problems.push({
                path: `${at}.name`,
                message: `"${key.name}" ${implied.problem}; allowed: a name such as 2026-12 or 2026-12-01, or one that does not start with a date`,
            });
        }
        let createdAt = implied.date;
        if (key.createdAt !== undefined) {
            createdAt = calendarDateOf(key.createdAt);
            if (createdAt === undefined) {
                problems.push({ path: `${at}.createdAt`, message: `"${key.createdAt}" is not a calendar date; allowed: a date such as 2026-12-01, or an RFC 3339 date-time` });
            }
        }
        return createdAt === undefined ? { name: key.name } : { name: key.name, createdAt };
    });
}

/** `YYYY-MM-DD` (UTC) of a date or RFC 3339 date-time, or undefined when it names no real day. */
function calendarDateOf(text: string): string | undefined {
    if (!text.includes("T")) {
        return isCalendarDate(text) ? text : undefined;
    }
    if (!ISO_DATE_TIME.test(text) || !isCalendarDate(text.slice(0, 10))) {
        return undefined;
    }
    const time = new Date(text);
    return Number.isNaN(time.getTime()) ? undefined : time.toISOString().slice(0, 10);
}

function checkAccounts(
    accounts: readonly AccountConfig[],
    sessionDuration: number,
    providerName: string,
    problems: ConfigProblem[],
): void {
    const names = new Map<string, number>();
    const accountIds = new Map<string, number>();
    const suffixes = new Map<string, number>();
    accounts.forEach((account, accountIndex) => {
        const at = `accounts[${accountIndex}]`;
        checkUnique(names, account.name, accountIndex, `${at}.name`, "account name", "accounts", problems);
        checkUnique(accountIds, account.accountId, accountIndex, `${at}.accountId`, "AWS account id (one gallery app per account)", "accounts", problems);
        checkUnique(suffixes, account.identifierSuffix, accountIndex, `${at}.identifierSuffix`, "identifier suffix (identifiers are unique per tenant)", "accounts", problems);
        if (account.deployRoleArn && !account.deployRoleArn.includes(`::${account.accountId}:`)) {
            problems.push({ path: `${at}.deployRoleArn`, message: `is in another account than accountId ${account.accountId}` });
        }
        if (account.signInRegion && !isAwsRegion(account.signInRegion)) {
            problems.push({ path: `${at}.signInRegion`, message: `"${account.signInRegion}" is not an AWS region code` });
        }
        const roleNames = new Map<string, number>();
        const tagSources = new Map<string, { source: string; roleIndex: number }>();
        account.roles.forEach((role, roleIndex) => {
            const roleAt = `${at}.roles[${roleIndex}]`;
            // IAM role names are case-insensitive: Admin and admin collide.
            checkUnique(roleNames, role.name.toLowerCase(), roleIndex, `${roleAt}.name`, "role name", `${at}.roles`, problems);
            if (role.maxSessionDuration < sessionDuration) {
                problems.push({
                    path: `${roleAt}.maxSessionDuration`,
                    message: `${role.maxSessionDuration} is below sessionDuration ${sessionDuration}: STS refuses a SessionDuration above the role's maximum; raise it to at least ${sessionDuration}`,
                });
            }
            const valueProblem = appRoleValueProblem(appRoleValue(iamRoleArn(account.accountId, role.name), samlProviderArn(account.accountId, providerName)));
            if (valueProblem !== undefined) {
                problems.push({ path: `${roleAt}.name`, message: `${valueProblem}: shorten the role name or samlProviderName` });
            }
            for (const [tagKey, source] of Object.entries(role.sessionTags)) {
                const other = tagSources.get(tagKey);
                if (other && other.source !== source) {
                    problems.push({
                        path: `${roleAt}.sessionTags.${tagKey}`,
                        message: `"${source}" conflicts with "${other.source}" at ${at}.roles[${other.roleIndex}].sessionTags.${tagKey}: one app sends one value per tag`,
                    });
                } else if (!other) {
                    tagSources.set(tagKey, { source, roleIndex });
                }
            }
        });
    });
}

function checkUnique(
    seen: Map<string, number>,
    value: string,
    index: number,
    path: string,
    what: string,
    listPath: string,
    problems: ConfigProblem[],
): void {
    const first = seen.get(value);
    if (first === undefined) {
        seen.set(value, index);
    } else {
        problems.push({ path, message: `duplicate ${what} "${value}" (also at ${listPath}[${first}])` });
    }
}

function resolveTestUser(
    testUser: z.infer<typeof testUserSchema>,
    accounts: readonly AccountConfig[],
    problems: ConfigProblem[],
): TestUserConfig {
    const roles: { accountName: string; roleName: string }[] = [];
    testUser.roles.forEach((reference, index) => {
        const [accountName, roleName] = reference.includes("/") ? reference.split("/", 2) : [undefined, reference];
        const matches = accounts
            .filter((account) => accountName === undefined || account.name === accountName)
            .filter((account) => account.roles.some((role) => role.name === roleName))
            .map((account) => ({ accountName: account.name, roleName }));
        if (matches.length === 0) {
            const available = accounts.flatMap((account) => account.roles.map((role) => `${account.name}/${role.name}`));
            problems.push({
                path: `testUser.roles[${index}]`,
                message: `"${reference}" names no configured role; allowed: a role name or account/role, one of ${available.join(", ")}`,
            });
        }
        roles.push(...matches);
    });
    for (const [accountIndex, account] of accounts.entries()) {
        for (const [roleIndex, role] of account.roles.entries()) {
            const granted = roles.some((grant) => grant.accountName === account.name && grant.roleName === role.name);
            if (granted && role.assignUsers.includes(testUser.userPrincipalName)) {
                problems.push({
                    path: `accounts[${accountIndex}].roles[${roleIndex}].assign.users`,
                    message: `lists the test user ${testUser.userPrincipalName}, who testUser.roles already assigns; remove one`,
                });
            }
        }
    }
    return { userPrincipalName: testUser.userPrincipalName, displayName: testUser.displayName, roles };
}
