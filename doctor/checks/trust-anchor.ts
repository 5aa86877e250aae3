import { azureAdEntityId } from "../../components/documents/idp-metadata";
import { parseIdpMetadata } from "../../offline/sign-in/idp-metadata";
import { Finding } from "../findings";
import { AccountCheck, DAY_MS, finding, valueOf, wasRead } from "./check-context";
import { preferredCertificate, signingCertificates } from "./signing-certificates";

/** The IAM SAML provider: it exists, trusts the tenant's issuer, holds Azure's active and next certificates, and is in date. */
export const checkTrustAnchor: AccountCheck = (expected, snapshot, context) => {
    if (!wasRead(snapshot.samlProvider)) return [];
    const provider = snapshot.samlProvider.value;
    const resource = expected.samlProviderArn;
    if (!provider) {
        return [
            finding(
                expected,
                "saml-provider-missing",
                "error",
                resource,
                "The IAM SAML provider no longer exists: no role can be assumed through it, sign-in fails.",
                "Run `pulumi up` to recreate it (and the roles' trust in it).",
            ),
        ];
    }
    const findings: Finding[] = [];
    if (provider.validUntil) {
        const remaining = provider.validUntil.getTime() - context.now.getTime();
        const noticeDays = Math.max(...context.thresholds.certificateDays);
        if (remaining <= 0) {
            findings.push(
                finding(
                    expected,
                    "saml-provider-expired",
                    "error",
                    resource,
                    `The SAML provider's ValidUntil (${provider.validUntil.toISOString()}) has passed: STS rejects its assertions.`,
                    "Update the provider's metadata (`pulumi up` after a certificate rotation rewrites it), which renews ValidUntil.",
                ),
            );
        } else if (remaining <= noticeDays * DAY_MS) {
            findings.push(
                finding(
                    expected,
                    "saml-provider-expiring",
                    "warning",
                    resource,
                    `The SAML provider's ValidUntil is ${provider.validUntil.toISOString()}, within ${noticeDays} days.`,
                    "Update the provider's metadata before then (`pulumi up` after a certificate rotation rewrites it).",
                ),
            );
        }
    }
    const metadata = parseIdpMetadata(provider.metadataDocument);
    const sp = valueOf(snapshot.servicePrincipal);
    if (!metadata.ok) {
        findings.push(
            finding(
                expected,
                "saml-metadata-lacks-active-certificate",
                "error",
                resource,
                `The SAML provider's metadata cannot be read as IAM reads it (${metadata.problem}), so it trusts no Azure certificate.`,
                "Run `pulumi up`: the program rebuilds the metadata from the Azure certificates.",
            ),
        );
        return findings;
    }
    const issuer = azureAdEntityId(context.tenantId);
    if (metadata.metadata.entityId !== issuer) {
        findings.push(
            finding(
                expected,
                "saml-metadata-issuer-mismatch",
                "error",
                resource,
                `The metadata's entityID is ${metadata.metadata.entityId}, not the tenant's issuer ${issuer}: STS answers "Issuer not present in specified provider".`,
                "Run `pulumi up` to rewrite the metadata for this tenant.",
            ),
        );
    }
    const trusted = new Set(metadata.metadata.signingCertificates.map((certificate) => certificate.thumbprint));
    if (!sp) return findings;
    const active = sp.preferredTokenSigningKeyThumbprint?.toUpperCase();
    const current = preferredCertificate(sp);
    // A preferred key with no certificate behind it is its own finding; the metadata cannot hold what does not exist.
    if (active && current && !trusted.has(active)) {
        findings.push(
            finding(
                expected,
                "saml-metadata-lacks-active-certificate",
                "error",
                resource,
                `Azure signs with ${active}, which the SAML provider's metadata lacks (it has ${[...trusted].join(", ") || "none"}): sign-in fails now with "Response signature invalid".`,
                "Run `pulumi up`: it rebuilds the metadata from every Azure certificate of the stack. If the key was activated in the portal, add that certificate to the config first, or activate the stack's key again.",
            ),
        );
    }
    const next = signingCertificates(sp).filter(
        (certificate) =>
            certificate.thumbprint !== active &&
            (certificate.endDate === undefined || certificate.endDate.getTime() > context.now.getTime()) &&
            (certificate.thumbprint === expected.activeThumbprint ||
                (current?.endDate !== undefined && certificate.endDate !== undefined && certificate.endDate > current.endDate)),
    );
    for (const certificate of next.filter((candidate) => !trusted.has(candidate.thumbprint))) {
        findings.push(
            finding(
                expected,
                "saml-metadata-lacks-next-certificate",
                "warning",
                resource,
                `The service principal holds a newer certificate ${certificate.thumbprint}${certificate.endDate ? ` (ends ${certificate.endDate.toISOString()})` : ""} that the SAML provider's metadata lacks: once Azure activates it, sign-in fails.`,
                "Add the certificate to the stack's `signingCertificate` list and run `pulumi up`, so AWS trusts it before Azure signs with it; or delete it from the service principal.",
            ),
        );
    }
    return findings;
};
