import type { Element } from "@xmldom/xmldom";
import * as crypto from "crypto";
import { base64DerToPem, thumbprintOfBase64Der } from "../program/certificates";
import { SAML_METADATA_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from "./saml-names";
import { attributeValue, childElements, isElement, parseStrictXml } from "./strict-xml";

/** A certificate the IAM SAML provider trusts for signatures. */
export interface TrustedSigningCertificate {
    readonly base64Der: string;
    readonly pem: string;
    /** SHA-1 of the DER, upper-case hex, as Azure reports it. */
    readonly thumbprint: string;
}

/** What IAM keeps from a SAML provider's metadata document for AssumeRoleWithSAML. */
export interface IdpMetadata {
    readonly entityId: string;
    readonly signingCertificates: readonly TrustedSigningCertificate[];
}

export type IdpMetadataOutcome = { readonly ok: true; readonly metadata: IdpMetadata } | { readonly ok: false; readonly problem: string };

/** IAM's documented limits on `SAMLMetadataDocument`. */
const METADATA_MIN_CHARACTERS = 1000;
const METADATA_MAX_CHARACTERS = 10_000_000;
const MIN_SIGNING_KEY_BITS = 1024;

/**
 * Reads a SAML 2.0 IdP metadata document as IAM does when it becomes a SAML provider: root
 * `md:EntityDescriptor` with an entityID, an `md:IDPSSODescriptor` supporting SAML 2.0, and the
 * `ds:X509Certificate`s of its KeyDescriptors whose `use` is `signing` or absent (absent means both).
 * Rules IAM enforces at creation (size, no BOM, key size) are checked too, because a provider that
 * could not be created cannot validate anything.
 */
export function parseIdpMetadata(metadataXml: string): IdpMetadataOutcome {
    if (metadataXml.charCodeAt(0) === 0xfeff) {
        return { ok: false, problem: "metadata starts with a UTF-8 byte order mark, which IAM rejects" };
    }
    if (metadataXml.length < METADATA_MIN_CHARACTERS || metadataXml.length > METADATA_MAX_CHARACTERS) {
        return {
            ok: false,
            problem: `metadata is ${metadataXml.length} characters; IAM accepts ${METADATA_MIN_CHARACTERS} to ${METADATA_MAX_CHARACTERS}`,
        };
    }
    let root: Element;
    try {
        root = parseStrictXml(metadataXml).documentElement!;
    } catch (error) {
        return { ok: false, problem: `metadata is not well-formed XML: ${(error as Error).message}` };
    }
    if (!isElement(root, SAML_METADATA_NS, "EntityDescriptor")) {
        return { ok: false, problem: `metadata root is {${root.namespaceURI ?? ""}}${root.localName}, not a SAML 2.0 md:EntityDescriptor` };
    }
    const entityId = attributeValue(root, "entityID");
    if (!entityId) {
        return { ok: false, problem: "md:EntityDescriptor has no entityID" };
    }
    const idpDescriptors = childElements(root, SAML_METADATA_NS, "IDPSSODescriptor").filter((descriptor) =>
        (attributeValue(descriptor, "protocolSupportEnumeration") ?? "").split(/\s+/).includes(SAML_PROTOCOL_NS),
    );
    if (idpDescriptors.length === 0) {
        return { ok: false, problem: "metadata has no md:IDPSSODescriptor supporting the SAML 2.0 protocol" };
    }
    const signingCertificates: TrustedSigningCertificate[] = [];
    for (const descriptor of idpDescriptors) {
        for (const keyDescriptor of childElements(descriptor, SAML_METADATA_NS, "KeyDescriptor")) {
            const use = attributeValue(keyDescriptor, "use");
            if (use !== undefined && use !== "signing") {
                continue;
            }
            for (const keyInfo of childElements(keyDescriptor, XMLDSIG_NS, "KeyInfo")) {
                for (const x509Data of childElements(keyInfo, XMLDSIG_NS, "X509Data")) {
                    for (const certificateElement of childElements(x509Data, XMLDSIG_NS, "X509Certificate")) {
                        const base64Der = (certificateElement.textContent ?? "").replace(/\s+/g, "");
                        const problem = signingCertificateProblem(base64Der);
                        if (problem) {
                            return { ok: false, problem };
                        }
                        signingCertificates.push({
                            base64Der,
                            pem: base64DerToPem(base64Der),
                            thumbprint: thumbprintOfBase64Der(base64Der),
                        });
                    }
                }
            }
        }
    }
    if (signingCertificates.length === 0) {
        return { ok: false, problem: 'metadata has no signing certificate (KeyDescriptor use="signing" with ds:X509Certificate)' };
    }
    return { ok: true, metadata: { entityId, signingCertificates } };
}

function signingCertificateProblem(base64Der: string): string | undefined {
    let certificate: crypto.X509Certificate;
    try {
        certificate = new crypto.X509Certificate(Buffer.from(base64Der, "base64"));
    } catch (error) {
        return `a ds:X509Certificate in the metadata is not a valid X.509 certificate: ${(error as Error).message}`;
    }
    const bits = certificate.publicKey.asymmetricKeyDetails?.modulusLength;
    if (bits !== undefined && bits < MIN_SIGNING_KEY_BITS) {
        return `signing certificate ${thumbprintOfBase64Der(base64Der)} has a ${bits}-bit key; IAM requires at least ${MIN_SIGNING_KEY_BITS}`;
    }
    return undefined;
}
