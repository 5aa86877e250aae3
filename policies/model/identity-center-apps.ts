import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { AWS_IDENTITY_CENTER_TEMPLATE_ID } from "./federation-topology";
import { DeferredUnknowns, readKnown } from "../framework/unknown-values";
import { dependsThrough } from "./resource-links";
import { SCIM_TOKEN_NOTE_PREFIX } from "../vocabulary/identity-center";

export { SCIM_TOKEN_NOTE_PREFIX };

/** The expiry the program writes on the Identity Center service principal's `notes`. */
export function scimTokenExpiry(notes: unknown): Date | undefined {
    if (typeof notes !== "string" || !notes.startsWith(SCIM_TOKEN_NOTE_PREFIX)) {
        return undefined;
    }
    const date = new Date(notes.slice(SCIM_TOKEN_NOTE_PREFIX.length).split(";")[0]);
    return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The Identity Center app's service principals: adopted from an instance of the Identity Center template. */
export function identityCenterServicePrincipals(resources: readonly PolicyResource[]): {
    servicePrincipals: PolicyResource[];
    deferred: DeferredUnknowns;
} {
    const deferred = new DeferredUnknowns();
    const apps = resources.filter((resource) => {
        const templateId = readKnown(() => resource.props.templateId as unknown);
        if (!templateId.known) {
            deferred.defer(templateId);
            return false;
        }
        return (
            resource.isType(azuread.ApplicationFromTemplate) &&
            typeof templateId.value === "string" &&
            templateId.value.toLowerCase() === AWS_IDENTITY_CENTER_TEMPLATE_ID
        );
    });
    const servicePrincipals = resources.filter(
        (resource) => resource.isType(azuread.ServicePrincipal) && apps.some((app) => dependsThrough(resource, "clientId", app)),
    );
    return { servicePrincipals, deferred };
}
