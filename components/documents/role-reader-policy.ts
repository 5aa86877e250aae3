import { IamPolicyDocument } from "./iam-policy-document";

/** IAM policy name the tutorial gives the role-import reader. */
export const ROLE_READER_POLICY_NAME = "AzureAD_SSOUserRole_Policy";
/** IAM user name the tutorial gives the role-import reader. */
export const ROLE_READER_USER_NAME = "AzureADRoleManager";
/** Description this program gives the reader's policy (the tutorial's own differs; IAM cannot change it in place). */
export const ROLE_READER_POLICY_DESCRIPTION = "Lets Azure AD's role import list the roles that trust its SAML provider.";

/** The only permission Azure's role import needs: listing roles to find those that trust the provider. */
export function roleReaderPolicy(): IamPolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "AzureAdRoleImport", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }],
    };
}
