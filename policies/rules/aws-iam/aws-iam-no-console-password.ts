import * as aws from "@pulumi/aws";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { readKnown } from "../../framework/unknown-values";

export const noConsolePasswordPolicy = defineResourcePolicy({
    name: "aws-iam-no-console-password",
    description: "No IAM user gets a console password, because people sign in through Azure AD SSO.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Remove the aws.iam.UserLoginProfile. Give the person an Azure AD app role assignment for an SSO role instead.",
    config: {},
    validateResource: (on) => [
        on(aws.iam.UserLoginProfile, (profile, args, reportViolation) => {
            const user = readKnown(() => profile.user);
            reportViolation(
                `${args.name} gives ${user.known && typeof user.value === "string" ? `IAM user ${user.value}` : "an IAM user"} a console password.`,
            );
        }),
    ],
});
