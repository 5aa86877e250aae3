import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems, type ArgumentProblem } from "./errors";
import { checkPrincipals, type Principals } from "./validation";
import { COMPONENT_TYPES } from "../policies/vocabulary/type-tokens";

/** A role users can be assigned to: one of the SSO stack's (`sso.account("data").role("ReadOnly")`) or a `TeamRole`. */
export interface AssignableRole {
    /** Object id of the service principal of the account's gallery app. */
    readonly servicePrincipalObjectId: pulumi.Input<string>;
    /** Id of the app role on that service principal. */
    readonly appRoleId: pulumi.Input<string>;
}

export interface RoleAssignmentArgs {
    /** The role to assign: `sso.account(name).role(roleName)` or a `TeamRole`. */
    readonly role: AssignableRole;
    /** Azure AD group object ids (UUIDs) to assign the role to. */
    readonly groups?: readonly string[];
    /** User principal names to assign the role to; each is looked up with `azuread.getUserOutput`. */
    readonly users?: readonly string[];
}

/**
 * Assigns Azure AD groups and users to a role of the SSO stack: one `azuread.AppRoleAssignment`
 * per principal, against the account's service principal and the role's app role id. Children are
 * named by the group object id or user principal name, so reordering the lists renames nothing.
 * Pass the azuread provider of the SSO stack's tenant in `opts.providers`.
 */
export class RoleAssignment extends pulumi.ComponentResource {
    /** One assignment per group, keyed by group object id. */
    public readonly groupAssignments: Readonly<Record<string, azuread.AppRoleAssignment>>;
    /** One assignment per user, keyed by user principal name. */
    public readonly userAssignments: Readonly<Record<string, azuread.AppRoleAssignment>>;
    /** Object ids of every assigned principal, groups first. */
    public readonly principalObjectIds: pulumi.Output<string[]>;

    constructor(name: string, args: RoleAssignmentArgs, opts?: pulumi.ComponentResourceOptions) {
        const principals = validateRoleAssignmentArgs(name, args);
        super(COMPONENT_TYPES.roleAssignment, name, {}, opts);

        const assign = (suffix: string, principalObjectId: pulumi.Input<string>) =>
            new azuread.AppRoleAssignment(
                `${name}-${suffix}`,
                {
                    appRoleId: args.role.appRoleId,
                    principalObjectId,
                    resourceObjectId: args.role.servicePrincipalObjectId,
                },
                { parent: this },
            );

        this.groupAssignments = Object.fromEntries(principals.groups.map((group) => [group, assign(`group-${group}`, group)]));
        this.userAssignments = Object.fromEntries(
            principals.users.map((userPrincipalName) => {
                const user = azuread.getUserOutput({ userPrincipalName }, { parent: this });
                return [userPrincipalName, assign(`user-${userPrincipalName.toLowerCase()}`, user.objectId)];
            }),
        );
        this.principalObjectIds = pulumi.all(
            [...Object.values(this.groupAssignments), ...Object.values(this.userAssignments)].map(
                (assignment) => assignment.principalObjectId,
            ),
        );

        this.registerOutputs({ principalObjectIds: this.principalObjectIds });
    }
}

/** The checked principals of a `RoleAssignment`, or a `TeamArgumentError` naming every problem. */
export function validateRoleAssignmentArgs(name: string, args: RoleAssignmentArgs): Principals {
    const problems: ArgumentProblem[] = [];
    if (!args?.role || args.role.servicePrincipalObjectId === undefined || args.role.appRoleId === undefined) {
        problems.push({
            path: "role",
            message: "is required: sso.account(accountName).role(roleName), a TeamRole, or { servicePrincipalObjectId, appRoleId }",
        });
    }
    const principals = checkPrincipals("", args?.groups, args?.users, problems);
    if ((args?.groups ?? []).length === 0 && (args?.users ?? []).length === 0) {
        problems.push({ path: "groups, users", message: "are both empty: give at least one group object id or user principal name" });
    }
    throwIfProblems(`RoleAssignment "${name}"`, problems);
    return principals;
}
