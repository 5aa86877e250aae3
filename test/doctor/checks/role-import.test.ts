import * as assert from "assert";
import { checkRoleImport } from "../../../doctor/checks/role-import";
import { AccountSnapshot } from "../../../doctor/live-snapshot";
import { GraphSynchronizationJob } from "../../../live/graph-reader";
import {
    checkContext,
    DAY,
    expectedAccount,
    failedReading,
    healthyJob,
    healthySnapshot,
    NOW,
    ok,
    READER_ARN,
    READER_KEY_ID,
    READER_NAME,
} from "../support/healthy-account";

const EMPTY_SNAPSHOT: AccountSnapshot = { roles: {}, roleImportKeysLastUsed: {}, loginProfiles: {} };

function ids(snapshot: AccountSnapshot, thresholds: Parameters<typeof checkContext>[0] = {}): string[] {
    return checkRoleImport(expectedAccount(), snapshot, checkContext(thresholds))
        .map((finding) => finding.id)
        .sort();
}

function withJob(changes: (job: GraphSynchronizationJob) => Partial<GraphSynchronizationJob>): AccountSnapshot {
    const job = healthyJob();
    return healthySnapshot({ synchronizationJobs: ok([{ ...job, ...changes(job) }]) });
}

/** The reader's one key, created and last used this long ago (undefined: never used). */
function readerKey(ageMs: number, lastUsedAgoMs: number | undefined): AccountSnapshot {
    return healthySnapshot({
        roleImportKeys: ok([
            { userName: READER_NAME, accessKeyId: READER_KEY_ID, status: "Active", createDate: new Date(NOW.getTime() - ageMs) },
        ]),
        roleImportKeysLastUsed: {
            [READER_KEY_ID]: ok({
                accessKeyId: READER_KEY_ID,
                ...(lastUsedAgoMs === undefined ? {} : { lastUsedDate: new Date(NOW.getTime() - lastUsedAgoMs), serviceName: "iam" }),
            }),
        },
    });
}

describe("doctor/checks/role-import (checkRoleImport)", () => {
    it("a stack without provisioning has no role import to check, whatever was read", () => {
        const snapshot: AccountSnapshot = { ...EMPTY_SNAPSHOT, roleImportUser: { ok: true, value: undefined } };
        assert.deepStrictEqual(checkRoleImport(expectedAccount({ provisioning: false }), snapshot, checkContext()), []);
        assert.deepStrictEqual(
            checkRoleImport(expectedAccount(), snapshot, checkContext()).map((finding) => finding.id),
            ["role-import-reader-missing"],
        );
    });

    it("nothing read, nothing claimed: a check skips what it could not read", () => {
        assert.deepStrictEqual(checkRoleImport(expectedAccount(), EMPTY_SNAPSHOT, checkContext()), []);
        const denied = failedReading("access-denied", "graph", "GET jobs", "Synchronization.Read.All", "the role import job", "sp");
        assert.deepStrictEqual(ids(healthySnapshot({ synchronizationJobs: denied })), []);
    });

    it("only the `aws` template's job counts; without it the job is missing", () => {
        assert.deepStrictEqual(ids(healthySnapshot({ synchronizationJobs: ok([]) })), ["role-import-job-missing"]);
        assert.deepStrictEqual(ids(withJob(() => ({ templateId: "scim" }))), ["role-import-job-missing"]);
    });

    it("not running: schedule not Active, or status Paused or NotConfigured", () => {
        assert.deepStrictEqual(ids(withJob(() => ({ schedule: { state: "Disabled", interval: "PT40M" } }))), ["role-import-not-running"]);
        assert.deepStrictEqual(ids(withJob((job) => ({ status: { ...job.status!, code: "Paused" } }))), ["role-import-not-running"]);
        assert.deepStrictEqual(ids(withJob((job) => ({ status: { ...job.status!, code: "NotConfigured" } }))), ["role-import-not-running"]);
    });

    it("a rejected key outranks quarantine; quarantine outranks a failed run", () => {
        const rejected = {
            code: "InvalidCredentials",
            message: "The security token included in the request is invalid.",
            tenantActionable: true,
        };
        const quarantine = { currentBegan: NOW.toISOString(), reason: "EncounteredQuarantineException", error: rejected };
        assert.deepStrictEqual(ids(withJob((job) => ({ status: { ...job.status!, code: "Quarantine", quarantine } }))), [
            "role-import-credentials-rejected",
        ]);
        const otherError = { ...quarantine, reason: "EncounteredBaseEscrowThreshold", error: null };
        assert.deepStrictEqual(ids(withJob((job) => ({ status: { ...job.status!, code: "Quarantine", quarantine: otherError } }))), [
            "role-import-quarantined",
        ]);
        const failedRun = (job: GraphSynchronizationJob) => ({
            status: {
                ...job.status!,
                lastExecution: {
                    ...job.status!.lastExecution!,
                    state: "Failed",
                    error: { code: "ServiceUnavailable", message: "no answer" },
                },
            },
        });
        assert.deepStrictEqual(ids(withJob(failedRun)), ["role-import-failed"]);
    });

    it("stale after 24 hours without a successful cycle, or never successful", () => {
        const succeeded = (agoMs: number) => (job: GraphSynchronizationJob) => ({
            status: {
                ...job.status!,
                lastSuccessfulExecution: { state: "Succeeded", timeBegan: null, timeEnded: new Date(NOW.getTime() - agoMs).toISOString() },
            },
        });
        assert.deepStrictEqual(ids(withJob(succeeded(23 * 3_600_000))), []);
        assert.deepStrictEqual(ids(withJob(succeeded(25 * 3_600_000))), ["role-import-stale"]);
        const never = checkRoleImport(
            expectedAccount(),
            withJob((job) => ({ status: { ...job.status!, lastSuccessfulExecution: null } })),
            checkContext(),
        );
        assert.deepStrictEqual(
            never.map((finding) => finding.id),
            ["role-import-stale"],
        );
        assert.match(never[0].message, /never completed a successful cycle/);
    });

    it("the reader's key: the stack's key gone or inactive, more than one, too old, never used, unused", () => {
        assert.deepStrictEqual(
            ids(healthySnapshot({ roleImportKeys: ok([{ userName: READER_NAME, accessKeyId: READER_KEY_ID, status: "Inactive" }]) })),
            ["role-import-key-missing"],
        );
        const second = {
            userName: READER_NAME,
            accessKeyId: "AKIA3EXAMPLESECOND01",
            status: "Active",
            createDate: new Date(NOW.getTime() - DAY),
        };
        const healthy = healthySnapshot();
        const keys = healthy.roleImportKeys?.ok ? healthy.roleImportKeys.value : [];
        const multiple = checkRoleImport(expectedAccount(), healthySnapshot({ roleImportKeys: ok([...keys, second]) }), checkContext());
        assert.deepStrictEqual(
            multiple.map((finding) => [finding.id, finding.resource]),
            [["role-import-key-multiple", READER_ARN]],
        );
        assert.deepStrictEqual(ids(readerKey(91 * DAY, 3_600_000)), ["role-import-key-old"]);
        assert.deepStrictEqual(ids(readerKey(91 * DAY, 3_600_000), { accessKeyMaxAgeDays: 120 }), [], "--access-key-days");
        assert.deepStrictEqual(ids(readerKey(3 * DAY, undefined)), ["role-import-key-never-used"]);
        assert.deepStrictEqual(ids(readerKey(3_600_000, undefined)), [], "a key younger than a day may not have been used yet");
        assert.deepStrictEqual(ids(readerKey(30 * DAY, 91 * DAY)), ["role-import-key-unused"]);
    });
});
