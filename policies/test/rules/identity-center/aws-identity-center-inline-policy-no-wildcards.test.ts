import * as assert from "assert";
import { findings, first, identityCenterOnlyStack, TYPE } from "../../support/identity-center-stacks";
import { setProperty } from "../../support/federation-fixture";

describe("aws-identity-center-inline-policy-no-wildcards", function () {
    this.timeout(180_000);

    it("an inline policy allowing iam:PassRole on every resource: aws-identity-center-inline-policy-no-wildcards fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(
            first(resources, TYPE.inlinePolicy),
            "inlinePolicy",
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] }),
        );
        assert.deepStrictEqual(await findings(resources), ["aws-identity-center-inline-policy-no-wildcards"]);
    });
});
