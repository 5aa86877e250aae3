import * as http from "http";
import type { AddressInfo } from "net";

// A local stand-in for Microsoft Graph v1.0, answering with the shapes Graph returns (headers, @odata.context,
// @odata.nextLink paging, error envelopes): the two calls PreferredTokenSigningKey makes, and the reads the
// doctor makes of a federation (service principals with keyCredentials and appRoles, applications, assigned
// claims mapping policies, appRoleAssignedTo, synchronization jobs). Started read-only, it refuses every write
// and records it. Listens on 127.0.0.1 only.

/** One request as the stand-in received it. */
export interface RecordedRequest {
    readonly method: string;
    /** Path without the query string. */
    readonly path: string;
    readonly query: URLSearchParams;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

/** A response served instead of the default behaviour, in the order enqueued. */
export interface ScriptedResponse {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    /** JSON body; omitted for 204. */
    readonly body?: unknown;
    /** Reset the connection instead of answering. */
    readonly destroy?: boolean;
}

/** A service principal in Graph's JSON shape, beyond the preferred key the signing-key tests need. */
export interface StandInServicePrincipal {
    readonly id: string;
    readonly appId: string;
    readonly displayName: string;
    readonly appRoleAssignmentRequired: boolean;
    readonly preferredSingleSignOnMode: string | null;
    readonly notificationEmailAddresses: readonly string[];
    readonly keyCredentials: readonly Record<string, unknown>[];
    readonly appRoles: readonly Record<string, unknown>[];
    /** Gallery template of the instance; the collection filter matches on it. */
    readonly applicationTemplateId?: string | null;
}

/** What hangs off one service principal. */
export interface StandInServicePrincipalRelations {
    /** claimsMappingPolicy entities assigned to it. */
    claimsMappingPolicies: Record<string, unknown>[];
    /** appRoleAssignment entities. */
    appRoleAssignedTo: Record<string, unknown>[];
    /** synchronizationJob entities. */
    synchronizationJobs: Record<string, unknown>[];
}

export interface GraphStandInOptions {
    /** Refuse (403) and record every request that is not a GET. */
    readonly readOnly?: boolean;
}

const JSON_CONTENT_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
const SERVICE_PRINCIPAL_PATH = /^\/v1\.0\/servicePrincipals\/([^/]+)$/;
const SERVICE_PRINCIPAL_RELATION_PATH =
    /^\/v1\.0\/servicePrincipals\/([^/]+)\/(claimsMappingPolicies|appRoleAssignedTo|synchronization\/jobs)$/;
const APPLICATION_PATH = /^\/v1\.0\/applications\/([^/]+)$/;
const APPLICATION_BY_CLIENT_ID_PATH = /^\/v1\.0\/applications\(appId='([^']+)'\)$/;
const USER_PATH = /^\/v1\.0\/users\/([^/]+)$/;
const TEMPLATE_FILTER = /^applicationTemplateId eq '([^']*)'$/;
const USER_TRANSITIVE_GROUPS_PATH = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.group$/;

/** Graph's error envelope, with the diagnostics Graph puts in `innerError` and the headers. */
export function graphError(
    status: number,
    code: string,
    message: string,
    requestId: string,
    headers: Readonly<Record<string, string>> = {},
): ScriptedResponse {
    return {
        status,
        headers: { "request-id": requestId, "client-request-id": requestId, ...headers },
        body: {
            error: { code, message, innerError: { date: "2025-01-15T10:20:30", "request-id": requestId, "client-request-id": requestId } },
        },
    };
}

/** Recorded error shapes of the failures the provider must handle. */
export const GRAPH_FAILURES = {
    throttled: (retryAfterSeconds: number) =>
        graphError(429, "TooManyRequests", "Too many requests.", "5c0a1b2c-0000-4000-8000-000000000429", {
            "Retry-After": String(retryAfterSeconds),
        }),
    notReplicated: (objectId: string) =>
        graphError(
            404,
            "Request_ResourceNotFound",
            `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`,
            "5c0a1b2c-0000-4000-8000-000000000404",
        ),
    forbidden: () =>
        graphError(
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
            "5c0a1b2c-0000-4000-8000-000000000403",
        ),
    serverError: () => graphError(500, "UnknownError", "", "5c0a1b2c-0000-4000-8000-000000000500"),
};

export class GraphStandIn {
    /** Every request received, in order. */
    public readonly requests: RecordedRequest[] = [];
    /** The bearer token Graph accepts; anything else gets a 401. */
    public acceptedToken = "stand-in-token";
    private readonly thumbprints = new Map<string, string | null>();
    private readonly script: ScriptedResponse[] = [];
    private staleReads = 0;
    private readonly staleThumbprints = new Map<string, string | null>();
    /** Requests refused because the stand-in is read-only. */
    public readonly refusedWrites: RecordedRequest[] = [];
    /** Items per page of a collection before @odata.nextLink. */
    public pageSize = 100;
    private readonly servicePrincipals = new Map<string, StandInServicePrincipal>();
    private readonly relations = new Map<string, StandInServicePrincipalRelations>();
    private readonly applications = new Map<string, Record<string, unknown>>();
    private readonly users = new Map<string, Record<string, unknown>>();
    /** Group object ids each user belongs to (transitively), by lower-case UPN. */
    private readonly userGroups = new Map<string, readonly string[]>();
    private readonly pathScript: { readonly pattern: RegExp; readonly response: ScriptedResponse }[] = [];

    private constructor(
        private readonly server: http.Server,
        public readonly baseUrl: string,
        private readonly options: GraphStandInOptions,
    ) {}

    /** Starts on 127.0.0.1 on an ephemeral port. */
    public static async start(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
        let standIn: GraphStandIn | undefined;
        const server = http.createServer((req, res) => void standIn!.handle(req, res));
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", resolve);
        });
        const { port } = server.address() as AddressInfo;
        standIn = new GraphStandIn(server, `http://127.0.0.1:${port}`, options);
        return standIn;
    }

    /** Adds a full service principal (its preferred key included) and what hangs off it. */
    public putServicePrincipal(
        servicePrincipal: StandInServicePrincipal & { readonly preferredTokenSigningKeyThumbprint: string | null },
        relations: Partial<StandInServicePrincipalRelations> = {},
    ): StandInServicePrincipalRelations {
        const { preferredTokenSigningKeyThumbprint, ...rest } = servicePrincipal;
        this.thumbprints.set(servicePrincipal.id, preferredTokenSigningKeyThumbprint);
        this.servicePrincipals.set(servicePrincipal.id, rest);
        const related = { claimsMappingPolicies: [], appRoleAssignedTo: [], synchronizationJobs: [], ...relations };
        this.relations.set(servicePrincipal.id, related);
        return related;
    }

    /** The stored service principal, to change in place the way the portal would. */
    public servicePrincipal(objectId: string): StandInServicePrincipal | undefined {
        return this.servicePrincipals.get(objectId);
    }

    /** Replaces fields of a stored service principal. */
    public updateServicePrincipal(objectId: string, changes: Partial<StandInServicePrincipal>): void {
        const current = this.servicePrincipals.get(objectId);
        if (!current) throw new Error(`no service principal ${objectId}`);
        this.servicePrincipals.set(objectId, { ...current, ...changes });
    }

    public relationsOf(objectId: string): StandInServicePrincipalRelations | undefined {
        return this.relations.get(objectId);
    }

    /** Removes a service principal, as deleting the enterprise application would. */
    public deleteServicePrincipal(objectId: string): void {
        this.thumbprints.delete(objectId);
        this.servicePrincipals.delete(objectId);
        this.relations.delete(objectId);
    }

    /** Adds an application entity (Graph JSON shape). */
    public putApplication(application: Record<string, unknown> & { readonly id: string }): void {
        this.applications.set(application.id, application);
    }

    /** Adds a directory user (Graph JSON shape: id, userPrincipalName, displayName). */
    public putUser(user: Record<string, unknown> & { readonly id: string }): void {
        this.users.set(user.id, user);
    }

    /** Makes a user exist, a member of these groups directly or through nested ones. */
    public putUserGroups(userPrincipalName: string, groupIds: readonly string[]): void {
        this.userGroups.set(userPrincipalName.toLowerCase(), groupIds);
    }

    /** Serves `response` to the next request whose path matches, before the default behaviour resumes. */
    public failPath(pattern: RegExp, ...responses: ScriptedResponse[]): void {
        for (const response of responses) this.pathScript.push({ pattern, response });
    }

    public async stop(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    /** Forgets requests, service principals and scripted responses between tests. */
    public reset(): void {
        this.requests.length = 0;
        this.thumbprints.clear();
        this.script.length = 0;
        this.staleReads = 0;
        this.staleThumbprints.clear();
        this.acceptedToken = "stand-in-token";
        this.refusedWrites.length = 0;
        this.pageSize = 100;
        this.servicePrincipals.clear();
        this.relations.clear();
        this.applications.clear();
        this.users.clear();
        this.userGroups.clear();
        this.pathScript.length = 0;
    }

    /** Adds a service principal with the given preferred key (or none). */
    public addServicePrincipal(objectId: string, thumbprint: string | null = null): void {
        this.thumbprints.set(objectId, thumbprint);
    }

    /** Changes the preferred key behind Pulumi's back, as someone in the portal would. */
    public setThumbprint(objectId: string, thumbprint: string | null): void {
        this.thumbprints.set(objectId, thumbprint);
    }

    public thumbprintOf(objectId: string): string | null | undefined {
        return this.thumbprints.get(objectId);
    }

    /** Serves these responses, one per request, before the default behaviour resumes. */
    public enqueue(...responses: ScriptedResponse[]): void {
        this.script.push(...responses);
    }

    /** The next `count` GETs after a PATCH still show the previous value, like a lagging replica. */
    public lagReads(count: number): void {
        this.staleReads = count;
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const url = new URL(req.url ?? "/", this.baseUrl);
        const request: RecordedRequest = {
            method: req.method ?? "",
            path: url.pathname,
            query: url.searchParams,
            headers: req.headers,
            body: Buffer.concat(chunks).toString("utf8"),
        };
        this.requests.push(request);

        if (this.options.readOnly && request.method !== "GET") {
            this.refusedWrites.push(request);
            this.send(
                res,
                graphError(
                    403,
                    "Authorization_RequestDenied",
                    "The Graph stand-in is read-only: writes are refused.",
                    "5c0a1b2c-0000-4000-8000-0000000000ff",
                ),
            );
            return;
        }
        const pathIndex = this.pathScript.findIndex((entry) => entry.pattern.test(request.path));
        const byPath = pathIndex >= 0 ? this.pathScript.splice(pathIndex, 1)[0].response : undefined;
        const scripted = byPath ?? this.script.shift();
        if (scripted?.destroy) {
            req.socket.destroy();
            return;
        }
        this.send(res, scripted ?? this.respond(request));
    }

    private respond(request: RecordedRequest): ScriptedResponse {
        const requestId = "5c0a1b2c-0000-4000-8000-0000000000" + String(this.requests.length).padStart(2, "0");
        if (request.headers.authorization !== `Bearer ${this.acceptedToken}`) {
            return graphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.", requestId);
        }
        if (request.method === "GET") {
            const related = this.respondToRead(request, requestId);
            if (related) return related;
        }
        const match = SERVICE_PRINCIPAL_PATH.exec(request.path);
        if (!match) return graphError(400, "BadRequest", `Resource not found for the segment '${request.path}'.`, requestId);
        const objectId = decodeURIComponent(match[1]);
        if (!this.thumbprints.has(objectId)) {
            return graphError(
                404,
                "Request_ResourceNotFound",
                `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`,
                requestId,
            );
        }
        if (request.method === "GET") {
            const select = request.query.get("$select")?.split(",") ?? ["id", "appId", "displayName", "preferredTokenSigningKeyThumbprint"];
            let thumbprint = this.thumbprints.get(objectId) ?? null;
            if (this.staleReads > 0 && this.staleThumbprints.has(objectId)) {
                this.staleReads--;
                thumbprint = this.staleThumbprints.get(objectId) ?? null;
            }
            const entity: Record<string, unknown> = {
                "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(${select.join(",")})/$entity`,
            };
            const full: Record<string, unknown> = {
                id: objectId,
                appId: "00000000-0000-0000-0000-0000000000a1",
                displayName: "AWS Single-Account Access",
                ...this.servicePrincipals.get(objectId),
                preferredTokenSigningKeyThumbprint: thumbprint,
            };
            for (const field of select) entity[field] = full[field];
            return { status: 200, headers: { "request-id": requestId }, body: entity };
        }
        if (request.method === "PATCH") {
            let patch: unknown;
            try {
                patch = JSON.parse(request.body);
            } catch {
                return graphError(400, "BadRequest", "Unable to read JSON request payload.", requestId);
            }
            const thumbprint = (patch as { preferredTokenSigningKeyThumbprint?: unknown } | null)?.preferredTokenSigningKeyThumbprint;
            if (
                request.headers["content-type"] !== "application/json" ||
                typeof thumbprint !== "string" ||
                Object.keys(patch as object).length !== 1
            ) {
                return graphError(400, "Request_BadRequest", "Invalid request payload.", requestId);
            }
            this.staleThumbprints.set(objectId, this.thumbprints.get(objectId) ?? null);
            this.thumbprints.set(objectId, thumbprint);
            return { status: 204, headers: { "request-id": requestId } };
        }
        return graphError(405, "Request_BadRequest", `The HTTP method '${request.method}' is not allowed.`, requestId);
    }

    /** Applications and the collections under a service principal; undefined leaves the request to the entity routes. */
    private respondToRead(request: RecordedRequest, requestId: string): ScriptedResponse | undefined {
        const select = request.query.get("$select")?.split(",");
        const pick = (entity: Record<string, unknown>) =>
            Object.fromEntries(Object.entries(entity).filter(([key]) => !select || select.includes(key)));
        if (request.path === "/v1.0/servicePrincipals") {
            const filter = TEMPLATE_FILTER.exec(request.query.get("$filter") ?? "");
            if (!filter)
                return graphError(
                    400,
                    "Request_UnsupportedQuery",
                    `Unsupported or invalid query filter clause specified for property of resource 'ServicePrincipal'.`,
                    requestId,
                );
            const matching = [...this.servicePrincipals.values()]
                .filter((entry) => entry.applicationTemplateId === filter[1])
                // A collection never carries key material: Graph returns `key` only for one object.
                .map((entry) =>
                    pick({
                        ...entry,
                        keyCredentials: entry.keyCredentials.map((key) => ({ ...key, key: null })),
                        preferredTokenSigningKeyThumbprint: this.thumbprints.get(entry.id) ?? null,
                    }),
                );
            return this.page(request, matching, "servicePrincipals", requestId);
        }
        const byClientId = APPLICATION_BY_CLIENT_ID_PATH.exec(request.path);
        if (byClientId) {
            const entity = [...this.applications.values()].find((entry) => entry.appId === decodeURIComponent(byClientId[1]));
            if (!entity)
                return graphError(
                    404,
                    "Request_ResourceNotFound",
                    `Resource '${byClientId[1]}' does not exist or one of its queried reference-property objects are not present.`,
                    requestId,
                );
            return {
                status: 200,
                headers: { "request-id": requestId },
                body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications/$entity", ...pick(entity) },
            };
        }
        const user = USER_PATH.exec(request.path);
        if (user) {
            const entity = this.users.get(decodeURIComponent(user[1]));
            if (!entity)
                return graphError(
                    404,
                    "Request_ResourceNotFound",
                    `Resource '${user[1]}' does not exist or one of its queried reference-property objects are not present.`,
                    requestId,
                );
            return {
                status: 200,
                headers: { "request-id": requestId },
                body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity", ...pick(entity) },
            };
        }
        const application = APPLICATION_PATH.exec(request.path);
        if (application) {
            const objectId = decodeURIComponent(application[1]);
            const entity = this.applications.get(objectId);
            if (!entity)
                return graphError(
                    404,
                    "Request_ResourceNotFound",
                    `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`,
                    requestId,
                );
            const select = request.query.get("$select")?.split(",");
            const body: Record<string, unknown> = {
                "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#applications(${select?.join(",") ?? ""})/$entity`,
            };
            for (const [key, value] of Object.entries(entity)) if (!select || select.includes(key)) body[key] = value;
            return { status: 200, headers: { "request-id": requestId }, body };
        }
        const memberOf = USER_TRANSITIVE_GROUPS_PATH.exec(request.path);
        if (memberOf) {
            const userPrincipalName = decodeURIComponent(memberOf[1]);
            const groupIds = this.userGroups.get(userPrincipalName.toLowerCase());
            if (!groupIds)
                return graphError(
                    404,
                    "Request_ResourceNotFound",
                    `Resource '${userPrincipalName}' does not exist or one of its queried reference-property objects are not present.`,
                    requestId,
                );
            return this.page(
                request,
                groupIds.map((id) => ({ "@odata.type": "#microsoft.graph.group", id })),
                "directoryObjects(id)",
                requestId,
            );
        }
        const relation = SERVICE_PRINCIPAL_RELATION_PATH.exec(request.path);
        if (!relation) return undefined;
        const objectId = decodeURIComponent(relation[1]);
        const related = this.relations.get(objectId);
        if (!related)
            return graphError(
                404,
                "Request_ResourceNotFound",
                `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`,
                requestId,
            );
        const [items, context] =
            relation[2] === "claimsMappingPolicies"
                ? [related.claimsMappingPolicies, "policies/claimsMappingPolicies"]
                : relation[2] === "appRoleAssignedTo"
                  ? [related.appRoleAssignedTo, `servicePrincipals('${objectId}')/appRoleAssignedTo`]
                  : [related.synchronizationJobs, `servicePrincipals('${objectId}')/synchronization/jobs`];
        const skip = Number(request.query.get("$skiptoken") ?? 0) || 0;
        const page = items.slice(skip, skip + this.pageSize);
        const body: Record<string, unknown> = { "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#${context}`, value: page };
        if (skip + this.pageSize < items.length)
            body["@odata.nextLink"] = `${this.baseUrl}${request.path}?$skiptoken=${skip + this.pageSize}`;
        return { status: 200, headers: { "request-id": requestId }, body };
    }

    /** One page of a top-level collection, with @odata.nextLink as Graph pages it. */
    private page(request: RecordedRequest, items: readonly unknown[], context: string, requestId: string): ScriptedResponse {
        const skip = Number(request.query.get("$skiptoken") ?? 0) || 0;
        const body: Record<string, unknown> = {
            "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#${context}`,
            value: items.slice(skip, skip + this.pageSize),
        };
        if (skip + this.pageSize < items.length) {
            const next = new URLSearchParams(request.query);
            next.set("$skiptoken", String(skip + this.pageSize));
            body["@odata.nextLink"] = `${this.baseUrl}${request.path}?${next.toString()}`;
        }
        return { status: 200, headers: { "request-id": requestId }, body };
    }

    private send(res: http.ServerResponse, response: ScriptedResponse): void {
        const headers: Record<string, string> = { ...response.headers };
        if (response.body !== undefined) headers["Content-Type"] = JSON_CONTENT_TYPE;
        res.writeHead(response.status, headers);
        res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
    }
}
