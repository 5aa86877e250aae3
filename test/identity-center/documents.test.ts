import * as assert from "assert";
import { accessMatrix, formatAccessMatrix, scimTokenExpiryFromNote, scimTokenExpiryNote } from "../../components/documents/identity-center";
import { DeadlineExceededError, groupNotProvisionedMessage, withinDeadline } from "../../components/identity-center/identity-store-group";
import { isoDurationSeconds } from "../../components/stack-config";

describe("Identity Center documents", () => {
    it("the SCIM expiry note reads back the date it wrote, and nothing from other notes", () => {
        assert.strictEqual(scimTokenExpiryFromNote(scimTokenExpiryNote("2027-11-30T00:00:00Z")), "2027-11-30T00:00:00Z");
        assert.strictEqual(scimTokenExpiryFromNote("Owned by the platform team"), undefined);
        assert.strictEqual(scimTokenExpiryFromNote(undefined), undefined);
    });

    it("ISO 8601 session durations in hours and minutes", () => {
        assert.strictEqual(isoDurationSeconds("PT8H"), 28800);
        assert.strictEqual(isoDurationSeconds("PT1H30M"), 5400);
        assert.strictEqual(isoDurationSeconds("PT"), undefined);
        assert.strictEqual(isoDurationSeconds("P1D"), undefined);
    });

    it("the access matrix has one row per group × permission set × account, sorted", () => {
        const rows = accessMatrix([
            { name: "ReadOnly", sessionDuration: "PT8H", assignments: [{ group: "b-team", accountIds: ["222222222222", "111111111111"] }] },
            {
                name: "Admin",
                sessionDuration: "PT1H",
                assignments: [
                    { group: "a-team", accountIds: ["111111111111"] },
                    { group: "b-team", accountIds: ["111111111111"] },
                ],
            },
        ]);
        assert.deepStrictEqual(
            rows.map((row) => `${row.group}/${row.permissionSet}/${row.accountId}`),
            ["a-team/Admin/111111111111", "b-team/Admin/111111111111", "b-team/ReadOnly/111111111111", "b-team/ReadOnly/222222222222"],
        );
        const table = formatAccessMatrix(rows);
        assert.strictEqual(table.length, 5);
        assert.match(table[0], /^group\s+permission set\s+account\s+session$/);
    });
});

describe("bounded wait for a provisioned group", () => {
    /** A fake clock: sleeping advances it, so the test takes no time. */
    function fakeClock() {
        let now = 0;
        const sleeps: number[] = [];
        return { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)), sleeps };
    }

    it("returns as soon as an attempt succeeds", async () => {
        const clock = fakeClock();
        let calls = 0;
        const value = await withinDeadline(
            async () => {
                if (++calls < 3) {
                    throw new Error("not yet");
                }
                return "group-id";
            },
            { timeoutSeconds: 120, ...clock },
        );
        assert.strictEqual(value, "group-id");
        assert.deepStrictEqual(clock.sleeps, [2000, 4000]);
    });

    it("doubles its pauses up to the cap and never sleeps past the deadline, then gives up with the last answer", async () => {
        const clock = fakeClock();
        await assert.rejects(
            withinDeadline(
                async () => {
                    throw new Error("no Identity Store Group found matching criteria");
                },
                { timeoutSeconds: 100, maxIntervalSeconds: 30, ...clock },
            ),
            (error: unknown) =>
                error instanceof DeadlineExceededError &&
                error.attempts === 8 &&
                /last answer: no Identity Store Group found/.test(error.message),
        );
        assert.deepStrictEqual(clock.sleeps, [2000, 4000, 8000, 16000, 30000, 30000, 10000]);
        assert.strictEqual(clock.now(), 100_000);
    });

    it("tries once with a timeout of 0", async () => {
        const clock = fakeClock();
        let calls = 0;
        await assert.rejects(
            withinDeadline(
                async () => {
                    calls++;
                    throw new Error("not there");
                },
                { timeoutSeconds: 0, ...clock },
            ),
            DeadlineExceededError,
        );
        assert.strictEqual(calls, 1);
        assert.deepStrictEqual(clock.sleeps, []);
    });

    it("says what to check", () => {
        const message = groupNotProvisionedMessage(
            {
                identityStoreId: "d-9067a1b2c3",
                displayName: "aws-developers",
                objectId: "0a1b",
                applicationDisplayName: "AWS IAM Identity Center (org)",
                timeoutSeconds: 120,
            },
            new DeadlineExceededError(5, new Error("")),
        );
        assert.match(
            message,
            /"aws-developers" \(Entra group 0a1b\) is not in Identity Store d-9067a1b2c3 120 s after provisioning on demand \(gave up after 5 attempts; last answer: no group with that display name\)/,
        );
        assert.match(message, /identityCenter\.groupLookupTimeoutSeconds/);
    });
});
