import * as pulumi from "@pulumi/pulumi";
import type { AccessToken, TokenCredential } from "@azure/identity";

// Everything the provider object reaches is serialized by value into the resource's `__provider` input (and
// so into the state). That code must therefore capture no secrets and no SDK modules: credentials are read
// from the environment inside the provider methods at run time, and `@azure/identity` / `node-forge` are
// required lazily there. The `pulumi` import is used only by the resource class, which is not serialized.

/** Graph endpoint of the global Azure cloud. */
export const DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com";

// Pulumi's placeholder for a value not known during preview (`pulumi.runtime.unknownValue`). A literal, so
// the serialized provider does not capture the SDK (test/vocabulary.test.ts checks it is the vocabulary's).
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const THUMBPRINT_PATTERN = /^[0-9a-f]{40}$/i;
const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

export interface PreferredTokenSigningKeyArgs {
    /** Object id (UUID) of the service principal whose preferred key is set. */
    readonly servicePrincipalObjectId: pulumi.Input<string>;
    /** SHA-1 thumbprint (hex) of the token-signing certificate to make preferred. */
    readonly thumbprint: pulumi.Input<string>;
    /** Graph base URL, default https://graph.microsoft.com (national clouds: https://graph.microsoft.us, https://microsoftgraph.chinacloudapi.cn ...); tests inject the 127.0.0.1 stand-in. */
    readonly graphBaseUrl?: pulumi.Input<string>;
}

/** Plain inputs and outputs of the dynamic resource, as the provider sees them. */
export interface PreferredTokenSigningKeyState {
    /** Lower-case object id of the service principal; also the resource id. */
    readonly servicePrincipalObjectId: string;
    /** Upper-case hex thumbprint; in read results the live value, "" when Azure has none. */
    readonly thumbprint: string;
    /** Graph origin without trailing slash. */
    readonly graphBaseUrl: string;
}

/** Returns a bearer token for an OAuth scope such as `https://graph.microsoft.com/.default`. */
export type AccessTokenSource = (scope: string) => Promise<string>;

/** Bounds and timing of retries of one Graph request (and of the read-back after a write). */
export interface RetryPolicy {
    /** Attempts per request, the first one included. */
    readonly maxAttempts: number;
    /** First backoff delay; doubles with every retry. */
    readonly initialDelayMs: number;
    /** Ceiling of one computed backoff delay (a longer Retry-After is still honoured). */
    readonly maxDelayMs: number;
    /** Ceiling of the total wait between attempts of one request; exceeding it gives up. */
    readonly maxTotalDelayMs: number;
    /** Timeout of one HTTP exchange. */
    readonly requestTimeoutMs: number;
    /** Waits between attempts; injectable so tests neither sleep nor depend on timers. */
    readonly sleep: (ms: number) => Promise<void>;
}

/** Replication of a new service principal usually takes seconds; 1+2+4+8+16 s covers it without stalling `up`. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
    maxAttempts: 6,
    initialDelayMs: 1_000,
    maxDelayMs: 30_000,
    maxTotalDelayMs: 120_000,
    requestTimeoutMs: 30_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The part of a Graph servicePrincipal this resource reads. */
export interface ServicePrincipalSigningKey {
    /** Object id. */
    readonly id: string;
    /** Thumbprint of the preferred token-signing key, null when none is set. */
    readonly preferredTokenSigningKeyThumbprint: string | null;
}

/** A failed Graph exchange. Deliberately has no `id` property: the dynamic provider host would read it as "created, failed to initialize". */
export class GraphError extends Error {
    constructor(
        message: string,
        /** HTTP status; 0 when no response arrived. */
        public readonly status: number,
        /** Graph error code such as `Authorization_RequestDenied`. */
        public readonly code: string | undefined,
        /** Graph `request-id`, for Microsoft support. */
        public readonly requestId: string | undefined,
    ) {
        super(message);
        this.name = "GraphError";
    }
}

export interface GraphClientOptions {
    /** Graph origin, e.g. https://graph.microsoft.com. */
    readonly baseUrl: string;
    /** Supplies the bearer token; called with `<baseUrl>/.default`. */
    readonly accessToken: AccessTokenSource;
    /** Overrides of DEFAULT_RETRY_POLICY. */
    readonly retry?: Partial<RetryPolicy>;
}

/** The two Graph calls this resource needs, with retries and readable errors. Uses Node's built-in fetch. */
export class GraphClient {
    public readonly baseUrl: string;
    public readonly retry: RetryPolicy;
    private readonly accessToken: AccessTokenSource;

    constructor(options: GraphClientOptions) {
        this.baseUrl = normaliseGraphBaseUrl(options.baseUrl);
        this.accessToken = options.accessToken;
        this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    }

    /** The token audience follows the Graph host, so national clouds get tokens for their own Graph. */
    public get scope(): string {
        return `${this.baseUrl}/.default`;
    }

    public async getServicePrincipal(objectId: string): Promise<ServicePrincipalSigningKey> {
        const body = await this.send(
            "GET",
            `/v1.0/servicePrincipals/${encodeURIComponent(objectId)}?$select=id,preferredTokenSigningKeyThumbprint`,
        );
        const entity = body as { id?: unknown; preferredTokenSigningKeyThumbprint?: unknown } | undefined;
        const thumbprint = entity?.preferredTokenSigningKeyThumbprint;
        if (typeof entity?.id !== "string" || (thumbprint !== null && thumbprint !== undefined && typeof thumbprint !== "string")) {
            throw new GraphError(
                `Microsoft Graph returned an unexpected servicePrincipal body: ${JSON.stringify(body).slice(0, 300)}`,
                200,
                undefined,
                undefined,
            );
        }
        return { id: entity.id, preferredTokenSigningKeyThumbprint: thumbprint ?? null };
    }

    public async setPreferredTokenSigningKeyThumbprint(objectId: string, thumbprint: string): Promise<void> {
        await this.send("PATCH", `/v1.0/servicePrincipals/${encodeURIComponent(objectId)}`, {
            preferredTokenSigningKeyThumbprint: thumbprint,
        });
    }

    private async send(method: "GET" | "PATCH", path: string, payload?: object): Promise<unknown> {
        const url = this.baseUrl + path;
        const policy = this.retry;
        let waited = 0;
        for (let attempt = 1; ; attempt++) {
            const token = await this.accessToken(this.scope);
            let response: Response;
            try {
                response = await fetch(url, {
                    method,
                    headers: {
                        Authorization: `Bearer ${token}`,
                        Accept: "application/json",
                        "client-request-id": crypto.randomUUID(),
                        ...(payload ? { "Content-Type": "application/json" } : {}),
                    },
                    body: payload ? JSON.stringify(payload) : undefined,
                    signal: AbortSignal.timeout(policy.requestTimeoutMs),
                });
            } catch (err) {
                // No response at all (reset, DNS, timeout): as transient as a 503.
                const failure = new GraphError(
                    `Microsoft Graph ${method} ${url} failed without a response after ${attempt} attempt(s): ${errorMessage(err)}`,
                    0,
                    undefined,
                    undefined,
                );
                const delay = backoffDelay(policy, attempt);
                if (attempt >= policy.maxAttempts || waited + delay > policy.maxTotalDelayMs) throw failure;
                await policy.sleep(delay);
                waited += delay;
                continue;
            }
            const text = await response.text();
            if (response.ok) return text ? JSON.parse(text) : undefined;

            const failure = graphFailure(method, url, response, text, attempt);
            if (!isRetryable(response.status) || attempt >= policy.maxAttempts) throw failure;
            const delay = retryAfterMs(response.headers.get("retry-after")) ?? backoffDelay(policy, attempt);
            if (waited + delay > policy.maxTotalDelayMs) throw failure;
            await policy.sleep(delay);
            waited += delay;
        }
    }
}

// 404: a service principal created moments ago may not have replicated to the replica serving this request.
function isRetryable(status: number): boolean {
    return status === 404 || status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

function backoffDelay(policy: RetryPolicy, attempt: number): number {
    return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
}

/** Retry-After as delta-seconds or HTTP-date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
    if (!header) return undefined;
    const value = header.trim();
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function graphFailure(method: string, url: string, response: Response, text: string, attempts: number): GraphError {
    let code: string | undefined;
    let message = text.slice(0, 300);
    let requestId = response.headers.get("request-id") ?? undefined;
    try {
        const error = (JSON.parse(text) as { error?: { code?: string; message?: string; innerError?: Record<string, string> } }).error;
        if (error) {
            code = error.code;
            message = error.message ?? "";
            requestId ??= error.innerError?.["request-id"];
        }
    } catch {
        // Not JSON (a gateway page): keep the raw text.
    }
    const status = response.status;
    const detail = `${status}${code ? ` ${code}` : ""}: ${message} (request-id ${requestId ?? "none"}, ${attempts} attempt(s))`;
    let hint = "";
    if (status === 403) {
        hint =
            " The identity running Pulumi may not change this service principal. Grant the Microsoft Graph application permission" +
            " Application.ReadWrite.All (or Application.ReadWrite.OwnedBy, with that identity an owner of the service principal)" +
            " with admin consent, or, when signed in as a user, the Application Administrator or Cloud Application Administrator directory role.";
    } else if (status === 401) {
        hint = " The access token was rejected: check the tenant and that the credential belongs to the cloud of this Graph host.";
    } else if (status === 404) {
        hint =
            " The service principal does not exist (or has not replicated yet): servicePrincipalObjectId must be its object id, not the application's client id.";
    }
    return new GraphError(`Microsoft Graph ${method} ${url} failed: ${detail}.${hint}`, status, code, requestId);
}

function errorMessage(err: unknown): string {
    if (!(err instanceof Error)) return String(err);
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

/** Trims and drops trailing slashes; validation is in `check`. */
function normaliseGraphBaseUrl(value: string | undefined): string {
    return (value ?? DEFAULT_GRAPH_BASE_URL).trim().replace(/\/+$/, "");
}

/** Why a Graph base URL is unacceptable, or undefined. A bearer token may only travel over https (plain http to loopback for tests). */
function graphBaseUrlProblem(value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `graphBaseUrl must be an absolute URL such as ${DEFAULT_GRAPH_BASE_URL}, got "${value}"`;
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname))) {
        return `graphBaseUrl must use https (plain http only for a loopback test server), got "${value}"`;
    }
    if (url.origin !== value) {
        return `graphBaseUrl must be the Graph origin only, like ${DEFAULT_GRAPH_BASE_URL} (no path such as /v1.0, query or credentials), got "${value}"`;
    }
    return undefined;
}

function sameIgnoringCase(a: unknown, b: unknown): boolean {
    return typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;
}

// ----- Credentials -----------------------------------------------------------------------------------------

/** Environment variables, read when a Graph call is about to be made. */
export type CredentialEnvironment = Readonly<Record<string, string | undefined>>;

/** A credential and a description of where it came from, for error messages. Holds secrets: never serialize. */
export interface ResolvedCredential {
    readonly credential: TokenCredential;
    /** e.g. "client secret (ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET)". */
    readonly source: string;
}

/**
 * Picks the credential the azuread provider would use from the same environment: Terraform-style ARM_* first
 * (client certificate, client secret, managed identity, Azure CLI), else DefaultAzureCredential, whose chain is
 * AZURE_* environment, workload identity, managed identity (with a fast IMDS probe), then developer logins
 * including Azure CLI.
 */
export function credentialFromEnvironment(env: CredentialEnvironment, graphBaseUrl: string): ResolvedCredential {
    const identity: typeof import("@azure/identity") = require("@azure/identity");
    const authorityHost = env.AZURE_AUTHORITY_HOST || authorityHostFor(env.ARM_ENVIRONMENT, graphBaseUrl);
    const options = authorityHost ? { authorityHost } : {};
    const tenantId = env.ARM_TENANT_ID;
    const clientId = env.ARM_CLIENT_ID;
    if (tenantId && clientId && env.ARM_CLIENT_CERTIFICATE_PATH) {
        const certificate = readClientCertificate(env.ARM_CLIENT_CERTIFICATE_PATH, env.ARM_CLIENT_CERTIFICATE_PASSWORD);
        return {
            credential: new identity.ClientCertificateCredential(tenantId, clientId, certificate, options),
            source: "client certificate (ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_CERTIFICATE_PATH)",
        };
    }
    if (tenantId && clientId && env.ARM_CLIENT_SECRET) {
        return {
            credential: new identity.ClientSecretCredential(tenantId, clientId, env.ARM_CLIENT_SECRET, options),
            source: "client secret (ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET)",
        };
    }
    if (isTrue(env.ARM_USE_MSI)) {
        return {
            credential: new identity.ManagedIdentityCredential(clientId ? { clientId } : {}),
            source: `managed identity (ARM_USE_MSI${clientId ? ", ARM_CLIENT_ID" : ""})`,
        };
    }
    if (isTrue(env.ARM_USE_CLI)) {
        return { credential: new identity.AzureCliCredential(tenantId ? { tenantId } : {}), source: "Azure CLI login (ARM_USE_CLI)" };
    }
    return {
        credential: new identity.DefaultAzureCredential({ ...options, ...(tenantId ? { tenantId } : {}) }),
        source: "DefaultAzureCredential (AZURE_* environment, workload identity, managed identity, Azure CLI)",
    };
}

/** Terraform's ARM_ENVIRONMENT, else the cloud of the Graph host; undefined leaves the library default (global). */
export function authorityHostFor(armEnvironment: string | undefined, graphBaseUrl: string): string | undefined {
    const environment = armEnvironment?.trim().toLowerCase();
    if (environment) {
        if (environment.startsWith("usgovernment")) return "https://login.microsoftonline.us";
        if (environment === "china") return "https://login.chinacloudapi.cn";
        return "https://login.microsoftonline.com";
    }
    let host = "";
    try {
        host = new URL(graphBaseUrl).hostname;
    } catch {
        return undefined;
    }
    if (host === "graph.microsoft.us" || host === "dod-graph.microsoft.us") return "https://login.microsoftonline.us";
    if (host === "microsoftgraph.chinacloudapi.cn") return "https://login.chinacloudapi.cn";
    return undefined;
}

/** Go's strconv.ParseBool truths, as Terraform reads ARM_USE_MSI / ARM_USE_CLI. */
function isTrue(value: string | undefined): boolean {
    return value !== undefined && ["1", "t", "true"].includes(value.trim().toLowerCase());
}

/**
 * Terraform-style ARM_CLIENT_CERTIFICATE_PATH is usually a PKCS#12 (.pfx) file, which @azure/identity does not
 * read: convert it to PEM in memory. A PEM file (key possibly encrypted) is passed through.
 */
export function readClientCertificate(path: string, password: string | undefined): { certificate: string; certificatePassword?: string } {
    const fs: typeof import("fs") = require("fs");
    const content = fs.readFileSync(path);
    const text = content.toString("utf8");
    if (text.includes("-----BEGIN")) return password ? { certificate: text, certificatePassword: password } : { certificate: text };
    return { certificate: pemFromPkcs12(content, password ?? "") };
}

/** The private key (PKCS#8) followed by the certificate matching it, then any chain certificates. */
export function pemFromPkcs12(der: Buffer, password: string): string {
    const forge: typeof import("node-forge") = require("node-forge");
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString("binary")), password);
    const { oids } = forge.pki;
    const keyBags = [
        ...(p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag })[oids.pkcs8ShroudedKeyBag] ?? []),
        ...(p12.getBags({ bagType: oids.keyBag })[oids.keyBag] ?? []),
    ];
    const key = keyBags.find((bag) => bag.key)?.key as import("node-forge").pki.rsa.PrivateKey | undefined;
    const certificates = (p12.getBags({ bagType: oids.certBag })[oids.certBag] ?? []).flatMap((bag) => (bag.cert ? [bag.cert] : []));
    if (!key || certificates.length === 0) {
        throw new Error(
            "ARM_CLIENT_CERTIFICATE_PATH: the PKCS#12 file holds no RSA private key and certificate (ECDSA keys: provide a PEM file instead)",
        );
    }
    const matches = (cert: import("node-forge").pki.Certificate) =>
        (cert.publicKey as import("node-forge").pki.rsa.PublicKey).n.equals(key.n);
    const ordered = [...certificates.filter(matches), ...certificates.filter((cert) => !matches(cert))];
    const keyPem = forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)));
    return keyPem + ordered.map((cert) => forge.pki.certificateToPem(cert)).join("");
}

/** A token source over the environment's credential, created per provider operation so nothing outlives it. */
export function environmentAccessToken(env: CredentialEnvironment, graphBaseUrl: string): AccessTokenSource {
    let resolved: ResolvedCredential | undefined;
    let cached: AccessToken | undefined;
    return async (scope) => {
        // Reuse within the operation: AzureCliCredential spawns `az` for every token.
        if (cached && cached.expiresOnTimestamp - Date.now() > 120_000) return cached.token;
        let token: AccessToken | null;
        try {
            resolved ??= credentialFromEnvironment(env, graphBaseUrl);
            token = await resolved.credential.getToken(scope);
        } catch (err) {
            throw new Error(
                `Could not get a Microsoft Graph token for ${scope} from ${resolved?.source ?? "the environment"}: ${errorMessage(err)}`,
            );
        }
        if (!token) throw new Error(`${resolved.source} returned no token for ${scope}`);
        cached = token;
        return token.token;
    };
}

// ----- Dynamic provider -------------------------------------------------------------------------------------

export interface PreferredTokenSigningKeyProviderOptions {
    /** Token source; default: the environment's credential, resolved inside each operation. Tests pass a static token. */
    readonly accessToken?: AccessTokenSource;
    /** Overrides of DEFAULT_RETRY_POLICY; tests inject `sleep`. */
    readonly retry?: Partial<RetryPolicy>;
}

/** Normalised state from raw inputs or stored outputs (which may predate a field). */
function normalise(props: Partial<Record<keyof PreferredTokenSigningKeyState, unknown>>, id?: string): PreferredTokenSigningKeyState {
    const objectId = typeof props.servicePrincipalObjectId === "string" ? props.servicePrincipalObjectId : (id ?? "");
    const thumbprint = typeof props.thumbprint === "string" ? props.thumbprint : "";
    return {
        servicePrincipalObjectId: objectId.trim().toLowerCase(),
        thumbprint: thumbprint.trim().toUpperCase(),
        graphBaseUrl: normaliseGraphBaseUrl(typeof props.graphBaseUrl === "string" ? props.graphBaseUrl : undefined),
    };
}

/** CRUD of the preferred token-signing key. No mutable state: the instance is serialized into the resource. */
export class PreferredTokenSigningKeyProvider implements pulumi.dynamic.ResourceProvider<
    PreferredTokenSigningKeyState,
    PreferredTokenSigningKeyState
> {
    constructor(private readonly options: PreferredTokenSigningKeyProviderOptions = {}) {}

    public async check(
        _olds: PreferredTokenSigningKeyState,
        news: PreferredTokenSigningKeyState,
    ): Promise<pulumi.dynamic.CheckResult<PreferredTokenSigningKeyState>> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        const raw = news as Partial<Record<keyof PreferredTokenSigningKeyState, unknown>>;
        const inputs: Record<string, unknown> = { ...news };
        // Values still unknown in a preview are left as they are: validated at `up`, when they are known.
        if (raw.servicePrincipalObjectId !== UNKNOWN) {
            const value = raw.servicePrincipalObjectId;
            if (typeof value !== "string" || !UUID_PATTERN.test(value.trim())) {
                failures.push({
                    property: "servicePrincipalObjectId",
                    reason: `servicePrincipalObjectId must be the service principal's object id (a UUID), got ${JSON.stringify(value)}`,
                });
            } else {
                inputs.servicePrincipalObjectId = value.trim().toLowerCase();
            }
        }
        if (raw.thumbprint !== UNKNOWN) {
            const value = raw.thumbprint;
            if (typeof value !== "string" || !THUMBPRINT_PATTERN.test(value.trim())) {
                failures.push({
                    property: "thumbprint",
                    reason: `thumbprint must be a SHA-1 thumbprint of 40 hex characters without separators, got ${JSON.stringify(value)}`,
                });
            } else {
                inputs.thumbprint = value.trim().toUpperCase();
            }
        }
        if (raw.graphBaseUrl !== UNKNOWN) {
            if (raw.graphBaseUrl !== undefined && typeof raw.graphBaseUrl !== "string") {
                failures.push({
                    property: "graphBaseUrl",
                    reason: `graphBaseUrl must be a string, got ${JSON.stringify(raw.graphBaseUrl)}`,
                });
            } else {
                const value = normaliseGraphBaseUrl(raw.graphBaseUrl);
                const problem = graphBaseUrlProblem(value);
                if (problem) failures.push({ property: "graphBaseUrl", reason: problem });
                else inputs.graphBaseUrl = value;
            }
        }
        return { inputs: inputs as unknown as PreferredTokenSigningKeyState, failures };
    }

    public async diff(
        _id: string,
        olds: PreferredTokenSigningKeyState,
        news: PreferredTokenSigningKeyState,
    ): Promise<pulumi.dynamic.DiffResult> {
        const before = normalise(olds);
        // Another service principal is another resource; a new key or Graph host is a PATCH in place.
        const replaces = sameIgnoringCase(before.servicePrincipalObjectId, news.servicePrincipalObjectId)
            ? []
            : ["servicePrincipalObjectId"];
        const changes =
            replaces.length > 0 ||
            !sameIgnoringCase(before.thumbprint, news.thumbprint) ||
            !sameIgnoringCase(before.graphBaseUrl, normaliseGraphBaseUrl(news.graphBaseUrl));
        return { changes, replaces, deleteBeforeReplace: false };
    }

    public async create(inputs: PreferredTokenSigningKeyState): Promise<pulumi.dynamic.CreateResult<PreferredTokenSigningKeyState>> {
        const state = normalise(inputs);
        await activate(this.client(state.graphBaseUrl), state.servicePrincipalObjectId, state.thumbprint);
        return { id: state.servicePrincipalObjectId, outs: state };
    }

    public async read(
        id: string,
        props?: PreferredTokenSigningKeyState,
    ): Promise<pulumi.dynamic.ReadResult<PreferredTokenSigningKeyState>> {
        const state = normalise(props ?? {}, id);
        let live: ServicePrincipalSigningKey;
        try {
            live = await this.client(state.graphBaseUrl).getServicePrincipal(state.servicePrincipalObjectId);
        } catch (err) {
            // Still absent after the replication retries: the service principal is gone, and this key with it.
            if (err instanceof GraphError && err.status === 404) return { id: "" };
            throw err;
        }
        // Only the outputs change, so `pulumi refresh` shows the drift and the next `up` PATCHes the key back.
        return { id, props: { ...state, thumbprint: (live.preferredTokenSigningKeyThumbprint ?? "").toUpperCase() } };
    }

    public async update(
        _id: string,
        _olds: PreferredTokenSigningKeyState,
        news: PreferredTokenSigningKeyState,
    ): Promise<pulumi.dynamic.UpdateResult<PreferredTokenSigningKeyState>> {
        const state = normalise(news);
        await activate(this.client(state.graphBaseUrl), state.servicePrincipalObjectId, state.thumbprint);
        return { outs: state };
    }

    public async delete(_id: string, _props: PreferredTokenSigningKeyState): Promise<void> {
        // Deliberately leaves the service principal alone. PATCHing the thumbprint to null would make Azure fall
        // back to the tenant's default key while the claims mapping policy still requires an app-specific key:
        // sign-in fails with AADSTS50146. The certificates themselves are deleted by their own resources.
    }

    private client(graphBaseUrl: string): GraphClient {
        // process.env is read here, at run time in the provider host, never at serialization time.
        const accessToken = this.options.accessToken ?? environmentAccessToken(process.env, graphBaseUrl);
        return new GraphClient({ baseUrl: graphBaseUrl, accessToken, retry: this.options.retry });
    }
}

/** PATCH the preferred key, then read it back until Graph's replicas agree (eventual consistency). */
async function activate(client: GraphClient, objectId: string, thumbprint: string): Promise<void> {
    await client.setPreferredTokenSigningKeyThumbprint(objectId, thumbprint);
    let reported: string | null = null;
    for (let attempt = 1; attempt <= client.retry.maxAttempts; attempt++) {
        if (attempt > 1) await client.retry.sleep(backoffDelay(client.retry, attempt - 1));
        reported = (await client.getServicePrincipal(objectId)).preferredTokenSigningKeyThumbprint;
        if (sameIgnoringCase(reported, thumbprint)) return;
    }
    throw new Error(
        `Microsoft Graph accepted preferredTokenSigningKeyThumbprint ${thumbprint} for service principal ${objectId}` +
            ` but still reports ${reported ?? "none"} after ${client.retry.maxAttempts} reads.`,
    );
}

/** The provider every PreferredTokenSigningKey uses: production credentials and retry timing. */
export const preferredTokenSigningKeyProvider = new PreferredTokenSigningKeyProvider();

/**
 * Makes a token-signing certificate the service principal's preferred SAML signing key (Graph
 * `preferredTokenSigningKeyThumbprint`), which the azuread provider cannot set.
 */
export class PreferredTokenSigningKey extends pulumi.dynamic.Resource {
    // `declare`: a class field would be re-initialised to undefined after super() registered the outputs (ES2022 field semantics).
    declare public readonly servicePrincipalObjectId: pulumi.Output<string>;
    declare public readonly thumbprint: pulumi.Output<string>;
    declare public readonly graphBaseUrl: pulumi.Output<string>;

    constructor(name: string, args: PreferredTokenSigningKeyArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            preferredTokenSigningKeyProvider,
            name,
            {
                servicePrincipalObjectId: args.servicePrincipalObjectId,
                thumbprint: args.thumbprint,
                graphBaseUrl: args.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL,
            },
            opts,
            "azure-ad",
            "PreferredTokenSigningKey",
        );
    }
}
