import * as assert from "assert";
import { findings, first, identityCenterOnlyStack, TYPE } from "../../support/identity-center-stacks";
import { setProperty } from "../../support/federation-fixture";

describe("federation-identity-center-scim-token-expired", function () {
    this.timeout(180_000);

    it("a SCIM token that has expired: federation-identity-center-scim-token-expired fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(first(resources, TYPE.servicePrincipal), "notes", "SCIM access token expires 2020-01-01T00:00:00Z; renew it");
        assert.deepStrictEqual(await findings(resources), ["federation-identity-center-scim-token-expired"]);
    });
});
