import * as crypto from "crypto";
import * as forge from "node-forge";

/** A self-signed X.509 signing certificate with its private key, as Azure AD holds it for a SAML app. */
export interface SigningCertificate {
    /** Certificate subject common name, without the `CN=` prefix. */
    readonly commonName: string;
    /** PEM with header lines. */
    readonly pem: string;
    /** Base64 DER without header lines or line breaks: the form Azure reports as the certificate `value`. */
    readonly base64Der: string;
    /** SHA-1 of the DER, upper-case hex: the form Azure reports as the `thumbprint`. */
    readonly thumbprint: string;
    /** PKCS#8 PEM. Kept in memory only: never written to disk, state or output. */
    readonly privateKeyPem: string;
    readonly notBefore: Date;
    readonly notAfter: Date;
}

export interface SigningCertificateOptions {
    readonly commonName: string;
    readonly notBefore?: Date;
    readonly notAfter: Date;
    /** RSA modulus length; Azure issues 2048-bit keys. */
    readonly modulusLength?: number;
}

/**
 * Generates a real RSA self-signed certificate. The key pair comes from Node's native crypto
 * (node-forge's pure-JS key generation takes seconds), node-forge only assembles and signs the X.509.
 */
export function generateSigningCertificate(options: SigningCertificateOptions): SigningCertificate {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
        modulusLength: options.modulusLength ?? 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
    // Positive serial: a leading 0x00-0x7f byte keeps the DER integer non-negative.
    certificate.serialNumber = "01" + crypto.randomBytes(15).toString("hex");
    const notBefore = options.notBefore ?? new Date();
    certificate.validity.notBefore = notBefore;
    certificate.validity.notAfter = options.notAfter;
    const subject = [{ name: "commonName", value: options.commonName }];
    certificate.setSubject(subject);
    certificate.setIssuer(subject);
    certificate.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
    const pem = forge.pki.certificateToPem(certificate);
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), "binary");
    return {
        commonName: options.commonName,
        pem,
        base64Der: der.toString("base64"),
        thumbprint: crypto.createHash("sha1").update(der).digest("hex").toUpperCase(),
        privateKeyPem: privateKey,
        notBefore,
        notAfter: options.notAfter,
    };
}

/** Wraps a base64 DER body (the Azure `value` form) into PEM. */
export function base64DerToPem(base64Der: string): string {
    const body = base64Der.replace(/\s+/g, "").match(/.{1,64}/g)?.join("\n") ?? "";
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** SHA-1 thumbprint (upper-case hex) of a base64 DER certificate body. */
export function thumbprintOfBase64Der(base64Der: string): string {
    return crypto
        .createHash("sha1")
        .update(Buffer.from(base64Der.replace(/\s+/g, ""), "base64"))
        .digest("hex")
        .toUpperCase();
}
