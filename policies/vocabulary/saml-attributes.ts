/** Prefix of the SAML attributes AWS reads. Names under it are matched exactly by AWS. */
export const AWS_SAML_ATTRIBUTE_PREFIX = "https://aws.amazon.com/SAML/Attributes/";

/** SAML attribute names AWS sign-in reads from the assertion. */
export const AWS_SAML_ATTRIBUTES = {
    role: "https://aws.amazon.com/SAML/Attributes/Role",
    roleSessionName: "https://aws.amazon.com/SAML/Attributes/RoleSessionName",
    sessionDuration: "https://aws.amazon.com/SAML/Attributes/SessionDuration",
    sourceIdentity: "https://aws.amazon.com/SAML/Attributes/SourceIdentity",
    principalTagPrefix: "https://aws.amazon.com/SAML/Attributes/PrincipalTag:",
} as const;

/** Every attribute name AWS documents under the prefix (PrincipalTag takes a `:<key>` suffix). */
export const AWS_SAML_ATTRIBUTE_NAMES = ["Role", "RoleSessionName", "SessionDuration", "SourceIdentity", "TransitiveTagKeys"] as const;
