import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { noConsolePasswordPolicy } from "../../../rules/aws-iam/aws-iam-no-console-password";
import { assertViolation } from "../../support/assertions";
import { StackFixture } from "../../support/federation-fixture";
import { runResourcePolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-iam-no-console-password", () => {
    it("fires on any login profile", async () => {
        const profile = new StackFixture().add(aws.iam.UserLoginProfile, "reader-console", { user: "AzureADRoleManager" });
        assertViolation(await runResourcePolicy(noConsolePasswordPolicy, profile), /gives IAM user AzureADRoleManager a console password/);
    });

    it("still fires when the user name is unknown, and ignores other resources", async () => {
        const stack = new StackFixture();
        assertViolation(
            await runResourcePolicy(noConsolePasswordPolicy, stack.add(aws.iam.UserLoginProfile, "p", { user: UNKNOWN })),
            /gives an IAM user a console password/,
        );
        const other = await runResourcePolicy(noConsolePasswordPolicy, stack.add(aws.iam.User, "u", { name: "u" }));
        assert.deepStrictEqual(other.violations, []);
        assert.strictEqual(other.notApplicable.length, 1);
    });

    it("can exempt a break-glass user's profile", async () => {
        const profile = new StackFixture().add(aws.iam.UserLoginProfile, "break-glass", { user: 3 });
        assert.deepStrictEqual(
            (await runResourcePolicy(noConsolePasswordPolicy, profile, { config: { excludeResources: ["break-glass"] } })).violations,
            [],
        );
    });
});
