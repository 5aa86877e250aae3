import { create } from "xmlbuilder2";

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const SAML_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const HTTP_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/** IAM's limits on a SAML provider's metadata document. */
export const SAML_METADATA_LIMITS = { minLength: 1000, maxLength: 10_000_000, maxSigningCertificates: 10 } as const;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

export interface AzureAdIdpMetadataArgs {
    /** Azure AD tenant id (UUID). */
    readonly tenantId: string;
    /** Token-signing certificates as base64 DER (the Azure `value` form), in publication order. */
    readonly signingCertificates: readonly string[];
    /** Sign-in host; `login.microsoftonline.com` in the public cloud. */
    readonly loginHost?: string;
}

/** Entity id Azure AD puts in the Issuer of every SAML response from a tenant. */
export function azureAdEntityId(tenantId: string): string {
    return `https://sts.windows.net/${tenantId}/`;
}

/**
 * SAML 2.0 IdP metadata for an Azure AD tenant, built from the signing certificates instead of
 * fetched: Azure's own document starts with a BOM (IAM rejects it), is re-signed on every request
 * (a perpetual diff) and lags a new certificate. Same inputs, same bytes.
 */
export function azureAdIdpMetadata(args: AzureAdIdpMetadataArgs): string {
    if (!UUID_PATTERN.test(args.tenantId)) {
        throw new Error(`tenantId: "${args.tenantId}" is not a UUID`);
    }
    const certificates = args.signingCertificates.map((value) => value.replace(/\s+/g, ""));
    if (certificates.length === 0 || certificates.length > SAML_METADATA_LIMITS.maxSigningCertificates) {
        throw new Error(
            `signingCertificates: ${certificates.length} given, IAM accepts 1 to ${SAML_METADATA_LIMITS.maxSigningCertificates}`,
        );
    }
    certificates.forEach((value, index) => {
        if (!BASE64_PATTERN.test(value)) {
            throw new Error(`signingCertificates[${index}]: not a base64 DER certificate body`);
        }
    });
    const ssoLocation = `https://${args.loginHost ?? "login.microsoftonline.com"}/${args.tenantId}/saml2`;

    const descriptor = create({ version: "1.0", encoding: "UTF-8" })
        .ele(METADATA_NS, "EntityDescriptor", { entityID: azureAdEntityId(args.tenantId) })
        .ele(METADATA_NS, "IDPSSODescriptor", { protocolSupportEnumeration: SAML_PROTOCOL });
    for (const certificate of certificates) {
        descriptor
            .ele(METADATA_NS, "KeyDescriptor", { use: "signing" })
            .ele(XMLDSIG_NS, "KeyInfo")
            .ele(XMLDSIG_NS, "X509Data")
            .ele(XMLDSIG_NS, "X509Certificate")
            .txt(certificate);
    }
    descriptor.ele(METADATA_NS, "SingleLogoutService", { Binding: HTTP_REDIRECT, Location: ssoLocation });
    descriptor.ele(METADATA_NS, "SingleSignOnService", { Binding: HTTP_REDIRECT, Location: ssoLocation });
    descriptor.ele(METADATA_NS, "SingleSignOnService", { Binding: HTTP_POST, Location: ssoLocation });
    const xml = descriptor.doc().end({ prettyPrint: true });

    if (xml.length < SAML_METADATA_LIMITS.minLength || xml.length > SAML_METADATA_LIMITS.maxLength) {
        throw new Error(
            `metadata is ${xml.length} characters; IAM accepts ${SAML_METADATA_LIMITS.minLength} to ${SAML_METADATA_LIMITS.maxLength}`,
        );
    }
    return xml;
}
