import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { shortHash } from "../aws/saml-federation";
import { PermissionSetConfig } from "../stack-config";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

export interface PermissionSetArgs {
    /** The permission set, validated by `parseStackConfig`. */
    readonly permissionSet: PermissionSetConfig;
    /** ARN of the Identity Center instance the permission set belongs to. */
    readonly instanceArn: string;
    /** Identity Store group ids by display name, for every group the permission set is assigned to. */
    readonly groupIds: Readonly<Record<string, pulumi.Input<string>>>;
    /** Entra object ids by display name: the stable part of assignment names. */
    readonly groupObjectIds: Readonly<Record<string, string>>;
    /** Tags on the permission set. */
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * One permission set with its policies (managed, customer-managed, inline, boundary) and its
 * assignment to each group in each account. Children are named from the permission set's name,
 * policy ARNs (hashed), group object ids and account ids, never from list positions.
 */
export class PermissionSet extends pulumi.ComponentResource {
    public readonly arn: pulumi.Output<string>;
    /** Assignments by `<group display name>/<account id>`. */
    public readonly assignments: Readonly<Record<string, aws.ssoadmin.AccountAssignment>>;

    constructor(name: string, args: PermissionSetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Assignment names carry the group's object id: without one the name would read "undefined".
        for (const { group } of args.permissionSet.assignments) {
            if (!Object.hasOwn(args.groupIds, group) || !Object.hasOwn(args.groupObjectIds, group)) {
                throw new Error(`${name}: assignments name group "${group}", which has no Identity Store id or Entra object id`);
            }
        }
        super(COMPONENT_TYPES.permissionSet, name, args, opts);
        const spec = args.permissionSet;
        const instanceArn = args.instanceArn;

        const permissionSet = new aws.ssoadmin.PermissionSet(
            `${name}-permission-set`,
            {
                instanceArn,
                name: spec.name,
                description: spec.description,
                sessionDuration: spec.sessionDuration,
                relayState: spec.relayState,
                tags: { ...args.tags },
            },
            { parent: this },
        );
        this.arn = permissionSet.arn;
        const permissionSetArn = permissionSet.arn;

        // Every account a set is assigned to gets it provisioned with these; assign after they exist.
        const policies: pulumi.Resource[] = [];
        for (const managedPolicyArn of spec.managedPolicyArns) {
            policies.push(
                new aws.ssoadmin.ManagedPolicyAttachment(
                    `${name}-managed-${shortHash(managedPolicyArn)}`,
                    { instanceArn, permissionSetArn, managedPolicyArn },
                    { parent: this },
                ),
            );
        }
        for (const reference of spec.customerManagedPolicies) {
            policies.push(
                new aws.ssoadmin.CustomerManagedPolicyAttachment(
                    `${name}-customer-${shortHash(`${reference.path}${reference.name}`)}`,
                    { instanceArn, permissionSetArn, customerManagedPolicyReference: { name: reference.name, path: reference.path } },
                    { parent: this },
                ),
            );
        }
        if (spec.inlinePolicy) {
            policies.push(
                new aws.ssoadmin.PermissionSetInlinePolicy(
                    `${name}-inline`,
                    { instanceArn, permissionSetArn, inlinePolicy: JSON.stringify(spec.inlinePolicy) },
                    { parent: this },
                ),
            );
        }
        if (spec.permissionsBoundary) {
            const boundary = spec.permissionsBoundary;
            policies.push(
                new aws.ssoadmin.PermissionsBoundaryAttachment(
                    `${name}-boundary`,
                    {
                        instanceArn,
                        permissionSetArn,
                        permissionsBoundary:
                            "managedPolicyArn" in boundary
                                ? { managedPolicyArn: boundary.managedPolicyArn }
                                : {
                                      customerManagedPolicyReference: {
                                          name: boundary.customerManagedPolicy.name,
                                          path: boundary.customerManagedPolicy.path,
                                      },
                                  },
                    },
                    { parent: this },
                ),
            );
        }

        const assignments: Record<string, aws.ssoadmin.AccountAssignment> = {};
        for (const assignment of spec.assignments) {
            const objectId = args.groupObjectIds[assignment.group];
            for (const accountId of assignment.accountIds) {
                assignments[`${assignment.group}/${accountId}`] = new aws.ssoadmin.AccountAssignment(
                    `${name}-${objectId}-${accountId}`,
                    {
                        instanceArn,
                        permissionSetArn,
                        principalId: args.groupIds[assignment.group],
                        principalType: "GROUP",
                        targetId: accountId,
                        targetType: "AWS_ACCOUNT",
                    },
                    { parent: this, dependsOn: policies },
                );
            }
        }
        this.assignments = assignments;

        this.registerOutputs({ arn: this.arn });
    }
}
