import * as aws from "@pulumi/aws";
import { ReportViolation } from "@pulumi/policy";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import {
    coversWholeService,
    isEveryActionPattern,
    readPolicyDocument,
    statementAllowsAction,
    statementCoversEveryResource,
    wildcardMatches,
} from "../../readers/iam-policy-document";

/** Permission problems of one policy document, one sentence each. */
export function wildcardPermissionProblems(document: unknown): string[] {
    const reading = readPolicyDocument(document);
    if (reading.document === undefined) {
        return [`The policy cannot be read: ${reading.problems.join("; ")}.`];
    }
    const problems: string[] = [];
    for (const statement of reading.document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const label = `Statement ${statement.sid ?? statement.index}`;
        if (statement.notActions !== undefined) {
            problems.push(`${label} uses Allow with NotAction, which grants every action it does not list.`);
            continue;
        }
        const everyAction = statement.actions.find(isEveryActionPattern);
        if (everyAction !== undefined && statementCoversEveryResource(statement)) {
            problems.push(`${label} allows ${JSON.stringify(everyAction)} on every resource: full administrator access.`);
            continue;
        }
        const wholeIam = statement.actions.find((action) => coversWholeService(action, "iam"));
        if (wholeIam !== undefined) {
            problems.push(`${label} allows ${JSON.stringify(wholeIam)}, which includes every IAM action (iam:*).`);
            continue;
        }
        if (statementAllowsAction(statement, "iam:PassRole") && statementCoversEveryResource(statement)) {
            const via = statement.actions.find((action) => wildcardMatches(action, "iam:PassRole")) ?? "iam:PassRole";
            problems.push(`${label} allows ${JSON.stringify(via)} on every resource, so any role can be passed to any service.`);
        }
    }
    return problems;
}

export const noWildcardPermissionsPolicy = defineResourcePolicy({
    name: "aws-iam-no-wildcard-permissions",
    description: "No IAM policy document allows * on *, iam:*, Allow with NotAction, or iam:PassRole on every resource.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "List the actions the principal needs and scope Resource to the ARNs it works on. Replace NotAction with an explicit Action list, and restrict iam:PassRole to the ARNs of the roles that may be passed (add an iam:PassedToService condition).",
    config: {},
    validateResource: (on) => {
        const check = (document: unknown, reportViolation: ReportViolation, where = "") => {
            if (typeof document === "string" && document.trim() === "") {
                return;
            }
            for (const problem of wildcardPermissionProblems(document)) {
                reportViolation(`${where}${problem}`);
            }
        };
        return [
            on(aws.iam.Policy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.RolePolicy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.UserPolicy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.GroupPolicy, (policy, args, reportViolation) => check(policy.policy, reportViolation)),
            on(aws.iam.Role, (role, args, reportViolation) => {
                const deferred = new DeferredUnknowns();
                const inlinePolicies: unknown = role.inlinePolicies;
                const list: readonly unknown[] = Array.isArray(inlinePolicies) ? inlinePolicies : [];
                for (let index = 0; index < list.length; index++) {
                    // Each entry is read inside its own check, so one unknown entry does not hide the others.
                    deferred.run(() => {
                        const entry = list[index] as { name?: unknown; policy?: unknown } | null;
                        if (entry !== null && typeof entry === "object" && entry.policy !== undefined) {
                            const label = typeof entry.name === "string" ? entry.name : String(index);
                            check(entry.policy, reportViolation, `Inline policy ${label}: `);
                        }
                    });
                }
                deferred.finish();
            }),
        ];
    },
});
