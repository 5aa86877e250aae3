import * as assert from "assert";
import { GraphReader, graphAccessTokenFromEnvironment, graphBaseUrlProblem } from "../../live/graph-reader";
import { LiveReadError } from "../../live/read-failure";
import { GRAPH_FAILURES, GraphStandIn } from "../support/graph-stand-in";

const SP = "5b0c6f1e-3d2a-4c8b-9e7f-112233445566";
const TOKEN = "stand-in-token";
const THUMBPRINT = "CD22E552B69EB95BF2AC7386C5093E111605E509";

describe("live Graph reader (GET only, against the Graph stand-in)", () => {
    let standIn: GraphStandIn;
    let delays: number[];
    const reader = () =>
        new GraphReader({
            baseUrl: standIn.baseUrl,
            accessToken: async () => TOKEN,
            retry: { maxAttempts: 3, sleep: async (ms) => void delays.push(ms) },
        });

    before(async () => {
        standIn = await GraphStandIn.start({ readOnly: true });
    });
    after(async () => {
        await standIn.stop();
    });
    beforeEach(() => {
        standIn.reset();
        delays = [];
        standIn.putServicePrincipal(
            {
                id: SP,
                appId: "7d3e2f10-8a4b-4c5d-9e6f-a1b2c3d4e5f6",
                displayName: "AWS sandbox (dev)",
                appRoleAssignmentRequired: true,
                preferredSingleSignOnMode: "saml",
                notificationEmailAddresses: ["identity-team@contoso.com"],
                preferredTokenSigningKeyThumbprint: THUMBPRINT,
                keyCredentials: [
                    {
                        customKeyIdentifier: Buffer.from(THUMBPRINT, "hex").toString("base64"),
                        displayName: "CN=Microsoft Azure Federated SSO Certificate",
                        endDateTime: "2029-01-01T00:00:00Z",
                        key: null,
                        keyId: "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                        startDateTime: "2026-01-05T10:00:00Z",
                        type: "AsymmetricX509Cert",
                        usage: "Sign",
                    },
                ],
                appRoles: [
                    {
                        allowedMemberTypes: ["User"],
                        description: "msiam_access",
                        displayName: "msiam_access",
                        id: "7dfd756e-8c27-4472-b2b7-38c17fc5de5e",
                        isEnabled: true,
                        origin: "Application",
                        value: null,
                    },
                ],
            },
            {
                claimsMappingPolicies: [
                    { id: "c1", displayName: "AWS claims", definition: ['{"ClaimsMappingPolicy":{}}'], isOrganizationDefault: false },
                ],
                appRoleAssignedTo: [1, 2, 3].map((n) => ({
                    id: `a${n}`,
                    appRoleId: "r",
                    principalId: `p${n}`,
                    principalType: "Group",
                    principalDisplayName: `Group ${n}`,
                    resourceId: SP,
                })),
                synchronizationJobs: [
                    {
                        id: "aws.1.2",
                        templateId: "aws",
                        schedule: { state: "Active", interval: "PT40M" },
                        status: { code: "Active", quarantine: null },
                    },
                ],
            },
        );
    });

    it("reads a service principal with its keys and app roles, with a bearer token and $select", async () => {
        const sp = await reader().findServicePrincipal(SP);
        assert.strictEqual(sp?.preferredTokenSigningKeyThumbprint, THUMBPRINT);
        assert.strictEqual(sp?.appRoleAssignmentRequired, true);
        assert.strictEqual(sp?.keyCredentials[0].usage, "Sign");
        assert.strictEqual(sp?.appRoles[0].displayName, "msiam_access");
        const [request] = standIn.requests;
        assert.strictEqual(request.method, "GET");
        assert.strictEqual(request.headers.authorization, `Bearer ${TOKEN}`);
        assert.match(request.query.get("$select") ?? "", /keyCredentials/);
    });

    it("reads an application's identifier URIs, reply URLs and app roles", async () => {
        standIn.putApplication({
            id: "0379ef24-90e3-51d9-89b3-0479ffb4e288",
            appId: "7d3e2f10-8a4b-4c5d-9e6f-a1b2c3d4e5f6",
            displayName: "AWS sandbox (dev)",
            identifierUris: ["https://signin.aws.amazon.com/saml#dev-sandbox"],
            web: { redirectUris: ["https://signin.aws.amazon.com/saml"], logoutUrl: null },
            appRoles: [
                {
                    allowedMemberTypes: ["User"],
                    description: "d",
                    displayName: "ReadOnly",
                    id: "c95f5faf-bc65-5afd-a1cb-1053cdd1fdf6",
                    isEnabled: false,
                    origin: "Application",
                    value: "arn:aws:iam::111122223333:role/ReadOnly,arn:aws:iam::111122223333:saml-provider/AzureAD",
                },
            ],
        });
        const application = await reader().findApplication("0379ef24-90e3-51d9-89b3-0479ffb4e288");
        assert.deepStrictEqual(application?.identifierUris, ["https://signin.aws.amazon.com/saml#dev-sandbox"]);
        assert.deepStrictEqual(application?.redirectUris, ["https://signin.aws.amazon.com/saml"]);
        assert.strictEqual(application?.appRoles[0].isEnabled, false);
        assert.match(standIn.requests[0].query.get("$select") ?? "", /identifierUris/);
    });

    it("returns undefined for a service principal or application that does not exist", async () => {
        assert.strictEqual(await reader().findServicePrincipal("00000000-0000-4000-8000-000000000000"), undefined);
        assert.strictEqual(await reader().findApplication("00000000-0000-4000-8000-000000000000"), undefined);
    });

    it("follows @odata.nextLink through every page of a collection", async () => {
        standIn.pageSize = 1;
        const assignments = await reader().listAppRoleAssignedTo(SP);
        assert.deepStrictEqual(
            assignments.map((a) => a.principalId),
            ["p1", "p2", "p3"],
        );
        assert.strictEqual(standIn.requests.length, 3);
        assert.deepStrictEqual(
            standIn.requests.map((r) => r.query.get("$skiptoken")),
            [null, "1", "2"],
        );
        assert.strictEqual((await reader().listClaimsMappingPolicies(SP))[0].displayName, "AWS claims");
        assert.strictEqual((await reader().listSynchronizationJobs(SP))[0].status?.code, "Active");
    });

    it("classifies 403 as access denied naming the Graph permission", async () => {
        standIn.failPath(/synchronization\/jobs$/, GRAPH_FAILURES.forbidden());
        const error = await reader()
            .listSynchronizationJobs(SP)
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(error instanceof LiveReadError);
        assert.strictEqual(error.kind, "access-denied");
        assert.strictEqual(error.permission, "Synchronization.Read.All");
        assert.match(error.message, /Synchronization\.Read\.All/);
        assert.strictEqual(standIn.requests.length, 1, "403 is not retried");
    });

    it("waits Retry-After on 429 and succeeds; gives up after the attempts on 500", async () => {
        standIn.enqueue(GRAPH_FAILURES.throttled(7));
        assert.ok(await reader().findServicePrincipal(SP));
        assert.deepStrictEqual(delays, [7000]);

        standIn.enqueue(GRAPH_FAILURES.serverError(), GRAPH_FAILURES.serverError(), GRAPH_FAILURES.serverError());
        const error = await reader()
            .listClaimsMappingPolicies(SP)
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(error instanceof LiveReadError);
        assert.strictEqual(error.kind, "failed");
        assert.strictEqual(error.detail.attempts, 3);

        standIn.enqueue(GRAPH_FAILURES.throttled(1), GRAPH_FAILURES.throttled(1), GRAPH_FAILURES.throttled(1));
        const throttled = await reader()
            .listClaimsMappingPolicies(SP)
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(throttled instanceof LiveReadError);
        assert.strictEqual(throttled.kind, "throttled");
    });

    it("a rejected token is unauthenticated; GRAPH_ACCESS_TOKEN is used as the bearer token", async () => {
        const { accessToken, source } = graphAccessTokenFromEnvironment({ GRAPH_ACCESS_TOKEN: "another-token" }, standIn.baseUrl);
        assert.strictEqual(source, "GRAPH_ACCESS_TOKEN");
        const error = await new GraphReader({ baseUrl: standIn.baseUrl, accessToken }).findServicePrincipal(SP).then(
            () => undefined,
            (err: unknown) => err,
        );
        assert.ok(error instanceof LiveReadError);
        assert.strictEqual(error.kind, "unauthenticated");
        assert.strictEqual(standIn.requests[0].headers.authorization, "Bearer another-token");
    });

    it("refuses a base URL that would send the token in clear text or with a path", () => {
        assert.match(graphBaseUrlProblem("http://graph.microsoft.com") ?? "", /https/);
        assert.match(graphBaseUrlProblem("https://graph.microsoft.com/v1.0") ?? "", /origin only/);
        assert.strictEqual(graphBaseUrlProblem("https://graph.microsoft.us"), undefined);
        assert.throws(() => new GraphReader({ baseUrl: "http://example.com", accessToken: async () => TOKEN }), /https/);
    });

    it("the read-only stand-in refuses every write and records it", async () => {
        const response = await fetch(`${standIn.baseUrl}/v1.0/servicePrincipals/${SP}`, {
            method: "PATCH",
            headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify({ preferredTokenSigningKeyThumbprint: "00" }),
        });
        assert.strictEqual(response.status, 403);
        assert.deepStrictEqual(
            standIn.refusedWrites.map((r) => r.method),
            ["PATCH"],
        );
        assert.strictEqual(standIn.thumbprintOf(SP), THUMBPRINT);
    });
});
