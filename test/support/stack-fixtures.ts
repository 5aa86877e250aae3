import { ProgramRun, RegisteredResource } from "../../offline/program/program-run";

export const TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

/** A small valid stack: one account, two roles. Tests copy and change it. */
export function baseStackConfig(): Record<string, any> {
    return {
        notificationEmails: ["identity-team@contoso.com"],
        accounts: [
            {
                name: "sandbox",
                accountId: "111122223333",
                roles: [
                    {
                        name: "Developer",
                        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                        assign: { groups: ["3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c"] },
                    },
                    { name: "ReadOnly", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
                ],
            },
        ],
    };
}

/** A second account to add to `baseStackConfig`. */
export function productionAccount(): Record<string, any> {
    return {
        name: "production",
        accountId: "444455556666",
        signInRegion: "eu-central-1",
        roles: [{ name: "Operator", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }],
    };
}

/** Raw Pulumi config as the engine passes it: namespaced keys, objects JSON-encoded. */
export function rawConfig(values: Record<string, unknown>, extra: Record<string, string> = {}): Record<string, string> {
    const raw: Record<string, string> = { "azuread:tenantId": TENANT_ID, "aws:region": "eu-central-1", ...extra };
    for (const [key, value] of Object.entries(values)) {
        raw[`azuread-aws-sso:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return raw;
}

/** The one registered resource of a type whose name ends with `nameSuffix`. */
export function resource(run: ProgramRun, type: string, nameSuffix: string): RegisteredResource {
    const found = run.resources.filter((candidate) => candidate.type === type && candidate.name.endsWith(nameSuffix));
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named *${nameSuffix}, found ${found.map((r) => r.name).join(", ") || "none"}`);
    }
    return found[0];
}

export function resourcesOfType(run: ProgramRun, type: string): RegisteredResource[] {
    return run.resources.filter((candidate) => candidate.type === type);
}

export const TYPES = {
    awsProvider: "pulumi:providers:aws",
    samlProvider: "aws:iam/samlProvider:SamlProvider",
    role: "aws:iam/role:Role",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamPolicy: "aws:iam/policy:Policy",
    iamUser: "aws:iam/user:User",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    accessKey: "aws:iam/accessKey:AccessKey",
    applicationFromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    identifierUri: "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri",
    redirectUris: "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
    claimsMappingPolicy: "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy",
    claimsAssignment: "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment",
    signingCertificate: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
    appRole: "azuread:index/applicationAppRole:ApplicationAppRole",
    appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
    synchronizationSecret: "azuread:index/synchronizationSecret:SynchronizationSecret",
    synchronizationJob: "azuread:index/synchronizationJob:SynchronizationJob",
    azureUser: "azuread:index/user:User",
    conditionalAccess: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
    applicationOwner: "azuread:index/applicationOwner:ApplicationOwner",
} as const;

/** Group object ids of `identityCenterBlock`. */
export const IDENTITY_CENTER_GROUPS = {
    platformAdmins: { objectId: "0a1b2c3d-0000-4000-8000-000000000001", displayName: "aws-platform-admins" },
    developers: { objectId: "0a1b2c3d-0000-4000-8000-000000000002", displayName: "aws-developers" },
} as const;

const DAY_MS = 86_400_000;

/**
 * The SCIM token's expiry in the fixtures: midnight UTC 300 days after the run (Identity Center issues
 * tokens for a year), so no fixture ages into the expiry rules whatever day the suite runs.
 */
export const SCIM_TOKEN_EXPIRES_AT = new Date((Math.floor(Date.now() / DAY_MS) + 300) * DAY_MS).toISOString().replace(".000Z", "Z");

/**
 * A committed stack's raw config with its dated values moved to the fixtures' dates: the example stacks
 * carry real dates that age, and a test of the example must not start failing on the day they pass.
 */
export function withCurrentDates(config: Readonly<Record<string, string>>): Record<string, string> {
    const key = "azuread-aws-sso:identityCenter";
    if (config[key] === undefined) {
        return { ...config };
    }
    return { ...config, [key]: JSON.stringify({ ...JSON.parse(config[key]), scimTokenExpiresAt: SCIM_TOKEN_EXPIRES_AT }) };
}

/** A valid `identityCenter` block: two groups, two permission sets over two accounts. Tests copy and change it. */
export function identityCenterBlock(): Record<string, any> {
    return {
        instanceArn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
        identityStoreId: "d-9067a1b2c3",
        region: "eu-west-1",
        samlIssuer: "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9067a1b2c3",
        samlAcsUrl: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        scimEndpoint: "https://scim.eu-west-1.amazonaws.com/AbCdEf123/scim/v2/",
        scimTokenExpiresAt: SCIM_TOKEN_EXPIRES_AT,
        groups: [{ ...IDENTITY_CENTER_GROUPS.platformAdmins }, { ...IDENTITY_CENTER_GROUPS.developers }],
        permissionSets: [
            {
                name: "PlatformReadOnly",
                sessionDuration: "PT8H",
                managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                assign: [{ group: "aws-platform-admins", accounts: ["210987654321", "123456789012"] }],
            },
            {
                name: "Developer",
                sessionDuration: "PT4H",
                managedPolicyArns: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
                inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: "*" }] },
                customerManagedPolicies: [{ name: "platform-developer" }],
                permissionsBoundary: { customerManagedPolicy: { name: "platform-boundary", path: "/boundaries/" } },
                assign: [{ group: "aws-developers", accounts: ["123456789012"] }],
            },
        ],
    };
}

/** The secret SCIM token tests configure; never expected in an output. */
export const SCIM_TOKEN = "scim-token-3b1f0c9e-5d7a-4c2e-9f8b-6a4d2c1e0b9f";

/** Raw config for a stack with only the Identity Center path, its SCIM token included. */
export function identityCenterOnlyConfig(block: Record<string, any> = identityCenterBlock()): Record<string, string> {
    return rawConfig({ notificationEmails: ["identity-team@contoso.com"], identityCenter: block, identityCenterScimToken: SCIM_TOKEN });
}
