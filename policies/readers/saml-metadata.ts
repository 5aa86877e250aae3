import { DOMParser } from "@xmldom/xmldom";
import { X509Certificate } from "crypto";

/** Reads SAML 2.0 IdP metadata the way IAM needs it: one IdP entity with its signing certificates. */

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const BYTE_ORDER_MARK = "\uFEFF";

export interface MetadataCertificate {
    /** Base64 DER without whitespace: the form Azure reports as a certificate `value`. */
    readonly base64: string;
    /** SHA-1 of the DER, upper-case hex: the form Azure reports as a `thumbprint`. Absent if unparseable. */
    readonly thumbprint?: string;
    readonly notBefore?: Date;
    readonly notAfter?: Date;
    /** RSA modulus (or EC field) size; absent when Node cannot tell. */
    readonly keyBits?: number;
    /** Set when the element does not hold a readable X.509 certificate. */
    readonly problem?: string;
}

export interface SamlMetadataReading {
    readonly length: number;
    readonly startsWithByteOrderMark: boolean;
    /** Problems that make the document unusable as IdP metadata, one sentence each. */
    readonly problems: readonly string[];
    readonly entityId?: string;
    readonly signingCertificates: readonly MetadataCertificate[];
    readonly singleSignOnLocations: readonly string[];
}

export function readSamlMetadata(document: string): SamlMetadataReading {
    const base = {
        length: document.length,
        startsWithByteOrderMark: document.startsWith(BYTE_ORDER_MARK),
    };
    const parseProblems: string[] = [];
    let parsed: ReturnType<DOMParser["parseFromString"]> | undefined;
    try {
        parsed = new DOMParser({
            onError: (level, message) => {
                if (level !== "warning") {
                    throw new Error(message);
                }
            },
        }).parseFromString(document.replace(/^\uFEFF/, ""), "text/xml");
    } catch (error) {
        parseProblems.push(`the metadata is not well-formed XML (${firstLine((error as Error).message)})`);
    }
    const root = parsed?.documentElement;
    if (parsed === undefined || root === null || root === undefined) {
        return {
            ...base,
            problems: parseProblems.length > 0 ? parseProblems : ["the metadata has no root element"],
            signingCertificates: [],
            singleSignOnLocations: [],
        };
    }
    const problems: string[] = [];
    if (root.namespaceURI !== METADATA_NS || root.localName !== "EntityDescriptor") {
        problems.push(
            `the root element must be a SAML 2.0 metadata EntityDescriptor, got ${root.localName ?? root.nodeName} in namespace ${root.namespaceURI ?? "(none)"}`,
        );
        return { ...base, problems, signingCertificates: [], singleSignOnLocations: [] };
    }
    const entityId = root.getAttribute("entityID") ?? undefined;
    if (!entityId) {
        problems.push("the EntityDescriptor has no entityID");
    }
    const idpDescriptors = childElements(root, METADATA_NS, "IDPSSODescriptor");
    if (idpDescriptors.length !== 1) {
        problems.push(`the metadata must describe exactly one IDPSSODescriptor, found ${idpDescriptors.length}`);
    }
    const signingCertificates: MetadataCertificate[] = [];
    const singleSignOnLocations: string[] = [];
    for (const descriptor of idpDescriptors) {
        const protocols = (descriptor.getAttribute("protocolSupportEnumeration") ?? "").split(/\s+/);
        if (!protocols.includes(SAML2_PROTOCOL)) {
            problems.push(`the IDPSSODescriptor does not list ${SAML2_PROTOCOL} in protocolSupportEnumeration`);
        }
        for (const keyDescriptor of childElements(descriptor, METADATA_NS, "KeyDescriptor")) {
            const use = keyDescriptor.getAttribute("use");
            if (use && use !== "signing") {
                continue;
            }
            for (const certificate of descendants(keyDescriptor, DSIG_NS, "X509Certificate")) {
                signingCertificates.push(readCertificate(certificate.textContent ?? ""));
            }
        }
        for (const service of childElements(descriptor, METADATA_NS, "SingleSignOnService")) {
            const location = service.getAttribute("Location");
            if (location) {
                singleSignOnLocations.push(location);
            }
        }
    }
    if (idpDescriptors.length > 0 && singleSignOnLocations.length === 0) {
        problems.push("the IDPSSODescriptor has no SingleSignOnService location");
    }
    return { ...base, problems, entityId: entityId || undefined, signingCertificates, singleSignOnLocations };
}

function readCertificate(text: string): MetadataCertificate {
    const base64 = text.replace(/\s+/g, "");
    try {
        const certificate = new X509Certificate(Buffer.from(base64, "base64"));
        const details = certificate.publicKey.asymmetricKeyDetails;
        return {
            base64,
            thumbprint: certificate.fingerprint.replace(/:/g, "").toUpperCase(),
            notBefore: new Date(certificate.validFrom),
            notAfter: new Date(certificate.validTo),
            keyBits: details?.modulusLength,
        };
    } catch (error) {
        return { base64, problem: `not a readable X.509 certificate (${firstLine((error as Error).message)})` };
    }
}

/** Upper-case hex SHA-1 thumbprint of a base64 DER certificate, or undefined when unreadable. */
export function certificateThumbprint(base64: string): string | undefined {
    try {
        return new X509Certificate(Buffer.from(base64.replace(/\s+/g, ""), "base64")).fingerprint.replace(/:/g, "").toUpperCase();
    } catch {
        return undefined;
    }
}

type XmlElement = NonNullable<ReturnType<DOMParser["parseFromString"]>["documentElement"]>;

function childElements(parent: XmlElement, namespace: string, localName: string): XmlElement[] {
    const result: XmlElement[] = [];
    for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
        const element = node as XmlElement;
        if (node.nodeType === 1 && element.namespaceURI === namespace && element.localName === localName) {
            result.push(element);
        }
    }
    return result;
}

function descendants(parent: XmlElement, namespace: string, localName: string): XmlElement[] {
    return Array.from(parent.getElementsByTagNameNS(namespace, localName)) as XmlElement[];
}

function firstLine(message: string): string {
    return message.split("\n")[0].trim();
}
