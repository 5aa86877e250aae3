import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { randomBytes, randomUUID } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { create } from "xmlbuilder2";

// A local stand-in for the IAM and STS Query APIs: form-encoded POSTs (`Action=...&Version=...`) whose SigV4
// signature it verifies with the caller's secret, answered with XML in the services' namespaces and their real error envelopes. Several accounts, each
// reached by an access key or by sts:AssumeRole. Only Get*/List* (and STS GetCallerIdentity/AssumeRole) are
// served: every other action is refused and recorded, so a test can prove that nothing wrote. 127.0.0.1 only.

const IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
const IAM_VERSION = "2010-05-08";
const STS_VERSION = "2011-06-15";
const STS_READ_ACTIONS = new Set(["GetCallerIdentity", "AssumeRole"]);

export interface StandInRole {
    readonly name: string;
    readonly path?: string;
    readonly description?: string;
    readonly maxSessionDuration?: number;
    /** Object (JSON-encoded by the stand-in) or text as IAM stores it. */
    readonly trustPolicy: unknown;
    readonly createDate?: Date;
    readonly permissionsBoundaryArn?: string;
    readonly attachedPolicyArns?: readonly string[];
    readonly inlinePolicies?: Readonly<Record<string, unknown>>;
    readonly tags?: Readonly<Record<string, string>>;
}

export interface StandInAccessKey {
    readonly accessKeyId: string;
    readonly status?: "Active" | "Inactive";
    readonly createDate: Date;
    /** Omitted: never used. */
    readonly lastUsed?: { readonly date: Date; readonly serviceName: string; readonly region: string };
}

export interface StandInUser {
    readonly name: string;
    readonly createDate?: Date;
    readonly passwordLastUsed?: Date;
    /** A console password. */
    readonly loginProfile?: { readonly createDate: Date; readonly passwordResetRequired?: boolean };
    readonly accessKeys?: readonly StandInAccessKey[];
    readonly attachedPolicyArns?: readonly string[];
}

/** A customer-managed policy with one (default) version. */
export interface StandInManagedPolicy {
    readonly name: string;
    readonly path?: string;
    readonly description?: string;
    readonly document: unknown;
    readonly versionId?: string;
}

export interface StandInSamlProvider {
    readonly name: string;
    readonly metadataDocument: string;
    readonly createDate?: Date;
    readonly validUntil?: Date;
}

/** Password policy fields as IAM names them. */
export type StandInPasswordPolicy = Partial<{
    MinimumPasswordLength: number;
    RequireSymbols: boolean;
    RequireNumbers: boolean;
    RequireUppercaseCharacters: boolean;
    RequireLowercaseCharacters: boolean;
    AllowUsersToChangePassword: boolean;
    ExpirePasswords: boolean;
    MaxPasswordAge: number;
    PasswordReusePrevention: number;
    HardExpiry: boolean;
}>;

/** The IAM state of one account. Mutable: tests break things the way someone in the console would. */
export class StandInAccount {
    public readonly samlProviders = new Map<string, StandInSamlProvider>();
    public readonly roles = new Map<string, StandInRole>();
    public readonly users = new Map<string, StandInUser>();
    /** Customer-managed policies by ARN. */
    public readonly policies = new Map<string, StandInManagedPolicy>();
    public summary: Record<string, number> = {
        AccountMFAEnabled: 1,
        AccountAccessKeysPresent: 0,
        Users: 0,
        Roles: 0,
        SAMLProvidersQuota: 100,
    };
    public passwordPolicy?: StandInPasswordPolicy;
    public aliases: string[] = [];

    constructor(public readonly accountId: string) {}

    public addSamlProvider(provider: StandInSamlProvider): this {
        this.samlProviders.set(`arn:aws:iam::${this.accountId}:saml-provider/${provider.name}`, provider);
        return this;
    }

    public addRole(role: StandInRole): this {
        this.roles.set(role.name, role);
        return this;
    }

    public addUser(user: StandInUser): this {
        this.users.set(user.name, user);
        return this;
    }

    /** Adds a customer-managed policy; its ARN is `arn:aws:iam::<account>:policy<path><name>`. */
    public addPolicy(policy: StandInManagedPolicy): string {
        const arn = `arn:aws:iam::${this.accountId}:policy${policy.path ?? "/"}${policy.name}`;
        this.policies.set(arn, policy);
        return arn;
    }
}

/** A scripted error for one action, served instead of the answer. */
export interface StandInFault {
    readonly status: number;
    readonly code: string;
    readonly message: string;
    readonly type?: "Sender" | "Receiver";
}

/** Error shapes IAM and STS return. */
export const IAM_FAILURES = {
    accessDenied: (principalArn: string, action: string, resource = "*"): StandInFault => ({
        status: 403,
        code: "AccessDenied",
        message: `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    }),
    throttling: (): StandInFault => ({ status: 400, code: "Throttling", message: "Rate exceeded" }),
    serviceFailure: (): StandInFault => ({ status: 500, code: "ServiceFailure", message: "Service Failure", type: "Receiver" }),
    invalidAction: (action: string): StandInFault => ({
        status: 400,
        code: "InvalidAction",
        message: `Could not find operation ${action} for version ${IAM_VERSION}`,
    }),
};

/** One request as received. */
export interface IamStandInRequest {
    readonly service: "iam" | "sts";
    readonly action: string;
    readonly params: Readonly<Record<string, string>>;
    readonly accessKeyId: string;
    /** The account the credentials belong to; "" when unknown. */
    readonly accountId: string;
    readonly contentType: string;
}

interface Principal {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
    readonly accountId: string;
    readonly arn: string;
    readonly userId: string;
}

export class IamStandIn {
    public readonly requests: IamStandInRequest[] = [];
    /** Calls refused because they are not reads. */
    public readonly refusedWrites: IamStandInRequest[] = [];
    public readonly accounts = new Map<string, StandInAccount>();
    /** Items per page of List* calls (IsTruncated/Marker), to exercise pagination. */
    public pageSize = 100;
    /** Role ARNs sts:AssumeRole refuses. */
    public readonly unassumableRoles = new Set<string>();
    private readonly principals = new Map<string, Principal>();
    private readonly faults = new Map<string, StandInFault[]>();

    private constructor(
        private readonly server: http.Server,
        public readonly endpoint: string,
    ) {}

    public static async start(): Promise<IamStandIn> {
        let standIn: IamStandIn | undefined;
        const server = http.createServer((req, res) => void standIn!.handle(req, res));
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", resolve);
        });
        standIn = new IamStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        return standIn;
    }

    public async stop(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    /** Forgets accounts, principals, faults and requests. */
    public reset(): void {
        this.requests.length = 0;
        this.refusedWrites.length = 0;
        this.accounts.clear();
        this.principals.clear();
        this.faults.clear();
        this.unassumableRoles.clear();
        this.pageSize = 100;
    }

    public account(accountId: string): StandInAccount {
        let account = this.accounts.get(accountId);
        if (!account) {
            account = new StandInAccount(accountId);
            this.accounts.set(accountId, account);
        }
        return account;
    }

    /** Long-term credentials of an IAM user in an account, as ambient credentials would be. */
    public addUserCredentials(accountId: string, userName: string, accessKeyId: string, secretAccessKey: string): void {
        this.principals.set(accessKeyId, {
            accessKeyId,
            secretAccessKey,
            accountId,
            arn: `arn:aws:iam::${accountId}:user/${userName}`,
            userId: `AIDA${accessKeyId.slice(4)}`,
        });
    }

    /** The next answers to `action` (in any account) are these errors, in order. */
    public fail(action: string, ...faults: StandInFault[]): void {
        this.faults.set(action, [...(this.faults.get(action) ?? []), ...faults]);
    }

    /** Actions the stand-in received, in order. */
    public actions(): string[] {
        return this.requests.map((request) => `${request.service}:${request.action}`);
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks).toString("utf8");
        const params = Object.fromEntries(new URLSearchParams(body));
        const version = params.Version;
        const service: "iam" | "sts" = version === STS_VERSION ? "sts" : "iam";
        const namespace = service === "sts" ? STS_NAMESPACE : IAM_NAMESPACE;
        const credential = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ""));
        const accessKeyId = credential?.[1] ?? "";
        const principal = this.principals.get(accessKeyId);
        const request: IamStandInRequest = {
            service,
            action: params.Action ?? "",
            params,
            accessKeyId,
            accountId: principal?.accountId ?? "",
            contentType: String(req.headers["content-type"] ?? ""),
        };
        this.requests.push(request);
        const reply = (status: number, xml: string) => {
            res.writeHead(status, { "Content-Type": "text/xml", "x-amzn-RequestId": randomUUID() });
            res.end(xml);
        };
        const fail = (fault: StandInFault) => reply(fault.status, errorXml(namespace, fault));

        if (
            req.method !== "POST" ||
            !request.contentType.startsWith("application/x-www-form-urlencoded") ||
            (version !== IAM_VERSION && version !== STS_VERSION)
        ) {
            return fail({ status: 400, code: "InvalidRequest", message: "The Query API takes form-encoded POSTs with Action and Version" });
        }
        if (!credential || credential[2] !== service) {
            return fail({ status: 403, code: "IncompleteSignature", message: `Request must be SigV4-signed for service ${service}` });
        }
        if (!principal || (principal.sessionToken !== undefined && req.headers["x-amz-security-token"] !== principal.sessionToken)) {
            return fail({ status: 403, code: "InvalidClientTokenId", message: "The security token included in the request is invalid." });
        }
        if (!(await signatureMatches(req, body, principal, service))) {
            return fail({
                status: 403,
                code: "SignatureDoesNotMatch",
                message:
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
            });
        }
        const isRead =
            service === "sts"
                ? STS_READ_ACTIONS.has(request.action)
                : /^(Get|List)[A-Z]/.test(request.action) && request.action !== "GetSessionToken";
        if (!isRead) {
            this.refusedWrites.push(request);
            return fail(IAM_FAILURES.accessDenied(principal.arn, `${service}:${request.action}`));
        }
        const scripted = this.faults.get(request.action)?.shift();
        if (scripted) return fail(scripted);
        try {
            const result =
                service === "sts"
                    ? this.sts(request.action, params, principal)
                    : this.iam(request.action, params, this.account(principal.accountId));
            reply(200, responseXml(namespace, request.action, result));
        } catch (error) {
            if (isFault(error)) return fail(error);
            throw error;
        }
    }

    private sts(action: string, params: Record<string, string>, principal: Principal): object {
        if (action === "GetCallerIdentity") return { Arn: principal.arn, UserId: principal.userId, Account: principal.accountId };
        const roleArn = params.RoleArn ?? "";
        const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
        const target = match ? this.accounts.get(match[1]) : undefined;
        if (!match || !target?.roles.has(match[2]) || this.unassumableRoles.has(roleArn)) {
            throw IAM_FAILURES.accessDenied(principal.arn, "sts:AssumeRole", roleArn);
        }
        const sessionName = params.RoleSessionName ?? "session";
        const issued: Principal = {
            accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
            secretAccessKey: randomBytes(20).toString("base64"),
            sessionToken: randomBytes(32).toString("base64"),
            accountId: match[1],
            arn: `arn:aws:sts::${match[1]}:assumed-role/${match[2]}/${sessionName}`,
            userId: `AROA${randomBytes(8).toString("hex").toUpperCase()}:${sessionName}`,
        };
        this.principals.set(issued.accessKeyId, issued);
        return {
            Credentials: {
                AccessKeyId: issued.accessKeyId,
                SecretAccessKey: issued.secretAccessKey,
                SessionToken: issued.sessionToken,
                Expiration: new Date(Date.now() + 3600_000).toISOString(),
            },
            AssumedRoleUser: { AssumedRoleId: issued.userId, Arn: issued.arn },
        };
    }

    private iam(action: string, params: Record<string, string>, account: StandInAccount): object {
        const noSuchEntity = (message: string): StandInFault => ({ status: 404, code: "NoSuchEntity", message });
        const role = (name: string) => account.roles.get(name) ?? raise(noSuchEntity(`The role with name ${name} cannot be found.`));
        const user = (name: string) => account.users.get(name) ?? raise(noSuchEntity(`The user with name ${name} cannot be found.`));
        switch (action) {
            case "GetSAMLProvider": {
                const provider =
                    account.samlProviders.get(params.SAMLProviderArn ?? "") ??
                    raise(noSuchEntity(`Manifest not found for arn ${params.SAMLProviderArn}`));
                return {
                    SAMLMetadataDocument: provider.metadataDocument,
                    CreateDate: iso(provider.createDate ?? new Date("2026-01-05T10:00:00Z")),
                    ValidUntil: iso(provider.validUntil ?? new Date("2126-01-05T10:00:00Z")),
                };
            }
            case "ListSAMLProviders":
                return {
                    SAMLProviderList: members(
                        [...account.samlProviders.entries()].map(([arn, provider]) => ({
                            Arn: arn,
                            CreateDate: iso(provider.createDate ?? new Date("2026-01-05T10:00:00Z")),
                            ValidUntil: iso(provider.validUntil ?? new Date("2126-01-05T10:00:00Z")),
                        })),
                    ),
                };
            case "GetRole":
                return { Role: roleXml(account.accountId, role(params.RoleName ?? ""), true) };
            case "ListRoles":
                return this.page(
                    "Roles",
                    [...account.roles.values()]
                        .filter((entry) => (entry.path ?? "/").startsWith(params.PathPrefix ?? "/"))
                        .map((entry) => roleXml(account.accountId, entry, false)),
                    params,
                );
            case "ListAttachedRolePolicies":
                return this.page("AttachedPolicies", (role(params.RoleName ?? "").attachedPolicyArns ?? []).map(attached), params);
            case "ListRolePolicies":
                return this.page("PolicyNames", Object.keys(role(params.RoleName ?? "").inlinePolicies ?? {}), params);
            case "GetRolePolicy": {
                const policies = role(params.RoleName ?? "").inlinePolicies ?? {};
                const document =
                    policies[params.PolicyName ?? ""] ??
                    raise(noSuchEntity(`The role policy with name ${params.PolicyName} cannot be found.`));
                return {
                    RoleName: params.RoleName,
                    PolicyName: params.PolicyName,
                    PolicyDocument: encodeURIComponent(JSON.stringify(document)),
                };
            }
            case "GetUser":
                return { User: userXml(account.accountId, user(params.UserName ?? "")) };
            case "ListUsers":
                return this.page(
                    "Users",
                    [...account.users.values()].map((entry) => userXml(account.accountId, entry)),
                    params,
                );
            case "GetLoginProfile": {
                const profile =
                    user(params.UserName ?? "").loginProfile ??
                    raise(noSuchEntity(`Login Profile for User ${params.UserName} cannot be found.`));
                return {
                    LoginProfile: {
                        UserName: params.UserName,
                        CreateDate: iso(profile.createDate),
                        PasswordResetRequired: String(profile.passwordResetRequired ?? false),
                    },
                };
            }
            case "ListAccessKeys":
                return this.page(
                    "AccessKeyMetadata",
                    (user(params.UserName ?? "").accessKeys ?? []).map((key) => ({
                        UserName: params.UserName,
                        AccessKeyId: key.accessKeyId,
                        Status: key.status ?? "Active",
                        CreateDate: iso(key.createDate),
                    })),
                    params,
                );
            case "GetAccessKeyLastUsed": {
                for (const owner of account.users.values()) {
                    const key = owner.accessKeys?.find((candidate) => candidate.accessKeyId === params.AccessKeyId);
                    if (!key) continue;
                    const used = key.lastUsed;
                    return {
                        UserName: owner.name,
                        AccessKeyLastUsed: used
                            ? { LastUsedDate: iso(used.date), ServiceName: used.serviceName, Region: used.region }
                            : { ServiceName: "N/A", Region: "N/A" },
                    };
                }
                throw IAM_FAILURES.accessDenied(
                    `arn:aws:iam::${account.accountId}:user/doctor`,
                    "iam:GetAccessKeyLastUsed",
                    `access key ${params.AccessKeyId}`,
                );
            }
            case "GetPolicy": {
                const arn = params.PolicyArn ?? "";
                const policy = account.policies.get(arn) ?? raise(noSuchEntity(`Policy ${arn} does not exist or is not attachable.`));
                const attachments = [...account.users.values(), ...account.roles.values()].filter((owner) =>
                    (owner.attachedPolicyArns ?? []).includes(arn),
                ).length;
                return {
                    Policy: {
                        PolicyName: policy.name,
                        PolicyId: `ANPA${Buffer.from(policy.name).toString("hex").toUpperCase().padEnd(17, "0").slice(0, 17)}`,
                        Arn: arn,
                        Path: policy.path ?? "/",
                        DefaultVersionId: policy.versionId ?? "v1",
                        AttachmentCount: String(attachments),
                        IsAttachable: "true",
                        ...(policy.description ? { Description: policy.description } : {}),
                        CreateDate: iso(new Date("2026-01-05T10:00:00Z")),
                    },
                };
            }
            case "GetPolicyVersion": {
                const arn = params.PolicyArn ?? "";
                const policy = account.policies.get(arn) ?? raise(noSuchEntity(`Policy ${arn} does not exist.`));
                if ((params.VersionId ?? "") !== (policy.versionId ?? "v1"))
                    throw noSuchEntity(`Policy ${arn} version ${params.VersionId} does not exist.`);
                return {
                    PolicyVersion: {
                        Document: encodeURIComponent(JSON.stringify(policy.document)),
                        VersionId: params.VersionId,
                        IsDefaultVersion: "true",
                    },
                };
            }
            case "ListUserPolicies": {
                user(params.UserName ?? "");
                return this.page("PolicyNames", [], params);
            }
            case "ListAttachedUserPolicies":
                return this.page("AttachedPolicies", (user(params.UserName ?? "").attachedPolicyArns ?? []).map(attached), params);
            case "GetAccountSummary":
                return {
                    SummaryMap: {
                        entry: Object.entries({ ...account.summary, Users: account.users.size, Roles: account.roles.size }).map(
                            ([key, value]) => ({ key, value }),
                        ),
                    },
                };
            case "GetAccountPasswordPolicy": {
                const policy =
                    account.passwordPolicy ??
                    raise(noSuchEntity(`The Password Policy with domain name ${account.accountId} cannot be found.`));
                return { PasswordPolicy: Object.fromEntries(Object.entries(policy).map(([key, value]) => [key, String(value)])) };
            }
            case "ListAccountAliases":
                return this.page("AccountAliases", account.aliases, params);
            default:
                throw IAM_FAILURES.invalidAction(action);
        }
    }

    /** One page of a list as IAM pages it: MaxItems/Marker in, IsTruncated/Marker out. */
    private page(name: string, items: readonly unknown[], params: Record<string, string>): object {
        const size = Math.min(Number(params.MaxItems) || this.pageSize, this.pageSize);
        const start = Number(params.Marker ?? 0) || 0;
        const slice = items.slice(start, start + size);
        const truncated = start + size < items.length;
        return { [name]: members(slice), IsTruncated: String(truncated), ...(truncated ? { Marker: String(start + size) } : {}) };
    }
}

/** Recomputes the SigV4 signature over the headers the client signed, with the principal's secret, as AWS does. */
async function signatureMatches(req: http.IncomingMessage, body: string, principal: Principal, service: string): Promise<boolean> {
    const authorization = String(req.headers.authorization ?? "");
    const signed = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1]?.split(";") ?? [];
    const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1];
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1];
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!signature || !region || !date || signed.length === 0) return false;
    const headers: Record<string, string> = {};
    for (const name of signed) headers[name] = String(req.headers[name] ?? "");
    const url = new URL(req.url ?? "/", "http://stand-in");
    const signer = new SignatureV4({
        service,
        region,
        sha256: Sha256,
        credentials: {
            accessKeyId: principal.accessKeyId,
            secretAccessKey: principal.secretAccessKey,
            sessionToken: principal.sessionToken,
        },
    });
    const resigned = await signer.sign(
        {
            method: req.method ?? "POST",
            protocol: "http:",
            hostname: headers.host ?? "",
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers,
            body,
        },
        {
            signingDate: new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6])),
            signableHeaders: new Set(signed),
        },
    );
    return /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] === signature;
}

function roleXml(accountId: string, role: StandInRole, full: boolean): object {
    const path = role.path ?? "/";
    const trust = typeof role.trustPolicy === "string" ? role.trustPolicy : JSON.stringify(role.trustPolicy);
    return {
        Path: path,
        RoleName: role.name,
        RoleId: `AROA${Buffer.from(role.name).toString("hex").toUpperCase().padEnd(16, "0").slice(0, 16)}`,
        Arn: `arn:aws:iam::${accountId}:role${path}${role.name}`,
        CreateDate: iso(role.createDate ?? new Date("2026-01-05T10:00:00Z")),
        AssumeRolePolicyDocument: encodeURIComponent(trust),
        ...(role.description ? { Description: role.description } : {}),
        MaxSessionDuration: String(role.maxSessionDuration ?? 3600),
        ...(full && role.permissionsBoundaryArn
            ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: role.permissionsBoundaryArn } }
            : {}),
        ...(full && role.tags ? { Tags: members(Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }))) } : {}),
    };
}

function userXml(accountId: string, user: StandInUser): object {
    return {
        Path: "/",
        UserName: user.name,
        UserId: `AIDA${Buffer.from(user.name).toString("hex").toUpperCase().padEnd(16, "0").slice(0, 16)}`,
        Arn: `arn:aws:iam::${accountId}:user/${user.name}`,
        CreateDate: iso(user.createDate ?? new Date("2026-01-05T10:00:00Z")),
        ...(user.passwordLastUsed ? { PasswordLastUsed: iso(user.passwordLastUsed) } : {}),
    };
}

function attached(arn: string): object {
    return { PolicyName: arn.slice(arn.lastIndexOf("/") + 1), PolicyArn: arn };
}

/** Query API lists: `<Name><member>...</member></Name>`. */
function members(items: readonly unknown[]): object {
    return items.length === 0 ? {} : { member: [...items] };
}

function iso(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function responseXml(namespace: string, action: string, result: object): string {
    return create({ version: "1.0" })
        .ele(namespace, `${action}Response`)
        .ele({ [`${action}Result`]: result })
        .up()
        .ele({ ResponseMetadata: { RequestId: randomUUID() } })
        .doc()
        .end();
}

function errorXml(namespace: string, fault: StandInFault): string {
    return create({ version: "1.0" })
        .ele(namespace, "ErrorResponse")
        .ele({ Error: { Type: fault.type ?? (fault.status >= 500 ? "Receiver" : "Sender"), Code: fault.code, Message: fault.message } })
        .up()
        .ele({ RequestId: randomUUID() })
        .doc()
        .end();
}

function raise(fault: StandInFault): never {
    throw fault;
}

function isFault(error: unknown): error is StandInFault {
    return typeof error === "object" && error !== null && "status" in error && "code" in error;
}
