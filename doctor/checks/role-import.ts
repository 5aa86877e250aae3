import { AWS_ROLE_IMPORT_TEMPLATE_ID } from "../../components/azure-ad/aws-role-import";
import { GraphSynchronizationError } from "../../live/graph-reader";
import { Finding } from "../findings";
import { AccountCheck, DAY_MS, finding, valueOf, wasRead } from "./check-context";

/** Errors of the AWS connector when AWS refuses the access key (its own codes, and the IAM/STS ones it passes on). */
const REJECTED_CREDENTIALS =
    /credential|InvalidClientTokenId|SignatureDoesNotMatch|InvalidAccessKeyId|AccessDenied|not authorized|Unauthorized|security token/i;

function rejectsCredentials(error: GraphSynchronizationError | null | undefined): boolean {
    return error !== undefined && error !== null && REJECTED_CREDENTIALS.test(`${error.code ?? ""} ${error.message ?? ""}`);
}

function describe(error: GraphSynchronizationError | null | undefined): string {
    return error ? `${error.code ?? "no code"}: ${error.message ?? "no message"}` : "no error recorded";
}

/** Azure's role import runs, succeeds, and uses a healthy reader key. */
export const checkRoleImport: AccountCheck = (expected, snapshot, context) => {
    if (!expected.provisioning) return [];
    const findings: Finding[] = [];
    const sp = valueOf(snapshot.servicePrincipal);
    if (sp && wasRead(snapshot.synchronizationJobs)) {
        const job = snapshot.synchronizationJobs.value.find((candidate) => candidate.templateId === AWS_ROLE_IMPORT_TEMPLATE_ID);
        const spResource = `servicePrincipal ${sp.id} (${sp.displayName})`;
        if (!job) {
            findings.push(
                finding(
                    expected,
                    "role-import-job-missing",
                    "error",
                    spResource,
                    "Provisioning is on, but the service principal has no role import (synchronization job `aws`): roles created outside the program never appear.",
                    "Run `pulumi up` to create the job, or set `provisioning: false`.",
                ),
            );
        } else {
            const resource = `synchronizationJob ${job.id}`;
            const status = job.status;
            const quarantined = status?.code === "Quarantine" || (status?.quarantine !== null && status?.quarantine !== undefined);
            const lastError = status?.quarantine?.error ?? status?.lastExecution?.error;
            const scheduleState = job.schedule?.state ?? "unknown";
            if (scheduleState !== "Active" || status?.code === "Paused" || status?.code === "NotConfigured") {
                findings.push(
                    finding(
                        expected,
                        "role-import-not-running",
                        "error",
                        resource,
                        `The role import is not running (schedule ${scheduleState}, status ${status?.code ?? "unknown"}).`,
                        "Start provisioning under Enterprise applications > Provisioning (or run `pulumi up`, which enables the job).",
                    ),
                );
            }
            if (rejectsCredentials(lastError)) {
                findings.push(
                    finding(
                        expected,
                        "role-import-credentials-rejected",
                        "error",
                        resource,
                        `AWS rejects the role import's access key (${describe(lastError)}).`,
                        "Add a new key generation to `roleImportKeys` and run `pulumi up`: Azure gets the new key in the same update (README, Role-import key rotation).",
                    ),
                );
            } else if (quarantined) {
                findings.push(
                    finding(
                        expected,
                        "role-import-quarantined",
                        "error",
                        resource,
                        `The role import is in quarantine (${status?.quarantine?.reason ?? "no reason given"}; ${describe(lastError)}).`,
                        "Fix the cause in the provisioning logs, then restart provisioning (Provisioning > Restart) to lift the quarantine.",
                    ),
                );
            } else if (status?.lastExecution?.state === "Failed") {
                findings.push(
                    finding(
                        expected,
                        "role-import-failed",
                        "error",
                        resource,
                        `The role import's last run failed (${describe(lastError)}).`,
                        "Read the provisioning logs of the enterprise application and fix the cause.",
                    ),
                );
            }
            const lastSuccess = status?.lastSuccessfulExecution?.timeEnded ?? status?.lastSuccessfulExecution?.timeBegan;
            const maxHours = context.thresholds.roleImportMaxHoursWithoutSuccess;
            const ageMs = lastSuccess ? context.now.getTime() - new Date(lastSuccess).getTime() : undefined;
            if (ageMs === undefined || ageMs > maxHours * 3_600_000) {
                findings.push(
                    finding(
                        expected,
                        "role-import-stale",
                        "warning",
                        resource,
                        lastSuccess
                            ? `The role import's last successful cycle ended ${lastSuccess}, more than ${maxHours} hours ago.`
                            : "The role import has never completed a successful cycle.",
                        "Check the provisioning logs; a first cycle takes about 40 minutes after `pulumi up`.",
                    ),
                );
            }
        }
    }

    if (!wasRead(snapshot.roleImportUser)) return findings;
    const userArn = `arn:aws:iam::${expected.accountId}:user/${expected.roleImportUserName}`;
    if (!snapshot.roleImportUser.value) {
        findings.push(
            finding(
                expected,
                "role-import-reader-missing",
                "error",
                userArn,
                `The role-import reader ${expected.roleImportUserName} no longer exists: Azure's role import cannot list roles.`,
                "Run `pulumi up` to recreate it and hand its new key to Azure.",
            ),
        );
        return findings;
    }
    if (!wasRead(snapshot.roleImportKeys)) return findings;
    const keys = snapshot.roleImportKeys.value;
    const keyId = expected.roleImportAccessKeyId;
    if (keyId && !keys.some((key) => key.accessKeyId === keyId && key.status === "Active")) {
        const key = keys.find((candidate) => candidate.accessKeyId === keyId);
        findings.push(
            finding(
                expected,
                "role-import-key-missing",
                "error",
                `access key ${keyId}`,
                `The access key the stack gave Azure (${keyId}) is ${key ? "inactive" : "gone"}: the role import's requests are refused.`,
                "Run `pulumi up` (or add a new generation to `roleImportKeys`) so Azure gets a working key.",
            ),
        );
    }
    if (keys.length > 1) {
        findings.push(
            finding(
                expected,
                "role-import-key-multiple",
                "warning",
                userArn,
                `The reader has ${keys.length} access keys (${keys.map((key) => `${key.accessKeyId} ${key.status}`).join(", ")}); it needs one.`,
                "During a `roleImportKeys` rotation two keys are expected until the old generation is removed from the config; otherwise delete the key the stack does not manage (not roleManagerAccessKeyId).",
            ),
        );
    }
    const { accessKeyMaxAgeDays, accessKeyMaxUnusedDays, newKeyGraceHours } = context.thresholds;
    for (const key of keys.filter((candidate) => candidate.status === "Active")) {
        const resource = `access key ${key.accessKeyId}`;
        const ageDays = key.createDate ? (context.now.getTime() - key.createDate.getTime()) / DAY_MS : undefined;
        if (ageDays !== undefined && ageDays > accessKeyMaxAgeDays) {
            findings.push(
                finding(
                    expected,
                    "role-import-key-old",
                    "warning",
                    resource,
                    `The reader's access key is ${Math.floor(ageDays)} days old (limit ${accessKeyMaxAgeDays}); scanners (Trivy AVD-AWS-0146, Prowler) flag it.`,
                    "Rotate it: add a new generation to `roleImportKeys` and run `pulumi up`, then remove the old one after a sync cycle (README, Role-import key rotation).",
                ),
            );
        }
        const lastUsed = valueOf(snapshot.roleImportKeysLastUsed[key.accessKeyId]);
        if (!lastUsed) continue;
        if (!lastUsed.lastUsedDate) {
            if (ageDays !== undefined && ageDays * 24 >= newKeyGraceHours) {
                findings.push(
                    finding(
                        expected,
                        "role-import-key-never-used",
                        "warning",
                        resource,
                        `The reader's access key was created ${Math.floor(ageDays)} day(s) ago and has never been used: the role import is not using it.`,
                        "Check the role import's credentials (Provisioning > Admin credentials > Test connection), or delete the key if it is a leftover.",
                    ),
                );
            }
        } else {
            const unusedDays = (context.now.getTime() - lastUsed.lastUsedDate.getTime()) / DAY_MS;
            if (unusedDays > accessKeyMaxUnusedDays) {
                findings.push(
                    finding(
                        expected,
                        "role-import-key-unused",
                        "warning",
                        resource,
                        `The reader's access key was last used ${Math.floor(unusedDays)} days ago (${lastUsed.lastUsedDate.toISOString()}).`,
                        "Check that the role import runs; delete the key if nothing uses it.",
                    ),
                );
            }
        }
    }
    return findings;
};
