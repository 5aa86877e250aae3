import * as azuread from "@pulumi/azuread";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { certificateDates, DAY_MS } from "../../readers/signing-certificates";

export const signingCertificateLifetimePolicy = defineStackPolicy({
    name: "azuread-signing-certificate-lifetime",
    description: "Token-signing certificates are valid for at most the configured number of years.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Set endDate on the azuread.ServicePrincipalTokenSigningCertificate to at most maximumYears after creation, and rotate by adding a new certificate before the old one ends.",
    config: {
        maximumYears: { type: "integer", description: "Longest certificate lifetime in years.", default: 3, minimum: 1, maximum: 10 },
    },
    validateStack: (args, reportViolation, config) => {
        const deferred = new DeferredUnknowns();
        const now = new Date();
        for (const certificate of args.resources.filter((resource) => resource.isType(azuread.ServicePrincipalTokenSigningCertificate))) {
            deferred.run(() => {
                const { start, end } = certificateDates(certificate);
                if (end === undefined) {
                    return;
                }
                const from = start ?? now;
                const limit = new Date(from);
                limit.setUTCFullYear(limit.getUTCFullYear() + config.maximumYears);
                // A day of slack for clock skew between the plan and the service.
                if (end.getTime() > limit.getTime() + DAY_MS) {
                    reportViolation(
                        `Signing certificate ${certificate.name} is valid until ${end.toISOString()}, more than ${config.maximumYears} year(s) after ${from.toISOString()}.`,
                        certificate.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});
