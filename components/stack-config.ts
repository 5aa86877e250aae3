import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { appRoleValue, appRoleValueProblem } from "./documents/app-role-value";
import { isAwsRegion } from "./documents/aws-sign-in-endpoints";
import {
    ROLE_SESSION_NAME_SOURCES,
    RoleSessionNameSource,
    SESSION_DURATION_LIMITS,
    USER_CLAIM_SOURCES,
    UserClaimSource,
} from "./documents/claims-mapping-policy";
import { iamRoleArn, samlProviderArn } from "./documents/iam-arns";
import { ROLE_NAME_PATTERN, SAML_PROVIDER_NAME_PATTERN } from "../policies/vocabulary/iam-names";
import { ROLE_MAX_SESSION_LIMITS } from "../policies/vocabulary/sts-limits";
import { PACKAGE_NAME } from "../policies/vocabulary/type-tokens";
import {
    dateImpliedByName,
    DEFAULT_ROLE_IMPORT_KEY_NAME,
    isCalendarDate,
    MAX_ROLE_IMPORT_KEYS,
    RoleImportKeyGeneration,
} from "./documents/role-import-keys";

/** The Pulumi config namespace of this program (the project name). */
export const CONFIG_NAMESPACE = PACKAGE_NAME;

/** IAM bounds for a role's MaxSessionDuration, in seconds. */
export { ROLE_MAX_SESSION_LIMITS };

/** IAM role names: 1-64 characters of letters, digits and `+=,.@_-`. */
export { ROLE_NAME_PATTERN };
/** A user principal name: `name@domain.tld`. */
export const USER_PRINCIPAL_NAME_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PROVIDER_NAME = SAML_PROVIDER_NAME_PATTERN;
const LOGICAL_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
// Empty: the bare endpoint, the identifier the tutorial gives a tenant's first instance.
const IDENTIFIER_SUFFIX = /^[A-Za-z0-9._~-]{0,64}$/;
const CERTIFICATE_DISPLAY_NAME = /^CN=.{1,200}$/;
const IAM_PATH_NAME = /^[\w+=,.@-]{1,128}$/;
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
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
    appRoleId: objectId.optional(),
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

const signingCertificateSchema = z.strictObject({
    name: matching(LOGICAL_NAME, "lower-case letters, digits and hyphens (it is part of resource names)").optional(),
    endDate: matching(ISO_DATE_TIME, "an RFC 3339 date-time such as 2028-01-01T00:00:00Z").optional(),
    displayName: matching(CERTIFICATE_DISPLAY_NAME, "the certificate subject, starting CN=").optional(),
});

const signingCertificateListSchema = z.union([signingCertificateSchema, z.array(signingCertificateSchema).min(1)], {
    error: "must be one {name?, endDate?, displayName?} object or a list of them",
});

const roleImportReaderSchema = z.strictObject({
    userName: matching(IAM_PATH_NAME, "IAM user names are 1-64 characters of letters, digits and +=,.@_-").optional(),
    policyName: matching(IAM_PATH_NAME, "IAM policy names are 1-128 characters of letters, digits and +=,.@_-").optional(),
    policyDescription: z.string().max(1000).optional(),
});

const accountSchema = z.strictObject({
    name: matching(LOGICAL_NAME, "lower-case letters, digits and hyphens, 1-40 characters (it is part of resource names)"),
    accountId: matching(/^\d{12}$/, "an AWS account id is exactly 12 digits"),
    deployRoleArn: matching(ROLE_ARN, "an IAM role ARN such as arn:aws:iam::123456789012:role/PulumiDeploy").optional(),
    region: matching(/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/, "an AWS region code such as eu-central-1").optional(),
    signInRegion: matching(/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/, "an AWS region code such as eu-central-1").optional(),
    identifierSuffix: matching(IDENTIFIER_SUFFIX, "0-64 URI-safe characters: letters, digits and ._~- (empty: no #suffix)").optional(),
    samlProviderName: matching(PROVIDER_NAME, "1-128 characters of letters, digits and +=,.@_-").optional(),
    signingCertificate: signingCertificateListSchema.optional(),
    roleImportReader: roleImportReaderSchema.optional(),
    roles: z.array(roleSchema).min(1, { error: "needs at least one role" }),
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
        .string({ error: 'must be a string: a date such as "2026-12-01"' })
        .regex(/^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}T.+$/, {
            error: (issue) => `${JSON.stringify(issue.input)} is not allowed: a date such as 2026-12-01, or an RFC 3339 date-time`,
        })
        .optional(),
});

const IDENTITY_CENTER_INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
const IAM_PATH = /^\/([\x21-\x7e]{0,510}\/)?$/;
const CUSTOMER_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/;
/** ISO 8601 durations Identity Center accepts for a permission set's session: hours and minutes. */
const ISO_DURATION = /^PT(?:(\d{1,2})H)?(?:(\d{1,3})M)?$/;
/** Identity Center's bounds for a permission set's session duration, in seconds (PT1H..PT12H). */
export const PERMISSION_SET_SESSION_LIMITS = { min: 3600, max: 43200 } as const;

function httpsUrl(hostPattern: RegExp, allowed: string) {
    return z.string({ error: `must be a string: ${allowed}` }).refine(
        (value) => {
            try {
                const url = new URL(value);
                return url.protocol === "https:" && hostPattern.test(url.hostname) && url.search === "" && url.hash === "";
            } catch {
                return false;
            }
        },
        { error: (issue) => `${JSON.stringify(issue.input)} is not allowed: ${allowed}` },
    );
}

const customerManagedPolicyReference = z.strictObject({
    name: matching(CUSTOMER_POLICY_NAME, "an IAM policy name, 1-128 characters of letters, digits and +=,.@_-"),
    path: matching(IAM_PATH, "an IAM path that starts and ends with /, such as / or /platform/").default("/"),
});

const permissionSetAssignmentSchema = z.strictObject({
    group: z.string({ error: "must be the displayName of one of identityCenter.groups" }).min(1),
    accounts: z
        .array(matching(/^\d{12}$/, "an AWS account id is exactly 12 digits"), { error: "is required: a list of AWS account ids" })
        .min(1, { error: "needs at least one AWS account id" }),
});

const permissionSetSchema = z.strictObject({
    name: matching(
        PERMISSION_SET_NAME,
        "permission set names are 1-32 characters of letters, digits and +=,.@_- (it is part of resource names)",
    ),
    description: z.string().min(1).max(700, { error: "is longer than 700 characters, the Identity Center limit" }).optional(),
    sessionDuration: matching(ISO_DURATION, "an ISO 8601 duration from PT1H to PT12H, such as PT8H or PT1H30M").optional(),
    relayState: httpsUrl(/./, "an https URL users land on after sign-in, such as https://console.aws.amazon.com/").optional(),
    managedPolicyArns: z
        .array(matching(MANAGED_POLICY_ARN, "an IAM managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess"))
        .max(20, { error: "lists more than 20 managed policies, the Identity Center limit per permission set" })
        .optional(),
    inlinePolicy: inlinePolicySchema.optional(),
    customerManagedPolicies: z.array(customerManagedPolicyReference).optional(),
    permissionsBoundary: z
        .union(
            [
                z.strictObject({ managedPolicyArn: matching(MANAGED_POLICY_ARN, "an IAM managed policy ARN") }),
                z.strictObject({ customerManagedPolicy: customerManagedPolicyReference }),
            ],
            { error: "must be {managedPolicyArn} or {customerManagedPolicy: {name, path?}}, not both" },
        )
        .optional(),
    assign: z.array(permissionSetAssignmentSchema).optional(),
});

const identityCenterGroupSchema = z.strictObject({
    objectId,
    displayName: z
        .string({ error: "is required: the Entra group's display name, which SCIM provisions to the Identity Store" })
        .min(1)
        .max(1024),
});

const identityCenterSchema = z.strictObject({
    instanceArn: matching(
        IDENTITY_CENTER_INSTANCE_ARN,
        "an Identity Center instance ARN such as arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
    ),
    identityStoreId: matching(IDENTITY_STORE_ID, "an Identity Store id such as d-9067a1b2c3"),
    region: matching(AWS_REGION, "Identity Center's home region, an AWS region code such as eu-west-1"),
    deployRoleArn: matching(ROLE_ARN, "an IAM role ARN in the management or delegated-administrator account").optional(),
    samlIssuer: httpsUrl(
        /^([a-z0-9-]+\.)?signin\.aws\.amazon\.com$|^portal\.sso\.[a-z0-9-]+\.amazonaws\.com$/,
        "the issuer URL from Identity Center's change identity source page, such as https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9067a1b2c3",
    ),
    samlAcsUrl: httpsUrl(
        /^([a-z0-9-]+\.)?signin\.aws\.amazon\.com$/,
        "the ACS URL from Identity Center's change identity source page, such as https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/<id>",
    ),
    scimEndpoint: httpsUrl(
        /^scim\.[a-z0-9-]+\.amazonaws\.com$/,
        "the SCIM endpoint from Identity Center's automatic provisioning page, such as https://scim.eu-west-1.amazonaws.com/<id>/scim/v2/",
    ),
    scimTokenExpiresAt: matching(ISO_DATE_TIME, "the SCIM access token's expiry as an RFC 3339 date-time, such as 2027-11-30T00:00:00Z"),
    startUrl: httpsUrl(
        /\.awsapps\.com$|^([a-z0-9-]+\.)?signin\.aws\.amazon\.com$/,
        "the AWS access portal URL, such as https://d-9067a1b2c3.awsapps.com/start",
    ).optional(),
    displayName: z.string().min(1).max(256).optional(),
    activeSigningCertificate: matching(LOGICAL_NAME, "the name of one of signingCertificate").optional(),
    synchronizationTemplateId: matching(/^[A-Za-z0-9_.-]{1,64}$/, "a synchronization template id such as aWSSingleSignon").optional(),
    provisioningRuleId: z.guid({ error: (issue) => `${JSON.stringify(issue.input)} is not a synchronization rule id (UUID)` }).optional(),
    groupLookupTimeoutSeconds: intRange(0, 900, "the bound on waiting for a provisioned group").optional(),
    groups: z.array(identityCenterGroupSchema, { error: "is required: the Entra groups provisioned to Identity Center" }).min(1, {
        error: "needs at least one group: Identity Center only sees provisioned groups",
    }),
    permissionSets: z.array(permissionSetSchema).optional(),
});

const testUserSchema = z.strictObject({
    userPrincipalName,
    displayName: z.string().min(1),
    roles: z.array(z.string().min(1)).min(1, { error: "needs at least one role name (or account/role)" }),
});

const roleSessionNameSource = z.enum(ROLE_SESSION_NAME_SOURCES, {
    error: (issue) =>
        `${JSON.stringify(issue.input)} does not make a valid, unique RoleSessionName; allowed: ${ROLE_SESSION_NAME_SOURCES.join(", ")}`,
});

const stackConfigSchema = z.strictObject({
    sessionDuration: intRange(SESSION_DURATION_LIMITS.min, SESSION_DURATION_LIMITS.max, "the STS limit").default(3600),
    roleSessionNameSource: roleSessionNameSource.default("userprincipalname"),
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
    signingCertificate: signingCertificateListSchema.optional(),
    adoptionImports: z
        .record(
            z.string(),
            z.strictObject({ type: z.string().min(1), id: z.string().min(1, { error: "is empty: the cloud id to import" }) }),
            { error: "must map resource names to {type, id}" },
        )
        .optional(),
    adoptionHolds: z
        .record(z.string(), z.array(z.string().min(1)), { error: "must map resource names to lists of input names" })
        .optional(),
    roleImportKeys: z
        .array(roleImportKeySchema, { error: "must be a list of {name, createdAt?} key generations, the last one active" })
        .min(1, { error: "needs at least one key generation; to run without an access key, set provisioning: false instead" })
        .optional(),
    accounts: z
        .array(accountSchema, { error: "is required: a list of AWS accounts" })
        .min(1, { error: "needs at least one AWS account" })
        .optional(),
    identityCenter: identityCenterSchema.optional(),
    identityCenterScimToken: z.string({ error: "must be a string: the SCIM access token" }).min(1).optional(),
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
    identityCenter: identityCenterSchema.keyof().options as readonly string[],
    identityCenterGroup: identityCenterGroupSchema.keyof().options as readonly string[],
    permissionSet: permissionSetSchema.keyof().options as readonly string[],
    permissionSetAssignment: permissionSetAssignmentSchema.keyof().options as readonly string[],
    customerManagedPolicy: customerManagedPolicyReference.keyof().options as readonly string[],
    roleImportReader: roleImportReaderSchema.keyof().options as readonly string[],
};

/** One role of an account, with defaults resolved. */
export interface RoleConfig {
    readonly name: string;
    readonly description: string;
    readonly managedPolicyArns: readonly string[];
    readonly inlinePolicy?: Readonly<Record<string, unknown>>;
    /** App role id kept from an adopted app; default the UUID v5 of account and role name. */
    readonly appRoleId?: string;
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
    /** Always set: the configured suffix, or `<stack>-<account name>`; empty for the bare endpoint. */
    readonly identifierSuffix: string;
    /** Always set: this account's value, or the stack's `samlProviderName`. */
    readonly samlProviderName: string;
    /** Always set: this account's certificates, or the stack's `signingCertificate`. */
    readonly signingCertificates: readonly SigningCertificateConfig[];
    /** Names of the role-import reader's IAM user and policy, as adopted; tutorial names by default. */
    readonly roleImportReader: { readonly userName?: string; readonly policyName?: string; readonly policyDescription?: string };
    readonly roles: readonly RoleConfig[];
}

/** What `npm run adopt` wrote: resources to import on the first `pulumi up`, and inputs held at their live value meanwhile. */
export interface AdoptionConfig {
    /** Registered resource name to the type it must have and the cloud id to import. */
    readonly imports: Readonly<Record<string, { readonly type: string; readonly id: string }>>;
    /** Registered resource name to inputs left as they are live (ignoreChanges) until the entry is removed. */
    readonly holds: Readonly<Record<string, readonly string[]>>;
}

export interface SigningCertificateConfig {
    /** Stable logical name; part of the certificate's resource name. */
    readonly name: string;
    readonly endDate?: string;
    /** Subject kept from an adopted certificate (`CN=...`); default the program's own. */
    readonly displayName?: string;
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
    readonly roleSessionNameSource: RoleSessionNameSource;
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
    /** Empty when the stack federates only through IAM Identity Center. */
    readonly accounts: readonly AccountConfig[];
    /** The IAM Identity Center path, when configured. */
    readonly identityCenter?: IdentityCenterConfig;
    /** The SCIM access token Identity Center issued (`pulumi config set --secret azuread-aws-sso:identityCenterScimToken`). */
    readonly identityCenterScimToken?: string;
    readonly adoption: AdoptionConfig;
}

/** An Entra group provisioned to Identity Center; SCIM creates it there under its display name. */
export interface IdentityCenterGroupConfig {
    readonly objectId: string;
    readonly displayName: string;
}

/** A customer-managed policy a permission set references by name and path in every account it is assigned to. */
export interface CustomerManagedPolicyReference {
    readonly name: string;
    readonly path: string;
}

/** One group of a permission set and the accounts it gets it in. */
export interface PermissionSetAssignmentConfig {
    /** Display name of one of `identityCenter.groups`. */
    readonly group: string;
    readonly accountIds: readonly string[];
}

/** A permission set, with defaults resolved. */
export interface PermissionSetConfig {
    readonly name: string;
    readonly description: string;
    /** ISO 8601, PT1H..PT12H. */
    readonly sessionDuration: string;
    readonly sessionDurationSeconds: number;
    readonly relayState?: string;
    readonly managedPolicyArns: readonly string[];
    readonly inlinePolicy?: Readonly<Record<string, unknown>>;
    readonly customerManagedPolicies: readonly CustomerManagedPolicyReference[];
    readonly permissionsBoundary?:
        { readonly managedPolicyArn: string } | { readonly customerManagedPolicy: CustomerManagedPolicyReference };
    readonly assignments: readonly PermissionSetAssignmentConfig[];
}

/** The IAM Identity Center federation, with defaults resolved. */
export interface IdentityCenterConfig {
    readonly instanceArn: string;
    readonly identityStoreId: string;
    readonly region: string;
    readonly deployRoleArn?: string;
    /** Identifier (entity id) of the Entra app: Identity Center's issuer URL. */
    readonly samlIssuer: string;
    /** Reply URL of the Entra app: Identity Center's assertion consumer service URL. */
    readonly samlAcsUrl: string;
    readonly scimEndpoint: string;
    readonly scimTokenExpiresAt: string;
    /** Always set: the configured URL, or `https://<identityStoreId>.awsapps.com/start`. */
    readonly startUrl: string;
    readonly displayName: string;
    /** The signing certificate the Identity Center app signs with; the last one when unset. */
    readonly activeSigningCertificate?: string;
    readonly synchronizationTemplateId: string;
    readonly provisioningRuleId: string;
    readonly groupLookupTimeoutSeconds: number;
    readonly groups: readonly IdentityCenterGroupConfig[];
    readonly permissionSets: readonly PermissionSetConfig[];
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
    // `accounts` becomes optional only beside an identityCenter block.
    const missingFederation: ConfigProblem[] =
        values.accounts === undefined && values.identityCenter === undefined
            ? [{ path: "accounts", message: "is required: a list of AWS accounts (or an identityCenter block, or both)" }]
            : [];
    if (!result.success) {
        throw new StackConfigError([...result.error.issues.flatMap(describeIssue), ...missingFederation]);
    }
    const parsed = result.data;
    const problems: ConfigProblem[] = [...missingFederation];
    const signingCertificates = resolveSigningCertificates(parsed.signingCertificate, problems);
    const roleImportKeys = resolveRoleImportKeys(parsed.roleImportKeys, parsed.provisioning, problems);

    const accounts: AccountConfig[] = (parsed.accounts ?? []).map((account, index) => ({
        name: account.name,
        accountId: account.accountId,
        deployRoleArn: account.deployRoleArn,
        region: account.region ?? context.defaultRegion ?? "us-east-1",
        signInRegion: account.signInRegion,
        identifierSuffix: account.identifierSuffix ?? `${context.stack}-${account.name}`,
        samlProviderName: account.samlProviderName ?? parsed.samlProviderName,
        signingCertificates:
            account.signingCertificate === undefined
                ? signingCertificates
                : resolveSigningCertificates(account.signingCertificate, problems, `accounts[${index}].signingCertificate`),
        roleImportReader: { ...account.roleImportReader },
        roles: account.roles.map((role) => ({
            name: role.name,
            description: role.description ?? `AWS role ${role.name} in account ${account.name} (${account.accountId})`,
            managedPolicyArns: role.managedPolicyArns ?? [],
            inlinePolicy: role.inlinePolicy as Record<string, unknown> | undefined,
            appRoleId: role.appRoleId,
            maxSessionDuration: role.maxSessionDuration ?? Math.max(ROLE_MAX_SESSION_LIMITS.min, parsed.sessionDuration),
            permissionsBoundaryArn: role.permissionsBoundaryArn,
            sessionTags: (role.sessionTags ?? {}) as Record<string, UserClaimSource>,
            assignGroups: role.assign?.groups ?? [],
            assignUsers: role.assign?.users ?? [],
        })),
    }));

    checkAccounts(accounts, parsed.sessionDuration, problems);
    const testUser = parsed.testUser && resolveTestUser(parsed.testUser, accounts, problems);
    const identityCenter = parsed.identityCenter && resolveIdentityCenter(parsed.identityCenter, context.stack, problems);
    const activeName = identityCenter?.activeSigningCertificate;
    if (activeName !== undefined && !signingCertificates.some((certificate) => certificate.name === activeName)) {
        problems.push({
            path: "identityCenter.activeSigningCertificate",
            message: `"${activeName}" is not one of signingCertificate; allowed: ${signingCertificates.map((certificate) => certificate.name).join(", ")}`,
        });
    }
    if (identityCenter && parsed.identityCenterScimToken === undefined) {
        problems.push({
            path: "identityCenterScimToken",
            message:
                "is required with identityCenter: the SCIM access token from Identity Center's automatic provisioning page (pulumi config set --secret azuread-aws-sso:identityCenterScimToken)",
        });
    }
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
        identityCenter,
        identityCenterScimToken: identityCenter ? parsed.identityCenterScimToken : undefined,
        adoption: { imports: parsed.adoptionImports ?? {}, holds: parsed.adoptionHolds ?? {} },
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
            return path[0] === "identityCenter" ? KNOWN_KEYS.permissionSetAssignment : KNOWN_KEYS.assign;
        case "testUser":
            return KNOWN_KEYS.testUser;
        case "signingCertificate":
            return KNOWN_KEYS.signingCertificate;
        case "roleImportKeys":
            return KNOWN_KEYS.roleImportKey;
        case "identityCenter":
            return KNOWN_KEYS.identityCenter;
        case "groups":
            return path[0] === "identityCenter" ? KNOWN_KEYS.identityCenterGroup : [];
        case "permissionSets":
            return KNOWN_KEYS.permissionSet;
        case "customerManagedPolicies":
        case "customerManagedPolicy":
            return KNOWN_KEYS.customerManagedPolicy;
        case "permissionsBoundary":
            return ["managedPolicyArn", "customerManagedPolicy"];
        case "roleImportReader":
            return KNOWN_KEYS.roleImportReader;
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
                message: `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; allowed: ` + allowed.join(", "),
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
    at = "signingCertificate",
): SigningCertificateConfig[] {
    if (configured === undefined) {
        return [{ name: "primary" }];
    }
    if (!Array.isArray(configured)) {
        return [withoutUndefined({ name: configured.name ?? "primary", endDate: configured.endDate, displayName: configured.displayName })];
    }
    if (configured.length > 10) {
        problems.push({ path: at, message: `${configured.length} certificates; IAM accepts at most 10 per SAML provider` });
    }
    const seen = new Map<string, number>();
    return configured.map((certificate, index) => {
        const path = `${at}[${index}].name`;
        if (certificate.name === undefined) {
            problems.push({ path, message: "is required when several certificates are listed (it keeps resource names stable)" });
        } else if (seen.has(certificate.name)) {
            problems.push({
                path,
                message: `duplicate certificate name "${certificate.name}" (also at ${at}[${seen.get(certificate.name)}])`,
            });
        } else {
            seen.set(certificate.name, index);
        }
        return withoutUndefined({
            name: certificate.name ?? `certificate-${index}`,
            endDate: certificate.endDate,
            displayName: certificate.displayName,
        });
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
                message:
                    "is set but provisioning is false, so there is no role-import key; remove roleImportKeys or set provisioning: true",
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
                problems.push({
                    path: `${at}.createdAt`,
                    message: `"${key.createdAt}" is not a calendar date; allowed: a date such as 2026-12-01, or an RFC 3339 date-time`,
                });
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

/** Keeps resolved config free of keys the stack did not set, so it compares equal to what it always was. */
function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function checkAccounts(accounts: readonly AccountConfig[], sessionDuration: number, problems: ConfigProblem[]): void {
    const names = new Map<string, number>();
    const accountIds = new Map<string, number>();
    const suffixes = new Map<string, number>();
    accounts.forEach((account, accountIndex) => {
        const at = `accounts[${accountIndex}]`;
        checkUnique(names, account.name, accountIndex, `${at}.name`, "account name", "accounts", problems);
        checkUnique(
            accountIds,
            account.accountId,
            accountIndex,
            `${at}.accountId`,
            "AWS account id (one gallery app per account)",
            "accounts",
            problems,
        );
        checkUnique(
            suffixes,
            account.identifierSuffix,
            accountIndex,
            `${at}.identifierSuffix`,
            "identifier suffix (identifiers are unique per tenant)",
            "accounts",
            problems,
        );
        if (account.deployRoleArn && !account.deployRoleArn.includes(`::${account.accountId}:`)) {
            problems.push({ path: `${at}.deployRoleArn`, message: `is in another account than accountId ${account.accountId}` });
        }
        if (account.signInRegion && !isAwsRegion(account.signInRegion)) {
            problems.push({ path: `${at}.signInRegion`, message: `"${account.signInRegion}" is not an AWS region code` });
        }
        const roleNames = new Map<string, number>();
        const appRoleIds = new Map<string, number>();
        const tagSources = new Map<string, { source: string; roleIndex: number }>();
        account.roles.forEach((role, roleIndex) => {
            const roleAt = `${at}.roles[${roleIndex}]`;
            // IAM role names are case-insensitive: Admin and admin collide.
            checkUnique(roleNames, role.name.toLowerCase(), roleIndex, `${roleAt}.name`, "role name", `${at}.roles`, problems);
            if (role.appRoleId !== undefined) {
                checkUnique(
                    appRoleIds,
                    role.appRoleId.toLowerCase(),
                    roleIndex,
                    `${roleAt}.appRoleId`,
                    "app role id",
                    `${at}.roles`,
                    problems,
                );
            }
            if (role.maxSessionDuration < sessionDuration) {
                problems.push({
                    path: `${roleAt}.maxSessionDuration`,
                    message: `${role.maxSessionDuration} is below sessionDuration ${sessionDuration}: STS refuses a SessionDuration above the role's maximum; raise it to at least ${sessionDuration}`,
                });
            }
            const valueProblem = appRoleValueProblem(
                appRoleValue(iamRoleArn(account.accountId, role.name), samlProviderArn(account.accountId, account.samlProviderName)),
            );
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

/** Synchronization template of the "AWS IAM Identity Center" gallery app's SCIM provisioning (job ids start with it). */
export const IDENTITY_CENTER_SYNCHRONIZATION_TEMPLATE_ID = "aWSSingleSignon";
/** Rule of that template's schema that provisions Entra users and groups; what provision-on-demand names. */
export const IDENTITY_CENTER_PROVISIONING_RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
/** How long the program waits for a provisioned group to appear in the Identity Store before it fails. */
export const DEFAULT_GROUP_LOOKUP_TIMEOUT_SECONDS = 120;

/** Seconds of an ISO 8601 `PTnHnM` duration, or undefined when it is not one. */
export function isoDurationSeconds(duration: string): number | undefined {
    const match = ISO_DURATION.exec(duration);
    if (!match || (match[1] === undefined && match[2] === undefined)) {
        return undefined;
    }
    return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60;
}

/** The region in an AWS endpoint host such as `scim.eu-west-1.amazonaws.com` or `eu-west-1.signin.aws.amazon.com`. */
function regionOfHost(url: string): string | undefined {
    const host = new URL(url).hostname;
    return (/^scim\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host) ??
        /^portal\.sso\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host) ??
        /^([a-z0-9-]+)\.signin\.aws\.amazon\.com$/.exec(host))?.[1];
}

function resolveIdentityCenter(
    configured: z.infer<typeof identityCenterSchema>,
    stack: string,
    problems: ConfigProblem[],
): IdentityCenterConfig {
    const at = "identityCenter";
    for (const key of ["samlIssuer", "samlAcsUrl", "scimEndpoint"] as const) {
        const region = regionOfHost(configured[key]);
        if (region !== undefined && region !== configured.region) {
            problems.push({
                path: `${at}.${key}`,
                message: `is in region ${region}, but identityCenter.region is ${configured.region}: both come from the same Identity Center instance`,
            });
        }
    }
    const groupsByName = new Map<string, number>();
    const groupsById = new Map<string, number>();
    configured.groups.forEach((group, index) => {
        checkUnique(
            groupsById,
            group.objectId.toLowerCase(),
            index,
            `${at}.groups[${index}].objectId`,
            "group object id",
            `${at}.groups`,
            problems,
        );
        // Identity Store display names are unique case-insensitively, and the lookup is by name.
        checkUnique(
            groupsByName,
            group.displayName.toLowerCase(),
            index,
            `${at}.groups[${index}].displayName`,
            "group display name",
            `${at}.groups`,
            problems,
        );
    });
    const groupNames = configured.groups.map((group) => group.displayName);
    const permissionSetNames = new Map<string, number>();
    const permissionSets = (configured.permissionSets ?? []).map((permissionSet, index): PermissionSetConfig => {
        const setAt = `${at}.permissionSets[${index}]`;
        checkUnique(
            permissionSetNames,
            permissionSet.name.toLowerCase(),
            index,
            `${setAt}.name`,
            "permission set name",
            `${at}.permissionSets`,
            problems,
        );
        const sessionDuration = permissionSet.sessionDuration ?? "PT1H";
        const seconds = isoDurationSeconds(sessionDuration);
        if (seconds === undefined || seconds < PERMISSION_SET_SESSION_LIMITS.min || seconds > PERMISSION_SET_SESSION_LIMITS.max) {
            problems.push({
                path: `${setAt}.sessionDuration`,
                message: `"${sessionDuration}" is not allowed: Identity Center accepts PT1H to PT12H`,
            });
        }
        const policyKeys = new Map<string, number>();
        (permissionSet.customerManagedPolicies ?? []).forEach((policy, policyIndex) =>
            checkUnique(
                policyKeys,
                `${policy.path}${policy.name}`,
                policyIndex,
                `${setAt}.customerManagedPolicies[${policyIndex}].name`,
                "customer-managed policy",
                `${setAt}.customerManagedPolicies`,
                problems,
            ),
        );
        const assignedGroups = new Map<string, number>();
        (permissionSet.assign ?? []).forEach((assignment, assignmentIndex) => {
            const assignAt = `${setAt}.assign[${assignmentIndex}]`;
            if (!groupNames.includes(assignment.group)) {
                problems.push({
                    path: `${assignAt}.group`,
                    message: `"${assignment.group}" is not one of identityCenter.groups; allowed: ${groupNames.join(", ")}`,
                });
            }
            checkUnique(assignedGroups, assignment.group, assignmentIndex, `${assignAt}.group`, "group", `${setAt}.assign`, problems);
            const accountIds = new Map<string, number>();
            assignment.accounts.forEach((accountId, accountIndex) =>
                checkUnique(
                    accountIds,
                    accountId,
                    accountIndex,
                    `${assignAt}.accounts[${accountIndex}]`,
                    "AWS account id",
                    `${assignAt}.accounts`,
                    problems,
                ),
            );
        });
        return {
            name: permissionSet.name,
            description: permissionSet.description ?? `Permission set ${permissionSet.name} (${stack})`,
            sessionDuration,
            sessionDurationSeconds: seconds ?? 0,
            relayState: permissionSet.relayState,
            managedPolicyArns: permissionSet.managedPolicyArns ?? [],
            inlinePolicy: permissionSet.inlinePolicy as Record<string, unknown> | undefined,
            customerManagedPolicies: permissionSet.customerManagedPolicies ?? [],
            permissionsBoundary: permissionSet.permissionsBoundary,
            assignments: (permissionSet.assign ?? []).map((assignment) => ({ group: assignment.group, accountIds: assignment.accounts })),
        };
    });
    return {
        instanceArn: configured.instanceArn,
        identityStoreId: configured.identityStoreId,
        region: configured.region,
        deployRoleArn: configured.deployRoleArn,
        samlIssuer: configured.samlIssuer,
        samlAcsUrl: configured.samlAcsUrl,
        scimEndpoint: configured.scimEndpoint,
        scimTokenExpiresAt: configured.scimTokenExpiresAt,
        startUrl: configured.startUrl ?? `https://${configured.identityStoreId}.awsapps.com/start`,
        displayName: configured.displayName ?? `AWS IAM Identity Center (${stack})`,
        activeSigningCertificate: configured.activeSigningCertificate,
        synchronizationTemplateId: configured.synchronizationTemplateId ?? IDENTITY_CENTER_SYNCHRONIZATION_TEMPLATE_ID,
        provisioningRuleId: configured.provisioningRuleId ?? IDENTITY_CENTER_PROVISIONING_RULE_ID,
        groupLookupTimeoutSeconds: configured.groupLookupTimeoutSeconds ?? DEFAULT_GROUP_LOOKUP_TIMEOUT_SECONDS,
        groups: configured.groups,
        permissionSets,
    };
}
