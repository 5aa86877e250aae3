import * as assert from "assert";
import * as azuread from "@pulumi/azuread";
import { testUserStackPolicy } from "../../../rules/azuread/azuread-test-user-stack-allow-list";
import { assertPasses, assertViolation } from "../../support/assertions";
import { StackFixture } from "../../support/federation-fixture";
import { runResourcePolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-test-user-stack-allow-list", () => {
    const user = (stack: string) =>
        new StackFixture(stack).add(azuread.User, "test-user-user", { userPrincipalName: "t@example.com", displayName: "t" });

    it("passes in dev", async () => {
        assertPasses(await runResourcePolicy(testUserStackPolicy, user("dev")));
    });

    it("fires in any other stack", async () => {
        assertViolation(await runResourcePolicy(testUserStackPolicy, user("prod")), /Stack prod creates Azure AD user test-user-user/);
    });

    it("takes the allowed stacks from config", async () => {
        assertPasses(await runResourcePolicy(testUserStackPolicy, user("dev-alice"), { config: { allowedStacks: ["dev", "dev-*"] } }));
        assertViolation(
            await runResourcePolicy(testUserStackPolicy, user("dev"), { config: { allowedStacks: [] } }),
            /may only be created in no stack/,
        );
    });

    it("never reads property values, so unknown or malformed inputs change nothing", async () => {
        const stack = new StackFixture("prod");
        assertViolation(
            await runResourcePolicy(testUserStackPolicy, stack.add(azuread.User, "u", { userPrincipalName: UNKNOWN, displayName: 3 })),
            /Stack prod/,
        );
        assert.ok(true);
    });
});
