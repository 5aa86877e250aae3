import * as assert from "assert";
import type * as awsTypes from "@pulumi/aws";
import type * as azureadTypes from "@pulumi/azuread";
import { createHash } from "crypto";
import { appRoleValue, parseAppRoleValue } from "../../components/documents/app-role-value";
import { appRoleId } from "../../components/documents/deterministic-ids";
import { iamRoleArn } from "../../components/documents/iam-arns";
import { samlTrustPolicy } from "../../components/documents/saml-trust-policy";
import type * as lib from "../../lib";
import {
    ACCOUNTS,
    DIRECTORY_USERS,
    providerArnOf,
    SESSION_DURATION,
    SSO_STACK_NAME,
    ssoStackOutputs,
    TENANT_ID,
} from "./support/sso-contract";
import {
    AMBIENT_ACCOUNT_ID,
    AMBIENT_TENANT_ID,
    EngineRegistration,
    recordRegistrations,
    reportedErrors,
    settled,
    TeamMocks,
    TYPES,
    unwrap,
    useMocks,
} from "./support/team-mocks";

const DATA_DEPLOY_ROLE = "arn:aws:iam::210987654321:role/team-data-deploy";
const ANALYSTS = "6c1f3b52-8d4e-4a7f-9b20-3e5d7c9a1f84";
const VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
const ATHENA = "arn:aws:iam::aws:policy/AmazonAthenaFullAccess";
const REGIONAL_REPLY_URL = "https://eu-central-1.signin.aws.amazon.com/saml";

describe("TeamRole: a team's own role on the SSO stack's shared app", () => {
    let lib: typeof import("../../lib");
    let team: typeof import("../../lib/team-role");
    let aws: typeof awsTypes;
    let azuread: typeof azureadTypes;

    before(async () => {
        await useMocks(new TeamMocks());
        // Loaded once the mocks are in place, like the other team specs.
        lib = require("../../lib");
        team = require("../../lib/team-role");
        aws = await import("@pulumi/aws");
        azuread = await import("@pulumi/azuread");
    });
    after(() => useMocks(new TeamMocks()));

    /** The team's credentials: the data account's deploy role, and the SSO stack's tenant. */
    function teamProviders(suffix: string, accountRoleArn = DATA_DEPLOY_ROLE, tenantId = TENANT_ID) {
        return [
            new aws.Provider(`data-aws-${suffix}`, { region: "eu-central-1", assumeRoles: [{ roleArn: accountRoleArn }] }),
            new azuread.Provider(`tenant-${suffix}`, { tenantId }),
        ];
    }

    function dataAccount(name: string): lib.SsoAccount {
        return new lib.SsoStack(name, { stackName: SSO_STACK_NAME }).account("data");
    }

    describe("built from valid arguments", () => {
        let mocks: TeamMocks;
        let analyst: lib.TeamRole;
        let registrations: EngineRegistration[];

        before(async () => {
            mocks = await useMocks(new TeamMocks());
            const recorder = recordRegistrations();
            analyst = new team.TeamRole(
                "analyst",
                {
                    account: dataAccount("sso"),
                    roleName: "Data-Analyst",
                    managedPolicyArns: [VIEW_ONLY, ATHENA],
                    inlinePolicy: {
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake/*" }],
                    },
                    assign: { groups: [ANALYSTS], users: ["Megan.Bowen@contoso.com"] },
                },
                { providers: teamProviders("valid") },
            );
            await unwrap(analyst.assignment!.principalObjectIds);
            await settled();
            registrations = await recorder.settled();
        });

        it("creates the IAM role through the team's aws provider, under its own name", () => {
            const role = mocks.one(TYPES.role, "analyst-role");
            assert.strictEqual(role.inputs.name, "Data-Analyst");
            assert.strictEqual(mocks.providerOf(role.provider)?.name, "data-aws-valid");
            assert.strictEqual(role.state.arn, iamRoleArn(ACCOUNTS.data.accountId, "Data-Analyst"));
            assert.deepStrictEqual(role.inputs.tags, {
                "managed-by": "pulumi",
                project: "team-data",
                stack: "dev",
                account: "data",
                "sso-stack": SSO_STACK_NAME,
            });
        });

        it("publishes the app role only once the role's permissions are attached (and removes it first)", () => {
            const urnOf = (type: string, namePrefix: string) =>
                registrations
                    .filter((registration) => registration.type === type && registration.name.startsWith(namePrefix))
                    .map((registration) => registration.urn);
            const appRole = registrations.find((registration) => registration.type === TYPES.appRole)!;
            const permissions = [...urnOf(TYPES.rolePolicyAttachment, "analyst-"), ...urnOf(TYPES.rolePolicy, "analyst-")];
            assert.strictEqual(permissions.length, 3);
            for (const urn of permissions) {
                assert.ok(appRole.dependencies.includes(urn), `app role depends on ${urn}`);
            }
        });

        it("trusts the account's SAML provider with the bytes the core's samlTrustPolicy gives for the account's reply URL", () => {
            const role = mocks.one(TYPES.role, "analyst-role");
            const expected = JSON.stringify(samlTrustPolicy({ samlProviderArn: providerArnOf("data"), audiences: [REGIONAL_REPLY_URL] }));
            assert.strictEqual(role.inputs.assumeRolePolicy, expected);
            // Not the global endpoint: this account signs in through eu-central-1.
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition, {
                StringEquals: { "SAML:aud": REGIONAL_REPLY_URL },
            });
        });

        it("allows sessions as long as the stack's SessionDuration by default", async () => {
            assert.strictEqual(mocks.one(TYPES.role, "analyst-role").inputs.maxSessionDuration, SESSION_DURATION);
            assert.strictEqual(await unwrap(analyst.maxSessionDuration), SESSION_DURATION);
        });

        it("publishes an app role on the account's shared app: deterministic id, value byte-identical to the core's", async () => {
            const appRole = mocks.one(TYPES.appRole, "analyst-app-role");
            const roleArn = iamRoleArn(ACCOUNTS.data.accountId, "Data-Analyst");
            assert.deepStrictEqual(
                {
                    applicationId: appRole.inputs.applicationId,
                    roleId: appRole.inputs.roleId,
                    value: appRole.inputs.value,
                    allowedMemberTypes: appRole.inputs.allowedMemberTypes,
                    displayName: appRole.inputs.displayName,
                },
                {
                    applicationId: `/applications/${ACCOUNTS.data.applicationObjectId}`,
                    roleId: appRoleId("data", "Data-Analyst"),
                    value: appRoleValue(roleArn, providerArnOf("data")),
                    allowedMemberTypes: ["User"],
                    displayName: "Data-Analyst",
                },
            );
            assert.deepStrictEqual(parseAppRoleValue(appRole.inputs.value), { roleArn, samlProviderArn: providerArnOf("data") });
            assert.strictEqual(appRole.provider && mocks.providerOf(appRole.provider)?.name, "tenant-valid");
            assert.strictEqual(await unwrap(analyst.appRoleId), appRoleId("data", "Data-Analyst"));
            assert.strictEqual(await unwrap(analyst.appRoleValue), appRole.inputs.value);
        });

        it("describes the role and app role with the account and the owning program", () => {
            const expected = "AWS role Data-Analyst in account data (210987654321), owned by team-data/dev";
            assert.strictEqual(mocks.one(TYPES.role, "analyst-role").inputs.description, expected);
            assert.strictEqual(mocks.one(TYPES.appRole, "analyst-app-role").inputs.description, expected);
        });

        it("attaches each managed policy under a name from a hash of its ARN, and the inline policy", () => {
            const attachments = mocks.ofType(TYPES.rolePolicyAttachment);
            const hash = (arn: string) => createHash("sha256").update(arn).digest("hex").slice(0, 8);
            assert.deepStrictEqual(
                attachments.map((attachment) => [attachment.name, attachment.inputs.policyArn, attachment.inputs.role]).sort(),
                [
                    [`analyst-${hash(ATHENA)}`, ATHENA, "Data-Analyst"],
                    [`analyst-${hash(VIEW_ONLY)}`, VIEW_ONLY, "Data-Analyst"],
                ].sort(),
            );
            const inline = mocks.one(TYPES.rolePolicy, "analyst-inline");
            assert.strictEqual(inline.inputs.role, "Data-Analyst");
            assert.deepStrictEqual(JSON.parse(inline.inputs.policy).Statement, [
                { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake/*" },
            ]);
        });

        it("assigns the group and the looked-up user to the new app role on the account's service principal", () => {
            const assignments = mocks.ofType(TYPES.appRoleAssignment);
            assert.deepStrictEqual(
                assignments.map((assignment) => ({
                    name: assignment.name,
                    ...pick(assignment.inputs, "appRoleId", "principalObjectId", "resourceObjectId"),
                })),
                [
                    {
                        name: `analyst-assignment-group-${ANALYSTS}`,
                        appRoleId: appRoleId("data", "Data-Analyst"),
                        principalObjectId: ANALYSTS,
                        resourceObjectId: ACCOUNTS.data.servicePrincipalObjectId,
                    },
                    {
                        name: "analyst-assignment-user-megan.bowen@contoso.com",
                        appRoleId: appRoleId("data", "Data-Analyst"),
                        principalObjectId: DIRECTORY_USERS["megan.bowen@contoso.com"],
                        resourceObjectId: ACCOUNTS.data.servicePrincipalObjectId,
                    },
                ],
            );
        });

        it("parents every child on the component", async () => {
            const children = [
                analyst.role,
                analyst.appRole,
                analyst.inlinePolicy!,
                ...Object.values(analyst.policyAttachments),
                analyst.assignment!,
            ];
            for (const child of children) {
                assert.match(await unwrap(child.urn), /::azuread-aws-sso:team:TeamRole\$/);
            }
            for (const assignment of Object.values(analyst.assignment!.groupAssignments)) {
                assert.match(
                    await unwrap(assignment.urn),
                    /::azuread-aws-sso:team:RoleAssignment\$azuread:index\/appRoleAssignment:AppRoleAssignment::analyst-assignment-/,
                );
            }
        });

        it("touches nothing of the SSO stack: only new resources, the stack read through its reference", () => {
            const types = new Set(mocks.resources.map((resource) => resource.type));
            assert.deepStrictEqual(
                [...types].sort(),
                [
                    TYPES.stackReference,
                    TYPES.awsProvider,
                    TYPES.azureadProvider,
                    TYPES.teamRole,
                    TYPES.role,
                    TYPES.rolePolicyAttachment,
                    TYPES.rolePolicy,
                    TYPES.appRole,
                    TYPES.roleAssignment,
                    TYPES.appRoleAssignment,
                ].sort(),
            );
            assert.ok(
                mocks.resources.every((resource) => resource.type === TYPES.stackReference || !resource.inputs.id),
                "nothing imported or read",
            );
        });
    });

    it("renames no attachment when the policy list is reordered", async () => {
        const mocks = await useMocks(new TeamMocks());
        const build = (name: string, policies: string[]) =>
            new team.TeamRole(
                name,
                { account: dataAccount(`sso-${name}`), roleName: `Role-${name}`, managedPolicyArns: policies },
                { providers: teamProviders(name) },
            );
        const first = build("first", [VIEW_ONLY, ATHENA]);
        const second = build("second", [ATHENA, VIEW_ONLY]);
        await unwrap(first.appRoleId);
        await unwrap(second.appRoleId);
        const suffixes = (name: string) =>
            mocks
                .ofType(TYPES.rolePolicyAttachment)
                .filter((attachment) => attachment.name.startsWith(`${name}-`))
                .map((attachment) => `${attachment.name.slice(name.length)}=${attachment.inputs.policyArn}`)
                .sort();
        assert.strictEqual(suffixes("first").length, 2);
        assert.deepStrictEqual(suffixes("second"), suffixes("first"));
    });

    it("keeps an explicit maxSessionDuration at or above the stack's, and adds sts:TagSession when asked", async () => {
        const mocks = await useMocks(new TeamMocks());
        const role = new team.TeamRole(
            "long",
            { account: dataAccount("sso-long"), roleName: "Data-Long", maxSessionDuration: 14400, allowSessionTags: true },
            { providers: teamProviders("long") },
        );
        await unwrap(role.appRoleId);
        const registered = mocks.one(TYPES.role, "long-role");
        assert.strictEqual(registered.inputs.maxSessionDuration, 14400);
        assert.strictEqual(
            registered.inputs.assumeRolePolicy,
            JSON.stringify(
                samlTrustPolicy({ samlProviderArn: providerArnOf("data"), audiences: [REGIONAL_REPLY_URL], allowSessionTags: true }),
            ),
        );
    });

    it("allows sts:TagSession by default when the account's app sends session tags", async () => {
        const outputs = ssoStackOutputs();
        const tagged = {
            ...outputs,
            accounts: { ...outputs.accounts, data: { ...outputs.accounts.data, sessionTagKeys: ["Department"] } },
        };
        const mocks = await useMocks(new TeamMocks(tagged as unknown as Record<string, unknown>));
        const role = new team.TeamRole(
            "tagged",
            { account: dataAccount("sso-tagged"), roleName: "Data-Tagged" },
            { providers: teamProviders("tagged") },
        );
        await unwrap(role.appRoleId);
        assert.strictEqual(
            mocks.one(TYPES.role, "tagged-role").inputs.assumeRolePolicy,
            JSON.stringify(
                samlTrustPolicy({ samlProviderArn: providerArnOf("data"), audiences: [REGIONAL_REPLY_URL], allowSessionTags: true }),
            ),
        );
    });

    describe("refused against the SSO stack: nothing of the role is created", () => {
        afterEach(() => useMocks(new TeamMocks()));

        async function refused(build: () => void): Promise<{ mocks: TeamMocks; errors: Error[] }> {
            const mocks = await useMocks(new TeamMocks());
            const errors = await reportedErrors(build);
            return { mocks, errors };
        }

        function assertNothingCreated(mocks: TeamMocks) {
            for (const type of [TYPES.role, TYPES.rolePolicyAttachment, TYPES.rolePolicy, TYPES.appRole, TYPES.appRoleAssignment]) {
                assert.deepStrictEqual(
                    mocks.ofType(type).map((resource) => resource.name),
                    [],
                    `no ${type}`,
                );
            }
        }

        it("a maxSessionDuration below the SessionDuration the stack's apps send", async () => {
            const { mocks, errors } = await refused(() => {
                new team.TeamRole(
                    "short",
                    {
                        account: dataAccount("sso-short"),
                        roleName: "Data-Short",
                        maxSessionDuration: 3600,
                        managedPolicyArns: [VIEW_ONLY],
                        assign: { groups: [ANALYSTS] },
                    },
                    { providers: teamProviders("short") },
                );
            });
            assert.strictEqual(errors.length, 1, errors.map(String).join("\n"));
            assert.ok(errors[0] instanceof lib.SsoStackError);
            assert.strictEqual(
                errors[0].message,
                'TeamRole "short" cannot be created in account "data" of SSO stack "org/azuread-aws-sso/dev" (1 problem):\n' +
                    "  - maxSessionDuration: 3600 is below the SessionDuration 7200 the SSO stack's apps send: STS refuses the sign-in; set it to at least 7200, or leave it unset",
            );
            // Reported under the component, without a stack trace.
            const error = errors[0] as lib.SsoStackError;
            assert.strictEqual(error.hideStack, true);
            assert.match(await unwrap(error.resource!.urn), /::azuread-aws-sso:team:TeamRole::short$/);
            assertNothingCreated(mocks);
        });

        it("an app role value over Microsoft Graph's 120 characters, naming the value and its length", async () => {
            const provider = providerArnOf("data");
            const roleName = "D".repeat(121 - `arn:aws:iam::${ACCOUNTS.data.accountId}:role/,`.length - provider.length);
            const value = `arn:aws:iam::${ACCOUNTS.data.accountId}:role/${roleName},${provider}`;
            assert.strictEqual(value.length, 121);
            const { mocks, errors } = await refused(() => {
                new team.TeamRole("long", { account: dataAccount("sso-long"), roleName }, { providers: teamProviders("long") });
            });
            assert.strictEqual(errors.length, 1, errors.map(String).join("\n"));
            assert.ok(
                errors[0].message.endsWith(
                    `\n  - roleName: the app role value "${value}" is 121 characters; Microsoft Graph accepts at most 120 for app roles on the application: shorten the role name`,
                ),
                errors[0].message,
            );
            assertNothingCreated(mocks);
        });

        it("a role name the SSO stack already has in the account, in any case", async () => {
            const { mocks, errors } = await refused(() => {
                new team.TeamRole(
                    "clash",
                    { account: dataAccount("sso-clash"), roleName: "readonly" },
                    { providers: teamProviders("clash") },
                );
            });
            assert.strictEqual(errors.length, 1);
            assert.match(
                errors[0].message,
                /\n {2}- roleName: "readonly" is already the SSO stack's role "ReadOnly" in this account \(IAM role names are case-insensitive\)/,
            );
            assertNothingCreated(mocks);
        });

        it("an aws provider for another account (here the ambient credentials)", async () => {
            const { mocks, errors } = await refused(() => {
                new team.TeamRole(
                    "ambient",
                    { account: dataAccount("sso-ambient"), roleName: "Data-Ambient" },
                    { providers: [new azuread.Provider("tenant-ambient", { tenantId: TENANT_ID })] },
                );
            });
            assert.strictEqual(errors.length, 1);
            assert.match(
                errors[0].message,
                new RegExp(
                    `- opts\\.providers\\.aws: the aws provider signs in to account ${AMBIENT_ACCOUNT_ID}, but account "data" is ${ACCOUNTS.data.accountId}`,
                ),
            );
            assertNothingCreated(mocks);
        });

        it("an azuread provider for another tenant", async () => {
            const { mocks, errors } = await refused(() => {
                new team.TeamRole(
                    "tenant",
                    { account: dataAccount("sso-tenant"), roleName: "Data-Tenant" },
                    { providers: teamProviders("other-tenant", DATA_DEPLOY_ROLE, AMBIENT_TENANT_ID) },
                );
            });
            assert.strictEqual(errors.length, 1);
            assert.match(
                errors[0].message,
                new RegExp(
                    `- opts\\.providers\\.azuread: the azuread provider signs in to tenant ${AMBIENT_TENANT_ID}, but the SSO stack's apps are in tenant ${TENANT_ID}`,
                ),
            );
            assertNothingCreated(mocks);
        });

        it("an account the SSO stack does not have", async () => {
            const { mocks, errors } = await refused(() => {
                const account = new lib.SsoStack("sso-nowhere", { stackName: SSO_STACK_NAME }).account("analytics");
                new team.TeamRole(
                    "nowhere",
                    { account, roleName: "Analytics-Reader", assign: { groups: [ANALYSTS] } },
                    { providers: teamProviders("nowhere") },
                );
            });
            assert.deepStrictEqual(
                errors.map((error) => error.message),
                ['SSO stack "org/azuread-aws-sso/dev" has no account "analytics"; available accounts: data, sandbox'],
            );
            assertNothingCreated(mocks);
        });
    });

    describe("refused arguments: thrown before anything registers", () => {
        let mocks: TeamMocks;
        let account: lib.SsoAccount;
        before(async () => {
            mocks = await useMocks(new TeamMocks());
            account = dataAccount("sso-arguments");
        });

        function assertRefused(args: Partial<lib.TeamRoleArgs>, problems: string[]) {
            const before = mocks.resources.length;
            assert.throws(
                () => new team.TeamRole("bad", { account, roleName: "Data-Ok", ...args } as lib.TeamRoleArgs),
                (error: Error) => {
                    assert.ok(error instanceof lib.TeamArgumentError, String(error));
                    assert.deepStrictEqual(
                        error.problems.map((problem) => `${problem.path}: ${problem.message}`),
                        problems,
                    );
                    assert.ok(error.message.startsWith(`Invalid TeamRole "bad" arguments (${problems.length} problem`));
                    return true;
                },
            );
            assert.strictEqual(mocks.resources.length, before, "nothing registered");
        }

        it("a maxSessionDuration outside IAM's range", () => {
            assertRefused({ maxSessionDuration: 1800 }, [
                "maxSessionDuration: 1800 is not allowed: a whole number of seconds from 3600 to 43200, the IAM range",
            ]);
            assertRefused({ maxSessionDuration: 50000 }, [
                "maxSessionDuration: 50000 is not allowed: a whole number of seconds from 3600 to 43200, the IAM range",
            ]);
        });

        it("every bad argument at once, each named with what is allowed", () => {
            assertRefused(
                {
                    roleName: "Data Analyst",
                    managedPolicyArns: ["ReadOnlyAccess", VIEW_ONLY, VIEW_ONLY, { key: "Bad Key", arn: "x" }],
                    permissionsBoundaryArn: "arn:aws:iam::210987654321:role/NotAPolicy",
                    inlinePolicy: { Statement: [{ Effect: "allow", Action: "s3:GetObject" }] },
                    assign: { groups: ["data-analysts"], users: ["megan"] },
                },
                [
                    'roleName: "Data Analyst" is not allowed: IAM role names are 1-64 characters of letters, digits and +=,.@_-',
                    'managedPolicyArns[0]: "ReadOnlyAccess" is not an IAM managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess',
                    "managedPolicyArns[2]: duplicate policy (also at managedPolicyArns[1])",
                    'managedPolicyArns[3].key: "Bad Key" is not allowed: 1-40 lower-case letters, digits and hyphens (it names the attachment)',
                    'permissionsBoundaryArn: "arn:aws:iam::210987654321:role/NotAPolicy" is not an IAM managed policy ARN',
                    'inlinePolicy.Statement[0].Effect: "allow" is not allowed: Allow or Deny',
                    'assign.groups[0]: "data-analysts" is not an Azure AD group object id (a UUID)',
                    'assign.users[0]: "megan" is not a user principal name (name@domain)',
                ],
            );
        });

        it("a missing account", () => {
            assertRefused({ account: undefined }, ['account: is required: an account of the SSO stack, sso.account("<account name>")']);
        });

        it("an inline policy that is not JSON, or has no statement; a description IAM would refuse", () => {
            const problems = (args: Partial<lib.TeamRoleArgs>) => {
                try {
                    team.validateTeamRoleArgs("bad", { account, roleName: "Data-Ok", ...args } as lib.TeamRoleArgs);
                } catch (error) {
                    return (error as lib.TeamArgumentError).problems.map((problem) => `${problem.path}: ${problem.message}`);
                }
                return [];
            };
            assert.match(problems({ inlinePolicy: '{"Statement": [' })[0], /^inlinePolicy: is not valid JSON: /);
            assert.deepStrictEqual(problems({ inlinePolicy: { Version: "2012-10-17", Statement: [] } }), [
                "inlinePolicy.Statement: is empty; an IAM policy needs at least one statement",
            ]);
            assert.deepStrictEqual(problems({ inlinePolicy: { Statement: { Effect: "Allow", Resource: "*" } } }), [
                "inlinePolicy.Statement[0]: needs Action or NotAction",
            ]);
            assert.deepStrictEqual(problems({ description: "x".repeat(1001) }), [
                "description: is not allowed: IAM role descriptions are at most 1000 printable Latin-1 characters",
            ]);
        });
    });

    describe("validateTeamRoleArgs: what the constructor builds from", () => {
        it("keys each attachment by a hash of its ARN, or by the key given for an ARN known at deploy time; principals in stable form", async () => {
            await useMocks(new TeamMocks());
            const account = dataAccount("sso-validate");
            const checked = team.validateTeamRoleArgs("valid", {
                account,
                roleName: "Data-Analyst",
                managedPolicyArns: [VIEW_ONLY, { key: "lake-reader", arn: "arn:aws:iam::210987654321:policy/LakeReader" }],
                assign: { groups: [ANALYSTS.toUpperCase()], users: ["Megan.Bowen@contoso.com"] },
            });
            assert.deepStrictEqual(checked.managedPolicies, [
                { key: createHash("sha256").update(VIEW_ONLY).digest("hex").slice(0, 8), arn: VIEW_ONLY },
                { key: "lake-reader", arn: "arn:aws:iam::210987654321:policy/LakeReader" },
            ]);
            assert.deepStrictEqual(checked.principals, { groups: [ANALYSTS], users: ["Megan.Bowen@contoso.com"] });
        });
    });
});

function pick(record: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((key) => [key, record[key]]));
}
