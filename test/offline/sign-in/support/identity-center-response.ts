import * as assert from "assert";
import { azureAdIdpMetadata } from "../../../../components/documents/idp-metadata";
import { generateSigningCertificate, SigningCertificate } from "../../../../offline/program/certificates";
import type { DirectoryUser } from "../../../../offline/sign-in/claims-mapping-policy";
import type { IdentityCenterServiceProvider } from "../../../../offline/sign-in/identity-center-acs";
import { IDENTITY_CENTER_GALLERY_CLAIMS } from "../../../../offline/sign-in/identity-center-sign-in";
import { buildAzureSamlResponse } from "../../../../offline/sign-in/saml-response";
import { identityCenterBlock, TENANT_ID } from "../../../support/stack-fixtures";

/** Entra's sign-in to the "AWS IAM Identity Center" gallery app of the fixtures' identityCenter block. */
export const IDENTITY_CENTER_ISSUER: string = identityCenterBlock().samlIssuer;
export const IDENTITY_CENTER_ACS: string = identityCenterBlock().samlAcsUrl;
export const IDENTITY_CENTER_NOW = new Date("2026-12-01T12:00:00Z");

export const MEGAN: DirectoryUser = {
    userPrincipalName: "megan.bowen@contoso.com",
    objectId: "6e7b0f1a-0000-4000-8000-000000000010",
    attributes: { userprincipalname: "megan.bowen@contoso.com", mail: "megan.bowen@contoso.com", givenname: "Megan", surname: "Bowen" },
    assignedRoleValues: [],
};

export function identityCenterCertificate(commonName: string): SigningCertificate {
    return generateSigningCertificate({
        commonName,
        notBefore: new Date("2026-01-01T00:00:00Z"),
        notAfter: new Date("2029-01-01T00:00:00Z"),
    });
}

/** Megan's response as Entra signs it for Identity Center, with one thing changed. */
export function identityCenterResponse(
    certificate: SigningCertificate,
    overrides: { identifierUri?: string; replyUrl?: string; key?: SigningCertificate } = {},
) {
    const built = buildAzureSamlResponse({
        tenantId: TENANT_ID,
        app: {
            identifierUri: overrides.identifierUri ?? IDENTITY_CENTER_ISSUER,
            replyUrl: overrides.replyUrl ?? IDENTITY_CENTER_ACS,
            claimsMappingPolicy: IDENTITY_CENTER_GALLERY_CLAIMS,
            signingCertificate: overrides.key ?? certificate,
            defaultNameIdFormat: "emailAddress",
        },
        user: MEGAN,
        now: IDENTITY_CENTER_NOW,
    });
    assert.ok(built.ok);
    return built.response;
}

/** Identity Center holding the metadata of `certificate` and Megan provisioned by SCIM. */
export function identityCenterProvider(
    certificate: SigningCertificate,
    overrides: Partial<IdentityCenterServiceProvider> = {},
): IdentityCenterServiceProvider {
    return {
        samlIssuer: IDENTITY_CENTER_ISSUER,
        samlAcsUrl: IDENTITY_CENTER_ACS,
        idpMetadataXml: azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [certificate.base64Der] }),
        userNames: new Set([MEGAN.userPrincipalName]),
        ...overrides,
    };
}
