import * as azuread from "@pulumi/azuread";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { stackOfUrn } from "../../model/resource-links";
import { wildcardMatches } from "../../readers/iam-policy-document";

export const testUserStackPolicy = defineResourcePolicy({
    name: "azuread-test-user-stack-allow-list",
    description: "Azure AD users are created only in stacks whose name is on the allow-list (by default only dev).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Remove testUser from this stack's config; assign real users or groups to the AWS app roles instead. To allow a test user in another non-production stack, add its name to allowedStacks.",
    config: {
        allowedStacks: {
            type: "array",
            description: "Stack names (`*` wildcard) where the program may create Azure AD users.",
            default: ["dev"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
    },
    validateResource: (on) => [
        on(azuread.User, (user, args, reportViolation, config) => {
            const stack = stackOfUrn(args.urn);
            if (stack === undefined || !config.allowedStacks.some((pattern) => wildcardMatches(pattern, stack))) {
                reportViolation(
                    `Stack ${stack ?? "(unknown)"} creates Azure AD user ${args.name}; users may only be created in ${config.allowedStacks.join(", ") || "no stack"}.`,
                );
            }
        }),
    ],
});
