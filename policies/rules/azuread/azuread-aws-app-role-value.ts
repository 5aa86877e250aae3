import * as azuread from "@pulumi/azuread";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { parseRoleArn, parseSamlProviderArn, readAppRoleValue } from "../../readers/aws-identifiers";
import { MAX_APP_ROLE_VALUE_LENGTH } from "../../vocabulary/iam-names";

export const appRoleValuePolicy = defineResourcePolicy({
    name: "azuread-aws-app-role-value",
    description:
        "Every AWS app role value names one IAM role ARN and one SAML provider ARN of the same account, in either order, without whitespace, within Microsoft Graph's 120 characters.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set the app role value to `arn:aws:iam::<account>:role/<name>,arn:aws:iam::<account>:saml-provider/<name>` (STS also accepts the provider first), built from the role and provider ARN outputs, with no spaces. Keep it within 120 characters, Microsoft Graph's limit for app roles on the application (shorter role names, paths or provider name); Azure's role import writes its own roles on the service principal and allows 240.",
    config: {
        maximumLength: {
            type: "integer",
            description:
                "Longest value accepted: 120, Microsoft Graph's limit for app roles on the application object (the role import's own roles allow 240).",
            default: MAX_APP_ROLE_VALUE_LENGTH,
            minimum: 1,
            maximum: 250,
        },
    },
    validateResource: (on) => [
        on(azuread.ApplicationAppRole, (appRole, args, reportViolation, config) => {
            const value: unknown = appRole.value;
            if (typeof value !== "string" || !/arn:/i.test(value)) {
                return; // Not an AWS role; AWS apps are held to the format by the stack check too.
            }
            for (const problem of appRoleValueProblems(value, config.maximumLength)) {
                reportViolation(problem);
            }
        }),
    ],
});

/** Problems of an AWS app role value, one sentence each. */
export function appRoleValueProblems(value: string, maximumLength: number): string[] {
    const problems: string[] = [];
    if (value.length > maximumLength) {
        problems.push(
            `The value is ${value.length} characters; Microsoft Graph accepts at most ${maximumLength} for an app role on the application.`,
        );
    }
    const reading = readAppRoleValue(value);
    if (!reading.ok) {
        problems.push(reading.problem);
        return problems;
    }
    const role = parseRoleArn(reading.roleArn);
    const provider = parseSamlProviderArn(reading.providerArn);
    if (role !== undefined && provider !== undefined && (role.accountId !== provider.accountId || role.partition !== provider.partition)) {
        problems.push(
            `The role is in account ${role.accountId} but the SAML provider in ${provider.accountId}; both must be in the same account.`,
        );
    }
    return problems;
}
