import * as assert from "assert";
import { AWS_IDENTITY_CENTER_TEMPLATE_ID } from "../../components/documents/identity-center";
import { CloudStandIns, DirectoryGroup } from "../../offline/program/cloud-stand-ins";
import { ProgramRun, RegisteredResource, runProgramUnderMocks } from "../../offline/program/program-run";
import { parseIdpMetadata } from "../../offline/sign-in";
import {
    baseStackConfig,
    IDENTITY_CENTER_GROUPS,
    identityCenterBlock,
    identityCenterOnlyConfig,
    rawConfig,
    resource,
    resourcesOfType,
    SCIM_TOKEN,
    SCIM_TOKEN_EXPIRES_AT,
    TENANT_ID,
    TYPES,
} from "../support/stack-fixtures";
import { IC_TYPES } from "../components/identity-center/support/resource-types";

const ALL_GROUPS: DirectoryGroup[] = Object.values(IDENTITY_CENTER_GROUPS);

function runIdentityCenter(config: Record<string, string>, standIns?: CloudStandIns): Promise<ProgramRun> {
    return runProgramUnderMocks({
        stack: "org",
        config,
        standIns: standIns ?? new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: ALL_GROUPS }),
    });
}

/** Inputs by resource name, without values the stand-ins derive from other resources' ids. */
function inputsByUrn(run: ProgramRun): Map<string, string> {
    return new Map(run.resources.filter((r) => r.custom).map((r) => [r.urn, JSON.stringify(r.inputs)]));
}

describe("IAM Identity Center under the cloud stand-ins", function () {
    this.timeout(120_000);

    describe("a stack with only identityCenter", () => {
        let program: ProgramRun;
        before(async () => {
            program = await runIdentityCenter(identityCenterOnlyConfig());
        });

        it("creates no per-account federation", () => {
            assert.strictEqual(resourcesOfType(program, TYPES.samlProvider).length, 0);
            assert.strictEqual(resourcesOfType(program, TYPES.role).length, 0);
            assert.deepStrictEqual(program.stackOutputs.accounts, {});
        });

        it("instantiates the IAM Identity Center gallery template in SAML mode, assignment required, with notification e-mails and the token expiry noted", () => {
            const app = resource(program, TYPES.applicationFromTemplate, "identity-center-azuread-app");
            assert.strictEqual(app.inputs.templateId, AWS_IDENTITY_CENTER_TEMPLATE_ID);
            assert.strictEqual(app.inputs.displayName, "AWS IAM Identity Center (org)");
            const servicePrincipal = resource(program, TYPES.servicePrincipal, "identity-center-azuread-sp");
            assert.strictEqual(servicePrincipal.inputs.preferredSingleSignOnMode, "saml");
            assert.strictEqual(servicePrincipal.inputs.appRoleAssignmentRequired, true);
            assert.strictEqual(servicePrincipal.inputs.useExisting, true);
            assert.deepStrictEqual(servicePrincipal.inputs.notificationEmailAddresses, ["identity-team@contoso.com"]);
            assert.ok(String(servicePrincipal.inputs.notes).startsWith(`SCIM access token expires ${SCIM_TOKEN_EXPIRES_AT};`));
        });

        it("sets the identifier to samlIssuer and the reply URL to samlAcsUrl", () => {
            const block = identityCenterBlock();
            assert.strictEqual(
                resource(program, TYPES.identifierUri, "identity-center-azuread-identifier").inputs.identifierUri,
                block.samlIssuer,
            );
            assert.deepStrictEqual(resource(program, TYPES.redirectUris, "identity-center-azuread-reply-url").inputs.redirectUris, [
                block.samlAcsUrl,
            ]);
        });

        it("activates the signing certificate as the preferred key after it exists, and builds the IdP metadata output from it", () => {
            const certificate = resource(program, TYPES.signingCertificate, "identity-center-azuread-signing-primary");
            const preferred = program.resources.find(
                (r) => r.type.endsWith("PreferredTokenSigningKey") && r.name === "identity-center-azuread-preferred-signing-key",
            )!;
            assert.strictEqual(preferred.inputs.thumbprint, certificate.outputs.thumbprint);
            assert.ok(preferred.dependencies.includes(certificate.urn));
            const outputs = program.stackOutputs.identityCenter as any;
            const metadata = parseIdpMetadata(outputs.idpMetadataXml);
            assert.ok(metadata.ok, metadata.ok ? "" : metadata.problem);
            assert.strictEqual(metadata.metadata.entityId, `https://sts.windows.net/${TENANT_ID}/`);
            assert.deepStrictEqual(
                metadata.metadata.signingCertificates.map((c) => c.thumbprint),
                [certificate.outputs.thumbprint],
            );
            assert.strictEqual(outputs.signingCertificateThumbprint, certificate.outputs.thumbprint);
        });

        it("assigns every configured group to the app's service principal", () => {
            const servicePrincipal = resource(program, TYPES.servicePrincipal, "identity-center-azuread-sp");
            const assignments = resourcesOfType(program, TYPES.appRoleAssignment);
            assert.deepStrictEqual(assignments.map((a) => a.inputs.principalObjectId).sort(), ALL_GROUPS.map((g) => g.objectId).sort());
            for (const assignment of assignments) {
                assert.strictEqual(assignment.inputs.resourceObjectId, servicePrincipal.outputs.objectId);
            }
        });

        it("feeds SCIM: BaseAddress is the endpoint, SecretToken the token, as a secret; the job uses the Identity Center template", () => {
            const secret = resource(program, TYPES.synchronizationSecret, "identity-center-azuread-scim-secret");
            assert.deepStrictEqual(secret.inputs.credentials, [
                { key: "BaseAddress", value: identityCenterBlock().scimEndpoint },
                { key: "SecretToken", value: SCIM_TOKEN },
            ]);
            assert.ok(secret.secretInputs.includes("credentials"));
            const job = resource(program, TYPES.synchronizationJob, "identity-center-azuread-scim-job");
            assert.strictEqual(job.inputs.templateId, "aWSSingleSignon");
            assert.strictEqual(job.inputs.enabled, true);
            assert.ok(job.dependencies.includes(secret.urn));
        });

        it("never puts the SCIM token in an output, a plain input or a component's plain state", () => {
            assert.ok(!JSON.stringify(program.stackOutputs).includes(SCIM_TOKEN));
            for (const registered of program.resources) {
                const plain = Object.entries(registered.inputs).filter(([key]) => !registered.secretInputs.includes(key));
                assert.ok(!JSON.stringify(plain).includes(SCIM_TOKEN), `${registered.name} holds the token in plain text`);
            }
            assert.deepStrictEqual(program.secretStackOutputs, []);
        });

        it("provisions each group on demand with the rule id, after its assignment and the job", () => {
            const job = resource(program, TYPES.synchronizationJob, "identity-center-azuread-scim-job");
            for (const group of ALL_GROUPS) {
                const provision = resource(program, IC_TYPES.provisionOnDemand, `provision-${group.objectId}`);
                assert.deepStrictEqual(provision.inputs.parameters, [
                    { ruleId: "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8", subjects: [{ objectId: group.objectId, objectTypeName: "Group" }] },
                ]);
                assert.strictEqual(provision.inputs.synchronizationJobId, job.id);
                assert.ok(provision.dependencies.includes(job.urn));
                assert.ok(provision.dependencies.includes(resource(program, TYPES.appRoleAssignment, `group-${group.objectId}`).urn));
            }
        });

        it("creates each permission set with its session duration and policies", () => {
            const readOnly = resource(program, IC_TYPES.permissionSet, "identity-center-PlatformReadOnly-permission-set");
            assert.deepStrictEqual(
                { instanceArn: readOnly.inputs.instanceArn, name: readOnly.inputs.name, sessionDuration: readOnly.inputs.sessionDuration },
                { instanceArn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", name: "PlatformReadOnly", sessionDuration: "PT8H" },
            );
            assert.match(String(readOnly.outputs.arn), /^arn:aws:sso:::permissionSet\/ssoins-7223a1b2c3d4e5f6\/ps-[0-9a-f]{16}$/);
            const developerArn = resource(program, IC_TYPES.permissionSet, "identity-center-Developer-permission-set").outputs.arn;
            const developerManaged = resourcesOfType(program, IC_TYPES.managedPolicyAttachment).filter(
                (r) => r.inputs.permissionSetArn === developerArn,
            );
            assert.deepStrictEqual(
                developerManaged.map((r) => r.inputs.managedPolicyArn),
                ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
            );
            assert.deepStrictEqual(
                resource(program, IC_TYPES.customerManagedPolicyAttachment, "Developer-customer-291a9dc5").inputs
                    .customerManagedPolicyReference,
                {
                    name: "platform-developer",
                    path: "/",
                },
            );
            assert.deepStrictEqual(
                resource(program, IC_TYPES.permissionsBoundaryAttachment, "Developer-boundary").inputs.permissionsBoundary,
                {
                    customerManagedPolicyReference: { name: "platform-boundary", path: "/boundaries/" },
                },
            );
            assert.deepStrictEqual(
                JSON.parse(String(resource(program, IC_TYPES.inlinePolicy, "Developer-inline").inputs.inlinePolicy)).Statement[0].Action,
                ["lambda:InvokeFunction"],
            );
        });

        it("assigns each group × account with the group's Identity Store id, read after its provisioning and after the policies", () => {
            const assignments = resourcesOfType(program, IC_TYPES.accountAssignment);
            assert.deepStrictEqual(assignments.map((a) => `${a.name}`).sort(), [
                "identity-center-Developer-0a1b2c3d-0000-4000-8000-000000000002-123456789012",
                "identity-center-PlatformReadOnly-0a1b2c3d-0000-4000-8000-000000000001-123456789012",
                "identity-center-PlatformReadOnly-0a1b2c3d-0000-4000-8000-000000000001-210987654321",
            ]);
            const developers = program.standIns.identityStoreGroups.get("aws-developers")!;
            const developerAssignment = resource(
                program,
                IC_TYPES.accountAssignment,
                "Developer-0a1b2c3d-0000-4000-8000-000000000002-123456789012",
            );
            assert.deepStrictEqual(
                {
                    principalId: developerAssignment.inputs.principalId,
                    principalType: developerAssignment.inputs.principalType,
                    targetId: developerAssignment.inputs.targetId,
                    targetType: developerAssignment.inputs.targetType,
                },
                { principalId: developers.groupId, principalType: "GROUP", targetId: "123456789012", targetType: "AWS_ACCOUNT" },
            );
            assert.deepStrictEqual(developerAssignment.propertyDependencies.principalId, [
                resource(program, IC_TYPES.provisionOnDemand, `provision-${developers.externalId}`).urn,
            ]);
            assert.ok(
                developerAssignment.dependencies.includes(
                    resource(program, IC_TYPES.permissionsBoundaryAttachment, "Developer-boundary").urn,
                ),
            );
            assert.ok(developerAssignment.dependencies.includes(resource(program, IC_TYPES.inlinePolicy, "Developer-inline").urn));
        });

        it("exports the identityCenter contract: ids, start URL, permission set ARNs, the access matrix and the runbook", () => {
            const outputs = program.stackOutputs.identityCenter as any;
            const app = resource(program, TYPES.applicationFromTemplate, "identity-center-azuread-app");
            assert.strictEqual(outputs.applicationObjectId, app.outputs.applicationObjectId);
            assert.strictEqual(outputs.startUrl, "https://d-9067a1b2c3.awsapps.com/start");
            assert.strictEqual(outputs.region, "eu-west-1");
            assert.strictEqual(
                outputs.permissionSets.PlatformReadOnly.arn,
                resource(program, IC_TYPES.permissionSet, "PlatformReadOnly-permission-set").outputs.arn,
            );
            assert.deepStrictEqual(
                outputs.accessMatrix.map((row: any) => `${row.group} ${row.permissionSet} ${row.accountId}`),
                [
                    "aws-developers Developer 123456789012",
                    "aws-platform-admins PlatformReadOnly 123456789012",
                    "aws-platform-admins PlatformReadOnly 210987654321",
                ],
            );
            assert.strictEqual(
                outputs.groups["aws-developers"].identityStoreGroupId,
                program.standIns.identityStoreGroups.get("aws-developers")!.groupId,
            );
            assert.ok(
                outputs.runbook.some(
                    (step: string) => step.includes(outputs.signingCertificateThumbprint) && step.includes("idpMetadataXml"),
                ),
            );
        });

        it("pins the Identity Center provider to the deploy role's account when one is set", async () => {
            const withRole = await runIdentityCenter(
                identityCenterOnlyConfig({ ...identityCenterBlock(), deployRoleArn: "arn:aws:iam::111111111111:role/PlatformDeploy" }),
            );
            const provider = resource(withRole, TYPES.awsProvider, "identity-center-aws");
            assert.deepStrictEqual(JSON.parse(String(provider.inputs.allowedAccountIds)), ["111111111111"]);
            assert.strictEqual(provider.inputs.region, "eu-west-1");
        });
    });

    describe("stable names", () => {
        it("adding a permission set, a group and an account in front changes no existing resource", async () => {
            const before = await runIdentityCenter(identityCenterOnlyConfig());
            const grown = identityCenterBlock();
            const newcomers = { objectId: "0a1b2c3d-0000-4000-8000-000000000003", displayName: "aws-auditors" };
            grown.groups.unshift(newcomers);
            grown.permissionSets.unshift({
                name: "Auditor",
                managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"],
                assign: [{ group: "aws-auditors", accounts: ["123456789012"] }],
            });
            grown.permissionSets[1].assign[0].accounts.unshift("333333333333");
            grown.permissionSets[1].managedPolicyArns.unshift("arn:aws:iam::aws:policy/AWSSupportAccess");
            const after = await runIdentityCenter(
                identityCenterOnlyConfig(grown),
                new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: [...ALL_GROUPS, newcomers] }),
            );
            const afterInputs = inputsByUrn(after);
            for (const [urn, inputs] of inputsByUrn(before)) {
                if (urn.includes("PreferredTokenSigningKey")) {
                    continue; // the dynamic provider's serialized code is not an input a cloud sees
                }
                assert.ok(afterInputs.has(urn), `${urn} disappeared`);
                if (!urn.includes("ServicePrincipalTokenSigningCertificate")) {
                    assert.strictEqual(afterInputs.get(urn), inputs, `${urn} changed`);
                }
            }
            assert.ok(
                [...afterInputs.keys()].some((urn) =>
                    urn.endsWith("identity-center-PlatformReadOnly-0a1b2c3d-0000-4000-8000-000000000001-333333333333"),
                ),
            );
        });
    });

    describe("a group that does not arrive", () => {
        /** SCIM accepts the provisioning request but creates nothing, as with a scoping filter or a revoked token. */
        class LosingScim extends CloudStandIns {
            newResource(args: Parameters<CloudStandIns["newResource"]>[0]) {
                const result = super.newResource(args);
                if (args.type === IC_TYPES.provisionOnDemand) {
                    this.identityStoreGroups.delete("aws-developers");
                }
                return result;
            }
        }

        it("fails pulumi up with a message naming the group, the store and what to check, within the configured bound", async () => {
            const started = Date.now();
            await assert.rejects(
                runIdentityCenter(
                    identityCenterOnlyConfig({ ...identityCenterBlock(), groupLookupTimeoutSeconds: 0 }),
                    new LosingScim({ tenantId: TENANT_ID, directoryGroups: ALL_GROUPS }),
                ),
                (error: Error) =>
                    /Identity Center group "aws-developers" \(Entra group 0a1b2c3d-0000-4000-8000-000000000002\) is not in Identity Store d-9067a1b2c3 0 s after provisioning on demand/.test(
                        error.message,
                    ) && /provisioning logs of the enterprise application "AWS IAM Identity Center \(org\)"/.test(error.message),
            );
            assert.ok(Date.now() - started < 60_000);
        });

        it("fails, naming the Entra group's real name, when the configured display name differs", async () => {
            const renamed = [
                IDENTITY_CENTER_GROUPS.platformAdmins,
                { ...IDENTITY_CENTER_GROUPS.developers, displayName: "AWS Developers" },
            ];
            await assert.rejects(
                runIdentityCenter(identityCenterOnlyConfig(), new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: renamed })),
                /Entra group 0a1b2c3d-0000-4000-8000-000000000002 is named "AWS Developers", not "aws-developers"/,
            );
        });
    });

    describe("signing-certificate rotation", () => {
        it("publishes a new certificate without activating it while activeSigningCertificate names the old one, then moves the key", async () => {
            const certificates = [{ name: "cert-2026" }, { name: "cert-2028" }];
            const staged = await runIdentityCenter({
                ...identityCenterOnlyConfig({ ...identityCenterBlock(), activeSigningCertificate: "cert-2026" }),
                "azuread-aws-sso:signingCertificate": JSON.stringify(certificates),
            });
            const old = resource(staged, TYPES.signingCertificate, "identity-center-azuread-signing-cert-2026");
            const preferred = (run: ProgramRun) => run.resources.find((r) => r.name === "identity-center-azuread-preferred-signing-key")!;
            assert.strictEqual(preferred(staged).inputs.thumbprint, old.outputs.thumbprint);
            assert.strictEqual((staged.stackOutputs.identityCenter as any).signingCertificateThumbprint, old.outputs.thumbprint);
            const switched = await runIdentityCenter({
                ...identityCenterOnlyConfig(),
                "azuread-aws-sso:signingCertificate": JSON.stringify(certificates),
            });
            const next = resource(switched, TYPES.signingCertificate, "identity-center-azuread-signing-cert-2028");
            assert.strictEqual(preferred(switched).inputs.thumbprint, next.outputs.thumbprint);
        });
    });

    describe("both blocks in one stack (migration)", () => {
        const both = () => rawConfig({ ...baseStackConfig(), identityCenter: identityCenterBlock(), identityCenterScimToken: SCIM_TOKEN });
        const isPerAccount = (run: ProgramRun) => {
            const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
            return (registered: RegisteredResource): boolean => {
                for (
                    let current: RegisteredResource | undefined = registered;
                    current;
                    current = current.parent ? byUrn.get(current.parent) : undefined
                ) {
                    if (current.type === "azuread-aws-sso:wiring:AccountFederation") {
                        return true;
                    }
                }
                return false;
            };
        };

        it("keeps per-account sign-in exactly as it was while Identity Center comes up", async () => {
            const accountsOnly = await runProgramUnderMocks({ stack: "org", config: rawConfig(baseStackConfig()) });
            const combined = await runIdentityCenter(both());
            const combinedInputs = inputsByUrn(combined);
            for (const [urn, inputs] of inputsByUrn(accountsOnly)) {
                assert.ok(combinedInputs.has(urn), `${urn} disappeared`);
                // Certificates and access key secrets are new in every fresh stand-in cloud, and so is what embeds them.
                if (!/TokenSigning|PreferredTokenSigningKey|SamlProvider|SynchronizationSecret/.test(urn)) {
                    assert.strictEqual(combinedInputs.get(urn), inputs, `${urn} changed`);
                }
            }
            assert.ok((combined.stackOutputs.accounts as any).sandbox.samlProviderArn);
            assert.ok((combined.stackOutputs.identityCenter as any).permissionSets.Developer.arn);
        });

        it("one Conditional Access policy requires MFA for the per-account apps and the Identity Center app", async () => {
            const combined = await runIdentityCenter(
                rawConfig({
                    ...baseStackConfig(),
                    requireMfa: true,
                    identityCenter: identityCenterBlock(),
                    identityCenterScimToken: SCIM_TOKEN,
                }),
            );
            const [policy] = resourcesOfType(combined, TYPES.conditionalAccess);
            const included = (policy.inputs.conditions as any).applications.includedApplications;
            assert.deepStrictEqual(included, [
                (combined.stackOutputs.accounts as any).sandbox.applicationId,
                (combined.stackOutputs.identityCenter as any).applicationId,
            ]);
        });

        it("removing accounts later destroys only the per-account pieces", async () => {
            const combined = await runIdentityCenter(both());
            const withoutAccounts = await runIdentityCenter(identityCenterOnlyConfig());
            const remaining = new Set(withoutAccounts.resources.map((r) => r.urn));
            const perAccount = isPerAccount(combined);
            const destroyed = combined.resources.filter((r) => !remaining.has(r.urn));
            assert.ok(destroyed.length > 0);
            for (const registered of destroyed) {
                assert.ok(
                    perAccount(registered),
                    `${registered.name} (${registered.type}) would be destroyed but is not a per-account piece`,
                );
            }
            const combinedUrns = new Set(combined.resources.map((r) => r.urn));
            assert.deepStrictEqual(
                [...remaining].filter((urn) => !combinedUrns.has(urn)),
                [],
                "removing accounts creates nothing new",
            );
            const identityCenterInputs = inputsByUrn(withoutAccounts);
            for (const [urn, inputs] of inputsByUrn(combined)) {
                if (identityCenterInputs.has(urn) && !urn.includes("TokenSigning") && !urn.includes("PreferredTokenSigningKey")) {
                    assert.strictEqual(identityCenterInputs.get(urn), inputs, `${urn} changed`);
                }
            }
        });
    });
});
