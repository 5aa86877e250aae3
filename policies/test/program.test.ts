import * as assert from "assert";
import { PolicyDiagnostic, PolicyHost, startPolicyHost } from "../../offline/policy-host/policy-host";
import { ProgramRun, readStackConfigFile, RegisteredResource, runProgramUnderMocks } from "../../offline/program/program-run";
import { packPolicies } from "../registry";
import { ensurePackBuilt, PACK_DIR } from "./support/build-pack";
import { analyzeInputs, analyzeStackInputs, EngineResource } from "../../offline/policy-host/analyzer-resources";
import { BREAKAGES } from "./support/scenarios";
import { runPack, TestResource } from "./support/validation-args";

/**
 * The program itself, run under the cloud stand-ins with Pulumi.dev.yaml, handed to the pack as the
 * engine would: Analyze on every custom resource's inputs, AnalyzeStack on all outputs with parents
 * and dependencies. Then one thing at a time is broken, and exactly the matching policy must fire.
 */

/** The only finding the dev stack is expected to have: it opts out of Conditional Access (no Entra ID P1). */
const DEV_OPT_OUT = "azuread-aws-app-conditional-access-mfa";

async function analyzeEverything(host: PolicyHost, resources: readonly EngineResource[]): Promise<PolicyDiagnostic[]> {
    const perResource = await host.analyzeAll(analyzeInputs(resources));
    const stack = await host.analyzeStack(analyzeStackInputs(resources));
    return [...perResource.flatMap((result) => result.diagnostics), ...stack.diagnostics];
}

function mutableCopy(resources: readonly RegisteredResource[]): TestResource[] {
    return structuredClone(resources) as unknown as TestResource[];
}

function summary(diagnostics: readonly PolicyDiagnostic[]): string[] {
    return [...new Set(diagnostics.map((diagnostic) => `${diagnostic.policyName}:${diagnostic.enforcementLevel}`))].sort();
}

function devConfigWith(changes: Record<string, unknown>): Record<string, string> {
    const { config } = readStackConfigFile("dev");
    const changed = { ...config };
    for (const [key, value] of Object.entries(changes)) {
        changed[`azuread-aws-sso:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return changed;
}

describe("the pack against the program (Pulumi.dev.yaml)", function () {
    this.timeout(180_000);
    let host: PolicyHost;
    let dev: ProgramRun;

    before(async () => {
        ensurePackBuilt();
        [host, dev] = await Promise.all([
            startPolicyHost({ packDir: PACK_DIR, project: "azuread-aws-sso", stack: "dev" }),
            runProgramUnderMocks({ stack: "dev" }),
        ]);
        await host.configure({});
    });

    after(async () => {
        await host?.close();
    });

    it("finds no mandatory violation; the one advisory is the dev stack's Conditional Access opt-out", async () => {
        const diagnostics = await analyzeEverything(host, dev.resources);
        assert.deepStrictEqual(summary(diagnostics), [`${DEV_OPT_OUT}:advisory`], JSON.stringify(diagnostics, null, 2));
        assert.strictEqual(JSON.parse(readStackConfigFile("dev").config["azuread-aws-sso:requireMfa"]), false);
    });

    it("finds nothing at all once the stack requires MFA", async () => {
        const program = await runProgramUnderMocks({ stack: "dev", config: devConfigWith({ requireMfa: true }) });
        assert.deepStrictEqual(await analyzeEverything(host, program.resources), []);
    });

    it("finds nothing at all with several accounts, whose readers and providers share their names", async () => {
        const { config } = readStackConfigFile("dev");
        const accounts = JSON.parse(config["azuread-aws-sso:accounts"]) as Record<string, unknown>[];
        accounts.push({ ...accounts[0], name: "production", accountId: "444455556666", signInRegion: "eu-central-1" });
        const program = await runProgramUnderMocks({ stack: "dev", config: devConfigWith({ accounts, requireMfa: true }) });
        assert.deepStrictEqual(summary(await analyzeEverything(host, program.resources)), []);
    });

    it("finds nothing mandatory in a preview run", async () => {
        const preview = await runProgramUnderMocks({ stack: "dev", preview: true });
        const diagnostics = await analyzeEverything(host, preview.resources);
        assert.deepStrictEqual(
            diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory"),
            [],
        );
    });

    it("agrees with the in-process evaluation of the same registrations", async () => {
        const { findings } = await runPack(packPolicies, mutableCopy(dev.resources));
        assert.deepStrictEqual([...new Set(findings.map((finding) => finding.policyName))], [DEV_OPT_OUT]);
    });

    describe("breaking one thing at a time", () => {
        for (const breakage of BREAKAGES) {
            it(`${breakage.title}: only ${breakage.policyName} fires, mandatory`, async () => {
                const resources = mutableCopy(dev.resources);
                breakage.apply(resources);
                const diagnostics = (await analyzeEverything(host, resources)).filter(
                    (diagnostic) => diagnostic.policyName !== DEV_OPT_OUT,
                );
                assert.deepStrictEqual(summary(diagnostics), [`${breakage.policyName}:mandatory`], JSON.stringify(diagnostics, null, 2));
            });
        }

        it("AdministratorAccess configured for a role: only aws-sso-role-no-privileged-managed-policies fires", async () => {
            const { config } = readStackConfigFile("dev");
            const accounts = JSON.parse(config["azuread-aws-sso:accounts"]) as { roles: { managedPolicyArns?: string[] }[] }[];
            accounts[0].roles[0].managedPolicyArns = ["arn:aws:iam::aws:policy/AdministratorAccess"];
            const program = await runProgramUnderMocks({ stack: "dev", config: devConfigWith({ accounts, requireMfa: true }) });
            assert.deepStrictEqual(summary(await analyzeEverything(host, program.resources)), [
                "aws-sso-role-no-privileged-managed-policies:mandatory",
            ]);
        });

        it("the dev config deployed as a prod stack: only azuread-test-user-stack-allow-list fires (the test user)", async () => {
            const program = await runProgramUnderMocks({ stack: "prod", config: devConfigWith({ requireMfa: true }) });
            assert.deepStrictEqual(summary(await analyzeEverything(host, program.resources)), [
                "azuread-test-user-stack-allow-list:mandatory",
            ]);
        });
    });

    describe("role-import key generations", () => {
        const ACCESS_KEY = "aws:iam/accessKey:AccessKey";
        const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
        let rotating: ProgramRun;

        before(async () => {
            rotating = await runProgramUnderMocks({
                stack: "dev",
                config: devConfigWith({ requireMfa: true, roleImportKeys: [{ name: "primary" }, { name: "2027-03" }] }),
            });
        });

        it("two configured generations, two keys: nothing fires", async () => {
            assert.strictEqual(rotating.resources.filter((resource) => resource.type === ACCESS_KEY).length, 2);
            assert.deepStrictEqual(await analyzeEverything(host, rotating.resources), []);
        });

        it("a stray third key beside them: only aws-iam-user-single-access-key fires, at that key", async () => {
            const resources = mutableCopy(rotating.resources);
            const key = resources.find((resource) => resource.type === ACCESS_KEY && resource.name.endsWith("-access-key-2027-03"))!;
            resources.push({
                ...structuredClone(key),
                urn: key.urn.replace(/-2027-03$/, "-manual"),
                name: key.name.replace(/-2027-03$/, "-manual"),
            });
            const diagnostics = await analyzeEverything(host, resources);
            assert.deepStrictEqual(summary(diagnostics), ["aws-iam-user-single-access-key:mandatory"]);
            assert.deepStrictEqual(
                diagnostics.map((diagnostic) => diagnostic.urn),
                [key.urn.replace(/-2027-03$/, "-manual")],
            );
        });

        it("a key left after its generation is removed: only aws-iam-user-single-access-key fires", async () => {
            const removed = await runProgramUnderMocks({
                stack: "dev",
                config: devConfigWith({ requireMfa: true, roleImportKeys: [{ name: "2027-03" }] }),
            });
            const resources = mutableCopy(removed.resources);
            const old = mutableCopy(rotating.resources).find(
                (resource) => resource.type === ACCESS_KEY && resource.name.endsWith("-access-key"),
            )!;
            resources.push(old);
            assert.deepStrictEqual(summary(await analyzeEverything(host, resources)), ["aws-iam-user-single-access-key:mandatory"]);
        });

        it("a generation recorded older than 90 days: only the advisory aws-iam-access-key-age fires, naming it", async () => {
            const dated = Date.now();
            const created = daysAgo(120);
            const program = await runProgramUnderMocks({
                stack: "dev",
                config: devConfigWith({ requireMfa: true, roleImportKeys: [{ name: "primary", createdAt: created }] }),
            });
            const resources = mutableCopy(program.resources);
            // The key as a preview sees it before it exists: no createDate yet, so the recorded date counts.
            resources.filter((resource) => resource.type === ACCESS_KEY).forEach((key) => delete key.outputs.createDate);
            const diagnostics = await analyzeEverything(host, resources);
            // The host reads the clock later than the date was made: a run across midnight UTC sees one day more.
            const ages = new Set([dated, Date.now()].map((time) => Math.floor((time - Date.parse(`${created}T00:00:00Z`)) / 86_400_000)));
            assert.deepStrictEqual(summary(diagnostics), ["aws-iam-access-key-age:advisory"]);
            assert.match(
                diagnostics[0].message,
                new RegExp(`generation "primary" .* was created on ${created}, (${[...ages].join("|")}) days ago, more than 90`),
            );
        });
    });
});
