import * as iam from "@aws-sdk/client-iam";
import * as sts from "@aws-sdk/client-sts";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { awsReadFailure, isReadFailure, LiveReadError } from "./read-failure";

/** Static AWS credentials, as the SDK takes them. */
export type AwsCredentialIdentity = {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
    readonly expiration?: Date;
};
/** A function the SDK calls for credentials, for example to renew an assumed role's. */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

// Read-only access to one AWS account through the official SDK v3 clients. Endpoints follow the SDK's own
// configuration (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS, endpoint_url in a profile), and
// credentials its default chain, so nothing here names a host. The only calls are Get*/List* on IAM and
// GetCallerIdentity/AssumeRole on STS.

/** How the doctor (or adopt) reaches one account, as the Pulumi program does. */
export interface AwsAccountTarget {
    /** The account the caller expects; `callerIdentity()` tells whether the credentials reach it. */
    readonly accountId: string;
    /** Region of the SDK clients (IAM itself is global in the aws partition). */
    readonly region: string;
    /** Role assumed with the ambient credentials first (the account's `deployRoleArn`, or a read-only role). */
    readonly roleArn?: string;
    /** Session name of the assumed role, shown in CloudTrail. */
    readonly roleSessionName?: string;
}

/** Retries of one call: throttling, 5xx and dropped connections, with backoff. */
export interface AwsRetryOptions {
    /** Attempts per call, the first one included. */
    readonly maxAttempts: number;
    /** Wait before retry number `attempt` (1-based), in ms. */
    readonly backoffMs: (attempt: number) => number;
}

/** Exponential with full jitter, 0.5 s doubling to at most 20 s; 6 attempts cover IAM's usual throttling burst. */
export const DEFAULT_AWS_RETRY: AwsRetryOptions = {
    maxAttempts: 6,
    backoffMs: (attempt) => Math.random() * Math.min(20_000, 500 * 2 ** (attempt - 1)),
};

export interface AwsReaderOptions {
    /** Overrides of DEFAULT_AWS_RETRY; tests make the backoff instant. */
    readonly retry?: Partial<AwsRetryOptions>;
    /** Credentials used directly, or to assume `roleArn`; default: the SDK's default provider chain. */
    readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** Who the credentials are. */
export interface CallerIdentity {
    readonly account: string;
    readonly arn: string;
    readonly userId: string;
}

/** An IAM SAML identity provider as GetSAMLProvider returns it. */
export interface LiveSamlProvider {
    readonly arn: string;
    readonly metadataDocument: string;
    readonly createDate?: Date;
    readonly validUntil?: Date;
}

/** An IAM role; the trust policy decoded from IAM's URL encoding. */
export interface LiveRole {
    readonly name: string;
    readonly arn: string;
    readonly path: string;
    readonly roleId: string;
    readonly createDate?: Date;
    readonly description?: string;
    readonly maxSessionDuration: number;
    /** The trust policy document, parsed; undefined when IAM returned none or it is not JSON. */
    readonly trustPolicy?: unknown;
    /** The trust policy text as IAM stores it (decoded). */
    readonly trustPolicyText?: string;
    /** Absent from ListRoles results: only GetRole returns it. */
    readonly permissionsBoundaryArn?: string;
    readonly tags: Readonly<Record<string, string>>;
}

/** A managed policy attached to a role or user. */
export interface AttachedPolicy {
    readonly policyName: string;
    readonly policyArn: string;
}

/** An inline (role or user) policy. */
export interface InlinePolicy {
    readonly policyName: string;
    readonly document: unknown;
}

/** A customer-managed policy (GetPolicy) and its default version's document (GetPolicyVersion). */
export interface LiveManagedPolicy {
    readonly arn: string;
    readonly name: string;
    readonly path: string;
    readonly description?: string;
    readonly defaultVersionId: string;
    readonly attachmentCount: number;
    /** The default version's document, parsed; undefined when it is not JSON. */
    readonly document?: unknown;
}

export interface LiveUser {
    readonly name: string;
    readonly arn: string;
    readonly userId: string;
    readonly path: string;
    readonly createDate?: Date;
    /** Last console sign-in; absent when the user never signed in with a password (or IAM has not recorded it). */
    readonly passwordLastUsed?: Date;
}

/** A console password (login profile). */
export interface LiveLoginProfile {
    readonly userName: string;
    readonly createDate?: Date;
    readonly passwordResetRequired: boolean;
}

export interface LiveAccessKey {
    readonly userName: string;
    readonly accessKeyId: string;
    readonly status: "Active" | "Inactive" | string;
    readonly createDate?: Date;
}

export interface LiveAccessKeyLastUsed {
    readonly accessKeyId: string;
    /** Absent when the key was never used (IAM reports ServiceName "N/A"). */
    readonly lastUsedDate?: Date;
    readonly serviceName?: string;
    readonly region?: string;
}

export interface LivePasswordPolicy {
    readonly minimumPasswordLength?: number;
    readonly requireSymbols?: boolean;
    readonly requireNumbers?: boolean;
    readonly requireUppercaseCharacters?: boolean;
    readonly requireLowercaseCharacters?: boolean;
    readonly allowUsersToChangePassword?: boolean;
    readonly expirePasswords?: boolean;
    readonly maxPasswordAge?: number;
    readonly passwordReusePrevention?: number;
    readonly hardExpiry?: boolean;
}

/** Read-only IAM and STS calls in one account, each failure a classified LiveReadError. */
export class AwsAccountReader {
    private constructor(
        public readonly target: AwsAccountTarget,
        private readonly iamClient: iam.IAMClient,
        private readonly stsClient: sts.STSClient,
    ) {}

    /** Clients for one account; assumes `target.roleArn` (lazily, on the first call) when set. */
    public static open(target: AwsAccountTarget, options: AwsReaderOptions = {}): AwsAccountReader {
        const retry = { ...DEFAULT_AWS_RETRY, ...options.retry };
        const retryStrategy = new ConfiguredRetryStrategy(retry.maxAttempts, (attempt) => retry.backoffMs(attempt));
        const base = { region: target.region, retryStrategy, ...(options.credentials ? { credentials: options.credentials } : {}) };
        const ambientSts = new sts.STSClient(base);
        const credentials = target.roleArn
            ? assumedRoleCredentials(ambientSts, target.roleArn, target.roleSessionName ?? "azuread-aws-sso-reader")
            : options.credentials;
        const config = { ...base, ...(credentials ? { credentials } : {}) };
        return new AwsAccountReader(target, new iam.IAMClient(config), target.roleArn ? new sts.STSClient(config) : ambientSts);
    }

    /** Releases the HTTP agents. */
    public close(): void {
        this.iamClient.destroy();
        this.stsClient.destroy();
    }

    public async callerIdentity(): Promise<CallerIdentity> {
        const out = await this.sts("GetCallerIdentity", () => this.stsClient.send(new sts.GetCallerIdentityCommand({})));
        return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
    }

    /** The SAML provider, or undefined when it does not exist. */
    public async findSamlProvider(arn: string): Promise<LiveSamlProvider | undefined> {
        const out = await this.optional("GetSAMLProvider", () =>
            this.iamClient.send(new iam.GetSAMLProviderCommand({ SAMLProviderArn: arn })),
        );
        if (!out) return undefined;
        return { arn, metadataDocument: out.SAMLMetadataDocument ?? "", createDate: out.CreateDate, validUntil: out.ValidUntil };
    }

    public async listSamlProviders(): Promise<{ readonly arn: string; readonly createDate?: Date; readonly validUntil?: Date }[]> {
        const out = await this.iam("ListSAMLProviders", () => this.iamClient.send(new iam.ListSAMLProvidersCommand({})));
        return (out.SAMLProviderList ?? []).map((entry) => ({
            arn: entry.Arn ?? "",
            createDate: entry.CreateDate,
            validUntil: entry.ValidUntil,
        }));
    }

    /** The role, or undefined when it does not exist. */
    public async findRole(roleName: string): Promise<LiveRole | undefined> {
        const out = await this.optional("GetRole", () => this.iamClient.send(new iam.GetRoleCommand({ RoleName: roleName })));
        return out?.Role ? liveRole(out.Role) : undefined;
    }

    /** Every role (all pages), optionally under a path prefix. */
    public async listRoles(pathPrefix?: string): Promise<LiveRole[]> {
        return this.pages("ListRoles", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListRolesCommand({ Marker, PathPrefix: pathPrefix }));
            return { items: (out.Roles ?? []).map(liveRole), marker: out.IsTruncated ? out.Marker : undefined };
        });
    }

    public async listAttachedRolePolicies(roleName: string): Promise<AttachedPolicy[]> {
        return this.pages("ListAttachedRolePolicies", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }));
            return { items: (out.AttachedPolicies ?? []).map(attachedPolicy), marker: out.IsTruncated ? out.Marker : undefined };
        });
    }

    /** Inline policies of a role with their documents (ListRolePolicies, then GetRolePolicy for each). */
    public async listRoleInlinePolicies(roleName: string): Promise<InlinePolicy[]> {
        const names = await this.pages("ListRolePolicies", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListRolePoliciesCommand({ RoleName: roleName, Marker }));
            return { items: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined };
        });
        const policies: InlinePolicy[] = [];
        for (const policyName of names) {
            const out = await this.iam("GetRolePolicy", () =>
                this.iamClient.send(new iam.GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
            );
            policies.push({ policyName, document: decodePolicy(out.PolicyDocument).document });
        }
        return policies;
    }

    /** The user, or undefined when it does not exist. */
    public async findUser(userName: string): Promise<LiveUser | undefined> {
        const out = await this.optional("GetUser", () => this.iamClient.send(new iam.GetUserCommand({ UserName: userName })));
        return out?.User ? liveUser(out.User) : undefined;
    }

    public async listUsers(): Promise<LiveUser[]> {
        return this.pages("ListUsers", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListUsersCommand({ Marker }));
            return { items: (out.Users ?? []).map(liveUser), marker: out.IsTruncated ? out.Marker : undefined };
        });
    }

    /** The user's console password, or undefined when it has none. */
    public async findLoginProfile(userName: string): Promise<LiveLoginProfile | undefined> {
        const out = await this.optional("GetLoginProfile", () =>
            this.iamClient.send(new iam.GetLoginProfileCommand({ UserName: userName })),
        );
        if (!out?.LoginProfile) return undefined;
        return {
            userName,
            createDate: out.LoginProfile.CreateDate,
            passwordResetRequired: out.LoginProfile.PasswordResetRequired ?? false,
        };
    }

    public async listAccessKeys(userName: string): Promise<LiveAccessKey[]> {
        return this.pages("ListAccessKeys", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListAccessKeysCommand({ UserName: userName, Marker }));
            const items = (out.AccessKeyMetadata ?? []).map((key) => ({
                userName: key.UserName ?? userName,
                accessKeyId: key.AccessKeyId ?? "",
                status: key.Status ?? "",
                createDate: key.CreateDate,
            }));
            return { items, marker: out.IsTruncated ? out.Marker : undefined };
        });
    }

    public async getAccessKeyLastUsed(accessKeyId: string): Promise<LiveAccessKeyLastUsed> {
        const out = await this.iam("GetAccessKeyLastUsed", () =>
            this.iamClient.send(new iam.GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })),
        );
        const used = out.AccessKeyLastUsed;
        return { accessKeyId, lastUsedDate: used?.LastUsedDate, serviceName: used?.ServiceName, region: used?.Region };
    }

    public async listAttachedUserPolicies(userName: string): Promise<AttachedPolicy[]> {
        return this.pages("ListAttachedUserPolicies", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListAttachedUserPoliciesCommand({ UserName: userName, Marker }));
            return { items: (out.AttachedPolicies ?? []).map(attachedPolicy), marker: out.IsTruncated ? out.Marker : undefined };
        });
    }

    /** IAM's account summary: AccountMFAEnabled, AccountAccessKeysPresent, Users, Roles, quotas... */
    public async getAccountSummary(): Promise<Readonly<Record<string, number>>> {
        const out = await this.iam("GetAccountSummary", () => this.iamClient.send(new iam.GetAccountSummaryCommand({})));
        return { ...(out.SummaryMap ?? {}) } as Record<string, number>;
    }

    /** The account password policy, or undefined when the account has none. */
    public async findAccountPasswordPolicy(): Promise<LivePasswordPolicy | undefined> {
        const out = await this.optional("GetAccountPasswordPolicy", () => this.iamClient.send(new iam.GetAccountPasswordPolicyCommand({})));
        const policy = out?.PasswordPolicy;
        if (!policy) return undefined;
        return {
            minimumPasswordLength: policy.MinimumPasswordLength,
            requireSymbols: policy.RequireSymbols,
            requireNumbers: policy.RequireNumbers,
            requireUppercaseCharacters: policy.RequireUppercaseCharacters,
            requireLowercaseCharacters: policy.RequireLowercaseCharacters,
            allowUsersToChangePassword: policy.AllowUsersToChangePassword,
            expirePasswords: policy.ExpirePasswords,
            maxPasswordAge: policy.MaxPasswordAge,
            passwordReusePrevention: policy.PasswordReusePrevention,
            hardExpiry: policy.HardExpiry,
        };
    }

    public async listAccountAliases(): Promise<string[]> {
        return this.pages("ListAccountAliases", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListAccountAliasesCommand({ Marker }));
            return { items: out.AccountAliases ?? [], marker: out.IsTruncated ? out.Marker : undefined };
        });
    }

    /** A managed policy with its default version's document, or undefined when it does not exist. */
    public async findManagedPolicy(policyArn: string): Promise<LiveManagedPolicy | undefined> {
        const out = await this.optional("GetPolicy", () => this.iamClient.send(new iam.GetPolicyCommand({ PolicyArn: policyArn })));
        const policy = out?.Policy;
        if (!policy) return undefined;
        const versionId = policy.DefaultVersionId ?? "v1";
        const version = await this.iam("GetPolicyVersion", () =>
            this.iamClient.send(new iam.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
        );
        return {
            arn: policy.Arn ?? policyArn,
            name: policy.PolicyName ?? "",
            path: policy.Path ?? "/",
            description: policy.Description,
            defaultVersionId: versionId,
            attachmentCount: policy.AttachmentCount ?? 0,
            document: decodePolicy(version.PolicyVersion?.Document).document,
        };
    }

    /** Names of a user's inline policies. */
    public async listUserInlinePolicyNames(userName: string): Promise<string[]> {
        return this.pages("ListUserPolicies", async (Marker) => {
            const out = await this.iamClient.send(new iam.ListUserPoliciesCommand({ UserName: userName, Marker }));
            return { items: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined };
        });
    }

    private async iam<T>(action: string, call: () => Promise<T>): Promise<T> {
        try {
            return await call();
        } catch (error) {
            throw asReadFailure(error, "iam", action);
        }
    }

    private async sts<T>(action: string, call: () => Promise<T>): Promise<T> {
        try {
            return await call();
        } catch (error) {
            throw asReadFailure(error, "sts", action);
        }
    }

    /** NoSuchEntity becomes undefined; every other failure is thrown. */
    private async optional<T>(action: string, call: () => Promise<T>): Promise<T | undefined> {
        try {
            return await this.iam(action, call);
        } catch (error) {
            if (isReadFailure(error, "not-found")) return undefined;
            throw error;
        }
    }

    private async pages<T>(action: string, page: (marker: string | undefined) => Promise<{ items: T[]; marker?: string }>): Promise<T[]> {
        const items: T[] = [];
        let marker: string | undefined;
        do {
            const result = await this.iam(action, () => page(marker));
            items.push(...result.items);
            marker = result.marker;
        } while (marker);
        return items;
    }
}

/** A failure while assuming the role keeps its own classification (sts:AssumeRole), whatever call needed it. */
function asReadFailure(error: unknown, service: "iam" | "sts", action: string): LiveReadError {
    if (error instanceof LiveReadError) return error;
    return awsReadFailure(error, service, action);
}

/** Credentials of `roleArn`, assumed with the ambient ones and renewed five minutes before they expire. */
function assumedRoleCredentials(client: sts.STSClient, roleArn: string, roleSessionName: string): AwsCredentialIdentityProvider {
    let current: AwsCredentialIdentity | undefined;
    let pending: Promise<AwsCredentialIdentity> | undefined;
    return async () => {
        if (current?.expiration && current.expiration.getTime() - Date.now() > 300_000) return current;
        pending ??= (async () => {
            try {
                const out = await client.send(new sts.AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: roleSessionName }));
                const issued = out.Credentials;
                if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error(`sts:AssumeRole ${roleArn} returned no credentials`);
                current = {
                    accessKeyId: issued.AccessKeyId,
                    secretAccessKey: issued.SecretAccessKey,
                    sessionToken: issued.SessionToken,
                    expiration: issued.Expiration,
                };
                return current;
            } catch (error) {
                const failure = asReadFailure(error, "sts", "AssumeRole");
                throw new LiveReadError(
                    failure.kind,
                    "sts",
                    "sts:AssumeRole",
                    "sts:AssumeRole",
                    `${failure.message} Role: ${roleArn}.`,
                    failure.detail,
                );
            } finally {
                pending = undefined;
            }
        })();
        return pending;
    };
}

function liveRole(role: iam.Role): LiveRole {
    const trust = decodePolicy(role.AssumeRolePolicyDocument);
    return {
        name: role.RoleName ?? "",
        arn: role.Arn ?? "",
        path: role.Path ?? "/",
        roleId: role.RoleId ?? "",
        createDate: role.CreateDate,
        description: role.Description,
        maxSessionDuration: role.MaxSessionDuration ?? 3600,
        trustPolicy: trust.document,
        trustPolicyText: trust.text,
        permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
        tags: Object.fromEntries((role.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
    };
}

function liveUser(user: iam.User): LiveUser {
    return {
        name: user.UserName ?? "",
        arn: user.Arn ?? "",
        userId: user.UserId ?? "",
        path: user.Path ?? "/",
        createDate: user.CreateDate,
        passwordLastUsed: user.PasswordLastUsed,
    };
}

function attachedPolicy(policy: iam.AttachedPolicy): AttachedPolicy {
    return { policyName: policy.PolicyName ?? "", policyArn: policy.PolicyArn ?? "" };
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicy(encoded: string | undefined): { text?: string; document?: unknown } {
    if (encoded === undefined) return {};
    let text = encoded;
    try {
        text = decodeURIComponent(encoded);
    } catch {
        // Not URL-encoded after all: keep it as it came.
    }
    try {
        return { text, document: JSON.parse(text) };
    } catch {
        return { text };
    }
}
