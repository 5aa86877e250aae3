import * as assert from "assert";
import {
    checkSigningCertificates,
    preferredCertificate,
    signingCertificates,
    signingKeyProblems,
} from "../../../doctor/checks/signing-certificates";
import { GraphServicePrincipal } from "../../../live/graph-reader";
import { generateSigningCertificate } from "../../../offline/program/certificates";
import {
    activeCertificate,
    checkContext,
    DAY,
    expectedAccount,
    failedReading,
    healthyServicePrincipal,
    healthySnapshot,
    keyCredentialsOf,
    NOW,
    ok,
} from "../support/healthy-account";

/** The healthy service principal, its certificate ending at `end` (the preferred key stays the same). */
function endingAt(end: Date): GraphServicePrincipal {
    const sp = healthyServicePrincipal();
    return { ...sp, keyCredentials: sp.keyCredentials.map((key) => ({ ...key, endDateTime: end.toISOString() })) };
}

function run(sp: GraphServicePrincipal, thresholds: Parameters<typeof checkContext>[0] = {}) {
    return checkSigningCertificates(expectedAccount(), healthySnapshot({ servicePrincipal: ok(sp) }), checkContext(thresholds));
}

describe("doctor/checks/signing-certificates (checkSigningCertificates)", () => {
    it("one certificate is one Sign and one Verify key credential; only Sign counts", () => {
        const key = (usage: string, keyId: string) => ({
            keyId,
            customKeyIdentifier: Buffer.from("5216CE447579DC47098AF27BB5E209D045E6BC36", "hex").toString("base64"),
            displayName: "CN=x",
            type: "AsymmetricX509Cert",
            usage,
            startDateTime: "2026-01-01T00:00:00Z",
            endDateTime: "2029-01-01T00:00:00Z",
        });
        const sp = { keyCredentials: [key("Sign", "a"), key("Verify", "b")] } as unknown as GraphServicePrincipal;
        assert.deepStrictEqual(
            signingCertificates(sp).map((certificate) => certificate.thumbprint),
            ["5216CE447579DC47098AF27BB5E209D045E6BC36"],
        );
    });

    it("finds the preferred key's certificate whatever the thumbprint's case", () => {
        const sp = healthyServicePrincipal();
        const lower = { ...sp, preferredTokenSigningKeyThumbprint: sp.preferredTokenSigningKeyThumbprint!.toLowerCase() };
        assert.strictEqual(preferredCertificate(lower)?.thumbprint, activeCertificate().thumbprint);
        assert.deepStrictEqual(preferredCertificate(lower)?.endDate, activeCertificate().notAfter);
        assert.strictEqual(preferredCertificate({ ...sp, preferredTokenSigningKeyThumbprint: null }), undefined);
    });

    it("nothing to say when the service principal was not read or does not exist", () => {
        const denied = failedReading("access-denied", "graph", "GET /v1.0/servicePrincipals/{id}", "Application.Read.All", "keys", "sp");
        assert.deepStrictEqual(
            checkSigningCertificates(expectedAccount(), healthySnapshot({ servicePrincipal: denied }), checkContext()),
            [],
        );
        assert.deepStrictEqual(
            checkSigningCertificates(expectedAccount(), healthySnapshot({ servicePrincipal: ok(undefined) }), checkContext()),
            [],
        );
    });

    it("no preferred key, and a preferred key with no certificate behind it, are errors that stop the check", () => {
        const missing = run({ ...endingAt(new Date(NOW.getTime() - DAY)), preferredTokenSigningKeyThumbprint: null });
        assert.deepStrictEqual(
            missing.map((finding) => [finding.id, finding.severity]),
            [["preferred-signing-key-missing", "error"]],
        );
        assert.match(missing[0].fix, new RegExp(activeCertificate().thumbprint));
        const unknown = run({
            ...healthyServicePrincipal(),
            preferredTokenSigningKeyThumbprint: "0123456789ABCDEF0123456789ABCDEF01234567",
        });
        assert.deepStrictEqual(
            unknown.map((finding) => finding.id),
            ["preferred-signing-key-unknown"],
        );
        assert.match(unknown[0].message, new RegExp(`certificates \\(${activeCertificate().thumbprint}\\)`));
    });

    it("grades the end date by the thresholds: notice, warning, error, then expired", () => {
        const at = (days: number) =>
            run(endingAt(new Date(NOW.getTime() + days * DAY))).map((finding) => `${finding.id}:${finding.severity}`);
        assert.deepStrictEqual(at(61), []);
        assert.deepStrictEqual(at(60), ["signing-certificate-expiring:notice"]);
        assert.deepStrictEqual(at(30), ["signing-certificate-expiring:warning"]);
        assert.deepStrictEqual(at(7), ["signing-certificate-expiring:error"]);
        assert.deepStrictEqual(at(0), ["signing-certificate-expired:error"]);
        assert.deepStrictEqual(at(-3), ["signing-certificate-expired:error"]);
        const custom = run(endingAt(new Date(NOW.getTime() + 80 * DAY)), { certificateDays: [10, 45, 90] });
        assert.deepStrictEqual(
            custom.map((finding) => finding.severity),
            ["notice"],
            "thresholds in any order",
        );
        assert.match(custom[0].message, /in 80 day\(s\)/);
    });

    it("warns when Azure signs with a certificate that is not the stack's active one", () => {
        const other = generateSigningCertificate({
            commonName: "Microsoft Azure Federated SSO Certificate",
            notBefore: new Date("2027-02-01T00:00:00Z"),
            notAfter: new Date("2030-02-01T00:00:00Z"),
        });
        const sp = healthyServicePrincipal();
        const findings = run({
            ...sp,
            keyCredentials: [...sp.keyCredentials, ...keyCredentialsOf(other, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")],
            preferredTokenSigningKeyThumbprint: other.thumbprint,
        });
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity]),
            [["preferred-signing-key-not-stack-certificate", "warning"]],
        );
        assert.match(
            findings[0].message,
            new RegExp(`Azure signs with ${other.thumbprint}, not with the stack's active certificate ${activeCertificate().thumbprint}`),
        );
    });

    it("signingKeyProblems is the assessment both apps share: kinds and dates, with the stack's thumbprint passed in", () => {
        const sp = endingAt(new Date(NOW.getTime() + 20 * DAY));
        assert.deepStrictEqual(signingKeyProblems(sp, activeCertificate().thumbprint, checkContext()), [
            {
                kind: "expiring",
                thumbprint: activeCertificate().thumbprint,
                endDate: new Date(NOW.getTime() + 20 * DAY),
                days: 20,
                severity: "warning",
            },
        ]);
        assert.deepStrictEqual(
            signingKeyProblems(sp, "0123456789ABCDEF0123456789ABCDEF01234567", checkContext()).map((problem) => problem.kind),
            ["not-stack-certificate", "expiring"],
        );
        assert.deepStrictEqual(
            signingKeyProblems({ ...sp, preferredTokenSigningKeyThumbprint: null }, activeCertificate().thumbprint, checkContext()),
            [{ kind: "preferred-key-missing" }],
        );
    });
});
