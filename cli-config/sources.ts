import { z } from "zod";
import { identifierUri, signInSamlEndpoint } from "../components/documents/aws-sign-in-endpoints";
import { iamRoleArn } from "../components/documents/iam-arns";
import type { IdentityCenterConfig, StackConfig } from "../components/stack-config";
import { CliConfigError } from "./errors";

/** A group that grants access: its object id, and its display name when the config knows it. */
export interface GroupReference {
    readonly objectId: string;
    readonly displayName?: string;
}

/** One IAM role of the per-account path, as the CLI tools need it. */
export interface FederatedRole {
    readonly name: string;
    readonly arn: string;
    /** The role's MaxSessionDuration, seconds. */
    readonly maxSessionDuration: number;
    /** UPNs assigned to the role (the test user included). */
    readonly assignedUsers: readonly string[];
    /** Groups assigned to the role. */
    readonly assignedGroups: readonly GroupReference[];
}

/** One AWS account of the per-account path: its gallery-app instance and roles. */
export interface FederatedAccount {
    /** Logical account name from config. */
    readonly name: string;
    readonly accountId: string;
    /** The instance's identifier: aws-azure-login's "App ID URI". */
    readonly identifierUri: string;
    /** The reply URL, also the `SAML:aud` every role of the account trusts. */
    readonly replyUrl: string;
    /** The instance's client id: saml2aws's `app_id`. Known only once deployed (stack outputs). */
    readonly applicationId?: string;
    /** The account's AWS region, when known (config). */
    readonly region?: string;
    readonly roles: readonly FederatedRole[];
}

/** The per-account SAML path of one stack, from its config or its outputs. */
export interface PerAccountFederation {
    readonly tenantId: string;
    /** The SessionDuration claim every app sends, seconds. */
    readonly sessionDuration: number;
    readonly accounts: readonly FederatedAccount[];
}

/** The Identity Center path of one stack, as the aws-sso generator needs it (`identityCenterAccess` fills it from config). */
export interface IdentityCenterAccess {
    /** The AWS access portal URL (`https://<identityStoreId>.awsapps.com/start` by default). */
    readonly startUrl: string;
    /** Identity Center's home region. */
    readonly region: string;
    /** Entra groups provisioned to Identity Center. */
    readonly groups: readonly { readonly objectId: string; readonly displayName: string }[];
    readonly permissionSets: readonly {
        readonly name: string;
        /** ISO 8601, PT1H..PT12H: Identity Center enforces it, the CLI asks for nothing longer. */
        readonly sessionDuration?: string;
        /** Group display names, each with the AWS account ids it gets this permission set in. */
        readonly assign: readonly { readonly group: string; readonly accounts: readonly string[] }[];
    }[];
}

/** The AWS access portal of an identity store when `startUrl` is not configured. */
export function defaultStartUrl(identityStoreId: string): string {
    return `https://${identityStoreId}.awsapps.com/start`;
}

/** The Identity Center path from the config contract's resolved `identityCenter` block. */
export function identityCenterAccess(block: IdentityCenterConfig): IdentityCenterAccess {
    return {
        startUrl: block.startUrl || defaultStartUrl(block.identityStoreId),
        region: block.region,
        groups: block.groups,
        permissionSets: block.permissionSets.map((permissionSet) => ({
            name: permissionSet.name,
            sessionDuration: permissionSet.sessionDuration,
            assign: permissionSet.assignments.map((assignment) => ({ group: assignment.group, accounts: assignment.accountIds })),
        })),
    };
}

/** The Identity Center path of a parsed config, or undefined when it has none. */
export function identityCenterFromConfig(config: StackConfig): IdentityCenterAccess | undefined {
    return config.identityCenter && identityCenterAccess(config.identityCenter);
}

/** Logical names and regions of AWS accounts, to name Identity Center profiles after them. */
export interface AccountDirectory {
    readonly [accountId: string]: { readonly name: string; readonly region?: string };
}

/** The per-account path from config alone: everything but the client ids, which exist only after `pulumi up`. */
export function perAccountFromConfig(config: StackConfig, tenantId: string | undefined): PerAccountFederation {
    if (tenantId === undefined) {
        throw new CliConfigError(
            "azuread:tenantId is not set in the stack config; set it, or pass --outputs from `pulumi stack output --json`",
        );
    }
    return {
        tenantId,
        sessionDuration: config.sessionDuration,
        accounts: config.accounts.map((account) => ({
            name: account.name,
            accountId: account.accountId,
            identifierUri: identifierUri(account.identifierSuffix),
            replyUrl: signInSamlEndpoint(account.signInRegion),
            region: account.region,
            roles: account.roles.map((role) => ({
                name: role.name,
                arn: iamRoleArn(account.accountId, role.name),
                maxSessionDuration: role.maxSessionDuration,
                ...assignmentsOf(config, account.name, role.name),
            })),
        })),
    };
}

const roleOutputsSchema = z.object({
    arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: "is not an IAM role ARN" }),
    maxSessionDuration: z.number({ error: "is not a number of seconds" }).int(),
});

const accountOutputsSchema = z.object({
    accountId: z.string().regex(/^\d{12}$/, { error: "is not a 12-digit AWS account id" }),
    identifierUri: z.string().min(1),
    replyUrl: z.string().min(1),
    applicationId: z.guid({ error: "is not a client id (UUID)" }),
    roles: z.record(z.string(), roleOutputsSchema),
});

/** The part of `pulumi stack output --json` the generators read. */
const stackOutputsSchema = z.object({
    tenantId: z.guid({ error: "is not a tenant id (UUID)" }),
    sessionDuration: z.number({ error: "is not a number of seconds" }).int(),
    accounts: z.record(z.string(), accountOutputsSchema).optional(),
});

export type SsoOutputsForCli = z.infer<typeof stackOutputsSchema>;

/** Validates `pulumi stack output --json` (or the program's own outputs), naming the key path of each problem. */
export function parseStackOutputs(value: unknown, source: string): SsoOutputsForCli {
    const result = stackOutputsSchema.safeParse(value);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => `  - ${issue.path.map(String).join(".") || "(top level)"}: ${issue.message}`);
        throw new CliConfigError(
            `${source} is not this stack's outputs (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.join("\n")}`,
        );
    }
    return result.data;
}

/**
 * The per-account path from the stack outputs (the deployed values), with regions and assignments
 * from the config when it is given; accounts are the ones the outputs have.
 */
export function perAccountFromOutputs(outputs: SsoOutputsForCli, config?: StackConfig): PerAccountFederation {
    return {
        tenantId: outputs.tenantId,
        sessionDuration: outputs.sessionDuration,
        accounts: Object.entries(outputs.accounts ?? {}).map(([name, account]) => {
            const configured = config?.accounts.find((candidate) => candidate.name === name);
            return {
                name,
                accountId: account.accountId,
                identifierUri: account.identifierUri,
                replyUrl: account.replyUrl,
                applicationId: account.applicationId,
                region: configured?.region,
                roles: Object.entries(account.roles).map(([roleName, role]) => ({
                    name: roleName,
                    arn: role.arn,
                    maxSessionDuration: role.maxSessionDuration,
                    ...(config ? assignmentsOf(config, name, roleName) : { assignedUsers: [], assignedGroups: [] }),
                })),
            };
        }),
    };
}

/** Accounts of the per-account path by id, for naming Identity Center profiles. */
export function accountDirectory(config: StackConfig | undefined): AccountDirectory {
    return Object.fromEntries(
        (config?.accounts ?? []).map((account) => [account.accountId, { name: account.name, region: account.region }]),
    );
}

function assignmentsOf(
    config: StackConfig,
    accountName: string,
    roleName: string,
): Pick<FederatedRole, "assignedUsers" | "assignedGroups"> {
    const role = config.accounts.find((account) => account.name === accountName)?.roles.find((candidate) => candidate.name === roleName);
    const testUser = config.testUser;
    const testUserHasRole = testUser?.roles.some((grant) => grant.accountName === accountName && grant.roleName === roleName) ?? false;
    return {
        assignedUsers: [...(role?.assignUsers ?? []), ...(testUser && testUserHasRole ? [testUser.userPrincipalName] : [])],
        assignedGroups: (role?.assignGroups ?? []).map((objectId) => ({ objectId })),
    };
}
