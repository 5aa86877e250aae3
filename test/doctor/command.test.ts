import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDoctor } from "../../doctor/command";
import { withAwsEnvironment } from "../support/aws-environment";
import { GRAPH_FAILURES } from "../support/graph-stand-in";
import { IAM_FAILURES } from "../support/iam-stand-in";
import { DEV_ACCOUNT, doctor, findingIds, useDeployedDevStack, writeOutputsFile } from "./support/doctor-harness";

const NOW = new Date("2027-06-01T12:00:00Z");
const DOCTOR_ARN = `arn:aws:iam::${DEV_ACCOUNT}:user/doctor`;

describe("doctor command (runDoctor)", function () {
    this.timeout(60_000);
    const world = useDeployedDevStack(NOW);

    describe("a healthy deployment", () => {
        it("is clean, exits 0, and reads with Get/List calls only", async () => {
            const result = await world.doctor();
            assert.strictEqual(result.stderr, "");
            assert.deepStrictEqual(findingIds(result), [], JSON.stringify(result.report, null, 2));
            assert.strictEqual(result.code, 0);
            assert.strictEqual(result.report?.exitCode, 0);
            assert.ok(world.iam.requests.length > 10);
            for (const action of world.iam.actions()) assert.match(action, /^(iam:(Get|List)[A-Za-z]+|sts:GetCallerIdentity)$/);
            assert.ok(world.graph.requests.length >= 4);
            assert.ok(world.graph.requests.every((request) => request.method === "GET"));
            assert.deepStrictEqual(
                [
                    ...new Set(world.graph.requests.map((request) => request.path.replace(world.sandbox.servicePrincipalObjectId, "{id}"))),
                ].sort(),
                [
                    "/v1.0/servicePrincipals/{id}",
                    "/v1.0/servicePrincipals/{id}/appRoleAssignedTo",
                    "/v1.0/servicePrincipals/{id}/claimsMappingPolicies",
                    "/v1.0/servicePrincipals/{id}/synchronization/jobs",
                ],
            );
        });

        it("prints a terminal summary by account, and never a secret", async () => {
            const result = await doctor(["--stack", "dev", "--outputs", world.outputsFile, "--graph-url", world.graph.baseUrl], {
                now: NOW,
            });
            assert.strictEqual(result.code, 0);
            assert.match(result.stdout, /^Doctor for stack dev at 2027-06-01T12:00:00.000Z: no findings in 1 account\(s\)/);
            assert.match(result.stdout, /account sandbox \(111122223333\): healthy/);
            assert.match(result.stdout, /Healthy: nothing at or above error\./);
            for (const secret of world.run.standIns.issuedSecrets)
                assert.ok(!result.stdout.includes(secret), "no access key secret in the report");
        });
    });

    describe("exit codes and report", () => {
        it("a warning passes by default, fails with --fail-on warning, and --ignore hides it", async () => {
            world.iam.account(DEV_ACCOUNT).passwordPolicy = undefined;
            world.iam.account(DEV_ACCOUNT).summary = { ...world.iam.account(DEV_ACCOUNT).summary, AccountMFAEnabled: 0 };
            world.iam.account(DEV_ACCOUNT).aliases = [];
            const result = await world.doctor();
            assert.strictEqual(result.code, 1);
            assert.deepStrictEqual(
                result.report?.accounts[0].findings.map((finding) => finding.severity),
                ["error", "warning", "notice"],
                "worst first",
            );
            assert.deepStrictEqual(result.report?.counts, { error: 1, warning: 1, notice: 1 });
            const ignored = await world.doctor(["--ignore", "root-mfa-disabled"]);
            assert.strictEqual(ignored.code, 0);
            assert.deepStrictEqual(ignored.report?.ignored, { "root-mfa-disabled": 1 });
            const strict = await world.doctor(["--ignore", "root-mfa-disabled", "--fail-on", "warning"]);
            assert.strictEqual(strict.code, 1);
            const text = await doctor(
                ["--stack", "dev", "--outputs", world.outputsFile, "--graph-url", world.graph.baseUrl, "--fail-on", "warning"],
                { now: NOW },
            );
            assert.match(text.stdout, /account sandbox \(111122223333\): 1 error, 1 warning, 1 notice/);
            assert.match(
                text.stdout,
                /ERROR {3}root-mfa-disabled {2}AWS account 111122223333 root user\n {10}The root user has no MFA device\.\n {10}fix: /,
            );
            assert.match(text.stdout, /Unhealthy: 1 error\(s\), 1 warning\(s\) at or above --fail-on warning\./);
        });

        it("an account of the config that the outputs lack is a finding, not a crash", async () => {
            const outputs = JSON.parse(fs.readFileSync(world.outputsFile, "utf8"));
            outputs.accounts = {};
            const result = await doctor(
                ["--stack", "dev", "--outputs", writeOutputsFile(outputs), "--json", "--graph-url", world.graph.baseUrl],
                { now: NOW },
            );
            assert.deepStrictEqual(findingIds(result), ["account-not-in-outputs"]);
            assert.strictEqual(result.code, 1);
        });
    });

    describe("reads that fail are findings, never a crash and never healthy", () => {
        it("403 from Graph names the Graph permission; 403 from IAM names the IAM action", async () => {
            world.graph.failPath(/synchronization\/jobs$/, GRAPH_FAILURES.forbidden());
            world.iam.fail("GetAccountSummary", IAM_FAILURES.accessDenied(DOCTOR_ARN, "iam:GetAccountSummary"));
            const result = await world.doctor();
            assert.strictEqual(result.code, 1);
            const findings = result.report!.accounts[0].findings;
            assert.deepStrictEqual(
                findings.map((finding) => finding.id),
                ["could-not-check-access-denied", "could-not-check-access-denied"],
            );
            const graphFinding = findings.find((finding) => finding.message.includes("role import"))!;
            assert.match(graphFinding.fix, /Synchronization\.Read\.All/);
            const iamFinding = findings.find((finding) => finding.message.includes("root MFA"))!;
            assert.match(iamFinding.fix, /Allow iam:GetAccountSummary/);
            assert.ok(!findings.some((finding) => finding.id.startsWith("root-")), "an unread check is not reported as a problem either");
        });

        it("429 then success is healthy", async () => {
            world.graph.enqueue(GRAPH_FAILURES.throttled(1));
            world.iam.fail("GetRole", IAM_FAILURES.throttling());
            const result = await world.doctor();
            assert.deepStrictEqual(findingIds(result), []);
            assert.strictEqual(result.code, 0);
            assert.strictEqual(
                world.graph.requests.filter((request) => request.path.endsWith(world.sandbox.servicePrincipalObjectId)).length,
                2,
            );
        });

        it("throttling and 500 after every retry are could-not-check findings", async () => {
            world.graph.failPath(
                /claimsMappingPolicies$/,
                GRAPH_FAILURES.serverError(),
                GRAPH_FAILURES.serverError(),
                GRAPH_FAILURES.serverError(),
            );
            world.iam.fail("ListAccountAliases", IAM_FAILURES.throttling(), IAM_FAILURES.throttling(), IAM_FAILURES.throttling());
            const result = await world.doctor();
            assert.deepStrictEqual(findingIds(result), ["could-not-check-failed", "could-not-check-throttled"]);
            const failed = result.report!.accounts[0].findings.find((finding) => finding.id === "could-not-check-failed")!;
            assert.match(failed.message, /Could not check the claims mapping policy: .*500.*3 attempt/);
            assert.strictEqual(result.code, 1);
        });

        it("an API the endpoint does not have, and a rejected Graph token", async () => {
            world.iam.fail("GetAccountPasswordPolicy", IAM_FAILURES.invalidAction("GetAccountPasswordPolicy"));
            world.graph.acceptedToken = "rotated-token";
            const result = await world.doctor();
            assert.deepStrictEqual(findingIds(result), ["could-not-check-unauthenticated", "could-not-check-unsupported"]);
        });

        it("assumes --read-role in the account, and a role it may not assume is a finding naming sts:AssumeRole", async () => {
            world.iam.account(DEV_ACCOUNT).addRole({ name: "DoctorReadOnly", trustPolicy: { Version: "2012-10-17", Statement: [] } });
            const healthy = await world.doctor(["--read-role", "DoctorReadOnly"]);
            assert.deepStrictEqual(findingIds(healthy), []);
            const assume = world.iam.requests.find((request) => request.action === "AssumeRole")!;
            assert.strictEqual(assume.params.RoleArn, `arn:aws:iam::${DEV_ACCOUNT}:role/DoctorReadOnly`);
            assert.strictEqual(assume.params.RoleSessionName, "azuread-aws-sso-doctor-dev");
            assert.ok(
                world.iam.requests
                    .filter((request) => request.service === "iam")
                    .every((request) => request.accessKeyId.startsWith("ASIA")),
            );

            world.iam.unassumableRoles.add(`arn:aws:iam::${DEV_ACCOUNT}:role/DoctorReadOnly`);
            const denied = await world.doctor(["--read-role", "DoctorReadOnly"]);
            assert.deepStrictEqual(findingIds(denied), ["could-not-check-access-denied"]);
            assert.match(denied.report!.accounts[0].findings[0].fix, /Allow sts:AssumeRole/);
            assert.strictEqual(denied.code, 1);
        });
    });

    it("prints its usage with --help, exits 0 and reads nothing", async () => {
        let stdout = "";
        let stderr = "";
        const code = await runDoctor(["--help"], {
            env: {},
            now: () => NOW,
            projectDir: fs.mkdtempSync(path.join(os.tmpdir(), "doctor-help-")),
            stdout: (text) => (stdout += text),
            stderr: (text) => (stderr += text),
        });
        assert.strictEqual(code, 0);
        assert.strictEqual(stderr, "");
        assert.match(stdout, /^Usage: npm run doctor -- --stack <name>/);
        assert.match(stdout, /Exit codes: 0 healthy, 1 a finding at or above --fail-on, 2 bad input or no credentials\./);
        assert.strictEqual(world.iam.requests.length, 0);
        assert.strictEqual(world.graph.requests.length, 0);
    });

    describe("bad input and missing credentials exit 2", () => {
        const run = (args: string[]) => doctor(args, { now: NOW });

        it("arguments", async () => {
            for (const [args, pattern] of [
                [[], /--stack is required/],
                [["--stack", "dev", "--fail-on", "notice"], /--fail-on: "notice" is not allowed; allowed: error, warning/],
                [["--stack", "dev", "--graph-url", "http://graph.microsoft.com"], /--graph-url must use https/],
                [["--stack", "dev", "--certificate-days", "60,30"], /--certificate-days/],
                [["--stack", "dev", "--ignore", "root-mfa"], /--ignore: unknown finding id "root-mfa"; allowed: .*root-mfa-disabled/],
                [["--stack", "dev", "--bogus"], /Unknown option '--bogus'/],
                [["--stack", "dev", "--read-role", "role/DoctorReadOnly"], /--read-role: "role\/DoctorReadOnly" is not an IAM role name/],
                [["--stack", "dev", "--access-key-days", "0"], /--access-key-days: "0" is not allowed/],
                [
                    ["--stack", "nope", "--outputs", world.outputsFile],
                    /--stack: no stack config file .*Pulumi\.nope\.yaml; stacks here: .*dev/,
                ],
            ] as const) {
                const result = await run([...args]);
                assert.strictEqual(result.code, 2, args.join(" "));
                assert.match(result.stderr, pattern);
                assert.strictEqual(result.stdout, "");
            }
        });

        it("outputs that are not JSON, miss a key, or belong to another tenant", async () => {
            const directory = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-bad-"));
            fs.writeFileSync(path.join(directory, "bad.json"), "not json");
            const outputs = JSON.parse(fs.readFileSync(world.outputsFile, "utf8"));
            const missing = structuredClone(outputs);
            delete missing.accounts.sandbox.samlProviderArn;
            const other = { ...outputs, tenantId: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" };
            for (const [file, pattern] of [
                [path.join(directory, "bad.json"), /is not JSON/],
                [path.join(directory, "absent.json"), /cannot read/],
                [writeOutputsFile(missing), /accounts\.sandbox\.samlProviderArn: is required/],
                [writeOutputsFile(other), /outputs are for tenant 0b1c2d3e-.*azuread:tenantId 8e3af657/],
            ] as const) {
                const result = await run(["--stack", "dev", "--outputs", file]);
                assert.strictEqual(result.code, 2, file);
                assert.match(result.stderr, pattern);
            }
        });

        it("without --outputs and without the Pulumi CLI, says how to pass the outputs", async () => {
            const savedPath = process.env.PATH;
            process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
            try {
                const result = await run(["--stack", "dev", "--graph-url", world.graph.baseUrl]);
                assert.strictEqual(result.code, 2);
                assert.match(result.stderr, /No --outputs file was given and the Pulumi CLI is not installed/);
            } finally {
                process.env.PATH = savedPath;
            }
        });

        it("uses the outputs the Automation API reads when no --outputs is given", async () => {
            const result = await doctor(["--stack", "dev", "--json", "--graph-url", world.graph.baseUrl], {
                now: NOW,
                readOutputs: async () => JSON.parse(fs.readFileSync(world.outputsFile, "utf8")),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(findingIds(result), []);
        });

        it("no AWS credentials at all", async () => {
            const restore = withAwsEnvironment({
                AWS_ENDPOINT_URL_IAM: world.iam.endpoint,
                AWS_ENDPOINT_URL_STS: world.iam.endpoint,
                GRAPH_ACCESS_TOKEN: world.graph.acceptedToken,
            });
            try {
                const result = await world.doctor();
                assert.strictEqual(result.code, 2);
                assert.match(result.stderr, /No credentials:\n {2}- sts:GetCallerIdentity failed: CredentialsProviderError/);
                assert.strictEqual(world.iam.requests.length, 0);
            } finally {
                restore();
            }
        });

        it("no Graph token", async () => {
            const result = await world.doctor([], {
                graphAccessToken: async () => {
                    throw new Error("DefaultAzureCredential: no credential in the chain");
                },
            });
            assert.strictEqual(result.code, 2);
            assert.match(
                result.stderr,
                /No credentials:\n {2}- No Microsoft Graph token: DefaultAzureCredential: no credential in the chain/,
            );
        });
    });
});
