import * as assert from "assert";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { generateSigningCertificate } from "../../../offline/program/certificates";
import { parseIdpMetadata } from "../../../offline/sign-in/idp-metadata";
import { AWS_SAML_ATTRIBUTE, azureAdIssuer, NAME_ID_FORMAT } from "../../../offline/sign-in/saml-names";
import { buildAzureSamlResponse } from "../../../offline/sign-in/saml-response";
import { AWS_CLAIMS_MAPPING_POLICY, NOW, TENANT_ID, bSimon, devApp } from "./support/dev-federation-fixture";

describe("saml-names (azureAdIssuer and the SAML names both sides share)", () => {
    it("names a tenant's issuer as Entra writes it, with the trailing slash, and it is the entityID of that tenant's metadata", () => {
        assert.strictEqual(azureAdIssuer(TENANT_ID), "https://sts.windows.net/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/");
        const certificate = generateSigningCertificate({
            commonName: "issuer",
            notAfter: new Date("2029-01-01T00:00:00Z"),
            modulusLength: 1024,
        });
        const parsed = parseIdpMetadata(azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [certificate.base64Der] }));
        assert.ok(parsed.ok);
        assert.strictEqual(parsed.metadata.entityId, azureAdIssuer(TENANT_ID));
    });

    it("uses the attribute names AWS sign-in documents, and they are what the federation facts' policy emits", () => {
        assert.strictEqual(AWS_SAML_ATTRIBUTE.role, "https://aws.amazon.com/SAML/Attributes/Role");
        for (const name of Object.values(AWS_SAML_ATTRIBUTE)) {
            assert.match(name, /^https:\/\/aws\.amazon\.com\/SAML\/Attributes\/[A-Za-z]+:?$/);
        }
        const certificate = generateSigningCertificate({
            commonName: "names",
            notAfter: new Date("2029-01-01T00:00:00Z"),
            modulusLength: 1024,
        });
        const built = buildAzureSamlResponse({
            tenantId: TENANT_ID,
            app: devApp(certificate, { claimsMappingPolicy: AWS_CLAIMS_MAPPING_POLICY }),
            user: bSimon(),
            now: NOW,
        });
        assert.ok(built.ok);
        for (const name of [AWS_SAML_ATTRIBUTE.role, AWS_SAML_ATTRIBUTE.roleSessionName, AWS_SAML_ATTRIBUTE.sessionDuration]) {
            assert.ok(built.response.xml.includes(`Name="${name}"`), `the response carries ${name}`);
        }
    });

    it("spells the NameID formats with the SAML version each was defined in", () => {
        assert.strictEqual(NAME_ID_FORMAT.persistent, "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        assert.strictEqual(NAME_ID_FORMAT.transient, "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
        assert.strictEqual(NAME_ID_FORMAT.emailAddress, "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
        assert.strictEqual(NAME_ID_FORMAT.unspecified, "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
    });
});
