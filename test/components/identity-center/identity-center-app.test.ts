import * as assert from "assert";
import { IdentityCenterApp, IdentityCenterAppArgs } from "../../../components/identity-center/identity-center-app";
import { CloudStandIns, DirectoryGroup } from "../../../offline/program/cloud-stand-ins";
import { RegisteredResource, STAND_IN_TENANT_ID } from "../../../offline/program/program-run";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { IDENTITY_CENTER_GROUPS, identityCenterBlock, SCIM_TOKEN, SCIM_TOKEN_EXPIRES_AT, TYPES } from "../../support/stack-fixtures";
import { IC_TYPES } from "./support/resource-types";

const ALL_GROUPS: DirectoryGroup[] = Object.values(IDENTITY_CENTER_GROUPS);
const RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
const COMMON_NAME = "Microsoft Azure Federated SSO Certificate identity-center org";

function appArgs(overrides: Partial<IdentityCenterAppArgs> = {}): IdentityCenterAppArgs {
    const block = identityCenterBlock();
    return {
        displayName: "AWS IAM Identity Center (org)",
        samlIssuer: block.samlIssuer,
        samlAcsUrl: block.samlAcsUrl,
        notificationEmails: ["identity-team@contoso.com"],
        signingCertificates: [{ name: "primary" }],
        signingCertificateCommonName: COMMON_NAME,
        groups: ALL_GROUPS,
        scimEndpoint: block.scimEndpoint,
        // A plain string, as a program that uses the component directly may pass it.
        scimToken: SCIM_TOKEN,
        scimTokenExpiresAt: block.scimTokenExpiresAt,
        synchronizationTemplateId: "aWSSingleSignon",
        provisioningRuleId: RULE_ID,
        ...overrides,
    };
}

const construct = (args: IdentityCenterAppArgs = appArgs(), directoryGroups: readonly DirectoryGroup[] = ALL_GROUPS) =>
    constructUnderStandIns(() => new IdentityCenterApp("identity-center-azuread", args), {
        stack: "org",
        standIns: { tenantId: STAND_IN_TENANT_ID, directoryGroups },
    });

/** Inputs as the state would show them unencrypted. */
const plainInputs = (resource: RegisteredResource) =>
    JSON.stringify(Object.entries(resource.inputs).filter(([key]) => !resource.secretInputs.includes(key)));

/** Runs `body` with the stand-in service principal declaring these app roles, as the gallery template's does in Azure. */
async function withDeclaredAppRoles<T>(appRoleIds: Record<string, string>, body: () => Promise<T>): Promise<T> {
    const original = CloudStandIns.prototype.newResource;
    CloudStandIns.prototype.newResource = function (this: CloudStandIns, args) {
        const answer = original.call(this, args);
        return args.type !== TYPES.servicePrincipal
            ? answer
            : Promise.resolve(answer).then((result) => ({ ...result, state: { ...result.state, appRoleIds } }));
    };
    try {
        return await body();
    } finally {
        CloudStandIns.prototype.newResource = original;
    }
}

describe("IdentityCenterApp", function () {
    this.timeout(60_000);

    it("registers as azuread-aws-sso:identity-center:IdentityCenterApp, every child parented to it", async () => {
        const { resources } = await construct();
        const [own, ...children] = resources;
        assert.strictEqual(own.type, "azuread-aws-sso:identity-center:IdentityCenterApp");
        for (const child of children) {
            assert.strictEqual(child.parent, own.urn, `${child.name} is not parented to the component`);
        }
        const groupChildren = ALL_GROUPS.flatMap((group) => [
            `identity-center-azuread-group-${group.objectId}`,
            `identity-center-azuread-provision-${group.objectId}`,
        ]);
        assert.deepStrictEqual(
            children.map((child) => child.name).sort(),
            [
                "identity-center-azuread-app",
                "identity-center-azuread-identifier",
                "identity-center-azuread-preferred-signing-key",
                "identity-center-azuread-reply-url",
                "identity-center-azuread-scim-job",
                "identity-center-azuread-scim-secret",
                "identity-center-azuread-signing-primary",
                "identity-center-azuread-sp",
                ...groupChildren,
            ].sort(),
        );
    });

    it("instantiates the IAM Identity Center gallery template in SAML mode, assignment required, the token expiry noted", async () => {
        const { resources } = await construct();
        assert.deepStrictEqual(registered(resources, "identity-center-azuread-app").inputs, {
            displayName: "AWS IAM Identity Center (org)",
            templateId: "21ed01d2-ec13-4e9e-86c1-cd546719ebc4",
        });
        const servicePrincipal = registered(resources, "identity-center-azuread-sp");
        assert.strictEqual(servicePrincipal.inputs.preferredSingleSignOnMode, "saml");
        assert.strictEqual(servicePrincipal.inputs.appRoleAssignmentRequired, true);
        assert.deepStrictEqual(servicePrincipal.inputs.notificationEmailAddresses, ["identity-team@contoso.com"]);
        assert.ok(String(servicePrincipal.inputs.notes).startsWith(`SCIM access token expires ${SCIM_TOKEN_EXPIRES_AT};`));
    });

    it("uses Identity Center's issuer as the identifier and its ACS URL as the reply URL", async () => {
        const { resources } = await construct();
        const block = identityCenterBlock();
        assert.strictEqual(registered(resources, "identity-center-azuread-identifier").inputs.identifierUri, block.samlIssuer);
        assert.deepStrictEqual(registered(resources, "identity-center-azuread-reply-url").inputs.redirectUris, [block.samlAcsUrl]);
    });

    it("feeds SCIM: BaseAddress and SecretToken as secret credentials, then the job of the configured template", async () => {
        const { resources, component } = await construct();
        const secret = registered(resources, "identity-center-azuread-scim-secret");
        assert.deepStrictEqual(secret.inputs, {
            servicePrincipalId: registered(resources, "identity-center-azuread-sp").id,
            credentials: [
                { key: "BaseAddress", value: identityCenterBlock().scimEndpoint },
                { key: "SecretToken", value: SCIM_TOKEN },
            ],
        });
        assert.deepStrictEqual(secret.secretInputs, ["credentials"]);
        const job = registered(resources, "identity-center-azuread-scim-job");
        assert.deepStrictEqual(job.inputs, {
            servicePrincipalId: registered(resources, "identity-center-azuread-sp").id,
            templateId: "aWSSingleSignon",
            enabled: true,
        });
        assert.ok(job.dependencies.includes(secret.urn));
        assert.strictEqual(await outputValue(component.synchronizationJobId), job.id);
    });

    it("the component makes a plain SCIM token secret itself, for programs that use it directly", async () => {
        const { resources } = await construct();
        const secret = registered(resources, "identity-center-azuread-scim-secret");
        assert.ok(secret.secretInputs.includes("credentials"));
        for (const resource of resources) {
            assert.ok(!plainInputs(resource).includes(SCIM_TOKEN), `${resource.name} holds the token in plain text`);
        }
        assert.ok(resources[0].secretInputs.includes("scimToken"));
    });

    it("assigns every group the access role when the service principal declares none", async () => {
        const { resources } = await construct();
        const servicePrincipal = registered(resources, "identity-center-azuread-sp");
        for (const group of ALL_GROUPS) {
            const assignment = registered(resources, `identity-center-azuread-group-${group.objectId}`);
            assert.strictEqual(assignment.type, TYPES.appRoleAssignment);
            assert.deepStrictEqual(assignment.inputs, {
                appRoleId: "00000000-0000-0000-0000-000000000000",
                principalObjectId: group.objectId,
                resourceObjectId: servicePrincipal.outputs.objectId,
            });
        }
    });

    it("assigns the User role the gallery app declares, or msiam_access on older instances", async () => {
        const userRole = "8774f594-1d59-4279-b9d9-59ef09a23530";
        const msiamAccess = "7dfd756e-8c27-4472-b2b7-38c17fc5de5e";
        const assignedRole = (run: { resources: readonly RegisteredResource[] }) =>
            registered(run.resources, `identity-center-azuread-group-${IDENTITY_CENTER_GROUPS.developers.objectId}`).inputs.appRoleId;
        assert.strictEqual(
            assignedRole(await withDeclaredAppRoles({ msiam_access: msiamAccess, User: userRole }, () => construct())),
            userRole,
        );
        assert.strictEqual(assignedRole(await withDeclaredAppRoles({ msiam_access: msiamAccess }, () => construct())), msiamAccess);
    });

    it("provisions each group on demand with the rule id, after its assignment and the job, so it is in the Identity Store", async () => {
        const { resources, component, standIns } = await construct();
        const job = registered(resources, "identity-center-azuread-scim-job");
        assert.deepStrictEqual(Object.keys(component.provisionedGroups).sort(), ALL_GROUPS.map((group) => group.objectId).sort());
        for (const group of ALL_GROUPS) {
            const provision = registered(resources, `identity-center-azuread-provision-${group.objectId}`);
            assert.strictEqual(provision.type, IC_TYPES.provisionOnDemand);
            assert.deepStrictEqual(provision.inputs, {
                servicePrincipalId: registered(resources, "identity-center-azuread-sp").id,
                synchronizationJobId: job.id,
                parameters: [{ ruleId: RULE_ID, subjects: [{ objectId: group.objectId, objectTypeName: "Group" }] }],
                triggers: { scimTokenExpiresAt: SCIM_TOKEN_EXPIRES_AT },
            });
            assert.ok(provision.dependencies.includes(job.urn));
            assert.ok(provision.dependencies.includes(registered(resources, `identity-center-azuread-group-${group.objectId}`).urn));
            assert.strictEqual(await outputValue(component.provisionedGroups[group.objectId].id), provision.id);
            assert.strictEqual(standIns.identityStoreGroups.get(group.displayName)?.externalId, group.objectId);
        }
    });

    it("a renewed SCIM token provisions again (its expiry is the trigger) and changes nothing else about the groups", async () => {
        const before = await construct();
        const after = await construct(appArgs({ scimToken: "scim-token-renewed-81c2", scimTokenExpiresAt: "2028-11-30T00:00:00Z" }));
        for (const group of ALL_GROUPS) {
            const name = `identity-center-azuread-provision-${group.objectId}`;
            const { triggers, ...rest } = registered(after.resources, name).inputs;
            const { triggers: previousTriggers, ...previousRest } = registered(before.resources, name).inputs;
            assert.deepStrictEqual(triggers, { scimTokenExpiresAt: "2028-11-30T00:00:00Z" });
            assert.notDeepStrictEqual(triggers, previousTriggers);
            assert.deepStrictEqual(rest, previousRest);
            const assignment = `identity-center-azuread-group-${group.objectId}`;
            assert.deepStrictEqual(registered(after.resources, assignment).inputs, registered(before.resources, assignment).inputs);
        }
        assert.match(String(registered(after.resources, "identity-center-azuread-sp").inputs.notes), /expires 2028-11-30T00:00:00Z/);
    });

    it("confirms each group's Entra display name, the one SCIM gives it in the Identity Store", async () => {
        const { component } = await construct();
        for (const group of ALL_GROUPS) {
            assert.strictEqual(await outputValue(component.verifiedGroupNames[group.objectId]), group.displayName);
        }
    });

    it("fails, naming the Entra group's real name, when the configured display name differs", async () => {
        const renamed = [IDENTITY_CENTER_GROUPS.platformAdmins, { ...IDENTITY_CENTER_GROUPS.developers, displayName: "AWS Developers" }];
        const { component } = await construct(appArgs(), renamed);
        await assert.rejects(
            outputValue(component.verifiedGroupNames[IDENTITY_CENTER_GROUPS.developers.objectId]),
            /identityCenter\.groups: Entra group 0a1b2c3d-0000-4000-8000-000000000002 is named "AWS Developers", not "aws-developers"; SCIM provisions it to Identity Center as "AWS Developers"/,
        );
        assert.strictEqual(
            await outputValue(component.verifiedGroupNames[IDENTITY_CENTER_GROUPS.platformAdmins.objectId]),
            "aws-platform-admins",
        );
    });

    it("activates the named certificate while a newer one is only published, so Identity Center can get its metadata first", async () => {
        const { resources, component } = await construct(
            appArgs({ signingCertificates: [{ name: "cert-2026" }, { name: "cert-2028" }], activeSigningCertificateName: "cert-2026" }),
        );
        const old = registered(resources, "identity-center-azuread-signing-cert-2026");
        const next = registered(resources, "identity-center-azuread-signing-cert-2028");
        const preferred = registered(resources, "identity-center-azuread-preferred-signing-key");
        assert.strictEqual(preferred.inputs.thumbprint, old.outputs.thumbprint);
        assert.ok(preferred.dependencies.includes(next.urn), "the key moves only after every certificate is published");
        assert.strictEqual((await outputValue(component.activeSigningCertificate)).thumbprint, old.outputs.thumbprint);
        assert.deepStrictEqual(
            (await outputValue(component.signingCertificates)).map((certificate) => certificate.thumbprint),
            [old.outputs.thumbprint, next.outputs.thumbprint],
        );
        assert.strictEqual(old.inputs.displayName, `CN=${COMMON_NAME}`);
    });

    it("rejects an active certificate name that is not among the certificates before it registers anything", async () => {
        let rejected: unknown;
        const { resources } = await constructUnderStandIns(() => {
            try {
                return new IdentityCenterApp("identity-center-azuread", appArgs({ activeSigningCertificateName: "cert-2027" }));
            } catch (error) {
                rejected = error;
                return undefined;
            }
        });
        assert.match(String(rejected), /identity-center-azuread: no signing certificate named cert-2027/);
        assert.deepStrictEqual(
            resources.map((resource) => resource.name),
            [],
        );
    });
});
