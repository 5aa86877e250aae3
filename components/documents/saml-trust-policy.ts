import { IamPolicyDocument } from "./iam-policy-document";

export interface SamlTrustPolicyArgs {
    /** ARN of the IAM SAML provider the role trusts. */
    readonly samlProviderArn: string;
    /** Sign-in endpoints accepted as `SAML:aud` (the account's reply URL). */
    readonly audiences: readonly string[];
    /** Adds `sts:TagSession`, needed when the assertion carries PrincipalTag attributes. */
    readonly allowSessionTags?: boolean;
    /** Adds `sts:SetSourceIdentity`, needed when the assertion carries SourceIdentity. */
    readonly allowSourceIdentity?: boolean;
}

/**
 * Trust policy of a role assumed through the SAML provider: only that provider, only the SAML
 * actions, and only assertions addressed to the expected sign-in endpoint.
 */
export function samlTrustPolicy(args: SamlTrustPolicyArgs): IamPolicyDocument {
    if (args.audiences.length === 0) {
        throw new Error("samlTrustPolicy: at least one SAML:aud audience is required");
    }
    const actions = ["sts:AssumeRoleWithSAML"];
    if (args.allowSessionTags) {
        actions.push("sts:TagSession");
    }
    if (args.allowSourceIdentity) {
        actions.push("sts:SetSourceIdentity");
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: args.samlProviderArn },
                Action: actions.length === 1 ? actions[0] : actions,
                Condition: {
                    StringEquals: {
                        "SAML:aud": args.audiences.length === 1 ? args.audiences[0] : [...args.audiences],
                    },
                },
            },
        ],
    };
}
