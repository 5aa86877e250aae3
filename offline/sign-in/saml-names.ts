/** XML namespaces, URIs and attribute names shared by the Azure AD side and the AWS side of the simulation. */

import { AWS_SAML_ATTRIBUTES } from "../../policies/vocabulary/saml-attributes";

export const SAML_PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const SAML_METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
export const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

export const SAML_STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
export const SAML_BEARER_CONFIRMATION = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
export const SAML_PASSWORD_AUTHN_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password";

export const NAME_ID_FORMAT = {
    persistent: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    transient: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
    emailAddress: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    unspecified: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    entity: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
} as const;

export const SIGNATURE_ALGORITHM_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const DIGEST_ALGORITHM_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
export const EXCLUSIVE_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
export const ENVELOPED_SIGNATURE_TRANSFORM = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/** SAML attribute names AWS sign-in reads. */
export const AWS_SAML_ATTRIBUTE = AWS_SAML_ATTRIBUTES;

/** The `nameidentifier` claim type: a claims mapping policy entry with it sets the SAML NameID. */
export const NAME_IDENTIFIER_CLAIM_TYPE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";

/** Azure AD's token issuer for a tenant; also the entityID of the IdP metadata built for that tenant. */
export function azureAdIssuer(tenantId: string): string {
    return `https://sts.windows.net/${tenantId}/`;
}
