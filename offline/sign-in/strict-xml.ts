import { DOMParser, onWarningStopParsing } from "@xmldom/xmldom";
import type { Document, Element } from "@xmldom/xmldom";

/**
 * Parses XML the way a relying party must: any warning stops parsing (an undeclared entity, stray
 * content, a second root), and a document type declaration is refused outright, so no DTD, entity
 * or external reference can change what the signature check and the claim reading see.
 * Throws an Error whose message says what was wrong.
 */
export function parseStrictXml(xml: string): Document {
    const document = new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, "text/xml");
    for (let node = document.firstChild; node !== null; node = node.nextSibling) {
        if (node.nodeType === node.DOCUMENT_TYPE_NODE) {
            throw new Error("XML with a document type declaration (DTD) is refused");
        }
    }
    if (document.documentElement === null) {
        throw new Error("XML has no root element");
    }
    return document;
}

/** Direct child elements of `parent` with this namespace and local name, in document order. */
export function childElements(parent: Element, namespace: string, localName: string): Element[] {
    const found: Element[] = [];
    for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
        if (node.nodeType === node.ELEMENT_NODE) {
            const element = node as Element;
            if (element.namespaceURI === namespace && element.localName === localName) {
                found.push(element);
            }
        }
    }
    return found;
}

/** The only direct child element with this name, or undefined when there is none or several. */
export function onlyChildElement(parent: Element, namespace: string, localName: string): Element | undefined {
    const found = childElements(parent, namespace, localName);
    return found.length === 1 ? found[0] : undefined;
}

export function isElement(element: Element, namespace: string, localName: string): boolean {
    return element.namespaceURI === namespace && element.localName === localName;
}

/** An attribute's value, or undefined when the attribute is absent (getAttribute returns "" or null by DOM level). */
export function attributeValue(element: Element, name: string): string | undefined {
    return element.hasAttribute(name) ? (element.getAttribute(name) ?? "") : undefined;
}

/** Text content without surrounding whitespace (pretty-printed XML wraps values in line breaks). */
export function trimmedText(element: Element): string {
    return (element.textContent ?? "").trim();
}
