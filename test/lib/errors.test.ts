import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { SsoStackError, TeamArgumentError, throwIfProblems } from "../../lib/errors";
import { TeamMocks, unwrap, useMocks } from "./support/team-mocks";

describe("errors: what the team components throw and reject with", () => {
    describe("TeamArgumentError", () => {
        it("lists every problem under the component, counting them, as a RunError (printed without a stack trace)", () => {
            const error = new TeamArgumentError('TeamRole "data-analyst"', [
                { path: "roleName", message: '"Data Analyst" is not allowed' },
                { path: "assign.groups[0]", message: '"analysts" is not an Azure AD group object id (a UUID)' },
            ]);
            assert.strictEqual(
                error.message,
                'Invalid TeamRole "data-analyst" arguments (2 problems):\n' +
                    '  - roleName: "Data Analyst" is not allowed\n' +
                    '  - assign.groups[0]: "analysts" is not an Azure AD group object id (a UUID)',
            );
            assert.strictEqual(error.name, "TeamArgumentError");
            assert.strictEqual(error.component, 'TeamRole "data-analyst"');
            assert.strictEqual(error.problems.length, 2);
            assert.ok(pulumi.RunError.isInstance(error));
        });

        it("says problem, singular, for one", () => {
            const error = new TeamArgumentError('SsoStack "sso"', [{ path: "stackName", message: '"dev" is not allowed' }]);
            assert.strictEqual(error.message, 'Invalid SsoStack "sso" arguments (1 problem):\n  - stackName: "dev" is not allowed');
        });
    });

    describe("throwIfProblems", () => {
        it("returns when there is none, and throws them all at once otherwise", () => {
            assert.doesNotThrow(() => throwIfProblems('RoleAssignment "a"', []));
            assert.throws(
                () =>
                    throwIfProblems('RoleAssignment "a"', [
                        { path: "role", message: "is required" },
                        { path: "groups, users", message: "are both empty" },
                    ]),
                (error: Error) => {
                    assert.ok(error instanceof TeamArgumentError);
                    assert.deepStrictEqual(
                        error.problems.map((problem) => problem.path),
                        ["role", "groups, users"],
                    );
                    return true;
                },
            );
        });
    });

    describe("SsoStackError", () => {
        let owner: pulumi.ComponentResource;
        before(async () => {
            await useMocks(new TeamMocks());
            owner = new pulumi.ComponentResource("azuread-aws-sso:team:TeamRole", "data-analyst");
        });
        after(() => useMocks(new TeamMocks()));

        it("is reported once, under its resource, without a stack trace", async () => {
            const error = new SsoStackError('SSO stack "org/azuread-aws-sso/dev" has no account "analytics"', owner);
            assert.ok(pulumi.ResourceError.isInstance(error));
            assert.strictEqual(error.name, "SsoStackError");
            assert.strictEqual(error.resource, owner);
            assert.strictEqual(error.hideStack, true);
            assert.match(await unwrap(owner.urn), /::azuread-aws-sso:team:TeamRole::data-analyst$/);
        });

        it("keeps its message as written when the runtime prefixes the property it reached, as often as it does", () => {
            const message = 'SSO stack "org/azuread-aws-sso/dev" has no account "analytics"; available accounts: data, sandbox';
            const error = new SsoStackError(message, owner);
            for (const property of ["resourceObjectId", "appRoleId", "assumeRolePolicy"]) {
                error.message = `error serializing property "${property}": ${error.message}`;
            }
            assert.strictEqual(error.message, message);
            assert.strictEqual(String(error), `SsoStackError: ${message}`);
        });
    });
});
