import { azureAdIdpMetadata } from "../../../../components/documents/idp-metadata";
import { samlTrustPolicy } from "../../../../components/documents/saml-trust-policy";
import type { SigningCertificate } from "../../../../offline/program/certificates";
import type { AzureSignInApp, DirectoryUser, IamRoleInPlan, SignInPlan } from "../../../../offline/sign-in";

/** A dev-like federation: one tenant, one account with its SAML provider and two roles, one user holding both. */
export const TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
export const DEV_ACCOUNT_ID = "111122223333";
export const OTHER_ACCOUNT_ID = "444455556666";
export const GLOBAL_SIGN_IN = "https://signin.aws.amazon.com/saml";
export const ISSUER = `https://sts.windows.net/${TENANT_ID}/`;

export const PROVIDER_ARN = `arn:aws:iam::${DEV_ACCOUNT_ID}:saml-provider/AzureAD`;
export const OTHER_PROVIDER_ARN = `arn:aws:iam::${OTHER_ACCOUNT_ID}:saml-provider/AzureAD`;
export const DEVELOPER_ROLE_ARN = `arn:aws:iam::${DEV_ACCOUNT_ID}:role/Developer`;
export const READ_ONLY_ROLE_ARN = `arn:aws:iam::${DEV_ACCOUNT_ID}:role/ReadOnly`;

/** The policy from the federation facts, verbatim. */
export const AWS_CLAIMS_MAPPING_POLICY =
    '{"ClaimsMappingPolicy":{"Version":1,"IncludeBasicClaimSet":"true","ClaimsSchema":[' +
    '{"Source":"user","ID":"assignedroles","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/Role"},' +
    '{"Source":"user","ID":"userprincipalname","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/RoleSessionName"},' +
    '{"Value":"3600","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/SessionDuration"}]}}';

/** Fixed issue instant so every time in the response is predictable. */
export const NOW = new Date("2025-03-14T09:26:53.000Z");

export function metadataFor(...certificates: SigningCertificate[]): string {
    return azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: certificates.map((certificate) => certificate.base64Der) });
}

export function trustPolicyFor(providerArn: string, audience = GLOBAL_SIGN_IN): string {
    return JSON.stringify(samlTrustPolicy({ samlProviderArn: providerArn, audiences: [audience] }));
}

export function devRole(name: "Developer" | "ReadOnly", overrides: Partial<IamRoleInPlan> = {}): IamRoleInPlan {
    return {
        arn: `arn:aws:iam::${DEV_ACCOUNT_ID}:role/${name}`,
        name,
        accountId: DEV_ACCOUNT_ID,
        trustPolicy: trustPolicyFor(PROVIDER_ARN),
        maxSessionDuration: name === "Developer" ? 3600 : 43200,
        ...overrides,
    };
}

export function devPlan(signing: SigningCertificate): SignInPlan {
    return {
        tenantId: TENANT_ID,
        providers: [{ arn: PROVIDER_ARN, name: "AzureAD", accountId: DEV_ACCOUNT_ID, metadataXml: metadataFor(signing) }],
        roles: [devRole("Developer"), devRole("ReadOnly")],
    };
}

export function devApp(signing: SigningCertificate, overrides: Partial<AzureSignInApp> = {}): AzureSignInApp {
    return {
        identifierUri: `${GLOBAL_SIGN_IN}#dev-sandbox`,
        replyUrl: GLOBAL_SIGN_IN,
        claimsMappingPolicy: AWS_CLAIMS_MAPPING_POLICY,
        signingCertificate: { base64Der: signing.base64Der, privateKeyPem: signing.privateKeyPem },
        ...overrides,
    };
}

export function bSimon(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
    return {
        userPrincipalName: "B.Simon@contoso.com",
        objectId: "5d3c2b1a-8f7e-4d6c-9b5a-4e3f2a1b0c9d",
        attributes: { mail: "B.Simon@contoso.com", givenname: "B.", surname: "Simon", displayname: "B. Simon" },
        assignedRoleValues: [`${DEVELOPER_ROLE_ARN},${PROVIDER_ARN}`, `${PROVIDER_ARN},${READ_ONLY_ROLE_ARN}`],
        ...overrides,
    };
}

/** Replaces `"Value":"3600"` in the facts' policy, e.g. to ask for a longer session. */
export function policyWithSessionDuration(seconds: string): string {
    return AWS_CLAIMS_MAPPING_POLICY.replace('"Value":"3600"', `"Value":"${seconds}"`);
}
