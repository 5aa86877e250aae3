import * as assert from "assert";
import {
    accessKeyResourceName,
    dateImpliedByName,
    DEFAULT_ROLE_IMPORT_KEY_NAME,
    isCalendarDate,
    ROLE_IMPORT_KEYS_TAG,
    roleImportKeysTagValue,
} from "../../../components/documents/role-import-keys";
import { ROLE_IMPORT_KEYS_TAG as PACK_ROLE_IMPORT_KEYS_TAG } from "../../../policies/readers/role-import-key-generations";

describe("role-import-keys", () => {
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

    it("tags a single generation that is not the default, so the pack sees the rotation that replaced primary", () => {
        assert.strictEqual(roleImportKeysTagValue([{ name: "2027-03" }]), "2027-03");
        assert.strictEqual(roleImportKeysTagValue([{ name: DEFAULT_ROLE_IMPORT_KEY_NAME }, { name: "2027-03" }]), "primary 2027-03");
    });

    it("reads a leap day only in a leap year when a name implies one", () => {
        assert.deepStrictEqual(dateImpliedByName("2028-02-29"), { date: "2028-02-29" });
        assert.match(dateImpliedByName("2027-02-29").problem ?? "", /2027-02-29 is not a calendar day/);
        assert.match(dateImpliedByName("2026-00").problem ?? "", /00 is not a month/);
    });

    describe("isCalendarDate", () => {
        it("accepts real days, leap days of leap years included", () => {
            for (const day of ["2026-12-01", "2026-12-31", "2028-02-29", "2000-02-29"]) {
                assert.ok(isCalendarDate(day), day);
            }
        });

        it("refuses days that do not exist and text that is not exactly YYYY-MM-DD", () => {
            for (const text of [
                "2027-02-29",
                "1900-02-29",
                "2026-04-31",
                "2026-13-01",
                "2026-00-10",
                "2026-12-00",
                "2026-12-1",
                "2026-12-01T00:00:00Z",
                " 2026-12-01",
                "",
            ]) {
                assert.ok(!isCalendarDate(text), text);
            }
        });
    });
});
