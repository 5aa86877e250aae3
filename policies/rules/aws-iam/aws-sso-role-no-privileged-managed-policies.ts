import { defineStackPolicy } from "../../framework/policy-definition";
import { ALLOWED_ROLE_NAMES, checkSsoRolePrivileges } from "../../model/sso-role-privileges";
import {
    coversWholeService,
    isEveryActionPattern,
    readPolicyDocument,
    statementCoversEveryResource,
    wildcardMatches,
} from "../../readers/iam-policy-document";

/** Why a policy document gives full control of the account (`*` on `*`, or all of IAM), if it does. */
export function fullAdministratorProblem(document: unknown): string | undefined {
    const reading = readPolicyDocument(document);
    for (const statement of reading.document?.statements ?? []) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const label = `statement ${statement.sid ?? statement.index}`;
        if (statement.notActions !== undefined) {
            // NotAction grants all of IAM unless it excludes some IAM action.
            const excludesIam = statement.notActions.some((pattern) => wildcardMatches(pattern.split(":")[0] ?? "", "iam"));
            if (!excludesIam && statementCoversEveryResource(statement)) {
                return `${label} allows every action except ${JSON.stringify(statement.notActions)} on every resource, IAM included.`;
            }
            continue;
        }
        const everyAction = statement.actions.find(isEveryActionPattern);
        if (everyAction !== undefined && statementCoversEveryResource(statement)) {
            return `${label} allows ${JSON.stringify(everyAction)} on every resource.`;
        }
        const wholeIam = statement.actions.find((action) => coversWholeService(action, "iam"));
        if (wholeIam !== undefined) {
            return `${label} allows ${JSON.stringify(wholeIam)}, every IAM action: whoever has it can grant themselves anything.`;
        }
    }
    return undefined;
}

export const ssoRoleNoPrivilegedPoliciesPolicy = defineStackPolicy({
    name: "aws-sso-role-no-privileged-managed-policies",
    description:
        "Roles that trust SAML sign-in get no full-admin permissions (AdministratorAccess, IAMFullAccess, a document granting * on * or iam:*) unless allow-listed.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Attach a job-function or least-privilege policy instead. If an administrator role reached through SSO is intended (break-glass), add its name to allowedRoleNames for this stack, and protect it with a Conditional Access policy that requires MFA.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give full control of the account, which SSO roles must not receive.",
            default: ["AdministratorAccess", "IAMFullAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedRoleNames: ALLOWED_ROLE_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkSsoRolePrivileges(args, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedRoleNames: config.allowedRoleNames,
            label: "full control of the account",
            documentProblem: fullAdministratorProblem,
        }),
});
