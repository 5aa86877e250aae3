import { defineStackPolicy } from "../../framework/policy-definition";
import { ALLOWED_ROLE_NAMES, checkSsoRolePrivileges } from "../../model/sso-role-privileges";

export const ssoRoleNoPowerUserPolicy = defineStackPolicy({
    name: "aws-sso-role-power-user-access",
    description:
        "Roles that trust SAML sign-in get no PowerUserAccess (every service but IAM and Organizations) unless the role is on an allow-list.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Prefer a job-function policy (ViewOnlyAccess, DataScientist, ...) or a least-privilege one. PowerUserAccess is AWS's own default for developer permission sets and cannot change IAM, so it is advisory: add sandbox developer roles to allowedRoleNames, or raise this policy to mandatory for production stacks.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give broad but not full access.",
            default: ["PowerUserAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedRoleNames: ALLOWED_ROLE_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkSsoRolePrivileges(args, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedRoleNames: config.allowedRoleNames,
            label: "broad access to every service but IAM",
        }),
});
