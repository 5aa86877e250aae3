import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { AWS_SIGN_IN_MESSAGE } from "../../../offline/sign-in";
import { OfflinePreview, runOfflinePreview } from "../../../offline/preview/preview-command";
import { ProgramRun, RegisteredResource, runProgramUnderMocks } from "../../../offline/program/program-run";
import { simulateStackSignIns } from "../../../offline/sign-in/stack-sign-in";
import { generateSigningCertificate } from "../../../offline/program/certificates";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { baseStackConfig, rawConfig, TENANT_ID, TYPES } from "../../support/stack-fixtures";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..", "..", "..");

/** A copy of the run with one resource's inputs changed, as if the program had built it that way. */
function breakResource(
    program: ProgramRun,
    predicate: (resource: RegisteredResource) => boolean,
    change: (inputs: Record<string, any>) => void,
): ProgramRun {
    let changed = 0;
    const resources = program.resources.map((resource) => {
        if (!predicate(resource)) {
            return resource;
        }
        changed++;
        const inputs = JSON.parse(JSON.stringify(resource.inputs));
        change(inputs);
        return { ...resource, inputs, outputs: { ...resource.outputs, ...inputs } };
    });
    assert.ok(changed > 0, "the break touched nothing");
    return { ...program, resources };
}

const isRole = (name: string) => (resource: RegisteredResource) => resource.type === TYPES.role && resource.inputs.name === name;

/** The failures of a run's sign-ins, as `check: message` per principal. */
function failures(program: ProgramRun): string[] {
    return simulateStackSignIns(program)
        .signIns.flatMap((signIn) => signIn.results)
        .filter((result) => !result.ok)
        .map((result) => (result.ok ? "" : `${result.userPrincipalName} ${result.roleArn ?? ""}: ${result.check}: ${result.message}`));
}

describe("offline preview", function () {
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
    });

    describe("one break at a time fails sign-in as AWS would", () => {
        let dev: ProgramRun;
        before(async () => {
            dev = await runProgramUnderMocks({ stack: "dev" });
            assert.deepStrictEqual(failures(dev), []);
        });

        it("metadata carrying a different certificate: the signature fails", () => {
            const stranger = generateSigningCertificate({ commonName: "stranger", notAfter: new Date(Date.now() + 86400e3 * 365) });
            const broken = breakResource(
                dev,
                (resource) => resource.type === TYPES.samlProvider,
                (inputs) => {
                    inputs.samlMetadataDocument = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [stranger.base64Der] });
                },
            );
            const found = failures(broken);
            assert.strictEqual(found.length, 3);
            assert.ok(
                found.every((failure) => failure.endsWith(`signature: ${AWS_SIGN_IN_MESSAGE.signatureInvalid}`)),
                found.join("\n"),
            );
        });

        it("an aud condition for a regional endpoint while the reply URL is global: not authorized", () => {
            const broken = breakResource(dev, isRole("ReadOnly"), (inputs) => {
                inputs.assumeRolePolicy = inputs.assumeRolePolicy.replace(
                    "https://signin.aws.amazon.com/saml",
                    "https://eu-central-1.signin.aws.amazon.com/saml",
                );
            });
            assert.deepStrictEqual(failures(broken), [
                `alex.wilber@contoso.com arn:aws:iam::111122223333:role/ReadOnly: trust-policy: ${AWS_SIGN_IN_MESSAGE.notAuthorized}`,
            ]);
        });

        it("a role value pointing at another account's provider: the provider does not exist", () => {
            const broken = breakResource(
                dev,
                (resource) => resource.type === TYPES.appRole && resource.inputs.displayName === "ReadOnly",
                (inputs) => {
                    inputs.value = "arn:aws:iam::111122223333:role/ReadOnly,arn:aws:iam::444455556666:saml-provider/AzureAD";
                },
            );
            assert.deepStrictEqual(failures(broken), [
                `alex.wilber@contoso.com arn:aws:iam::111122223333:role/ReadOnly: saml-provider: ${AWS_SIGN_IN_MESSAGE.providerDoesNotExist}`,
            ]);
        });

        it("a SessionDuration above the role's maximum: DurationSeconds exceeds MaxSessionDuration", () => {
            const broken = breakResource(
                dev,
                (resource) => resource.type === TYPES.claimsMappingPolicy,
                (inputs) => {
                    inputs.definitions = [inputs.definitions[0].replace('"Value":"3600"', '"Value":"7200"')];
                },
            );
            // Developer allows 14400 s, ReadOnly 3600 s.
            assert.deepStrictEqual(failures(broken), [
                `alex.wilber@contoso.com arn:aws:iam::111122223333:role/ReadOnly: max-session-duration: ${AWS_SIGN_IN_MESSAGE.durationExceedsMax}`,
            ]);
        });

        it("a RoleSessionName source producing a guest's #EXT# UPN: RoleSessionName is invalid", async () => {
            const config = baseStackConfig();
            config.accounts[0].roles[1].assign = { users: ["b.simon_fabrikam.com#EXT#@contoso.onmicrosoft.com"] };
            const guest = await runProgramUnderMocks({ stack: "dev", config: rawConfig(config) });
            assert.deepStrictEqual(failures(guest), [
                `b.simon_fabrikam.com#EXT#@contoso.onmicrosoft.com arn:aws:iam::111122223333:role/ReadOnly: role-session-name: ${AWS_SIGN_IN_MESSAGE.roleSessionNameInvalid}`,
            ]);
        });

        it("a role removed from the trust: not authorized", () => {
            const broken = breakResource(dev, isRole("Developer"), (inputs) => {
                inputs.assumeRolePolicy = inputs.assumeRolePolicy.replace("saml-provider/AzureAD", "saml-provider/Okta");
            });
            const found = failures(broken);
            assert.strictEqual(found.length, 2);
            assert.ok(
                found.every((failure) => failure.includes(`role/Developer: trust-policy: ${AWS_SIGN_IN_MESSAGE.notAuthorized}`)),
                found.join("\n"),
            );
        });

        it("no preferred signing key: Azure refuses with AADSTS50146 before AWS sees anything", () => {
            const broken = { ...dev, resources: dev.resources.filter((resource) => !resource.type.includes("PreferredTokenSigningKey")) };
            const found = failures(broken);
            assert.strictEqual(found.length, 3);
            assert.ok(
                found.every((failure) => failure.includes("azure-ad-response: AADSTS50146")),
                found.join("\n"),
            );
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
});
