import { GraphSynchronizationError, GraphSynchronizationJob } from "../../live/graph-reader";

// How a Graph synchronization job is doing, whichever connector it runs: the role import (template `aws`)
// and Identity Center's SCIM provisioning share the job's schedule, status, quarantine and executions.

/** Errors that say the target refused the job's credentials: AWS IAM/STS codes for the role import, the SCIM connector's for a token. */
const REJECTED_CREDENTIALS =
    /credential|InvalidClientTokenId|SignatureDoesNotMatch|InvalidAccessKeyId|AccessDenied|not authorized|Unauthorized|security token/i;

function rejectsCredentials(error: GraphSynchronizationError | null | undefined): boolean {
    return error !== undefined && error !== null && REJECTED_CREDENTIALS.test(`${error.code ?? ""} ${error.message ?? ""}`);
}

/** An error as a finding quotes it. */
export function describeSynchronizationError(error: GraphSynchronizationError | null | undefined): string {
    return error ? `${error.code ?? "no code"}: ${error.message ?? "no message"}` : "no error recorded";
}

/** What is wrong with a job; each check words it for its connector. */
export type SynchronizationJobProblem =
    | { readonly kind: "not-running"; readonly scheduleState: string; readonly statusCode: string }
    | { readonly kind: "credentials-rejected"; readonly error: GraphSynchronizationError }
    | { readonly kind: "quarantined"; readonly reason: string; readonly error?: GraphSynchronizationError | null }
    | { readonly kind: "failed"; readonly error?: GraphSynchronizationError | null }
    | { readonly kind: "stale"; readonly lastSuccess?: string; readonly maxHours: number };

/**
 * The job is scheduled and active, its credentials are accepted, it is not in quarantine, its last run did not
 * fail, and it succeeded within `maxHours`. Rejected credentials explain a quarantine, so they replace it.
 */
export function synchronizationJobProblems(job: GraphSynchronizationJob, now: Date, maxHours: number): SynchronizationJobProblem[] {
    const problems: SynchronizationJobProblem[] = [];
    const status = job.status;
    const quarantined = status?.code === "Quarantine" || (status?.quarantine !== null && status?.quarantine !== undefined);
    const lastError = status?.quarantine?.error ?? status?.lastExecution?.error;
    const scheduleState = job.schedule?.state ?? "unknown";
    if (scheduleState !== "Active" || status?.code === "Paused" || status?.code === "NotConfigured") {
        problems.push({ kind: "not-running", scheduleState, statusCode: status?.code ?? "unknown" });
    }
    if (lastError && rejectsCredentials(lastError)) {
        problems.push({ kind: "credentials-rejected", error: lastError });
    } else if (quarantined) {
        problems.push({ kind: "quarantined", reason: status?.quarantine?.reason ?? "no reason given", error: lastError });
    } else if (status?.lastExecution?.state === "Failed") {
        problems.push({ kind: "failed", error: lastError });
    }
    const lastSuccess = status?.lastSuccessfulExecution?.timeEnded ?? status?.lastSuccessfulExecution?.timeBegan ?? undefined;
    const ageMs = lastSuccess ? now.getTime() - new Date(lastSuccess).getTime() : undefined;
    if (ageMs === undefined || ageMs > maxHours * 3_600_000) problems.push({ kind: "stale", lastSuccess, maxHours });
    return problems;
}
