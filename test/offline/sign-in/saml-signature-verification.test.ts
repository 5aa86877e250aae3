import * as assert from "assert";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { parseIdpMetadata, TrustedSigningCertificate } from "../../../offline/sign-in/idp-metadata";
import { AzureSignInApp, buildAzureSamlResponse } from "../../../offline/sign-in/saml-response";
import { SignedAssertionOutcome, verifySignedAssertion } from "../../../offline/sign-in/saml-signature-verification";
import { NOW, TENANT_ID, bSimon, devApp, metadataFor } from "./support/dev-federation-fixture";

const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

function trustedFrom(...certificates: SigningCertificate[]): readonly TrustedSigningCertificate[] {
    const parsed = parseIdpMetadata(metadataFor(...certificates));
    assert.ok(parsed.ok);
    return parsed.metadata.signingCertificates;
}

function reasonsOf(outcome: SignedAssertionOutcome): readonly string[] {
    assert.ok(!outcome.valid, "expected the signature to be refused");
    return outcome.reasons;
}

describe("verifySignedAssertion", () => {
    let signing: SigningCertificate;
    let stranger: SigningCertificate;

    before(() => {
        const validity = { notBefore: new Date("2025-03-01T00:00:00Z"), notAfter: new Date("2028-03-14T00:00:00Z") };
        signing = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", ...validity });
        stranger = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", ...validity });
    });

    function signed(samlSigning: AzureSignInApp["samlSigning"] = "assertion", key = signing): string {
        const built = buildAzureSamlResponse({ tenantId: TENANT_ID, app: devApp(key, { samlSigning }), user: bSimon(), now: NOW });
        assert.ok(built.ok);
        return built.response.xml;
    }

    it("verifies each of Azure's signing options and returns the assertion read from the signed bytes", () => {
        for (const [samlSigning, signedElement] of [
            ["assertion", "Assertion"],
            ["response", "Response"],
            ["responseAndAssertion", "Assertion"],
        ] as const) {
            const outcome = verifySignedAssertion(signed(samlSigning), trustedFrom(signing));
            assert.ok(outcome.valid, `${samlSigning}: ${outcome.valid ? "" : outcome.reasons.join("; ")}`);
            assert.strictEqual(outcome.signedElement, signedElement, samlSigning);
            assert.strictEqual(outcome.signerThumbprint, signing.thumbprint);
            assert.strictEqual(outcome.assertion.namespaceURI, ASSERTION_NS);
            assert.strictEqual(outcome.assertion.localName, "Assertion");
        }
    });

    it("finds the signer among several trusted certificates", () => {
        const outcome = verifySignedAssertion(signed(), trustedFrom(stranger, signing));
        assert.ok(outcome.valid);
        assert.strictEqual(outcome.signerThumbprint, signing.thumbprint);
    });

    it("never trusts the certificate in the response's own KeyInfo, but names it as a hint", () => {
        const outcome = verifySignedAssertion(signed("assertion", stranger), trustedFrom(signing));
        assert.ok(!outcome.valid);
        assert.deepStrictEqual(outcome.reasons, [`Assertion signature does not verify with certificate ${signing.thumbprint}`]);
        assert.deepStrictEqual(outcome.keyInfoThumbprints, [stranger.thumbprint]);
        assert.deepStrictEqual(reasonsOf(verifySignedAssertion(signed(), [])), [
            "no trusted certificate to verify the Assertion signature",
        ]);
    });

    it("refuses a Reference that does not point at the signature's own parent", () => {
        const xml = signed().replace(/<Reference URI="#([^"]+)"/, '<Reference URI="#_somewhere-else"');
        assert.match(
            reasonsOf(verifySignedAssertion(xml, trustedFrom(signing)))[0],
            /^Assertion signature references #_somewhere-else, not its own Assertion \(ID _/,
        );
    });

    it("refuses a response without exactly one Assertion, a repeated ID, and XML that is not a samlp:Response", () => {
        const xml = signed();
        const document = new DOMParser().parseFromString(xml, "text/xml");
        const assertion = document.getElementsByTagNameNS(ASSERTION_NS, "Assertion")[0];
        document.documentElement!.appendChild(assertion.cloneNode(true));
        assert.strictEqual(
            reasonsOf(verifySignedAssertion(new XMLSerializer().serializeToString(document), trustedFrom(signing)))[0],
            "samlp:Response must carry exactly one Assertion, found 2",
        );

        const assertionId = assertion.getAttribute("ID")!;
        const repeatedId = xml.replace(
            "<samlp:Status>",
            `<samlp:Extensions><x:Note xmlns:x="urn:example" ID="${assertionId}"/></samlp:Extensions><samlp:Status>`,
        );
        assert.ok(repeatedId !== xml, "the decoy was inserted");
        assert.deepStrictEqual(reasonsOf(verifySignedAssertion(repeatedId, trustedFrom(signing))), [
            `the ID "${assertionId}" occurs on more than one element; a Reference to it would be ambiguous`,
        ]);

        assert.deepStrictEqual(reasonsOf(verifySignedAssertion(`<Assertion xmlns="${ASSERTION_NS}"/>`, trustedFrom(signing))), [
            "root element is not samlp:Response",
        ]);
        assert.match(reasonsOf(verifySignedAssertion("<samlp:Response", trustedFrom(signing)))[0], /^response is not well-formed XML/);
    });

    it("refuses an unsigned response, and a second signature on the assertion", () => {
        const xml = signed();
        const unsigned = xml.replace(/<Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">[\s\S]*<\/Signature>/, "");
        assert.ok(!unsigned.includes(XMLDSIG_NS), "the signature was cut out");
        assert.deepStrictEqual(reasonsOf(verifySignedAssertion(unsigned, trustedFrom(signing))), [
            "neither the Response nor its Assertion is signed",
        ]);

        const signature = /<Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">[\s\S]*<\/Signature>/.exec(xml)![0];
        const twice = xml.replace(signature, signature + signature);
        assert.deepStrictEqual(reasonsOf(verifySignedAssertion(twice, trustedFrom(signing))), ["Assertion has 2 signatures"]);
    });
});
