import * as assert from "assert";
import { SigningKeyPool } from "../../../offline/program/certificates";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";

const TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const ACCOUNT_ID = "111122223333";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A stand-in with the sandbox account's provider registered, and the provider reference the program's AWS resources carry. */
async function withSandboxProvider(standIns = new CloudStandIns({ tenantId: TENANT_ID })) {
    const registered = await standIns.newResource({
        type: "pulumi:providers:aws",
        name: "sandbox",
        inputs: { region: "us-east-1", allowedAccountIds: JSON.stringify([ACCOUNT_ID]) },
        custom: true,
    });
    const provider = `urn:pulumi:dev::azuread-aws-sso::pulumi:providers:aws::sandbox::${registered.id}`;
    return { standIns, provider };
}

describe("CloudStandIns", function () {
    this.timeout(60_000);

    it("answers a certificate registration asynchronously, and the same certificate again for the same resource", async () => {
        const keys = new SigningKeyPool(1, 1024);
        const standIns = new CloudStandIns({
            tenantId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            issueCertificate: (options) => keys.certificate({ ...options, modulusLength: 1024 }),
        });
        const args = {
            type: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
            name: "sandbox-azuread-signing-cert",
            inputs: { servicePrincipalId: "/servicePrincipals/0b1c", displayName: "CN=Stand-in", endDate: "2029-01-01T00:00:00Z" },
            custom: true,
        };
        const pending = standIns.newResource(args);
        assert.ok(pending instanceof Promise, "a new certificate waits for its key");
        const first = await pending;
        const again = await standIns.newResource(args);
        assert.strictEqual(again.state.thumbprint, first.state.thumbprint);
        assert.ok(standIns.signingCertificates.has(first.state.thumbprint));
    });

    it("answers IAM resources with ARNs in the account of their provider's allowedAccountIds, and IAM's unique id forms", async () => {
        const { standIns, provider } = await withSandboxProvider();
        const role = await standIns.newResource({
            type: "aws:iam/role:Role",
            name: "developer",
            inputs: { name: "Developer" },
            provider,
            custom: true,
        });
        assert.strictEqual(role.id, "Developer");
        assert.strictEqual(role.state.arn, `arn:aws:iam::${ACCOUNT_ID}:role/Developer`);
        assert.match(role.state.uniqueId, /^AROA[A-Z2-7]{17}$/);
        const samlProvider = await standIns.newResource({
            type: "aws:iam/samlProvider:SamlProvider",
            name: "azuread",
            inputs: { name: "AzureAD", samlMetadataDocument: "<EntityDescriptor/>" },
            provider,
            custom: true,
        });
        assert.strictEqual(samlProvider.id, `arn:aws:iam::${ACCOUNT_ID}:saml-provider/AzureAD`);
        assert.strictEqual(samlProvider.state.arn, samlProvider.id);
    });

    it("refuses an AWS resource registered without an explicit provider naming its account", () => {
        const standIns = new CloudStandIns({ tenantId: TENANT_ID });
        assert.throws(
            () => standIns.newResource({ type: "aws:iam/role:Role", name: "developer", inputs: { name: "Developer" }, custom: true }),
            /aws:iam\/role:Role developer: no explicit aws provider with allowedAccountIds/,
        );
    });

    it("issues an access key an AKIA id and a secret it records, the same on a later run of the same stand-in", async () => {
        const { standIns, provider } = await withSandboxProvider();
        const args = { type: "aws:iam/accessKey:AccessKey", name: "ci-key-1", inputs: { user: "ci" }, provider, custom: true };
        const first = await standIns.newResource(args);
        const again = await standIns.newResource(args);
        assert.match(String(first.id), /^AKIA[A-Z2-7]{16}$/);
        assert.strictEqual(first.state.secret.length, 40);
        assert.deepStrictEqual([again.id, again.state.secret], [first.id, first.state.secret]);
        assert.deepStrictEqual(standIns.issuedSecrets, [first.state.secret]);
        const elsewhere = await (await withSandboxProvider()).standIns.newResource(args);
        assert.strictEqual(elsewhere.id, first.id, "the key id follows the account, user and resource");
        assert.notStrictEqual(elsewhere.state.secret, first.state.secret, "a secret is never predictable from the inputs");
    });

    it("creates a gallery app with UUID object ids and gives its service principal the same object id", async () => {
        const standIns = new CloudStandIns({ tenantId: TENANT_ID });
        const app = await standIns.newResource({
            type: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
            name: "sandbox-app",
            inputs: { displayName: "AWS sandbox", templateId: "8b1025e4-1dd2-430b-a150-2ef79cd700f5" },
            custom: true,
        });
        assert.match(app.state.applicationObjectId, UUID);
        assert.strictEqual(app.id, `/applications/${app.state.applicationObjectId}`);
        const stored = standIns.applications.get(app.state.applicationObjectId)!;
        const servicePrincipal = await standIns.newResource({
            type: "azuread:index/servicePrincipal:ServicePrincipal",
            name: "sandbox-sp",
            inputs: { clientId: stored.clientId },
            custom: true,
        });
        assert.strictEqual(servicePrincipal.state.objectId, app.state.servicePrincipalObjectId);
        assert.strictEqual(servicePrincipal.state.displayName, "AWS sandbox");
        assert.strictEqual(servicePrincipal.state.applicationTenantId, TENANT_ID);
    });

    it("knows a user by UPN whatever its case, and gives a guest's #EXT# UPN the guest's own mail", () => {
        const standIns = new CloudStandIns({ tenantId: TENANT_ID });
        const user = standIns.directoryUser("B.Simon@contoso.com");
        assert.match(user.objectId, UUID);
        assert.strictEqual(standIns.directoryUser("b.simon@CONTOSO.com").objectId, user.objectId);
        assert.deepStrictEqual([user.attributes.givenname, user.attributes.surname], ["B", "Simon"]);
        const guest = standIns.directoryUser("b.simon_fabrikam.com#EXT#@contoso.onmicrosoft.com");
        assert.strictEqual(guest.attributes.mail, "b.simon@fabrikam.com");
        const answered = standIns.call({ token: "azuread:index/getUser:getUser", inputs: { userPrincipalName: "B.Simon@contoso.com" } });
        assert.strictEqual(answered.objectId, user.objectId);
        assert.strictEqual(answered.accountEnabled, true);
    });

    it("provisions a directory group to the Identity Store on demand, finds it there by display name, and refuses an unknown group", async () => {
        const developers = { objectId: "0A1B2C3D-0000-4000-8000-000000000002", displayName: "aws-developers" };
        const standIns = new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: [developers] });
        const provision = (objectId: string) =>
            standIns.newResource({
                type: "azuread:index/synchronizationJobProvisionOnDemand:SynchronizationJobProvisionOnDemand",
                name: "provision",
                inputs: { parameters: [{ subjects: [{ objectId, objectTypeName: "Group" }] }] },
                custom: true,
            });
        const lookUp = () =>
            standIns.call({
                token: "aws:identitystore/getGroup:getGroup",
                inputs: {
                    identityStoreId: "d-9067a1b2c3",
                    alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: "AWS-Developers" } },
                },
            });
        assert.throws(lookUp, /no Identity Store Group found/, "not there before provisioning");
        await provision(developers.objectId.toLowerCase());
        const group = lookUp();
        assert.strictEqual(group.displayName, "aws-developers");
        assert.deepStrictEqual(group.externalIds, [{ id: developers.objectId, issuer: "https://scim.aws.com/d-9067a1b2c3" }]);
        assert.throws(
            () => provision("0a1b2c3d-0000-4000-8000-00000000dead"),
            /Request_ResourceNotFound: Group '0a1b2c3d-0000-4000-8000-00000000dead'/,
        );
    });

    it("answers the deployer's client config for its tenant and refuses a call it does not implement", () => {
        const standIns = new CloudStandIns({ tenantId: TENANT_ID, signingKeys: new SigningKeyPool(1, 1024) });
        const config = standIns.call({ token: "azuread:index/getClientConfig:getClientConfig", inputs: {} });
        assert.strictEqual(config.tenantId, TENANT_ID);
        assert.match(config.objectId, UUID);
        assert.throws(() => standIns.call({ token: "aws:iam/getRole:getRole", inputs: {} }), /do not implement aws:iam\/getRole:getRole/);
    });
});
