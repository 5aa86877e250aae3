import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { benchRawConfig } from "../../../bench/fixtures";
import { readStackConfigFile } from "../../../offline/program/program-run";
import { withCurrentDates } from "../../support/stack-fixtures";
import {
    expectedSigningCertificates,
    formatOfflinePreview,
    OfflinePreview,
    runOfflinePreview,
} from "../../../offline/preview/preview-command";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..", "..", "..");

describe("runOfflinePreview and the preview:offline command", function () {
    this.timeout(180_000);

    describe("the dev stack", () => {
        let preview: OfflinePreview;
        before(async () => {
            preview = await runOfflinePreview({ stack: "dev" });
        });

        it("plans every resource, grouped by account and cloud", () => {
            const sandbox = preview.plan.accounts.find((account) => account.account === "sandbox")!;
            assert.ok(sandbox.aws.some((resource) => resource.type === "aws:SamlProvider"));
            assert.ok(sandbox.azuread.some((resource) => resource.type === "azuread:ApplicationFromTemplate"));
            assert.strictEqual(preview.plan.resourceCount, sandbox.aws.length + sandbox.azuread.length + preview.plan.shared.length);
            const provider = sandbox.aws.find((resource) => resource.type === "aws:SamlProvider")!;
            const certificate = sandbox.azuread.find((resource) => resource.type === "azuread:ServicePrincipalTokenSigningCertificate")!;
            assert.deepStrictEqual(provider.details.certificates, [certificate.details.thumbprint]);
        });

        it("has no mandatory policy violation", () => {
            assert.strictEqual(preview.policies.mandatory, 0, JSON.stringify(preview.policies.diagnostics, null, 2));
            assert.ok(preview.policies.policyCount >= 20);
        });

        it("signs every assignment in, the test user included", () => {
            assert.strictEqual(preview.signIn.failed, 0);
            const lines = preview.signIn.signIns.flatMap((signIn) => signIn.lines);
            assert.ok(
                lines.includes("B.Simon@contoso.com -> arn:aws:sts::111122223333:assumed-role/Developer/B.Simon@contoso.com (3600 s)"),
                lines.join("\n"),
            );
            assert.ok(
                lines.includes(
                    "alex.wilber@contoso.com -> arn:aws:sts::111122223333:assumed-role/ReadOnly/alex.wilber@contoso.com (3600 s)",
                ),
            );
            assert.strictEqual(preview.ok, true);
        });

        it("prints the plan, the policy verdicts and the sign-ins in that order, then the verdict", () => {
            const text = formatOfflinePreview(preview);
            const sections = [/^Policies: /m, /^Sign-in: \d+ succeeded, 0 failed$/m, /^Offline preview passed\.$/m].map((pattern) =>
                text.search(pattern),
            );
            assert.ok(
                sections.every((at) => at > 0),
                text,
            );
            assert.deepStrictEqual(
                [...sections].sort((a, b) => a - b),
                sections,
                "sections out of order",
            );
            assert.ok(text.includes("  [sandbox] B.Simon@contoso.com -> arn:aws:sts::111122223333:assumed-role/Developer/"), text);
            assert.ok(!text.includes("Identity Center sign-in"), "the dev stack has no Identity Center section");
            const failed = formatOfflinePreview({ ...preview, ok: false });
            assert.match(failed, /Offline preview FAILED: fix the mandatory policy violations and failed sign-ins above\.$/);
        });
    });

    describe("the command", () => {
        const command = ["-r", "ts-node/register/transpile-only", path.join(ROOT, "offline", "preview", "preview-command.ts")];

        it("prints the three sections as JSON for CI and exits 0 on the dev stack", async () => {
            const { stdout } = await run(process.execPath, [...command, "--stack", "dev", "--json"], {
                cwd: ROOT,
                maxBuffer: 64 * 1024 * 1024,
            });
            const preview = JSON.parse(stdout) as OfflinePreview;
            assert.deepStrictEqual(Object.keys(preview).sort(), ["ok", "plan", "policies", "signIn", "stack"]);
            assert.strictEqual(preview.ok, true);
            assert.ok(!stdout.includes("BEGIN PRIVATE KEY"), "a private key reached the output");
        });

        it("exits 1 when a policy config makes a finding mandatory, as pulumi preview --policy-pack does", async () => {
            const directory = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
            const file = path.join(directory, "policy-config.json");
            fs.writeFileSync(file, JSON.stringify({ "azuread-aws-app-conditional-access-mfa": "mandatory" }));
            try {
                await assert.rejects(
                    run(process.execPath, [...command, "--policy-pack-config", file], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }),
                    (error: any) => {
                        assert.strictEqual(error.code, 1);
                        assert.match(error.stdout, /\[mandatory\] azuread-aws-app-conditional-access-mfa/);
                        assert.match(error.stdout, /Offline preview FAILED/);
                        return true;
                    },
                );
            } finally {
                fs.rmSync(directory, { recursive: true, force: true });
            }
        });

        it("names the allowed stacks for an unknown one and exits 2", async () => {
            await assert.rejects(run(process.execPath, [...command, "--stack", "nope"], { cwd: ROOT }), (error: any) => {
                assert.strictEqual(error.code, 2);
                assert.match(error.stderr, /--stack: no Pulumi\.nope\.yaml; allowed: dev/);
                return true;
            });
        });
    });
    describe("the committed Identity Center stacks", () => {
        it("the offline preview of Pulumi.migration.yaml (both blocks) passes, signing in per account and through Identity Center, with one MFA policy for every app", async () => {
            const committed = readStackConfigFile("migration");
            const preview = await runOfflinePreview({
                stack: "migration",
                config: withCurrentDates(committed.config),
                secretKeys: committed.secretKeys,
            });
            assert.ok(preview.ok, formatOfflinePreview(preview));
            assert.deepStrictEqual(
                preview.policies.diagnostics.map((diagnostic) => diagnostic.policyName),
                [],
            );
            assert.ok(preview.signIn.succeeded > 0 && preview.signIn.failed === 0);
            assert.strictEqual(preview.identityCenter?.succeeded, 2);
            const mfa = preview.plan.shared.find((resource) => resource.type === "azuread:ConditionalAccessPolicy");
            assert.ok(mfa, "one Conditional Access policy");
        });

        it("the offline preview of Pulumi.org.yaml passes with the plan, verdicts, Identity Center sign-in and access table", async () => {
            const committed = readStackConfigFile("org");
            const preview = await runOfflinePreview({
                stack: "org",
                config: withCurrentDates(committed.config),
                secretKeys: committed.secretKeys,
            });
            assert.ok(preview.ok, formatOfflinePreview(preview));
            assert.strictEqual(preview.policies.mandatory, 0);
            assert.strictEqual(preview.identityCenter?.succeeded, 2);
            assert.ok(
                preview.plan.identityCenter &&
                    preview.plan.identityCenter.aws.some((resource) => resource.type === "aws:AccountAssignment"),
            );
            const text = formatOfflinePreview(preview);
            assert.match(
                text,
                /Identity Center access \(who gets what where\):\n\s+group\s+permission set\s+account\s+session\n\s+aws-platform-admins\s+PlatformReadOnly\s+123456789012\s+PT8H/,
            );
            assert.ok(!JSON.stringify(preview).includes("Offline-Stand-In-Secret-1!"), "the SCIM token stand-in never reaches the report");
        });
    });

    describe("before the program runs", () => {
        it("counts the keys a config will ask for, before the program runs", () => {
            assert.strictEqual(expectedSigningCertificates(benchRawConfig(3, 2)), 3);
            const rotating = {
                ...benchRawConfig(3, 2),
                "azuread-aws-sso:signingCertificate": JSON.stringify([{ name: "old" }, { name: "new" }]),
            };
            assert.strictEqual(expectedSigningCertificates(rotating), 6);
            const { ["azuread-aws-sso:signingCertificate"]: _omitted, ...defaultCertificate } = benchRawConfig(4, 1);
            assert.strictEqual(expectedSigningCertificates(defaultCertificate), 4);
            assert.strictEqual(expectedSigningCertificates({ "azuread-aws-sso:accounts": "{not json" }), 0);
        });

        it("the offline preview counts an adopted account's own certificates when it starts their keys early", () => {
            const base = {
                notificationEmails: ["identity-team@contoso.com"],
                accounts: [{ name: "sandbox", accountId: "111122223333", roles: [{ name: "Developer" }] }],
            };
            const raw = (values: Record<string, unknown>) =>
                Object.fromEntries(Object.entries(values).map(([key, value]) => [`azuread-aws-sso:${key}`, JSON.stringify(value)]));
            const accounts = [
                { ...base.accounts[0], signingCertificate: [{ name: "old" }, { name: "new" }] },
                { ...base.accounts[0], name: "other", accountId: "444455556666" },
            ];
            assert.strictEqual(expectedSigningCertificates(raw({ ...base, accounts })), 3);
        });
    });
});
