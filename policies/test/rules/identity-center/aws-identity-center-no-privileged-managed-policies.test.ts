import * as assert from "assert";
import { findings, first, identityCenterOnlyStack, TYPE } from "../../support/identity-center-stacks";
import { setProperty } from "../../support/federation-fixture";

describe("aws-identity-center-no-privileged-managed-policies", function () {
    this.timeout(180_000);

    it("AdministratorAccess attached to a permission set: aws-identity-center-no-privileged-managed-policies fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(first(resources, TYPE.managedPolicyAttachment), "managedPolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess");
        assert.deepStrictEqual(await findings(resources), ["aws-identity-center-no-privileged-managed-policies"]);
    });

    it("allow-lists an administrator permission set by name", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(first(resources, TYPE.managedPolicyAttachment), "managedPolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess");
        assert.deepStrictEqual(
            await findings(resources, {
                "aws-identity-center-no-privileged-managed-policies": { allowedPermissionSetNames: ["Platform*"] },
            }),
            [],
        );
    });
});
