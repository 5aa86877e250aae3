import { GraphKeyCredential, GraphServicePrincipal } from "../../live/graph-reader";
import { Finding } from "../findings";
import { AccountCheck, DAY_MS, daysUntil, finding, thumbprintOfKeyIdentifier, valueOf } from "./check-context";

/** A token-signing certificate on the service principal (its Sign key credential). */
export interface ServicePrincipalCertificate {
    readonly thumbprint: string;
    readonly displayName: string;
    readonly startDate?: Date;
    readonly endDate?: Date;
}

/** One entry per certificate: Azure lists each as a Sign and a Verify key credential. */
export function signingCertificates(servicePrincipal: GraphServicePrincipal): ServicePrincipalCertificate[] {
    const byThumbprint = new Map<string, ServicePrincipalCertificate>();
    for (const key of servicePrincipal.keyCredentials.filter(
        (credential: GraphKeyCredential) => credential.usage === "Sign" && credential.type === "AsymmetricX509Cert",
    )) {
        const thumbprint = thumbprintOfKeyIdentifier(key.customKeyIdentifier);
        if (!thumbprint || byThumbprint.has(thumbprint)) continue;
        byThumbprint.set(thumbprint, {
            thumbprint,
            displayName: key.displayName ?? "",
            startDate: key.startDateTime ? new Date(key.startDateTime) : undefined,
            endDate: key.endDateTime ? new Date(key.endDateTime) : undefined,
        });
    }
    return [...byThumbprint.values()];
}

/** The preferred key's certificate, when it is on the service principal. */
export function preferredCertificate(servicePrincipal: GraphServicePrincipal): ServicePrincipalCertificate | undefined {
    const preferred = servicePrincipal.preferredTokenSigningKeyThumbprint?.toUpperCase();
    return preferred ? signingCertificates(servicePrincipal).find((certificate) => certificate.thumbprint === preferred) : undefined;
}

/** Azure's signing key: preferred, present, in date, and the one the stack activated. */
export const checkSigningCertificates: AccountCheck = (expected, snapshot, context) => {
    const sp = valueOf(snapshot.servicePrincipal);
    if (!sp) return [];
    const resource = `servicePrincipal ${sp.id} (${sp.displayName})`;
    const findings: Finding[] = [];
    const preferred = sp.preferredTokenSigningKeyThumbprint?.toUpperCase();
    if (!preferred) {
        return [
            finding(
                expected,
                "preferred-signing-key-missing",
                "error",
                resource,
                "The service principal has no preferred token-signing key: Azure signs with the tenant's default key, and with a claims mapping policy assigned sign-in fails with AADSTS50146.",
                `Run \`pulumi up\` (the PreferredTokenSigningKey resource sets it to ${expected.activeThumbprint}), or activate that certificate under Single sign-on > SAML Certificates in the portal.`,
            ),
        ];
    }
    const certificate = preferredCertificate(sp);
    if (!certificate) {
        return [
            finding(
                expected,
                "preferred-signing-key-unknown",
                "error",
                resource,
                `The preferred token-signing key ${preferred} is not among the service principal's certificates (${
                    signingCertificates(sp)
                        .map((c) => c.thumbprint)
                        .join(", ") || "none"
                }): Azure cannot sign, sign-in fails.`,
                "Run `pulumi up`: it recreates the stack's certificates and sets the preferred key to the active one.",
            ),
        ];
    }
    if (preferred !== expected.activeThumbprint) {
        findings.push(
            finding(
                expected,
                "preferred-signing-key-not-stack-certificate",
                "warning",
                resource,
                `Azure signs with ${preferred}, not with the stack's active certificate ${expected.activeThumbprint}: someone activated another key outside Pulumi.`,
                "Run `pulumi up` to restore the stack's key, or add the certificate to `signingCertificate` in the stack config if it is meant to stay.",
            ),
        );
    }
    if (certificate.endDate) {
        const days = daysUntil(certificate.endDate, context.now);
        const remaining = certificate.endDate.getTime() - context.now.getTime();
        const within = (limit: number) => remaining <= limit * DAY_MS;
        const [noticeDays, warningDays, errorDays] = [...context.thresholds.certificateDays].sort((a, b) => b - a);
        const rotate =
            "Add the next certificate as the last entry of `signingCertificate` and run `pulumi up` (see README, Rotate the signing certificate).";
        if (certificate.endDate.getTime() <= context.now.getTime()) {
            findings.push(
                finding(
                    expected,
                    "signing-certificate-expired",
                    "error",
                    `certificate ${certificate.thumbprint}`,
                    `The signing certificate ${certificate.thumbprint} Azure signs with ended on ${certificate.endDate.toISOString()}: sign-in fails.`,
                    rotate,
                ),
            );
        } else if (within(noticeDays)) {
            const severity = within(errorDays) ? "error" : within(warningDays) ? "warning" : "notice";
            findings.push(
                finding(
                    expected,
                    "signing-certificate-expiring",
                    severity,
                    `certificate ${certificate.thumbprint}`,
                    `The signing certificate ${certificate.thumbprint} Azure signs with ends on ${certificate.endDate.toISOString()}, in ${days} day(s).`,
                    rotate,
                ),
            );
        }
    }
    return findings;
};
