/** Offline sign-in simulation: Azure AD issues a signed SAML response, AWS sign-in and STS judge it against the plan. */
export { simulateSignIn, readRoleChoices, formatSignInResult, failureBeforeRoleChoice } from "./simulate-sign-in";
export type { SignInPlan, SignInSimulationRequest, SignInResult, SignInSuccess, SignInFailure } from "./simulate-sign-in";

export { buildAzureSamlResponse, renderAzureSamlResponseXml, signSamlResponseXml, audienceOfIdentifierUri } from "./saml-response";
export type {
    AzureSignInApp,
    SamlSigningKey,
    SamlSigningOption,
    AzureSamlResponse,
    AzureSamlResponseOutcome,
    AzureSamlResponseRequest,
    AzureSamlResponseLifetimes,
    UnsignedSamlResponseContent,
} from "./saml-response";

export { applyClaimsMappingPolicy } from "./claims-mapping-policy";
export type { DirectoryUser, DefaultNameIdFormat, AzureClaimSet, SamlAttributeClaim, ClaimsMappingOutcome } from "./claims-mapping-policy";

export {
    assumeRoleWithSaml,
    parseRoleValue,
    samlAttributeValues,
    samlNameQualifier,
    AWS_SIGN_IN_MESSAGE,
} from "./sts-assume-role-with-saml";
export type {
    AwsFederationPlan,
    SamlProviderInPlan,
    IamRoleInPlan,
    AssumeRoleWithSamlRequest,
    AssumeRoleWithSamlResult,
    AssumedRoleSession,
    SamlConditionContext,
    SignInCheck,
    SignInFailureReason,
} from "./sts-assume-role-with-saml";

export { evaluateTrustPolicy } from "./iam-trust-policy-evaluation";
export type { TrustPolicyRequest, TrustPolicyDecision, ConditionContextValue } from "./iam-trust-policy-evaluation";

export { parseIdpMetadata } from "./idp-metadata";
export type { IdpMetadata, IdpMetadataOutcome, TrustedSigningCertificate } from "./idp-metadata";

export { verifySignedAssertion } from "./saml-signature-verification";
export type { SignedAssertionOutcome } from "./saml-signature-verification";

export { azureAdIssuer, AWS_SAML_ATTRIBUTE } from "./saml-names";
