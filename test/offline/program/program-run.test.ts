import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";
import {
    configuredIdentityCenterGroups,
    listStacks,
    OFFLINE_SECRET_PLACEHOLDER,
    ProgramRun,
    projectDirectory,
    readStackConfigFile,
    runProgramUnderMocks,
} from "../../../offline/program/program-run";

const TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

describe("runProgramUnderMocks and the stack config it reads", function () {
    this.timeout(120_000);

    describe("a stack config file", () => {
        let directory: string;
        before(() => {
            directory = fs.mkdtempSync(path.join(os.tmpdir(), "program-run-"));
            fs.writeFileSync(path.join(directory, "Pulumi.yaml"), "name: azuread-aws-sso\nruntime: nodejs\n");
            fs.writeFileSync(
                path.join(directory, "Pulumi.sandbox.yaml"),
                [
                    "config:",
                    "  aws:region: eu-central-1",
                    "  notificationEmails:",
                    "    - identity-team@contoso.com",
                    "  sessionHours: 8",
                    "  identityCenterScimToken:",
                    "    secure: AAABAGNvbnRvc28tc2NpbS10b2tlbg==",
                    "",
                ].join("\n"),
            );
            fs.writeFileSync(path.join(directory, "Pulumi.prod.yaml"), "config: {}\n");
        });
        after(() => fs.rmSync(directory, { recursive: true, force: true }));

        it("gives keys without a namespace the project's, JSON-encodes structured values, and replaces secure values offline", () => {
            assert.deepStrictEqual(readStackConfigFile("sandbox", directory), {
                project: "azuread-aws-sso",
                config: {
                    "aws:region": "eu-central-1",
                    "azuread-aws-sso:notificationEmails": '["identity-team@contoso.com"]',
                    "azuread-aws-sso:sessionHours": "8",
                    "azuread-aws-sso:identityCenterScimToken": OFFLINE_SECRET_PLACEHOLDER,
                },
                secretKeys: ["azuread-aws-sso:identityCenterScimToken"],
            });
        });

        it("names the stacks there when the one asked for has no file", () => {
            assert.deepStrictEqual(listStacks(directory).sort(), ["prod", "sandbox"]);
            assert.throws(
                () => readStackConfigFile("staging", directory),
                /no stack config file .*Pulumi\.staging\.yaml; stacks here: (prod, sandbox|sandbox, prod)/,
            );
        });

        it("finds the project's own folder and its committed stacks", () => {
            assert.ok(fs.existsSync(path.join(projectDirectory(), "Pulumi.yaml")));
            assert.ok(listStacks().includes("dev"));
        });
    });

    it("puts only well-formed identityCenter groups in the stand-in directory, and none from config that does not parse", () => {
        const developers = { objectId: "0a1b2c3d-0000-4000-8000-000000000002", displayName: "aws-developers" };
        const config = (value: unknown) => ({ "azuread-aws-sso:identityCenter": JSON.stringify(value) });
        assert.deepStrictEqual(configuredIdentityCenterGroups(config({ groups: [developers, { objectId: 7 }, null] })), [developers]);
        assert.deepStrictEqual(configuredIdentityCenterGroups(config({ groups: "aws-developers" })), []);
        assert.deepStrictEqual(configuredIdentityCenterGroups({ "azuread-aws-sso:identityCenter": "{not json" }), []);
        assert.deepStrictEqual(configuredIdentityCenterGroups({}), []);
    });

    describe("a small program's registrations", () => {
        let run: ProgramRun;
        const description = "Developers of the sandbox account";
        before(async () => {
            run = await runProgramUnderMocks({
                stack: "sandbox",
                config: { "azuread-aws-sso:roleDescription": description },
                secretKeys: ["azuread-aws-sso:roleDescription"],
                standIns: new CloudStandIns({ tenantId: TENANT_ID }),
                programPath: path.join(__dirname, "support", "small-program"),
            });
        });

        const named = (name: string) => {
            const found = run.resources.filter((resource) => resource.name === name);
            assert.strictEqual(found.length, 1, `one registration named ${name}: ${run.resources.map((r) => r.name).join(", ")}`);
            return found[0];
        };

        it("records every registration with its type, parent, explicit provider and the stand-ins' answer", () => {
            const group = run.resources.find((resource) => resource.type === "test:index:Group");
            assert.ok(group, "the component is registered");
            assert.strictEqual(group.custom, false);
            const provider = run.resources.find((resource) => resource.type === "pulumi:providers:aws")!;
            const role = named("developer");
            assert.strictEqual(role.type, "aws:iam/role:Role");
            assert.strictEqual(role.parent, group.urn);
            assert.strictEqual(role.provider, `${provider.urn}::${provider.id}`);
            assert.strictEqual(role.outputs.arn, "arn:aws:iam::111122223333:role/Developer");
            assert.strictEqual(run.stackOutputs.roleArn, "arn:aws:iam::111122223333:role/Developer");
            assert.strictEqual(run.project, "azuread-aws-sso");
            assert.strictEqual(run.stack, "sandbox");
        });

        it("unwraps secret inputs and exports to plain values, and names which ones were secret", () => {
            const role = named("developer");
            assert.strictEqual(role.inputs.description, description);
            assert.deepStrictEqual(role.secretInputs, ["description"]);
            assert.strictEqual(run.stackOutputs.description, description);
            assert.deepStrictEqual(run.secretStackOutputs, ["description"]);
        });

        it("keeps the options and dependencies the engine would receive", () => {
            const role = named("developer");
            const policy = named("developer-inline");
            assert.strictEqual(role.options.protect, true);
            assert.strictEqual(policy.options.protect, undefined);
            assert.ok(policy.dependencies.includes(role.urn), JSON.stringify(policy.dependencies));
            assert.deepStrictEqual(policy.propertyDependencies.role, [role.urn]);
            assert.strictEqual(run.stackOutputs.policyId, "Developer:inline");
        });
    });
});
