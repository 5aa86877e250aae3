import * as assert from "assert";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import type { Document, Element, Node } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import type { SigningCertificate } from "../../../../../offline/program/certificates";
import {
    AzureSamlResponseLifetimes,
    DefaultNameIdFormat,
    DirectoryUser,
    SamlSigningOption,
    applyClaimsMappingPolicy,
    renderAzureSamlResponseXml,
    signSamlResponseXml,
} from "../../../../../offline/sign-in";
import { AWS_CLAIMS_MAPPING_POLICY, GLOBAL_SIGN_IN, ISSUER, NOW, TENANT_ID, bSimon } from "../dev-federation-fixture";

/** Tools to build attack documents from the project's own renderer and signer, with real keys. */

export const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
export const ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
export const SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
export const SESSION_DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

/** IDs are fixed so that details naming them are predictable. */
export const RESPONSE_ID = "_response";
export const ASSERTION_ID = "_assertion";

export interface UnsignedResponseOptions {
    readonly user?: Partial<DirectoryUser>;
    readonly replyUrl?: string;
    readonly audience?: string;
    readonly defaultNameIdFormat?: DefaultNameIdFormat;
    readonly lifetimes?: AzureSamlResponseLifetimes;
}

/** B.Simon's response as Azure AD renders it for the dev app, before signing. */
export function unsignedResponse(options: UnsignedResponseOptions = {}): string {
    const audience = options.audience ?? GLOBAL_SIGN_IN;
    const mapped = applyClaimsMappingPolicy(AWS_CLAIMS_MAPPING_POLICY, bSimon(options.user), {
        tenantId: TENANT_ID,
        audience,
        defaultNameIdFormat: options.defaultNameIdFormat ?? "persistent",
    });
    assert.ok(mapped.ok, mapped.ok ? "" : mapped.problem);
    return renderAzureSamlResponseXml({
        responseId: RESPONSE_ID,
        assertionId: ASSERTION_ID,
        sessionIndex: "_session",
        issuer: ISSUER,
        replyUrl: options.replyUrl ?? GLOBAL_SIGN_IN,
        audience,
        claims: mapped.claims,
        now: NOW,
        lifetimes: options.lifetimes,
    });
}

export function sign(xml: string, key: SigningCertificate, signing: SamlSigningOption = "assertion"): string {
    return signSamlResponseXml(xml, { base64Der: key.base64Der, privateKeyPem: key.privateKeyPem }, signing);
}

export function parseXml(xml: string): Element {
    return new DOMParser().parseFromString(xml, "text/xml").documentElement!;
}

export function serializeXml(node: Node): string {
    return new XMLSerializer().serializeToString(node);
}

/** Parses, lets `change` rewrite the DOM, and serializes: how an attacker (or, before signing, the IdP) alters a response. */
export function edit(xml: string, change: (document: Document, response: Element) => void): string {
    const document = new DOMParser().parseFromString(xml, "text/xml");
    change(document, document.documentElement!);
    return new XMLSerializer().serializeToString(document);
}

export function children(parent: Element, namespace: string, localName: string): Element[] {
    return Array.from(parent.childNodes).filter(
        (node): node is Element =>
            node.nodeType === node.ELEMENT_NODE &&
            (node as Element).namespaceURI === namespace &&
            (node as Element).localName === localName,
    );
}

/** The only direct child with this name; the forgery is wrong if there is not exactly one. */
export function child(parent: Element, namespace: string, localName: string): Element {
    const found = children(parent, namespace, localName);
    assert.strictEqual(found.length, 1, `expected one ${localName} in ${parent.localName}, found ${found.length}`);
    return found[0];
}

export function assertionOf(response: Element): Element {
    return child(response, ASSERTION_NS, "Assertion");
}

export function signatureOf(element: Element): Element {
    return child(element, XMLDSIG_NS, "Signature");
}

/** The AttributeValue elements of a named attribute anywhere below `scope`. */
export function attributeValues(scope: Element, name: string): Element[] {
    const attribute = Array.from(scope.getElementsByTagNameNS(ASSERTION_NS, "Attribute")).find(
        (candidate) => candidate.getAttribute("Name") === name,
    );
    assert.ok(attribute, `no ${name} attribute`);
    return Array.from(attribute.getElementsByTagNameNS(ASSERTION_NS, "AttributeValue"));
}

/** The AttributeValue of `name` whose text is `value`. */
export function attributeValueWithText(scope: Element, name: string, value: string): Element {
    const found = attributeValues(scope, name).find((candidate) => candidate.textContent === value);
    assert.ok(found, `no ${name} value "${value}"`);
    return found;
}

/** Appends a copy of `element` right after it. */
export function duplicate(element: Element, change: (copy: Element) => void = () => {}): Element {
    const copy = element.cloneNode(true) as Element;
    change(copy);
    element.parentNode!.insertBefore(copy, element.nextSibling);
    return copy;
}

/** A saml:Attribute with one value per string. */
export function samlAttribute(document: Document, name: string, values: readonly string[]): Element {
    const attribute = document.createElementNS(ASSERTION_NS, "Attribute");
    attribute.setAttribute("Name", name);
    for (const value of values) {
        const valueElement = document.createElementNS(ASSERTION_NS, "AttributeValue");
        valueElement.appendChild(document.createTextNode(value));
        attribute.appendChild(valueElement);
    }
    return attribute;
}

/** Replaces an element's text with `before`, a node made by `middle`, then `after`: comment, CDATA and PI injection. */
export function splitText(element: Element, before: string, middle: (document: Document) => Node, after: string): void {
    const document = element.ownerDocument!;
    while (element.firstChild) {
        element.removeChild(element.firstChild);
    }
    element.appendChild(document.createTextNode(before));
    element.appendChild(middle(document));
    element.appendChild(document.createTextNode(after));
}

/**
 * What a verifier that trusts xml-crypto's verdict on the first signature in the document, then reads
 * the first Assertion in document order and the first text node of each value, concludes. Used to show
 * an attack document is live: it fools that reader, so only the simulation's own handling refuses it.
 */
export function naiveReading(xml: string, trusted: SigningCertificate): { signatureValid: boolean; roleValues: string[]; nameId: string } {
    const document = new DOMParser().parseFromString(xml, "text/xml");
    const verifier = new SignedXml({ publicCert: trusted.pem, getCertFromKeyInfo: () => null });
    let signatureValid: boolean;
    try {
        verifier.loadSignature(document.getElementsByTagNameNS(XMLDSIG_NS, "Signature")[0]);
        signatureValid = verifier.checkSignature(xml);
    } catch {
        signatureValid = false;
    }
    const assertion = document.getElementsByTagNameNS(ASSERTION_NS, "Assertion")[0];
    const firstText = (element: Element) => element.firstChild?.nodeValue ?? "";
    return {
        signatureValid,
        roleValues: attributeValues(assertion, ROLE_ATTRIBUTE).map(firstText),
        nameId: firstText(assertion.getElementsByTagNameNS(ASSERTION_NS, "NameID")[0]),
    };
}
