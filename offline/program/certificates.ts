import * as crypto from "crypto";
import * as forge from "node-forge";
import * as os from "os";
import { promisify } from "util";

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

/** An RSA key pair, PEM-encoded (SPKI public key, PKCS#8 private key). */
export interface SigningKeyPair {
    readonly publicKey: string;
    readonly privateKey: string;
}

function keyPairOptions(modulusLength: number): crypto.RSAKeyPairOptions<"pem", "pem"> {
    return {
        modulusLength,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
    };
}

/**
 * Generates a real RSA self-signed certificate. The key pair comes from Node's native crypto
 * (node-forge's pure-JS key generation takes seconds), node-forge only assembles the X.509.
 * Blocks the thread for the prime search (0.1 to 0.5 s); `SigningKeyPool` does it off the main thread.
 */
export function generateSigningCertificate(options: SigningCertificateOptions): SigningCertificate {
    return certifyKeyPair(options, crypto.generateKeyPairSync("rsa", keyPairOptions(options.modulusLength ?? 2048)));
}

/**
 * Key generation off the main thread, in parallel: each key pair is generated on libuv's thread
 * pool (`crypto.generateKeyPair`), at most `concurrency` at a time (the cores by default), so a
 * burst of certificates neither blocks the program nor starves the pool's other work. `prepare`
 * starts keys before anyone asks for them; `take` hands out a prepared one or generates a new one.
 */
export class SigningKeyPool {
    private readonly prepared: Promise<SigningKeyPair>[] = [];
    private readonly waiting: (() => void)[] = [];
    private running = 0;

    constructor(
        private readonly concurrency: number = Math.max(1, os.availableParallelism()),
        private readonly modulusLength = 2048,
    ) {}

    /** Starts `count` more key pairs now. */
    prepare(count: number): void {
        for (let index = 0; index < count; index++) {
            const key = this.generate();
            // Never an unhandled rejection for a key nobody takes; `take` still sees the failure.
            key.catch(() => undefined);
            this.prepared.push(key);
        }
    }

    /** A prepared key pair if one was started, else a new one. */
    take(): Promise<SigningKeyPair> {
        return this.prepared.shift() ?? this.generate();
    }

    /** A certificate on the next key pair. */
    async certificate(options: SigningCertificateOptions): Promise<SigningCertificate> {
        if ((options.modulusLength ?? 2048) !== this.modulusLength) {
            throw new Error(`this key pool makes ${this.modulusLength}-bit keys, not ${options.modulusLength}`);
        }
        return certifyKeyPair(options, await this.take());
    }

    private async generate(): Promise<SigningKeyPair> {
        if (this.running >= this.concurrency) {
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        }
        this.running++;
        try {
            return await generateKeyPairAsync("rsa", keyPairOptions(this.modulusLength));
        } finally {
            this.running--;
            this.waiting.shift()?.();
        }
    }
}

const generateKeyPairAsync = promisify(crypto.generateKeyPair) as (
    type: "rsa",
    options: crypto.RSAKeyPairOptions<"pem", "pem">,
) => Promise<SigningKeyPair>;

/**
 * A self-signed X.509 certificate for a key pair. node-forge assembles the certificate; Node's
 * crypto signs it (forge's pure-JS RSA signature costs tens of milliseconds on the main thread).
 */
function certifyKeyPair(options: SigningCertificateOptions, keyPair: SigningKeyPair): SigningCertificate {
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = forge.pki.publicKeyFromPem(keyPair.publicKey);
    // Positive serial: a leading 0x00-0x7f byte keeps the DER integer non-negative.
    certificate.serialNumber = "01" + crypto.randomBytes(15).toString("hex");
    const notBefore = options.notBefore ?? new Date();
    certificate.validity.notBefore = notBefore;
    certificate.validity.notAfter = options.notAfter;
    const subject = [{ name: "commonName", value: options.commonName }];
    certificate.setSubject(subject);
    certificate.setIssuer(subject);
    // What forge's `certificate.sign(key, sha256)` does, with the signature from Node's crypto.
    certificate.signatureOid = certificate.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
    // `getTBSCertificate` is public in node-forge, missing from its typings.
    const tbsCertificate = (
        forge.pki as unknown as { getTBSCertificate(certificate: forge.pki.Certificate): forge.asn1.Asn1 }
    ).getTBSCertificate(certificate);
    (certificate as forge.pki.Certificate & { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbsCertificate;
    const tbsDer = Buffer.from(forge.asn1.toDer(tbsCertificate).getBytes(), "binary");
    certificate.signature = crypto.sign("sha256", tbsDer, keyPair.privateKey).toString("binary");
    const pem = forge.pki.certificateToPem(certificate);
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), "binary");
    return {
        commonName: options.commonName,
        pem,
        base64Der: der.toString("base64"),
        thumbprint: crypto.createHash("sha1").update(der).digest("hex").toUpperCase(),
        privateKeyPem: keyPair.privateKey,
        notBefore,
        notAfter: options.notAfter,
    };
}

/** Wraps a base64 DER body (the Azure `value` form) into PEM. */
export function base64DerToPem(base64Der: string): string {
    const body =
        base64Der
            .replace(/\s+/g, "")
            .match(/.{1,64}/g)
            ?.join("\n") ?? "";
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
