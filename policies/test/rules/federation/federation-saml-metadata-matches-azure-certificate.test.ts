import * as azuread from "@pulumi/azuread";
import { generateSigningCertificate } from "../../../../offline/program/certificates";
import { metadataCertificatePolicy } from "../../../rules/federation/federation-saml-metadata-matches-azure-certificate";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, idpMetadata, setProperty, signingCertificate, StackFixture } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

let otherCertificate: ReturnType<typeof generateSigningCertificate>;
before(() => {
    otherCertificate = generateSigningCertificate({ commonName: "someone else", notAfter: new Date(Date.now() + 365 * 86400_000) });
});

describe("federation-saml-metadata-matches-azure-certificate", () => {
    const run = (stack: StackFixture) => runStackPolicy(metadataCertificatePolicy, stack.resources);
    const providerOf = (stack: StackFixture) => stack.find("prod-saml-provider");

    it("passes metadata built from the app's signing certificate", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires when the metadata holds another certificate", async () => {
        for (const recordedDependency of [true, false]) {
            const stack = federationFixture();
            setProperty(providerOf(stack), "samlMetadataDocument", idpMetadata([otherCertificate.base64Der]));
            if (!recordedDependency) {
                providerOf(stack).propertyDependencies = {};
            }
            assertViolation(
                await run(stack),
                /contains none of the signing certificates of AWS app prod-app .*whose app roles name it; .*Response signature invalid/,
                providerOf(stack).urn,
            );
        }
    });

    it("fires when the metadata lacks the active certificate during a rotation", async () => {
        const stack = federationFixture();
        const next = stack.add(
            azuread.ServicePrincipalTokenSigningCertificate,
            "prod-signing-2026",
            { servicePrincipalId: "/servicePrincipals/bbbbbbbb-0000-4000-8000-000000000002" },
            {
                deps: { servicePrincipalId: [stack.find("prod-sp")] },
                outputs: { value: otherCertificate.base64Der, thumbprint: otherCertificate.thumbprint },
            },
        );
        const activation = stack.find("prod-preferred-signing-key");
        setProperty(activation, "thumbprint", otherCertificate.thumbprint);
        activation.propertyDependencies.thumbprint = [next.urn];
        providerOf(stack).propertyDependencies.samlMetadataDocument.push(next.urn);
        assertViolation(await run(stack), /lacks the active signing certificate prod-signing-2026 of AWS app prod-app/);
        setProperty(providerOf(stack), "samlMetadataDocument", idpMetadata([signingCertificate().base64Der, otherCertificate.base64Der]));
        assertPasses(await run(stack));
    });

    it("falls back to the weaker check, and says so, when no app role names the provider", async () => {
        const stack = federationFixture();
        for (const appRole of stack.resources.filter(
            (resource) => resource.type === "azuread:index/applicationAppRole:ApplicationAppRole",
        )) {
            stack.remove(appRole.name);
        }
        assertPasses(await run(stack));
        setProperty(providerOf(stack), "samlMetadataDocument", idpMetadata([otherCertificate.base64Der]));
        assertViolation(
            await run(stack),
            /contains none of the Azure AD signing certificates .*\(no app role of this stack names this provider, so only its certificates' presence among the stack's Azure certificates could be checked, not which app they belong to\)/,
            providerOf(stack).urn,
        );
    });

    it("matches by thumbprint when the certificate value is not reported", async () => {
        const stack = federationFixture();
        delete stack.find("prod-signing-2025").outputs.value;
        assertPasses(await run(stack));
    });

    it("defers while the metadata or certificate is unknown", async () => {
        const stack = federationFixture();
        providerOf(stack).outputs.samlMetadataDocument = UNKNOWN;
        assertDeferred(await run(stack));
        const certificate = federationFixture();
        certificate.find("prod-signing-2025").outputs.value = UNKNOWN;
        certificate.find("prod-signing-2025").outputs.thumbprint = UNKNOWN;
        assertDeferred(await run(certificate));
    });

    it("leaves malformed metadata to aws-saml-provider-metadata", async () => {
        const stack = federationFixture();
        setProperty(providerOf(stack), "samlMetadataDocument", 5);
        assertPasses(await run(stack));
        setProperty(providerOf(stack), "samlMetadataDocument", "<not xml");
        assertViolation(await run(stack), /contains none of the signing certificates/);
    });
});
