import * as assert from "assert";
import {
    accessKeyResourceName,
    dateImpliedByName,
    ROLE_IMPORT_KEYS_TAG,
    roleImportKeysTagValue,
} from "../components/documents/role-import-keys";
import { parseStackConfig, StackConfigError } from "../components/stack-config";
import { runProgramUnderMocks } from "../offline/program/program-run";
import { ROLE_IMPORT_KEYS_TAG as PACK_ROLE_IMPORT_KEYS_TAG } from "../policies/readers/role-import-key-generations";
import { baseStackConfig, rawConfig } from "./support/stack-fixtures";

function parse(values: Record<string, unknown>) {
    return parseStackConfig(rawConfig({ ...baseStackConfig(), ...values }), { stack: "dev" });
}

/** The problems parseStackConfig reports, as `path: message` lines. */
function problemsOf(values: Record<string, unknown>): string[] {
    try {
        parse(values);
    } catch (error) {
        assert.ok(error instanceof StackConfigError, `expected StackConfigError, got ${error}`);
        return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    }
    assert.fail("config was accepted");
}

describe("role-import key generations", () => {
    describe("documents", () => {
        it("keeps today's key resource name for the default generation and suffixes every other", () => {
            assert.strictEqual(accessKeyResourceName("sandbox-role-reader", "primary"), "sandbox-role-reader-access-key");
            assert.strictEqual(accessKeyResourceName("sandbox-role-reader", "2027-03"), "sandbox-role-reader-access-key-2027-03");
        });

        it("reads the date a generation name implies, and refuses names that look like a date but are none", () => {
            assert.deepStrictEqual(dateImpliedByName("2026-12"), { date: "2026-12-01" });
            assert.deepStrictEqual(dateImpliedByName("2026-12-15"), { date: "2026-12-15" });
            assert.deepStrictEqual(dateImpliedByName("2026-12-b"), { date: "2026-12-01" });
            assert.deepStrictEqual(dateImpliedByName("2026-12-15-second"), { date: "2026-12-15" });
            assert.deepStrictEqual(dateImpliedByName("primary"), {});
            assert.deepStrictEqual(dateImpliedByName("key-2026-12"), {});
            assert.deepStrictEqual(dateImpliedByName("20261201"), {});
            assert.match(dateImpliedByName("2026-13").problem ?? "", /13 is not a month/);
            assert.match(dateImpliedByName("2026-02-30").problem ?? "", /2026-02-30 is not a calendar day/);
        });

        it("writes the tag the policy pack reads (the pack is its own package and keeps its own copy of the name)", () => {
            assert.strictEqual(PACK_ROLE_IMPORT_KEYS_TAG, ROLE_IMPORT_KEYS_TAG);
        });

        it("tags nothing for the undated default generation, and lists every other set oldest first", () => {
            assert.strictEqual(roleImportKeysTagValue([{ name: "primary" }]), undefined);
            assert.strictEqual(roleImportKeysTagValue([{ name: "primary", createdAt: "2025-06-01" }]), "primary=2025-06-01");
            assert.strictEqual(
                roleImportKeysTagValue([{ name: "primary" }, { name: "2027-03", createdAt: "2027-03-01" }]),
                "primary 2027-03=2027-03-01",
            );
            // Within IAM's tag value rules: 256 characters of letters, digits, spaces and _.:/=+-@.
            const longest = roleImportKeysTagValue([
                { name: "a".repeat(40), createdAt: "2026-12-01" },
                { name: "b".repeat(40), createdAt: "2026-12-01" },
            ])!;
            assert.ok(longest.length <= 256 && /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(longest), longest);
        });
    });

    describe("config", () => {
        it("defaults to one undated primary generation, and to none without provisioning", () => {
            assert.deepStrictEqual(parse({}).roleImportKeys, [{ name: "primary" }]);
            assert.deepStrictEqual(parse({ provisioning: false }).roleImportKeys, []);
        });

        it("resolves each generation's date from createdAt, else from its name", () => {
            const config = parse({
                roleImportKeys: [
                    { name: "primary", createdAt: "2025-06-01" },
                    { name: "2026-12", createdAt: "2026-12-03T09:30:00+02:00" },
                ],
            });
            assert.deepStrictEqual(config.roleImportKeys, [
                { name: "primary", createdAt: "2025-06-01" },
                { name: "2026-12", createdAt: "2026-12-03" },
            ]);
            assert.deepStrictEqual(parse({ roleImportKeys: [{ name: "2027-03" }] }).roleImportKeys, [
                { name: "2027-03", createdAt: "2027-03-01" },
            ]);
        });

        describe("rejects bad generations with the key path and the allowed values", () => {
            it("duplicate and empty names", () => {
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "2026-12" }, { name: "2026-12" }] }), [
                    'roleImportKeys[1].name: duplicate key generation name "2026-12" (also at roleImportKeys[0])',
                ]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "" }] }), [
                    "roleImportKeys[0].name: is empty: a key generation needs a name such as 2026-12",
                ]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{}] }), ["roleImportKeys[0].name: is required"]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [] }), [
                    "roleImportKeys: needs at least one key generation; to run without an access key, set provisioning: false instead",
                ]);
            });

            it("names that are no resource name, or dates that are no date", () => {
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "Key 2026" }] }), [
                    'roleImportKeys[0].name: "Key 2026" is not allowed: lower-case letters, digits and hyphens, 1-40 characters, such as 2026-12 (it is part of the key\'s resource name)',
                ]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "2026-13" }] }), [
                    'roleImportKeys[0].name: "2026-13" starts like a date (YYYY-MM) but 13 is not a month; allowed: a name such as 2026-12 or 2026-12-01, or one that does not start with a date',
                ]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "primary", createdAt: "last week" }] }), [
                    'roleImportKeys[0].createdAt: "last week" is not allowed: a date such as 2026-12-01, or an RFC 3339 date-time',
                ]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "primary" }, { name: "b", createdAt: "2026-02-30" }] }), [
                    'roleImportKeys[1].createdAt: "2026-02-30" is not a calendar date; allowed: a date such as 2026-12-01, or an RFC 3339 date-time',
                ]);
            });

            it("more than two generations, naming the oldest to remove", () => {
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "primary" }, { name: "2027-03" }, { name: "2027-06" }] }), [
                    'roleImportKeys: 3 key generations (primary, 2027-03, 2027-06); IAM allows at most 2 access keys per user: remove the oldest, "primary", before adding another',
                ]);
            });

            it("generations without provisioning, and unknown keys", () => {
                assert.deepStrictEqual(problemsOf({ provisioning: false, roleImportKeys: [{ name: "primary" }] }), [
                    "roleImportKeys: is set but provisioning is false, so there is no role-import key; remove roleImportKeys or set provisioning: true",
                ]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: [{ name: "primary", created: "2026-12-01" }] }), [
                    'roleImportKeys[0].created: unknown key (did you mean "createdAt"?); allowed: name, createdAt',
                ]);
                assert.deepStrictEqual(problemsOf({ roleImportKeys: { name: "primary" } }), [
                    "roleImportKeys: must be a list of {name, createdAt?} key generations, the last one active",
                ]);
            });
        });

        it("stops the program before anything is registered", async () => {
            await assert.rejects(
                runProgramUnderMocks({
                    stack: "dev",
                    config: rawConfig({ ...baseStackConfig(), roleImportKeys: [{ name: "a" }, { name: "a" }] }),
                }),
                (error: Error) =>
                    error instanceof StackConfigError && /roleImportKeys\[1\]\.name: duplicate key generation name "a"/.test(error.message),
            );
        });
    });
});
