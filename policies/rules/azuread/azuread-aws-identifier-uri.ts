import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, readKnown } from "../../framework/unknown-values";
import { forEachAwsApp } from "../../model/aws-apps";
import { FederationTopology } from "../../model/federation-topology";
import { stringsIn } from "../../model/resource-links";
import { isAwsSignInIdentifierUri } from "../../readers/aws-identifiers";

export const identifierUriPolicy = defineStackPolicy({
    name: "azuread-aws-identifier-uri",
    description:
        "Every AWS app has an identifier URI that is an AWS sign-in SAML endpoint (optionally with #suffix) and unique in the stack.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give each AWS app one azuread.ApplicationIdentifierUri of the form https://signin.aws.amazon.com/saml#<unique suffix> (a suffix per app, since identifiers are unique per tenant and Azure strips the fragment from the audience it sends).",
    config: {},
    validateStack: (args, reportViolation) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            const uris = topology.attachedToApp(azuread.ApplicationIdentifierUri, "applicationId", app);
            let values = 0;
            let pending = uris.undetermined;
            const sources: [PolicyResource, string][] = uris.resources.map((resource): [PolicyResource, string] => [
                resource,
                "identifierUri",
            ]);
            if (app.application.isType(azuread.Application)) {
                sources.push([app.application, "identifierUris"]);
            }
            for (const [resource, property] of sources) {
                const uris = readKnown(() => stringsIn(resource.props[property]));
                if (!uris.known) {
                    pending ??= uris;
                    continue;
                }
                for (const uri of uris.value) {
                    values++;
                    if (!isAwsSignInIdentifierUri(uri)) {
                        reportViolation(
                            `Identifier URI ${JSON.stringify(uri)} of AWS app ${app.application.name} is not an AWS sign-in SAML endpoint.`,
                            resource.urn,
                        );
                    }
                }
            }
            if (pending !== undefined) {
                throw pending.error;
            }
            if (values === 0) {
                reportViolation(
                    `AWS app ${app.application.name} has no identifier URI; Azure cannot issue SAML assertions for it.`,
                    app.application.urn,
                );
            }
        });
        // Identifier URIs are unique per tenant: two resources with the same one fail at deployment.
        const seen = new Map<string, PolicyResource>();
        const uriOwners: [PolicyResource, string][] = [
            ...topology.ofType(azuread.ApplicationIdentifierUri).map((resource): [PolicyResource, string] => [resource, "identifierUri"]),
            ...topology.ofType(azuread.Application).map((resource): [PolicyResource, string] => [resource, "identifierUris"]),
        ];
        for (const [resource, property] of uriOwners) {
            deferred.run(() => {
                for (const uri of stringsIn(resource.props[property])) {
                    const key = uri.toLowerCase();
                    const first = seen.get(key);
                    if (first !== undefined && first !== resource) {
                        reportViolation(
                            `Identifier URI ${JSON.stringify(uri)} is used by both ${first.name} and ${resource.name}.`,
                            resource.urn,
                        );
                    } else {
                        seen.set(key, resource);
                    }
                }
            });
        }
        deferred.finish();
    },
});
