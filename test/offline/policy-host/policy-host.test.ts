import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    AnalyzerInfo,
    assertCompiledEntry,
    defaultPackDir,
    durationSeconds,
    jsonSchemaProblems,
    PolicyConfigValidationError,
    PolicyHostError,
    PolicyInfo,
    reconcilePolicyPackConfig,
    withPolicyHost,
} from "../../../offline/policy-host/policy-host";

/** A policy as the host reports it, with the config schema of the pack's access-key policy. */
function policy(name: string, overrides: Partial<PolicyInfo> = {}): PolicyInfo {
    return { name, description: name, enforcementLevel: "advisory", policyType: "resource", tags: [], ...overrides };
}

const ACCESS_KEYS = policy("aws-iam-user-single-access-key", {
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maximumAccessKeys: { type: "integer", minimum: 1, maximum: 2, default: 1 },
            excludeResources: { type: "array", items: { type: "string" }, default: [] },
        },
    },
});
const MFA = policy("azuread-aws-app-conditional-access-mfa", { policyType: "stack" });

function info(initialConfig: AnalyzerInfo["initialConfig"] = {}): AnalyzerInfo {
    return { name: "azuread-aws-sso", version: "0.1.0", supportsConfig: true, policies: [ACCESS_KEYS, MFA], initialConfig };
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe("policy-host (Pulumi's policy host, driven as the CLI drives it)", function () {
    this.timeout(120_000);

    describe("reconcilePolicyPackConfig", () => {
        it("starts from each policy's level and schema defaults, then the pack's initial config, then the user's", () => {
            assert.deepStrictEqual(reconcilePolicyPackConfig(info(), {}), {
                "aws-iam-user-single-access-key": {
                    enforcementLevel: "mandatory",
                    properties: { maximumAccessKeys: 1, excludeResources: [] },
                },
                "azuread-aws-app-conditional-access-mfa": { enforcementLevel: "advisory", properties: {} },
            });
            const packSays = info({ "azuread-aws-app-conditional-access-mfa": { enforcementLevel: "mandatory" } });
            assert.strictEqual(
                reconcilePolicyPackConfig(packSays, {})["azuread-aws-app-conditional-access-mfa"].enforcementLevel,
                "mandatory",
            );
            const userSays = reconcilePolicyPackConfig(packSays, {
                "azuread-aws-app-conditional-access-mfa": "advisory",
                "aws-iam-user-single-access-key": { maximumAccessKeys: 2 },
            });
            assert.strictEqual(userSays["azuread-aws-app-conditional-access-mfa"].enforcementLevel, "advisory");
            assert.deepStrictEqual(userSays["aws-iam-user-single-access-key"], {
                enforcementLevel: "mandatory",
                properties: { maximumAccessKeys: 2, excludeResources: [] },
            });
        });

        it("applies all to every policy before a policy's own level, and ignores policies the pack does not have", () => {
            const effective = reconcilePolicyPackConfig(info(), {
                all: "disabled",
                "azuread-aws-app-conditional-access-mfa": "mandatory",
                "no-such-policy": "mandatory",
            });
            assert.strictEqual(effective["aws-iam-user-single-access-key"].enforcementLevel, "disabled");
            assert.strictEqual(effective["azuread-aws-app-conditional-access-mfa"].enforcementLevel, "mandatory");
            assert.ok(!("no-such-policy" in effective));
        });

        it("does not let one run's properties leak into a policy's schema defaults", () => {
            const first = reconcilePolicyPackConfig(info(), { "aws-iam-user-single-access-key": { excludeResources: ["ci"] } });
            (first["aws-iam-user-single-access-key"].properties.excludeResources as string[]).push("mutated");
            assert.deepStrictEqual(reconcilePolicyPackConfig(info(), {})["aws-iam-user-single-access-key"].properties.excludeResources, []);
        });

        it("refuses an unknown level and properties that break a schema, listing every problem", () => {
            assert.throws(
                () =>
                    reconcilePolicyPackConfig(info(), {
                        "azuread-aws-app-conditional-access-mfa": "sometimes" as never,
                        "aws-iam-user-single-access-key": { maximumAccessKeys: 5, enforcementLevel: "strict" as never },
                    }),
                (error: unknown) => {
                    assert.ok(error instanceof PolicyConfigValidationError);
                    assert.ok(error instanceof PolicyHostError);
                    assert.deepStrictEqual(error.problems, [
                        '"azuread-aws-app-conditional-access-mfa": "sometimes" is not a valid enforcement level',
                        '"aws-iam-user-single-access-key": "strict" is not a valid enforcement level',
                    ]);
                    return true;
                },
            );
            assert.throws(
                () => reconcilePolicyPackConfig(info(), { "aws-iam-user-single-access-key": { maximumAccessKeys: 5 } }),
                (error: unknown) =>
                    error instanceof PolicyConfigValidationError &&
                    error.problems.length === 1 &&
                    error.problems[0] === 'Policy "aws-iam-user-single-access-key": maximumAccessKeys: 5 must be at most 2',
            );
        });
    });

    describe("jsonSchemaProblems", () => {
        it("checks types, enums, bounds, lengths, patterns and items, naming where", () => {
            const schema = {
                type: "object",
                required: ["allowedStacks"],
                properties: {
                    allowedStacks: { type: "array", items: { type: "string", pattern: "^[a-z-]+$" }, minItems: 1, uniqueItems: true },
                    maximumAgeDays: { type: "integer", minimum: 1, maximum: 90 },
                    level: { enum: ["low", "high"] },
                    owner: { type: "string", minLength: 3 },
                },
                additionalProperties: false,
            };
            assert.deepStrictEqual(
                jsonSchemaProblems(schema, { allowedStacks: ["dev", "prod"], maximumAgeDays: 90, level: "low" }, ""),
                [],
            );
            assert.deepStrictEqual(
                jsonSchemaProblems(
                    schema,
                    { allowedStacks: ["dev", "dev", "Prod"], maximumAgeDays: 1.5, level: "medium", owner: "x", extra: 1 },
                    "",
                ),
                [
                    "allowedStacks: items must be unique",
                    'allowedStacks[2]: "Prod" does not match ^[a-z-]+$',
                    "maximumAgeDays: 1.5 is not of type integer",
                    'level: "medium" is not one of "low", "high"',
                    "owner: must be at least 3 characters",
                    "extra: is not allowed",
                ],
            );
            assert.deepStrictEqual(jsonSchemaProblems(schema, {}, "policy"), ["policy: allowedStacks is required"]);
            assert.deepStrictEqual(jsonSchemaProblems(schema, [], "policy"), ["policy: a list is not of type object"]);
            assert.deepStrictEqual(jsonSchemaProblems({ type: ["string", "null"] }, null, "x"), []);
        });
    });

    describe("durationSeconds", () => {
        it("reads Go durations as the engine converts custom timeouts, and refuses anything else", () => {
            assert.strictEqual(durationSeconds("1h30m"), 5400);
            assert.strictEqual(durationSeconds("5m"), 300);
            assert.strictEqual(durationSeconds("1.5s"), 1.5);
            assert.strictEqual(durationSeconds("250ms"), 0.25);
            assert.strictEqual(durationSeconds(90), 90);
            assert.strictEqual(durationSeconds(undefined), 0);
            assert.strictEqual(durationSeconds(""), 0);
            assert.throws(() => durationSeconds("5 minutes"), /"5 minutes" is not a duration such as "5m" or "1h30m"/);
            assert.throws(() => durationSeconds("1d"), PolicyHostError);
        });
    });

    describe("the pack's compiled entry", () => {
        let directory: string;
        beforeEach(() => {
            directory = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
        });
        afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));
        const manifest = (content: Record<string, unknown>) =>
            fs.writeFileSync(path.join(directory, "package.json"), JSON.stringify(content));

        it("finds the repository's pack, whose package.json names its built JavaScript", () => {
            const packDir = defaultPackDir();
            assert.ok(fs.existsSync(path.join(packDir, "PulumiPolicy.yaml")));
            assert.strictEqual(assertCompiledEntry(packDir), path.join(packDir, "bin", "index.js"));
        });

        it("refuses a manifest without a version, a TypeScript main, and a main not built yet", () => {
            manifest({ name: "p", main: "bin/index.js" });
            assert.throws(() => assertCompiledEntry(directory), /has no version; @pulumi\/policy requires one/);
            manifest({ name: "p", version: "1.0.0", main: "index.ts" });
            assert.throws(() => assertCompiledEntry(directory), /"main" must name the compiled JavaScript entry, got "index\.ts"/);
            manifest({ name: "p", version: "1.0.0", main: "bin/index.js" });
            assert.throws(() => assertCompiledEntry(directory), /does not exist; build it first/);
            fs.mkdirSync(path.join(directory, "bin"));
            fs.writeFileSync(path.join(directory, "bin", "index.js"), "");
            assert.strictEqual(assertCompiledEntry(directory), path.join(directory, "bin", "index.js"));
        });
    });

    describe("withPolicyHost", () => {
        it("serves the pack's analyzer info, and stops the pack's process even when the work fails", async () => {
            let pid: number | undefined;
            await assert.rejects(
                withPolicyHost({ project: "azuread-aws-sso", stack: "dev" }, async (host) => {
                    pid = host.pid;
                    const served = await host.getAnalyzerInfo();
                    assert.strictEqual(served.name, "azuread-aws-sso");
                    assert.ok(served.policies.some((candidate) => candidate.name === "azuread-aws-app-conditional-access-mfa"));
                    throw new Error("the preview failed half-way");
                }),
                /the preview failed half-way/,
            );
            assert.ok(pid !== undefined);
            for (let attempt = 0; attempt < 50 && isRunning(pid); attempt++) {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            assert.ok(!isRunning(pid), "the policy pack process must be gone");
        });
    });
});
