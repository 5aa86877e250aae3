import * as azuread from "@pulumi/azuread";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { certificateDates, DAY_MS } from "../../readers/signing-certificates";

export const signingCertificateExpiryPolicy = defineStackPolicy({
    name: "azuread-signing-certificate-expiry",
    description: "No token-signing certificate is within warningDays of its end date, so it is rotated before AWS sign-in breaks.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
        "Add a new azuread.ServicePrincipalTokenSigningCertificate, publish both in the SAML provider metadata, activate the new one as preferred key, then remove the old one. When a certificate ends, AWS sign-in stops.",
    config: {
        warningDays: { type: "integer", description: "Days before the end date at which to warn.", default: 60, minimum: 1, maximum: 365 },
    },
    validateStack: (args, reportViolation, config) => {
        const deferred = new DeferredUnknowns();
        const now = Date.now();
        for (const certificate of args.resources.filter((resource) => resource.isType(azuread.ServicePrincipalTokenSigningCertificate))) {
            deferred.run(() => {
                const { end } = certificateDates(certificate);
                if (end === undefined) {
                    return;
                }
                const days = Math.floor((end.getTime() - now) / DAY_MS);
                if (end.getTime() <= now) {
                    reportViolation(
                        `Signing certificate ${certificate.name} ended on ${end.toISOString()}; AWS sign-in with it fails.`,
                        certificate.urn,
                    );
                } else if (days < config.warningDays) {
                    reportViolation(
                        `Signing certificate ${certificate.name} ends on ${end.toISOString()}, in ${days} day(s).`,
                        certificate.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});
