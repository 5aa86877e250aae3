import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { ssoRoleNoPrivilegedPoliciesPolicy } from "../../../rules/aws-iam/aws-sso-role-no-privileged-managed-policies";
import { ssoRoleNoPowerUserPolicy } from "../../../rules/aws-iam/aws-sso-role-power-user-access";
import { assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, setProperty, StackFixture } from "../../support/federation-fixture";
import { ADMIN } from "../../support/policy-documents";
import { runStackPolicy } from "../../support/validation-args";

describe("aws-sso-role-power-user-access", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(ssoRoleNoPowerUserPolicy, stack.resources, { config });
    const POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

    it("is advisory by default: AWS's own developer permission sets use PowerUserAccess", () => {
        assert.strictEqual(ssoRoleNoPowerUserPolicy.enforcementLevel, "advisory");
        assert.strictEqual(ssoRoleNoPrivilegedPoliciesPolicy.enforcementLevel, "mandatory");
    });

    it("fires on PowerUserAccess through a PolicyAttachment, at the attachment, and not on full-admin policies", async () => {
        const stack = federationFixture();
        const attachment = stack.add(
            aws.iam.PolicyAttachment,
            "power-users",
            { roles: ["ReadOnly"], policyArn: POWER_USER },
            { deps: { roles: [stack.find("prod-role-ReadOnly")] } },
        );
        stack.add(aws.iam.RolePolicyAttachment, "admin", { role: "Developer", policyArn: ADMIN });
        const result = await run(stack);
        assertViolation(
            result,
            /prod-role-ReadOnly gets PowerUserAccess .* through PolicyAttachment power-users: broad access/,
            attachment.urn,
        );
        assert.strictEqual(result.violations.length, 1);
    });

    it("accepts allow-listed role names", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-role-Developer"), "managedPolicyArns", [POWER_USER]);
        assertViolation(await run(stack), /gets PowerUserAccess/);
        assertPasses(await run(stack, { allowedRoleNames: ["Dev*"] }));
    });
});
