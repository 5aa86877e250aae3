import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { strongPasswordPolicyPolicy } from "../../../rules/aws-iam/aws-account-password-policy-strength";
import { assertPasses, assertViolation } from "../../support/assertions";
import { StackFixture } from "../../support/federation-fixture";
import { runResourcePolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-account-password-policy-strength", () => {
    const policy = (inputs: Record<string, unknown>) => new StackFixture().add(aws.iam.AccountPasswordPolicy, "passwords", inputs);
    const strong = { minimumPasswordLength: 14, passwordReusePrevention: 24, maxPasswordAge: 90 };

    it("passes the CIS settings", async () => {
        assertPasses(await runResourcePolicy(strongPasswordPolicyPolicy, policy(strong)));
    });

    it("fires on short passwords, missing reuse prevention and no expiry", async () => {
        const result = await runResourcePolicy(strongPasswordPolicyPolicy, policy({ minimumPasswordLength: 8 }));
        assertViolation(result, /minimumPasswordLength is 8; it must be a number of at least 14/);
        assertViolation(result, /passwordReusePrevention is not set/);
        assertViolation(result, /maxPasswordAge is not set/);
        assertViolation(
            await runResourcePolicy(strongPasswordPolicyPolicy, policy({ ...strong, maxPasswordAge: 365 })),
            /expire within 90 days/,
        );
    });

    it("takes thresholds from config", async () => {
        assertPasses(
            await runResourcePolicy(strongPasswordPolicyPolicy, policy({ ...strong, minimumPasswordLength: 12 }), {
                config: { minimumLength: 12 },
            }),
        );
    });

    it("checks the known settings and defers the unknown one", async () => {
        const result = await runResourcePolicy(
            strongPasswordPolicyPolicy,
            policy({ ...strong, minimumPasswordLength: UNKNOWN, maxPasswordAge: 400 }),
        );
        assert.ok(result.unknown !== undefined);
        assertViolation(result, /maxPasswordAge is 400/);
    });

    it("treats wrong types as unset", async () => {
        assertViolation(
            await runResourcePolicy(strongPasswordPolicyPolicy, policy({ ...strong, minimumPasswordLength: "14" })),
            /minimumPasswordLength is "14"; it must be a number of at least 14/,
        );
    });
});
