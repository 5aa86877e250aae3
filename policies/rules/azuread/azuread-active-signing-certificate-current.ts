import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { forEachAwsApp } from "../../model/aws-apps";
import { activeCertificates, FederationTopology } from "../../model/federation-topology";
import { certificateDates, DAY_MS } from "../../readers/signing-certificates";

export const activeSigningCertificateCurrentPolicy = defineStackPolicy({
    name: "azuread-active-signing-certificate-current",
    description:
        "The signing certificate each AWS app signs with (its preferred key) has not ended, and does not end before the configured rotation lead time.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Rotate now: add a new certificate as the last signingCertificate entry and run `pulumi up` (the metadata gets both, then the preferred key moves to the new one). While the active certificate has ended, Azure AD signs with an expired key and every AWS sign-in of the app fails.",
    config: {
        rotationLeadDays: {
            type: "integer",
            description:
                "Days before the active certificate's end by which your rotation activates its successor; an active certificate ending within them ends before the successor takes over.",
            default: 0,
            minimum: 0,
            maximum: 365,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const deadline = Date.now() + config.rotationLeadDays * DAY_MS;
        forEachAwsApp(topology, deferred, (app) => {
            const certificates = topology.signingCertificatesOf(app);
            deferred.defer(certificates.undetermined);
            const active = activeCertificates(topology, certificates.resources);
            deferred.defer(active.undetermined);
            for (const certificate of active.certificates) {
                deferred.run(() => {
                    const { end } = certificateDates(certificate);
                    if (end === undefined) {
                        return;
                    }
                    if (end.getTime() <= Date.now()) {
                        reportViolation(
                            `Signing certificate ${certificate.name}, the one AWS app ${app.application.name} signs with, ended on ${end.toISOString()}; every AWS sign-in of the app fails until it is rotated.`,
                            certificate.urn,
                        );
                    } else if (end.getTime() <= deadline) {
                        reportViolation(
                            `Signing certificate ${certificate.name}, the one AWS app ${app.application.name} signs with, ends on ${end.toISOString()}, before a rotation ${config.rotationLeadDays} day(s) ahead of its end would activate its successor; sign-in fails from then on.`,
                            certificate.urn,
                        );
                    }
                });
            }
        });
        deferred.finish();
    },
});
