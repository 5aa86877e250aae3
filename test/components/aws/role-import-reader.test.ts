import * as assert from "assert";
import { RoleImportReader, RoleImportReaderArgs } from "../../../components/aws/role-import-reader";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputIsSecret, outputValue } from "../../support/output-value";
import { TYPES } from "../../support/stack-fixtures";
import { providerReference, refusedConstruction, SANDBOX_ACCOUNT_ID, sandboxProvider } from "./support/sandbox-account";

const TAGS = { "managed-by": "pulumi", project: "azuread-aws-sso", stack: "dev", account: "sandbox" };
const GENERATIONS_TAG = "azuread-aws-sso:role-import-keys";
const ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/;

/** Constructs the reader as AccountFederation does: named `<account>-role-reader`, under the account's pinned provider. */
function construct(args: RoleImportReaderArgs = { tags: TAGS }) {
    return constructUnderStandIns(() => new RoleImportReader("sandbox-role-reader", args, { providers: { aws: sandboxProvider() } }));
}

describe("RoleImportReader", () => {
    it("registers as azuread-aws-sso:aws:RoleImportReader with its policy, user, attachment and key as children, through the account's provider", async () => {
        const { resources } = await construct();
        const component = registered(resources, "sandbox-role-reader");
        assert.strictEqual(component.type, "azuread-aws-sso:aws:RoleImportReader");
        const provider = registered(resources, "sandbox");
        const children = resources.filter((resource) => resource.type.startsWith("aws:"));
        assert.deepStrictEqual(
            children.map((child) => `${child.type} ${child.name}`).sort(),
            [
                `${TYPES.iamPolicy} sandbox-role-reader-policy`,
                `${TYPES.iamUser} sandbox-role-reader-user`,
                `${TYPES.userPolicyAttachment} sandbox-role-reader-policy-attachment`,
                `${TYPES.accessKey} sandbox-role-reader-access-key`,
            ].sort(),
        );
        for (const child of children) {
            assert.strictEqual(child.parent, component.urn, `${child.name} is not parented to the reader`);
            assert.strictEqual(child.provider, providerReference(provider), `${child.name} must use the account's provider`);
        }
        assert.ok(
            !resources.some((resource) => resource.type === "aws:iam/userLoginProfile:UserLoginProfile"),
            "the reader must have no console password",
        );
    });

    it("by default uses the tutorial's names and allows exactly iam:ListRoles", async () => {
        const { resources } = await construct();
        const policy = registered(resources, "sandbox-role-reader-policy");
        assert.strictEqual(policy.inputs.name, "AzureAD_SSOUserRole_Policy");
        assert.strictEqual(policy.inputs.description, "Lets Azure AD's role import list the roles that trust its SAML provider.");
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy as string), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AzureAdRoleImport", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }],
        });
        assert.deepStrictEqual(policy.inputs.tags, TAGS);
        const user = registered(resources, "sandbox-role-reader-user");
        assert.deepStrictEqual(user.inputs, { name: "AzureADRoleManager", tags: TAGS });
    });

    it("keeps an adopted user's and policy's names and description, which IAM cannot change in place", async () => {
        const { resources } = await construct({
            userName: "LegacyRoleManager",
            policyName: "LegacySSOUserRolePolicy",
            policyDescription: "Azure AD role import (created by hand in 2021)",
        });
        const policy = registered(resources, "sandbox-role-reader-policy");
        assert.deepStrictEqual(
            [policy.inputs.name, policy.inputs.description],
            ["LegacySSOUserRolePolicy", "Azure AD role import (created by hand in 2021)"],
        );
        assert.strictEqual(registered(resources, "sandbox-role-reader-user").inputs.name, "LegacyRoleManager");
        const attachment = registered(resources, "sandbox-role-reader-policy-attachment");
        assert.deepStrictEqual(attachment.inputs, {
            user: "LegacyRoleManager",
            policyArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:policy/LegacySSOUserRolePolicy`,
        });
    });

    it("attaches the policy IAM created to the user IAM created, after both exist", async () => {
        const { resources } = await construct();
        const policy = registered(resources, "sandbox-role-reader-policy");
        const user = registered(resources, "sandbox-role-reader-user");
        const attachment = registered(resources, "sandbox-role-reader-policy-attachment");
        assert.deepStrictEqual(attachment.inputs, { user: user.outputs.name, policyArn: policy.outputs.arn });
        assert.deepStrictEqual(attachment.propertyDependencies, { user: [user.urn], policyArn: [policy.urn] });
    });

    it("one default key: named as before any rotation, no generations tag, and it is the active key", async () => {
        const { component, resources } = await construct();
        const key = registered(resources, "sandbox-role-reader-access-key");
        assert.deepStrictEqual(key.inputs, { user: "AzureADRoleManager" });
        assert.ok(!(GENERATIONS_TAG in (registered(resources, "sandbox-role-reader-user").inputs.tags as object)));
        assert.strictEqual(component.activeKeyName, "primary");
        assert.strictEqual(await outputValue(component.accessKeyId), key.id);
        assert.match(String(key.id), ACCESS_KEY_ID);
        assert.strictEqual(await outputValue(component.userArn), `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/AzureADRoleManager`);
    });

    it("a rotation's two generations: one key each, named by generation, the last one active, the user tagged oldest first", async () => {
        const { component, resources } = await construct({
            tags: TAGS,
            keys: [{ name: "primary" }, { name: "2027-03", createdAt: "2027-03-01" }],
        });
        const first = registered(resources, "sandbox-role-reader-access-key");
        const second = registered(resources, "sandbox-role-reader-access-key-2027-03");
        assert.strictEqual(resources.filter((resource) => resource.type === TYPES.accessKey).length, 2);
        assert.notStrictEqual(first.id, second.id);
        const accessKeys = await Promise.all(
            component.accessKeys.map(async (key) => ({ name: key.name, accessKeyId: await outputValue(key.accessKeyId) })),
        );
        assert.deepStrictEqual(accessKeys, [
            { name: "primary", accessKeyId: first.id },
            { name: "2027-03", accessKeyId: second.id },
        ]);
        assert.strictEqual(component.activeKeyName, "2027-03");
        assert.strictEqual(await outputValue(component.accessKeyId), second.id);
        assert.deepStrictEqual(registered(resources, "sandbox-role-reader-user").inputs.tags, {
            ...TAGS,
            [GENERATIONS_TAG]: "primary 2027-03=2027-03-01",
        });
    });

    it("a dated default generation is tagged, so the pack can tell its age", async () => {
        const { resources } = await construct({ keys: [{ name: "primary", createdAt: "2026-01-15" }] });
        assert.deepStrictEqual(registered(resources, "sandbox-role-reader-user").inputs.tags, { [GENERATIONS_TAG]: "primary=2026-01-15" });
        assert.ok(registered(resources, "sandbox-role-reader-access-key"));
    });

    it("a key's resource name depends on its generation, never on its position", async () => {
        const rotating = await construct({ keys: [{ name: "primary" }, { name: "2027-03" }] });
        const rotated = await construct({ keys: [{ name: "2027-03" }] });
        const keyUrns = (run: typeof rotated) =>
            run.resources.filter((resource) => resource.type === TYPES.accessKey).map((resource) => resource.urn);
        assert.deepStrictEqual(keyUrns(rotated), [registered(rotating.resources, "sandbox-role-reader-access-key-2027-03").urn]);
    });

    it("hands out the active key's secret as a secret Output, and registers every key with its secret kept secret", async () => {
        const { component, resources, standIns } = await construct({ keys: [{ name: "primary" }, { name: "2027-03" }] });
        const active = registered(resources, "sandbox-role-reader-access-key-2027-03");
        assert.strictEqual(await outputIsSecret(component.secretAccessKey), true);
        assert.strictEqual(await outputValue(component.secretAccessKey), active.outputs.secret);
        assert.ok(standIns.issuedSecrets.includes(String(active.outputs.secret)));
        assert.strictEqual(await outputIsSecret(component.accessKeyId), false, "the key id is published; only the secret is secret");
        for (const key of resources.filter((resource) => resource.type === TYPES.accessKey)) {
            assert.ok(key.options.additionalSecretOutputs?.includes("secret"), `${key.name} must keep its secret secret`);
        }
    });

    describe("refuses key generations IAM or the engine would refuse, before anything registers", () => {
        const cases: [string, RoleImportReaderArgs["keys"], RegExp][] = [
            ["no generation", [], /^sandbox-role-reader: keys needs 1 to 2 generations \(IAM allows 2 access keys per user\), got 0$/],
            [
                "three generations, one more than IAM's two keys per user",
                [{ name: "primary" }, { name: "2027-03" }, { name: "2027-09" }],
                /keys needs 1 to 2 generations .*got 3$/,
            ],
            [
                "one generation name twice",
                [{ name: "2027-03" }, { name: "2027-03", createdAt: "2027-03-15" }],
                /^sandbox-role-reader: keys lists a generation name twice: 2027-03, 2027-03$/,
            ],
        ];
        for (const [what, keys, message] of cases) {
            it(what, async () => {
                const { error, registeredNames } = await refusedConstruction(
                    (provider) => new RoleImportReader("sandbox-role-reader", { keys }, { providers: { aws: provider } }),
                );
                assert.match(String(error?.message), message);
                assert.deepStrictEqual(registeredNames, ["sandbox"], "only the provider made before the reader may register");
            });
        }
    });
});
