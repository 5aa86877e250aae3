import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { createHash } from "crypto";
import { appRoleValue } from "../../../components/documents/app-role-value";
import { appRoleId } from "../../../components/documents/deterministic-ids";
import { iamRoleArn } from "../../../components/documents/iam-arns";
import { samlTrustPolicy } from "../../../components/documents/saml-trust-policy";
import { ACCOUNTS, DIRECTORY_USERS, providerArnOf, SESSION_DURATION, ssoStackOutputs, TENANT_ID } from "../../lib/support/sso-contract";
import { settled, stackConfig, TeamMocks, TYPES, unwrap, useMocks } from "../../lib/support/team-mocks";
import { EXAMPLE_DIR, runExampleProgram } from "./support/example-program-run";

describe("examples/team-program/index.ts against org/azuread-aws-sso/dev (its Pulumi.dev.yaml)", () => {
    let mocks: TeamMocks;
    let config: Record<string, string>;
    let outputs: Record<string, unknown>;

    before(async () => {
        const file = stackConfig(EXAMPLE_DIR, "dev");
        config = file.config;
        pulumi.runtime.setAllConfig(config);
        mocks = await useMocks(new TeamMocks(), file.project, "dev");
        const exports = runExampleProgram(() => require("../../../examples/team-program"));
        outputs = {};
        for (const [name, value] of Object.entries(exports)) {
            outputs[name] = await unwrap(pulumi.output(value));
        }
        await settled();
    });
    after(async () => {
        pulumi.runtime.setAllConfig({});
        await useMocks(new TeamMocks());
    });

    const roleArn = iamRoleArn(ACCOUNTS.data.accountId, "Data-Analyst");
    const analysts = () => config["team-data:analystsGroupId"];
    const engineers = () => config["team-data:engineersGroupId"];

    it("registers exactly the team's resources, and reads the SSO stack only through its reference", () => {
        assert.deepStrictEqual(
            mocks.resources.map((resource) => `${resource.type}::${resource.name}`).sort(),
            [
                `${TYPES.stackReference}::sso`,
                `${TYPES.awsProvider}::data`,
                `${TYPES.azureadProvider}::sso-tenant`,
                `${TYPES.teamRole}::data-analyst`,
                `${TYPES.role}::data-analyst-role`,
                `${TYPES.rolePolicyAttachment}::data-analyst-${hash8("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")}`,
                `${TYPES.rolePolicy}::data-analyst-inline`,
                `${TYPES.appRole}::data-analyst-app-role`,
                `${TYPES.roleAssignment}::data-analyst-assignment`,
                `${TYPES.appRoleAssignment}::data-analyst-assignment-group-${analysts()}`,
                `${TYPES.appRoleAssignment}::data-analyst-assignment-user-megan.bowen@contoso.com`,
                `${TYPES.roleAssignment}::data-engineers`,
                `${TYPES.appRoleAssignment}::data-engineers-group-${engineers()}`,
            ].sort(),
        );
        assert.strictEqual(mocks.one(TYPES.stackReference, "sso").inputs.name, "org/azuread-aws-sso/dev");
    });

    it("binds its providers to the SSO stack's account and tenant", () => {
        const aws = mocks.one(TYPES.awsProvider, "data");
        assert.strictEqual(aws.inputs.region, "eu-central-1");
        assert.deepStrictEqual(JSON.parse(aws.inputs.allowedAccountIds), [ACCOUNTS.data.accountId]);
        assert.strictEqual(JSON.parse(aws.inputs.assumeRoles)[0].roleArn, config["team-data:deployRoleArn"]);
        assert.strictEqual(mocks.one(TYPES.azureadProvider, "sso-tenant").inputs.tenantId, TENANT_ID);
    });

    it("builds the Data-Analyst role in the data account with the core's trust policy and the stack's session length", () => {
        const role = mocks.one(TYPES.role, "data-analyst-role");
        assert.strictEqual(mocks.providerOf(role.provider)?.name, "data");
        assert.strictEqual(role.inputs.name, "Data-Analyst");
        assert.strictEqual(
            role.inputs.assumeRolePolicy,
            JSON.stringify(
                samlTrustPolicy({ samlProviderArn: providerArnOf("data"), audiences: [ssoStackOutputs().accounts.data.replyUrl] }),
            ),
        );
        assert.strictEqual(role.inputs.maxSessionDuration, SESSION_DURATION);
        assert.strictEqual(role.inputs.description, "Data team analysts: read the data lake and query it with Athena.");
    });

    it("grants read-only access: ViewOnlyAccess and reads of the data lake, queries scoped to the account", () => {
        const attachment = mocks.ofType(TYPES.rolePolicyAttachment);
        assert.deepStrictEqual(
            attachment.map((registered) => registered.inputs.policyArn),
            ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
        );
        const policy = JSON.parse(mocks.one(TYPES.rolePolicy, "data-analyst-inline").inputs.policy);
        const actions: string[] = policy.Statement.flatMap((statement: { Action: string[] }) => statement.Action);
        assert.ok(
            actions.every((action) => /^(s3:(Get|List)|athena:|glue:Get)/.test(action)),
            actions.join(", "),
        );
        const resources: string[] = policy.Statement.flatMap((statement: { Resource: string[] }) => statement.Resource);
        assert.ok(!resources.includes("*"));
        assert.ok(
            resources
                .filter((resource) => resource.startsWith("arn:aws:athena") || resource.startsWith("arn:aws:glue"))
                .every((resource) => resource.includes(`:eu-central-1:${ACCOUNTS.data.accountId}:`)),
        );
        assert.ok(resources.includes("arn:aws:s3:::contoso-data-lake-dev/*"));
    });

    it("publishes the role on the data account's shared app with the core's app role value and id", () => {
        const appRole = mocks.one(TYPES.appRole, "data-analyst-app-role");
        assert.strictEqual(mocks.providerOf(appRole.provider)?.name, "sso-tenant");
        assert.strictEqual(appRole.inputs.applicationId, `/applications/${ACCOUNTS.data.applicationObjectId}`);
        assert.strictEqual(appRole.inputs.roleId, appRoleId("data", "Data-Analyst"));
        assert.strictEqual(appRole.inputs.value, appRoleValue(roleArn, providerArnOf("data")));
    });

    it("assigns the analysts group and user to Data-Analyst, and the engineers group to the stack's Data-Engineer", () => {
        const assignment = (name: string) => {
            const registered = mocks.one(TYPES.appRoleAssignment, name);
            assert.strictEqual(mocks.providerOf(registered.provider)?.name, "sso-tenant");
            return [registered.inputs.appRoleId, registered.inputs.principalObjectId, registered.inputs.resourceObjectId];
        };
        const servicePrincipal = ACCOUNTS.data.servicePrincipalObjectId;
        assert.deepStrictEqual(assignment(`data-analyst-assignment-group-${analysts()}`), [
            appRoleId("data", "Data-Analyst"),
            analysts(),
            servicePrincipal,
        ]);
        assert.deepStrictEqual(assignment("data-analyst-assignment-user-megan.bowen@contoso.com"), [
            appRoleId("data", "Data-Analyst"),
            DIRECTORY_USERS["megan.bowen@contoso.com"],
            servicePrincipal,
        ]);
        assert.deepStrictEqual(assignment(`data-engineers-group-${engineers()}`), [
            ssoStackOutputs().accounts.data.roles["Data-Engineer"].appRoleId,
            engineers(),
            servicePrincipal,
        ]);
    });

    it("exports the role, its app role id, its session length and the sign-in link", () => {
        assert.deepStrictEqual(outputs, {
            analystRoleArn: roleArn,
            analystAppRoleId: appRoleId("data", "Data-Analyst"),
            analystMaxSessionDuration: SESSION_DURATION,
            signInUrl: ssoStackOutputs().accounts.data.userAccessUrl,
        });
    });
});

function hash8(value: string): string {
    return createHash("sha256").update(value).digest("hex").slice(0, 8);
}
