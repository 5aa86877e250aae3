import * as aws from "@pulumi/aws";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";

export const assignmentAllowedAccountsPolicy = defineResourcePolicy({
    name: "aws-identity-center-assignment-allowed-accounts",
    description:
        "Identity Center account assignments target AWS accounts only, and only account ids on allowedAccountIds when that list is set.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Assign permission sets only to the organization's accounts this stack manages: list them in allowedAccountIds for the stack, or remove the assignment. A mistyped account id grants access to whoever owns that account.",
    config: {
        allowedAccountIds: {
            type: "array",
            description: "AWS account ids assignments may target; empty allows every account.",
            default: [],
            items: { type: "string", pattern: "^\\d{12}$" },
            uniqueItems: true,
        },
    },
    validateResource: (on) => [
        on(aws.ssoadmin.AccountAssignment, (assignment, args, reportViolation, config) => {
            const deferred = new DeferredUnknowns();
            deferred.run(() => {
                if (assignment.targetType !== undefined && assignment.targetType !== "AWS_ACCOUNT") {
                    reportViolation(
                        `Assignment ${args.name} has targetType ${JSON.stringify(assignment.targetType)}; Identity Center assigns to AWS_ACCOUNT.`,
                    );
                }
            });
            deferred.run(() => {
                const target: unknown = assignment.targetId;
                if (config.allowedAccountIds.length > 0 && (typeof target !== "string" || !config.allowedAccountIds.includes(target))) {
                    reportViolation(
                        `Assignment ${args.name} targets account ${JSON.stringify(target)}, which is not in allowedAccountIds (${config.allowedAccountIds.join(", ")}).`,
                    );
                }
            });
            deferred.finish();
        }),
    ],
});
