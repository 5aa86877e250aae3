import * as assert from "assert";
import { createHash } from "crypto";
import { FederatedRoleSpec, SamlFederation, SamlFederationArgs, shortHash } from "../../../components/aws/saml-federation";
import { RegisteredResource } from "../../../offline/program/program-run";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { TYPES } from "../../support/stack-fixtures";
import { providerReference, refusedConstruction, SANDBOX_ACCOUNT_ID, sandboxIdpMetadata, sandboxProvider } from "./support/sandbox-account";

const REPLY_URL = "https://signin.aws.amazon.com/saml";
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess";
const TAGS = { "managed-by": "pulumi", project: "azuread-aws-sso", stack: "dev", account: "sandbox" };

const DEVELOPER: FederatedRoleSpec = {
    name: "Developer",
    description: "Developers of the sandbox account",
    managedPolicyArns: [READ_ONLY, SUPPORT],
    inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] },
    maxSessionDuration: 14400,
    permissionsBoundaryArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:policy/Boundary`,
};
const READ_ONLY_ROLE: FederatedRoleSpec = { name: "ReadOnly", managedPolicyArns: [READ_ONLY], maxSessionDuration: 3600 };

function args(changes: Partial<SamlFederationArgs> = {}): SamlFederationArgs {
    return {
        samlProviderName: "EntraID-Sandbox",
        metadataDocument: sandboxIdpMetadata(),
        audiences: [REPLY_URL],
        roles: [DEVELOPER, READ_ONLY_ROLE],
        tags: TAGS,
        ...changes,
    };
}

/** Constructs the component as AccountFederation does: named `<account>-aws`, under the account's pinned provider. */
function construct(componentArgs: SamlFederationArgs = args()) {
    return constructUnderStandIns(() => new SamlFederation("sandbox-aws", componentArgs, { providers: { aws: sandboxProvider() } }));
}

function trustOf(role: RegisteredResource): any {
    return JSON.parse(role.inputs.assumeRolePolicy as string);
}

describe("SamlFederation", () => {
    it("registers as azuread-aws-sso:aws:SamlFederation, every IAM resource its child and created through the account's provider", async () => {
        const { resources } = await construct();
        const component = registered(resources, "sandbox-aws");
        assert.strictEqual(component.type, "azuread-aws-sso:aws:SamlFederation");
        assert.strictEqual(component.custom, false);
        const provider = registered(resources, "sandbox");
        const children = resources.filter((resource) => resource.type.startsWith("aws:"));
        assert.deepStrictEqual(
            children.map((child) => `${child.type} ${child.name}`).sort(),
            [
                `${TYPES.rolePolicyAttachment} sandbox-aws-role-Developer-${shortHash(READ_ONLY)}`,
                `${TYPES.rolePolicyAttachment} sandbox-aws-role-Developer-${shortHash(SUPPORT)}`,
                `${TYPES.rolePolicyAttachment} sandbox-aws-role-ReadOnly-${shortHash(READ_ONLY)}`,
                `${TYPES.role} sandbox-aws-role-Developer`,
                `${TYPES.role} sandbox-aws-role-ReadOnly`,
                `${TYPES.rolePolicy} sandbox-aws-role-Developer-inline`,
                `${TYPES.samlProvider} sandbox-aws-saml-provider`,
            ].sort(),
        );
        for (const child of children) {
            assert.strictEqual(child.parent, component.urn, `${child.name} is not parented to the component`);
            assert.strictEqual(child.provider, providerReference(provider), `${child.name} must use the account's provider`);
            assert.ok(child.urn.includes("::azuread-aws-sso:aws:SamlFederation$"), child.urn);
        }
    });

    it("creates the IAM SAML provider with the given name, the metadata document unchanged and the tags", async () => {
        const { component, resources } = await construct();
        const provider = registered(resources, "sandbox-aws-saml-provider");
        assert.deepStrictEqual(provider.inputs, { name: "EntraID-Sandbox", samlMetadataDocument: sandboxIdpMetadata(), tags: TAGS });
        assert.strictEqual(
            await outputValue(component.samlProviderArn),
            `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:saml-provider/EntraID-Sandbox`,
        );
        assert.strictEqual(await outputValue(component.samlProviderArn), provider.outputs.arn);
    });

    it("each role trusts only the provider's ARN as IAM returns it, for the audience, and waits for the provider", async () => {
        const { resources } = await construct();
        const provider = registered(resources, "sandbox-aws-saml-provider");
        for (const name of ["Developer", "ReadOnly"]) {
            const role = registered(resources, `sandbox-aws-role-${name}`);
            assert.deepStrictEqual(trustOf(role), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: provider.outputs.arn },
                        Action: "sts:AssumeRoleWithSAML",
                        Condition: { StringEquals: { "SAML:aud": REPLY_URL } },
                    },
                ],
            });
            assert.deepStrictEqual(
                role.propertyDependencies.assumeRolePolicy,
                [provider.urn],
                `${name}'s trust must wait for the provider`,
            );
        }
    });

    it("several audiences are all accepted as SAML:aud, in the given order", async () => {
        const regional = "https://eu-central-1.signin.aws.amazon.com/saml";
        const { resources } = await construct(args({ audiences: [regional, REPLY_URL] }));
        const trust = trustOf(registered(resources, "sandbox-aws-role-ReadOnly"));
        assert.deepStrictEqual(trust.Statement[0].Condition.StringEquals["SAML:aud"], [regional, REPLY_URL]);
    });

    it("allowSessionTags adds sts:TagSession to that role's trust only", async () => {
        const { resources } = await construct(args({ roles: [{ ...DEVELOPER, allowSessionTags: true }, READ_ONLY_ROLE] }));
        assert.deepStrictEqual(trustOf(registered(resources, "sandbox-aws-role-Developer")).Statement[0].Action, [
            "sts:AssumeRoleWithSAML",
            "sts:TagSession",
        ]);
        assert.strictEqual(trustOf(registered(resources, "sandbox-aws-role-ReadOnly")).Statement[0].Action, "sts:AssumeRoleWithSAML");
    });

    it("gives each role its IAM name, description, session limit, boundary and tags, and returns them in spec order", async () => {
        const { component, resources } = await construct();
        const developer = registered(resources, "sandbox-aws-role-Developer");
        assert.strictEqual(developer.inputs.name, "Developer");
        assert.strictEqual(developer.inputs.description, "Developers of the sandbox account");
        assert.strictEqual(developer.inputs.maxSessionDuration, 14400);
        assert.strictEqual(developer.inputs.permissionsBoundary, `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:policy/Boundary`);
        assert.deepStrictEqual(developer.inputs.tags, TAGS);
        const readOnly = registered(resources, "sandbox-aws-role-ReadOnly");
        assert.strictEqual(readOnly.inputs.maxSessionDuration, 3600);
        assert.ok(!("permissionsBoundary" in readOnly.inputs), "a role without a boundary must not get one");
        const roles = await Promise.all(component.roles.map(async (role) => ({ ...role, arn: await outputValue(role.arn) })));
        assert.deepStrictEqual(roles, [
            { name: "Developer", arn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/Developer`, maxSessionDuration: 14400 },
            { name: "ReadOnly", arn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/ReadOnly`, maxSessionDuration: 3600 },
        ]);
    });

    it("attaches each managed policy to its role under a name hashed from the policy ARN", async () => {
        const { resources } = await construct();
        // The first eight hex digits of SHA-256, computed here independently of shortHash.
        const suffix = (arn: string) => createHash("sha256").update(arn).digest("hex").slice(0, 8);
        assert.strictEqual(shortHash(READ_ONLY), suffix(READ_ONLY));
        assert.match(shortHash(READ_ONLY), /^[0-9a-f]{8}$/);
        const developer = registered(resources, "sandbox-aws-role-Developer");
        for (const arn of [READ_ONLY, SUPPORT]) {
            const attachment = registered(resources, `sandbox-aws-role-Developer-${suffix(arn)}`);
            assert.deepStrictEqual(attachment.inputs, { role: "Developer", policyArn: arn });
            assert.ok(attachment.propertyDependencies.role.includes(developer.urn), "the attachment must wait for its role");
        }
    });

    it("puts the inline policy on its role as `<role>-inline`, and none on a role without one", async () => {
        const { resources } = await construct();
        const inline = registered(resources, "sandbox-aws-role-Developer-inline");
        assert.deepStrictEqual(
            { ...inline.inputs, policy: JSON.parse(inline.inputs.policy as string) },
            { role: "Developer", name: "Developer-inline", policy: DEVELOPER.inlinePolicy },
        );
        assert.deepStrictEqual(
            resources.filter((resource) => resource.type === TYPES.rolePolicy).map((resource) => resource.name),
            ["sandbox-aws-role-Developer-inline"],
        );
    });

    it("reordering the roles or a role's managed policies renames nothing and changes no input", async () => {
        const before = await construct();
        const after = await construct(
            args({ roles: [READ_ONLY_ROLE, { ...DEVELOPER, managedPolicyArns: [...DEVELOPER.managedPolicyArns!].reverse() }] }),
        );
        const byUrn = (run: typeof before) =>
            Object.fromEntries(
                run.resources.filter((resource) => resource.custom).map((resource) => [resource.urn, JSON.stringify(resource.inputs)]),
            );
        assert.deepStrictEqual(byUrn(after), byUrn(before));
    });

    it("names its children after the component, so two accounts' federations never collide", async () => {
        const { resources } = await constructUnderStandIns(() => {
            const provider = sandboxProvider();
            return [
                new SamlFederation("sandbox-aws", args(), { providers: { aws: provider } }),
                new SamlFederation("production-aws", args(), { providers: { aws: provider } }),
            ];
        });
        const roles = resources.filter((resource) => resource.type === TYPES.role).map((resource) => resource.name);
        assert.deepStrictEqual(roles.sort(), [
            "production-aws-role-Developer",
            "production-aws-role-ReadOnly",
            "sandbox-aws-role-Developer",
            "sandbox-aws-role-ReadOnly",
        ]);
    });

    describe("refuses args IAM or the engine would refuse mid-deploy, before anything registers", () => {
        const cases: [string, Partial<SamlFederationArgs>, RegExp][] = [
            ["no audience", { audiences: [] }, /^sandbox-aws: audiences is empty: a role's trust needs at least one SAML:aud$/],
            [
                "a role listed twice",
                { roles: [DEVELOPER, READ_ONLY_ROLE, { ...READ_ONLY_ROLE, maxSessionDuration: 7200 }] },
                /^sandbox-aws: roles: "ReadOnly" is listed more than once$/,
            ],
            [
                "a session limit below IAM's hour",
                { roles: [{ ...READ_ONLY_ROLE, maxSessionDuration: 1800 }] },
                /"ReadOnly" has maxSessionDuration 1800; IAM accepts 3600 to 43200 seconds/,
            ],
            [
                "a session limit above IAM's twelve hours",
                { roles: [{ ...DEVELOPER, maxSessionDuration: 43201 }] },
                /"Developer" has maxSessionDuration 43201; IAM accepts 3600 to 43200 seconds/,
            ],
        ];
        for (const [what, changes, message] of cases) {
            it(what, async () => {
                const { error, registeredNames } = await refusedConstruction(
                    (provider) => new SamlFederation("sandbox-aws", args(changes), { providers: { aws: provider } }),
                );
                assert.match(String(error?.message), message);
                assert.deepStrictEqual(registeredNames, ["sandbox"], "only the provider made before the component may register");
            });
        }

        it("accepts IAM's own bounds, one hour and twelve", async () => {
            const { resources } = await construct(
                args({
                    roles: [
                        { ...DEVELOPER, maxSessionDuration: 43200 },
                        { ...READ_ONLY_ROLE, maxSessionDuration: 3600 },
                    ],
                }),
            );
            assert.strictEqual(registered(resources, "sandbox-aws-role-Developer").inputs.maxSessionDuration, 43200);
            assert.strictEqual(registered(resources, "sandbox-aws-role-ReadOnly").inputs.maxSessionDuration, 3600);
        });
    });
});
