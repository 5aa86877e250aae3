import { defineStackPolicy } from "../../framework/policy-definition";
import { identityCenterServicePrincipals, SCIM_TOKEN_NOTE_PREFIX, scimTokenExpiry } from "../../model/identity-center-apps";

const DAY_MS = 86_400_000;

export const scimTokenExpiryPolicy = defineStackPolicy({
    name: "federation-identity-center-scim-token-expiry",
    description: "The Identity Center SCIM access token is not within warningDays of its expiry, and its expiry is recorded on the app.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
        "Generate a new SCIM access token in IAM Identity Center (Settings > Automatic provisioning), set it with pulumi config set --secret azuread-aws-sso:identityCenterScimToken, set identityCenter.scimTokenExpiresAt to its expiry and run pulumi up; then delete the old token.",
    config: {
        warningDays: {
            type: "integer",
            description: "Days before the token's expiry at which to warn.",
            default: 30,
            minimum: 1,
            maximum: 365,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const { servicePrincipals, deferred } = identityCenterServicePrincipals(args.resources);
        const now = Date.now();
        for (const servicePrincipal of servicePrincipals) {
            deferred.run(() => {
                const expiry = scimTokenExpiry(servicePrincipal.props.notes);
                if (expiry === undefined) {
                    reportViolation(
                        `Identity Center service principal ${servicePrincipal.name} records no SCIM token expiry in notes ("${SCIM_TOKEN_NOTE_PREFIX}<date>"), so nothing warns before provisioning stops.`,
                        servicePrincipal.urn,
                    );
                    return;
                }
                const days = Math.floor((expiry.getTime() - now) / DAY_MS);
                if (expiry.getTime() > now && days < config.warningDays) {
                    reportViolation(
                        `The Identity Center SCIM token of ${servicePrincipal.name} expires on ${expiry.toISOString()}, in ${days} day(s).`,
                        servicePrincipal.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});
