import { defineStackPolicy } from "../../framework/policy-definition";
import { ALLOWED_PERMISSION_SET_NAMES, checkPermissionSetPrivileges } from "../../model/permission-set-privileges";

export const permissionSetPowerUserPolicy = defineStackPolicy({
    name: "aws-identity-center-power-user-access",
    description:
        "Identity Center permission sets get no PowerUserAccess (every service but IAM and Organizations) unless the permission set is on an allow-list.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Prefer a job-function policy (ViewOnlyAccess, DataScientist, ...) or a least-privilege one. PowerUserAccess cannot change IAM, so this is advisory: add sandbox developer permission sets to allowedPermissionSetNames, or raise the policy to mandatory for production organizations.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give broad but not full access.",
            default: ["PowerUserAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedPermissionSetNames: ALLOWED_PERMISSION_SET_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkPermissionSetPrivileges(args.resources, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedPermissionSetNames: config.allowedPermissionSetNames,
            label: "broad access to every service but IAM",
        }),
});
