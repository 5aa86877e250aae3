import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { forEachAwsApp } from "../../model/aws-apps";
import { FederationTopology } from "../../model/federation-topology";
import { stringsIn } from "../../model/resource-links";
import { wildcardMatches } from "../../readers/iam-policy-document";

export const notificationEmailPolicy = defineStackPolicy({
    name: "azuread-aws-service-principal-notification-email",
    description: "Every AWS app's service principal names at least one address that receives signing-certificate expiry notices.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Set notificationEmailAddresses on the azuread.ServicePrincipal to a monitored team mailbox; Azure warns there before the token-signing certificate expires and sign-in breaks.",
    config: {
        minimumAddresses: { type: "integer", description: "Fewest notification addresses per service principal.", default: 1, minimum: 1 },
        allowedDomains: {
            type: "array",
            description: "When set, every address must be in one of these domains (`*` wildcard).",
            default: [],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            for (const servicePrincipal of app.servicePrincipals) {
                deferred.run(() => {
                    const addresses = stringsIn(servicePrincipal.props.notificationEmailAddresses);
                    if (addresses.length < config.minimumAddresses) {
                        reportViolation(
                            `Service principal ${servicePrincipal.name} has ${addresses.length} notification address(es); at least ${config.minimumAddresses} required.`,
                            servicePrincipal.urn,
                        );
                    }
                    if (config.allowedDomains.length > 0) {
                        for (const address of addresses) {
                            const domain = address.slice(address.lastIndexOf("@") + 1);
                            if (!config.allowedDomains.some((pattern) => wildcardMatches(pattern, domain))) {
                                reportViolation(
                                    `Service principal ${servicePrincipal.name} notifies ${address}, outside ${config.allowedDomains.join(", ")}.`,
                                    servicePrincipal.urn,
                                );
                            }
                        }
                    }
                });
            }
        });
        deferred.finish();
    },
});
