import { conditionalAccessMfaPolicy } from "../../../rules/azuread/azuread-aws-app-conditional-access-mfa";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { CLIENT_ID, federationFixture, setProperty, StackFixture } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-app-conditional-access-mfa", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(conditionalAccessMfaPolicy, stack.resources, { config });
    const policyOf = (stack: StackFixture) => stack.find("require-mfa-policy");

    it("passes an enabled policy that requires MFA for the app's client id", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("passes a policy on All applications, or with an authentication strength", async () => {
        const stack = federationFixture();
        setProperty(policyOf(stack), "conditions", {
            clientAppTypes: ["all"],
            applications: { includedApplications: ["All"] },
            users: { includedUsers: ["All"] },
        });
        setProperty(policyOf(stack), "grantControls", {
            operator: "OR",
            authenticationStrengthPolicyId: "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000002",
        });
        assertPasses(await run(stack));
    });

    it("fires without a policy, or with a disabled, non-MFA, excluding or partial one", async () => {
        const none = federationFixture();
        none.remove("require-mfa-policy");
        assertViolation(await run(none), /No enabled Conditional Access policy of this stack requires MFA/);

        for (const change of [
            (stack: StackFixture) => setProperty(policyOf(stack), "state", "enabledForReportingButNotEnforced"),
            (stack: StackFixture) =>
                setProperty(policyOf(stack), "grantControls", { operator: "OR", builtInControls: ["mfa", "compliantDevice"] }),
            (stack: StackFixture) =>
                setProperty(policyOf(stack), "conditions", {
                    applications: { includedApplications: ["All"], excludedApplications: [CLIENT_ID] },
                    users: { includedUsers: ["All"] },
                }),
            (stack: StackFixture) =>
                setProperty(policyOf(stack), "conditions", {
                    applications: { includedApplications: [CLIENT_ID] },
                    users: { includedGroups: ["g"] },
                }),
        ]) {
            const stack = federationFixture();
            change(stack);
            assertViolation(await run(stack), /requires MFA for AWS app prod-app/);
        }
    });

    it("accepts a group-scoped policy when configured", async () => {
        const stack = federationFixture();
        setProperty(policyOf(stack), "conditions", {
            applications: { includedApplications: [CLIENT_ID] },
            users: { includedGroups: ["g"] },
        });
        assertPasses(await run(stack, { requireAllUsers: false }));
    });

    it("defers on unknown conditions and survives malformed ones", async () => {
        const stack = federationFixture();
        policyOf(stack).outputs.conditions = UNKNOWN;
        assertDeferred(await run(stack));
        policyOf(stack).outputs.conditions = "everything";
        assertViolation(await run(stack), /requires MFA/);
    });
});
