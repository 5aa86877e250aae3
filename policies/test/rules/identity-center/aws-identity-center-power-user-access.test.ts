import * as assert from "assert";
import { findings, first, identityCenterOnlyStack, TYPE } from "../../support/identity-center-stacks";
import { setProperty } from "../../support/federation-fixture";

describe("aws-identity-center-power-user-access", function () {
    this.timeout(180_000);

    it("PowerUserAccess attached to a permission set (the advisory tier): aws-identity-center-power-user-access fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(first(resources, TYPE.managedPolicyAttachment), "managedPolicyArn", "arn:aws:iam::aws:policy/PowerUserAccess");
        assert.deepStrictEqual(await findings(resources), ["aws-identity-center-power-user-access"]);
    });
});
