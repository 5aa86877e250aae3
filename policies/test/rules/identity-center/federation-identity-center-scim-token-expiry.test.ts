import * as assert from "assert";
import { scimTokenExpiry } from "../../../model/identity-center-apps";
import { findings, first, identityCenterOnlyStack, TYPE } from "../../support/identity-center-stacks";
import { setProperty } from "../../support/federation-fixture";

describe("federation-identity-center-scim-token-expiry", function () {
    this.timeout(180_000);

    it("a SCIM token 10 days from expiry: federation-identity-center-scim-token-expiry fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(
            first(resources, TYPE.servicePrincipal),
            "notes",
            `SCIM access token expires ${new Date(Date.now() + 10 * 86_400_000).toISOString()}; renew it`,
        );
        assert.deepStrictEqual(await findings(resources), ["federation-identity-center-scim-token-expiry"]);
    });

    it("reads the expiry note", () => {
        assert.strictEqual(
            scimTokenExpiry("SCIM access token expires 2027-11-30T00:00:00Z; renew")?.toISOString(),
            "2027-11-30T00:00:00.000Z",
        );
        assert.strictEqual(scimTokenExpiry("SCIM access token expires soon"), undefined);
    });
});
