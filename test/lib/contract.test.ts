import * as assert from "assert";
import { appRoleValue } from "../../components/documents/app-role-value";
import { appRoleId } from "../../components/documents/deterministic-ids";
import { SSO_STACK_OUTPUT_NAMES, type SsoStackOutputs } from "../../lib/contract";
import type { ProgramRun } from "../../offline/program/program-run";
import { TeamMocks, TYPES, unwrap, useMocks } from "./support/team-mocks";

/**
 * The SSO program itself, run under its cloud stand-ins with Pulumi.dev.yaml; its exports become
 * what the team program's stack reference returns. The team role must then be indistinguishable,
 * byte for byte, from what the core program builds for the same account.
 */
describe("SsoStackOutputs: the contract, read and built on against the outputs of the core program (Pulumi.dev.yaml)", function () {
    this.timeout(120_000);
    let core: ProgramRun;
    let outputs: SsoStackOutputs;
    let mocks: TeamMocks;
    let teamRole: import("../../lib").TeamRole;
    let sandbox: import("../../lib").SsoAccount;

    before(async () => {
        const { runProgramUnderMocks } = await import("../../offline/program/program-run");
        core = await runProgramUnderMocks({ stack: "dev" });
        outputs = core.stackOutputs as unknown as SsoStackOutputs;

        mocks = await useMocks(new TeamMocks(core.stackOutputs), "team-sandbox", "dev");
        const lib = await import("../../lib");
        const aws = await import("@pulumi/aws");
        const azuread = await import("@pulumi/azuread");
        sandbox = new lib.SsoStack("sso", { stackName: "org/azuread-aws-sso/dev" }).account("sandbox");
        teamRole = new lib.TeamRole(
            "sandbox-analyst",
            { account: sandbox, roleName: "Sandbox-Analyst", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
            {
                providers: [
                    new aws.Provider("sandbox", {
                        region: "eu-central-1",
                        assumeRoles: [{ roleArn: `arn:aws:iam::${outputs.accounts.sandbox.accountId}:role/team-deploy` }],
                    }),
                    new azuread.Provider("sso-tenant", { tenantId: outputs.tenantId }),
                ],
            },
        );
        await unwrap(teamRole.appRoleId);
    });
    after(() => useMocks(new TeamMocks()));

    it("is exactly what the core program exports under SSO_STACK_OUTPUT_NAMES, each of the declared type", () => {
        const exported = core.stackOutputs as Record<string, unknown>;
        assert.deepStrictEqual(
            SSO_STACK_OUTPUT_NAMES.filter((name) => !(name in exported)),
            [],
            "contract outputs the core program does not export",
        );
        assert.match(outputs.tenantId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.ok(Number.isInteger(outputs.sessionDuration) && outputs.sessionDuration >= 900, String(outputs.sessionDuration));
        assert.strictEqual(typeof outputs.samlProviderName, "string");
        assert.deepStrictEqual(Object.keys(outputs.accounts), ["sandbox"]);
        const sandboxAccount = outputs.accounts.sandbox;
        for (const [roleName, role] of Object.entries(sandboxAccount.roles)) {
            assert.strictEqual(role.arn, `arn:aws:iam::${sandboxAccount.accountId}:role/${roleName}`);
            assert.strictEqual(role.appRoleValue, appRoleValue(role.arn, sandboxAccount.samlProviderArn));
        }
        assert.strictEqual(
            sandboxAccount.samlProviderArn,
            `arn:aws:iam::${sandboxAccount.accountId}:saml-provider/${outputs.samlProviderName}`,
        );
    });

    it("reads every field of the core's account contract", async () => {
        const exported = outputs.accounts.sandbox;
        const read = {
            accountId: await unwrap(sandbox.accountId),
            samlProviderArn: await unwrap(sandbox.samlProviderArn),
            identifierUri: await unwrap(sandbox.identifierUri),
            replyUrl: await unwrap(sandbox.replyUrl),
            sessionTagKeys: await unwrap(sandbox.sessionTagKeys),
            applicationId: await unwrap(sandbox.applicationId),
            applicationObjectId: await unwrap(sandbox.applicationObjectId),
            servicePrincipalObjectId: await unwrap(sandbox.servicePrincipalObjectId),
            signingCertificateThumbprint: await unwrap(sandbox.signingCertificateThumbprint),
            signingCertificateEndDate: await unwrap(sandbox.signingCertificateEndDate),
            signingCertificates: await unwrap(sandbox.signingCertificates),
            userAccessUrl: await unwrap(sandbox.userAccessUrl),
            roles: await unwrap(sandbox.roles),
            roleManagerAccessKeyId: await unwrap(sandbox.roleManagerAccessKeyId),
            roleManagerAccessKeyGeneration: await unwrap(sandbox.roleManagerAccessKeyGeneration),
        };
        assert.deepStrictEqual(read, exported);
        assert.strictEqual(typeof (await unwrap(sandbox.stack.sessionDuration)), "number");
    });

    it("gives the team role the very trust policy the core gives its roles in that account", () => {
        const centralRoles = core.resources.filter((resource) => resource.type === TYPES.role && resource.inputs.name === "ReadOnly");
        assert.strictEqual(centralRoles.length, 1);
        const teamTrust = mocks.one(TYPES.role, "sandbox-analyst-role").inputs.assumeRolePolicy;
        assert.strictEqual(teamTrust, centralRoles[0].inputs.assumeRolePolicy);
    });

    it("builds its app role value and id the way the core builds the central ones", async () => {
        const centralAppRole = core.resources.find(
            (resource) => resource.type === TYPES.appRole && resource.inputs.displayName === "ReadOnly",
        )!;
        const centralArn = outputs.accounts.sandbox.roles.ReadOnly.arn;
        const providerArn = outputs.accounts.sandbox.samlProviderArn;
        assert.strictEqual(centralAppRole.inputs.value, appRoleValue(centralArn, providerArn));
        assert.strictEqual(centralAppRole.inputs.roleId, appRoleId("sandbox", "ReadOnly"));

        const teamAppRole = mocks.one(TYPES.appRole, "sandbox-analyst-app-role");
        assert.strictEqual(teamAppRole.inputs.value, appRoleValue(await unwrap(teamRole.arn), providerArn));
        assert.strictEqual(teamAppRole.inputs.roleId, appRoleId("sandbox", "Sandbox-Analyst"));
        assert.strictEqual(teamAppRole.inputs.applicationId, centralAppRole.inputs.applicationId, "the same shared application");
    });

    it("defaults to the core's session length, never below it", async () => {
        assert.strictEqual(await unwrap(teamRole.maxSessionDuration), Math.max(3600, outputs.sessionDuration));
    });
});
