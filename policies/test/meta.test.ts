import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { jsonSchemaProblems } from "../../offline/policy-host/policy-host";
import { configValueProblems, ConfigPropertySchema, readPolicyConfig } from "../framework/policy-config";
import { packPolicies } from "../registry";
import { isResourcePolicy } from "./support/validation-args";

describe("the policy pack as a whole", () => {
    it("has unique, lower-case kebab-case policy names", () => {
        const names = packPolicies.map((policy) => policy.name);
        assert.strictEqual(new Set(names).size, names.length, `duplicates in ${names.join(", ")}`);
        for (const name of names) {
            assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/, name);
            assert.ok(name.length <= 100, name);
            assert.notStrictEqual(name, "all", '"all" is reserved by --policy-pack-config');
        }
    });

    it("is the README's policy table: every policy once, at its default level", () => {
        const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
        const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (mandatory|advisory) \|/gm)].map((match) => `${match[1]} ${match[2]}`);
        assert.deepStrictEqual(rows.sort(), packPolicies.map((policy) => `${policy.name} ${policy.enforcementLevel}`).sort());
    });

    it("prefixes each name with the area it protects", () => {
        for (const policy of packPolicies) {
            assert.match(policy.name, /^(aws|azuread|federation)-/, policy.name);
        }
    });

    for (const policy of packPolicies) {
        describe(policy.name, () => {
            it("has a description that is one sentence", () => {
                assert.match(policy.description, /^[A-Z][^\n]*[.]$/, policy.description);
                assert.ok(!/\.\s+[A-Z]/.test(policy.description.slice(0, -1)), `more than one sentence: ${policy.description}`);
                assert.ok(policy.description.length <= 200, `too long for the CLI table: ${policy.description}`);
            });

            it("has a default enforcement level, a severity and remediation steps", () => {
                assert.ok(
                    policy.enforcementLevel === "mandatory" || policy.enforcementLevel === "advisory",
                    String(policy.enforcementLevel),
                );
                assert.ok(policy.severity !== undefined, "severity");
                assert.ok((policy.remediationSteps ?? "").length >= 40, "remediationSteps must say what to change");
            });

            it("validates exactly one of a resource or a stack", () => {
                const validatesResource = isResourcePolicy(policy);
                const validatesStack = "validateStack" in policy && typeof policy.validateStack === "function";
                assert.notStrictEqual(validatesResource, validatesStack);
            });

            it("has a config schema whose every property has a default that the schema accepts", () => {
                const schema = policy.configSchema;
                assert.ok(schema !== undefined, "configSchema");
                assert.ok("excludeResources" in schema.properties, "the shared exemption list");
                assert.ok(!("enforcementLevel" in schema.properties), "enforcementLevel is reserved by the SDK");
                for (const [key, property] of Object.entries(schema.properties)) {
                    assert.ok(typeof property === "object" && property.default !== undefined, `${key} has no default`);
                    assert.ok(typeof property.description === "string" && property.description.length > 0, `${key} has no description`);
                    assert.deepStrictEqual(configValueProblems(property as ConfigPropertySchema, property.default), [], key);
                }
                // The same defaults pass the JSON-schema check the offline host (like the CLI) runs.
                const defaults = Object.fromEntries(
                    Object.entries(schema.properties).map(([key, property]) => [key, (property as { default: unknown }).default]),
                );
                assert.deepStrictEqual(jsonSchemaProblems({ type: "object", properties: schema.properties }, defaults, ""), []);
                assert.deepStrictEqual(
                    readPolicyConfig(policy.name, schema.properties as Record<string, ConfigPropertySchema>, {}),
                    defaults,
                );
            });
        });
    }
});
