import * as assert from "assert";
import { CloudStandIns } from "../../offline/program/cloud-stand-ins";
import { ProgramRun, RegisteredResource, runProgramUnderMocks } from "../../offline/program/program-run";
import { baseStackConfig, rawConfig, resource, resourcesOfType, TENANT_ID, TYPES } from "../support/stack-fixtures";

const GENERATIONS_TAG = "azuread-aws-sso:role-import-keys";
/** The type chain the mocks give a child of the reader component. */
const READER_CHILD = "urn:pulumi:dev::azuread-aws-sso::azuread-aws-sso:aws:RoleImportReader";

function keys(program: ProgramRun): RegisteredResource[] {
    return resourcesOfType(program, TYPES.accessKey);
}

function syncSecret(program: ProgramRun): RegisteredResource {
    return resource(program, TYPES.synchronizationSecret, "sandbox-role-import-secret");
}

function credentials(program: ProgramRun): Record<string, unknown> {
    const list = syncSecret(program).inputs.credentials as { key: string; value: unknown }[];
    return Object.fromEntries(list.map((credential) => [credential.key, credential.value]));
}

describe("role-import access key rotation", function () {
    this.timeout(120_000);
    // One stand-in across the runs: IAM keeps an existing key, it does not reissue it.
    const standIns = new CloudStandIns({ tenantId: TENANT_ID });
    let today: ProgramRun;
    let rotating: ProgramRun;
    let rotated: ProgramRun;

    before(async () => {
        const run = (roleImportKeys?: unknown) =>
            runProgramUnderMocks({
                stack: "dev",
                config: rawConfig(roleImportKeys === undefined ? baseStackConfig() : { ...baseStackConfig(), roleImportKeys }),
                standIns,
            });
        today = await run();
        rotating = await run([{ name: "primary" }, { name: "2027-03" }]);
        rotated = await run([{ name: "2027-03" }]);
    });

    it("the default config registers exactly today's reader resources: names, types and parents", () => {
        const nameOf = new Map(today.resources.map((registered) => [registered.urn, registered.name]));
        const reader = today.resources
            .filter((registered) => registered.name.startsWith("sandbox-role-reader"))
            .map((registered) => `${registered.type}::${registered.name} under ${nameOf.get(registered.parent ?? "")}`);
        assert.deepStrictEqual(reader.sort(), [
            "aws:iam/accessKey:AccessKey::sandbox-role-reader-access-key under sandbox-role-reader",
            "aws:iam/policy:Policy::sandbox-role-reader-policy under sandbox-role-reader",
            "aws:iam/user:User::sandbox-role-reader-user under sandbox-role-reader",
            "aws:iam/userPolicyAttachment:UserPolicyAttachment::sandbox-role-reader-policy-attachment under sandbox-role-reader",
            "azuread-aws-sso:aws:RoleImportReader::sandbox-role-reader under sandbox",
        ]);
        assert.strictEqual(
            resource(today, TYPES.accessKey, "sandbox-role-reader-access-key").urn,
            `${READER_CHILD}$aws:iam/accessKey:AccessKey::sandbox-role-reader-access-key`,
        );
        const user = resource(today, TYPES.iamUser, "sandbox-role-reader-user");
        assert.deepStrictEqual(Object.keys(user.inputs.tags as object).sort(), ["account", "managed-by", "project", "stack"]);
        assert.deepStrictEqual(credentials(today), { ClientSecret: keys(today)[0].id, SecretToken: keys(today)[0].outputs.secret });
    });

    it("adding a generation keeps the first key's URN and id and creates exactly one key", () => {
        const [first] = keys(today);
        assert.strictEqual(keys(rotating).length, 2);
        const kept = resource(rotating, TYPES.accessKey, "sandbox-role-reader-access-key");
        assert.strictEqual(kept.urn, first.urn);
        assert.strictEqual(kept.id, first.id);
        assert.deepStrictEqual(kept.inputs, first.inputs);
        const created = keys(rotating).filter((key) => !today.resources.some((registered) => registered.urn === key.urn));
        assert.deepStrictEqual(
            created.map((key) => key.name),
            ["sandbox-role-reader-access-key-2027-03"],
        );
        assert.notStrictEqual(created[0].id, first.id);
    });

    it("moves Azure's synchronization secret to the new key id and secret, kept secret, and leaves the rest alone", () => {
        const created = resource(rotating, TYPES.accessKey, "sandbox-role-reader-access-key-2027-03");
        assert.deepStrictEqual(credentials(rotating), { ClientSecret: created.id, SecretToken: created.outputs.secret });
        assert.notDeepStrictEqual(credentials(rotating), credentials(today));
        assert.strictEqual(syncSecret(rotating).urn, syncSecret(today).urn);
        assert.ok(syncSecret(rotating).secretInputs.includes("credentials"), "the credentials must be stored as a secret");
        assert.ok(created.options.additionalSecretOutputs?.includes("secret"));
        // Only the secret's values and the user's generations tag change; nothing else is touched.
        const before = new Map(today.resources.map((registered) => [registered.urn, registered]));
        const changed = rotating.resources
            .filter((registered) => registered.custom && before.has(registered.urn))
            .filter((registered) => JSON.stringify(registered.inputs) !== JSON.stringify(before.get(registered.urn)!.inputs))
            .map((registered) => registered.name);
        assert.deepStrictEqual(changed.sort(), ["sandbox-role-import-secret", "sandbox-role-reader-user"]);
    });

    it("tags the reader user with the configured generations, oldest first, dates where known", () => {
        const user = resource(rotating, TYPES.iamUser, "sandbox-role-reader-user");
        assert.strictEqual((user.inputs.tags as Record<string, string>)[GENERATIONS_TAG], "primary 2027-03=2027-03-01");
    });

    it("exports the active key id and its generation, never a secret", () => {
        const sandbox = (rotating.stackOutputs.accounts as any).sandbox;
        const created = resource(rotating, TYPES.accessKey, "sandbox-role-reader-access-key-2027-03");
        assert.strictEqual(sandbox.roleManagerAccessKeyId, created.id);
        assert.strictEqual(sandbox.roleManagerAccessKeyGeneration, "2027-03");
        assert.strictEqual((today.stackOutputs.accounts as any).sandbox.roleManagerAccessKeyGeneration, "primary");
        const outputs = JSON.stringify([today.stackOutputs, rotating.stackOutputs, rotated.stackOutputs]);
        assert.strictEqual(standIns.issuedSecrets.length, 2);
        for (const secret of standIns.issuedSecrets) {
            assert.ok(!outputs.includes(secret), "a secret access key reached a stack output");
        }
    });

    it("removing the old generation leaves one key, the new one, with the secret unchanged", () => {
        assert.deepStrictEqual(
            keys(rotated).map((key) => key.name),
            ["sandbox-role-reader-access-key-2027-03"],
        );
        const before = resource(rotating, TYPES.accessKey, "sandbox-role-reader-access-key-2027-03");
        assert.strictEqual(keys(rotated)[0].urn, before.urn);
        assert.strictEqual(keys(rotated)[0].id, before.id);
        assert.deepStrictEqual(credentials(rotated), credentials(rotating));
        assert.strictEqual((rotated.stackOutputs.accounts as any).sandbox.roleManagerAccessKeyId, before.id);
        const tags = resource(rotated, TYPES.iamUser, "sandbox-role-reader-user").inputs.tags as Record<string, string>;
        assert.strictEqual(tags[GENERATIONS_TAG], "2027-03=2027-03-01");
    });

    it("the secret's values are secret in every run, and the key ids are the only credentials exported", () => {
        for (const program of [today, rotating, rotated]) {
            assert.ok(syncSecret(program).secretInputs.includes("credentials"));
            const exported = (program.stackOutputs.accounts as any).sandbox;
            assert.ok(!JSON.stringify(exported).includes(String(credentials(program).SecretToken)));
        }
    });
});
