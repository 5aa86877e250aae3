import { parseAppRoleValue } from "../components/documents/app-role-value";
import { parseIamArn } from "../components/documents/iam-arns";
import {
    AwsAccountReader,
    CallerIdentity,
    LiveAccessKey,
    LiveAccessKeyLastUsed,
    LiveLoginProfile,
    LivePasswordPolicy,
    LiveRole,
    LiveSamlProvider,
    LiveUser,
} from "../live/aws-account-reader";
import {
    GraphAppRoleAssignment,
    GraphClaimsMappingPolicy,
    GraphReader,
    GraphServicePrincipal,
    GraphSynchronizationJob,
} from "../live/graph-reader";
import { LiveReadError } from "../live/read-failure";
import { ExpectedAccount, ExpectedDeployment, ExpectedIdentityCenter } from "./expected-deployment";

/** The answer to one read, or why there is none. */
export type Reading<T> =
    | { readonly ok: true; readonly value: T }
    | {
          readonly ok: false;
          readonly failure: LiveReadError;
          /** What could not be checked because of it, e.g. "root MFA and root access keys". */
          readonly blocks: string;
          /** The object the read was about. */
          readonly resource: string;
      };

/** What the doctor read of one account, on both clouds. An absent reading was not attempted (an earlier one failed, or it was not needed). */
export interface AccountSnapshot {
    readonly caller?: Reading<CallerIdentity>;
    readonly servicePrincipal?: Reading<GraphServicePrincipal | undefined>;
    readonly claimsMappingPolicies?: Reading<readonly GraphClaimsMappingPolicy[]>;
    readonly appRoleAssignedTo?: Reading<readonly GraphAppRoleAssignment[]>;
    readonly synchronizationJobs?: Reading<readonly GraphSynchronizationJob[]>;
    readonly samlProvider?: Reading<LiveSamlProvider | undefined>;
    /** By role name: the configured roles and those the app roles name in this account. */
    readonly roles: Readonly<Record<string, Reading<LiveRole | undefined>>>;
    readonly roleImportUser?: Reading<LiveUser | undefined>;
    readonly roleImportKeys?: Reading<readonly LiveAccessKey[]>;
    readonly roleImportKeysLastUsed: Readonly<Record<string, Reading<LiveAccessKeyLastUsed>>>;
    readonly accountSummary?: Reading<Readonly<Record<string, number>>>;
    readonly passwordPolicy?: Reading<LivePasswordPolicy | undefined>;
    readonly aliases?: Reading<readonly string[]>;
    readonly users?: Reading<readonly LiveUser[]>;
    readonly loginProfiles: Readonly<Record<string, Reading<LiveLoginProfile | undefined>>>;
}

/** What the doctor read of the Identity Center app, Graph only (the AWS side is not read). */
export interface IdentityCenterSnapshot {
    readonly servicePrincipal: Reading<GraphServicePrincipal | undefined>;
    readonly appRoleAssignedTo?: Reading<readonly GraphAppRoleAssignment[]>;
    readonly synchronizationJobs?: Reading<readonly GraphSynchronizationJob[]>;
}

/** Everything read of a deployment: each deployed account by name, and the Identity Center app when the stack has one. */
export interface DeploymentSnapshot {
    readonly accounts: Readonly<Record<string, AccountSnapshot>>;
    readonly identityCenter?: IdentityCenterSnapshot;
}

/** Opens the reader of one account; the command passes the real one, tests may pass the same against stand-ins. */
export type AwsReaderFactory = (account: ExpectedAccount) => AwsAccountReader;

/** A failure that is not a classified read failure (a bug, a malformed answer) still becomes a finding, never a crash. */
function asLiveReadError(error: unknown, operation: string): LiveReadError {
    if (error instanceof LiveReadError) return error;
    const service = operation.startsWith("GET") ? "graph" : operation.startsWith("sts:") ? "sts" : "iam";
    return new LiveReadError(
        "failed",
        service,
        operation,
        operation,
        `${operation} failed: ${(error as Error)?.message ?? String(error)}`,
        { status: 0, attempts: 1 },
    );
}

async function read<T>(operation: string, resource: string, blocks: string, call: () => Promise<T>): Promise<Reading<T>> {
    try {
        return { ok: true, value: await call() };
    } catch (error) {
        return { ok: false, failure: asLiveReadError(error, operation), blocks, resource };
    }
}

/** The role names of app roles (`<role ARN>,<provider ARN>`) that point into this account. */
export function appRoleTargets(servicePrincipal: GraphServicePrincipal | undefined, accountId: string): string[] {
    const names: string[] = [];
    for (const role of servicePrincipal?.appRoles ?? []) {
        const parts = role.value ? parseAppRoleValue(role.value) : undefined;
        const arn = parts && parseIamArn(parts.roleArn);
        if (arn && arn.accountId === accountId) names.push(arn.name);
    }
    return names;
}

/** Reads, Get/List only, everything the checks of one account need: Graph first (the app roles say which IAM roles to read), then AWS. */
export async function readAccountSnapshot(expected: ExpectedAccount, graph: GraphReader, aws: AwsAccountReader): Promise<AccountSnapshot> {
    const sp = expected.servicePrincipalObjectId;
    const spResource = `servicePrincipal ${sp}`;
    const servicePrincipal = await read(
        "GET /v1.0/servicePrincipals/{id}",
        spResource,
        "signing keys, app roles and assignment settings",
        () => graph.findServicePrincipal(sp),
    );
    const spExists = servicePrincipal.ok && servicePrincipal.value !== undefined;
    const claimsMappingPolicies = spExists
        ? await read("GET /v1.0/servicePrincipals/{id}/claimsMappingPolicies", spResource, "the claims mapping policy", () =>
              graph.listClaimsMappingPolicies(sp),
          )
        : undefined;
    const appRoleAssignedTo = spExists
        ? await read("GET /v1.0/servicePrincipals/{id}/appRoleAssignedTo", spResource, "app role assignments", () =>
              graph.listAppRoleAssignedTo(sp),
          )
        : undefined;
    const synchronizationJobs =
        spExists && expected.provisioning
            ? await read("GET /v1.0/servicePrincipals/{id}/synchronization/jobs", spResource, "the role import job", () =>
                  graph.listSynchronizationJobs(sp),
              )
            : undefined;

    const roles: Record<string, Reading<LiveRole | undefined>> = {};
    const roleImportKeysLastUsed: Record<string, Reading<LiveAccessKeyLastUsed>> = {};
    const loginProfiles: Record<string, Reading<LiveLoginProfile | undefined>> = {};
    const accountResource = `AWS account ${expected.accountId}`;
    const caller = await read("sts:GetCallerIdentity", accountResource, "the AWS side of this account", () => aws.callerIdentity());
    const snapshot = {
        servicePrincipal,
        claimsMappingPolicies,
        appRoleAssignedTo,
        synchronizationJobs,
        caller,
        roles,
        roleImportKeysLastUsed,
        loginProfiles,
    };
    if (!caller.ok || caller.value.account !== expected.accountId) return snapshot;

    const samlProvider = await read("iam:GetSAMLProvider", expected.samlProviderArn, "the SAML provider's metadata and ValidUntil", () =>
        aws.findSamlProvider(expected.samlProviderArn),
    );
    const roleNames = [
        ...new Set([
            ...expected.roles.map((role) => role.name),
            ...appRoleTargets(servicePrincipal.ok ? servicePrincipal.value : undefined, expected.accountId),
        ]),
    ];
    for (const name of roleNames) {
        roles[name] = await read(
            "iam:GetRole",
            `arn:aws:iam::${expected.accountId}:role/${name}`,
            "the role's existence, trust and session length",
            () => aws.findRole(name),
        );
    }

    let roleImportUser: Reading<LiveUser | undefined> | undefined;
    let roleImportKeys: Reading<readonly LiveAccessKey[]> | undefined;
    if (expected.provisioning) {
        const userArn = `arn:aws:iam::${expected.accountId}:user/${expected.roleImportUserName}`;
        roleImportUser = await read("iam:GetUser", userArn, "the role-import reader", () => aws.findUser(expected.roleImportUserName));
        if (roleImportUser.ok && roleImportUser.value) {
            roleImportKeys = await read("iam:ListAccessKeys", userArn, "the reader's access keys", () =>
                aws.listAccessKeys(expected.roleImportUserName),
            );
            for (const key of roleImportKeys.ok ? roleImportKeys.value : []) {
                roleImportKeysLastUsed[key.accessKeyId] = await read(
                    "iam:GetAccessKeyLastUsed",
                    `access key ${key.accessKeyId}`,
                    "when the reader's key was last used",
                    () => aws.getAccessKeyLastUsed(key.accessKeyId),
                );
            }
        }
    }

    const accountSummary = await read("iam:GetAccountSummary", accountResource, "root MFA and root access keys", () =>
        aws.getAccountSummary(),
    );
    const passwordPolicy = await read("iam:GetAccountPasswordPolicy", accountResource, "the account password policy", () =>
        aws.findAccountPasswordPolicy(),
    );
    const aliases = await read("iam:ListAccountAliases", accountResource, "the account alias", () => aws.listAccountAliases());
    const users = await read("iam:ListUsers", accountResource, "IAM users with console passwords", () => aws.listUsers());
    for (const user of users.ok ? users.value : []) {
        loginProfiles[user.name] = await read("iam:GetLoginProfile", user.arn, "whether this user has a console password", () =>
            aws.findLoginProfile(user.name),
        );
    }
    return { ...snapshot, samlProvider, roleImportUser, roleImportKeys, accountSummary, passwordPolicy, aliases, users };
}

/** Reads, GET only, the Identity Center app's service principal, then its assignments and SCIM job when it exists. */
export async function readIdentityCenterSnapshot(expected: ExpectedIdentityCenter, graph: GraphReader): Promise<IdentityCenterSnapshot> {
    const sp = expected.servicePrincipalObjectId;
    const spResource = `servicePrincipal ${sp}`;
    const servicePrincipal = await read(
        "GET /v1.0/servicePrincipals/{id}",
        spResource,
        "the Identity Center app's signing keys and assignment setting",
        () => graph.findServicePrincipal(sp),
    );
    if (!servicePrincipal.ok || servicePrincipal.value === undefined) return { servicePrincipal };
    const appRoleAssignedTo = await read(
        "GET /v1.0/servicePrincipals/{id}/appRoleAssignedTo",
        spResource,
        "which groups are assigned to the Identity Center app",
        () => graph.listAppRoleAssignedTo(sp),
    );
    const synchronizationJobs = await read(
        "GET /v1.0/servicePrincipals/{id}/synchronization/jobs",
        spResource,
        "the SCIM provisioning job",
        () => graph.listSynchronizationJobs(sp),
    );
    return { servicePrincipal, appRoleAssignedTo, synchronizationJobs };
}

/** Snapshots of every deployed account, one after the other (IAM's rate limits are per account, Graph's per tenant), then of the Identity Center app. */
export async function readDeploymentSnapshot(
    expected: ExpectedDeployment,
    graph: GraphReader,
    openAws: AwsReaderFactory,
): Promise<DeploymentSnapshot> {
    const accounts: Record<string, AccountSnapshot> = {};
    for (const account of expected.accounts) {
        const aws = openAws(account);
        try {
            accounts[account.name] = await readAccountSnapshot(account, graph, aws);
        } finally {
            aws.close();
        }
    }
    const identityCenter = expected.identityCenter ? await readIdentityCenterSnapshot(expected.identityCenter, graph) : undefined;
    return { accounts, identityCenter };
}
