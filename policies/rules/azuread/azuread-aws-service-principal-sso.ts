import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { forEachAwsApp } from "../../model/aws-apps";
import { FederationTopology } from "../../model/federation-topology";

export const servicePrincipalSsoPolicy = defineStackPolicy({
    name: "azuread-aws-service-principal-sso",
    description: "Every AWS app's service principal uses SAML single sign-on and requires an app role assignment.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        'Adopt the template\'s service principal with azuread.ServicePrincipal { clientId, useExisting: true, preferredSingleSignOnMode: "saml", appRoleAssignmentRequired: true }. Without assignment required, every user of the tenant can request an AWS assertion.',
    config: {},
    validateStack: (args, reportViolation) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            if (app.servicePrincipals.length === 0) {
                reportViolation(
                    `AWS app ${app.application.name} has no azuread.ServicePrincipal (useExisting: true) that configures its service principal for SAML.`,
                    app.application.urn,
                );
            }
            for (const servicePrincipal of app.servicePrincipals) {
                deferred.run(() => {
                    const mode: unknown = servicePrincipal.props.preferredSingleSignOnMode;
                    if (mode !== "saml") {
                        reportViolation(
                            `Service principal ${servicePrincipal.name} has preferredSingleSignOnMode ${JSON.stringify(mode) ?? "unset"}; AWS sign-in needs "saml".`,
                            servicePrincipal.urn,
                        );
                    }
                });
                deferred.run(() => {
                    if (servicePrincipal.props.appRoleAssignmentRequired !== true) {
                        reportViolation(
                            `Service principal ${servicePrincipal.name} does not set appRoleAssignmentRequired: true, so any user of the tenant can sign in to AWS.`,
                            servicePrincipal.urn,
                        );
                    }
                });
            }
        });
        deferred.finish();
    },
});
