import { IdentityCenterApp } from "../../components/identity-center/identity-center-app";
import { IDENTITY_CENTER_GROUPS, identityCenterBlock, SCIM_TOKEN } from "./stack-fixtures";

// A program that uses the component directly and hands it the SCIM token as a plain string.
const block = identityCenterBlock();
const app = new IdentityCenterApp("direct", {
    displayName: "AWS IAM Identity Center (direct)",
    samlIssuer: block.samlIssuer,
    samlAcsUrl: block.samlAcsUrl,
    notificationEmails: ["identity-team@contoso.com"],
    signingCertificates: [{ name: "primary" }],
    signingCertificateCommonName: "direct",
    groups: Object.values(IDENTITY_CENTER_GROUPS),
    scimEndpoint: block.scimEndpoint,
    scimToken: SCIM_TOKEN,
    scimTokenExpiresAt: block.scimTokenExpiresAt,
    synchronizationTemplateId: "aWSSingleSignon",
    provisioningRuleId: "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8",
});
export const jobId = app.synchronizationJobId;
