import { X509Certificate } from "node:crypto";
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
const HOST_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Public cloud sign-in host. */
export const DEFAULT_LOGIN_HOST = "login.microsoftonline.com";

/**
 * The token issuer host of each cloud, by its sign-in host. The SAML Issuer follows the cloud's STS
 * host, not the login host: Azure China signs as `https://sts.chinacloudapi.cn/<tenant>/`. Hosts not
 * listed need `stsHost` spelled out, so a guess never becomes a trust anchor IAM would refuse to match.
 */
export const STS_HOST_BY_LOGIN_HOST: Readonly<Record<string, string>> = {
    "login.microsoftonline.com": "sts.windows.net",
    "login.chinacloudapi.cn": "sts.chinacloudapi.cn",
    "login.partner.microsoftonline.cn": "sts.chinacloudapi.cn",
};

export interface AzureAdIdpMetadataArgs {
    /** Azure AD tenant id (UUID). */
    readonly tenantId: string;
    /** Token-signing certificates as base64 DER (the Azure `value` form), in publication order. */
    readonly signingCertificates: readonly string[];
    /** Sign-in host; `login.microsoftonline.com` in the public cloud. */
    readonly loginHost?: string;
    /** Token issuer host; derived from `loginHost` for the clouds in `STS_HOST_BY_LOGIN_HOST`. */
    readonly stsHost?: string;
}

/** Entity id Azure AD puts in the Issuer of every SAML response from a tenant. */
export function azureAdEntityId(tenantId: string, stsHost: string = STS_HOST_BY_LOGIN_HOST[DEFAULT_LOGIN_HOST]): string {
    return `https://${stsHost}/${tenantId}/`;
}

/** The issuer host for a sign-in host, or an error naming the hosts it knows. */
export function stsHostFor(loginHost: string, stsHost?: string): string {
    if (stsHost !== undefined) {
        if (!HOST_PATTERN.test(stsHost)) {
            throw new Error(`stsHost: "${stsHost}" is not a host name`);
        }
        return stsHost;
    }
    const known = STS_HOST_BY_LOGIN_HOST[loginHost];
    if (known === undefined) {
        throw new Error(
            `loginHost: "${loginHost}" has no known token issuer host; set stsHost, or use one of: ${Object.keys(STS_HOST_BY_LOGIN_HOST).join(", ")}`,
        );
    }
    return known;
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
        // Any base64 passes the pattern; IAM parses each key descriptor as X.509 and refuses the document otherwise.
        try {
            new X509Certificate(Buffer.from(value, "base64"));
        } catch (error) {
            throw new Error(`signingCertificates[${index}]: base64 but not an X.509 DER certificate (${(error as Error).message})`);
        }
    });
    const loginHost = args.loginHost ?? DEFAULT_LOGIN_HOST;
    if (!HOST_PATTERN.test(loginHost)) {
        throw new Error(`loginHost: "${loginHost}" is not a host name`);
    }
    const entityId = azureAdEntityId(args.tenantId, stsHostFor(loginHost, args.stsHost));
    const ssoLocation = `https://${loginHost}/${args.tenantId}/saml2`;

    const descriptor = create({ version: "1.0", encoding: "UTF-8" })
        .ele(METADATA_NS, "EntityDescriptor", { entityID: entityId })
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
