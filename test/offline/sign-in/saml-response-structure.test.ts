import * as assert from "assert";
import type { Element } from "@xmldom/xmldom";
import {
    AT_MOST_ONE,
    EXACTLY_ONE,
    firstOccurrenceProblem,
    nonTextAttributeValues,
    occurrenceProblem,
    readAssertionConditions,
    samlInstant,
    statusRefusal,
} from "../../../offline/sign-in/saml-response-structure";
import { parseStrictXml } from "../../../offline/sign-in/strict-xml";

const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";
const AUTHN_FAILED = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";
const ROLE = "https://aws.amazon.com/SAML/Attributes/Role";

function response(status: string): Element {
    return parseStrictXml(`<samlp:Response xmlns:samlp="${PROTOCOL_NS}">${status}</samlp:Response>`).documentElement!;
}

function assertion(body: string): Element {
    return parseStrictXml(`<Assertion xmlns="${ASSERTION_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${body}</Assertion>`)
        .documentElement!;
}

const code = (value: string, nested = "") => `<samlp:StatusCode Value="${value}">${nested}</samlp:StatusCode>`;

describe("saml-response-structure (the SAML schema rules a relying party enforces itself)", () => {
    it("counts direct children against the schema's occurrence and words the rule broken", () => {
        const parent = assertion("<Subject/><Subject/><Conditions/>");
        assert.strictEqual(occurrenceProblem(parent, ASSERTION_NS, "Conditions", EXACTLY_ONE, "the assertion"), undefined);
        assert.strictEqual(
            occurrenceProblem(parent, ASSERTION_NS, "Subject", AT_MOST_ONE, "the assertion"),
            "the assertion has 2 Subject elements; SAML allows at most 1",
        );
        assert.strictEqual(
            occurrenceProblem(parent, ASSERTION_NS, "Issuer", EXACTLY_ONE, "the assertion"),
            "the assertion has 0 Issuer elements; SAML allows exactly 1",
        );
        assert.strictEqual(
            occurrenceProblem(parent, ASSERTION_NS, "Subject", { min: 3, max: 5 }, "the assertion"),
            "the assertion has 2 Subject elements; SAML allows 3 to 5",
        );
        assert.strictEqual(
            firstOccurrenceProblem(parent, "the assertion", [
                [ASSERTION_NS, "Conditions", EXACTLY_ONE],
                [ASSERTION_NS, "Subject", EXACTLY_ONE],
                [ASSERTION_NS, "Issuer", EXACTLY_ONE],
            ]),
            "the assertion has 2 Subject elements; SAML allows exactly 1",
        );
    });

    it("accepts a plain Success and reports any other status with its sub-status and Azure's StatusMessage", () => {
        assert.strictEqual(statusRefusal(response(`<samlp:Status>${code(SUCCESS)}</samlp:Status>`)), undefined);
        assert.deepStrictEqual(
            statusRefusal(
                response(
                    `<samlp:Status>${code(RESPONDER, code(AUTHN_FAILED))}` +
                        "<samlp:StatusMessage>\n AADSTS50105: The signed in user is not assigned to a role for the application.\n</samlp:StatusMessage>" +
                        "</samlp:Status>",
                ),
            ),
            {
                codes: [RESPONDER, AUTHN_FAILED],
                summary: `samlp:Status is ${RESPONDER} / ${AUTHN_FAILED}, not ${SUCCESS}`,
                statusMessage: "AADSTS50105: The signed in user is not assigned to a role for the application.",
            },
        );
    });

    it("refuses a missing or repeated Status, StatusCode or StatusMessage, and a StatusCode without Value", () => {
        const summary = (status: string) => statusRefusal(response(status))?.summary;
        assert.strictEqual(summary(""), "samlp:Response has 0 Status elements; SAML allows exactly 1");
        assert.strictEqual(
            summary(`<samlp:Status>${code(SUCCESS)}</samlp:Status><samlp:Status>${code(SUCCESS)}</samlp:Status>`),
            "samlp:Response has 2 Status elements; SAML allows exactly 1",
        );
        assert.strictEqual(
            summary(`<samlp:Status>${code(SUCCESS)}${code(SUCCESS)}</samlp:Status>`),
            "samlp:Status has 2 StatusCode elements; SAML allows exactly 1",
        );
        assert.strictEqual(
            summary(`<samlp:Status>${code(SUCCESS)}<samlp:StatusMessage/><samlp:StatusMessage/></samlp:Status>`),
            "samlp:Status has 2 StatusMessage elements; SAML allows at most 1",
        );
        assert.strictEqual(
            summary(`<samlp:Status>${code(RESPONDER, code(AUTHN_FAILED) + code(AUTHN_FAILED))}</samlp:Status>`),
            `samlp:StatusCode ${RESPONDER} has 2 StatusCode elements; SAML allows at most 1`,
        );
        assert.strictEqual(
            summary(`<samlp:Status>${code(RESPONDER, "<samlp:StatusCode/>")}</samlp:Status>`),
            `samlp:StatusCode under ${RESPONDER} has no Value`,
        );
        assert.deepStrictEqual(statusRefusal(response(`<samlp:Status>${code(SUCCESS)}${code(SUCCESS)}</samlp:Status>`))?.codes, []);
    });

    it("reads the Conditions' times and every AudienceRestriction, and an assertion without Conditions as such", () => {
        assert.deepStrictEqual(
            readAssertionConditions(
                assertion(
                    '<Conditions NotBefore="2025-03-14T09:21:53.000Z" NotOnOrAfter="2025-03-14T10:26:53.000Z">' +
                        "<AudienceRestriction><Audience> https://signin.aws.amazon.com/saml </Audience></AudienceRestriction>" +
                        "<AudienceRestriction><Audience>urn:amazon:webservices</Audience><Audience>https://signin.aws.amazon.com/saml</Audience></AudienceRestriction>" +
                        "<OneTimeUse/></Conditions>",
                ),
            ),
            {
                present: true,
                notBefore: "2025-03-14T09:21:53.000Z",
                notOnOrAfter: "2025-03-14T10:26:53.000Z",
                audienceRestrictions: [
                    ["https://signin.aws.amazon.com/saml"],
                    ["urn:amazon:webservices", "https://signin.aws.amazon.com/saml"],
                ],
            },
        );
        assert.deepStrictEqual(readAssertionConditions(assertion("<Subject/>")), {
            present: false,
            notBefore: undefined,
            notOnOrAfter: undefined,
            audienceRestrictions: [],
        });
    });

    it("refuses two Conditions, a condition SAML core does not define, and a repeated OneTimeUse or ProxyRestriction", () => {
        assert.strictEqual(
            readAssertionConditions(assertion("<Conditions/><Conditions/>")),
            "the signed assertion has 2 Conditions elements; SAML allows at most 1",
        );
        assert.match(
            String(readAssertionConditions(assertion('<Conditions><x:Delegation xmlns:x="urn:example:conditions"/></Conditions>'))),
            /^Conditions contains \{urn:example:conditions\}Delegation, a condition this validator does not understand/,
        );
        assert.strictEqual(
            readAssertionConditions(assertion("<Conditions><OneTimeUse/><OneTimeUse/></Conditions>")),
            "Conditions has 2 OneTimeUse elements; SAML allows at most 1",
        );
        assert.strictEqual(
            readAssertionConditions(assertion("<Conditions><ProxyRestriction/><ProxyRestriction/></Conditions>")),
            "Conditions has 2 ProxyRestriction elements; SAML allows at most 1",
        );
    });

    it("reads SAML instants only as UTC xs:dateTime with Z, to the millisecond, and never an impossible date", () => {
        assert.strictEqual(samlInstant("2025-03-14T09:26:53.000Z"), Date.UTC(2025, 2, 14, 9, 26, 53));
        assert.strictEqual(samlInstant("2025-03-14T09:26:53Z"), Date.UTC(2025, 2, 14, 9, 26, 53));
        assert.strictEqual(
            samlInstant("2025-03-14T09:26:53.1234567Z"),
            Date.UTC(2025, 2, 14, 9, 26, 53, 123),
            "seven digits, as some IdPs send",
        );
        for (const text of [
            "2025-03-14T09:26:53+01:00",
            "2025-03-14T09:26:53",
            "2025-02-30T00:00:00Z",
            "2025-03-14 09:26:53Z",
            " 2025-03-14T09:26:53Z",
        ]) {
            assert.strictEqual(samlInstant(text), undefined, text);
        }
    });

    it("counts attribute values that are not plain text: an element inside, or xsi:nil", () => {
        const signed = assertion(
            `<AttributeStatement><Attribute Name="${ROLE}">` +
                "<AttributeValue>arn:aws:iam::111122223333:role/Developer,arn:aws:iam::111122223333:saml-provider/AzureAD</AttributeValue>" +
                '<AttributeValue><x:Role xmlns:x="urn:example"/></AttributeValue>' +
                '<AttributeValue xsi:nil="true"/>' +
                "</Attribute></AttributeStatement>" +
                `<AttributeStatement><Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><AttributeValue xsi:nil="true"/></Attribute></AttributeStatement>`,
        );
        assert.strictEqual(nonTextAttributeValues(signed, ROLE), 2);
        assert.strictEqual(nonTextAttributeValues(signed, "https://aws.amazon.com/SAML/Attributes/SessionDuration"), 0);
    });
});
