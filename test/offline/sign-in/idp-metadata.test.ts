import * as assert from "assert";
import { X509Certificate } from "crypto";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { IdpMetadataOutcome, parseIdpMetadata } from "../../../offline/sign-in/idp-metadata";
import { ISSUER, TENANT_ID } from "./support/dev-federation-fixture";

function problemOf(outcome: IdpMetadataOutcome): string {
    assert.ok(!outcome.ok, "expected the metadata to be refused");
    return outcome.problem;
}

describe("parseIdpMetadata (what IAM keeps from a SAML provider's metadata)", () => {
    let current: SigningCertificate;
    let next: SigningCertificate;
    const metadata = (...certificates: SigningCertificate[]) =>
        azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: certificates.map((certificate) => certificate.base64Der) });

    before(() => {
        const notAfter = new Date("2029-01-01T00:00:00Z");
        current = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", notAfter });
        next = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", notAfter });
    });

    it("reads Entra's entityID and every signing certificate in order, with its PEM and Azure's thumbprint", () => {
        const outcome = parseIdpMetadata(metadata(current, next));
        assert.ok(outcome.ok, outcome.ok ? "" : outcome.problem);
        assert.strictEqual(outcome.metadata.entityId, ISSUER);
        assert.deepStrictEqual(
            outcome.metadata.signingCertificates.map((certificate) => certificate.thumbprint),
            [current.thumbprint, next.thumbprint],
        );
        const [first] = outcome.metadata.signingCertificates;
        assert.strictEqual(first.base64Der, current.base64Der);
        assert.ok(new X509Certificate(first.pem).raw.equals(new X509Certificate(current.pem).raw));
    });

    it("trusts a KeyDescriptor without use, and never an encryption key", () => {
        const both = metadata(current, next);
        const withoutUse = parseIdpMetadata(both.replace('<KeyDescriptor use="signing">', "<KeyDescriptor>"));
        assert.ok(withoutUse.ok);
        assert.strictEqual(withoutUse.metadata.signingCertificates.length, 2);
        const firstForEncryption = parseIdpMetadata(both.replace('<KeyDescriptor use="signing">', '<KeyDescriptor use="encryption">'));
        assert.ok(firstForEncryption.ok);
        assert.deepStrictEqual(
            firstForEncryption.metadata.signingCertificates.map((certificate) => certificate.thumbprint),
            [next.thumbprint],
        );
        const onlyEncryption = metadata(current).replace('use="signing"', 'use="encryption"');
        assert.match(problemOf(parseIdpMetadata(onlyEncryption)), /no signing certificate/);
    });

    it("refuses what IAM refuses at creation: a byte order mark, a size outside 1000 to 10,000,000 characters, a key under 1024 bits", () => {
        assert.match(problemOf(parseIdpMetadata(`\ufeff${metadata(current)}`)), /byte order mark/);
        const tooShort = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${ISSUER}"/>`;
        assert.strictEqual(
            problemOf(parseIdpMetadata(tooShort)),
            `metadata is ${tooShort.length} characters; IAM accepts 1000 to 10000000`,
        );
        const weak = generateSigningCertificate({ commonName: "weak", notAfter: new Date("2029-01-01T00:00:00Z"), modulusLength: 512 });
        assert.strictEqual(
            problemOf(parseIdpMetadata(metadata(weak))),
            `signing certificate ${weak.thumbprint} has a 512-bit key; IAM requires at least 1024`,
        );
    });

    it("refuses a document that is not SAML 2.0 IdP metadata, saying what is missing", () => {
        const entra = metadata(current);
        assert.match(problemOf(parseIdpMetadata(entra.replace("</EntityDescriptor>", ""))), /^metadata is not well-formed XML/);
        assert.match(
            problemOf(parseIdpMetadata(entra.replace(/urn:oasis:names:tc:SAML:2\.0:metadata/, "urn:example:metadata"))),
            /^metadata root is \{urn:example:metadata\}EntityDescriptor, not a SAML 2\.0 md:EntityDescriptor$/,
        );
        assert.strictEqual(problemOf(parseIdpMetadata(entra.replace(/ entityID="[^"]*"/, ""))), "md:EntityDescriptor has no entityID");
        assert.strictEqual(
            problemOf(
                parseIdpMetadata(
                    entra.replace(
                        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"',
                        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol"',
                    ),
                ),
            ),
            "metadata has no md:IDPSSODescriptor supporting the SAML 2.0 protocol",
        );
        const notACertificate = entra.replace(
            current.base64Der,
            Buffer.from("not a certificate, just bytes".repeat(20)).toString("base64"),
        );
        assert.match(problemOf(parseIdpMetadata(notACertificate)), /is not a valid X\.509 certificate/);
    });
});
