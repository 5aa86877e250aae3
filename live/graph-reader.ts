import {
    AccessTokenSource,
    CredentialEnvironment,
    DEFAULT_GRAPH_BASE_URL,
    DEFAULT_RETRY_POLICY,
    environmentAccessToken,
    retryAfterMs,
    RetryPolicy,
} from "../components/azure-ad/preferred-token-signing-key";
import { LiveReadError, ReadFailureKind } from "./read-failure";

// Read-only Microsoft Graph (v1.0) over Node's fetch: GET only, every page of a collection, retries with
// backoff for 429 (honouring Retry-After), 5xx and dropped connections, and failures classified with the
// permission the call needs. Tokens come from GRAPH_ACCESS_TOKEN or the credential chain the signing-key
// provider uses.

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/** Graph application permissions the reads need (least privileged that Microsoft documents for GET). */
export const GRAPH_READ_PERMISSIONS = {
    servicePrincipal: "Application.Read.All",
    application: "Application.Read.All",
    claimsMappingPolicies: "Policy.Read.All",
    appRoleAssignedTo: "Application.Read.All",
    synchronizationJobs: "Synchronization.Read.All",
    users: "User.Read.All",
    transitiveMemberOf: "User.Read.All",
} as const;

/** A key credential of a service principal (Graph returns no key material on reads). */
export interface GraphKeyCredential {
    readonly keyId: string;
    /** Base64 of the SHA-1 thumbprint for token-signing certificates. */
    readonly customKeyIdentifier: string | null;
    readonly displayName: string | null;
    readonly type: string;
    /** `Sign` or `Verify`: one signing certificate appears as one of each. */
    readonly usage: string;
    readonly startDateTime: string | null;
    readonly endDateTime: string | null;
    /** Base64 DER of the public certificate; Graph returns it only when one object is read with `$select=keyCredentials`. */
    readonly key?: string | null;
}

export interface GraphAppRole {
    readonly id: string;
    readonly value: string | null;
    readonly displayName: string | null;
    readonly description: string | null;
    readonly isEnabled: boolean;
    readonly allowedMemberTypes: readonly string[];
    /** `Application` for roles defined on the application, `ServicePrincipal` for the role import's. */
    readonly origin?: string;
}

export interface GraphServicePrincipal {
    readonly id: string;
    readonly appId: string;
    readonly displayName: string;
    readonly appRoleAssignmentRequired: boolean;
    readonly preferredSingleSignOnMode: string | null;
    /** Upper- or lower-case hex SHA-1; null when no preferred key is set. */
    readonly preferredTokenSigningKeyThumbprint: string | null;
    readonly notificationEmailAddresses: readonly string[];
    readonly keyCredentials: readonly GraphKeyCredential[];
    readonly appRoles: readonly GraphAppRole[];
    /** Gallery template the instance was made from; absent when not selected, null when none. */
    readonly applicationTemplateId?: string | null;
}

/** A directory user, as far as assignments need one. */
export interface GraphUser {
    readonly id: string;
    readonly userPrincipalName: string;
    readonly displayName: string | null;
}

export interface GraphApplication {
    readonly id: string;
    readonly appId: string;
    readonly displayName: string;
    readonly identifierUris: readonly string[];
    readonly redirectUris: readonly string[];
    readonly appRoles: readonly GraphAppRole[];
}

export interface GraphClaimsMappingPolicy {
    readonly id: string;
    readonly displayName: string;
    /** JSON strings, as Graph stores them. */
    readonly definition: readonly string[];
}

export interface GraphAppRoleAssignment {
    readonly id: string;
    readonly appRoleId: string;
    readonly principalId: string;
    readonly principalType: string;
    readonly principalDisplayName: string | null;
    readonly resourceId: string;
}

export interface GraphSynchronizationError {
    readonly code: string | null;
    readonly message: string | null;
    readonly tenantActionable?: boolean;
}

export interface GraphSynchronizationTaskExecution {
    readonly activityIdentifier?: string | null;
    /** Succeeded, Failed or EntryLevelErrors. */
    readonly state: string | null;
    readonly timeBegan: string | null;
    readonly timeEnded: string | null;
    readonly error?: GraphSynchronizationError | null;
}

export interface GraphSynchronizationJob {
    readonly id: string;
    readonly templateId: string;
    readonly schedule: { readonly state: string | null; readonly interval: string | null; readonly expiration?: string | null } | null;
    readonly status: {
        /** NotConfigured, NotRun, Active, Paused or Quarantine. */
        readonly code: string | null;
        readonly countSuccessiveCompleteFailures?: number | null;
        readonly lastExecution?: GraphSynchronizationTaskExecution | null;
        readonly lastSuccessfulExecution?: GraphSynchronizationTaskExecution | null;
        readonly quarantine?: {
            readonly currentBegan: string | null;
            readonly nextAttempt?: string | null;
            readonly reason: string | null;
            readonly seriesBegan?: string | null;
            readonly error?: GraphSynchronizationError | null;
        } | null;
    } | null;
}

export interface GraphReaderOptions {
    /** Graph origin, default https://graph.microsoft.com (https only; plain http for a loopback test server). */
    readonly baseUrl?: string;
    readonly accessToken: AccessTokenSource;
    /** Overrides of the signing-key provider's retry policy; tests inject `sleep`. */
    readonly retry?: Partial<RetryPolicy>;
}

/** Why a Graph base URL is unacceptable, or undefined. */
export function graphBaseUrlProblem(value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `must be an absolute URL such as ${DEFAULT_GRAPH_BASE_URL}, got "${value}"`;
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname))) {
        return `must use https (plain http only for a loopback test server), got "${value}"`;
    }
    if (url.origin !== value.replace(/\/+$/, "")) {
        return `must be the Graph origin only, like ${DEFAULT_GRAPH_BASE_URL} (no path, query or credentials), got "${value}"`;
    }
    return undefined;
}

/**
 * A token source for Graph: the `GRAPH_ACCESS_TOKEN` bearer token when set (for example from
 * `az account get-access-token --resource-type ms-graph`), else the signing-key provider's credential chain.
 */
export function graphAccessTokenFromEnvironment(
    env: CredentialEnvironment,
    baseUrl: string,
): { readonly accessToken: AccessTokenSource; readonly source: string } {
    const token = env.GRAPH_ACCESS_TOKEN?.trim();
    if (token) return { accessToken: async () => token, source: "GRAPH_ACCESS_TOKEN" };
    return {
        accessToken: environmentAccessToken(env, baseUrl),
        source: "the azuread credential chain (ARM_* / AZURE_* / managed identity / Azure CLI)",
    };
}

/** GET-only Microsoft Graph reads of the objects a federation is made of. */
export class GraphReader {
    public readonly baseUrl: string;
    private readonly retry: RetryPolicy;
    private readonly accessToken: AccessTokenSource;

    constructor(options: GraphReaderOptions) {
        const baseUrl = (options.baseUrl ?? DEFAULT_GRAPH_BASE_URL).trim().replace(/\/+$/, "");
        const problem = graphBaseUrlProblem(baseUrl);
        if (problem) throw new Error(`Graph base URL ${problem}`);
        this.baseUrl = baseUrl;
        this.accessToken = options.accessToken;
        this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    }

    /** The service principal, or undefined when it does not exist. */
    public async findServicePrincipal(objectId: string): Promise<GraphServicePrincipal | undefined> {
        const select =
            "id,appId,displayName,appRoleAssignmentRequired,preferredSingleSignOnMode,preferredTokenSigningKeyThumbprint,notificationEmailAddresses,keyCredentials,appRoles";
        const body = await this.optional(
            `/v1.0/servicePrincipals/${encodeURIComponent(objectId)}?$select=${select}`,
            "GET /v1.0/servicePrincipals/{id}",
            GRAPH_READ_PERMISSIONS.servicePrincipal,
        );
        return body ? servicePrincipal(body) : undefined;
    }

    /** Every service principal instantiated from a gallery template (all pages); key material needs `findServicePrincipal`. */
    public async listServicePrincipalsByTemplate(templateId: string): Promise<GraphServicePrincipal[]> {
        const select =
            "id,appId,displayName,applicationTemplateId,appRoleAssignmentRequired,preferredSingleSignOnMode,preferredTokenSigningKeyThumbprint,notificationEmailAddresses,keyCredentials,appRoles";
        const filter = encodeURIComponent(`applicationTemplateId eq '${templateId.replace(/'/g, "''")}'`);
        const items = await this.collection(
            `/v1.0/servicePrincipals?$filter=${filter}&$select=${select}`,
            "GET /v1.0/servicePrincipals?$filter=applicationTemplateId",
            GRAPH_READ_PERMISSIONS.servicePrincipal,
        );
        return items.map(servicePrincipal);
    }

    /** The application by client id (`appId`), or undefined when it does not exist. */
    public async findApplicationByClientId(clientId: string): Promise<GraphApplication | undefined> {
        const body = await this.optional(
            `/v1.0/applications(appId='${encodeURIComponent(clientId)}')?$select=id,appId,displayName,identifierUris,web,appRoles`,
            "GET /v1.0/applications(appId='{appId}')",
            GRAPH_READ_PERMISSIONS.application,
        );
        return body ? application(body) : undefined;
    }

    /** A user by object id, or undefined when it does not exist. */
    public async findUser(objectId: string): Promise<GraphUser | undefined> {
        const body = await this.optional(
            `/v1.0/users/${encodeURIComponent(objectId)}?$select=id,userPrincipalName,displayName`,
            "GET /v1.0/users/{id}",
            GRAPH_READ_PERMISSIONS.users,
        );
        return body
            ? { id: text(body.id), userPrincipalName: text(body.userPrincipalName), displayName: nullableText(body.displayName) }
            : undefined;
    }

    /** The application by object id, or undefined when it does not exist. */
    public async findApplication(objectId: string): Promise<GraphApplication | undefined> {
        const body = await this.optional(
            `/v1.0/applications/${encodeURIComponent(objectId)}?$select=id,appId,displayName,identifierUris,web,appRoles`,
            "GET /v1.0/applications/{id}",
            GRAPH_READ_PERMISSIONS.application,
        );
        return body ? application(body) : undefined;
    }

    /** Claims mapping policies assigned to the service principal (Graph allows at most one). */
    public async listClaimsMappingPolicies(servicePrincipalId: string): Promise<GraphClaimsMappingPolicy[]> {
        const items = await this.collection(
            `/v1.0/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/claimsMappingPolicies`,
            "GET /v1.0/servicePrincipals/{id}/claimsMappingPolicies",
            GRAPH_READ_PERMISSIONS.claimsMappingPolicies,
        );
        return items.map((item) => ({
            id: text(item.id),
            displayName: text(item.displayName),
            definition: list(item.definition).map(text),
        }));
    }

    /** Who is assigned to the service principal's app roles. */
    public async listAppRoleAssignedTo(servicePrincipalId: string): Promise<GraphAppRoleAssignment[]> {
        const items = await this.collection(
            `/v1.0/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo`,
            "GET /v1.0/servicePrincipals/{id}/appRoleAssignedTo",
            GRAPH_READ_PERMISSIONS.appRoleAssignedTo,
        );
        return items.map((item) => ({
            id: text(item.id),
            appRoleId: text(item.appRoleId),
            principalId: text(item.principalId),
            principalType: text(item.principalType),
            principalDisplayName: nullableText(item.principalDisplayName),
            resourceId: text(item.resourceId),
        }));
    }

    /** The service principal's synchronization (provisioning) jobs with their schedule and status. */
    public async listSynchronizationJobs(servicePrincipalId: string): Promise<GraphSynchronizationJob[]> {
        const items = await this.collection(
            `/v1.0/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs`,
            "GET /v1.0/servicePrincipals/{id}/synchronization/jobs",
            GRAPH_READ_PERMISSIONS.synchronizationJobs,
        );
        return items.map((item) => ({
            id: text(item.id),
            templateId: text(item.templateId),
            schedule: (item.schedule ?? null) as GraphSynchronizationJob["schedule"],
            status: (item.status ?? null) as GraphSynchronizationJob["status"],
        }));
    }

    /** Object ids of every group the user belongs to, directly or through nested groups; undefined when Graph has no such user. */
    public async listTransitiveGroupIds(userPrincipalName: string): Promise<string[] | undefined> {
        try {
            const items = await this.collection(
                `/v1.0/users/${encodeURIComponent(userPrincipalName)}/transitiveMemberOf/microsoft.graph.group?$select=id`,
                "GET /v1.0/users/{id}/transitiveMemberOf/microsoft.graph.group",
                GRAPH_READ_PERMISSIONS.transitiveMemberOf,
            );
            return items.map((item) => text(item.id));
        } catch (error) {
            if (error instanceof LiveReadError && error.kind === "not-found") return undefined;
            throw error;
        }
    }

    /** A GET of one entity; 404 becomes undefined. */
    private async optional(path: string, operation: string, permission: string): Promise<Record<string, unknown> | undefined> {
        try {
            return (await this.get(this.baseUrl + path, operation, permission)) as Record<string, unknown>;
        } catch (error) {
            if (error instanceof LiveReadError && error.kind === "not-found") return undefined;
            throw error;
        }
    }

    /** Every page of a collection, following @odata.nextLink (only to the same Graph origin: it carries the token). */
    private async collection(path: string, operation: string, permission: string): Promise<Record<string, unknown>[]> {
        const items: Record<string, unknown>[] = [];
        let url: string | undefined = this.baseUrl + path;
        for (let page = 0; url; page++) {
            if (page >= 1000)
                throw new LiveReadError("failed", "graph", operation, permission, `${operation}: more than 1000 pages; giving up`, {
                    status: 200,
                    attempts: 1,
                });
            const body = (await this.get(url, operation, permission)) as { value?: unknown; "@odata.nextLink"?: unknown };
            items.push(...list(body?.value).map((item) => item as Record<string, unknown>));
            const next: unknown = body?.["@odata.nextLink"];
            url = typeof next === "string" ? this.sameOrigin(next, operation, permission) : undefined;
        }
        return items;
    }

    private sameOrigin(next: string, operation: string, permission: string): string {
        // Graph returns nextLink with its public host even behind a proxy; keep the base URL's origin.
        let parsed: URL;
        try {
            parsed = new URL(next);
        } catch {
            throw new LiveReadError(
                "failed",
                "graph",
                operation,
                permission,
                `${operation}: unreadable @odata.nextLink ${next.slice(0, 200)}`,
                { status: 200, attempts: 1 },
            );
        }
        const base = new URL(this.baseUrl);
        if (parsed.origin !== base.origin && parsed.hostname !== "graph.microsoft.com") {
            throw new LiveReadError(
                "failed",
                "graph",
                operation,
                permission,
                `${operation}: @odata.nextLink points at another host (${parsed.origin}); not following it with the token`,
                { status: 200, attempts: 1 },
            );
        }
        return base.origin + parsed.pathname + parsed.search;
    }

    private async get(url: string, operation: string, permission: string): Promise<unknown> {
        const policy = this.retry;
        let waited = 0;
        for (let attempt = 1; ; attempt++) {
            let token: string;
            try {
                token = await this.accessToken(`${this.baseUrl}/.default`);
            } catch (error) {
                throw new LiveReadError(
                    "no-credentials",
                    "graph",
                    operation,
                    permission,
                    `No Microsoft Graph token: ${(error as Error).message}`,
                    { status: 0, attempts: attempt },
                );
            }
            let response: Response;
            try {
                response = await fetch(url, {
                    method: "GET",
                    headers: { Authorization: `Bearer ${token}`, Accept: "application/json", "client-request-id": crypto.randomUUID() },
                    signal: AbortSignal.timeout(policy.requestTimeoutMs),
                });
            } catch (error) {
                const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
                if (attempt >= policy.maxAttempts || waited + delay > policy.maxTotalDelayMs) {
                    throw new LiveReadError(
                        "failed",
                        "graph",
                        operation,
                        permission,
                        `${operation} got no response after ${attempt} attempt(s): ${(error as Error).message}`,
                        { status: 0, attempts: attempt },
                    );
                }
                await policy.sleep(delay);
                waited += delay;
                continue;
            }
            const body = await response.text();
            if (response.ok) {
                try {
                    return body ? JSON.parse(body) : {};
                } catch {
                    throw new LiveReadError(
                        "failed",
                        "graph",
                        operation,
                        permission,
                        `${operation} returned a body that is not JSON: ${body.slice(0, 200)}`,
                        { status: response.status, attempts: attempt },
                    );
                }
            }
            const status = response.status;
            const retryable = status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
            const delay =
                retryAfterMs(response.headers.get("retry-after")) ??
                Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
            if (retryable && attempt < policy.maxAttempts && waited + delay <= policy.maxTotalDelayMs) {
                await policy.sleep(delay);
                waited += delay;
                continue;
            }
            throw graphReadFailure(operation, permission, response, body, attempt);
        }
    }
}

function graphReadFailure(operation: string, permission: string, response: Response, body: string, attempts: number): LiveReadError {
    let code: string | undefined;
    let message = body.slice(0, 300);
    let requestId = response.headers.get("request-id") ?? undefined;
    try {
        const error = (JSON.parse(body) as { error?: { code?: string; message?: string; innerError?: Record<string, string> } }).error;
        if (error) {
            code = error.code;
            message = error.message ?? "";
            requestId ??= error.innerError?.["request-id"];
        }
    } catch {
        // A gateway page, not Graph's envelope: keep the text.
    }
    const status = response.status;
    const kind: ReadFailureKind =
        status === 403
            ? "access-denied"
            : status === 401
              ? "unauthenticated"
              : status === 429
                ? "throttled"
                : status === 404
                  ? "not-found"
                  : status === 501 || (status === 400 && /Resource not found for the segment/i.test(message))
                    ? "unsupported"
                    : "failed";
    const hint =
        kind === "access-denied"
            ? ` Grant the Microsoft Graph permission ${permission} (admin consent) to the identity the doctor runs as.`
            : kind === "unauthenticated"
              ? " The token was rejected: check GRAPH_ACCESS_TOKEN or the azuread credentials, the tenant, and that the token is for this Graph host."
              : "";
    return new LiveReadError(
        kind,
        "graph",
        operation,
        permission,
        `Microsoft Graph ${operation} failed: ${status}${code ? ` ${code}` : ""}: ${message} (request-id ${requestId ?? "none"}, ${attempts} attempt(s)).${hint}`,
        { status, code, requestId, attempts },
    );
}

function servicePrincipal(body: Record<string, unknown>): GraphServicePrincipal {
    return {
        id: text(body.id),
        appId: text(body.appId),
        displayName: text(body.displayName),
        appRoleAssignmentRequired: body.appRoleAssignmentRequired === true,
        preferredSingleSignOnMode: nullableText(body.preferredSingleSignOnMode),
        preferredTokenSigningKeyThumbprint: nullableText(body.preferredTokenSigningKeyThumbprint),
        notificationEmailAddresses: list(body.notificationEmailAddresses).map(text),
        keyCredentials: list(body.keyCredentials).map((entry) => {
            const key = entry as Record<string, unknown>;
            return {
                keyId: text(key.keyId),
                customKeyIdentifier: nullableText(key.customKeyIdentifier),
                displayName: nullableText(key.displayName),
                type: text(key.type),
                usage: text(key.usage),
                startDateTime: nullableText(key.startDateTime),
                endDateTime: nullableText(key.endDateTime),
                key: nullableText(key.key),
            };
        }),
        appRoles: list(body.appRoles).map(appRole),
        ...("applicationTemplateId" in body ? { applicationTemplateId: nullableText(body.applicationTemplateId) } : {}),
    };
}

function application(body: Record<string, unknown>): GraphApplication {
    const web = (body.web ?? {}) as Record<string, unknown>;
    return {
        id: text(body.id),
        appId: text(body.appId),
        displayName: text(body.displayName),
        identifierUris: list(body.identifierUris).map(text),
        redirectUris: list(web.redirectUris).map(text),
        appRoles: list(body.appRoles).map(appRole),
    };
}

function appRole(entry: unknown): GraphAppRole {
    const role = (entry ?? {}) as Record<string, unknown>;
    return {
        id: text(role.id),
        value: nullableText(role.value),
        displayName: nullableText(role.displayName),
        description: nullableText(role.description),
        isEnabled: role.isEnabled !== false,
        allowedMemberTypes: list(role.allowedMemberTypes).map(text),
        origin: typeof role.origin === "string" ? role.origin : undefined,
    };
}

function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
    return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function nullableText(value: unknown): string | null {
    return typeof value === "string" ? value : null;
}
