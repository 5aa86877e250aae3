import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { forEachAwsApp } from "../../model/aws-apps";
import { AwsApp, FederationTopology, knownThumbprints } from "../../model/federation-topology";
import { dependsThrough, refersToAny } from "../../model/resource-links";
import { mentionsAwsSamlAttributes } from "../../readers/claims-mapping-policy";

export const signingSetupPolicy = defineStackPolicy({
    name: "azuread-aws-app-signing-setup",
    description:
        "Every AWS app's service principal has an AWS claims mapping policy assigned, a token-signing certificate, and that certificate activated as its preferred signing key.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Add an azuread.ServicePrincipalClaimsMappingPolicyAssignment for the AWS claims policy, an azuread.ServicePrincipalTokenSigningCertificate, and the PreferredTokenSigningKey activation with that certificate's thumbprint. A claims mapping policy on an app without its own active signing key fails at sign-in with AADSTS50146.",
    config: {
        requirePreferredKeyActivation: {
            type: "boolean",
            description: "Require the preferred-key activation (preferredTokenSigningKeyThumbprint) for the app's certificate.",
            default: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            const where = app.servicePrincipals[0] ?? app.application;
            deferred.run(() => {
                const policies = topology.claimsPoliciesOf(app);
                if (policies.resources.length === 0) {
                    if (policies.undetermined !== undefined) {
                        throw policies.undetermined.error;
                    }
                    reportViolation(
                        `AWS app ${app.application.name} has no claims mapping policy assigned, so AWS receives no Role attribute.`,
                        where.urn,
                    );
                }
                for (const policy of policies.resources) {
                    deferred.run(() => {
                        const definitions: unknown = policy.props.definitions;
                        if (!mentionsAwsSamlAttributes(definitions)) {
                            reportViolation(
                                `AWS app ${app.application.name} is assigned claims mapping policy ${policy.name}, which sends no AWS attributes.`,
                                where.urn,
                            );
                        }
                    });
                }
            });
            deferred.run(() => {
                const certificates = topology.signingCertificatesOf(app);
                if (certificates.resources.length === 0) {
                    if (certificates.undetermined !== undefined) {
                        throw certificates.undetermined.error;
                    }
                    reportViolation(`AWS app ${app.application.name} has no azuread.ServicePrincipalTokenSigningCertificate.`, where.urn);
                    return;
                }
                if (!config.requirePreferredKeyActivation) {
                    return;
                }
                checkActivation(topology, app, certificates.resources, where, reportViolation);
            });
        });
        deferred.finish();
    },
});

function checkActivation(
    topology: FederationTopology,
    app: AwsApp,
    certificates: readonly PolicyResource[],
    where: PolicyResource,
    reportViolation: ReportViolation,
): void {
    const activations = topology.preferredKeyActivations().filter((activation) => {
        const link = refersToAny(activation, "servicePrincipalObjectId", app.targets);
        if (!link.known) {
            throw link.error;
        }
        return link.value;
    });
    if (activations.length === 0) {
        reportViolation(
            `AWS app ${app.application.name} never activates its signing certificate (preferredTokenSigningKeyThumbprint); Azure keeps signing with its own key and the claims policy fails with AADSTS50146.`,
            where.urn,
        );
        return;
    }
    for (const activation of activations) {
        if (certificates.some((certificate) => dependsThrough(activation, "thumbprint", certificate))) {
            continue;
        }
        const thumbprint = activation.props.thumbprint;
        const known = knownThumbprints(certificates);
        const wanted = typeof thumbprint === "string" ? thumbprint.replace(/[\s:]/g, "").toUpperCase() : undefined;
        if (wanted !== undefined && known.thumbprints.includes(wanted)) {
            continue;
        }
        if (known.undetermined !== undefined) {
            throw known.undetermined.error;
        }
        reportViolation(
            `Preferred-key activation ${activation.name} names thumbprint ${JSON.stringify(thumbprint)}, which is not a signing certificate of AWS app ${app.application.name}.`,
            activation.urn,
        );
    }
}
