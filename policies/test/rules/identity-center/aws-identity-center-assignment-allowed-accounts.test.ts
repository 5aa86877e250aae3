import * as assert from "assert";
import { findings, identityCenterOnlyStack } from "../../support/identity-center-stacks";

describe("aws-identity-center-assignment-allowed-accounts", function () {
    this.timeout(180_000);

    it("allow-lists assignment accounts by id", async () => {
        assert.deepStrictEqual(
            await findings(await identityCenterOnlyStack(), {
                "aws-identity-center-assignment-allowed-accounts": { allowedAccountIds: ["123456789012"] },
            }),
            ["aws-identity-center-assignment-allowed-accounts"],
        );
        assert.deepStrictEqual(
            await findings(await identityCenterOnlyStack(), {
                "aws-identity-center-assignment-allowed-accounts": { allowedAccountIds: ["123456789012", "210987654321"] },
            }),
            [],
        );
    });
});
