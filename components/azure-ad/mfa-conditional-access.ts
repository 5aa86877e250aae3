import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

export interface MfaConditionalAccessArgs {
    /** Display name of the policy. */
    readonly displayName: pulumi.Input<string>;
    /** Client ids of the apps the policy covers. */
    readonly clientIds: pulumi.Input<string>[];
    /** Object ids of users (break-glass accounts) excluded from the policy. */
    readonly excludedUsers?: readonly string[];
}

/** A Conditional Access policy that requires MFA to sign in to the AWS apps (Entra ID P1). */
export class MfaConditionalAccess extends pulumi.ComponentResource {
    public readonly policyId: pulumi.Output<string>;

    constructor(name: string, args: MfaConditionalAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super(COMPONENT_TYPES.mfaConditionalAccess, name, args, opts);

        const policy = new azuread.ConditionalAccessPolicy(
            `${name}-policy`,
            {
                displayName: args.displayName,
                state: "enabled",
                conditions: {
                    clientAppTypes: ["all"],
                    applications: { includedApplications: args.clientIds },
                    users: { includedUsers: ["All"], excludedUsers: args.excludedUsers ? [...args.excludedUsers] : undefined },
                },
                grantControls: { operator: "OR", builtInControls: ["mfa"] },
            },
            { parent: this },
        );
        this.policyId = policy.id;

        this.registerOutputs({ policyId: this.policyId });
    }
}
