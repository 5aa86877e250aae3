import * as assert from "assert";
import { createPrivateKey, X509Certificate } from "crypto";
import { base64DerToPem, generateSigningCertificate, SigningKeyPool, thumbprintOfBase64Der } from "../../../offline/program/certificates";

describe("certificates (generateSigningCertificate and SigningKeyPool)", function () {
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
    it("generates a 2048-bit self-signed certificate as Azure reports it: base64 DER value, upper-case SHA-1 thumbprint, its dates", () => {
        const notBefore = new Date("2026-03-01T00:00:00Z");
        const notAfter = new Date("2029-03-01T00:00:00Z");
        const certificate = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", notBefore, notAfter });
        const x509 = new X509Certificate(certificate.pem);
        assert.strictEqual(x509.subject, "CN=Microsoft Azure Federated SSO Certificate");
        assert.strictEqual(x509.issuer, x509.subject, "self-signed");
        assert.ok(x509.verify(x509.publicKey));
        assert.strictEqual(x509.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
        assert.strictEqual(new Date(x509.validFrom).getTime(), notBefore.getTime());
        assert.strictEqual(new Date(x509.validTo).getTime(), notAfter.getTime());
        assert.strictEqual(certificate.thumbprint, x509.fingerprint.replace(/:/g, ""));
        assert.match(certificate.thumbprint, /^[0-9A-F]{40}$/);
        assert.ok(x509.checkPrivateKey(createPrivateKey(certificate.privateKeyPem)));
    });

    it("turns Azure's base64 DER value back into PEM and its thumbprint, whitespace or not", () => {
        const certificate = generateSigningCertificate({
            commonName: "rotated",
            notAfter: new Date("2029-01-01T00:00:00Z"),
            modulusLength: 1024,
        });
        const wrapped = certificate.base64Der.replace(/(.{76})/g, "$1\r\n");
        const pem = base64DerToPem(wrapped);
        assert.match(pem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
        assert.ok(new X509Certificate(pem).raw.equals(new X509Certificate(certificate.pem).raw));
        assert.strictEqual(thumbprintOfBase64Der(wrapped), certificate.thumbprint);
    });
});
