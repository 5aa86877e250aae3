import * as aws from "@pulumi/aws";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, readKnown } from "../../framework/unknown-values";
import { FederationTopology } from "../../model/federation-topology";
import { wildcardMatches } from "../../readers/iam-policy-document";

export const samlRoleTrustsStackProviderPolicy = defineStackPolicy({
    name: "aws-saml-role-trusts-stack-provider",
    description:
        "Every SAML role trusts a SAML provider created by this stack, exported by a referenced SSO stack, or listed in allowedProviderArns.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Build the trust policy from the `arn` output of the stack's aws.iam.SamlProvider, or, in a team program, from the `accounts.<name>.samlProviderArn` output of the SSO stack you reference. If the role deliberately trusts a provider managed elsewhere, add that provider's ARN to allowedProviderArns.",
    config: {
        allowedProviderArns: {
            type: "array",
            description:
                "SAML provider ARNs (the `*` wildcard allowed) that roles may trust although neither this stack nor a referenced SSO stack creates them.",
            default: [],
            items: { type: "string", pattern: "^arn:" },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const providerArns = topology.ofType(aws.iam.SamlProvider).map((provider) => readKnown(() => provider.props.arn));
        const references = topology.ssoStackReferences();
        for (const { role, trust } of topology.ssoRoles()) {
            deferred.run(() => {
                if (!trust.known) {
                    throw trust.error;
                }
                for (const arn of trust.value.providerArns) {
                    if (config.allowedProviderArns.some((pattern) => wildcardMatches(pattern, arn))) {
                        continue;
                    }
                    if (providerArns.some((known) => known.known && known.value === arn)) {
                        continue;
                    }
                    const exported = references.providerAccount(arn);
                    if (exported.known && exported.value !== undefined) {
                        continue;
                    }
                    const unknown = providerArns.find((known) => !known.known) ?? (exported.known ? undefined : exported);
                    if (unknown !== undefined && !unknown.known) {
                        throw unknown.error;
                    }
                    reportViolation(
                        `Role ${role.name} trusts ${arn}, which is neither a SAML provider of this stack, nor one a referenced SSO stack exports, nor in allowedProviderArns.`,
                        role.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});
