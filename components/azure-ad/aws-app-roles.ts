import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { appRoleValue } from "../documents/app-role-value";
import { appRoleId } from "../documents/deterministic-ids";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

/** One AWS role published as an app role, and who gets it. */
export interface AppRoleSpec {
    /** IAM role name; the stable part of every resource name here. */
    readonly name: string;
    readonly description: string;
    /** App role id kept from an adopted app; default the UUID v5 of account and role name. */
    readonly appRoleId?: string;
    readonly roleArn: pulumi.Input<string>;
    /** Object ids of groups assigned to the role. */
    readonly groups?: readonly string[];
    /** User principal names assigned to the role (looked up). */
    readonly users?: readonly string[];
    /** Users this stack creates (the test user), keyed by user principal name. */
    readonly createdUsers?: readonly { readonly userPrincipalName: string; readonly objectId: pulumi.Input<string> }[];
}

/** An app role as created. */
export interface PublishedAppRole {
    readonly name: string;
    readonly appRoleId: string;
    readonly value: pulumi.Input<string>;
}

export interface AwsAppRolesArgs {
    /** Logical account name: with the role name it keys the deterministic app role id. */
    readonly accountName: string;
    /** Resource id of the application (`/applications/<object id>`). */
    readonly applicationResourceId: pulumi.Input<string>;
    /** Object id of the app's service principal, the resource of every assignment. */
    readonly servicePrincipalObjectId: pulumi.Input<string>;
    /** ARN of the IAM SAML provider paired with each role in the Role claim. */
    readonly samlProviderArn: pulumi.Input<string>;
    /** One app role per IAM role, with who is assigned to it. */
    readonly roles: readonly AppRoleSpec[];
}

/**
 * App roles on the gallery app, one per AWS role, with value `<role ARN>,<provider ARN>`, and the
 * assignments of groups and users to them. Roles are assignable when `pulumi up` ends, without
 * waiting for the role import's first cycle.
 */
export class AwsAppRoles extends pulumi.ComponentResource {
    public readonly roles: readonly PublishedAppRole[];

    constructor(name: string, args: AwsAppRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(COMPONENT_TYPES.awsAppRoles, name, args, opts);

        this.roles = args.roles.map((spec) => {
            const roleId = spec.appRoleId ?? appRoleId(args.accountName, spec.name);
            // Plain ARNs give a plain value: no Output to build, resolve and serialize for each role.
            const value: pulumi.Input<string> =
                typeof spec.roleArn === "string" && typeof args.samlProviderArn === "string"
                    ? appRoleValue(spec.roleArn, args.samlProviderArn)
                    : pulumi
                          .all([spec.roleArn, args.samlProviderArn])
                          .apply(([roleArn, providerArn]) => appRoleValue(roleArn, providerArn));
            const appRole = new azuread.ApplicationAppRole(
                `${name}-${spec.name}`,
                {
                    applicationId: args.applicationResourceId,
                    roleId,
                    allowedMemberTypes: ["User"],
                    displayName: spec.name,
                    description: spec.description,
                    value,
                },
                { parent: this },
            );
            const assign = (suffix: string, principalObjectId: pulumi.Input<string>) =>
                new azuread.AppRoleAssignment(
                    `${name}-${spec.name}-${suffix}`,
                    { appRoleId: appRole.roleId, principalObjectId, resourceObjectId: args.servicePrincipalObjectId },
                    { parent: this },
                );
            for (const group of spec.groups ?? []) {
                assign(`group-${group}`, group);
            }
            for (const userPrincipalName of spec.users ?? []) {
                const user = azuread.getUserOutput({ userPrincipalName }, { parent: this });
                assign(`user-${userPrincipalName}`, user.objectId);
            }
            for (const user of spec.createdUsers ?? []) {
                assign(`user-${user.userPrincipalName}`, user.objectId);
            }
            return { name: spec.name, appRoleId: roleId, value };
        });

        this.registerOutputs({ appRoleIds: Object.fromEntries(this.roles.map((role) => [role.name, role.appRoleId])) });
    }
}
