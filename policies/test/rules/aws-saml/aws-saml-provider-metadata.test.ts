import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { generateSigningCertificate } from "../../../../offline/program/certificates";
import { samlProviderMetadataPolicy } from "../../../rules/aws-saml/aws-saml-provider-metadata";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { idpMetadata, signingCertificate, StackFixture } from "../../support/federation-fixture";
import { runResourcePolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-saml-provider-metadata", () => {
    const provider = (samlMetadataDocument: unknown, name: unknown = "AzureAD") =>
        new StackFixture().add(aws.iam.SamlProvider, "provider", { name, samlMetadataDocument });
    const run = (samlMetadataDocument: unknown, config?: Record<string, unknown>, name?: unknown) =>
        runResourcePolicy(samlProviderMetadataPolicy, provider(samlMetadataDocument, name), { config });

    it("passes metadata built from the Azure AD certificate", async () => {
        assertPasses(await run(idpMetadata([signingCertificate().base64Der])));
    });

    it("rejects a byte order mark, as the downloaded federation metadata has", async () => {
        assertViolation(await run(`\uFEFF${idpMetadata([signingCertificate().base64Der])}`), /byte order mark/);
    });

    it("rejects documents outside IAM's size limits", async () => {
        const metadata = idpMetadata([signingCertificate().base64Der]);
        assertViolation(await run(metadata, { maximumLength: 1000 }), /characters; IAM accepts 1000 to 1000/);
        assertViolation(
            await run('<?xml version="1.0"?><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>'),
            /IAM accepts 1000 to 10000000/,
        );
    });

    it("rejects what is not SAML 2.0 IdP metadata", async () => {
        assertViolation(await run(`<html>${"x".repeat(1200)}`), /not well-formed XML/);
        assertViolation(
            await run(
                `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${"<!-- pad -->".repeat(100)}</EntitiesDescriptor>`,
            ),
            /must be a SAML 2.0 metadata EntityDescriptor/,
        );
        const noSigning = idpMetadata([signingCertificate().base64Der]).replace('use="signing"', 'use="encryption"');
        assertViolation(await run(noSigning), /no signing certificate/);
        const spMetadata = idpMetadata([signingCertificate().base64Der]).replace(/IDPSSODescriptor/g, "SPSSODescriptor");
        assertViolation(await run(spMetadata), /exactly one IDPSSODescriptor, found 0/);
    });

    it("rejects unreadable, expired, weak and too many certificates", async () => {
        assertViolation(await run(idpMetadata(["bm90IGEgY2VydGlmaWNhdGU=".repeat(40)])), /not a readable X.509 certificate/);
        const expired = generateSigningCertificate({
            commonName: "expired",
            notBefore: new Date(Date.now() - 400 * 86400_000),
            notAfter: new Date(Date.now() - 86400_000),
            modulusLength: 1024,
        });
        const result = await run(idpMetadata([expired.base64Der]));
        assertViolation(result, /expired on/);
        assertViolation(result, /1024-bit key; at least 2048 bits/);
        assert.ok(
            !(await run(idpMetadata([expired.base64Der]), { minimumKeyBits: 1024 })).violations.some((violation) =>
                /bit key/.test(violation.message),
            ),
        );
        const certificate = signingCertificate().base64Der;
        assertViolation(
            await run(idpMetadata([certificate, certificate]), { maximumCertificates: 1 }),
            /2 signing certificates; IAM accepts at most 1/,
        );
    });

    it("checks the entityID against the allowed issuers", async () => {
        const metadata = idpMetadata([signingCertificate().base64Der]).replace(/entityID="[^"]+"/, 'entityID="https://idp.example.com/"');
        assertViolation(await run(metadata), /entityID "https:\/\/idp.example.com\/" matches none/);
        assertPasses(await run(metadata, { allowedEntityIds: ["https://idp.example.com/"] }));
    });

    it("rejects a provider name IAM refuses", async () => {
        assertViolation(await run(idpMetadata([signingCertificate().base64Der]), undefined, "Azure AD"), /provider name "Azure AD"/);
    });

    it("defers when the metadata is unknown, and still checks the name", async () => {
        assertDeferred(await run(UNKNOWN));
        const result = await run(UNKNOWN, undefined, "bad name");
        assert.ok(result.unknown !== undefined);
        assertViolation(result, /provider name "bad name"/);
    });

    it("reports malformed input instead of crashing", async () => {
        assertViolation(await run(42), /must be an XML string, got number/);
        assertViolation(await run(null), /must be an XML string, got null/);
    });
});
