import { AWS_ROLE_IMPORT_TEMPLATE_ID } from "../../components/azure-ad/aws-role-import";
import { Finding } from "../findings";
import { AccountCheck, DAY_MS, finding, valueOf, wasRead } from "./check-context";
import { describeSynchronizationError, synchronizationJobProblems } from "./synchronization-job";

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
            for (const problem of synchronizationJobProblems(job, context.now, context.thresholds.roleImportMaxHoursWithoutSuccess)) {
                switch (problem.kind) {
                    case "not-running":
                        findings.push(
                            finding(
                                expected,
                                "role-import-not-running",
                                "error",
                                resource,
                                `The role import is not running (schedule ${problem.scheduleState}, status ${problem.statusCode}).`,
                                "Start provisioning under Enterprise applications > Provisioning (or run `pulumi up`, which enables the job).",
                            ),
                        );
                        break;
                    case "credentials-rejected":
                        findings.push(
                            finding(
                                expected,
                                "role-import-credentials-rejected",
                                "error",
                                resource,
                                `AWS rejects the role import's access key (${describeSynchronizationError(problem.error)}).`,
                                "Add a new key generation to `roleImportKeys` and run `pulumi up`: Azure gets the new key in the same update (README, Role-import key rotation).",
                            ),
                        );
                        break;
                    case "quarantined":
                        findings.push(
                            finding(
                                expected,
                                "role-import-quarantined",
                                "error",
                                resource,
                                `The role import is in quarantine (${problem.reason}; ${describeSynchronizationError(problem.error)}).`,
                                "Fix the cause in the provisioning logs, then restart provisioning (Provisioning > Restart) to lift the quarantine.",
                            ),
                        );
                        break;
                    case "failed":
                        findings.push(
                            finding(
                                expected,
                                "role-import-failed",
                                "error",
                                resource,
                                `The role import's last run failed (${describeSynchronizationError(problem.error)}).`,
                                "Read the provisioning logs of the enterprise application and fix the cause.",
                            ),
                        );
                        break;
                    case "stale":
                        findings.push(
                            finding(
                                expected,
                                "role-import-stale",
                                "warning",
                                resource,
                                problem.lastSuccess
                                    ? `The role import's last successful cycle ended ${problem.lastSuccess}, more than ${problem.maxHours} hours ago.`
                                    : "The role import has never completed a successful cycle.",
                                "Check the provisioning logs; a first cycle takes about 40 minutes after `pulumi up`.",
                            ),
                        );
                        break;
                }
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
