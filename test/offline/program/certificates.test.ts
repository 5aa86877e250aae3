import * as assert from "assert";
import { createPrivateKey, X509Certificate } from "crypto";
import { benchRawConfig } from "../../../bench/fixtures";
import { SigningKeyPool } from "../../../offline/program/certificates";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";
import { expectedSigningCertificates } from "../../../offline/preview/preview-command";

describe("signing keys off the main thread", function () {
    this.timeout(60_000);

    it("issues distinct, valid self-signed certificates whose private keys match", async () => {
        const pool = new SigningKeyPool(2, 1024);
        pool.prepare(2);
        const notAfter = new Date("2029-01-01T00:00:00Z");
        const certificates = await Promise.all(
            ["a", "b", "c"].map((name) => pool.certificate({ commonName: `Stand-in ${name}`, notAfter, modulusLength: 1024 })),
        );
        assert.strictEqual(new Set(certificates.map((certificate) => certificate.thumbprint)).size, 3);
        assert.strictEqual(new Set(certificates.map((certificate) => certificate.privateKeyPem)).size, 3);
        for (const certificate of certificates) {
            const x509 = new X509Certificate(certificate.pem);
            assert.ok(x509.verify(x509.publicKey), `${certificate.commonName}: self-signature does not verify`);
            assert.ok(x509.checkPrivateKey(createPrivateKey(certificate.privateKeyPem)));
            assert.strictEqual(x509.subject, `CN=${certificate.commonName}`);
            assert.strictEqual(new Date(x509.validTo).getTime(), notAfter.getTime());
            assert.strictEqual(Buffer.from(certificate.base64Der, "base64").equals(x509.raw), true);
        }
    });

    it("refuses a key size it does not make", async () => {
        await assert.rejects(new SigningKeyPool(1, 1024).certificate({ commonName: "x", notAfter: new Date() }), /1024-bit keys/);
    });

    it("answers a certificate registration asynchronously, and the same certificate again for the same resource", async () => {
        const keys = new SigningKeyPool(1, 1024);
        const standIns = new CloudStandIns({
            tenantId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            issueCertificate: (options) => keys.certificate({ ...options, modulusLength: 1024 }),
        });
        const args = {
            type: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
            name: "sandbox-azuread-signing-cert",
            inputs: { servicePrincipalId: "/servicePrincipals/0b1c", displayName: "CN=Stand-in", endDate: "2029-01-01T00:00:00Z" },
            custom: true,
        };
        const pending = standIns.newResource(args);
        assert.ok(pending instanceof Promise, "a new certificate waits for its key");
        const first = await pending;
        const again = await standIns.newResource(args);
        assert.strictEqual(again.state.thumbprint, first.state.thumbprint);
        assert.ok(standIns.signingCertificates.has(first.state.thumbprint));
    });

    it("counts the keys a config will ask for, before the program runs", () => {
        assert.strictEqual(expectedSigningCertificates(benchRawConfig(3, 2)), 3);
        const rotating = {
            ...benchRawConfig(3, 2),
            "azuread-aws-sso:signingCertificate": JSON.stringify([{ name: "old" }, { name: "new" }]),
        };
        assert.strictEqual(expectedSigningCertificates(rotating), 6);
        const { ["azuread-aws-sso:signingCertificate"]: _omitted, ...defaultCertificate } = benchRawConfig(4, 1);
        assert.strictEqual(expectedSigningCertificates(defaultCertificate), 4);
        assert.strictEqual(expectedSigningCertificates({ "azuread-aws-sso:accounts": "{not json" }), 0);
    });
});
