import * as assert from "assert";
import { describeSynchronizationError, synchronizationJobProblems } from "../../../doctor/checks/synchronization-job";
import { GraphSynchronizationJob } from "../../../live/graph-reader";
import { healthyJob, NOW } from "../support/healthy-account";

const HOUR = 3_600_000;

function kinds(job: GraphSynchronizationJob, maxHours = 24): string[] {
    return synchronizationJobProblems(job, NOW, maxHours).map((problem) => problem.kind);
}

function withStatus(changes: Partial<NonNullable<GraphSynchronizationJob["status"]>>): GraphSynchronizationJob {
    const job = healthyJob();
    return { ...job, status: { ...job.status!, ...changes } };
}

describe("doctor/checks/synchronization-job (synchronizationJobProblems)", () => {
    it("a scheduled, active job that succeeded within the limit has no problem", () => {
        assert.deepStrictEqual(kinds(healthyJob()), []);
    });

    it("not running: a schedule that is not Active, or a Paused or NotConfigured status", () => {
        assert.deepStrictEqual(kinds({ ...healthyJob(), schedule: { state: "Disabled", interval: "PT40M" } }), ["not-running"]);
        assert.deepStrictEqual(kinds({ ...healthyJob(), schedule: null }), ["not-running"]);
        assert.deepStrictEqual(kinds(withStatus({ code: "Paused" })), ["not-running"]);
        assert.deepStrictEqual(kinds(withStatus({ code: "NotConfigured" })), ["not-running"]);
        const [problem] = synchronizationJobProblems(withStatus({ code: "Paused" }), NOW, 24);
        assert.deepStrictEqual(problem, { kind: "not-running", scheduleState: "Active", statusCode: "Paused" });
    });

    it("rejected credentials explain a quarantine and replace it; a quarantine without them is its own problem", () => {
        const quarantine = { currentBegan: NOW.toISOString(), reason: "EncounteredQuarantineException" };
        for (const error of [
            { code: "InvalidCredentials", message: "The security token included in the request is invalid." },
            { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnauthorized", message: "401" },
            { code: "AccessDenied", message: "not authorized" },
        ]) {
            assert.deepStrictEqual(
                kinds(withStatus({ code: "Quarantine", quarantine: { ...quarantine, error } })),
                ["credentials-rejected"],
                error.code,
            );
        }
        const plain = synchronizationJobProblems(withStatus({ code: "Quarantine", quarantine: { ...quarantine, error: null } }), NOW, 24);
        assert.deepStrictEqual(plain, [{ kind: "quarantined", reason: "EncounteredQuarantineException", error: null }]);
        assert.deepStrictEqual(
            kinds(withStatus({ quarantine: { currentBegan: null, reason: null } })),
            ["quarantined"],
            "a quarantine object alone",
        );
    });

    it("a failed last run, unless its error is rejected credentials", () => {
        const failed = (error: { code: string; message: string } | null) =>
            withStatus({ lastExecution: { state: "Failed", timeBegan: null, timeEnded: null, error } });
        assert.deepStrictEqual(kinds(failed({ code: "ServiceUnavailable", message: "no answer" })), ["failed"]);
        assert.deepStrictEqual(kinds(failed(null)), ["failed"]);
        assert.deepStrictEqual(kinds(failed({ code: "InvalidClientTokenId", message: "x" })), ["credentials-rejected"]);
    });

    it("stale: no success within maxHours (end time, else start time), or never", () => {
        const succeeded = (agoMs: number, field: "timeEnded" | "timeBegan" = "timeEnded") =>
            withStatus({
                lastSuccessfulExecution: {
                    state: "Succeeded",
                    timeBegan: null,
                    timeEnded: null,
                    [field]: new Date(NOW.getTime() - agoMs).toISOString(),
                },
            });
        assert.deepStrictEqual(kinds(succeeded(24 * HOUR)), []);
        assert.deepStrictEqual(kinds(succeeded(24 * HOUR + 1)), ["stale"]);
        assert.deepStrictEqual(kinds(succeeded(2 * HOUR, "timeBegan")), [], "a start time stands in for a missing end time");
        assert.deepStrictEqual(kinds(succeeded(25 * HOUR, "timeBegan")), ["stale"]);
        assert.deepStrictEqual(kinds(withStatus({ lastSuccessfulExecution: null })), ["stale"]);
        assert.deepStrictEqual(synchronizationJobProblems(withStatus({ lastSuccessfulExecution: null }), NOW, 6), [
            { kind: "stale", lastSuccess: undefined, maxHours: 6 },
        ]);
        assert.deepStrictEqual(kinds(succeeded(7 * HOUR), 6), ["stale"], "the limit is the caller's");
    });

    it("describes an error as code and message, and says when none was recorded", () => {
        assert.strictEqual(describeSynchronizationError({ code: "X", message: "y" }), "X: y");
        assert.strictEqual(describeSynchronizationError({ code: null, message: null }), "no code: no message");
        assert.strictEqual(describeSynchronizationError(undefined), "no error recorded");
    });
});
