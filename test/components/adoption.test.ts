import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AdoptionTypeMismatchError, adoptionTransformations } from "../../components/adoption";
import { AdoptionConfig } from "../../components/stack-config";
import { constructUnderStandIns, registered } from "../support/component-under-stand-ins";

const ACCOUNT_ID = "111122223333";
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/AzureAD`;
const TRUST_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithSAML" }],
});

/**
 * A component shaped like one account's federation: the transformations go on the component, as
 * index.ts passes them to each AccountFederation, and apply to the children registered under it.
 */
function accountUnder(adoption: AdoptionConfig, roleOptions: pulumi.CustomResourceOptions = {}): pulumi.ComponentResource {
    const provider = new aws.Provider("sandbox-aws", { region: "us-east-1", allowedAccountIds: [ACCOUNT_ID] });
    const account = new pulumi.ComponentResource(
        "azuread-aws-sso:test:Account",
        "sandbox",
        {},
        { transformations: adoptionTransformations(adoption) },
    );
    new aws.iam.SamlProvider(
        "sandbox-aws-saml-provider",
        { name: "AzureAD", samlMetadataDocument: "<EntityDescriptor/>" },
        { parent: account, provider },
    );
    new aws.iam.Role(
        "sandbox-aws-role-Developer",
        { name: "Developer", assumeRolePolicy: TRUST_POLICY, description: "Developers of the sandbox account" },
        { parent: account, provider, ...roleOptions },
    );
    return account;
}

describe("adoptionTransformations", () => {
    it("adds nothing for a stack that adopted nothing, so its registrations stay exactly as they were", () => {
        assert.deepStrictEqual(adoptionTransformations({ imports: {}, holds: {} }), []);
    });

    it("imports the resource an entry names, by its cloud id, and leaves every other resource to be created", async () => {
        const { resources } = await constructUnderStandIns(() =>
            accountUnder({ imports: { "sandbox-aws-role-Developer": { type: "aws:iam/role:Role", id: "Developer" } }, holds: {} }),
        );
        const role = registered(resources, "sandbox-aws-role-Developer");
        assert.strictEqual(role.importId, "Developer");
        assert.deepStrictEqual(role.options.ignoreChanges, []);
        assert.strictEqual(registered(resources, "sandbox-aws-saml-provider").importId, undefined);
        // Still under its component with its explicit provider: the transformation keeps the options it was given.
        assert.strictEqual(role.parent, registered(resources, "sandbox").urn);
        assert.match(role.provider ?? "", /::sandbox-aws::/);
    });

    it("holds the listed inputs at their live values, with or without an import", async () => {
        const { resources } = await constructUnderStandIns(() =>
            accountUnder({
                imports: { "sandbox-aws-saml-provider": { type: "aws:iam/samlProvider:SamlProvider", id: PROVIDER_ARN } },
                holds: { "sandbox-aws-saml-provider": ["samlMetadataDocument"], "sandbox-aws-role-Developer": ["description"] },
            }),
        );
        const samlProvider = registered(resources, "sandbox-aws-saml-provider");
        assert.strictEqual(samlProvider.importId, PROVIDER_ARN);
        assert.deepStrictEqual(samlProvider.options.ignoreChanges, ["samlMetadataDocument"]);
        const role = registered(resources, "sandbox-aws-role-Developer");
        assert.strictEqual(role.importId, undefined);
        assert.deepStrictEqual(role.options.ignoreChanges, ["description"]);
    });

    it("adds held inputs to the resource's own ignoreChanges, each once", async () => {
        const { resources } = await constructUnderStandIns(() =>
            accountUnder({ imports: {}, holds: { "sandbox-aws-role-Developer": ["description", "tags"] } }, { ignoreChanges: ["tags"] }),
        );
        assert.deepStrictEqual(registered(resources, "sandbox-aws-role-Developer").options.ignoreChanges, ["tags", "description"]);
    });

    it("refuses an entry written for another type, naming the entry, both types and the fix", async () => {
        await assert.rejects(
            constructUnderStandIns(() =>
                accountUnder({
                    imports: {
                        "sandbox-aws-role-Developer": { type: "aws:iam/policy:Policy", id: `arn:aws:iam::${ACCOUNT_ID}:policy/Developer` },
                    },
                    holds: {},
                }),
            ),
            (error: unknown) =>
                error instanceof AdoptionTypeMismatchError &&
                error.message ===
                    "adoptionImports.sandbox-aws-role-Developer: written for type aws:iam/policy:Policy, but the program registers aws:iam/role:Role under that name; re-run npm run adopt against this version of the program",
        );
    });
});
