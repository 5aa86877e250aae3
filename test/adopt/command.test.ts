import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AdoptEnvironment, runAdopt } from "../../adopt/command";
import { withAwsEnvironment } from "../support/aws-environment";
import { GraphStandIn } from "../support/graph-stand-in";
import { IamStandIn } from "../support/iam-stand-in";
import { AMBIENT_KEY, AMBIENT_SECRET, GRAPH_TOKEN, installSetup, tutorialSetup } from "./support/hand-made-setup";

function environment(directory: string, output: { stdout: string; stderr: string }): AdoptEnvironment {
    return {
        env: {},
        now: () => new Date("2026-12-01T12:00:00Z"),
        projectDir: directory,
        stdout: (text) => (output.stdout += text),
        stderr: (text) => (output.stderr += text),
        graphAccessToken: async () => GRAPH_TOKEN,
        awsRetry: { maxAttempts: 2, backoffMs: () => 1 },
        graphRetry: { sleep: async () => undefined, maxAttempts: 2 },
    };
}

describe("adopt command (runAdopt): the command line", function () {
    this.timeout(120_000);
    let directory: string;
    let output: { stdout: string; stderr: string };
    beforeEach(() => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-command-"));
        output = { stdout: "", stderr: "" };
    });

    it("refuses bad arguments with exit 2, naming the flag and what is allowed, before reading anything", async () => {
        const cases: [string[], RegExp][] = [
            [["--account", "sandbox=111122223333"], /--stack is required/],
            [["--stack", "adopted"], /--account is required/],
            [
                ["--stack", "adopted", "--account", "Sandbox=111122223333"],
                /--account: "Sandbox=111122223333" is not allowed; use name=<12-digit account id>/,
            ],
            [["--stack", "adopted", "--account", "sandbox=1111"], /12-digit account id/],
            [
                ["--stack", "adopted", "--account", "sandbox=111122223333:arn:aws:iam::444455556666:role/Deploy"],
                /is in another account than 111122223333/,
            ],
            [["--stack", "adopted", "--account", "a=111122223333", "--account", "a=444455556666"], /duplicate account name a/],
            [["--stack", "adopted", "--account", "a=111122223333", "--tenant", "contoso"], /--tenant: "contoso" is not a tenant id/],
            [
                ["--stack", "adopted", "--account", "a=111122223333", "--graph-url", "http://graph.example.com"],
                /--graph-url must use https/,
            ],
            [["--stack", "adopted", "--account", "a=111122223333", "--colour"], /Unknown option '--colour'/],
        ];
        for (const [argv, message] of cases) {
            output = { stdout: "", stderr: "" };
            assert.strictEqual(await runAdopt(argv, environment(directory, output)), 2, argv.join(" "));
            assert.match(output.stderr, message);
        }
    });

    it("prints its usage with --help", async () => {
        assert.strictEqual(await runAdopt(["--help"], environment(directory, output)), 0);
        assert.match(output.stdout, /--account NAME=ID\[:ROLE\]/);
    });

    it("never overwrites an existing stack file without --force", async () => {
        fs.writeFileSync(path.join(directory, "Pulumi.dev.yaml"), "config: {}\n");
        assert.strictEqual(await runAdopt(["--stack", "dev", "--account", "sandbox=111122223333"], environment(directory, output)), 2);
        assert.match(output.stderr, /exists; adopt writes a new stack/);
        assert.strictEqual(fs.readFileSync(path.join(directory, "Pulumi.dev.yaml"), "utf8"), "config: {}\n");
    });

    describe("against the stand-ins", () => {
        let graph: GraphStandIn;
        let iam: IamStandIn;
        let restore: () => void;
        before(async () => {
            graph = await GraphStandIn.start({ readOnly: true });
            iam = await IamStandIn.start();
        });
        after(async () => {
            await graph.stop();
            await iam.stop();
        });
        beforeEach(() => {
            graph.reset();
            iam.reset();
            installSetup(tutorialSetup(), graph, iam);
            restore = withAwsEnvironment({
                AWS_ENDPOINT_URL_IAM: iam.endpoint,
                AWS_ENDPOINT_URL_STS: iam.endpoint,
                AWS_ACCESS_KEY_ID: AMBIENT_KEY,
                AWS_SECRET_ACCESS_KEY: AMBIENT_SECRET,
            });
        });
        afterEach(() => restore());

        it("writes nothing and exits 2 when no account matches an app", async () => {
            const code = await runAdopt(
                ["--stack", "adopted", "--account", "sandbox=999988887777", "--graph-url", graph.baseUrl, "--out", directory],
                environment(directory, output),
            );
            assert.strictEqual(code, 2);
            assert.match(output.stderr, /Nothing to adopt/);
            assert.ok(!fs.existsSync(path.join(directory, "Pulumi.adopted.yaml")));
        });

        it("writes nothing and exits 2 when a read fails, naming the permission", async () => {
            graph.failPath(/servicePrincipals$/, {
                status: 403,
                body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } },
            });
            const code = await runAdopt(
                ["--stack", "adopted", "--account", "sandbox=111122223333", "--graph-url", graph.baseUrl, "--out", directory],
                environment(directory, output),
            );
            assert.strictEqual(code, 2);
            assert.match(output.stderr, /Application\.Read\.All/);
            assert.ok(!fs.existsSync(path.join(directory, "Pulumi.adopted.yaml")));
        });

        it("prints the report with imports, creations, held changes in order, and what cannot be adopted", async () => {
            const code = await runAdopt(
                ["--stack", "adopted", "--account", "sandbox=111122223333", "--graph-url", graph.baseUrl, "--out", directory],
                environment(directory, output),
            );
            assert.strictEqual(code, 1);
            assert.match(output.stdout, /Adoption of stack adopted: \d+ to import, \d+ to create, \d+ in-place change\(s\), 0 to replace/);
            assert.match(output.stdout, /= aws:iam\/role:Role {2}sandbox-aws-role-Developer {2}\(Developer\)/);
            assert.match(output.stdout, /step 4: IAM roles[\s\S]*sandbox-aws-role-Developer\.assumeRolePolicy/);
            assert.ok(output.stdout.indexOf("step 2:") < output.stdout.indexOf("step 4:"), "steps print in their safe order");
            assert.match(output.stdout, /Cannot be adopted as is \(1\)/);
            assert.strictEqual(
                fs.readFileSync(path.join(directory, "adopt-adopted.txt"), "utf8").trim(),
                output.stdout.replace(/\n\nWrote .*\n$/, "").trim(),
            );
            assert.match(fs.readFileSync(path.join(directory, "Pulumi.adopted.yaml"), "utf8"), /^# Written by npm run adopt/);
        });
    });
});
