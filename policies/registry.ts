import { Policies } from "@pulumi/policy";
import { awsIamPolicies } from "./rules/aws-iam";
import { awsSamlPolicies } from "./rules/aws-saml";
import { azureadPolicies } from "./rules/azuread";
import { federationPolicies } from "./rules/federation";
import { identityCenterPolicies } from "./rules/identity-center";

/** Name of the pack, as `--policy-pack` reports it and `pulumi policy publish` registers it. */
export const POLICY_PACK_NAME = "azuread-aws-sso";

/** Every policy of the pack, grouped by the thing it protects. */
export const packPolicies: Policies = [...awsSamlPolicies, ...awsIamPolicies, ...azureadPolicies, ...federationPolicies, ...identityCenterPolicies];

const seen = new Set<string>();
for (const policy of packPolicies) {
    if (seen.has(policy.name)) {
        throw new Error(`duplicate policy name ${policy.name}`);
    }
    seen.add(policy.name);
}
