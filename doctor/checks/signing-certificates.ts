import { GraphKeyCredential, GraphServicePrincipal } from "../../live/graph-reader";
import { Finding, Severity } from "../findings";
import { AccountCheck, CheckContext, DAY_MS, daysUntil, finding, thumbprintOfKeyIdentifier, valueOf } from "./check-context";

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

/** What is wrong with a service principal's signing key, whichever app it signs for; each check words it for its app. */
export type SigningKeyProblem =
    | { readonly kind: "preferred-key-missing" }
    | { readonly kind: "preferred-key-unknown"; readonly preferred: string; readonly onServicePrincipal: readonly string[] }
    | { readonly kind: "not-stack-certificate"; readonly preferred: string }
    | { readonly kind: "expired"; readonly thumbprint: string; readonly endDate: Date }
    | {
          readonly kind: "expiring";
          readonly thumbprint: string;
          readonly endDate: Date;
          readonly days: number;
          readonly severity: Severity;
      };

/**
 * The preferred key is set, names a certificate on the service principal, is the stack's active one, and that
 * certificate is in date (graded by `certificateDays`). A missing or unknown key stops there: nothing signs.
 */
export function signingKeyProblems(
    servicePrincipal: GraphServicePrincipal,
    activeThumbprint: string,
    context: CheckContext,
): SigningKeyProblem[] {
    const preferred = servicePrincipal.preferredTokenSigningKeyThumbprint?.toUpperCase();
    if (!preferred) return [{ kind: "preferred-key-missing" }];
    const certificate = preferredCertificate(servicePrincipal);
    if (!certificate) {
        return [
            {
                kind: "preferred-key-unknown",
                preferred,
                onServicePrincipal: signingCertificates(servicePrincipal).map((candidate) => candidate.thumbprint),
            },
        ];
    }
    const problems: SigningKeyProblem[] = [];
    if (preferred !== activeThumbprint) problems.push({ kind: "not-stack-certificate", preferred });
    const endDate = certificate.endDate;
    if (endDate) {
        const remaining = endDate.getTime() - context.now.getTime();
        const within = (limit: number) => remaining <= limit * DAY_MS;
        const [noticeDays, warningDays, errorDays] = [...context.thresholds.certificateDays].sort((a, b) => b - a);
        if (remaining <= 0) {
            problems.push({ kind: "expired", thumbprint: certificate.thumbprint, endDate });
        } else if (within(noticeDays)) {
            problems.push({
                kind: "expiring",
                thumbprint: certificate.thumbprint,
                endDate,
                days: daysUntil(endDate, context.now),
                severity: within(errorDays) ? "error" : within(warningDays) ? "warning" : "notice",
            });
        }
    }
    return problems;
}

/** Azure's signing key: preferred, present, in date, and the one the stack activated. */
export const checkSigningCertificates: AccountCheck = (expected, snapshot, context) => {
    const sp = valueOf(snapshot.servicePrincipal);
    if (!sp) return [];
    const resource = `servicePrincipal ${sp.id} (${sp.displayName})`;
    const rotate =
        "Add the next certificate as the last entry of `signingCertificate` and run `pulumi up` (see README, Rotate the signing certificate).";
    return signingKeyProblems(sp, expected.activeThumbprint, context).map((problem): Finding => {
        switch (problem.kind) {
            case "preferred-key-missing":
                return finding(
                    expected,
                    "preferred-signing-key-missing",
                    "error",
                    resource,
                    "The service principal has no preferred token-signing key: Azure signs with the tenant's default key, and with a claims mapping policy assigned sign-in fails with AADSTS50146.",
                    `Run \`pulumi up\` (the PreferredTokenSigningKey resource sets it to ${expected.activeThumbprint}), or activate that certificate under Single sign-on > SAML Certificates in the portal.`,
                );
            case "preferred-key-unknown":
                return finding(
                    expected,
                    "preferred-signing-key-unknown",
                    "error",
                    resource,
                    `The preferred token-signing key ${problem.preferred} is not among the service principal's certificates (${problem.onServicePrincipal.join(", ") || "none"}): Azure cannot sign, sign-in fails.`,
                    "Run `pulumi up`: it recreates the stack's certificates and sets the preferred key to the active one.",
                );
            case "not-stack-certificate":
                return finding(
                    expected,
                    "preferred-signing-key-not-stack-certificate",
                    "warning",
                    resource,
                    `Azure signs with ${problem.preferred}, not with the stack's active certificate ${expected.activeThumbprint}: someone activated another key outside Pulumi.`,
                    "Run `pulumi up` to restore the stack's key, or add the certificate to `signingCertificate` in the stack config if it is meant to stay.",
                );
            case "expired":
                return finding(
                    expected,
                    "signing-certificate-expired",
                    "error",
                    `certificate ${problem.thumbprint}`,
                    `The signing certificate ${problem.thumbprint} Azure signs with ended on ${problem.endDate.toISOString()}: sign-in fails.`,
                    rotate,
                );
            case "expiring":
                return finding(
                    expected,
                    "signing-certificate-expiring",
                    problem.severity,
                    `certificate ${problem.thumbprint}`,
                    `The signing certificate ${problem.thumbprint} Azure signs with ends on ${problem.endDate.toISOString()}, in ${problem.days} day(s).`,
                    rotate,
                );
        }
    });
};
