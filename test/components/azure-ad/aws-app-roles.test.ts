import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AppRoleSpec, AwsAppRoles, AwsAppRolesArgs } from "../../../components/azure-ad/aws-app-roles";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { TYPES } from "../../support/stack-fixtures";

const APPLICATION_OBJECT_ID = "636f0a1f-bcdf-4f69-a4a1-87dea8dd82a5";
const SERVICE_PRINCIPAL_OBJECT_ID = "c5b0792b-28ea-4a8e-b413-6d1f12b2d203";
const PROVIDER_ARN = "arn:aws:iam::111122223333:saml-provider/AzureAD";
const DEVELOPERS_GROUP = "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c";
const CREATED_USER_OBJECT_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
/** UUID v5 of `app-role/<account>/<role>` in the project's namespace: fixed forever, or every assignment loses its role. */
const DEVELOPER_ROLE_ID = "6b8bb649-8ee0-5d80-816c-27790f2c6089";
const READ_ONLY_ROLE_ID = "c95f5faf-bc65-5afd-a1cb-1053cdd1fdf6";

const developer: AppRoleSpec = {
    name: "Developer",
    description: "Developer in sandbox",
    roleArn: "arn:aws:iam::111122223333:role/Developer",
    groups: [DEVELOPERS_GROUP],
};
const readOnly: AppRoleSpec = {
    name: "ReadOnly",
    description: "ReadOnly in sandbox",
    roleArn: "arn:aws:iam::111122223333:role/ReadOnly",
    users: ["b.simon@contoso.com"],
    createdUsers: [{ userPrincipalName: "test.user@contoso.com", objectId: CREATED_USER_OBJECT_ID }],
};

function appRolesArgs(overrides: Partial<AwsAppRolesArgs> = {}): AwsAppRolesArgs {
    return {
        accountName: "sandbox",
        applicationResourceId: `/applications/${APPLICATION_OBJECT_ID}`,
        servicePrincipalObjectId: SERVICE_PRINCIPAL_OBJECT_ID,
        samlProviderArn: PROVIDER_ARN,
        roles: [developer, readOnly],
        ...overrides,
    };
}

const construct = (args: AwsAppRolesArgs = appRolesArgs()) => constructUnderStandIns(() => new AwsAppRoles("sandbox-app-roles", args));

describe("AwsAppRoles", function () {
    this.timeout(60_000);

    it("registers as azuread-aws-sso:azuread:AwsAppRoles, every app role and assignment parented to it", async () => {
        const { resources } = await construct();
        const [own, ...children] = resources;
        assert.strictEqual(own.type, "azuread-aws-sso:azuread:AwsAppRoles");
        assert.deepStrictEqual(children.map((child) => child.name).sort(), [
            "sandbox-app-roles-Developer",
            `sandbox-app-roles-Developer-group-${DEVELOPERS_GROUP}`,
            "sandbox-app-roles-ReadOnly",
            "sandbox-app-roles-ReadOnly-user-b.simon@contoso.com",
            "sandbox-app-roles-ReadOnly-user-test.user@contoso.com",
        ]);
        for (const child of children) {
            assert.strictEqual(child.parent, own.urn, `${child.name} is not parented to the component`);
        }
    });

    it("publishes one user-assignable app role per AWS role, valued <role ARN>,<provider ARN>", async () => {
        const { resources } = await construct();
        const role = registered(resources, "sandbox-app-roles-Developer");
        assert.strictEqual(role.type, TYPES.appRole);
        assert.deepStrictEqual(role.inputs, {
            applicationId: `/applications/${APPLICATION_OBJECT_ID}`,
            roleId: DEVELOPER_ROLE_ID,
            allowedMemberTypes: ["User"],
            displayName: "Developer",
            description: "Developer in sandbox",
            value: "arn:aws:iam::111122223333:role/Developer,arn:aws:iam::111122223333:saml-provider/AzureAD",
        });
        assert.strictEqual(
            registered(resources, "sandbox-app-roles-ReadOnly").inputs.value,
            "arn:aws:iam::111122223333:role/ReadOnly,arn:aws:iam::111122223333:saml-provider/AzureAD",
        );
    });

    it("keys each app role id by account and role name (UUID v5): reordering roles changes no id", async () => {
        const { component, resources } = await construct();
        const reordered = await construct(appRolesArgs({ roles: [readOnly, developer] }));
        const idsOf = (roles: readonly { name: string; appRoleId: string }[]) =>
            Object.fromEntries(roles.map((role) => [role.name, role.appRoleId]));
        assert.deepStrictEqual(idsOf(component.roles), { Developer: DEVELOPER_ROLE_ID, ReadOnly: READ_ONLY_ROLE_ID });
        assert.deepStrictEqual(idsOf(reordered.component.roles), idsOf(component.roles));
        for (const name of ["sandbox-app-roles-Developer", "sandbox-app-roles-ReadOnly"]) {
            assert.deepStrictEqual(registered(reordered.resources, name).inputs, registered(resources, name).inputs);
        }
        for (const id of Object.values(idsOf(component.roles))) {
            assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        }
    });

    it("gives the same role name a different id in another account", async () => {
        const production = await construct(appRolesArgs({ accountName: "production", roles: [developer] }));
        assert.strictEqual(production.component.roles[0].appRoleId, "53c08aac-7537-541a-87e9-475919d55c8b");
        assert.notStrictEqual(production.component.roles[0].appRoleId, DEVELOPER_ROLE_ID);
    });

    it("keeps the app role id of an adopted app instead of deriving one", async () => {
        const adoptedId = "7e1d4c2b-3a5f-4e6d-8b9c-0a1b2c3d4e5f";
        const { component, resources } = await construct(appRolesArgs({ roles: [{ ...developer, appRoleId: adoptedId }] }));
        assert.strictEqual(registered(resources, "sandbox-app-roles-Developer").inputs.roleId, adoptedId);
        assert.strictEqual(component.roles[0].appRoleId, adoptedId);
    });

    it("builds the same value from ARNs that are Outputs of the IAM resources", async () => {
        const { component, resources } = await construct(
            appRolesArgs({
                samlProviderArn: pulumi.output(PROVIDER_ARN),
                roles: [{ ...developer, roleArn: pulumi.output("arn:aws:iam::111122223333:role/Developer") }],
            }),
        );
        const expected = "arn:aws:iam::111122223333:role/Developer,arn:aws:iam::111122223333:saml-provider/AzureAD";
        assert.strictEqual(registered(resources, "sandbox-app-roles-Developer").inputs.value, expected);
        assert.strictEqual(await outputValue(pulumi.output(component.roles[0].value)), expected);
    });

    it("assigns groups, looked-up users and created users to their role on the app's service principal", async () => {
        const { resources, standIns } = await construct();
        const group = registered(resources, `sandbox-app-roles-Developer-group-${DEVELOPERS_GROUP}`);
        assert.strictEqual(group.type, TYPES.appRoleAssignment);
        assert.deepStrictEqual(group.inputs, {
            appRoleId: DEVELOPER_ROLE_ID,
            principalObjectId: DEVELOPERS_GROUP,
            resourceObjectId: SERVICE_PRINCIPAL_OBJECT_ID,
        });
        // The assignment takes the role id from the app role resource, so it waits for the role to exist.
        assert.ok(group.dependencies.includes(registered(resources, "sandbox-app-roles-Developer").urn));

        const bSimon = [...standIns.directoryUsers.values()].find((user) => user.userPrincipalName === "b.simon@contoso.com")!;
        assert.deepStrictEqual(registered(resources, "sandbox-app-roles-ReadOnly-user-b.simon@contoso.com").inputs, {
            appRoleId: READ_ONLY_ROLE_ID,
            principalObjectId: bSimon.objectId,
            resourceObjectId: SERVICE_PRINCIPAL_OBJECT_ID,
        });
        assert.deepStrictEqual(registered(resources, "sandbox-app-roles-ReadOnly-user-test.user@contoso.com").inputs, {
            appRoleId: READ_ONLY_ROLE_ID,
            principalObjectId: CREATED_USER_OBJECT_ID,
            resourceObjectId: SERVICE_PRINCIPAL_OBJECT_ID,
        });
    });

    it("creates no assignment for a role nobody is given", async () => {
        const { resources } = await construct(appRolesArgs({ roles: [{ ...developer, groups: undefined }] }));
        assert.deepStrictEqual(
            resources.filter((resource) => resource.type === TYPES.appRoleAssignment),
            [],
        );
    });
});
