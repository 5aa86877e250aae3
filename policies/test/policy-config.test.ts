import * as assert from "assert";
import { configDefaults, PolicyConfigError, readPolicyConfig } from "../framework/policy-config";
import { EXCLUDE_RESOURCES, isExcluded } from "../framework/policy-definition";

const properties = {
    limit: { type: "integer", description: "A limit.", default: 3, minimum: 1, maximum: 10 },
    names: { type: "array", description: "Names.", default: ["a"], items: { type: "string", pattern: "^[a-z]+$" }, uniqueItems: true },
    enabled: { type: "boolean", description: "A switch.", default: true },
    mode: { type: "string", description: "A mode.", default: "strict", enum: ["strict", "lenient"] },
    ...EXCLUDE_RESOURCES,
} as const;

describe("policy config", () => {
    it("falls back to the defaults when the engine sends nothing", () => {
        assert.deepStrictEqual(readPolicyConfig("p", properties, {}), configDefaults(properties));
    });

    it("takes configured values and ignores keys the policy does not declare", () => {
        const config = readPolicyConfig("p", properties, { limit: 5, names: ["b", "c"], enabled: false, mode: "lenient", other: 1 });
        assert.deepStrictEqual(config, { limit: 5, names: ["b", "c"], enabled: false, mode: "lenient", excludeResources: [] });
    });

    it("returns copies, so a rule cannot change the defaults", () => {
        const config = readPolicyConfig("p", properties, {});
        (config.names as string[]).push("x");
        assert.deepStrictEqual(readPolicyConfig("p", properties, {}).names, ["a"]);
    });

    for (const [given, expected] of [
        [{ limit: 0 }, /limit must be at least 1/],
        [{ limit: 2.5 }, /limit must be a whole number/],
        [{ limit: "3" }, /limit must be a number/],
        [{ names: "a" }, /names must be a list of strings/],
        [{ names: ["A"] }, /names item 0 "A" does not match/],
        [{ names: ["a", "a"] }, /names must not repeat items/],
        [{ enabled: "yes" }, /enabled must be true or false/],
        [{ mode: "loose" }, /mode "loose" is not one of strict, lenient/],
        [{ excludeResources: [""] }, /excludeResources item 0 must be at least 1 character/],
    ] as const) {
        it(`rejects ${JSON.stringify(given)} with a message naming the policy`, () => {
            assert.throws(
                () => readPolicyConfig("my-policy", properties, given),
                (error: unknown) => error instanceof PolicyConfigError && /my-policy/.test(error.message) && expected.test(error.message),
            );
        });
    }

    describe("excludeResources", () => {
        const urn = "urn:pulumi:dev::proj::azuread-aws-sso:wiring:AccountFederation$aws:iam/role:Role::prod-role-Admin";
        it("matches resource names and URNs with the * wildcard", () => {
            assert.ok(isExcluded(["prod-role-Admin"], urn));
            assert.ok(isExcluded(["*-Admin"], urn));
            assert.ok(isExcluded(["urn:pulumi:dev::*::prod-role-*"], urn));
            assert.ok(!isExcluded(["prod-role-Other"], urn));
            assert.ok(!isExcluded([], urn));
            assert.ok(!isExcluded(["*"], undefined), "stack-wide findings have no URN to exempt");
        });
    });
});
