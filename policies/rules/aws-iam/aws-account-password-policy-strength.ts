import * as aws from "@pulumi/aws";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";

export const strongPasswordPolicyPolicy = defineResourcePolicy({
    name: "aws-account-password-policy-strength",
    description: "A declared account password policy is strong: long passwords, reuse prevention and expiry.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Set minimumPasswordLength to at least 14, passwordReusePrevention to at least 24 and maxPasswordAge to at most 90 days on aws.iam.AccountPasswordPolicy (CIS AWS Foundations), or remove it and keep IAM users without passwords.",
    config: {
        minimumLength: { type: "integer", description: "Smallest accepted minimumPasswordLength.", default: 14, minimum: 6, maximum: 128 },
        minimumReusePrevention: {
            type: "integer",
            description: "Smallest accepted passwordReusePrevention (remembered passwords).",
            default: 24,
            minimum: 1,
            maximum: 24,
        },
        maximumAgeDays: {
            type: "integer",
            description: "Largest accepted maxPasswordAge in days.",
            default: 90,
            minimum: 1,
            maximum: 1095,
        },
    },
    validateResource: (on) => [
        on(aws.iam.AccountPasswordPolicy, (policy, args, reportViolation, config) => {
            const deferred = new DeferredUnknowns();
            const describe = (value: unknown) => (value === undefined || value === null ? "not set" : JSON.stringify(value));
            const atLeast = (value: unknown, minimum: number, what: string) => {
                if (typeof value !== "number" || value < minimum) {
                    reportViolation(`${what} is ${describe(value)}; it must be a number of at least ${minimum}.`);
                }
            };
            deferred.run(() => atLeast(policy.minimumPasswordLength, config.minimumLength, "minimumPasswordLength"));
            deferred.run(() => atLeast(policy.passwordReusePrevention, config.minimumReusePrevention, "passwordReusePrevention"));
            deferred.run(() => {
                const age: unknown = policy.maxPasswordAge;
                if (typeof age !== "number" || age <= 0 || age > config.maximumAgeDays) {
                    reportViolation(`maxPasswordAge is ${describe(age)}; passwords must expire within ${config.maximumAgeDays} days.`);
                }
            });
            deferred.finish();
        }),
    ],
});
