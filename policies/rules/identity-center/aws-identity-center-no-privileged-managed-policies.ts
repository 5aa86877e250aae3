import { fullAdministratorProblem } from "../aws-iam/aws-sso-role-no-privileged-managed-policies";
import { defineStackPolicy } from "../../framework/policy-definition";
import { ALLOWED_PERMISSION_SET_NAMES, checkPermissionSetPrivileges } from "../../model/permission-set-privileges";

export const permissionSetPrivilegedPoliciesPolicy = defineStackPolicy({
    name: "aws-identity-center-no-privileged-managed-policies",
    description:
        "Identity Center permission sets get no full-admin equivalent (AdministratorAccess, IAMFullAccess, an inline * on * or iam:*) unless the permission set is on an allow-list.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Attach job-function or least-privilege policies to the permission set. If an administrator permission set is intended, add its name to allowedPermissionSetNames, assign it to few accounts, and require MFA for the Identity Center app with Conditional Access.",
    config: {
        deniedPolicyNames: {
            type: "array",
            description: "AWS managed policy names that give full control of an account, which permission sets must not receive.",
            default: ["AdministratorAccess", "IAMFullAccess"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
        allowedPermissionSetNames: ALLOWED_PERMISSION_SET_NAMES,
    },
    validateStack: (args, reportViolation, config) =>
        checkPermissionSetPrivileges(args.resources, reportViolation, {
            deniedPolicyNames: config.deniedPolicyNames,
            allowedPermissionSetNames: config.allowedPermissionSetNames,
            label: "full control of the account",
            documentProblem: fullAdministratorProblem,
        }),
});
