import * as assert from "assert";
import { CliConfigError } from "../../cli-config/errors";
import { graphGroupMembership } from "../../cli-config/graph-group-membership";
import { GraphReader } from "../../live/graph-reader";
import { GRAPH_FAILURES, GraphStandIn } from "../support/graph-stand-in";

const MEGAN = "Megan.Bowen@contoso.com";
const DEVELOPERS = "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c";
/** A group Megan is in only through DEVELOPERS: Graph's transitive membership lists it too. */
const ENGINEERING = "0d0e0f00-0000-4000-8000-00000000aaaa";

describe("graph-group-membership: --user membership from Microsoft Graph", () => {
    let graph: GraphStandIn;
    before(async () => {
        graph = await GraphStandIn.start({ readOnly: true });
    });
    after(async () => graph.stop());
    beforeEach(() => graph.reset());

    /** The live reader against the stand-in on 127.0.0.1; `token` is the credential it finds. */
    function membership(token: () => Promise<string> = async () => "stand-in-token") {
        return graphGroupMembership(
            new GraphReader({ baseUrl: graph.baseUrl, accessToken: token, retry: { sleep: async () => undefined } }),
        );
    }

    it("gives every group of the user, nested ones included, across pages, with GETs only", async () => {
        graph.pageSize = 1;
        graph.putUserGroups(MEGAN, [DEVELOPERS, ENGINEERING]);
        assert.deepStrictEqual(await membership().membershipOf(MEGAN), { groupIds: [DEVELOPERS, ENGINEERING] });
        assert.deepStrictEqual(
            graph.requests.map((request) => `${request.method} ${request.path}`),
            [
                "GET /v1.0/users/Megan.Bowen%40contoso.com/transitiveMemberOf/microsoft.graph.group",
                "GET /v1.0/users/Megan.Bowen%40contoso.com/transitiveMemberOf/microsoft.graph.group",
            ],
        );
        assert.deepStrictEqual(graph.refusedWrites, []);
    });

    it("without credentials, membership is unknown and the reason says where credentials come from; Graph is not called", async () => {
        const result = await membership(async () => {
            throw new Error("no credential in the environment");
        }).membershipOf(MEGAN);
        assert.deepStrictEqual(result, {
            unknownBecause: "without Microsoft Graph credentials (set GRAPH_ACCESS_TOKEN, ARM_*/AZURE_* credentials, or az login)",
        });
        assert.deepStrictEqual(graph.requests, []);
    });

    it("when Graph refuses, membership is unknown and the reason names the call, the status and the permission", async () => {
        graph.putUserGroups(MEGAN, [DEVELOPERS]);
        graph.failPath(/transitiveMemberOf/, GRAPH_FAILURES.forbidden());
        const result = await membership().membershipOf(MEGAN);
        assert.ok("unknownBecause" in result);
        assert.match(
            result.unknownBecause,
            /^\(Microsoft Graph GET \/v1\.0\/users\/\{id\}\/transitiveMemberOf\/microsoft\.graph\.group failed: 403[^\n]*User\.Read\.All[^\n]*\)$/,
        );
    });

    it("a token Graph rejects is a reason too, not a crash", async () => {
        graph.putUserGroups(MEGAN, [DEVELOPERS]);
        const result = await membership(async () => "expired-token").membershipOf(MEGAN);
        assert.ok("unknownBecause" in result);
        assert.match(result.unknownBecause, /401/);
    });

    it("refuses a user the tenant does not have, naming the UPN", async () => {
        await assert.rejects(
            membership().membershipOf("nobody@contoso.com"),
            (error: Error) =>
                error instanceof CliConfigError &&
                error.message === "--user nobody@contoso.com: Microsoft Graph has no user with this user principal name in the tenant",
        );
    });

    it("lets an error that is not a Graph read failure through", async () => {
        const broken = graphGroupMembership({
            listTransitiveGroupIds: async () => {
                throw new TypeError("reader bug");
            },
        });
        await assert.rejects(broken.membershipOf(MEGAN), (error: Error) => error instanceof TypeError && error.message === "reader bug");
    });
});
