import * as assert from "assert";
import { DOMParser } from "@xmldom/xmldom";
import { CloudStandIns } from "../../offline/program/cloud-stand-ins";
import { ProgramRun, RegisteredResource, runProgramUnderMocks } from "../../offline/program/program-run";
import { baseStackConfig, rawConfig, resource, resourcesOfType, TENANT_ID, TYPES } from "../support/stack-fixtures";

const OLD = { name: "cert-2026", endDate: "2029-01-01T00:00:00Z" };
const NEW = { name: "cert-2028", endDate: "2031-01-01T00:00:00Z" };

function metadataCertificates(program: ProgramRun): string[] {
    const metadata = resource(program, TYPES.samlProvider, "sandbox-aws-saml-provider").inputs.samlMetadataDocument as string;
    const document = new DOMParser().parseFromString(metadata, "text/xml");
    return Array.from(document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")).map(
        (node) => node.textContent ?? "",
    );
}

function preferredKey(program: ProgramRun): RegisteredResource {
    return program.resources.find((registered) => registered.name === "sandbox-azuread-preferred-signing-key")!;
}

describe("signing certificate rotation", function () {
    this.timeout(120_000);
    // One stand-in across the three runs: Azure keeps an existing certificate, it does not reissue it.
    const standIns = new CloudStandIns({ tenantId: TENANT_ID });
    let single: ProgramRun;
    let both: ProgramRun;
    let rotated: ProgramRun;

    before(async () => {
        const run = (signingCertificate: unknown) =>
            runProgramUnderMocks({ stack: "dev", config: rawConfig({ ...baseStackConfig(), signingCertificate }), standIns });
        single = await run(OLD);
        both = await run([OLD, NEW]);
        rotated = await run([NEW]);
    });

    it("publishes every listed certificate in the SAML provider's metadata", () => {
        const certificates = resourcesOfType(both, TYPES.signingCertificate).map((certificate) => certificate.outputs.value);
        assert.strictEqual(certificates.length, 2);
        assert.deepStrictEqual(metadataCertificates(both), certificates);
    });

    it("activates the last listed certificate, after every certificate exists", () => {
        const newCertificate = resource(both, TYPES.signingCertificate, "signing-cert-2028");
        const oldCertificate = resource(both, TYPES.signingCertificate, "signing-cert-2026");
        const preferred = preferredKey(both);
        assert.strictEqual(preferred.inputs.thumbprint, newCertificate.outputs.thumbprint);
        assert.ok(preferred.dependencies.includes(newCertificate.urn) && preferred.dependencies.includes(oldCertificate.urn));
    });

    it("adding a certificate keeps the first one's resource as it was and moves only the preferred key", () => {
        const before = new Map(single.resources.map((registered) => [registered.urn, registered]));
        const changed = both.resources
            .filter((registered) => registered.custom && before.has(registered.urn))
            .filter((registered) => JSON.stringify(registered.inputs) !== JSON.stringify(before.get(registered.urn)!.inputs))
            .map((registered) => registered.name);
        // The metadata gains the new certificate (AWS trusts both); the activation moves to it.
        assert.deepStrictEqual(changed.sort(), ["sandbox-aws-saml-provider", "sandbox-azuread-preferred-signing-key"]);
        const oldBefore = resource(single, TYPES.signingCertificate, "signing-cert-2026");
        const oldAfter = resource(both, TYPES.signingCertificate, "signing-cert-2026");
        assert.strictEqual(oldAfter.urn, oldBefore.urn);
        assert.strictEqual(oldAfter.outputs.thumbprint, oldBefore.outputs.thumbprint);
        assert.notStrictEqual(preferredKey(both).inputs.thumbprint, preferredKey(single).inputs.thumbprint);
        assert.strictEqual(preferredKey(both).urn, preferredKey(single).urn);
    });

    it("removing the old certificate drops it from the metadata and keeps the new one", () => {
        const newBefore = resource(both, TYPES.signingCertificate, "signing-cert-2028");
        const newAfter = resource(rotated, TYPES.signingCertificate, "signing-cert-2028");
        assert.strictEqual(resourcesOfType(rotated, TYPES.signingCertificate).length, 1);
        assert.strictEqual(newAfter.urn, newBefore.urn);
        assert.deepStrictEqual(metadataCertificates(rotated), [newAfter.outputs.value]);
        assert.strictEqual(preferredKey(rotated).inputs.thumbprint, newAfter.outputs.thumbprint);
    });

    it("exports the active thumbprint and every published certificate with its end date", () => {
        const sandbox = (both.stackOutputs.accounts as any).sandbox;
        const newCertificate = resource(both, TYPES.signingCertificate, "signing-cert-2028");
        const oldCertificate = resource(both, TYPES.signingCertificate, "signing-cert-2026");
        assert.strictEqual(sandbox.signingCertificateThumbprint, newCertificate.outputs.thumbprint);
        assert.strictEqual(sandbox.signingCertificateEndDate, "2031-01-01T00:00:00.000Z");
        assert.deepStrictEqual(sandbox.signingCertificates, [
            { name: "cert-2026", thumbprint: oldCertificate.outputs.thumbprint, endDate: "2029-01-01T00:00:00.000Z" },
            { name: "cert-2028", thumbprint: newCertificate.outputs.thumbprint, endDate: "2031-01-01T00:00:00.000Z" },
        ]);
    });
});
