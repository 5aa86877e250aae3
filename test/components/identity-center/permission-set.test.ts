import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { PermissionSet, PermissionSetArgs } from "../../../components/identity-center/permission-set";
import { PermissionSetConfig } from "../../../components/stack-config";
import { RegisteredResource } from "../../../offline/program/program-run";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { IDENTITY_CENTER_GROUPS } from "../../support/stack-fixtures";
import { IC_TYPES } from "./support/resource-types";

const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6";
const DEVELOPERS = IDENTITY_CENTER_GROUPS.developers;
const ADMINS = IDENTITY_CENTER_GROUPS.platformAdmins;
/** Identity Store group ids, as Identity Center reports them. */
const DEVELOPERS_STORE_ID = "9067a1b2c3-1f2e-4d3c-8b4a-5f6e7d8c9b0a";
const ADMINS_STORE_ID = "9067a1b2c3-2a3b-4c5d-9e6f-7a8b9c0d1e2f";
const VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
const SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess";
const INLINE = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: "*" }] };
const TAGS = { "managed-by": "pulumi", project: "azuread-aws-sso", stack: "org" };

function developerSet(overrides: Partial<PermissionSetConfig> = {}): PermissionSetConfig {
    return {
        name: "Developer",
        description: "Developer access to the workload accounts",
        sessionDuration: "PT4H",
        sessionDurationSeconds: 14_400,
        relayState: "https://eu-west-1.console.aws.amazon.com/lambda/home",
        managedPolicyArns: [VIEW_ONLY],
        inlinePolicy: INLINE,
        customerManagedPolicies: [{ name: "platform-developer", path: "/" }],
        permissionsBoundary: { customerManagedPolicy: { name: "platform-boundary", path: "/boundaries/" } },
        assignments: [{ group: DEVELOPERS.displayName, accountIds: ["123456789012", "210987654321"] }],
        ...overrides,
    };
}

function permissionSetArgs(
    permissionSet: PermissionSetConfig = developerSet(),
    overrides: Partial<PermissionSetArgs> = {},
): PermissionSetArgs {
    return {
        permissionSet,
        instanceArn: INSTANCE_ARN,
        // The lookup's Output in the program; a plain id here for the other group.
        groupIds: { [DEVELOPERS.displayName]: pulumi.output(DEVELOPERS_STORE_ID), [ADMINS.displayName]: ADMINS_STORE_ID },
        groupObjectIds: { [DEVELOPERS.displayName]: DEVELOPERS.objectId, [ADMINS.displayName]: ADMINS.objectId },
        tags: TAGS,
        ...overrides,
    };
}

const construct = (args: PermissionSetArgs = permissionSetArgs()) =>
    constructUnderStandIns(
        () => {
            const provider = new aws.Provider("identity-center-aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
            return new PermissionSet("identity-center-Developer", args, { providers: { aws: provider } });
        },
        { stack: "org" },
    );

const ofType = (resources: readonly RegisteredResource[], type: string) => resources.filter((resource) => resource.type === type);
const hash = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 8);

describe("PermissionSet", function () {
    this.timeout(60_000);

    it("registers as azuread-aws-sso:identity-center:PermissionSet, every child parented to it on the given AWS provider", async () => {
        const { resources } = await construct();
        const provider = resources.find((resource) => resource.type === "pulumi:providers:aws")!;
        const own = resources.find((resource) => resource.name === "identity-center-Developer")!;
        assert.strictEqual(own.type, "azuread-aws-sso:identity-center:PermissionSet");
        const children = resources.filter((resource) => resource !== own && resource !== provider);
        assert.strictEqual(children.length, 1 + 1 + 1 + 1 + 1 + 2);
        for (const child of children) {
            assert.strictEqual(child.parent, own.urn, `${child.name} is not parented to the component`);
            assert.strictEqual(child.provider, `${provider.urn}::${provider.id}`, `${child.name} is not on the Identity Center provider`);
        }
    });

    it("creates the permission set with its name, description, session duration, relay state and tags", async () => {
        const { resources, component } = await construct();
        const permissionSet = registered(resources, "identity-center-Developer-permission-set");
        assert.strictEqual(permissionSet.type, IC_TYPES.permissionSet);
        assert.deepStrictEqual(permissionSet.inputs, {
            instanceArn: INSTANCE_ARN,
            name: "Developer",
            description: "Developer access to the workload accounts",
            sessionDuration: "PT4H",
            relayState: "https://eu-west-1.console.aws.amazon.com/lambda/home",
            tags: TAGS,
        });
        assert.strictEqual(await outputValue(component.arn), permissionSet.outputs.arn);
        assert.match(String(permissionSet.outputs.arn), /^arn:aws:sso:::permissionSet\/ssoins-7223a1b2c3d4e5f6\/ps-[0-9a-f]{16}$/);
    });

    it("attaches managed, customer-managed, inline and boundary policies to the permission set, named from what they attach", async () => {
        const { resources } = await construct();
        const permissionSetArn = registered(resources, "identity-center-Developer-permission-set").outputs.arn;
        assert.deepStrictEqual(registered(resources, `identity-center-Developer-managed-${hash(VIEW_ONLY)}`).inputs, {
            instanceArn: INSTANCE_ARN,
            permissionSetArn,
            managedPolicyArn: VIEW_ONLY,
        });
        const customer = registered(resources, `identity-center-Developer-customer-${hash("/platform-developer")}`);
        assert.strictEqual(customer.type, IC_TYPES.customerManagedPolicyAttachment);
        assert.deepStrictEqual(customer.inputs, {
            instanceArn: INSTANCE_ARN,
            permissionSetArn,
            customerManagedPolicyReference: { name: "platform-developer", path: "/" },
        });
        const inline = registered(resources, "identity-center-Developer-inline");
        assert.strictEqual(inline.type, IC_TYPES.inlinePolicy);
        assert.deepStrictEqual(JSON.parse(String(inline.inputs.inlinePolicy)), INLINE);
        const boundary = registered(resources, "identity-center-Developer-boundary");
        assert.strictEqual(boundary.type, IC_TYPES.permissionsBoundaryAttachment);
        assert.deepStrictEqual(boundary.inputs.permissionsBoundary, {
            customerManagedPolicyReference: { name: "platform-boundary", path: "/boundaries/" },
        });
    });

    it("takes an AWS managed policy as the boundary too", async () => {
        const { resources } = await construct(
            permissionSetArgs(developerSet({ permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } })),
        );
        assert.deepStrictEqual(registered(resources, "identity-center-Developer-boundary").inputs.permissionsBoundary, {
            managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
        });
    });

    it("attaches nothing it is not given", async () => {
        const { resources } = await construct(
            permissionSetArgs(
                developerSet({
                    managedPolicyArns: [],
                    customerManagedPolicies: [],
                    inlinePolicy: undefined,
                    permissionsBoundary: undefined,
                }),
            ),
        );
        for (const type of [
            IC_TYPES.managedPolicyAttachment,
            IC_TYPES.customerManagedPolicyAttachment,
            IC_TYPES.inlinePolicy,
            IC_TYPES.permissionsBoundaryAttachment,
        ]) {
            assert.deepStrictEqual(ofType(resources, type), [], type);
        }
    });

    it("assigns each group in each account by its Identity Store id, named by Entra object id and account, after every policy", async () => {
        const { resources, component } = await construct(
            permissionSetArgs(
                developerSet({
                    assignments: [
                        { group: DEVELOPERS.displayName, accountIds: ["123456789012", "210987654321"] },
                        { group: ADMINS.displayName, accountIds: ["123456789012"] },
                    ],
                }),
            ),
        );
        const permissionSetArn = registered(resources, "identity-center-Developer-permission-set").outputs.arn;
        const policies = resources.filter((resource) => /-(managed|customer)-[0-9a-f]{8}$|-(inline|boundary)$/.test(resource.name));
        assert.strictEqual(policies.length, 4);
        const expected = [
            [DEVELOPERS, DEVELOPERS_STORE_ID, "123456789012"],
            [DEVELOPERS, DEVELOPERS_STORE_ID, "210987654321"],
            [ADMINS, ADMINS_STORE_ID, "123456789012"],
        ] as const;
        assert.deepStrictEqual(Object.keys(component.assignments).sort(), [
            "aws-developers/123456789012",
            "aws-developers/210987654321",
            "aws-platform-admins/123456789012",
        ]);
        for (const [group, storeId, accountId] of expected) {
            const assignment = registered(resources, `identity-center-Developer-${group.objectId}-${accountId}`);
            assert.strictEqual(assignment.type, IC_TYPES.accountAssignment);
            assert.deepStrictEqual(assignment.inputs, {
                instanceArn: INSTANCE_ARN,
                permissionSetArn,
                principalId: storeId,
                principalType: "GROUP",
                targetId: accountId,
                targetType: "AWS_ACCOUNT",
            });
            for (const policy of policies) {
                assert.ok(assignment.dependencies.includes(policy.urn), `${assignment.name} does not wait for ${policy.name}`);
            }
            assert.strictEqual(await outputValue(component.assignments[`${group.displayName}/${accountId}`].urn), assignment.urn);
        }
    });

    it("adding a policy and an account in front renames and changes nothing that exists", async () => {
        const before = await construct();
        const after = await construct(
            permissionSetArgs(
                developerSet({
                    managedPolicyArns: [SUPPORT, VIEW_ONLY],
                    assignments: [{ group: DEVELOPERS.displayName, accountIds: ["333333333333", "123456789012", "210987654321"] }],
                }),
            ),
        );
        const afterByName = new Map(after.resources.map((resource) => [resource.name, resource]));
        for (const resource of before.resources.filter((candidate) => candidate.custom)) {
            assert.deepStrictEqual(afterByName.get(resource.name)?.inputs, resource.inputs, `${resource.name} changed or disappeared`);
        }
        assert.ok(afterByName.has(`identity-center-Developer-managed-${hash(SUPPORT)}`));
        assert.ok(afterByName.has(`identity-center-Developer-${DEVELOPERS.objectId}-333333333333`));
    });

    it("rejects an assignment to a group it has no ids for, before it registers anything", async () => {
        let rejected: unknown;
        const { resources } = await constructUnderStandIns(() => {
            try {
                return new PermissionSet(
                    "identity-center-Developer",
                    permissionSetArgs(developerSet({ assignments: [{ group: "aws-auditors", accountIds: ["123456789012"] }] })),
                );
            } catch (error) {
                rejected = error;
                return undefined;
            }
        });
        assert.match(
            String(rejected),
            /identity-center-Developer: assignments name group "aws-auditors", which has no Identity Store id or Entra object id/,
        );
        assert.deepStrictEqual(
            resources.map((resource) => resource.name),
            [],
        );
    });
});
