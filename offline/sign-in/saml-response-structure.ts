import type { Element } from "@xmldom/xmldom";
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, SAML_STATUS_SUCCESS } from "./saml-names";
import { attributeValue, childElements, trimmedText } from "./strict-xml";

/**
 * The parts of the SAML 2.0 core schema (saml-schema-assertion-2.0.xsd, saml-schema-protocol-2.0.xsd)
 * and core text that a relying party must enforce itself, because reading "the only child" of an
 * element that occurs twice silently reads nothing. Every rule fails closed: a second copy of an
 * element SAML allows once is refused, never resolved by picking one.
 */

/** How often a child element may occur, as the schema's minOccurs/maxOccurs say. */
export interface Occurrence {
    readonly min: number;
    readonly max: number;
}

export const EXACTLY_ONE: Occurrence = { min: 1, max: 1 };
export const AT_MOST_ONE: Occurrence = { min: 0, max: 1 };

/** Why `parent` has a number of `localName` children the schema forbids, or undefined when it is allowed. */
export function occurrenceProblem(
    parent: Element,
    namespace: string,
    localName: string,
    occurs: Occurrence,
    where: string,
): string | undefined {
    const count = childElements(parent, namespace, localName).length;
    if (count >= occurs.min && count <= occurs.max) {
        return undefined;
    }
    const allowed =
        occurs.min === occurs.max ? `exactly ${occurs.min}` : occurs.min === 0 ? `at most ${occurs.max}` : `${occurs.min} to ${occurs.max}`;
    return `${where} has ${count} ${localName} element${count === 1 ? "" : "s"}; SAML allows ${allowed}`;
}

/** The first problem of several occurrence rules on one parent. */
export function firstOccurrenceProblem(
    parent: Element,
    where: string,
    rules: readonly (readonly [namespace: string, localName: string, occurs: Occurrence])[],
): string | undefined {
    for (const [namespace, localName, occurs] of rules) {
        const problem = occurrenceProblem(parent, namespace, localName, occurs, where);
        if (problem) {
            return problem;
        }
    }
    return undefined;
}

/** A samlp:Status that does not say Success, or that is malformed. */
export interface StatusRefusal {
    /** The status code chain, top level first (e.g. Responder, then AuthnFailed); empty when malformed. */
    readonly codes: readonly string[];
    /** What is wrong, in one clause: the code chain, or the structural rule broken. */
    readonly summary: string;
    /** The StatusMessage, where Azure AD puts its AADSTS error, when present. */
    readonly statusMessage: string | undefined;
}

/**
 * Why the Response's Status is not a plain Success, or undefined when it is. The Response has exactly
 * one Status, each StatusCode has a Value and at most one nested StatusCode (the sub-status).
 */
export function statusRefusal(response: Element): StatusRefusal | undefined {
    const malformed = (summary: string): StatusRefusal => ({ codes: [], summary, statusMessage: undefined });
    const statusProblem = occurrenceProblem(response, SAML_PROTOCOL_NS, "Status", EXACTLY_ONE, "samlp:Response");
    if (statusProblem) {
        return malformed(statusProblem);
    }
    const [status] = childElements(response, SAML_PROTOCOL_NS, "Status");
    const structure =
        occurrenceProblem(status, SAML_PROTOCOL_NS, "StatusCode", EXACTLY_ONE, "samlp:Status") ??
        occurrenceProblem(status, SAML_PROTOCOL_NS, "StatusMessage", AT_MOST_ONE, "samlp:Status");
    if (structure) {
        return malformed(structure);
    }
    const codes: string[] = [];
    for (let code: Element | undefined = childElements(status, SAML_PROTOCOL_NS, "StatusCode")[0]; code;) {
        const value = attributeValue(code, "Value");
        if (!value) {
            return malformed(`samlp:StatusCode ${codes.length === 0 ? "" : `under ${codes.join(" / ")} `}has no Value`);
        }
        codes.push(value);
        const nested = occurrenceProblem(code, SAML_PROTOCOL_NS, "StatusCode", AT_MOST_ONE, `samlp:StatusCode ${value}`);
        if (nested) {
            return malformed(nested);
        }
        code = childElements(code, SAML_PROTOCOL_NS, "StatusCode")[0];
    }
    if (codes[0] === SAML_STATUS_SUCCESS) {
        return undefined;
    }
    const [statusMessage] = childElements(status, SAML_PROTOCOL_NS, "StatusMessage").map(trimmedText);
    return { codes, summary: `samlp:Status is ${codes.join(" / ")}, not ${SAML_STATUS_SUCCESS}`, statusMessage };
}

/** The condition elements SAML core defines; anything else is a condition STS cannot understand. */
const KNOWN_CONDITIONS = new Set(["AudienceRestriction", "OneTimeUse", "ProxyRestriction"]);

/** What the assertion's Conditions say, once it is known to be well-formed. */
export interface AssertionConditions {
    /** False when the assertion has no Conditions element. */
    readonly present: boolean;
    readonly notBefore: string | undefined;
    readonly notOnOrAfter: string | undefined;
    /** The Audience values of each AudienceRestriction, in document order; each one must be satisfied. */
    readonly audienceRestrictions: readonly (readonly string[])[];
}

/**
 * Reads the assertion's Conditions: at most one Conditions element, only conditions SAML core
 * defines (an unknown one makes the assertion Indeterminate, core 2.5.1), at most one OneTimeUse and
 * one ProxyRestriction (core 2.5.1.5, 2.5.1.6). Returns a string saying why when a rule is broken.
 */
export function readAssertionConditions(assertion: Element): AssertionConditions | string {
    const conditionsProblem = occurrenceProblem(assertion, SAML_ASSERTION_NS, "Conditions", AT_MOST_ONE, "the signed assertion");
    if (conditionsProblem) {
        return conditionsProblem;
    }
    const [conditions] = childElements(assertion, SAML_ASSERTION_NS, "Conditions");
    if (!conditions) {
        return { present: false, notBefore: undefined, notOnOrAfter: undefined, audienceRestrictions: [] };
    }
    for (let node = conditions.firstChild; node !== null; node = node.nextSibling) {
        if (node.nodeType !== node.ELEMENT_NODE) {
            continue;
        }
        const condition = node as Element;
        if (condition.namespaceURI !== SAML_ASSERTION_NS || !KNOWN_CONDITIONS.has(condition.localName ?? "")) {
            return (
                `Conditions contains {${condition.namespaceURI ?? ""}}${condition.localName}, a condition this validator does not ` +
                "understand; SAML makes such an assertion Indeterminate, so it is refused"
            );
        }
    }
    const repeated = firstOccurrenceProblem(conditions, "Conditions", [
        [SAML_ASSERTION_NS, "OneTimeUse", AT_MOST_ONE],
        [SAML_ASSERTION_NS, "ProxyRestriction", AT_MOST_ONE],
    ]);
    if (repeated) {
        return repeated;
    }
    return {
        present: true,
        notBefore: attributeValue(conditions, "NotBefore"),
        notOnOrAfter: attributeValue(conditions, "NotOnOrAfter"),
        audienceRestrictions: childElements(conditions, SAML_ASSERTION_NS, "AudienceRestriction").map((restriction) =>
            childElements(restriction, SAML_ASSERTION_NS, "Audience").map(trimmedText),
        ),
    };
}

/** SAML times are xs:dateTime in UTC with a `Z` (core 1.3.3); anything else, or an impossible date, is undefined. */
export function samlInstant(text: string): number | undefined {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(text);
    if (!match) {
        return undefined;
    }
    // Milliseconds are all a Date holds; Azure AD sends three digits, other IdPs up to seven.
    const iso = `${match[1]}${(match[2] ?? "").slice(0, 4)}Z`;
    const time = Date.parse(iso);
    return Number.isNaN(time) || new Date(time).toISOString().slice(0, 19) !== match[1] ? undefined : time;
}

/** Attribute values that are not plain text: an element inside an AttributeValue, or xsi:nil. */
export function nonTextAttributeValues(assertion: Element, attributeName: string): number {
    let count = 0;
    for (const statement of childElements(assertion, SAML_ASSERTION_NS, "AttributeStatement")) {
        for (const attribute of childElements(statement, SAML_ASSERTION_NS, "Attribute")) {
            if (attributeValue(attribute, "Name") !== attributeName) {
                continue;
            }
            for (const value of childElements(attribute, SAML_ASSERTION_NS, "AttributeValue")) {
                const hasElementChild = Array.from(value.childNodes).some((child) => child.nodeType === child.ELEMENT_NODE);
                const isNil = value.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "nil") === "true";
                if (hasElementChild || isNil) {
                    count++;
                }
            }
        }
    }
    return count;
}
