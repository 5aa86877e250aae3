import * as assert from "assert";
import { buildPlanReport, formatPlanReport, PlannedResource, PlanReport } from "../../../offline/preview/plan-report";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";
import { OFFLINE_SECRET_PLACEHOLDER, ProgramRun, runProgramUnderMocks } from "../../../offline/program/program-run";
import { IDENTITY_CENTER_GROUPS, identityCenterOnlyConfig, TENANT_ID, TYPES } from "../../support/stack-fixtures";

function named(resources: readonly PlannedResource[], name: string): PlannedResource {
    const found = resources.find((resource) => resource.name === name);
    assert.ok(found, `no planned ${name} among ${resources.map((resource) => resource.name).join(", ")}`);
    return found;
}

describe("buildPlanReport and formatPlanReport", function () {
    this.timeout(120_000);
    let dev: ProgramRun;
    let plan: PlanReport;

    before(async () => {
        dev = await runProgramUnderMocks({ stack: "dev" });
        plan = buildPlanReport(dev);
    });

    it("counts the cloud resources only, and puts each under its account and cloud or with the shared ones", () => {
        const cloudResources = dev.resources.filter((resource) => resource.custom && !resource.type.startsWith("pulumi:providers:"));
        assert.strictEqual(plan.resourceCount, cloudResources.length);
        assert.ok(
            dev.resources.some((resource) => resource.type.startsWith("pulumi:providers:")),
            "the run has providers to leave out",
        );
        assert.deepStrictEqual(
            plan.accounts.map((account) => account.account),
            ["sandbox"],
        );
        const [sandbox] = plan.accounts;
        assert.ok(sandbox.aws.every((resource) => resource.type.startsWith("aws:")));
        assert.ok(sandbox.azuread.every((resource) => !resource.type.startsWith("aws:")));
        assert.strictEqual(sandbox.aws.length + sandbox.azuread.length + plan.shared.length, plan.resourceCount);
        assert.deepStrictEqual(
            plan.shared.map((resource) => resource.type),
            ["azuread:User"],
        );
        assert.strictEqual(plan.identityCenter, undefined);
    });

    it("shows what a reviewer checks: the provider's entityID and certificate, the role's trust, the claims the policy sends", () => {
        const [sandbox] = plan.accounts;
        const samlProvider = sandbox.aws.find((resource) => resource.type === "aws:SamlProvider")!;
        const certificate = sandbox.azuread.find((resource) => resource.type === "azuread:ServicePrincipalTokenSigningCertificate")!;
        assert.strictEqual(samlProvider.details.arn, "arn:aws:iam::111122223333:saml-provider/AzureAD");
        assert.strictEqual(samlProvider.details.entityId, `https://sts.windows.net/${TENANT_ID}/`);
        assert.deepStrictEqual(samlProvider.details.certificates, [certificate.details.thumbprint]);

        const developer = named(sandbox.aws, "sandbox-aws-role-Developer");
        assert.strictEqual(developer.details.maxSessionDuration, 14400);
        const trust = JSON.parse(String(developer.details.trust));
        assert.strictEqual(trust.Statement[0].Principal.Federated, "arn:aws:iam::111122223333:saml-provider/AzureAD");
        assert.ok(!String(developer.details.trust).includes("\n"), "the trust is compact JSON");

        const claims = sandbox.azuread.find((resource) => resource.type === "azuread:ClaimsMappingPolicy")!;
        assert.deepStrictEqual(claims.details.claims, [
            "Role <- assignedroles",
            "RoleSessionName <- userprincipalname",
            "SessionDuration = 3600",
        ]);
    });

    it("never shows a secret: the access key, the role import's credentials and the test user's password read [secret]", () => {
        const text = formatPlanReport(plan);
        for (const secret of [...dev.standIns.issuedSecrets, OFFLINE_SECRET_PLACEHOLDER]) {
            assert.ok(!text.includes(secret), "a secret reached the plan");
        }
        const [sandbox] = plan.accounts;
        assert.strictEqual(sandbox.aws.find((resource) => resource.type === "aws:AccessKey")!.details.secret, "[secret]");
        assert.strictEqual(
            sandbox.azuread.find((resource) => resource.type === "azuread:SynchronizationSecret")!.details.values,
            "[secret]",
        );
        assert.strictEqual(plan.shared[0].details.password, "[secret]");
    });

    it("reports metadata IAM would refuse on the provider instead of its certificates", () => {
        const broken: ProgramRun = {
            ...dev,
            resources: dev.resources.map((resource) =>
                resource.type === TYPES.samlProvider
                    ? { ...resource, inputs: { ...resource.inputs, samlMetadataDocument: "<EntityDescriptor/>" } }
                    : resource,
            ),
        };
        const samlProvider = buildPlanReport(broken).accounts[0].aws.find((resource) => resource.type === "aws:SamlProvider")!;
        assert.strictEqual(samlProvider.details.metadata, "19 characters");
        assert.match(String(samlProvider.details.problem), /IAM accepts 1000 to 10000000/);
        assert.strictEqual(samlProvider.details.certificates, undefined);
    });

    it("prints a create as +, an import as = with its id and the inputs held at their live value, and counts both", () => {
        const adopted: ProgramRun = {
            ...dev,
            resources: dev.resources.map((resource) =>
                resource.type === TYPES.samlProvider
                    ? {
                          ...resource,
                          importId: "arn:aws:iam::111122223333:saml-provider/AzureAD",
                          options: { ...resource.options, ignoreChanges: ["samlMetadataDocument"] },
                      }
                    : resource,
            ),
        };
        const text = formatPlanReport(buildPlanReport(adopted));
        const lines = text.split("\n");
        assert.strictEqual(
            lines[0],
            `Plan for stack dev: ${plan.resourceCount} resources, 1 to import, ${plan.resourceCount - 1} to create`,
        );
        const at = lines.indexOf(
            "    = aws:SamlProvider  sandbox-aws-saml-provider  (import arn:aws:iam::111122223333:saml-provider/AzureAD)",
        );
        assert.ok(at > 0, text);
        assert.strictEqual(lines[at + 1], "        held at the live value: samlMetadataDocument");
        assert.ok(lines.includes("    + aws:Role  sandbox-aws-role-Developer"));
        assert.strictEqual(formatPlanReport(plan).split("\n")[0], `Plan for stack dev: ${plan.resourceCount} resources to create`);
        assert.ok(lines.includes(`  account sandbox: AWS (${plan.accounts[0].aws.length})`));
        assert.ok(lines.includes("  shared: Azure AD (1)"));
    });

    it("gives the Identity Center path its own section, by cloud", async () => {
        const org = await runProgramUnderMocks({
            stack: "org",
            config: identityCenterOnlyConfig(),
            standIns: new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: Object.values(IDENTITY_CENTER_GROUPS) }),
        });
        const report = buildPlanReport(org);
        assert.ok(report.identityCenter);
        assert.ok(report.identityCenter.aws.some((resource) => resource.type === "aws:AccountAssignment"));
        assert.ok(report.identityCenter.azuread.some((resource) => resource.type === "azuread:ApplicationFromTemplate"));
        const permissionSet = report.identityCenter.aws.find(
            (resource) => resource.type === "aws:PermissionSet" && resource.details.name === "Developer",
        )!;
        assert.strictEqual(permissionSet.details.sessionDuration, "PT4H");
        const text = formatPlanReport(report);
        assert.match(text, /^ {2}IAM Identity Center: AWS \(\d+\)$/m);
        assert.match(text, /^ {2}IAM Identity Center: Azure AD \(\d+\)$/m);
    });
});
