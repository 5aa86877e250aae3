import * as assert from "assert";
import { awsClaimsMappingPolicy } from "../../components/documents/claims-mapping-policy";
import { samlTrustPolicy } from "../../components/documents/saml-trust-policy";
import { parseStackConfig, StackConfig } from "../../components/stack-config";
import {
    expectedDeployment,
    parseStackOutputs,
    StackOutputs,
    StackOutputsError,
    synchronizationJobGraphId,
} from "../../doctor/expected-deployment";
import { ProgramRun, readStackConfigFile, runProgramUnderMocks } from "../../offline/program/program-run";

const DEVELOPERS_GROUP = "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c";

/** The dev stack's config, with `edit` applied to its accounts list. */
function devConfig(edit: (accounts: any[]) => any[] = (accounts) => accounts): StackConfig {
    const file = readStackConfigFile("dev");
    const raw = { ...file.config };
    raw["azuread-aws-sso:accounts"] = JSON.stringify(edit(JSON.parse(raw["azuread-aws-sso:accounts"])));
    return parseStackConfig(raw, { stack: "dev", defaultRegion: raw["aws:region"] });
}

function problemsOf(raw: unknown): readonly string[] {
    try {
        parseStackOutputs(raw);
    } catch (error) {
        assert.ok(error instanceof StackOutputsError);
        return error.problems;
    }
    assert.fail("the outputs were accepted");
}

describe("doctor expected-deployment (parseStackOutputs, expectedDeployment)", function () {
    this.timeout(120_000);
    let run: ProgramRun;
    let outputs: StackOutputs;
    before(async () => {
        run = await runProgramUnderMocks({ stack: "dev" });
        outputs = parseStackOutputs(JSON.parse(JSON.stringify(run.stackOutputs)));
    });

    it("accepts the program's own outputs, as `pulumi stack output --json` prints them", () => {
        assert.strictEqual(outputs.tenantId, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
        assert.deepStrictEqual(Object.keys(outputs.accounts), ["sandbox"]);
        const secretShown = structuredClone(run.stackOutputs) as Record<string, any>;
        secretShown.accounts.sandbox.roleManagerAccessKeyId = "[secret]";
        assert.strictEqual(parseStackOutputs(secretShown).accounts.sandbox.roleManagerAccessKeyId, "[secret]");
    });

    it("names each problem at its key path", () => {
        const broken = structuredClone(run.stackOutputs) as Record<string, any>;
        delete broken.accounts.sandbox.samlProviderArn;
        broken.accounts.sandbox.roles.Developer.maxSessionDuration = "3600";
        broken.tenantId = "";
        const problems = problemsOf(broken);
        assert.ok(problems.includes("accounts.sandbox.samlProviderArn: is required: a string"), problems.join("\n"));
        assert.ok(problems.includes("accounts.sandbox.roles.Developer.maxSessionDuration: is required: a number of seconds"));
        assert.ok(problems.includes("tenantId: must not be empty"));
        assert.deepStrictEqual(problemsOf({ tenantId: "t", sessionDuration: 3600, samlProviderName: "AzureAD" }), [
            "accounts: is required: an object keyed by account name",
        ]);
        assert.match(
            new StackOutputsError(["a: b"]).message,
            /^The stack outputs do not match the outputs contract \(1 problem\):\n {2}- a: b$/,
        );
    });

    it("joins config and outputs into what each account should look like live", () => {
        const expected = expectedDeployment("dev", devConfig(), outputs);
        assert.deepStrictEqual(expected.undeployedAccounts, []);
        const [sandbox] = expected.accounts;
        const out = outputs.accounts.sandbox;
        assert.strictEqual(sandbox.name, "sandbox");
        assert.strictEqual(sandbox.accountId, "111122223333");
        assert.strictEqual(sandbox.region, "eu-central-1");
        assert.strictEqual(sandbox.samlProviderArn, "arn:aws:iam::111122223333:saml-provider/AzureAD");
        assert.strictEqual(sandbox.servicePrincipalObjectId, out.servicePrincipalObjectId);
        assert.strictEqual(sandbox.activeThumbprint, out.signingCertificateThumbprint.toUpperCase());
        assert.match(sandbox.activeThumbprint, /^[0-9A-F]{40}$/);
        assert.deepStrictEqual(
            sandbox.roles.map((role) => [role.name, role.arn, role.maxSessionDuration, role.assignedGroups]),
            [
                ["Developer", "arn:aws:iam::111122223333:role/Developer", 14400, [DEVELOPERS_GROUP]],
                ["ReadOnly", "arn:aws:iam::111122223333:role/ReadOnly", 3600, []],
            ],
        );
        for (const role of sandbox.roles) {
            assert.deepStrictEqual(
                role.trustPolicy,
                samlTrustPolicy({ samlProviderArn: sandbox.samlProviderArn, audiences: [sandbox.replyUrl], allowSessionTags: false }),
            );
        }
        assert.strictEqual(
            sandbox.claimsMappingPolicy,
            awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 }),
        );
        assert.strictEqual(sandbox.provisioning, true);
        assert.strictEqual(sandbox.roleImportUserName, "AzureADRoleManager");
        assert.strictEqual(sandbox.roleImportAccessKeyId, out.roleManagerAccessKeyId);
    });

    it("a role's session tags go into every role's trust (sts:TagSession) and the expected claims", () => {
        const config = devConfig((accounts) => {
            accounts[0].roles[0].sessionTags = { CostCenter: "department" };
            return accounts;
        });
        const [sandbox] = expectedDeployment("dev", config, outputs).accounts;
        assert.deepStrictEqual(sandbox.sessionTags, { CostCenter: "department" });
        for (const role of sandbox.roles)
            assert.deepStrictEqual((role.trustPolicy as any).Statement[0].Action, ["sts:AssumeRoleWithSAML", "sts:TagSession"]);
        assert.match(sandbox.claimsMappingPolicy, /PrincipalTag:CostCenter/);
    });

    it("an account the outputs lack is undeployed; a role they lack is not expected", () => {
        const config = devConfig((accounts) => [
            ...accounts,
            {
                name: "production",
                accountId: "444455556666",
                roles: [{ name: "Operator", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }],
            },
        ]);
        const partial = structuredClone(outputs) as Record<string, any>;
        delete partial.accounts.sandbox.roles.ReadOnly;
        const expected = expectedDeployment("dev", config, partial as StackOutputs);
        assert.deepStrictEqual(expected.undeployedAccounts, [{ name: "production", accountId: "444455556666" }]);
        assert.deepStrictEqual(
            expected.accounts.map((account) => account.roles.map((role) => role.name)),
            [["Developer"]],
        );
    });

    describe("Identity Center (the org stack)", () => {
        let org: ProgramRun;
        let orgConfig: StackConfig;
        before(async () => {
            org = await runProgramUnderMocks({ stack: "org" });
            const file = readStackConfigFile("org");
            orgConfig = parseStackConfig(file.config, { stack: "org", defaultRegion: file.config["aws:region"] });
        });

        it("joins the identityCenter block with the outputs' identityCenter into its own unit, named by the instance ARN", () => {
            const orgOutputs = parseStackOutputs(JSON.parse(JSON.stringify(org.stackOutputs)));
            const expected = expectedDeployment("org", orgConfig, orgOutputs);
            assert.deepStrictEqual(expected.accounts, []);
            const ic = expected.identityCenter!;
            const out = org.stackOutputs.identityCenter as Record<string, any>;
            assert.strictEqual(ic.name, "identity-center");
            assert.strictEqual(ic.accountId, "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6");
            assert.strictEqual(ic.servicePrincipalObjectId, out.servicePrincipalObjectId);
            assert.strictEqual(ic.activeThumbprint, out.signingCertificateThumbprint.toUpperCase());
            assert.strictEqual(ic.synchronizationJobId, String(out.synchronizationJobId).split("/job/")[1]);
            assert.match(ic.synchronizationJobId, /^aWSSingleSignon\./);
            assert.strictEqual(ic.synchronizationTemplateId, "aWSSingleSignon");
            assert.strictEqual(ic.scimTokenExpiresAt, "2027-11-30T00:00:00Z");
            assert.strictEqual(ic.configuredScimTokenExpiresAt, "2027-11-30T00:00:00Z");
            assert.deepStrictEqual(
                ic.groups.map((group) => group.displayName),
                ["aws-platform-admins", "aws-developers"],
            );
            assert.deepStrictEqual(ic.sampleAssignment, {
                accountId: out.accessMatrix[0].accountId,
                permissionSetArn: out.accessMatrix[0].permissionSetArn,
            });
            assert.strictEqual(expected.undeployedIdentityCenter, undefined);
        });

        it("a config with identityCenter whose outputs lack it is undeployed; outputs without the config's block are not checked", () => {
            const { identityCenter, ...withoutIc } = structuredClone(org.stackOutputs) as Record<string, any>;
            assert.ok(identityCenter);
            const expected = expectedDeployment("org", orgConfig, parseStackOutputs(withoutIc));
            assert.strictEqual(expected.identityCenter, undefined);
            assert.deepStrictEqual(expected.undeployedIdentityCenter, {
                name: "identity-center",
                accountId: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
            });
            const dev = expectedDeployment("dev", devConfig(), parseStackOutputs({ ...run.stackOutputs, identityCenter }));
            assert.strictEqual(dev.identityCenter, undefined);
            assert.strictEqual(dev.undeployedIdentityCenter, undefined);
        });

        it("names problems of the identityCenter outputs at their key path", () => {
            const broken = structuredClone(org.stackOutputs) as Record<string, any>;
            delete broken.identityCenter.synchronizationJobId;
            assert.ok(problemsOf(broken).includes("identityCenter.synchronizationJobId: is required: a string"));
        });

        it("synchronizationJobGraphId takes Graph's id from the provider's resource id, and keeps a bare one", () => {
            assert.strictEqual(synchronizationJobGraphId("/servicePrincipals/sp/job/aWSSingleSignon.abc.t"), "aWSSingleSignon.abc.t");
            assert.strictEqual(synchronizationJobGraphId("aWSSingleSignon.abc.t"), "aWSSingleSignon.abc.t");
        });
    });
});
