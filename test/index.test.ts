import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { awsClaimsMappingPolicy } from "../components/documents/claims-mapping-policy";
import { appRoleId } from "../components/documents/deterministic-ids";
import { StackConfigError } from "../components/stack-config";
import { CloudStandIns } from "../offline/program/cloud-stand-ins";
import { ProgramRun, runProgramUnderMocks } from "../offline/program/program-run";
import type * as indexModule from "../index";
import { baseStackConfig, productionAccount, rawConfig, resource, resourcesOfType, TENANT_ID, TYPES } from "./support/stack-fixtures";

const SANDBOX_PROVIDER_ARN = "arn:aws:iam::111122223333:saml-provider/AzureAD";

function run(values: Record<string, unknown>, stack = "dev"): Promise<ProgramRun> {
    return runProgramUnderMocks({ stack, config: rawConfig(values) });
}

/** The stack outputs as index.ts declares them, resolved: the compiler holds these tests to the program's exports. */
type StackOutputs = { [name in keyof typeof indexModule]: pulumi.Unwrap<(typeof indexModule)[name]> };

function outputsOf(programRun: ProgramRun): StackOutputs {
    return programRun.stackOutputs as unknown as StackOutputs;
}

/** Stand-ins that remember every resource the program asked them to create. */
class RecordingStandIns extends CloudStandIns {
    public readonly created: string[] = [];

    public override newResource(args: pulumi.runtime.MockResourceArgs) {
        this.created.push(args.name);
        return super.newResource(args);
    }
}

function urns(programRun: ProgramRun): string[] {
    return programRun.resources.map((registered) => registered.urn);
}

describe("index.ts, the SSO program, under the cloud stand-ins", function () {
    this.timeout(120_000);

    describe("one account", () => {
        let program: ProgramRun;
        before(async () => {
            program = await run({
                ...baseStackConfig(),
                owners: ["5b7e4c1a-2d3f-4a6b-9c8d-0e1f2a3b4c5d"],
                testUser: { userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon", roles: ["Developer"] },
                accounts: [
                    {
                        ...baseStackConfig().accounts[0],
                        deployRoleArn: "arn:aws:iam::111122223333:role/PulumiDeploy",
                        roles: [
                            {
                                ...baseStackConfig().accounts[0].roles[0],
                                maxSessionDuration: 14400,
                                inlinePolicy: { Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] },
                            },
                            {
                                ...baseStackConfig().accounts[0].roles[1],
                                assign: { users: ["alex.wilber@contoso.com"] },
                                permissionsBoundaryArn: "arn:aws:iam::111122223333:policy/Boundary",
                            },
                        ],
                    },
                ],
            });
        });

        it("instantiates the AWS Single-Account Access gallery template", () => {
            const app = resource(program, TYPES.applicationFromTemplate, "sandbox-azuread-app");
            assert.strictEqual(app.inputs.templateId, "8b1025e4-1dd2-430b-a150-2ef79cd700f5");
            assert.strictEqual(app.inputs.displayName, "AWS sandbox (dev)");
        });

        it("takes over the template's service principal in SAML mode, assignment required, with notification e-mails and owners", () => {
            const app = resource(program, TYPES.applicationFromTemplate, "sandbox-azuread-app");
            const servicePrincipal = resource(program, TYPES.servicePrincipal, "sandbox-azuread-sp");
            const standIn = program.standIns.applications.get(app.outputs.applicationObjectId as string)!;
            assert.deepStrictEqual(
                {
                    clientId: servicePrincipal.inputs.clientId,
                    useExisting: servicePrincipal.inputs.useExisting,
                    preferredSingleSignOnMode: servicePrincipal.inputs.preferredSingleSignOnMode,
                    appRoleAssignmentRequired: servicePrincipal.inputs.appRoleAssignmentRequired,
                    notificationEmailAddresses: servicePrincipal.inputs.notificationEmailAddresses,
                    owners: servicePrincipal.inputs.owners,
                },
                {
                    clientId: standIn.clientId,
                    useExisting: true,
                    preferredSingleSignOnMode: "saml",
                    appRoleAssignmentRequired: true,
                    notificationEmailAddresses: ["identity-team@contoso.com"],
                    owners: ["5b7e4c1a-2d3f-4a6b-9c8d-0e1f2a3b4c5d"],
                },
            );
            const owner = resource(program, TYPES.applicationOwner, "sandbox-azuread-owner-5b7e4c1a-2d3f-4a6b-9c8d-0e1f2a3b4c5d");
            assert.strictEqual(owner.inputs.applicationId, app.outputs.applicationId);
        });

        it("sets a per-instance identifier and the global reply URL", () => {
            const app = resource(program, TYPES.applicationFromTemplate, "sandbox-azuread-app");
            const identifier = resource(program, TYPES.identifierUri, "sandbox-azuread-identifier");
            const replyUrl = resource(program, TYPES.redirectUris, "sandbox-azuread-reply-url");
            assert.strictEqual(identifier.inputs.identifierUri, "https://signin.aws.amazon.com/saml#dev-sandbox");
            assert.strictEqual(identifier.inputs.applicationId, app.outputs.applicationId);
            assert.deepStrictEqual(replyUrl.inputs.redirectUris, ["https://signin.aws.amazon.com/saml"]);
            assert.strictEqual(replyUrl.inputs.type, "Web");
        });

        it("assigns the AWS claims mapping policy to the service principal", () => {
            const servicePrincipal = resource(program, TYPES.servicePrincipal, "sandbox-azuread-sp");
            const policy = resource(program, TYPES.claimsMappingPolicy, "sandbox-azuread-claims");
            const assignment = resource(program, TYPES.claimsAssignment, "sandbox-azuread-claims-assignment");
            assert.deepStrictEqual(policy.inputs.definitions, [
                awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 }),
            ]);
            assert.strictEqual(assignment.inputs.claimsMappingPolicyId, policy.id);
            assert.strictEqual(assignment.inputs.servicePrincipalId, servicePrincipal.id);
        });

        it("creates the token-signing certificate and activates it as the preferred key after it exists", () => {
            const servicePrincipal = resource(program, TYPES.servicePrincipal, "sandbox-azuread-sp");
            const certificate = resource(program, TYPES.signingCertificate, "sandbox-azuread-signing-primary");
            assert.match(certificate.inputs.displayName as string, /^CN=/);
            assert.strictEqual(certificate.inputs.servicePrincipalId, servicePrincipal.id);
            const preferred = program.resources.find((registered) => registered.name === "sandbox-azuread-preferred-signing-key")!;
            assert.strictEqual(preferred.inputs.thumbprint, certificate.outputs.thumbprint);
            assert.strictEqual(preferred.inputs.servicePrincipalObjectId, servicePrincipal.outputs.objectId);
            assert.ok(preferred.dependencies.includes(certificate.urn), "the activation must wait for the certificate");
        });

        it("builds the SAML provider's metadata from the signing certificate", () => {
            const certificate = resource(program, TYPES.signingCertificate, "sandbox-azuread-signing-primary");
            const provider = resource(program, TYPES.samlProvider, "sandbox-aws-saml-provider");
            const metadata = provider.inputs.samlMetadataDocument as string;
            assert.strictEqual(provider.inputs.name, "AzureAD");
            assert.ok(metadata.includes(`entityID="https://sts.windows.net/${TENANT_ID}/"`));
            assert.ok(metadata.includes(`<X509Certificate>${certificate.outputs.value}</X509Certificate>`));
            assert.ok(
                provider.dependencies.includes(certificate.urn) ||
                    Object.values(provider.propertyDependencies).flat().includes(certificate.urn),
            );
        });

        it("creates each role trusting only the provider for the reply URL, with its session limit, permissions and boundary", () => {
            const developer = resource(program, TYPES.role, "sandbox-aws-role-Developer");
            assert.deepStrictEqual(JSON.parse(developer.inputs.assumeRolePolicy as string), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: SANDBOX_PROVIDER_ARN },
                        Action: "sts:AssumeRoleWithSAML",
                        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
                    },
                ],
            });
            assert.strictEqual(developer.inputs.name, "Developer");
            assert.strictEqual(developer.inputs.maxSessionDuration, 14400);
            const readOnly = resource(program, TYPES.role, "sandbox-aws-role-ReadOnly");
            assert.strictEqual(readOnly.inputs.maxSessionDuration, 3600);
            assert.strictEqual(readOnly.inputs.permissionsBoundary, "arn:aws:iam::111122223333:policy/Boundary");
            const attachments = resourcesOfType(program, TYPES.rolePolicyAttachment).map(
                (attachment) => `${attachment.inputs.role} ${attachment.inputs.policyArn}`,
            );
            assert.deepStrictEqual(attachments.sort(), [
                "Developer arn:aws:iam::aws:policy/ReadOnlyAccess",
                "ReadOnly arn:aws:iam::aws:policy/ReadOnlyAccess",
            ]);
            const inline = resource(program, TYPES.rolePolicy, "sandbox-aws-role-Developer-inline");
            assert.deepStrictEqual(JSON.parse(inline.inputs.policy as string), {
                Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }],
            });
        });

        it("creates AWS resources in the configured account only, assuming the deploy role", () => {
            const provider = resource(program, TYPES.awsProvider, "sandbox-aws");
            assert.deepStrictEqual(JSON.parse(provider.inputs.allowedAccountIds as string), ["111122223333"]);
            assert.deepStrictEqual(
                JSON.parse(provider.inputs.assumeRoles as string)[0].roleArn,
                "arn:aws:iam::111122223333:role/PulumiDeploy",
            );
            assert.strictEqual(provider.inputs.region, "eu-central-1");
            const providerReference = `${provider.urn}::${provider.id}`;
            for (const awsResource of program.resources.filter((registered) => registered.type.startsWith("aws:"))) {
                assert.strictEqual(awsResource.provider, providerReference, `${awsResource.name} must use the account's provider`);
            }
        });

        it("publishes one app role per AWS role with value <role ARN>,<provider ARN> and a deterministic id", () => {
            const app = resource(program, TYPES.applicationFromTemplate, "sandbox-azuread-app");
            const appRoles = resourcesOfType(program, TYPES.appRole);
            assert.deepStrictEqual(
                appRoles.map((role) => [
                    role.inputs.displayName,
                    role.inputs.value,
                    role.inputs.roleId,
                    role.inputs.allowedMemberTypes,
                    role.inputs.applicationId,
                ]),
                ["Developer", "ReadOnly"].map((name) => [
                    name,
                    `arn:aws:iam::111122223333:role/${name},${SANDBOX_PROVIDER_ARN}`,
                    appRoleId("sandbox", name),
                    ["User"],
                    app.outputs.applicationId,
                ]),
            );
        });

        it("assigns configured groups, looked-up users and the test user to their roles", () => {
            const servicePrincipal = resource(program, TYPES.servicePrincipal, "sandbox-azuread-sp");
            const testUser = resource(program, TYPES.azureUser, "test-user-user");
            const alex = program.standIns.directoryUser("alex.wilber@contoso.com");
            const assignments = resourcesOfType(program, TYPES.appRoleAssignment).map((assignment) => ({
                role: assignment.inputs.appRoleId,
                principal: assignment.inputs.principalObjectId,
                resource: assignment.inputs.resourceObjectId,
            }));
            const spObjectId = servicePrincipal.outputs.objectId;
            assert.deepStrictEqual(
                assignments.sort((a, b) => String(a.principal).localeCompare(String(b.principal))),
                [
                    { role: appRoleId("sandbox", "Developer"), principal: "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c", resource: spObjectId },
                    { role: appRoleId("sandbox", "ReadOnly"), principal: alex.objectId, resource: spObjectId },
                    { role: appRoleId("sandbox", "Developer"), principal: testUser.outputs.objectId, resource: spObjectId },
                ].sort((a, b) => String(a.principal).localeCompare(String(b.principal))),
            );
            assert.strictEqual(testUser.inputs.userPrincipalName, "B.Simon@contoso.com");
            assert.strictEqual(testUser.inputs.forcePasswordChange, true);
            assert.ok(testUser.secretInputs.includes("password"), "the test user's password must be a secret");
        });

        it("creates the role-import reader with exactly iam:ListRoles, no console password and one key", () => {
            const policy = resource(program, TYPES.iamPolicy, "sandbox-role-reader-policy");
            assert.strictEqual(policy.inputs.name, "AzureAD_SSOUserRole_Policy");
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy as string), {
                Version: "2012-10-17",
                Statement: [{ Sid: "AzureAdRoleImport", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }],
            });
            const user = resource(program, TYPES.iamUser, "sandbox-role-reader-user");
            assert.strictEqual(user.inputs.name, "AzureADRoleManager");
            const attachments = resourcesOfType(program, TYPES.userPolicyAttachment);
            assert.deepStrictEqual(
                attachments.map((attachment) => [attachment.inputs.user, attachment.inputs.policyArn]),
                [["AzureADRoleManager", policy.outputs.arn]],
            );
            assert.strictEqual(resourcesOfType(program, TYPES.accessKey).length, 1);
            assert.strictEqual(
                program.resources.filter((registered) => registered.type === "aws:iam/userLoginProfile:UserLoginProfile").length,
                0,
            );
        });

        it("hands the reader's key to Azure's role import as a secret and enables the aws job", () => {
            const key = resource(program, TYPES.accessKey, "sandbox-role-reader-access-key");
            const secret = resource(program, TYPES.synchronizationSecret, "sandbox-role-import-secret");
            const job = resource(program, TYPES.synchronizationJob, "sandbox-role-import-job");
            const servicePrincipal = resource(program, TYPES.servicePrincipal, "sandbox-azuread-sp");
            assert.deepStrictEqual(secret.inputs.credentials, [
                { key: "ClientSecret", value: key.id },
                { key: "SecretToken", value: key.outputs.secret },
            ]);
            assert.ok(secret.secretInputs.includes("credentials"), "the credentials must be stored as a secret");
            assert.strictEqual(secret.inputs.servicePrincipalId, servicePrincipal.id);
            assert.deepStrictEqual(
                [job.inputs.templateId, job.inputs.enabled, job.inputs.servicePrincipalId],
                ["aws", true, servicePrincipal.id],
            );
            assert.ok(job.dependencies.includes(secret.urn), "the job must start after its secret exists");
        });

        it("exports the outputs contract, with the key id and never the secret", () => {
            const secret = program.standIns.issuedSecrets[0];
            assert.ok(secret && secret.length === 40);
            assert.ok(!JSON.stringify(program.stackOutputs).includes(secret), "the secret access key reached a stack output");
            const sandbox = outputsOf(program).accounts.sandbox;
            const key = resource(program, TYPES.accessKey, "sandbox-role-reader-access-key");
            const certificate = resource(program, TYPES.signingCertificate, "sandbox-azuread-signing-primary");
            const app = resource(program, TYPES.applicationFromTemplate, "sandbox-azuread-app");
            const clientId = program.standIns.applications.get(app.outputs.applicationObjectId as string)!.clientId;
            assert.strictEqual(outputsOf(program).tenantId, TENANT_ID);
            assert.strictEqual(outputsOf(program).sessionDuration, 3600);
            assert.deepStrictEqual(Object.keys(sandbox).sort(), [
                "accountId",
                "applicationId",
                "applicationObjectId",
                "identifierUri",
                "replyUrl",
                "roleManagerAccessKeyGeneration",
                "roleManagerAccessKeyId",
                "roles",
                "samlProviderArn",
                "servicePrincipalObjectId",
                "sessionTagKeys",
                "signingCertificateEndDate",
                "signingCertificateThumbprint",
                "signingCertificates",
                "userAccessUrl",
            ]);
            assert.strictEqual(sandbox.roleManagerAccessKeyId, key.id);
            assert.match(String(sandbox.roleManagerAccessKeyId), /^AKIA[A-Z2-7]{16}$/);
            assert.strictEqual(sandbox.roleManagerAccessKeyGeneration, "primary");
            assert.strictEqual(sandbox.samlProviderArn, SANDBOX_PROVIDER_ARN);
            assert.strictEqual(sandbox.applicationId, clientId);
            assert.strictEqual(sandbox.userAccessUrl, `https://myapps.microsoft.com/signin/${clientId}?tenantId=${TENANT_ID}`);
            assert.strictEqual(sandbox.signingCertificateThumbprint, certificate.outputs.thumbprint);
            assert.deepStrictEqual(sandbox.roles.Developer, {
                arn: "arn:aws:iam::111122223333:role/Developer",
                appRoleId: appRoleId("sandbox", "Developer"),
                appRoleValue: `arn:aws:iam::111122223333:role/Developer,${SANDBOX_PROVIDER_ARN}`,
                maxSessionDuration: 14400,
            });
        });

        it("keeps every resource inside this package's components, each child parented", () => {
            const components = new Map(
                program.resources.filter((registered) => !registered.custom).map((registered) => [registered.urn, registered.type]),
            );
            for (const type of components.values()) {
                assert.match(type, /^azuread-aws-sso:(azuread|aws|wiring):[A-Z]\w+$/);
            }
            for (const registered of program.resources.filter((candidate) => candidate.custom)) {
                assert.ok(registered.parent && components.has(registered.parent), `${registered.name} has no component parent`);
            }
        });
    });

    describe("several accounts", () => {
        it("builds an independent instance per account with distinct identifiers and its own sign-in endpoint", async () => {
            const config = baseStackConfig();
            config.accounts.push(productionAccount());
            const program = await run(config);
            assert.strictEqual(resourcesOfType(program, TYPES.applicationFromTemplate).length, 2);
            const identifiers = resourcesOfType(program, TYPES.identifierUri).map((identifier) => identifier.inputs.identifierUri);
            assert.deepStrictEqual(identifiers.sort(), [
                "https://signin.aws.amazon.com/saml#dev-production",
                "https://signin.aws.amazon.com/saml#dev-sandbox",
            ]);
            const operator = resource(program, TYPES.role, "production-aws-role-Operator");
            const trust = JSON.parse(operator.inputs.assumeRolePolicy as string);
            assert.strictEqual(trust.Statement[0].Principal.Federated, "arn:aws:iam::444455556666:saml-provider/AzureAD");
            assert.strictEqual(trust.Statement[0].Condition.StringEquals["SAML:aud"], "https://eu-central-1.signin.aws.amazon.com/saml");
            const productionReply = resource(program, TYPES.redirectUris, "production-azuread-reply-url");
            assert.deepStrictEqual(productionReply.inputs.redirectUris, ["https://eu-central-1.signin.aws.amazon.com/saml"]);
            const operatorAppRole = resource(program, TYPES.appRole, "production-app-roles-Operator");
            assert.strictEqual(
                operatorAppRole.inputs.value,
                "arn:aws:iam::444455556666:role/Operator,arn:aws:iam::444455556666:saml-provider/AzureAD",
            );
            const certificates = resourcesOfType(program, TYPES.signingCertificate).map((certificate) => certificate.outputs.thumbprint);
            assert.strictEqual(new Set(certificates).size, 2, "each instance signs with its own certificate");
            const keys = resourcesOfType(program, TYPES.accessKey).map((key) => key.id);
            assert.strictEqual(new Set(keys).size, 2);
            assert.deepStrictEqual(Object.keys(outputsOf(program).accounts).sort(), ["production", "sandbox"]);
        });

        it("adding an account or a role, or reordering them, renames nothing", async () => {
            const before = urns(await run(baseStackConfig()));

            const grown = baseStackConfig();
            grown.accounts[0].roles.unshift({ name: "Auditor", managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"] });
            grown.accounts.unshift(productionAccount());
            const after = urns(await run(grown));
            const missing = before.filter((urn) => !after.includes(urn));
            assert.deepStrictEqual(missing, [], "existing resources would be replaced");
            assert.ok(after.length > before.length);

            const reordered = baseStackConfig();
            reordered.accounts[0].roles.reverse();
            reordered.accounts[0].roles[1].managedPolicyArns.push("arn:aws:iam::aws:policy/AWSSupportAccess");
            reordered.accounts[0].roles[1].managedPolicyArns.reverse();
            const afterReorder = urns(await run(reordered));
            assert.deepStrictEqual(
                before.filter((urn) => !afterReorder.includes(urn)),
                [],
            );
        });
    });

    describe("options", () => {
        it("without provisioning there is no reader, no key and no role import", async () => {
            const program = await run({ ...baseStackConfig(), provisioning: false });
            for (const type of [TYPES.iamUser, TYPES.iamPolicy, TYPES.accessKey, TYPES.synchronizationSecret, TYPES.synchronizationJob]) {
                assert.strictEqual(resourcesOfType(program, type).length, 0, type);
            }
            assert.ok(!("roleManagerAccessKeyId" in outputsOf(program).accounts.sandbox));
            assert.ok(!("roleManagerAccessKeyGeneration" in outputsOf(program).accounts.sandbox));
        });

        it("requireMfa covers every AWS app with an MFA Conditional Access policy", async () => {
            const config: Record<string, any> = { ...baseStackConfig(), requireMfa: true };
            config.accounts.push(productionAccount());
            const program = await run(config);
            const policy = resource(program, TYPES.conditionalAccess, "require-mfa-policy");
            const clientIds = [...program.standIns.applications.values()].map((app) => app.clientId).sort();
            const conditions = policy.inputs.conditions as any;
            assert.deepStrictEqual([...conditions.applications.includedApplications].sort(), clientIds);
            assert.deepStrictEqual(conditions.users.includedUsers, ["All"]);
            assert.deepStrictEqual((policy.inputs.grantControls as any).builtInControls, ["mfa"]);
            assert.strictEqual(policy.inputs.state, "enabled");
        });

        it("runs the dev stack file as committed", async () => {
            const program = await runProgramUnderMocks({ stack: "dev", standIns: new CloudStandIns({ tenantId: TENANT_ID }) });
            assert.ok(resourcesOfType(program, TYPES.role).length >= 2);
            assert.ok(resourcesOfType(program, TYPES.azureUser).length === 1, "the dev stack creates B.Simon");
        });
    });

    describe("the program itself", () => {
        it("validates the whole config before registering anything: one bad account creates nothing, not even the good one", async () => {
            const config = baseStackConfig();
            config.accounts.push({ ...productionAccount(), accountId: "44445555666" });
            const standIns = new RecordingStandIns({ tenantId: TENANT_ID });
            await assert.rejects(
                runProgramUnderMocks({ stack: "dev", config: rawConfig(config), standIns }),
                (error: unknown) =>
                    error instanceof StackConfigError && error.problems.some((problem) => problem.path === "accounts[1].accountId"),
            );
            assert.deepStrictEqual([...standIns.created], [], "a resource was created before the config was refused");
            // The same stand-ins do see what a valid config creates, so the empty list above means something.
            await runProgramUnderMocks({ stack: "dev", config: rawConfig(baseStackConfig()), standIns });
            assert.ok(standIns.created.includes("sandbox-aws-role-Developer"), standIns.created.join(", "));
        });

        it("exports what index.ts declares, every value plain: the tenant, the defaults, the accounts, and no Identity Center without its block", async () => {
            const program = await run({ ...baseStackConfig(), samlProviderName: "EntraID" });
            assert.deepStrictEqual(Object.keys(program.stackOutputs).sort(), [
                "accounts",
                "cliConfig",
                "identityCenter",
                "samlProviderName",
                "sessionDuration",
                "tenantId",
            ]);
            const outputs = outputsOf(program);
            assert.deepStrictEqual(
                [outputs.tenantId, outputs.sessionDuration, outputs.samlProviderName, outputs.identityCenter],
                [TENANT_ID, 3600, "EntraID", undefined],
            );
            assert.strictEqual(outputs.accounts.sandbox.samlProviderArn, "arn:aws:iam::111122223333:saml-provider/EntraID");
            assert.deepStrictEqual(program.secretStackOutputs, [], "no stack output may be secret: other stacks read them");
        });

        it("names each account's component after the account and sets it at the top of the stack", async () => {
            const config = baseStackConfig();
            config.accounts.push(productionAccount());
            const program = await run(config);
            const federations = program.resources.filter((registered) => registered.type === "azuread-aws-sso:wiring:AccountFederation");
            assert.deepStrictEqual(federations.map((federation) => federation.name).sort(), ["production", "sandbox"]);
            for (const federation of federations) {
                assert.ok(!program.resources.some((registered) => registered.urn === federation.parent), `${federation.name} has a parent`);
            }
        });

        it("applies the adoption config to exactly the resources it names, in whichever account they are", async () => {
            const config: Record<string, any> = baseStackConfig();
            config.accounts.push(productionAccount());
            config.adoptionImports = {
                "production-aws-role-Operator": { type: TYPES.role, id: "Operator" },
                "sandbox-aws-saml-provider": { type: TYPES.samlProvider, id: SANDBOX_PROVIDER_ARN },
            };
            config.adoptionHolds = { "sandbox-aws-saml-provider": ["samlMetadataDocument"] };
            const program = await run(config);
            assert.deepStrictEqual(
                program.resources
                    .filter((registered) => registered.importId)
                    .map((registered) => `${registered.name} ${registered.importId}`)
                    .sort(),
                ["production-aws-role-Operator Operator", `sandbox-aws-saml-provider ${SANDBOX_PROVIDER_ARN}`],
            );
            assert.deepStrictEqual(resource(program, TYPES.samlProvider, "sandbox-aws-saml-provider").options.ignoreChanges, [
                "samlMetadataDocument",
            ]);
            assert.deepStrictEqual(resource(program, TYPES.samlProvider, "production-aws-saml-provider").options.ignoreChanges, []);
        });

        it("assigns the test user in the accounts its grants name and nowhere else", async () => {
            const config: Record<string, any> = baseStackConfig();
            config.accounts.push(productionAccount());
            config.testUser = { userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon", roles: ["production/Operator"] };
            const program = await run(config);
            const testUser = resource(program, TYPES.azureUser, "test-user-user");
            const assigned = resourcesOfType(program, TYPES.appRoleAssignment)
                .filter((assignment) => assignment.inputs.principalObjectId === testUser.outputs.objectId)
                .map((assignment) => assignment.name);
            assert.deepStrictEqual(assigned, ["production-app-roles-Operator-user-B.Simon@contoso.com"]);
        });
    });
});
