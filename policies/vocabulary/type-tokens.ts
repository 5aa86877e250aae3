/** The package part of this project's type tokens, and its config namespace. */
export const PACKAGE_NAME = "azuread-aws-sso";

/** Type tokens of this project's components, `azuread-aws-sso:<module>:<Name>`; they are part of every URN, never change them. */
export const COMPONENT_TYPES = {
    samlFederation: "azuread-aws-sso:aws:SamlFederation",
    roleImportReader: "azuread-aws-sso:aws:RoleImportReader",
    awsGalleryApp: "azuread-aws-sso:azuread:AwsGalleryApp",
    awsAppRoles: "azuread-aws-sso:azuread:AwsAppRoles",
    awsRoleImport: "azuread-aws-sso:azuread:AwsRoleImport",
    mfaConditionalAccess: "azuread-aws-sso:azuread:MfaConditionalAccess",
    testUser: "azuread-aws-sso:azuread:TestUser",
    accountFederation: "azuread-aws-sso:wiring:AccountFederation",
    identityCenterFederation: "azuread-aws-sso:identity-center:IdentityCenterFederation",
    identityCenterApp: "azuread-aws-sso:identity-center:IdentityCenterApp",
    permissionSet: "azuread-aws-sso:identity-center:PermissionSet",
    teamRole: "azuread-aws-sso:team:TeamRole",
    roleAssignment: "azuread-aws-sso:team:RoleAssignment",
} as const;

/** IAM user tag the program writes on the role-import reader: its configured key generations, oldest first. */
export const ROLE_IMPORT_KEYS_TAG = "azuread-aws-sso:role-import-keys";
