import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { performance } from "perf_hooks";
import { generateSigningCertificate, SigningCertificate } from "../offline/certificates";
import { CloudStandIns, CloudStandInsOptions } from "../offline/cloud-stand-ins";

const SIGNING_CERTIFICATE = "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate";

export interface TimedStandInsOptions extends CloudStandInsOptions {
    /**
     * Answer every token-signing certificate with one real RSA-2048 certificate generated up front,
     * instead of a new key pair per certificate. Key generation is the clouds' work (it is random
     * prime search: 0.1 to 0.5 s each, with a wide spread), the same in the program and the floor;
     * reusing one key keeps it out of the comparison and makes the run shorter and steadier.
     * `keygen` in bench/child.ts measures what it costs separately.
     */
    readonly reuseSigningKey?: boolean;
}

/**
 * The cloud stand-ins, unchanged, with the time spent answering (`newResource`, `call`) summed.
 * Both answer synchronously, so the sum is exactly the stand-ins' share of an evaluation.
 */
export class TimedStandIns extends CloudStandIns {
    public standInMs = 0;
    public newResourceCalls = 0;
    public invokeCalls = 0;
    private readonly sharedCertificate: SigningCertificate | undefined;

    constructor(options: TimedStandInsOptions) {
        super(options);
        this.sharedCertificate = options.reuseSigningKey
            ? generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", notAfter: new Date("2029-01-01T00:00:00Z") })
            : undefined;
    }

    public override newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const start = performance.now();
        try {
            if (this.sharedCertificate !== undefined && args.type === SIGNING_CERTIFICATE) {
                return this.sharedCertificateResult(args, this.sharedCertificate);
            }
            return super.newResource(args);
        } finally {
            this.standInMs += performance.now() - start;
            this.newResourceCalls++;
        }
    }

    public override call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const start = performance.now();
        try {
            return super.call(args);
        } finally {
            this.standInMs += performance.now() - start;
            this.invokeCalls++;
        }
    }

    /** The same answer `CloudStandIns` gives for a signing certificate, with the shared key pair. */
    private sharedCertificateResult(args: pulumi.runtime.MockResourceArgs, certificate: SigningCertificate): pulumi.runtime.MockResourceResult {
        const inputs = args.inputs as Record<string, any>;
        const commonName = String(inputs.displayName ?? "CN=Microsoft Azure Federated SSO Certificate").replace(/^CN=/, "");
        const hex = createHash("sha256").update(`key/${args.type}/${args.name}`).digest("hex");
        const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
        this.signingCertificates.set(certificate.thumbprint, certificate);
        return {
            id: `${String(inputs.servicePrincipalId).replace("/servicePrincipals/", "")}/tokenSigningCertificate/${keyId}`,
            state: {
                ...inputs,
                displayName: `CN=${commonName}`,
                keyId,
                thumbprint: certificate.thumbprint,
                value: certificate.base64Der,
                startDate: certificate.notBefore.toISOString(),
                endDate: inputs.endDate ? new Date(inputs.endDate).toISOString() : certificate.notAfter.toISOString(),
            },
        };
    }
}
