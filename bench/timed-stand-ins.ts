import * as pulumi from "@pulumi/pulumi";
import { performance } from "perf_hooks";
import { generateSigningCertificate } from "../offline/program/certificates";
import { CloudStandIns, CloudStandInsOptions } from "../offline/program/cloud-stand-ins";

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
 * Both answer synchronously, except a certificate on a key still being generated (`--real-keys`):
 * that key is made off the main thread and only the synchronous part counts.
 */
export class TimedStandIns extends CloudStandIns {
    public standInMs = 0;
    public newResourceCalls = 0;
    public invokeCalls = 0;
    constructor(options: TimedStandInsOptions) {
        const shared = options.reuseSigningKey
            ? generateSigningCertificate({
                  commonName: "Microsoft Azure Federated SSO Certificate",
                  notAfter: new Date("2029-01-01T00:00:00Z"),
              })
            : undefined;
        super(shared ? { ...options, issueCertificate: () => shared } : options);
    }

    public override newResource(
        args: pulumi.runtime.MockResourceArgs,
    ): pulumi.runtime.MockResourceResult | Promise<pulumi.runtime.MockResourceResult> {
        const start = performance.now();
        try {
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
}
