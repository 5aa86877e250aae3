import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { samlTrustPolicy } from "../documents/saml-trust-policy";
import { ROLE_MAX_SESSION_LIMITS } from "../../policies/vocabulary/sts-limits";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

/** One IAM role that Azure AD users sign in to. */
export interface FederatedRoleSpec {
    /** IAM role name; also the stable part of its resource name. */
    readonly name: string;
    readonly description?: string;
    /** Managed policies attached to the role. */
    readonly managedPolicyArns?: readonly string[];
    /** Inline policy document. */
    readonly inlinePolicy?: Readonly<Record<string, unknown>>;
    /** Longest session STS grants for this role, in seconds (3600..43200). */
    readonly maxSessionDuration: number;
    readonly permissionsBoundaryArn?: string;
    /** Adds `sts:TagSession` to the trust: the assertion carries PrincipalTag attributes. */
    readonly allowSessionTags?: boolean;
}

/** A role as created, for the app roles and outputs. */
export interface FederatedRole {
    readonly name: string;
    readonly arn: pulumi.Output<string>;
    readonly maxSessionDuration: number;
}

export interface SamlFederationArgs {
    /** IAM SAML provider name. */
    readonly samlProviderName: string;
    /** IdP metadata document (from `azureAdIdpMetadata`). */
    readonly metadataDocument: pulumi.Input<string>;
    /** Values accepted for `SAML:aud`: the account's reply URL. */
    readonly audiences: readonly string[];
    /** The IAM roles that trust the provider, by name. */
    readonly roles: readonly FederatedRoleSpec[];
    /** Tags on every taggable resource. */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The AWS side of one account: the IAM SAML provider that trusts the Azure AD tenant, and the
 * roles that trust only that provider. Pass the account's aws provider in `opts.providers`.
 */
export class SamlFederation extends pulumi.ComponentResource {
    public readonly samlProviderArn: pulumi.Output<string>;
    public readonly roles: readonly FederatedRole[];

    constructor(name: string, args: SamlFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before anything registers: each of these would otherwise fail the deploy after the provider exists.
        assertValidArgs(name, args);
        super(COMPONENT_TYPES.samlFederation, name, args, opts);

        const provider = new aws.iam.SamlProvider(
            `${name}-saml-provider`,
            { name: args.samlProviderName, samlMetadataDocument: args.metadataDocument, tags: args.tags },
            { parent: this },
        );
        this.samlProviderArn = provider.arn;

        this.roles = args.roles.map((spec) => {
            const roleName = `${name}-role-${spec.name}`;
            const role = new aws.iam.Role(
                roleName,
                {
                    name: spec.name,
                    description: spec.description,
                    assumeRolePolicy: provider.arn.apply((samlProviderArn) =>
                        JSON.stringify(
                            samlTrustPolicy({ samlProviderArn, audiences: args.audiences, allowSessionTags: spec.allowSessionTags }),
                        ),
                    ),
                    maxSessionDuration: spec.maxSessionDuration,
                    permissionsBoundary: spec.permissionsBoundaryArn,
                    tags: args.tags,
                },
                { parent: this },
            );
            for (const policyArn of spec.managedPolicyArns ?? []) {
                // Named by a hash of the ARN, so reordering the list replaces nothing.
                new aws.iam.RolePolicyAttachment(`${roleName}-${shortHash(policyArn)}`, { role: role.name, policyArn }, { parent: this });
            }
            if (spec.inlinePolicy) {
                new aws.iam.RolePolicy(
                    `${roleName}-inline`,
                    { role: role.name, name: `${spec.name}-inline`, policy: JSON.stringify(spec.inlinePolicy) },
                    { parent: this },
                );
            }
            return { name: spec.name, arn: role.arn, maxSessionDuration: spec.maxSessionDuration };
        });

        this.registerOutputs({
            samlProviderArn: this.samlProviderArn,
            roleArns: Object.fromEntries(this.roles.map((role) => [role.name, role.arn])),
        });
    }
}

function assertValidArgs(name: string, args: SamlFederationArgs): void {
    const problems: string[] = [];
    if (args.audiences.length === 0) {
        problems.push("audiences is empty: a role's trust needs at least one SAML:aud");
    }
    const names = args.roles.map((role) => role.name);
    for (const duplicate of new Set(names.filter((roleName, index) => names.indexOf(roleName) !== index))) {
        problems.push(`roles: "${duplicate}" is listed more than once`);
    }
    for (const role of args.roles) {
        const { min, max } = ROLE_MAX_SESSION_LIMITS;
        if (!Number.isInteger(role.maxSessionDuration) || role.maxSessionDuration < min || role.maxSessionDuration > max) {
            problems.push(`roles: "${role.name}" has maxSessionDuration ${role.maxSessionDuration}; IAM accepts ${min} to ${max} seconds`);
        }
    }
    if (problems.length > 0) {
        throw new Error(`${name}: ${problems.join("; ")}`);
    }
}

/** Eight hex characters of SHA-256: a stable, short resource-name suffix. */
export function shortHash(value: string): string {
    return createHash("sha256").update(value).digest("hex").slice(0, 8);
}
