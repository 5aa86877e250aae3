import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    AnalysisResult,
    assertCompiledEntry,
    durationSeconds,
    PolicyConfigValidationError,
    PolicyDiagnostic,
    PolicyHost,
    PolicyHostError,
    secret,
    startPolicyHost,
    UNKNOWN,
} from "../../offline/policy-host/policy-host";
import { packPolicies } from "../registry";
import { ensurePackBuilt, PACK_DIR } from "./support/build-pack";
import { federationFixture, StackFixture } from "./support/federation-fixture";
import { analyzeInputs, analyzeStackInputs } from "../../offline/policy-host/analyzer-resources";
import { asFirstPreview, BREAKAGES } from "./support/scenarios";
import { TestResource } from "./support/validation-args";

/**
 * The pack run the way the Pulumi CLI runs it: Pulumi's own policy host process, driven over the
 * analyzer gRPC protocol. One host for the whole file; every test leaves its config as it found it.
 */

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

async function waitUntilStopped(pid: number): Promise<void> {
    for (let attempt = 0; attempt < 50 && isRunning(pid); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/** Everything the engine would report for a stack: Analyze on each resource, then AnalyzeStack. */
async function analyzeEverything(host: PolicyHost, resources: readonly TestResource[]): Promise<PolicyDiagnostic[]> {
    const perResource = await host.analyzeAll(analyzeInputs(resources));
    const stack = await host.analyzeStack(analyzeStackInputs(resources));
    return [...perResource.flatMap((result: AnalysisResult) => result.diagnostics), ...stack.diagnostics];
}

describe("the policy pack under Pulumi's policy host", function () {
    this.timeout(120_000);
    let host: PolicyHost;

    before(async () => {
        ensurePackBuilt();
        host = await startPolicyHost({ packDir: PACK_DIR, project: "azuread-aws-sso", stack: "dev" });
        await host.configure({});
    });

    after(async () => {
        const pid = host?.pid;
        await host?.close();
        if (pid !== undefined) {
            await waitUntilStopped(pid);
            assert.ok(!isRunning(pid), "the policy pack process must be gone after close()");
        }
    });

    afterEach(async () => {
        await host.configure({});
    });

    it("loads the compiled entry named by package.json main", () => {
        assert.strictEqual(assertCompiledEntry(PACK_DIR), path.join(PACK_DIR, "bin", "index.js"));
    });

    it("lists every policy with its level, type, remediation and config schema", async () => {
        const info = await host.getAnalyzerInfo();
        assert.strictEqual(info.name, "azuread-aws-sso");
        assert.strictEqual(info.version, JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")).version);
        assert.ok(info.supportsConfig);
        assert.deepStrictEqual(
            info.policies.map((policy) => policy.name),
            packPolicies.map((policy) => policy.name),
        );
        for (const policy of info.policies) {
            const declared = packPolicies.find((candidate) => candidate.name === policy.name);
            assert.strictEqual(policy.enforcementLevel, declared?.enforcementLevel, policy.name);
            assert.notStrictEqual(policy.policyType, "unknown", policy.name);
            assert.ok(policy.remediationSteps, policy.name);
            assert.ok(policy.configSchema?.properties.excludeResources, policy.name);
        }
    });

    it("reports no mandatory diagnostic for the dev-like stack, and nothing at all from its stack policies", async () => {
        const diagnostics = await analyzeEverything(host, federationFixture().resources);
        assert.deepStrictEqual(diagnostics, []);
    });

    it("reports a violating resource as mandatory, with the resource's URN", async () => {
        const profile = new StackFixture().add("aws:iam/userLoginProfile:UserLoginProfile", "console", { user: "AzureADRoleManager" });
        const result = await host.analyze(analyzeInputs([profile])[0]);
        assert.strictEqual(result.diagnostics.length, 1);
        const [diagnostic] = result.diagnostics;
        assert.strictEqual(diagnostic.policyName, "aws-iam-no-console-password");
        assert.strictEqual(diagnostic.policyPackName, "azuread-aws-sso");
        assert.strictEqual(diagnostic.enforcementLevel, "mandatory");
        assert.match(diagnostic.message, /console gives IAM user AzureADRoleManager a console password/);
        assert.match(diagnostic.description, /^No IAM user gets a console password/);
        assert.strictEqual(diagnostic.severity, "high");
    });

    for (const breakage of BREAKAGES) {
        it(`reports only ${breakage.policyName}, mandatory, for ${breakage.title}`, async () => {
            const resources = federationFixture().resources;
            breakage.apply(resources);
            const diagnostics = await analyzeEverything(host, resources);
            assert.ok(diagnostics.length > 0);
            assert.deepStrictEqual(
                [...new Set(diagnostics.map((diagnostic) => `${diagnostic.policyName}:${diagnostic.enforcementLevel}`))],
                [`${breakage.policyName}:mandatory`],
            );
        });
    }

    it("turns an unknown value into Pulumi's advisory can't-run-during-preview note", async () => {
        const role = new StackFixture().add("aws:iam/role:Role", "role", { name: "ReadOnly", assumeRolePolicy: "x" });
        const result = await host.analyze({ ...analyzeInputs([role])[0], properties: { name: "ReadOnly", assumeRolePolicy: UNKNOWN } });
        assert.strictEqual(result.diagnostics.length, 1);
        const [note] = result.diagnostics;
        assert.strictEqual(note.policyName, "aws-saml-role-trust");
        assert.strictEqual(note.enforcementLevel, "advisory");
        assert.match(
            note.message,
            /can't run policy 'aws-saml-role-trust' from policy pack 'azuread-aws-sso@v0\.1\.0' during preview: string value at \.assumeRolePolicy can't be known during preview/,
        );
    });

    it("gives only advisory notes for a first preview, where computed values are unknown", async () => {
        const diagnostics = await analyzeEverything(host, asFirstPreview(federationFixture().resources));
        assert.ok(diagnostics.length > 0);
        for (const diagnostic of diagnostics) {
            assert.strictEqual(diagnostic.enforcementLevel, "advisory", diagnostic.message);
            assert.match(diagnostic.message, /during preview/);
        }
    });

    it("applies --policy-pack-config: a policy's level, every level, and properties", async () => {
        const profile = analyzeInputs([new StackFixture().add("aws:iam/userLoginProfile:UserLoginProfile", "console", { user: "x" })])[0];
        const sent = await host.configure({ "aws-iam-no-console-password": "advisory" });
        assert.strictEqual(sent["aws-iam-no-console-password"].enforcementLevel, "advisory");
        assert.deepStrictEqual(sent["aws-iam-no-console-password"].properties, { excludeResources: [] });
        assert.strictEqual((await host.analyze(profile)).diagnostics[0].enforcementLevel, "advisory");

        await host.configure({ all: "disabled" });
        assert.deepStrictEqual((await host.analyze(profile)).diagnostics, []);

        await host.configure({ all: "advisory", "aws-iam-no-console-password": { enforcementLevel: "mandatory" } });
        assert.strictEqual((await host.analyze(profile)).diagnostics[0].enforcementLevel, "mandatory");

        const prodUser = analyzeInputs([
            new StackFixture("prod").add("azuread:index/user:User", "u", { userPrincipalName: "u@example.com", displayName: "u" }),
        ])[0];
        assert.strictEqual((await host.analyze(prodUser)).diagnostics.length, 1);
        await host.configure({ "azuread-test-user-stack-allow-list": { allowedStacks: ["dev", "prod"] } });
        assert.deepStrictEqual((await host.analyze(prodUser)).diagnostics, []);
    });

    it("refuses config that does not match a policy's schema, as the CLI does", async () => {
        await assert.rejects(
            host.configure({ "aws-iam-user-single-access-key": { maximumAccessKeys: 5 }, "aws-saml-role-trust": "sometimes" as never }),
            (error: unknown) =>
                error instanceof PolicyConfigValidationError &&
                error.problems.some((problem) =>
                    /"aws-iam-user-single-access-key": maximumAccessKeys: 5 must be at most 2/.test(problem),
                ) &&
                error.problems.some((problem) => /"aws-saml-role-trust": "sometimes" is not a valid enforcement level/.test(problem)),
        );
    });

    it("sends secrets with the engine's signature and the pack reads their values", async () => {
        const resources = federationFixture().resources;
        const secretResource = resources.find((resource) => resource.type === "azuread:index/synchronizationSecret:SynchronizationSecret");
        assert.ok(secretResource);
        const inputs = analyzeStackInputs(resources).map((resource) =>
            resource.urn === secretResource.urn
                ? { ...resource, properties: { ...resource.properties, credentials: secret(resource.properties.credentials) } }
                : resource,
        );
        assert.deepStrictEqual((await host.analyzeStack(inputs)).diagnostics, []);
    });

    it("passes resource options, providers and stack tags through", async () => {
        await host.configureStack({ stack: "dev", project: "azuread-aws-sso", tags: { team: "identity" } });
        const role = analyzeInputs(federationFixture().resources.filter((resource) => resource.type === "aws:iam/role:Role"))[0];
        const result = await host.analyze({
            ...role,
            options: {
                ...role.options,
                protect: true,
                aliases: ["urn:pulumi:dev::azuread-aws-sso::aws:iam/role:Role::old"],
                customTimeouts: { create: "5m", delete: "1h30m" },
                deleteBeforeReplace: true,
            },
            provider: {
                urn: "urn:pulumi:dev::azuread-aws-sso::pulumi:providers:aws::sandbox",
                type: "pulumi:providers:aws",
                name: "sandbox",
                properties: { allowedAccountIds: ["111122223333"] },
            },
        });
        assert.deepStrictEqual(result.diagnostics, []);
        assert.strictEqual(durationSeconds("1h30m"), 5400);
        assert.strictEqual(durationSeconds("250ms"), 0.25);
    });

    it("receives the pack's log calls through the stand-in engine", () => {
        assert.ok(
            host.logs.some((entry) => entry.source === "engine" && /Running program/.test(entry.message)),
            JSON.stringify(host.logs),
        );
    });
});

describe("starting the policy host", function () {
    this.timeout(60_000);

    it("refuses a pack whose main is not compiled JavaScript", async () => {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
        try {
            fs.writeFileSync(path.join(directory, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", main: "index.ts" }));
            await assert.rejects(
                startPolicyHost({ packDir: directory }),
                (error: unknown) => error instanceof PolicyHostError && /compiled JavaScript entry/.test(error.message),
            );
            fs.writeFileSync(path.join(directory, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", main: "bin/index.js" }));
            await assert.rejects(startPolicyHost({ packDir: directory }), /does not exist; build it first/);
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    });

    it("reports a pack that dies before serving, with its stderr", async () => {
        const directory = fs.mkdtempSync(path.join(PACK_DIR, "bin", "broken-pack-"));
        try {
            fs.writeFileSync(path.join(directory, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", main: "index.js" }));
            fs.writeFileSync(path.join(directory, "index.js"), 'throw new Error("pack exploded");');
            await assert.rejects(
                startPolicyHost({ packDir: directory }),
                (error: unknown) =>
                    error instanceof PolicyHostError && /exited before serving/.test(error.message) && /pack exploded/.test(error.message),
            );
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    });
});
