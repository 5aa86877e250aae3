import { PolicyPack } from "@pulumi/policy";
import { packPolicies, POLICY_PACK_NAME } from "./registry";

// Constructing the pack starts the analyzer gRPC server, so nothing else may import this file:
// tests and tools import ./registry instead.
new PolicyPack(POLICY_PACK_NAME, {
    displayName: "Azure AD to AWS SAML federation",
    description: "Best practices of Azure AD, AWS IAM and the SAML federation between them, enforced in preview.",
    policies: packPolicies,
    tags: ["aws", "azuread", "saml", "iam", "sso"],
});
