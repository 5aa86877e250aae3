import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as forge from "node-forge";
import * as pulumi from "@pulumi/pulumi";
import * as identity from "@azure/identity";
import {
    authorityHostFor,
    credentialFromEnvironment,
    DEFAULT_GRAPH_BASE_URL,
    GraphClient,
    GraphError,
    pemFromPkcs12,
    PreferredTokenSigningKeyProvider,
    PreferredTokenSigningKeyState,
    retryAfterMs,
} from "../../../components/azure-ad/preferred-token-signing-key";
import { GRAPH_FAILURES, GraphStandIn } from "../../support/graph-stand-in";
import { outputValue } from "../../support/output-value";

const MODULE_PATH = "../../../components/azure-ad/preferred-token-signing-key";
const SP = "6f1c3c8e-2b1a-4a57-9d0e-3c2f1a9b7e11";
const THUMBPRINT = "3B1F9A0C7D2E4F6A8B0C1D2E3F4A5B6C7D8E9F01";
const OTHER_THUMBPRINT = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
const TOKEN = "static-test-token-7c1d";

describe("PreferredTokenSigningKey", () => {
    describe("dynamic provider", () => {
        let standIn: GraphStandIn;
        let sleeps: number[];
        let scopes: string[];
        let provider: PreferredTokenSigningKeyProvider;
        const realFetch = globalThis.fetch;

        const state = (overrides: Partial<PreferredTokenSigningKeyState> = {}) => signingKeyState(standIn.baseUrl, overrides);

        before(async () => {
            standIn = await GraphStandIn.start();
            // Guard: these tests may reach the stand-in on 127.0.0.1 and nothing else.
            globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
                const url = new URL(input instanceof Request ? input.url : String(input));
                if (url.hostname !== "127.0.0.1") throw new Error(`test tried to contact ${url.host}`);
                return realFetch(input, init);
            }) as typeof fetch;
        });

        after(async () => {
            globalThis.fetch = realFetch;
            await standIn.stop();
        });

        beforeEach(() => {
            standIn.reset();
            standIn.acceptedToken = TOKEN;
            sleeps = [];
            scopes = [];
            provider = new PreferredTokenSigningKeyProvider({
                accessToken: async (scope) => {
                    scopes.push(scope);
                    return TOKEN;
                },
                retry: {
                    maxAttempts: 4,
                    initialDelayMs: 100,
                    maxDelayMs: 1_000,
                    maxTotalDelayMs: 10_000,
                    sleep: async (ms) => void sleeps.push(ms),
                },
            });
        });

        describe("check", () => {
            it("normalises the thumbprint to upper case, the object id to lower case and fills the default Graph host", async () => {
                const result = await provider.check(state(), {
                    servicePrincipalObjectId: ` ${SP.toUpperCase()} `,
                    thumbprint: THUMBPRINT.toLowerCase(),
                } as PreferredTokenSigningKeyState);
                assert.deepStrictEqual(result.failures, []);
                assert.deepStrictEqual(result.inputs, {
                    servicePrincipalObjectId: SP,
                    thumbprint: THUMBPRINT,
                    graphBaseUrl: DEFAULT_GRAPH_BASE_URL,
                });
            });

            it("rejects a malformed object id and thumbprint with messages naming the property", async () => {
                const result = await provider.check(
                    state(),
                    state({ servicePrincipalObjectId: "aws-sso", thumbprint: THUMBPRINT.slice(1) }),
                );
                assert.deepStrictEqual(
                    result.failures?.map((f) => f.property),
                    ["servicePrincipalObjectId", "thumbprint"],
                );
                assert.match(result.failures![0].reason, /servicePrincipalObjectId must be .*UUID.*"aws-sso"/);
                assert.match(result.failures![1].reason, /thumbprint must be .*40 hex/);
                const colons = await provider.check(state(), state({ thumbprint: THUMBPRINT.match(/../g)!.join(":") }));
                assert.deepStrictEqual(
                    colons.failures?.map((f) => f.property),
                    ["thumbprint"],
                );
            });

            it("rejects a Graph URL that would send the token in clear text or carries a path", async () => {
                for (const graphBaseUrl of ["http://graph.microsoft.com", "https://graph.microsoft.com/v1.0", "graph.microsoft.com"]) {
                    const result = await provider.check(state(), state({ graphBaseUrl }));
                    assert.deepStrictEqual(
                        result.failures?.map((f) => f.property),
                        ["graphBaseUrl"],
                        graphBaseUrl,
                    );
                }
                const national = await provider.check(state(), state({ graphBaseUrl: "https://graph.microsoft.us/" }));
                assert.deepStrictEqual(national.failures, []);
                assert.strictEqual(national.inputs?.graphBaseUrl, "https://graph.microsoft.us");
            });

            it("lets values unknown during preview through unchanged", async () => {
                const unknown = pulumi.runtime.unknownValue;
                const result = await provider.check(state(), state({ servicePrincipalObjectId: unknown, thumbprint: unknown }));
                assert.deepStrictEqual(result.failures, []);
                assert.strictEqual(result.inputs?.thumbprint, unknown);
                assert.strictEqual(result.inputs?.servicePrincipalObjectId, unknown);
            });
        });

        describe("diff", () => {
            it("reports a changed thumbprint as an update, not a replacement", async () => {
                const result = await provider.diff(SP, state(), state({ thumbprint: OTHER_THUMBPRINT }));
                assert.deepStrictEqual(result, { changes: true, replaces: [], deleteBeforeReplace: false });
            });

            it("replaces when the service principal changes", async () => {
                const result = await provider.diff(
                    SP,
                    state(),
                    state({ servicePrincipalObjectId: "0b6f3f0e-1111-4c2d-8e9f-222233334444" }),
                );
                assert.strictEqual(result.changes, true);
                assert.deepStrictEqual(result.replaces, ["servicePrincipalObjectId"]);
            });

            it("sees no change when only the letter case differs", async () => {
                const result = await provider.diff(
                    SP,
                    state({ thumbprint: THUMBPRINT.toLowerCase() }),
                    state({ servicePrincipalObjectId: SP.toUpperCase() }),
                );
                assert.deepStrictEqual(result, { changes: false, replaces: [], deleteBeforeReplace: false });
            });
        });

        describe("create", () => {
            it("PATCHes the thumbprint with the bearer token, reads it back and returns the object id as id", async () => {
                standIn.addServicePrincipal(SP);
                const result = await provider.create(state({ thumbprint: THUMBPRINT.toLowerCase() }));

                assert.deepStrictEqual(result, { id: SP, outs: state() });
                assert.strictEqual(standIn.thumbprintOf(SP), THUMBPRINT);
                const [patch, get] = standIn.requests;
                assert.strictEqual(standIn.requests.length, 2);
                assert.strictEqual(patch.method, "PATCH");
                assert.strictEqual(patch.path, `/v1.0/servicePrincipals/${SP}`);
                assert.deepStrictEqual(JSON.parse(patch.body), { preferredTokenSigningKeyThumbprint: THUMBPRINT });
                assert.strictEqual(patch.headers.authorization, `Bearer ${TOKEN}`);
                assert.strictEqual(get.method, "GET");
                assert.strictEqual(get.query.get("$select"), "id,preferredTokenSigningKeyThumbprint");
                assert.strictEqual(get.headers.authorization, `Bearer ${TOKEN}`);
                assert.deepStrictEqual([...new Set(scopes)], [`${standIn.baseUrl}/.default`]);
            });

            it("waits as long as Retry-After says on 429, then succeeds", async () => {
                standIn.addServicePrincipal(SP);
                standIn.enqueue(GRAPH_FAILURES.throttled(7));
                await provider.create(state());
                assert.deepStrictEqual(sleeps, [7_000]);
                assert.deepStrictEqual(
                    standIn.requests.map((r) => r.method),
                    ["PATCH", "PATCH", "GET"],
                );
                assert.strictEqual(standIn.thumbprintOf(SP), THUMBPRINT);
            });

            it("retries the 404 of a service principal that has not replicated yet", async () => {
                standIn.enqueue(GRAPH_FAILURES.notReplicated(SP), GRAPH_FAILURES.notReplicated(SP));
                standIn.addServicePrincipal(SP);
                await provider.create(state());
                assert.deepStrictEqual(sleeps, [100, 200]);
                assert.strictEqual(standIn.thumbprintOf(SP), THUMBPRINT);
            });

            it("retries a dropped connection", async () => {
                standIn.addServicePrincipal(SP);
                standIn.enqueue({ status: 0, destroy: true });
                await provider.create(state());
                assert.deepStrictEqual(sleeps, [100]);
                assert.strictEqual(standIn.thumbprintOf(SP), THUMBPRINT);
            });

            it("on 403 fails at once, naming the Graph permission and directory roles", async () => {
                standIn.addServicePrincipal(SP);
                standIn.enqueue(GRAPH_FAILURES.forbidden());
                const error = await provider.create(state()).then(
                    () => assert.fail("create succeeded"),
                    (err: unknown) => err,
                );
                assert.ok(error instanceof GraphError);
                assert.strictEqual(error.status, 403);
                assert.strictEqual(error.code, "Authorization_RequestDenied");
                assert.strictEqual(error.requestId, "5c0a1b2c-0000-4000-8000-000000000403");
                for (const needle of [
                    "Application.ReadWrite.All",
                    "Application.ReadWrite.OwnedBy",
                    "Application Administrator",
                    "Cloud Application Administrator",
                    "Insufficient privileges",
                    "5c0a1b2c-0000-4000-8000-000000000403",
                ]) {
                    assert.ok(error.message.includes(needle), `message lacks ${needle}: ${error.message}`);
                }
                assert.ok(!error.message.includes(TOKEN), "the token leaked into the error");
                assert.strictEqual(standIn.requests.length, 1);
                assert.deepStrictEqual(sleeps, []);
            });

            it("gives up on a persistent 500 after the bounded attempts with exponential backoff", async () => {
                standIn.addServicePrincipal(SP);
                standIn.enqueue(...Array.from({ length: 10 }, () => GRAPH_FAILURES.serverError()));
                await assert.rejects(provider.create(state()), (err: unknown) => {
                    assert.ok(err instanceof GraphError);
                    assert.strictEqual(err.status, 500);
                    assert.match(err.message, /500 UnknownError.*request-id 5c0a1b2c-0000-4000-8000-000000000500, 4 attempt\(s\)/);
                    return true;
                });
                assert.strictEqual(standIn.requests.length, 4);
                assert.deepStrictEqual(sleeps, [100, 200, 400]);
                assert.strictEqual(standIn.thumbprintOf(SP), null);
            });

            it("stops retrying when the waits would exceed the total budget", async () => {
                standIn.addServicePrincipal(SP);
                standIn.enqueue(GRAPH_FAILURES.throttled(60));
                await assert.rejects(provider.create(state()), /429 TooManyRequests/);
                assert.deepStrictEqual(sleeps, []);
            });

            it("reads back until a lagging replica shows the new key", async () => {
                standIn.addServicePrincipal(SP, OTHER_THUMBPRINT);
                standIn.lagReads(2);
                await provider.create(state());
                assert.deepStrictEqual(
                    standIn.requests.map((r) => r.method),
                    ["PATCH", "GET", "GET", "GET"],
                );
                assert.deepStrictEqual(sleeps, [100, 200]);
            });

            it("fails when Graph never reports the new key", async () => {
                standIn.addServicePrincipal(SP, OTHER_THUMBPRINT);
                standIn.lagReads(100);
                await assert.rejects(
                    provider.create(state()),
                    new RegExp(
                        `accepted preferredTokenSigningKeyThumbprint ${THUMBPRINT}.*still reports ${OTHER_THUMBPRINT} after 4 reads`,
                    ),
                );
            });

            it("surfaces Graph's code, message and request-id on a rejected token", async () => {
                standIn.addServicePrincipal(SP);
                standIn.acceptedToken = "another-token";
                await assert.rejects(provider.create(state()), (err: unknown) => {
                    assert.ok(err instanceof GraphError);
                    assert.match(
                        err.message,
                        /401 InvalidAuthenticationToken: Access token validation failure\. Invalid audience\. \(request-id 5c0a1b2c-/,
                    );
                    return true;
                });
            });
        });

        describe("read", () => {
            it("returns the live thumbprint, so a changed key shows up as drift", async () => {
                standIn.addServicePrincipal(SP, OTHER_THUMBPRINT.toLowerCase());
                const result = await provider.read(SP, state());
                // No `inputs`: they stay as declared, so the next `up` restores the key.
                assert.deepStrictEqual(result, { id: SP, props: state({ thumbprint: OTHER_THUMBPRINT }) });
                const diff = await provider.diff(SP, result.props!, state());
                assert.strictEqual(diff.changes, true);
                assert.deepStrictEqual(diff.replaces, []);
                assert.deepStrictEqual(
                    standIn.requests.map((r) => r.method),
                    ["GET"],
                );
            });

            it("reports an unset key as an empty thumbprint", async () => {
                standIn.addServicePrincipal(SP, null);
                const result = await provider.read(SP, state());
                assert.strictEqual(result.props?.thumbprint, "");
            });

            it("retries 429 on read too", async () => {
                standIn.addServicePrincipal(SP, THUMBPRINT);
                standIn.enqueue(GRAPH_FAILURES.throttled(1));
                const result = await provider.read(SP, state());
                assert.strictEqual(result.props?.thumbprint, THUMBPRINT);
                assert.deepStrictEqual(sleeps, [1_000]);
            });

            it("reports a service principal that stays absent as deleted", async () => {
                const result = await provider.read(SP, state());
                assert.deepStrictEqual(result, { id: "" });
                assert.strictEqual(standIn.requests.length, 4);
            });

            it("works from the id alone (import)", async () => {
                standIn.addServicePrincipal(SP, THUMBPRINT);
                const importing = new PreferredTokenSigningKeyProvider({
                    accessToken: async () => TOKEN,
                    retry: { sleep: async () => undefined },
                });
                // No stored props: the default Graph host would be used, so point it at the stand-in explicitly.
                const result = await importing.read(SP, { graphBaseUrl: standIn.baseUrl } as PreferredTokenSigningKeyState);
                assert.deepStrictEqual(result.props, state());
            });
        });

        describe("update and delete", () => {
            it("update PATCHes the new thumbprint", async () => {
                standIn.addServicePrincipal(SP, THUMBPRINT);
                const result = await provider.update(SP, state(), state({ thumbprint: OTHER_THUMBPRINT }));
                assert.deepStrictEqual(result, { outs: state({ thumbprint: OTHER_THUMBPRINT }) });
                assert.strictEqual(standIn.thumbprintOf(SP), OTHER_THUMBPRINT);
                assert.deepStrictEqual(JSON.parse(standIn.requests[0].body), { preferredTokenSigningKeyThumbprint: OTHER_THUMBPRINT });
            });

            it("delete leaves the service principal alone: no request, no token", async () => {
                standIn.addServicePrincipal(SP, THUMBPRINT);
                await provider.delete(SP, state());
                assert.strictEqual(standIn.requests.length, 0);
                assert.deepStrictEqual(scopes, []);
                assert.strictEqual(standIn.thumbprintOf(SP), THUMBPRINT);
            });
        });

        describe("GraphClient", () => {
            it("asks for a token scoped to the Graph host it talks to", () => {
                const client = new GraphClient({ baseUrl: "https://microsoftgraph.chinacloudapi.cn/", accessToken: async () => TOKEN });
                assert.strictEqual(client.scope, "https://microsoftgraph.chinacloudapi.cn/.default");
            });

            it("reads Retry-After as seconds or HTTP date", () => {
                assert.strictEqual(retryAfterMs("3"), 3_000);
                assert.strictEqual(retryAfterMs("Wed, 15 Jan 2025 10:00:05 GMT", Date.parse("Wed, 15 Jan 2025 10:00:00 GMT")), 5_000);
                assert.strictEqual(retryAfterMs(null), undefined);
                assert.strictEqual(retryAfterMs("soon"), undefined);
            });
        });
    });

    describe("credentials", () => {
        const base = { ARM_TENANT_ID: "11111111-2222-3333-4444-555555555555", ARM_CLIENT_ID: "66666666-7777-8888-9999-000000000000" };

        // Constructing credentials contacts nothing; only getToken would, and these tests never call it.
        it("uses ARM_CLIENT_SECRET like the azuread provider", () => {
            const { credential, source } = credentialFromEnvironment({ ...base, ARM_CLIENT_SECRET: "s" }, DEFAULT_GRAPH_BASE_URL);
            assert.ok(credential instanceof identity.ClientSecretCredential);
            assert.match(source, /ARM_CLIENT_SECRET/);
        });

        it("prefers a client certificate and reads a Terraform-style PKCS#12 file with its password", () => {
            const { pfx, privateKeyPem, certificatePem } = makePkcs12("pfx-password");
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ptsk-"));
            try {
                const file = path.join(dir, "client.pfx");
                fs.writeFileSync(file, pfx);
                const env = {
                    ...base,
                    ARM_CLIENT_SECRET: "s",
                    ARM_CLIENT_CERTIFICATE_PATH: file,
                    ARM_CLIENT_CERTIFICATE_PASSWORD: "pfx-password",
                };
                assert.ok(
                    credentialFromEnvironment(env, DEFAULT_GRAPH_BASE_URL).credential instanceof identity.ClientCertificateCredential,
                );

                const pem = pemFromPkcs12(pfx, "pfx-password");
                assert.ok(pem.includes(certificatePem.trim()), "the certificate is missing from the PEM");
                const converted = crypto.createPrivateKey(pem).export({ type: "pkcs8", format: "pem" });
                assert.strictEqual(converted, crypto.createPrivateKey(privateKeyPem).export({ type: "pkcs8", format: "pem" }));
                assert.throws(() => pemFromPkcs12(pfx, "wrong"), /password|MAC/i);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("uses managed identity for ARM_USE_MSI and the Azure CLI for ARM_USE_CLI", () => {
            assert.ok(
                credentialFromEnvironment({ ARM_USE_MSI: "true", ARM_CLIENT_ID: base.ARM_CLIENT_ID }, DEFAULT_GRAPH_BASE_URL)
                    .credential instanceof identity.ManagedIdentityCredential,
            );
            assert.ok(
                credentialFromEnvironment({ ARM_USE_CLI: "1" }, DEFAULT_GRAPH_BASE_URL).credential instanceof identity.AzureCliCredential,
            );
        });

        it("falls back to the AZURE_* / managed identity / Azure CLI chain", () => {
            const { credential } = credentialFromEnvironment({ ARM_USE_MSI: "false" }, DEFAULT_GRAPH_BASE_URL);
            assert.ok(credential instanceof identity.DefaultAzureCredential);
        });

        it("picks the sign-in authority of the Graph cloud", () => {
            assert.strictEqual(authorityHostFor(undefined, "https://graph.microsoft.us"), "https://login.microsoftonline.us");
            assert.strictEqual(authorityHostFor(undefined, "https://microsoftgraph.chinacloudapi.cn"), "https://login.chinacloudapi.cn");
            assert.strictEqual(authorityHostFor("usgovernmentl5", DEFAULT_GRAPH_BASE_URL), "https://login.microsoftonline.us");
            assert.strictEqual(authorityHostFor(undefined, DEFAULT_GRAPH_BASE_URL), undefined);
        });
    });

    describe("resource under Pulumi mocks", () => {
        const SECRETS = [
            "ARM_CLIENT_SECRET",
            "AZURE_CLIENT_SECRET",
            "ARM_CLIENT_CERTIFICATE_PASSWORD",
            "AZURE_CLIENT_CERTIFICATE_PASSWORD",
        ];
        const SENTINEL = "sentinel-secret-9f8e7d6c5b4a";
        const saved = new Map<string, string | undefined>();

        before(() => SECRETS.forEach((name) => saved.set(name, process.env[name])));
        after(() => saved.forEach((value, name) => (value === undefined ? delete process.env[name] : (process.env[name] = value))));

        it("registers servicePrincipalObjectId and thumbprint, and no secret reaches the serialized provider, inputs or outputs", async () => {
            // Secrets are in the environment before the module is (re)loaded and the resource constructed, so
            // capturing them at load or construction time would put them in the serialized provider.
            for (const name of SECRETS) process.env[name] = SENTINEL;
            delete require.cache[require.resolve(MODULE_PATH)];
            const fresh = require(MODULE_PATH) as typeof import("../../../components/azure-ad/preferred-token-signing-key");

            const registered: pulumi.runtime.MockResourceArgs[] = [];
            await pulumi.runtime.setMocks(
                {
                    newResource: (args) => {
                        registered.push(args);
                        return { id: args.inputs.servicePrincipalObjectId, state: args.inputs };
                    },
                    call: (args) => args.inputs,
                },
                "azuread-aws-sso",
                "test",
                false,
            );
            const started = Date.now();
            const key = new fresh.PreferredTokenSigningKey("aws-prod-signing-key", {
                servicePrincipalObjectId: SP,
                thumbprint: THUMBPRINT,
            });
            const [objectId, thumbprint, urn] = await Promise.all([
                outputValue(key.servicePrincipalObjectId),
                outputValue(key.thumbprint),
                outputValue(key.urn),
            ]);
            const elapsed = Date.now() - started;

            assert.strictEqual(objectId, SP);
            assert.strictEqual(thumbprint, THUMBPRINT);
            assert.match(urn, /::pulumi-nodejs:dynamic\/azure-ad:PreferredTokenSigningKey::aws-prod-signing-key$/);
            assert.strictEqual(registered.length, 1);
            const inputs = registered[0].inputs as Record<string, unknown>;
            assert.strictEqual(inputs.servicePrincipalObjectId, SP);
            assert.strictEqual(inputs.thumbprint, THUMBPRINT);
            assert.strictEqual(inputs.graphBaseUrl, DEFAULT_GRAPH_BASE_URL);
            const serializedProvider = inputs.__provider;
            assert.ok(
                typeof serializedProvider === "string" && serializedProvider.includes("preferredTokenSigningKeyThumbprint"),
                "provider was not serialized",
            );
            assert.ok(!serializedProvider.includes("@pulumi/pulumi"), "the serialized provider captures the Pulumi SDK");
            assert.ok(!JSON.stringify(inputs).includes(SENTINEL), "a secret entered the serialized inputs");

            // The outputs a real create returns, with the same environment.
            const standIn = await GraphStandIn.start();
            try {
                standIn.addServicePrincipal(SP);
                standIn.acceptedToken = TOKEN;
                const direct = new fresh.PreferredTokenSigningKeyProvider({ accessToken: async () => TOKEN });
                const created = await direct.create({
                    servicePrincipalObjectId: SP,
                    thumbprint: THUMBPRINT,
                    graphBaseUrl: standIn.baseUrl,
                });
                const read = await direct.read(created.id, created.outs);
                assert.ok(!JSON.stringify([created, read]).includes(SENTINEL), "a secret entered the outputs");
            } finally {
                await standIn.stop();
            }
            assert.ok(elapsed < 2_000, `constructing the resource took ${elapsed} ms`);
        });

        it("the serialized provider loads on its own and reads credentials from the environment only when it runs", async () => {
            const registered: Record<string, unknown>[] = [];
            await pulumi.runtime.setMocks(
                { newResource: (args) => (registered.push(args.inputs), { id: SP, state: args.inputs }), call: (args) => args.inputs },
                "azuread-aws-sso",
                "test",
                false,
            );
            const { PreferredTokenSigningKey } = require(
                MODULE_PATH,
            ) as typeof import("../../../components/azure-ad/preferred-token-signing-key");
            await outputValue(new PreferredTokenSigningKey("key", { servicePrincipalObjectId: SP, thumbprint: THUMBPRINT }).urn);
            // Load it exactly as the dynamic provider host does.
            const requireFromString = require(
                require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }),
            ) as (code: string) => { handler(): PreferredTokenSigningKeyProvider };
            const hosted = requireFromString(registered[0].__provider as string).handler();

            const state = signingKeyState(DEFAULT_GRAPH_BASE_URL);
            assert.deepStrictEqual((await hosted.check(state, { ...state, thumbprint: THUMBPRINT.toLowerCase() })).inputs, state);
            assert.strictEqual((await hosted.diff(SP, state, { ...state, thumbprint: OTHER_THUMBPRINT })).changes, true);

            // Credentials set only now, after serialization, must be the ones used. A missing certificate file makes the
            // token request fail before any network access, and the error names the Graph host's scope and the source.
            const standIn = await GraphStandIn.start();
            const saved = {
                ARM_TENANT_ID: process.env.ARM_TENANT_ID,
                ARM_CLIENT_ID: process.env.ARM_CLIENT_ID,
                ARM_CLIENT_CERTIFICATE_PATH: process.env.ARM_CLIENT_CERTIFICATE_PATH,
            };
            Object.assign(process.env, {
                ARM_TENANT_ID: "11111111-2222-3333-4444-555555555555",
                ARM_CLIENT_ID: "66666666-7777-8888-9999-000000000000",
                ARM_CLIENT_CERTIFICATE_PATH: path.join(os.tmpdir(), "no-such-dir-ptsk", "client.pfx"),
            });
            try {
                standIn.addServicePrincipal(SP);
                await assert.rejects(
                    hosted.create(signingKeyState(standIn.baseUrl)),
                    new RegExp(`Could not get a Microsoft Graph token for ${standIn.baseUrl}/\\.default .*ENOENT.*client\\.pfx`),
                );
                assert.strictEqual(standIn.requests.length, 0);
            } finally {
                for (const [name, value] of Object.entries(saved)) {
                    if (value === undefined) delete process.env[name];
                    else process.env[name] = value;
                }
                await standIn.stop();
            }
        });
    });
});

function signingKeyState(graphBaseUrl: string, overrides: Partial<PreferredTokenSigningKeyState> = {}): PreferredTokenSigningKeyState {
    return { servicePrincipalObjectId: SP, thumbprint: THUMBPRINT, graphBaseUrl, ...overrides };
}

function makePkcs12(password: string): { pfx: Buffer; privateKeyPem: string; certificatePem: string } {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
        modulusLength: 1024,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
    certificate.serialNumber = "01";
    certificate.validity.notBefore = new Date("2025-01-01T00:00:00Z");
    certificate.validity.notAfter = new Date("2026-01-01T00:00:00Z");
    const subject = [{ name: "commonName", value: "pulumi-deployer" }];
    certificate.setSubject(subject);
    certificate.setIssuer(subject);
    const forgeKey = forge.pki.privateKeyFromPem(privateKey);
    certificate.sign(forgeKey, forge.md.sha256.create());
    const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [certificate], password, { algorithm: "3des" });
    return {
        pfx: Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary"),
        privateKeyPem: privateKey,
        certificatePem: forge.pki.certificateToPem(certificate),
    };
}
