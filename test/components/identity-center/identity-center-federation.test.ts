import * as assert from "assert";
import {
    IdentityCenterFederation,
    IdentityCenterFederationArgs,
    IdentityCenterOutputs,
} from "../../../components/identity-center/identity-center-federation";
import { parseStackConfig } from "../../../components/stack-config";
import { DirectoryGroup } from "../../../offline/program/cloud-stand-ins";
import { RegisteredResource } from "../../../offline/program/program-run";
import { parseIdpMetadata } from "../../../offline/sign-in";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputIsSecret, outputValue } from "../../support/output-value";
import {
    IDENTITY_CENTER_GROUPS,
    identityCenterBlock,
    identityCenterOnlyConfig,
    SCIM_TOKEN,
    TENANT_ID,
    TYPES,
} from "../../support/stack-fixtures";
import { IC_TYPES } from "./support/resource-types";

const ALL_GROUPS: DirectoryGroup[] = Object.values(IDENTITY_CENTER_GROUPS);

/** The federation's args as index.ts builds them from a validated stack config, the token a plain string. */
function federationArgs(raw: Record<string, string> = identityCenterOnlyConfig()): IdentityCenterFederationArgs {
    const config = parseStackConfig(raw, { stack: "org" });
    return {
        identityCenter: config.identityCenter!,
        scimToken: SCIM_TOKEN,
        tenantId: TENANT_ID,
        stack: "org",
        notificationEmails: config.notificationEmails,
        owners: config.owners,
        signingCertificates: config.signingCertificates,
    };
}

const construct = (args: IdentityCenterFederationArgs = federationArgs()) =>
    constructUnderStandIns(() => new IdentityCenterFederation("identity-center", args), {
        stack: "org",
        config: { "azuread:tenantId": TENANT_ID },
        standIns: { tenantId: TENANT_ID, directoryGroups: ALL_GROUPS },
    });

const plainInputs = (resource: RegisteredResource) =>
    JSON.stringify(Object.entries(resource.inputs).filter(([key]) => !resource.secretInputs.includes(key)));

describe("IdentityCenterFederation", function () {
    this.timeout(60_000);

    describe("the whole block", () => {
        let run: Awaited<ReturnType<typeof construct>>;
        let contract: IdentityCenterOutputs;
        before(async () => {
            run = await construct();
            contract = await outputValue(run.component.contract());
        });

        it("registers as azuread-aws-sso:identity-center:IdentityCenterFederation over its provider, the Entra app and the permission sets", () => {
            const [own] = run.resources;
            assert.strictEqual(own.type, "azuread-aws-sso:identity-center:IdentityCenterFederation");
            const direct = run.resources
                .filter((resource) => resource.parent === own.urn)
                .map((resource) => [resource.type, resource.name]);
            assert.deepStrictEqual(direct.sort(), [
                ["azuread-aws-sso:identity-center:IdentityCenterApp", "identity-center-azuread"],
                ["azuread-aws-sso:identity-center:PermissionSet", "identity-center-Developer"],
                ["azuread-aws-sso:identity-center:PermissionSet", "identity-center-PlatformReadOnly"],
                ["pulumi:providers:aws", "identity-center-aws"],
            ]);
        });

        it("puts every AWS resource on its own provider in Identity Center's region, unpinned without a deploy role", () => {
            const provider = registered(run.resources, "identity-center-aws");
            assert.strictEqual(provider.inputs.region, "eu-west-1");
            assert.strictEqual(provider.inputs.allowedAccountIds, undefined);
            assert.strictEqual(provider.inputs.assumeRoles, undefined);
            const awsResources = run.resources.filter((resource) => resource.custom && resource.type.startsWith("aws:"));
            assert.ok(awsResources.length > 0);
            for (const resource of awsResources) {
                assert.strictEqual(
                    resource.provider,
                    `${provider.urn}::${provider.id}`,
                    `${resource.name} is not on the Identity Center provider`,
                );
            }
        });

        it("gives the Entra app the block's names and a certificate subject of its own", () => {
            assert.strictEqual(
                registered(run.resources, "identity-center-azuread-app").inputs.displayName,
                "AWS IAM Identity Center (org)",
            );
            assert.strictEqual(
                registered(run.resources, "identity-center-azuread-signing-primary").inputs.displayName,
                "CN=Microsoft Azure Federated SSO Certificate identity-center org",
            );
            assert.strictEqual(registered(run.resources, "identity-center-azuread-scim-job").inputs.templateId, "aWSSingleSignon");
        });

        it("reads each group's Identity Store id after provisioning and assigns the permission sets with it, tagged with the stack", async () => {
            for (const group of ALL_GROUPS) {
                const stored = run.standIns.identityStoreGroups.get(group.displayName)!;
                assert.strictEqual(await outputValue(run.component.groupIds[group.displayName]), stored.groupId);
                assert.strictEqual(stored.externalId, group.objectId);
            }
            const developers = registered(
                run.resources,
                `identity-center-Developer-${IDENTITY_CENTER_GROUPS.developers.objectId}-123456789012`,
            );
            assert.strictEqual(developers.type, IC_TYPES.accountAssignment);
            assert.strictEqual(developers.inputs.principalId, run.standIns.identityStoreGroups.get("aws-developers")!.groupId);
            assert.deepStrictEqual(registered(run.resources, "identity-center-Developer-permission-set").inputs.tags, {
                "managed-by": "pulumi",
                project: "azuread-aws-sso",
                stack: "org",
            });
        });

        it("builds the IdP metadata from the active certificate, for the tenant's entity id", async () => {
            const metadata = parseIdpMetadata(await outputValue(run.component.idpMetadataXml));
            assert.ok(metadata.ok, metadata.ok ? "" : metadata.problem);
            assert.strictEqual(metadata.metadata.entityId, `https://sts.windows.net/${TENANT_ID}/`);
            assert.deepStrictEqual(
                metadata.metadata.signingCertificates.map((certificate) => certificate.thumbprint),
                [registered(run.resources, "identity-center-azuread-signing-primary").outputs.thumbprint],
            );
        });

        it("lists who gets what where, one row per group, permission set and account", () => {
            assert.deepStrictEqual(
                run.component.accessMatrix.map((row) => `${row.group} ${row.permissionSet} ${row.accountId}`),
                [
                    "aws-developers Developer 123456789012",
                    "aws-platform-admins PlatformReadOnly 123456789012",
                    "aws-platform-admins PlatformReadOnly 210987654321",
                ],
            );
        });

        it("reports the outputs contract from what the clouds answered, in plain text", async () => {
            const app = registered(run.resources, "identity-center-azuread-app");
            const servicePrincipal = registered(run.resources, "identity-center-azuread-sp");
            const certificate = registered(run.resources, "identity-center-azuread-signing-primary");
            const block = identityCenterBlock();
            assert.deepStrictEqual(
                {
                    instanceArn: contract.instanceArn,
                    identityStoreId: contract.identityStoreId,
                    region: contract.region,
                    startUrl: contract.startUrl,
                    samlIssuer: contract.samlIssuer,
                    samlAcsUrl: contract.samlAcsUrl,
                    scimEndpoint: contract.scimEndpoint,
                    scimTokenExpiresAt: contract.scimTokenExpiresAt,
                },
                {
                    instanceArn: block.instanceArn,
                    identityStoreId: block.identityStoreId,
                    region: "eu-west-1",
                    startUrl: "https://d-9067a1b2c3.awsapps.com/start",
                    samlIssuer: block.samlIssuer,
                    samlAcsUrl: block.samlAcsUrl,
                    scimEndpoint: block.scimEndpoint,
                    scimTokenExpiresAt: block.scimTokenExpiresAt,
                },
            );
            assert.strictEqual(contract.applicationObjectId, app.outputs.applicationObjectId);
            assert.strictEqual(contract.applicationId, servicePrincipal.inputs.clientId);
            assert.strictEqual(contract.servicePrincipalObjectId, servicePrincipal.outputs.objectId);
            assert.strictEqual(contract.synchronizationJobId, registered(run.resources, "identity-center-azuread-scim-job").id);
            assert.strictEqual(
                contract.userAccessUrl,
                `https://myapps.microsoft.com/signin/${servicePrincipal.inputs.clientId}?tenantId=${TENANT_ID}`,
            );
            assert.strictEqual(contract.idpEntityId, `https://sts.windows.net/${TENANT_ID}/`);
            assert.strictEqual(contract.idpSignInUrl, `https://login.microsoftonline.com/${TENANT_ID}/saml2`);
            assert.strictEqual(contract.signingCertificateThumbprint, certificate.outputs.thumbprint);
            assert.strictEqual(contract.signingCertificateEndDate, certificate.outputs.endDate);
            assert.deepStrictEqual(contract.signingCertificates, [
                { name: "primary", thumbprint: certificate.outputs.thumbprint, endDate: certificate.outputs.endDate },
            ]);
            assert.strictEqual(contract.idpMetadataXml, await outputValue(run.component.idpMetadataXml));
            assert.deepStrictEqual(contract.groups["aws-developers"], {
                objectId: IDENTITY_CENTER_GROUPS.developers.objectId,
                identityStoreGroupId: run.standIns.identityStoreGroups.get("aws-developers")!.groupId,
            });
            assert.deepStrictEqual(contract.permissionSets.Developer, {
                arn: registered(run.resources, "identity-center-Developer-permission-set").outputs.arn,
                sessionDuration: "PT4H",
            });
            assert.deepStrictEqual(
                contract.accessMatrix.map((row) => row.permissionSetArn),
                [
                    contract.permissionSets.Developer.arn,
                    contract.permissionSets.PlatformReadOnly.arn,
                    contract.permissionSets.PlatformReadOnly.arn,
                ],
            );
            assert.ok(
                contract.runbook.some((step) => step.includes(certificate.outputs.thumbprint as string) && step.includes("idpMetadataXml")),
            );
            // Other teams read it through a stack reference: a secret here would hide the whole contract.
            assert.strictEqual(await outputIsSecret(run.component.contract()), false);
        });

        it("takes a plain SCIM token and keeps it out of every output, plain input and the components' plain state", async () => {
            assert.ok(!JSON.stringify(contract).includes(SCIM_TOKEN));
            for (const resource of run.resources) {
                assert.ok(!plainInputs(resource).includes(SCIM_TOKEN), `${resource.name} holds the token in plain text`);
            }
            assert.ok(run.resources[0].secretInputs.includes("scimToken"));
            assert.ok(registered(run.resources, "identity-center-azuread").secretInputs.includes("scimToken"));
        });
    });

    it("pins its provider to the deploy role's account and assumes that role, the session named after the stack", async () => {
        const { resources } = await construct(
            federationArgs(
                identityCenterOnlyConfig({ ...identityCenterBlock(), deployRoleArn: "arn:aws:iam::111111111111:role/PlatformDeploy" }),
            ),
        );
        const provider = registered(resources, "identity-center-aws");
        assert.strictEqual(provider.type, TYPES.awsProvider);
        assert.deepStrictEqual(JSON.parse(String(provider.inputs.allowedAccountIds)), ["111111111111"]);
        assert.deepStrictEqual(JSON.parse(String(provider.inputs.assumeRoles)), [
            { roleArn: "arn:aws:iam::111111111111:role/PlatformDeploy", sessionName: "azuread-aws-sso-org" },
        ]);
    });

    it("keeps signing with the certificate the block names active while a newer one is published", async () => {
        const { resources, component } = await construct(
            federationArgs({
                ...identityCenterOnlyConfig({ ...identityCenterBlock(), activeSigningCertificate: "cert-2026" }),
                "azuread-aws-sso:signingCertificate": JSON.stringify([{ name: "cert-2026" }, { name: "cert-2028" }]),
            }),
        );
        const old = registered(resources, "identity-center-azuread-signing-cert-2026");
        assert.ok(registered(resources, "identity-center-azuread-signing-cert-2028"));
        assert.strictEqual(
            registered(resources, "identity-center-azuread-preferred-signing-key").inputs.thumbprint,
            old.outputs.thumbprint,
        );
        const metadata = parseIdpMetadata(await outputValue(component.idpMetadataXml));
        assert.ok(metadata.ok);
        assert.deepStrictEqual(
            metadata.metadata.signingCertificates.map((certificate) => certificate.thumbprint),
            [old.outputs.thumbprint],
        );
    });
});
