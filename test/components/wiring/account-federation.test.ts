import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { DOMParser } from "@xmldom/xmldom";
import { adoptionTransformations } from "../../../components/adoption";
import { AccountConfig, parseStackConfig } from "../../../components/stack-config";
import { AccountFederation, AccountFederationArgs } from "../../../components/wiring/account-federation";
import { generateSigningCertificate, SigningCertificate, SigningCertificateOptions } from "../../../offline/program/certificates";
import { RegisteredResource } from "../../../offline/program/program-run";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputIsSecret, outputValue } from "../../support/output-value";
import { baseStackConfig, rawConfig, TENANT_ID, TYPES } from "../../support/stack-fixtures";

const SANDBOX_PROVIDER_ARN = "arn:aws:iam::111122223333:saml-provider/AzureAD";
const GLOBAL_REPLY_URL = "https://signin.aws.amazon.com/saml";
const DEPLOY_ROLE_ARN = "arn:aws:iam::111122223333:role/PulumiDeploy";
const TEST_USER_OBJECT_ID = "7d3c9a1e-4b2f-4c6d-8e9f-0a1b2c3d4e5f";

/** The sandbox account of `baseStackConfig`, changed by `change`, as `parseStackConfig` resolves it for the dev stack. */
function sandboxAccount(change: (account: Record<string, any>) => void = () => undefined): AccountConfig {
    const values = baseStackConfig();
    change(values.accounts[0]);
    return parseStackConfig(rawConfig(values), { stack: "dev", defaultRegion: "eu-central-1" }).accounts[0];
}

function federationArgs(changes: Partial<AccountFederationArgs> = {}): AccountFederationArgs {
    return {
        account: sandboxAccount(),
        tenantId: TENANT_ID,
        stack: "dev",
        sessionDuration: 3600,
        roleSessionNameSource: "userprincipalname",
        notificationEmails: ["identity-team@contoso.com"],
        provisioning: true,
        ...changes,
    };
}

/** Constructs the component as index.ts does: named after the account, at the top of the stack. */
function construct(args: AccountFederationArgs = federationArgs(), opts?: pulumi.ComponentResourceOptions) {
    return constructUnderStandIns(() => new AccountFederation("sandbox", args, opts));
}

function trustOf(role: RegisteredResource): any {
    return JSON.parse(role.inputs.assumeRolePolicy as string);
}

/** The account's aws provider: named like the SamlFederation beside it, `<account>-aws`, so found by type. */
function accountProvider(resources: readonly RegisteredResource[]): RegisteredResource {
    const providers = ofType(resources, TYPES.awsProvider);
    assert.deepStrictEqual(
        providers.map((provider) => provider.name),
        ["sandbox-aws"],
    );
    return providers[0];
}

function ofType(resources: readonly RegisteredResource[], type: string): RegisteredResource[] {
    return resources.filter((resource) => resource.type === type);
}

describe("AccountFederation", function () {
    // Each construction issues real RSA signing certificates.
    this.timeout(60_000);

    it("registers as azuread-aws-sso:wiring:AccountFederation over the account's provider and its five components", async () => {
        const { resources } = await construct();
        const component = registered(resources, "sandbox");
        assert.strictEqual(component.type, "azuread-aws-sso:wiring:AccountFederation");
        const children = resources.filter((resource) => resource.parent === component.urn);
        assert.deepStrictEqual(
            children.map((child) => `${child.type} ${child.name}`).sort(),
            [
                "pulumi:providers:aws sandbox-aws",
                "azuread-aws-sso:azuread:AwsGalleryApp sandbox-azuread",
                "azuread-aws-sso:aws:SamlFederation sandbox-aws",
                "azuread-aws-sso:azuread:AwsAppRoles sandbox-app-roles",
                "azuread-aws-sso:aws:RoleImportReader sandbox-role-reader",
                "azuread-aws-sso:azuread:AwsRoleImport sandbox-role-import",
            ].sort(),
        );
        // Everything else sits one level down, inside one of those components.
        const components = new Set(children.filter((child) => !child.custom).map((child) => child.urn));
        for (const resource of resources.filter((candidate) => candidate.custom && candidate.type !== TYPES.awsProvider)) {
            assert.ok(components.has(resource.parent ?? ""), `${resource.name} is not inside one of the account's components`);
        }
    });

    it("pins its aws provider to the account and its region, assuming the deploy role, and creates every AWS resource through it", async () => {
        const { resources } = await construct(
            federationArgs({ account: sandboxAccount((account) => Object.assign(account, { deployRoleArn: DEPLOY_ROLE_ARN })) }),
        );
        const provider = accountProvider(resources);
        assert.deepStrictEqual(JSON.parse(provider.inputs.allowedAccountIds as string), ["111122223333"]);
        assert.strictEqual(provider.inputs.region, "eu-central-1");
        assert.deepStrictEqual(JSON.parse(provider.inputs.assumeRoles as string), [
            { roleArn: DEPLOY_ROLE_ARN, sessionName: "azuread-aws-sso-dev" },
        ]);
        const awsResources = resources.filter((resource) => resource.type.startsWith("aws:"));
        assert.ok(awsResources.length >= 8);
        for (const resource of awsResources) {
            assert.strictEqual(resource.provider, `${provider.urn}::${provider.id}`, `${resource.name} must use the account's provider`);
        }
    });

    it("without a deploy role the provider uses the ambient credentials, still pinned to the account", async () => {
        const { resources } = await construct();
        const provider = accountProvider(resources);
        assert.ok(!("assumeRoles" in provider.inputs), JSON.stringify(provider.inputs));
        assert.deepStrictEqual(JSON.parse(provider.inputs.allowedAccountIds as string), ["111122223333"]);
    });

    it("builds the SAML provider's metadata from every certificate the app issued, in order, for the tenant, after they exist", async () => {
        const account = sandboxAccount((sandbox) => {
            sandbox.signingCertificate = [
                { name: "cert-2026", endDate: "2029-01-01T00:00:00Z" },
                { name: "cert-2028", endDate: "2031-01-01T00:00:00Z" },
            ];
        });
        const { resources } = await construct(federationArgs({ account }));
        const certificates = ["sandbox-azuread-signing-cert-2026", "sandbox-azuread-signing-cert-2028"].map((name) =>
            registered(resources, name),
        );
        const provider = registered(resources, "sandbox-aws-saml-provider");
        assert.strictEqual(provider.inputs.name, "AzureAD");
        const metadata = new DOMParser().parseFromString(provider.inputs.samlMetadataDocument as string, "text/xml");
        assert.strictEqual(metadata.documentElement?.getAttribute("entityID"), `https://sts.windows.net/${TENANT_ID}/`);
        const published = Array.from(metadata.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")).map(
            (node) => node.textContent,
        );
        assert.deepStrictEqual(
            published,
            certificates.map((certificate) => certificate.outputs.value),
        );
        const waitsFor = [...provider.dependencies, ...Object.values(provider.propertyDependencies).flat()];
        for (const certificate of certificates) {
            assert.ok(waitsFor.includes(certificate.urn), `the metadata must wait for ${certificate.name}`);
        }
    });

    it("each role trusts the account's SAML provider for the reply URL of its sign-in region", async () => {
        const global = await construct();
        assert.strictEqual(global.component.replyUrl, GLOBAL_REPLY_URL);
        assert.strictEqual(global.component.identifierUri, "https://signin.aws.amazon.com/saml#dev-sandbox");
        const regional = await construct(
            federationArgs({ account: sandboxAccount((account) => Object.assign(account, { signInRegion: "eu-central-1" })) }),
        );
        assert.strictEqual(regional.component.replyUrl, "https://eu-central-1.signin.aws.amazon.com/saml");
        for (const { component, resources } of [global, regional]) {
            for (const role of ofType(resources, TYPES.role)) {
                const statement = trustOf(role).Statement[0];
                assert.strictEqual(statement.Principal.Federated, SANDBOX_PROVIDER_ARN);
                assert.strictEqual(statement.Condition.StringEquals["SAML:aud"], component.replyUrl, role.name);
            }
            assert.deepStrictEqual(registered(resources, "sandbox-azuread-reply-url").inputs.redirectUris, [component.replyUrl]);
        }
    });

    it("session tags on one role make every role of the account allow sts:TagSession, published sorted", async () => {
        const account = sandboxAccount((sandbox) => {
            sandbox.roles[1].sessionTags = { Team: "jobtitle", Department: "department" };
        });
        const { component, resources } = await construct(federationArgs({ account }));
        assert.deepStrictEqual(component.sessionTagKeys, ["Department", "Team"]);
        for (const role of ofType(resources, TYPES.role)) {
            assert.deepStrictEqual(trustOf(role).Statement[0].Action, ["sts:AssumeRoleWithSAML", "sts:TagSession"], role.name);
        }
        const untagged = await construct();
        assert.deepStrictEqual(untagged.component.sessionTagKeys, []);
        for (const role of ofType(untagged.resources, TYPES.role)) {
            assert.strictEqual(trustOf(role).Statement[0].Action, "sts:AssumeRoleWithSAML", role.name);
        }
    });

    it("app roles name the IAM ARNs from config, so they never wait for an AWS resource", async () => {
        const { resources } = await construct();
        const awsUrns = new Set(resources.filter((resource) => resource.type.startsWith("aws:")).map((resource) => resource.urn));
        const appRoles = ofType(resources, TYPES.appRole);
        assert.deepStrictEqual(
            appRoles.map((appRole) => appRole.inputs.value),
            ["Developer", "ReadOnly"].map((name) => `arn:aws:iam::111122223333:role/${name},${SANDBOX_PROVIDER_ARN}`),
        );
        for (const appRole of appRoles) {
            const waitsFor = [...appRole.dependencies, ...Object.values(appRole.propertyDependencies).flat()];
            assert.deepStrictEqual(
                waitsFor.filter((urn) => awsUrns.has(urn)),
                [],
                `${appRole.name} must not wait for IAM`,
            );
        }
    });

    it("tags every taggable AWS resource with managed-by, project, stack and account", async () => {
        const { resources } = await construct();
        const tagged = [TYPES.samlProvider, TYPES.role, TYPES.iamPolicy, TYPES.iamUser].flatMap((type) => ofType(resources, type));
        assert.strictEqual(tagged.length, 5);
        for (const resource of tagged) {
            assert.deepStrictEqual(
                resource.inputs.tags,
                { "managed-by": "pulumi", project: "azuread-aws-sso", stack: "dev", account: "sandbox" },
                resource.name,
            );
        }
    });

    it("hands the reader's active key to Azure's role import, the secret kept secret, and publishes only the key id", async () => {
        const { component, resources, standIns } = await construct(
            federationArgs({ roleImportKeys: [{ name: "primary" }, { name: "2027-03", createdAt: "2027-03-01" }] }),
        );
        const active = registered(resources, "sandbox-role-reader-access-key-2027-03");
        assert.ok(registered(resources, "sandbox-role-reader-access-key"), "the old generation's key stays during the rotation");
        const secret = registered(resources, "sandbox-role-import-secret");
        assert.deepStrictEqual(secret.inputs.credentials, [
            { key: "ClientSecret", value: active.id },
            { key: "SecretToken", value: active.outputs.secret },
        ]);
        assert.ok(secret.secretInputs.includes("credentials"), "the credentials must reach Azure as a secret");
        assert.strictEqual(await outputValue(component.roleManagerAccessKeyId!), active.id);
        assert.strictEqual(component.roleManagerAccessKeyGeneration, "2027-03");
        const contract = await outputValue(component.contract());
        assert.deepStrictEqual([contract.roleManagerAccessKeyId, contract.roleManagerAccessKeyGeneration], [active.id, "2027-03"]);
        assert.strictEqual(standIns.issuedSecrets.length, 2);
        for (const issued of standIns.issuedSecrets) {
            assert.ok(!JSON.stringify(contract).includes(issued), "a secret access key reached the outputs contract");
        }
        assert.strictEqual(await outputIsSecret(component.contract()), false, "the contract holds nothing secret");
    });

    it("without provisioning there is no reader, no role import, and the contract has no key", async () => {
        const { component, resources } = await construct(federationArgs({ provisioning: false }));
        for (const type of [TYPES.iamUser, TYPES.iamPolicy, TYPES.accessKey, TYPES.synchronizationSecret, TYPES.synchronizationJob]) {
            assert.deepStrictEqual(ofType(resources, type), [], type);
        }
        assert.strictEqual(component.roleManagerAccessKeyId, undefined);
        const contract = await outputValue(component.contract());
        assert.ok(!("roleManagerAccessKeyId" in contract) && !("roleManagerAccessKeyGeneration" in contract));
    });

    it("gives the reader the IAM user and policy names the account adopted", async () => {
        const account = sandboxAccount((sandbox) => {
            sandbox.roleImportReader = { userName: "LegacyRoleManager", policyName: "LegacySSOUserRolePolicy" };
        });
        const { resources } = await construct(federationArgs({ account }));
        assert.strictEqual(registered(resources, "sandbox-role-reader-user").inputs.name, "LegacyRoleManager");
        assert.strictEqual(registered(resources, "sandbox-role-reader-policy").inputs.name, "LegacySSOUserRolePolicy");
    });

    it("transformations given to it, as index.ts passes adoption, reach the resources inside its components", async () => {
        const adoption = adoptionTransformations({
            imports: {
                "sandbox-aws-role-Developer": { type: TYPES.role, id: "Developer" },
                "sandbox-role-reader-user": { type: TYPES.iamUser, id: "AzureADRoleManager" },
            },
            holds: { "sandbox-aws-saml-provider": ["samlMetadataDocument"] },
        });
        const { resources } = await construct(federationArgs(), { transformations: adoption });
        assert.deepStrictEqual(
            resources
                .filter((resource) => resource.importId)
                .map((resource) => [resource.name, resource.importId])
                .sort(),
            [
                ["sandbox-role-reader-user", "AzureADRoleManager"],
                ["sandbox-aws-role-Developer", "Developer"],
            ].sort(),
        );
        assert.deepStrictEqual(registered(resources, "sandbox-aws-saml-provider").options.ignoreChanges, ["samlMetadataDocument"]);
        assert.deepStrictEqual(registered(resources, "sandbox-aws-role-ReadOnly").options.ignoreChanges, []);
    });

    it("assigns a user the stack creates to exactly the roles it is granted", async () => {
        const { resources } = await construct(
            federationArgs({
                createdUsers: [{ userPrincipalName: "B.Simon@contoso.com", objectId: TEST_USER_OBJECT_ID, roleNames: ["ReadOnly"] }],
            }),
        );
        const appRoleIds = Object.fromEntries(
            ofType(resources, TYPES.appRole).map((appRole) => [appRole.inputs.displayName, appRole.inputs.roleId]),
        );
        const assignments = ofType(resources, TYPES.appRoleAssignment).filter(
            (assignment) => assignment.inputs.principalObjectId === TEST_USER_OBJECT_ID,
        );
        assert.deepStrictEqual(
            assignments.map((assignment) => [assignment.name, assignment.inputs.appRoleId]),
            [["sandbox-app-roles-ReadOnly-user-B.Simon@contoso.com", appRoleIds.ReadOnly]],
        );
    });

    it("contract(): the last listed certificate is the active one, every role by name with its IAM ARN and app role", async () => {
        const account = sandboxAccount((sandbox) => {
            sandbox.signingCertificate = [
                { name: "cert-2026", endDate: "2029-01-01T00:00:00Z" },
                { name: "cert-2028", endDate: "2031-01-01T00:00:00Z" },
            ];
            sandbox.roles[0].maxSessionDuration = 14400;
        });
        const { component, resources } = await construct(federationArgs({ account }));
        const contract = await outputValue(component.contract());
        const [older, newer] = ["cert-2026", "cert-2028"].map((name) => registered(resources, `sandbox-azuread-signing-${name}`));
        const app = registered(resources, "sandbox-azuread-app");
        assert.deepStrictEqual(
            {
                accountId: contract.accountId,
                samlProviderArn: contract.samlProviderArn,
                identifierUri: contract.identifierUri,
                replyUrl: contract.replyUrl,
                applicationObjectId: contract.applicationObjectId,
                signingCertificateThumbprint: contract.signingCertificateThumbprint,
                signingCertificateEndDate: contract.signingCertificateEndDate,
                signingCertificates: contract.signingCertificates,
                userAccessUrl: contract.userAccessUrl,
            },
            {
                accountId: "111122223333",
                samlProviderArn: SANDBOX_PROVIDER_ARN,
                identifierUri: "https://signin.aws.amazon.com/saml#dev-sandbox",
                replyUrl: GLOBAL_REPLY_URL,
                applicationObjectId: app.outputs.applicationObjectId,
                signingCertificateThumbprint: newer.outputs.thumbprint,
                signingCertificateEndDate: "2031-01-01T00:00:00.000Z",
                signingCertificates: [
                    { name: "cert-2026", thumbprint: older.outputs.thumbprint, endDate: "2029-01-01T00:00:00.000Z" },
                    { name: "cert-2028", thumbprint: newer.outputs.thumbprint, endDate: "2031-01-01T00:00:00.000Z" },
                ],
                userAccessUrl: `https://myapps.microsoft.com/signin/${contract.applicationId}?tenantId=${TENANT_ID}`,
            },
        );
        const appRoles = Object.fromEntries(
            ofType(resources, TYPES.appRole).map((appRole) => [appRole.inputs.displayName, appRole.inputs]),
        );
        assert.deepStrictEqual(contract.roles, {
            Developer: {
                arn: "arn:aws:iam::111122223333:role/Developer",
                appRoleId: appRoles.Developer.roleId,
                appRoleValue: appRoles.Developer.value,
                maxSessionDuration: 14400,
            },
            ReadOnly: {
                arn: "arn:aws:iam::111122223333:role/ReadOnly",
                appRoleId: appRoles.ReadOnly.roleId,
                appRoleValue: appRoles.ReadOnly.value,
                maxSessionDuration: 3600,
            },
        });
    });

    it("reordering the account's roles renames nothing and changes no AWS input", async () => {
        // Azure keeps an issued certificate across deployments; here each run's fresh stand-ins hand out the same one.
        const issued = new Map<string, SigningCertificate>();
        const standIns = {
            tenantId: TENANT_ID,
            issueCertificate: (options: SigningCertificateOptions) =>
                issued.get(options.commonName) ??
                issued.set(options.commonName, generateSigningCertificate(options)).get(options.commonName)!,
        };
        const run = (account: AccountConfig) =>
            constructUnderStandIns(() => new AccountFederation("sandbox", federationArgs({ account })), { standIns });
        const before = await run(sandboxAccount());
        const after = await run(sandboxAccount((account) => account.roles.reverse()));
        const awsInputs = (run: typeof before) =>
            Object.fromEntries(
                run.resources
                    .filter((resource) => resource.type.startsWith("aws:"))
                    .map((resource) => [resource.urn, JSON.stringify(resource.inputs)]),
            );
        assert.deepStrictEqual(awsInputs(after), awsInputs(before));
        const urns = (run: typeof before) => run.resources.map((resource) => resource.urn).sort();
        assert.deepStrictEqual(urns(after), urns(before));
    });
});
