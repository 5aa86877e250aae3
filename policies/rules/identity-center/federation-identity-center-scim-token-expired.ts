import { defineStackPolicy } from "../../framework/policy-definition";
import { identityCenterServicePrincipals, scimTokenExpiry } from "../../model/identity-center-apps";

export const scimTokenExpiredPolicy = defineStackPolicy({
    name: "federation-identity-center-scim-token-expired",
    description: "The Identity Center SCIM access token has not expired, since provisioning and the first assignments fail without it.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Generate a new SCIM access token in IAM Identity Center (Settings > Automatic provisioning), set it with pulumi config set --secret azuread-aws-sso:identityCenterScimToken, update identityCenter.scimTokenExpiresAt and run pulumi up.",
    config: {},
    validateStack: (args, reportViolation) => {
        const { servicePrincipals, deferred } = identityCenterServicePrincipals(args.resources);
        const now = Date.now();
        for (const servicePrincipal of servicePrincipals) {
            deferred.run(() => {
                const expiry = scimTokenExpiry(servicePrincipal.props.notes);
                if (expiry !== undefined && expiry.getTime() <= now) {
                    reportViolation(
                        `The Identity Center SCIM token of ${servicePrincipal.name} expired on ${expiry.toISOString()}: Entra can no longer provision users and groups, and new groups never reach Identity Center.`,
                        servicePrincipal.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});
