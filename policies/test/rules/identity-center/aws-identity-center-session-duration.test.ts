import * as assert from "assert";
import { isoDurationSeconds } from "../../../rules/identity-center/aws-identity-center-session-duration";
import { findings, first, identityCenterOnlyStack, TYPE } from "../../support/identity-center-stacks";
import { setProperty } from "../../support/federation-fixture";

describe("aws-identity-center-session-duration", function () {
    this.timeout(180_000);

    it("a session of 13 hours: aws-identity-center-session-duration fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(first(resources, TYPE.permissionSet), "sessionDuration", "PT13H");
        assert.deepStrictEqual(await findings(resources), ["aws-identity-center-session-duration"]);
    });

    it("reads ISO durations", () => {
        assert.strictEqual(isoDurationSeconds("PT12H"), 43200);
        assert.strictEqual(isoDurationSeconds("12h"), undefined);
    });
});
