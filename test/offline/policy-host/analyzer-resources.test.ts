import * as assert from "assert";
import { analyzeInputs, analyzeStackInputs, EngineResource } from "../../../offline/policy-host/analyzer-resources";
import { SecretValue } from "../../../offline/policy-host/policy-host";

const STACK = "urn:pulumi:dev::azuread-aws-sso";
const ACCOUNT = `${STACK}::azuread-aws-sso:wiring:AccountFederation::sandbox`;
const PROVIDER = `${STACK}::pulumi:providers:aws::sandbox`;
const PROVIDER_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ROLE = `${STACK}::azuread-aws-sso:wiring:AccountFederation$aws:iam/role:Role::sandbox-aws-role-Developer`;
const KEY = `${STACK}::azuread-aws-sso:wiring:AccountFederation$aws:iam/accessKey:AccessKey::sandbox-role-reader-access-key`;

/** The sandbox account as the program registers it: a component, its provider, a role and an access key. */
function sandbox(): EngineResource[] {
    return [
        {
            urn: ACCOUNT,
            type: "azuread-aws-sso:wiring:AccountFederation",
            name: "sandbox",
            custom: false,
            inputs: {},
            outputs: {},
            dependencies: [],
            propertyDependencies: {},
        },
        {
            urn: PROVIDER,
            type: "pulumi:providers:aws",
            name: "sandbox",
            parent: ACCOUNT,
            inputs: { region: "us-east-1", allowedAccountIds: '["111122223333"]' },
            outputs: { region: "us-east-1", allowedAccountIds: '["111122223333"]' },
            dependencies: [],
            propertyDependencies: {},
        },
        {
            urn: ROLE,
            type: "aws:iam/role:Role",
            name: "sandbox-aws-role-Developer",
            parent: ACCOUNT,
            provider: `${PROVIDER}::${PROVIDER_ID}`,
            inputs: { name: "Developer", maxSessionDuration: 14400 },
            outputs: { name: "Developer", maxSessionDuration: 14400, arn: "arn:aws:iam::111122223333:role/Developer" },
            dependencies: [PROVIDER],
            propertyDependencies: { name: [] },
            options: { protect: true, ignoreChanges: ["description"] },
        },
        {
            urn: KEY,
            type: "aws:iam/accessKey:AccessKey",
            name: "sandbox-role-reader-access-key",
            parent: ACCOUNT,
            provider: `${PROVIDER}::${PROVIDER_ID}`,
            inputs: { user: "AzureADRoleManager", pgpKey: "keybase:identity-team" },
            outputs: {
                user: "AzureADRoleManager",
                pgpKey: "keybase:identity-team",
                secret: "stand-in-secret-access-key-000000000000",
                id: "AKIABHDMWBGCYFAATHA4",
            },
            secretInputs: ["pgpKey"],
            dependencies: [],
            propertyDependencies: {},
            options: { additionalSecretOutputs: ["secret"] },
        },
    ];
}

describe("analyzeInputs and analyzeStackInputs (what the engine sends the policy pack)", () => {
    it("sends Analyze the custom resources only, with their inputs, options and parent", () => {
        const inputs = analyzeInputs(sandbox());
        assert.deepStrictEqual(
            inputs.map((input) => input.type),
            ["pulumi:providers:aws", "aws:iam/role:Role", "aws:iam/accessKey:AccessKey"],
            "the component has no step of its own",
        );
        const role = inputs[1];
        assert.deepStrictEqual(role.properties, { name: "Developer", maxSessionDuration: 14400 });
        assert.deepStrictEqual(role.options, { protect: true, ignoreChanges: ["description"], parent: ACCOUNT });
    });

    it("resolves a resource's provider reference to the provider's URN, type, name and outputs", () => {
        const role = analyzeInputs(sandbox())[1];
        assert.deepStrictEqual(role.provider, {
            urn: PROVIDER,
            type: "pulumi:providers:aws",
            name: "sandbox",
            properties: { region: "us-east-1", allowedAccountIds: '["111122223333"]' },
        });
        const unknownProvider = sandbox().map((resource) =>
            resource.urn === ROLE ? { ...resource, provider: `${STACK}::pulumi:providers:aws::gone::${PROVIDER_ID}` } : resource,
        );
        assert.strictEqual(analyzeInputs(unknownProvider)[1].provider, undefined);
        assert.strictEqual(analyzeInputs(sandbox())[0].provider, undefined, "a provider has no provider");
    });

    it("marks secret inputs for Analyze, and secret inputs and additional secret outputs for AnalyzeStack", () => {
        const key = analyzeInputs(sandbox())[2];
        assert.ok(key.properties.pgpKey instanceof SecretValue);
        assert.strictEqual((key.properties.pgpKey as SecretValue).value, "keybase:identity-team");
        assert.strictEqual(key.properties.user, "AzureADRoleManager");

        const stackKey = analyzeStackInputs(sandbox()).find((resource) => resource.urn === KEY)!;
        assert.ok(stackKey.properties.pgpKey instanceof SecretValue);
        assert.ok(stackKey.properties.secret instanceof SecretValue, "the access key's secret output travels as a secret");
        assert.strictEqual(stackKey.properties.id, "AKIABHDMWBGCYFAATHA4");
    });

    it("sends AnalyzeStack every resource, components too, with its outputs, parent and dependencies", () => {
        const stack = analyzeStackInputs(sandbox());
        assert.deepStrictEqual(
            stack.map((resource) => resource.urn),
            [ACCOUNT, PROVIDER, ROLE, KEY],
        );
        const role = stack[2];
        assert.strictEqual(role.properties.arn, "arn:aws:iam::111122223333:role/Developer");
        assert.strictEqual(role.parent, ACCOUNT);
        assert.deepStrictEqual(role.dependencies, [PROVIDER]);
        assert.deepStrictEqual(role.propertyDependencies, { name: [] });
        assert.strictEqual(role.provider?.urn, PROVIDER);
    });
});
