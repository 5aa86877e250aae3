import * as assert from "assert";
import type * as lib from "../../lib";
import { ACCOUNTS, DIRECTORY_USERS, ssoStackOutputs, SSO_STACK_NAME } from "./support/sso-contract";
import { reportedErrors, settled, TeamMocks, TYPES, unwrap, useMocks } from "./support/team-mocks";

const PLATFORM = "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c";
const ON_CALL = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

describe("RoleAssignment: groups and users on a role of the SSO stack", () => {
    let lib: typeof import("../../lib");
    let assignments: typeof import("../../lib/role-assignment");

    before(async () => {
        await useMocks(new TeamMocks());
        // Loaded once the mocks are in place, like the other team specs.
        lib = require("../../lib");
        assignments = require("../../lib/role-assignment");
    });
    afterEach(() => useMocks(new TeamMocks()));

    function sandbox(name: string): lib.SsoAccount {
        return new lib.SsoStack(name, { stackName: SSO_STACK_NAME }).account("sandbox");
    }

    it("assigns each group and each looked-up user to the central role's app role on the account's service principal", async () => {
        const mocks = await useMocks(new TeamMocks());
        const assignment = new assignments.RoleAssignment("developers", {
            role: sandbox("sso").role("Developer"),
            groups: [PLATFORM, ON_CALL.toUpperCase()],
            users: ["alex.wilber@contoso.com"],
        });
        assert.deepStrictEqual(await unwrap(assignment.principalObjectIds), [
            PLATFORM,
            ON_CALL,
            DIRECTORY_USERS["alex.wilber@contoso.com"],
        ]);
        await settled();

        const central = ssoStackOutputs().accounts.sandbox.roles.Developer;
        assert.deepStrictEqual(
            mocks
                .ofType(TYPES.appRoleAssignment)
                .map((registered) => [
                    registered.name,
                    registered.inputs.appRoleId,
                    registered.inputs.principalObjectId,
                    registered.inputs.resourceObjectId,
                ]),
            [
                [`developers-group-${PLATFORM}`, central.appRoleId, PLATFORM, ACCOUNTS.sandbox.servicePrincipalObjectId],
                [`developers-group-${ON_CALL}`, central.appRoleId, ON_CALL, ACCOUNTS.sandbox.servicePrincipalObjectId],
                [
                    "developers-user-alex.wilber@contoso.com",
                    central.appRoleId,
                    DIRECTORY_USERS["alex.wilber@contoso.com"],
                    ACCOUNTS.sandbox.servicePrincipalObjectId,
                ],
            ],
        );
        const lookups = mocks.invocations.filter((invocation) => invocation.token === "azuread:index/getUser:getUser");
        assert.deepStrictEqual(
            lookups.map((lookup) => lookup.inputs),
            [{ userPrincipalName: "alex.wilber@contoso.com" }],
        );
        // Only assignments: the SSO stack's role and app are not touched.
        assert.deepStrictEqual(mocks.ofType(TYPES.appRole), []);
        assert.deepStrictEqual(mocks.ofType(TYPES.role), []);
    });

    it("names children by principal, so reordering or adding one renames none", async () => {
        const mocks = await useMocks(new TeamMocks());
        const role = sandbox("sso-order").role("ReadOnly");
        const first = new assignments.RoleAssignment("first", { role, groups: [PLATFORM, ON_CALL] });
        const second = new assignments.RoleAssignment("second", { role, groups: [ON_CALL, PLATFORM] });
        await unwrap(first.principalObjectIds);
        await unwrap(second.principalObjectIds);
        const suffixes = (prefix: string) =>
            mocks
                .ofType(TYPES.appRoleAssignment)
                .filter((registered) => registered.name.startsWith(prefix))
                .map((registered) => registered.name.slice(prefix.length))
                .sort();
        assert.deepStrictEqual(suffixes("second-"), suffixes("first-"));
        assert.deepStrictEqual(suffixes("first-"), [`group-${ON_CALL}`, `group-${PLATFORM}`].sort());
    });

    it("reports a role the account does not have, naming the stack, account and roles, and assigns nothing", async () => {
        const mocks = await useMocks(new TeamMocks());
        const errors = await reportedErrors(() => {
            new assignments.RoleAssignment("admins", { role: sandbox("sso-admin").role("Admin"), groups: [PLATFORM] });
        });
        assert.deepStrictEqual(
            errors.map((error) => error.message),
            ['SSO stack "org/azuread-aws-sso/dev" has no role "Admin" in account "sandbox"; available roles: Developer, ReadOnly'],
        );
        assert.deepStrictEqual(mocks.ofType(TYPES.appRoleAssignment), []);
    });

    it("refuses bad principals before anything registers, naming each", async () => {
        const mocks = await useMocks(new TeamMocks());
        const role = sandbox("sso-bad").role("Developer");
        const before = mocks.resources.length;
        assert.throws(
            () =>
                new assignments.RoleAssignment("bad", {
                    role,
                    groups: [PLATFORM, PLATFORM.toUpperCase(), "platform-team"],
                    users: ["Alex.Wilber@contoso.com", "alex.wilber@contoso.com", "alex"],
                }),
            (error: Error) => {
                assert.ok(error instanceof lib.TeamArgumentError);
                assert.deepStrictEqual(
                    error.problems.map((problem) => `${problem.path}: ${problem.message}`),
                    [
                        `groups[1]: duplicate group "${PLATFORM.toUpperCase()}" (also at groups[0])`,
                        'groups[2]: "platform-team" is not an Azure AD group object id (a UUID)',
                        'users[1]: duplicate user "alex.wilber@contoso.com" (also at users[0])',
                        'users[2]: "alex" is not a user principal name (name@domain)',
                    ],
                );
                return true;
            },
        );
        assert.throws(
            () => new assignments.RoleAssignment("empty", { role }),
            /Invalid RoleAssignment "empty" arguments \(1 problem\):\n {2}- groups, users: are both empty/,
        );
        assert.throws(
            () => new assignments.RoleAssignment("no-role", { groups: [PLATFORM] } as unknown as lib.RoleAssignmentArgs),
            /- role: is required/,
        );
        assert.strictEqual(mocks.resources.length, before, "nothing registered");
    });

    it("validateRoleAssignmentArgs accepts any assignable role, such as a TeamRole's ids, and gives the principals in stable form", () => {
        const principals = assignments.validateRoleAssignmentArgs("ids", {
            role: { servicePrincipalObjectId: ACCOUNTS.data.servicePrincipalObjectId, appRoleId: "0f5b2e9a-3c4d-5e6f-8a7b-9c0d1e2f3a4b" },
            groups: [ON_CALL.toUpperCase(), PLATFORM],
            users: ["Alex.Wilber@contoso.com"],
        });
        assert.deepStrictEqual(principals, { groups: [ON_CALL, PLATFORM], users: ["Alex.Wilber@contoso.com"] });
        assert.throws(
            () =>
                assignments.validateRoleAssignmentArgs("no-app-role", {
                    role: { servicePrincipalObjectId: ACCOUNTS.data.servicePrincipalObjectId } as lib.AssignableRole,
                    groups: [PLATFORM],
                }),
            /^TeamArgumentError: Invalid RoleAssignment "no-app-role" arguments \(1 problem\):\n {2}- role: is required/,
        );
    });
});
