import type { Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { thumbprintOfBase64Der } from "../program/certificates";
import type { TrustedSigningCertificate } from "./idp-metadata";
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from "./saml-names";
import { attributeValue, childElements, isElement, onlyChildElement, parseStrictXml } from "./strict-xml";

export type SignedAssertionOutcome =
    | {
          readonly valid: true;
          /** The assertion parsed from the bytes the signature covers: the only assertion anything may be read from. */
          readonly assertion: Element;
          readonly signedElement: "Assertion" | "Response";
          readonly signerThumbprint: string;
      }
    | {
          readonly valid: false;
          readonly reasons: readonly string[];
          /** Thumbprints of certificates the response's own KeyInfo carries: a diagnostic hint, never trusted. */
          readonly keyInfoThumbprints: readonly string[];
      };

/**
 * Verifies a SAML response's signature against the trusted certificates only (a certificate in the
 * signature's own KeyInfo is never used as a trust anchor), and returns the assertion from the signed
 * bytes. Against signature wrapping, a signature only counts when it is a direct child of the
 * Response or of the Response's only Assertion, has exactly one Reference, and that Reference points at
 * its own parent by ID; the assertion is then re-read from the canonical XML the signature covers.
 */
export function verifySignedAssertion(responseXml: string, trusted: readonly TrustedSigningCertificate[]): SignedAssertionOutcome {
    const outcome = verify(responseXml, trusted);
    return outcome.valid ? outcome : { ...outcome, keyInfoThumbprints: keyInfoThumbprints(responseXml) };
}

/** The outcome before the KeyInfo hint is added to a failure. */
type Verification = Extract<SignedAssertionOutcome, { valid: true }> | { readonly valid: false; readonly reasons: readonly string[] };

function verify(responseXml: string, trusted: readonly TrustedSigningCertificate[]): Verification {
    let response: Element;
    try {
        response = parseStrictXml(responseXml).documentElement!;
    } catch (error) {
        return { valid: false, reasons: [`response is not well-formed XML: ${(error as Error).message}`] };
    }
    if (!isElement(response, SAML_PROTOCOL_NS, "Response")) {
        return { valid: false, reasons: ["root element is not samlp:Response"] };
    }
    const assertions = childElements(response, SAML_ASSERTION_NS, "Assertion");
    const encrypted = childElements(response, SAML_ASSERTION_NS, "EncryptedAssertion").length;
    if (assertions.length !== 1 || encrypted > 0) {
        return {
            valid: false,
            reasons: [
                `samlp:Response must carry exactly one Assertion, found ${assertions.length}` +
                    (encrypted > 0 ? ` and ${encrypted} EncryptedAssertion (encrypted assertions are not simulated)` : ""),
            ],
        };
    }
    const repeatedId = firstRepeatedId(response);
    if (repeatedId) {
        return { valid: false, reasons: [repeatedId] };
    }
    const assertion = assertions[0];
    // Every signature present must verify: a broken one is never outweighed by another valid one.
    let responseOutcome: Verification | undefined;
    if (childElements(response, XMLDSIG_NS, "Signature").length > 0) {
        responseOutcome = verifyEnvelopedSignature(responseXml, response, "Response", trusted);
        if (!responseOutcome.valid) {
            return responseOutcome;
        }
    }
    if (childElements(assertion, XMLDSIG_NS, "Signature").length > 0) {
        // The assertion's own signed bytes are the closest to what is read, so they win when both are signed.
        return verifyEnvelopedSignature(responseXml, assertion, "Assertion", trusted);
    }
    return responseOutcome ?? { valid: false, reasons: ["neither the Response nor its Assertion is signed"] };
}

function verifyEnvelopedSignature(
    responseXml: string,
    signedParent: Element,
    kind: "Assertion" | "Response",
    trusted: readonly TrustedSigningCertificate[],
): Verification {
    const signatures = childElements(signedParent, XMLDSIG_NS, "Signature");
    if (signatures.length !== 1) {
        return {
            valid: false,
            reasons: [signatures.length === 0 ? `${kind} is not signed` : `${kind} has ${signatures.length} signatures`],
        };
    }
    const signature = signatures[0];
    const parentId = attributeValue(signedParent, "ID");
    const signedInfo = onlyChildElement(signature, XMLDSIG_NS, "SignedInfo");
    const references = signedInfo ? childElements(signedInfo, XMLDSIG_NS, "Reference") : [];
    if (references.length !== 1) {
        return { valid: false, reasons: [`${kind} signature must have exactly one Reference, found ${references.length}`] };
    }
    const referenceUri = attributeValue(references[0], "URI");
    if (!parentId || referenceUri !== `#${parentId}`) {
        return {
            valid: false,
            reasons: [`${kind} signature references ${referenceUri ?? "(no URI)"}, not its own ${kind} (ID ${parentId ?? "missing"})`],
        };
    }
    const failures: string[] = [];
    for (const certificate of trusted) {
        // getCertFromKeyInfo returns null so the embedded KeyInfo certificate can never be the trust anchor.
        const verifier = new SignedXml({ publicCert: certificate.pem, getCertFromKeyInfo: () => null });
        try {
            verifier.loadSignature(signature);
            if (!verifier.checkSignature(responseXml)) {
                failures.push(`${kind} digest does not match its content (altered after signing)`);
                continue;
            }
        } catch (error) {
            const message = firstLine(error);
            // xml-crypto's wrong-key message only repeats the signature value; other messages say more.
            const detail = message.startsWith("invalid signature: the signature value") ? "" : `: ${message}`;
            failures.push(`${kind} signature does not verify with certificate ${certificate.thumbprint}${detail}`);
            continue;
        }
        const signedReferences = verifier.getSignedReferences();
        if (signedReferences.length !== 1) {
            failures.push(`${kind} signature covers ${signedReferences.length} references`);
            continue;
        }
        const assertion = assertionFromSignedBytes(signedReferences[0], kind, parentId);
        if (typeof assertion === "string") {
            failures.push(assertion);
            continue;
        }
        return { valid: true, assertion, signedElement: kind, signerThumbprint: certificate.thumbprint };
    }
    return { valid: false, reasons: failures.length > 0 ? dedupe(failures) : [`no trusted certificate to verify the ${kind} signature`] };
}

/** The assertion inside the canonical XML a verified signature covers, or why there is none. */
function assertionFromSignedBytes(signedXml: string, kind: "Assertion" | "Response", expectedId: string): Element | string {
    let signedRoot: Element;
    try {
        signedRoot = parseStrictXml(signedXml).documentElement!;
    } catch (error) {
        return `signed ${kind} content does not parse: ${firstLine(error)}`;
    }
    const expectedNamespace = kind === "Assertion" ? SAML_ASSERTION_NS : SAML_PROTOCOL_NS;
    if (!isElement(signedRoot, expectedNamespace, kind) || attributeValue(signedRoot, "ID") !== expectedId) {
        return `signed content is not the ${kind} ${expectedId}`;
    }
    if (kind === "Assertion") {
        return signedRoot;
    }
    const assertions = childElements(signedRoot, SAML_ASSERTION_NS, "Assertion");
    return assertions.length === 1 ? assertions[0] : `signed Response carries ${assertions.length} Assertions`;
}

/** IDs must be unique in a document, or a Reference could point at an element other than the one checked. */
function firstRepeatedId(root: Element): string | undefined {
    const seen = new Set<string>();
    const elements = [root, ...Array.from(root.getElementsByTagName("*"))];
    for (const element of elements) {
        // xml-crypto resolves a Reference by any of these attribute names.
        for (const name of ["ID", "Id", "id"]) {
            const id = attributeValue(element, name);
            if (id === undefined) {
                continue;
            }
            if (seen.has(id)) {
                return `the ID "${id}" occurs on more than one element; a Reference to it would be ambiguous`;
            }
            seen.add(id);
        }
    }
    return undefined;
}

/** Certificates embedded in any signature's KeyInfo, read only to tell the user which key signed. */
function keyInfoThumbprints(responseXml: string): string[] {
    try {
        const document = parseStrictXml(responseXml);
        const certificates = Array.from(document.getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate"));
        return dedupe(certificates.map((certificate) => thumbprintOfBase64Der((certificate.textContent ?? "").replace(/\s+/g, ""))));
    } catch {
        return [];
    }
}

function firstLine(error: unknown): string {
    return String(error instanceof Error ? error.message : error).split("\n")[0];
}

function dedupe(values: string[]): string[] {
    return [...new Set(values)];
}
