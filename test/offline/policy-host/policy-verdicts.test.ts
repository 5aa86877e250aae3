import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startPolicyHost, PolicyHost } from "../../../offline/policy-host/policy-host";
import {
    analyzeWithPolicyHost,
    formatPolicyVerdicts,
    PolicyVerdicts,
    readPolicyPackConfig,
    runPolicyPack,
} from "../../../offline/policy-host/policy-verdicts";
import { ProgramRun, runProgramUnderMocks } from "../../../offline/program/program-run";

const MFA_POLICY = "azuread-aws-app-conditional-access-mfa";

describe("policy-verdicts (the pack's findings on a program run, as pulumi preview --policy-pack reports them)", function () {
    this.timeout(180_000);
    let dev: ProgramRun;

    before(async () => {
        dev = await runProgramUnderMocks({ stack: "dev" });
    });

    it("runs the pack on every resource and the stack, with no mandatory finding for the dev stack", async () => {
        const verdicts = await runPolicyPack(dev);
        assert.strictEqual(verdicts.packName, "azuread-aws-sso");
        assert.ok(verdicts.policyCount >= 20);
        assert.strictEqual(verdicts.mandatory, 0, formatPolicyVerdicts(verdicts));
        assert.strictEqual(
            verdicts.advisory,
            verdicts.diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "advisory").length,
        );
    });

    describe("on a host already started", () => {
        let host: PolicyHost;
        before(async () => {
            host = await startPolicyHost({ project: dev.project, stack: dev.stack, dryRun: true });
        });
        after(async () => host?.close());

        it("applies the policy config, counts a mandatory finding and names the resource it is about", async () => {
            const verdicts = await analyzeWithPolicyHost(host, dev, { [MFA_POLICY]: "mandatory" });
            const mfa = verdicts.diagnostics.filter((diagnostic) => diagnostic.policyName === MFA_POLICY);
            assert.ok(mfa.length > 0, formatPolicyVerdicts(verdicts));
            assert.ok(mfa.every((diagnostic) => diagnostic.enforcementLevel === "mandatory"));
            assert.strictEqual(
                verdicts.mandatory,
                verdicts.diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory").length,
            );
            for (const diagnostic of mfa) {
                assert.strictEqual(diagnostic.resource, diagnostic.urn ? diagnostic.urn.split("::").pop() : "stack");
            }
            const again = await analyzeWithPolicyHost(host, dev, {});
            assert.strictEqual(again.mandatory, 0, "the next run's config replaces the last one's");
        });
    });

    it("prints a summary line, then each finding's level, policy and resource with its message indented", () => {
        const verdicts: PolicyVerdicts = {
            packName: "azuread-aws-sso",
            policyCount: 24,
            mandatory: 1,
            advisory: 1,
            diagnostics: [
                {
                    policyName: "aws-saml-role-trust",
                    policyPackName: "azuread-aws-sso",
                    policyPackVersion: "0.1.0",
                    description: "SAML role trust",
                    message: "Trust statement 1 has no SAML:aud condition.\nAdd one for https://signin.aws.amazon.com/saml.",
                    enforcementLevel: "mandatory",
                    urn: "urn:pulumi:dev::azuread-aws-sso::azuread-aws-sso:wiring:AccountFederation$aws:iam/role:Role::sandbox-aws-role-Developer",
                    resource: "sandbox-aws-role-Developer",
                },
                {
                    policyName: MFA_POLICY,
                    policyPackName: "azuread-aws-sso",
                    policyPackVersion: "0.1.0",
                    description: "MFA",
                    message: "No Conditional Access policy requires MFA.",
                    enforcementLevel: "advisory",
                    resource: "stack",
                },
            ],
        };
        assert.strictEqual(
            formatPolicyVerdicts(verdicts),
            [
                "Policies: azuread-aws-sso, 24 policies: 1 mandatory, 1 advisory",
                "  [mandatory] aws-saml-role-trust  (sandbox-aws-role-Developer)",
                "      Trust statement 1 has no SAML:aud condition.",
                "      Add one for https://signin.aws.amazon.com/saml.",
                `  [advisory] ${MFA_POLICY}  (stack)`,
                "      No Conditional Access policy requires MFA.",
            ].join("\n"),
        );
    });

    describe("readPolicyPackConfig", () => {
        let directory: string;
        before(() => {
            directory = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        });
        after(() => fs.rmSync(directory, { recursive: true, force: true }));

        it("reads the CLI's JSON config file, and names the file when it is not JSON", () => {
            const good = path.join(directory, "policy-config.json");
            fs.writeFileSync(good, JSON.stringify({ all: "advisory", "aws-iam-user-single-access-key": { maximumAccessKeys: 2 } }));
            assert.deepStrictEqual(readPolicyPackConfig(good), {
                all: "advisory",
                "aws-iam-user-single-access-key": { maximumAccessKeys: 2 },
            });
            const bad = path.join(directory, "broken.json");
            fs.writeFileSync(bad, "all: advisory\n");
            assert.throws(
                () => readPolicyPackConfig(bad),
                new RegExp(`^Error: --policy-pack-config ${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: not valid JSON`),
            );
        });
    });
});
