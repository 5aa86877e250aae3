import * as assert from "assert";
import { TestUser, TestUserArgs } from "../../../components/azure-ad/test-user";
import { RegisteredResource } from "../../../offline/program/program-run";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { TYPES } from "../../support/stack-fixtures";

const PASSWORD = "Tutorial-B.Simon-2026!";

const construct = (overrides: Partial<TestUserArgs> = {}) =>
    constructUnderStandIns(
        () => new TestUser("test-user", { userPrincipalName: "B.Simon@contoso.onmicrosoft.com", displayName: "B.Simon", ...overrides }),
    );

const plainInputs = (resource: RegisteredResource) =>
    JSON.stringify(Object.entries(resource.inputs).filter(([key]) => !resource.secretInputs.includes(key)));

describe("TestUser", function () {
    this.timeout(60_000);

    it("registers as azuread-aws-sso:azuread:TestUser with one cloud-only user parented to it", async () => {
        const { resources } = await construct({ password: PASSWORD });
        const [own, ...children] = resources;
        assert.strictEqual(own.type, "azuread-aws-sso:azuread:TestUser");
        assert.deepStrictEqual(
            children.map((child) => [child.type, child.name, child.parent]),
            [[TYPES.azureUser, "test-user-user", own.urn]],
        );
    });

    it("creates the user with the given password, as a secret, to be changed at first sign-in", async () => {
        const { resources, component, standIns } = await construct({ password: PASSWORD });
        const user = registered(resources, "test-user-user");
        assert.deepStrictEqual(user.inputs, {
            userPrincipalName: "B.Simon@contoso.onmicrosoft.com",
            displayName: "B.Simon",
            password: PASSWORD,
            forcePasswordChange: true,
        });
        assert.deepStrictEqual(user.secretInputs, ["password"]);
        // A configured password is the desired state: changing it in config resets it.
        assert.deepStrictEqual(user.options.ignoreChanges, []);
        const objectId = await outputValue(component.objectId);
        assert.strictEqual(standIns.directoryUsers.get(objectId)?.userPrincipalName, "B.Simon@contoso.onmicrosoft.com");
        assert.strictEqual(await outputValue(component.userPrincipalName), "B.Simon@contoso.onmicrosoft.com");
    });

    it("never holds the password in plain text in any registration, its own included", async () => {
        const { resources } = await construct({ password: PASSWORD });
        for (const resource of resources) {
            assert.ok(!plainInputs(resource).includes(PASSWORD), `${resource.name} holds the password in plain text`);
        }
        assert.ok(resources[0].secretInputs.includes("password"));
    });

    it("without a password sets a random one Azure's policy accepts, once: later runs ignore it", async () => {
        const first = registered((await construct()).resources, "test-user-user");
        const second = registered((await construct()).resources, "test-user-user");
        const password = String(first.inputs.password);
        assert.strictEqual(password.length, 24);
        for (const characterClass of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) {
            assert.match(password, characterClass);
        }
        assert.notStrictEqual(second.inputs.password, password);
        assert.deepStrictEqual(first.secretInputs, ["password"]);
        assert.deepStrictEqual(first.options.ignoreChanges, ["password"]);
    });
});
