import { Policies } from "@pulumi/policy";
import { samlRoleTrustPolicy } from "./rules/aws-saml/aws-saml-role-trust";
import { samlRoleTrustsStackProviderPolicy } from "./rules/aws-saml/aws-saml-role-trusts-stack-provider";
import { samlProviderMetadataPolicy } from "./rules/aws-saml/aws-saml-provider-metadata";
import { ssoRoleNoPrivilegedPoliciesPolicy } from "./rules/aws-iam/aws-sso-role-no-privileged-managed-policies";
import { ssoRoleNoPowerUserPolicy } from "./rules/aws-iam/aws-sso-role-power-user-access";
import { noWildcardPermissionsPolicy } from "./rules/aws-iam/aws-iam-no-wildcard-permissions";
import { roleReaderPermissionsPolicy } from "./rules/aws-iam/aws-iam-user-role-reader-permissions";
import { noConsolePasswordPolicy } from "./rules/aws-iam/aws-iam-no-console-password";
import { singleAccessKeyPolicy } from "./rules/aws-iam/aws-iam-user-single-access-key";
import { accessKeyAgePolicy } from "./rules/aws-iam/aws-iam-access-key-age";
import { strongPasswordPolicyPolicy } from "./rules/aws-iam/aws-account-password-policy-strength";
import { galleryTemplatePolicy } from "./rules/azuread/azuread-aws-app-from-gallery-template";
import { servicePrincipalSsoPolicy } from "./rules/azuread/azuread-aws-service-principal-sso";
import { notificationEmailPolicy } from "./rules/azuread/azuread-aws-service-principal-notification-email";
import { claimsMappingPolicyPolicy } from "./rules/azuread/azuread-aws-claims-mapping-policy";
import { signingSetupPolicy } from "./rules/azuread/azuread-aws-app-signing-setup";
import { signingCertificateLifetimePolicy } from "./rules/azuread/azuread-signing-certificate-lifetime";
import { signingCertificateExpiryPolicy } from "./rules/azuread/azuread-signing-certificate-expiry";
import { activeSigningCertificateCurrentPolicy } from "./rules/azuread/azuread-active-signing-certificate-current";
import { identifierUriPolicy } from "./rules/azuread/azuread-aws-identifier-uri";
import { appRoleValuePolicy } from "./rules/azuread/azuread-aws-app-role-value";
import { conditionalAccessMfaPolicy } from "./rules/azuread/azuread-aws-app-conditional-access-mfa";
import { testUserStackPolicy } from "./rules/azuread/azuread-test-user-stack-allow-list";
import { sessionDurationPolicy } from "./rules/federation/federation-role-session-covers-claim";
import { appRoleTargetsPolicy } from "./rules/federation/federation-app-role-targets-stack";
import { provisioningPolicy } from "./rules/federation/federation-role-import-provisioning";
import { metadataCertificatePolicy } from "./rules/federation/federation-saml-metadata-matches-azure-certificate";
import { permissionSetPrivilegedPoliciesPolicy } from "./rules/identity-center/aws-identity-center-no-privileged-managed-policies";
import { permissionSetPowerUserPolicy } from "./rules/identity-center/aws-identity-center-power-user-access";
import { permissionSetInlinePolicyPolicy } from "./rules/identity-center/aws-identity-center-inline-policy-no-wildcards";
import { permissionSetSessionDurationPolicy } from "./rules/identity-center/aws-identity-center-session-duration";
import { assignmentAllowedAccountsPolicy } from "./rules/identity-center/aws-identity-center-assignment-allowed-accounts";
import { scimTokenExpiryPolicy } from "./rules/identity-center/federation-identity-center-scim-token-expiry";
import { scimTokenExpiredPolicy } from "./rules/identity-center/federation-identity-center-scim-token-expired";
import { groupCoveragePolicy } from "./rules/identity-center/federation-identity-center-group-coverage";

/** Name of the pack, as `--policy-pack` reports it and `pulumi policy publish` registers it. */
export const POLICY_PACK_NAME = "azuread-aws-sso";

/**
 * Every policy of the pack, grouped by the thing it protects, one file each under rules/<area>/<policy name>.ts.
 * The order is the order the CLI lists them in; add a policy here and a describe(<policy name>) under test/rules.
 */
export const packPolicies: Policies = [
    // AWS side of the federation: SAML role trust and the SAML provider.
    samlRoleTrustPolicy,
    samlRoleTrustsStackProviderPolicy,
    samlProviderMetadataPolicy,
    // AWS IAM permissions and identities around the federation.
    ssoRoleNoPrivilegedPoliciesPolicy,
    ssoRoleNoPowerUserPolicy,
    noWildcardPermissionsPolicy,
    roleReaderPermissionsPolicy,
    noConsolePasswordPolicy,
    singleAccessKeyPolicy,
    accessKeyAgePolicy,
    strongPasswordPolicyPolicy,
    // Azure AD side of the federation: the gallery app, its service principal, claims and certificates.
    galleryTemplatePolicy,
    servicePrincipalSsoPolicy,
    notificationEmailPolicy,
    claimsMappingPolicyPolicy,
    signingSetupPolicy,
    signingCertificateLifetimePolicy,
    signingCertificateExpiryPolicy,
    activeSigningCertificateCurrentPolicy,
    identifierUriPolicy,
    appRoleValuePolicy,
    conditionalAccessMfaPolicy,
    testUserStackPolicy,
    // Rules that join both clouds: what Azure AD sends must be what AWS accepts.
    sessionDurationPolicy,
    appRoleTargetsPolicy,
    provisioningPolicy,
    metadataCertificatePolicy,
    // IAM Identity Center: permission sets, their assignments, and the SCIM link from Entra ID.
    permissionSetPrivilegedPoliciesPolicy,
    permissionSetPowerUserPolicy,
    permissionSetInlinePolicyPolicy,
    permissionSetSessionDurationPolicy,
    assignmentAllowedAccountsPolicy,
    scimTokenExpiryPolicy,
    scimTokenExpiredPolicy,
    groupCoveragePolicy,
];

const seen = new Set<string>();
for (const policy of packPolicies) {
    if (seen.has(policy.name)) {
        throw new Error(`duplicate policy name ${policy.name}`);
    }
    seen.add(policy.name);
}
