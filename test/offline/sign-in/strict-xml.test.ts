import * as assert from "assert";
import {
    attributeValue,
    childElements,
    isElement,
    onlyChildElement,
    parseStrictXml,
    trimmedText,
} from "../../../offline/sign-in/strict-xml";

const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";

/** A Response shaped like Entra's, pretty-printed, with two AttributeStatements and a nested Assertion-named decoy. */
const RESPONSE = `<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="${PROTOCOL_NS}" ID="_response" Destination="">
  <Issuer xmlns="${ASSERTION_NS}">
    https://sts.windows.net/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/
  </Issuer>
  <Assertion xmlns="${ASSERTION_NS}" ID="_assertion">
    <AttributeStatement/>
    <AttributeStatement><Assertion ID="_nested"/></AttributeStatement>
  </Assertion>
  <x:Assertion xmlns:x="urn:example:other"/>
</samlp:Response>`;

describe("parseStrictXml and the element readers", () => {
    it("parses a well-formed SAML response", () => {
        const root = parseStrictXml(RESPONSE).documentElement!;
        assert.ok(isElement(root, PROTOCOL_NS, "Response"));
        assert.ok(!isElement(root, ASSERTION_NS, "Response"), "the namespace counts, not the prefix");
    });

    it("refuses a document type declaration, with or without entities, even where nothing uses them", () => {
        assert.throws(
            () => parseStrictXml(`<!DOCTYPE Response>${RESPONSE.replace(/^<\?xml[^>]*>\n/, "")}`),
            /document type declaration \(DTD\) is refused/,
        );
        assert.throws(
            () => parseStrictXml(`<!DOCTYPE r [<!ENTITY upn "Admin@contoso.com">]><r>B.Simon@contoso.com</r>`),
            /document type declaration \(DTD\) is refused/,
        );
    });

    it("stops at any warning: an undeclared entity, a second root, text after the root, and refuses an empty document", () => {
        for (const xml of ["<r>&upn;</r>", "<r/><r/>", "<r/>trailing text", "<r>"]) {
            assert.throws(() => parseStrictXml(xml), Error, xml);
        }
        assert.throws(() => parseStrictXml(""), Error);
    });

    it("reads only direct children with the namespace and local name, in document order", () => {
        const root = parseStrictXml(RESPONSE).documentElement!;
        const assertions = childElements(root, ASSERTION_NS, "Assertion");
        assert.deepStrictEqual(
            assertions.map((assertion) => assertion.getAttribute("ID")),
            ["_assertion"],
            "neither the nested decoy nor the other namespace's Assertion",
        );
        assert.strictEqual(childElements(assertions[0], ASSERTION_NS, "AttributeStatement").length, 2);
        assert.strictEqual(onlyChildElement(assertions[0], ASSERTION_NS, "AttributeStatement"), undefined, "two is not one");
        assert.strictEqual(onlyChildElement(root, ASSERTION_NS, "Assertion"), assertions[0]);
        assert.strictEqual(onlyChildElement(root, ASSERTION_NS, "Subject"), undefined);
    });

    it("tells an absent attribute from an empty one, and trims pretty-printed text", () => {
        const root = parseStrictXml(RESPONSE).documentElement!;
        assert.strictEqual(attributeValue(root, "ID"), "_response");
        assert.strictEqual(attributeValue(root, "Destination"), "");
        assert.strictEqual(attributeValue(root, "InResponseTo"), undefined);
        const issuer = onlyChildElement(root, ASSERTION_NS, "Issuer")!;
        assert.strictEqual(trimmedText(issuer), "https://sts.windows.net/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/");
    });
});
