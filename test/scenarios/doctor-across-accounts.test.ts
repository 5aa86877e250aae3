import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify as toYaml } from "yaml";
import { projectDirectory, readStackConfigFile, runProgramUnderMocks, ProgramRun } from "../../offline/program/program-run";
import { withAwsEnvironment } from "../support/aws-environment";
import { GraphStandIn } from "../support/graph-stand-in";
import { IamStandIn } from "../support/iam-stand-in";
import { deployToStandIns } from "../doctor/support/deployed-stack";
import { doctor, findingIds, writeOutputsFile } from "../doctor/support/doctor-harness";

const NOW = new Date("2027-06-01T12:00:00Z");
const SANDBOX = "111122223333";
const PRODUCTION = "444455556666";
const DEPLOY_ROLE = `arn:aws:iam::${PRODUCTION}:role/PulumiDeploy`;

/** A project folder with Pulumi.yaml and a two-account stack whose second account is reached through deployRoleArn. */
function twoAccountProject(): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-project-"));
    fs.copyFileSync(path.join(projectDirectory(), "Pulumi.yaml"), path.join(directory, "Pulumi.yaml"));
    const role = (name: string) => ({ name, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    fs.writeFileSync(
        path.join(directory, "Pulumi.multi.yaml"),
        toYaml({
            config: {
                "azuread:tenantId": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
                "aws:region": "eu-central-1",
                "azuread-aws-sso:notificationEmails": ["identity-team@contoso.com"],
                "azuread-aws-sso:accounts": [
                    { name: "sandbox", accountId: SANDBOX, roles: [role("Developer")] },
                    {
                        name: "production",
                        accountId: PRODUCTION,
                        deployRoleArn: DEPLOY_ROLE,
                        signInRegion: "eu-central-1",
                        roles: [role("Operator")],
                    },
                ],
            },
        }),
    );
    return directory;
}

describe("doctor: several accounts", function () {
    this.timeout(120_000);
    let iam: IamStandIn;
    let graph: GraphStandIn;
    let run: ProgramRun;
    let projectDir: string;
    let outputsFile: string;
    let restore: () => void;

    before(async () => {
        [iam, graph] = await Promise.all([IamStandIn.start(), GraphStandIn.start({ readOnly: true })]);
        projectDir = twoAccountProject();
        const file = readStackConfigFile("multi", projectDir);
        run = await runProgramUnderMocks({ stack: "multi", config: file.config, secretKeys: file.secretKeys });
        outputsFile = writeOutputsFile(run.stackOutputs);
    });
    after(async () => {
        await Promise.all([iam.stop(), graph.stop()]);
    });
    beforeEach(() => {
        iam.reset();
        graph.reset();
        deployToStandIns(run, iam, graph, {
            now: NOW,
            ambientAccountId: SANDBOX,
            ambientAccessKeyId: "AKIADOCTOR0000000001",
            ambientSecretAccessKey: "doctor-secret",
        });
        iam.account(PRODUCTION).addRole({ name: "PulumiDeploy", trustPolicy: { Version: "2012-10-17", Statement: [] } });
        restore = withAwsEnvironment({
            AWS_ENDPOINT_URL_IAM: iam.endpoint,
            AWS_ENDPOINT_URL_STS: iam.endpoint,
            AWS_ACCESS_KEY_ID: "AKIADOCTOR0000000001",
            AWS_SECRET_ACCESS_KEY: "doctor-secret",
            GRAPH_ACCESS_TOKEN: graph.acceptedToken,
        });
    });
    afterEach(() => {
        restore();
        assert.deepStrictEqual(iam.refusedWrites, []);
        assert.deepStrictEqual(graph.refusedWrites, []);
    });

    const runDoctor = () =>
        doctor(["--stack", "multi", "--outputs", outputsFile, "--json", "--graph-url", graph.baseUrl], { now: NOW, projectDir });

    it("reaches each account as the program does: ambient credentials, or the account's deployRoleArn", async () => {
        const result = await runDoctor();
        assert.deepStrictEqual(findingIds(result), [], JSON.stringify(result.report, null, 2));
        const assume = iam.requests.filter((request) => request.action === "AssumeRole");
        assert.deepStrictEqual(
            assume.map((request) => request.params.RoleArn),
            [DEPLOY_ROLE],
        );
        const productionReads = iam.requests.filter((request) => request.service === "iam" && request.accountId === PRODUCTION);
        assert.ok(productionReads.length > 5 && productionReads.every((request) => request.accessKeyId.startsWith("ASIA")));
        assert.ok(
            iam.requests.some(
                (request) => request.service === "iam" && request.accountId === SANDBOX && request.accessKeyId === "AKIADOCTOR0000000001",
            ),
        );
    });

    it("groups findings by account, worst account first", async () => {
        iam.account(PRODUCTION).summary = { ...iam.account(PRODUCTION).summary, AccountMFAEnabled: 0 };
        iam.account(SANDBOX).aliases = [];
        const result = await runDoctor();
        assert.deepStrictEqual(
            result.report?.accounts.map((account) => [account.account, account.worst, account.findings.map((finding) => finding.id)]),
            [
                ["production", "error", ["root-mfa-disabled"]],
                ["sandbox", "notice", ["account-alias-missing"]],
            ],
        );
        assert.strictEqual(result.code, 1);
        assert.strictEqual(result.report!.accounts[0].accountId, PRODUCTION);
    });

    it("a deploy role that cannot be assumed stops only that account's AWS checks", async () => {
        iam.unassumableRoles.add(DEPLOY_ROLE);
        const result = await runDoctor();
        const [production, sandbox] = result.report!.accounts;
        assert.strictEqual(production.account, "production");
        assert.deepStrictEqual(
            production.findings.map((finding) => finding.id),
            ["could-not-check-access-denied"],
        );
        assert.match(production.findings[0].message, /Could not check the AWS side of this account: sts:AssumeRole failed: AccessDenied/);
        assert.deepStrictEqual(sandbox.findings, []);
    });
});
