import * as assert from "assert";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { checkTrustAnchor } from "../../../doctor/checks/trust-anchor";
import { AccountSnapshot } from "../../../doctor/live-snapshot";
import { LiveSamlProvider } from "../../../live/aws-account-reader";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
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
    PROVIDER_ARN,
    TENANT_ID,
} from "../support/healthy-account";

let next: SigningCertificate | undefined;
/** A newer certificate on the service principal, ending after the active one. */
function nextCertificate(): SigningCertificate {
    next ??= generateSigningCertificate({
        commonName: "Microsoft Azure Federated SSO Certificate",
        notBefore: new Date("2027-05-01T00:00:00Z"),
        notAfter: new Date("2031-01-01T00:00:00Z"),
    });
    return next;
}

function provider(changes: Partial<LiveSamlProvider> = {}): LiveSamlProvider {
    return {
        arn: PROVIDER_ARN,
        metadataDocument: azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [activeCertificate().base64Der] }),
        validUntil: new Date(NOW.getTime() + 365 * DAY),
        ...changes,
    };
}

function ids(snapshot: AccountSnapshot): string[] {
    return checkTrustAnchor(expectedAccount(), snapshot, checkContext()).map((finding) => finding.id);
}

const withNextOnServicePrincipal = (preferred?: string) => {
    const sp = healthyServicePrincipal();
    return ok({
        ...sp,
        keyCredentials: [...sp.keyCredentials, ...keyCredentialsOf(nextCertificate(), "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d")],
        preferredTokenSigningKeyThumbprint: preferred ?? sp.preferredTokenSigningKeyThumbprint,
    });
};

describe("doctor/checks/trust-anchor (checkTrustAnchor)", () => {
    it("says nothing when the provider could not be read, and reports one that is gone", () => {
        const denied = failedReading("access-denied", "iam", "iam:GetSAMLProvider", "iam:GetSAMLProvider", "metadata", PROVIDER_ARN);
        assert.deepStrictEqual(ids(healthySnapshot({ samlProvider: denied })), []);
        const gone = checkTrustAnchor(expectedAccount(), healthySnapshot({ samlProvider: ok(undefined) }), checkContext());
        assert.deepStrictEqual(
            gone.map((finding) => [finding.id, finding.severity, finding.resource]),
            [["saml-provider-missing", "error", PROVIDER_ARN]],
        );
    });

    it("ValidUntil: an error once passed, a warning within the first certificate threshold", () => {
        assert.deepStrictEqual(ids(healthySnapshot({ samlProvider: ok(provider({ validUntil: NOW })) })), ["saml-provider-expired"]);
        assert.deepStrictEqual(ids(healthySnapshot({ samlProvider: ok(provider({ validUntil: new Date(NOW.getTime() + 60 * DAY) })) })), [
            "saml-provider-expiring",
        ]);
        assert.deepStrictEqual(
            ids(healthySnapshot({ samlProvider: ok(provider({ validUntil: new Date(NOW.getTime() + 61 * DAY) })) })),
            [],
        );
        assert.deepStrictEqual(ids(healthySnapshot({ samlProvider: ok(provider({ validUntil: undefined })) })), []);
    });

    it("metadata IAM cannot read trusts no certificate: an error", () => {
        const findings = checkTrustAnchor(
            expectedAccount(),
            healthySnapshot({ samlProvider: ok(provider({ metadataDocument: "<EntityDescriptor" })) }),
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => finding.id),
            ["saml-metadata-lacks-active-certificate"],
        );
        assert.match(findings[0].message, /cannot be read as IAM reads it/);
    });

    it("metadata of another tenant is an issuer mismatch", () => {
        const other = azureAdIdpMetadata({
            tenantId: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            signingCertificates: [activeCertificate().base64Der],
        });
        const findings = checkTrustAnchor(
            expectedAccount(),
            healthySnapshot({ samlProvider: ok(provider({ metadataDocument: other })) }),
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => finding.id),
            ["saml-metadata-issuer-mismatch"],
        );
        assert.match(findings[0].message, new RegExp(`not the tenant's issuer https://sts\\.windows\\.net/${TENANT_ID}/`));
    });

    it("the key Azure signs with must be in the metadata: a rotation that reached Azure only breaks sign-in", () => {
        const findings = checkTrustAnchor(
            expectedAccount(),
            healthySnapshot({ servicePrincipal: withNextOnServicePrincipal(nextCertificate().thumbprint) }),
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity]),
            [["saml-metadata-lacks-active-certificate", "error"]],
        );
        assert.match(findings[0].message, new RegExp(`Azure signs with ${nextCertificate().thumbprint}`));
    });

    it("a newer certificate on the service principal that AWS does not trust yet is a warning, and none once it is trusted", () => {
        const findings = checkTrustAnchor(
            expectedAccount(),
            healthySnapshot({ servicePrincipal: withNextOnServicePrincipal() }),
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity]),
            [["saml-metadata-lacks-next-certificate", "warning"]],
        );
        assert.match(findings[0].message, new RegExp(nextCertificate().thumbprint));
        const trusted = provider({
            metadataDocument: azureAdIdpMetadata({
                tenantId: TENANT_ID,
                signingCertificates: [activeCertificate().base64Der, nextCertificate().base64Der],
            }),
        });
        assert.deepStrictEqual(ids(healthySnapshot({ servicePrincipal: withNextOnServicePrincipal(), samlProvider: ok(trusted) })), []);
    });

    it("an older or ended certificate left on the service principal is not a next certificate", () => {
        const old = generateSigningCertificate({
            commonName: "Microsoft Azure Federated SSO Certificate",
            notBefore: new Date("2024-01-01T00:00:00Z"),
            notAfter: new Date("2027-05-01T00:00:00Z"),
        });
        const sp = healthyServicePrincipal();
        const withOld = ok({
            ...sp,
            keyCredentials: [...sp.keyCredentials, ...keyCredentialsOf(old, "8c7d6e5f-4a3b-4c2d-9e1f-0a9b8c7d6e5f")],
        });
        assert.deepStrictEqual(ids(healthySnapshot({ servicePrincipal: withOld })), []);
    });
});
