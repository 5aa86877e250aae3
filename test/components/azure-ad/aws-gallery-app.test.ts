import * as assert from "assert";
import * as crypto from "crypto";
import {
    activeSigningCertificateIndex,
    AwsGalleryApp,
    AwsGalleryAppArgs,
    IssuedSigningCertificate,
} from "../../../components/azure-ad/aws-gallery-app";
import { awsClaimsMappingPolicy } from "../../../components/documents/claims-mapping-policy";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { TYPES } from "../../support/stack-fixtures";

const OWNER = "5d2b7c1e-8f3a-4b6d-9e0c-1a2b3c4d5e6f";
const CLAIMS = awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 });
const COMMON_NAME = "Microsoft Azure Federated SSO Certificate sandbox dev";

function galleryAppArgs(overrides: Partial<AwsGalleryAppArgs> = {}): AwsGalleryAppArgs {
    return {
        displayName: "AWS sandbox (dev)",
        identifierUri: "https://signin.aws.amazon.com/saml#sandbox-dev",
        replyUrl: "https://eu-central-1.signin.aws.amazon.com/saml",
        notificationEmails: ["identity-team@contoso.com"],
        claimsMappingPolicy: CLAIMS,
        signingCertificates: [{ name: "primary" }],
        signingCertificateCommonName: COMMON_NAME,
        ...overrides,
    };
}

const construct = (args: AwsGalleryAppArgs = galleryAppArgs()) => constructUnderStandIns(() => new AwsGalleryApp("sandbox", args));

describe("AwsGalleryApp", function () {
    this.timeout(60_000);

    it("registers as azuread-aws-sso:azuread:AwsGalleryApp, every child parented to it", async () => {
        const { resources } = await construct();
        const [own, ...children] = resources;
        assert.strictEqual(own.type, "azuread-aws-sso:azuread:AwsGalleryApp");
        assert.strictEqual(own.name, "sandbox");
        assert.ok(children.length > 0);
        for (const child of children) {
            assert.strictEqual(child.parent, own.urn, `${child.name} is not parented to the component`);
        }
        assert.deepStrictEqual(children.map((child) => child.name).sort(), [
            "sandbox-app",
            "sandbox-claims",
            "sandbox-claims-assignment",
            "sandbox-identifier",
            "sandbox-preferred-signing-key",
            "sandbox-reply-url",
            "sandbox-signing-primary",
            "sandbox-sp",
        ]);
    });

    it("instantiates the AWS Single-Account Access gallery template and its service principal in SAML mode, assignment required", async () => {
        const { resources, standIns } = await construct();
        const app = registered(resources, "sandbox-app");
        assert.strictEqual(app.type, TYPES.applicationFromTemplate);
        assert.deepStrictEqual(app.inputs, { displayName: "AWS sandbox (dev)", templateId: "8b1025e4-1dd2-430b-a150-2ef79cd700f5" });
        const servicePrincipal = registered(resources, "sandbox-sp");
        assert.strictEqual(servicePrincipal.type, TYPES.servicePrincipal);
        // The template reports no client id: the service principal takes the one the application lookup returns.
        const instance = standIns.applications.get(String(app.outputs.applicationObjectId))!;
        assert.strictEqual(servicePrincipal.inputs.clientId, instance.clientId);
        assert.strictEqual(servicePrincipal.inputs.useExisting, true);
        assert.strictEqual(servicePrincipal.inputs.preferredSingleSignOnMode, "saml");
        assert.strictEqual(servicePrincipal.inputs.appRoleAssignmentRequired, true);
        assert.deepStrictEqual(servicePrincipal.inputs.notificationEmailAddresses, ["identity-team@contoso.com"]);
        assert.deepStrictEqual(servicePrincipal.inputs.featureTags, [{ customSingleSignOn: true, enterprise: true, gallery: true }]);
    });

    it("sets the identifier URI and the reply URL (Web) on the application the template created", async () => {
        const { resources } = await construct();
        const applicationId = registered(resources, "sandbox-app").outputs.applicationId;
        assert.match(String(applicationId), /^\/applications\/[0-9a-f-]{36}$/);
        const identifier = registered(resources, "sandbox-identifier");
        assert.strictEqual(identifier.type, TYPES.identifierUri);
        assert.deepStrictEqual(identifier.inputs, { applicationId, identifierUri: "https://signin.aws.amazon.com/saml#sandbox-dev" });
        const replyUrl = registered(resources, "sandbox-reply-url");
        assert.strictEqual(replyUrl.type, TYPES.redirectUris);
        assert.deepStrictEqual(replyUrl.inputs, {
            applicationId,
            type: "Web",
            redirectUris: ["https://eu-central-1.signin.aws.amazon.com/saml"],
        });
    });

    it("creates the claims mapping policy from its definition and assigns it to the service principal after the preferred key", async () => {
        const { resources } = await construct();
        const policy = registered(resources, "sandbox-claims");
        assert.strictEqual(policy.type, TYPES.claimsMappingPolicy);
        assert.deepStrictEqual(policy.inputs, { displayName: "AWS sandbox (dev) claims", definitions: [CLAIMS] });
        const assignment = registered(resources, "sandbox-claims-assignment");
        assert.strictEqual(assignment.type, TYPES.claimsAssignment);
        assert.deepStrictEqual(assignment.inputs, {
            servicePrincipalId: registered(resources, "sandbox-sp").id,
            claimsMappingPolicyId: policy.id,
        });
        // Azure refuses a claims mapping policy on a service principal that still signs with its own key (AADSTS50146).
        assert.ok(assignment.dependencies.includes(registered(resources, "sandbox-preferred-signing-key").urn));
    });

    it("publishes each signing certificate under its own name and activates the last one, after all of them exist", async () => {
        const { resources, component, standIns } = await construct(
            galleryAppArgs({
                signingCertificates: [
                    { name: "cert-2026", endDate: "2029-01-31T00:00:00Z" },
                    { name: "cert-2028", displayName: "CN=Microsoft Azure Federated SSO Certificate" },
                ],
            }),
        );
        const older = registered(resources, "sandbox-signing-cert-2026");
        const newer = registered(resources, "sandbox-signing-cert-2028");
        const servicePrincipalId = registered(resources, "sandbox-sp").id;
        assert.strictEqual(older.type, TYPES.signingCertificate);
        assert.deepStrictEqual(older.inputs, {
            servicePrincipalId,
            displayName: `CN=${COMMON_NAME}`,
            endDate: "2029-01-31T00:00:00Z",
        });
        // A subject kept from an adopted certificate is written as it was.
        assert.deepStrictEqual(newer.inputs, { servicePrincipalId, displayName: "CN=Microsoft Azure Federated SSO Certificate" });

        const preferred = registered(resources, "sandbox-preferred-signing-key");
        assert.strictEqual(preferred.type, "pulumi-nodejs:dynamic/azure-ad:PreferredTokenSigningKey");
        assert.strictEqual(preferred.inputs.thumbprint, newer.outputs.thumbprint);
        assert.strictEqual(preferred.inputs.servicePrincipalObjectId, registered(resources, "sandbox-sp").outputs.objectId);
        assert.strictEqual(preferred.inputs.graphBaseUrl, "https://graph.microsoft.com");
        assert.ok(preferred.dependencies.includes(older.urn) && preferred.dependencies.includes(newer.urn));

        const published = await outputValue(component.signingCertificates);
        assert.deepStrictEqual(
            published.map((certificate) => certificate.name),
            ["cert-2026", "cert-2028"],
        );
        for (const certificate of published) {
            assertRealCertificate(certificate);
            assert.ok(standIns.signingCertificates.has(certificate.thumbprint));
        }
        assert.strictEqual(new crypto.X509Certificate(Buffer.from(published[0].value, "base64")).subject, `CN=${COMMON_NAME}`);
        assert.strictEqual(published[0].endDate, "2029-01-31T00:00:00.000Z");
        assert.deepStrictEqual(await outputValue(component.activeSigningCertificate), published[1]);
    });

    it("adding a certificate renames and changes none of the certificates already published", async () => {
        const before = await construct();
        const after = await construct(galleryAppArgs({ signingCertificates: [{ name: "primary" }, { name: "next" }] }));
        const primary = (run: typeof before) => registered(run.resources, "sandbox-signing-primary");
        assert.strictEqual(primary(after).urn, primary(before).urn);
        assert.deepStrictEqual(primary(after).inputs, primary(before).inputs);
        assert.strictEqual(
            registered(after.resources, "sandbox-preferred-signing-key").inputs.thumbprint,
            registered(after.resources, "sandbox-signing-next").outputs.thumbprint,
        );
    });

    it("sends the preferred-key activation to the configured Graph host (national clouds)", async () => {
        const { resources } = await construct(galleryAppArgs({ graphBaseUrl: "https://graph.microsoft.us" }));
        assert.strictEqual(registered(resources, "sandbox-preferred-signing-key").inputs.graphBaseUrl, "https://graph.microsoft.us");
    });

    it("makes each owner an owner of the application and of the service principal", async () => {
        const { resources } = await construct(galleryAppArgs({ owners: [OWNER] }));
        const owner = registered(resources, `sandbox-owner-${OWNER}`);
        assert.strictEqual(owner.type, TYPES.applicationOwner);
        assert.deepStrictEqual(owner.inputs, {
            applicationId: registered(resources, "sandbox-app").outputs.applicationId,
            ownerObjectId: OWNER,
        });
        assert.deepStrictEqual(registered(resources, "sandbox-sp").inputs.owners, [OWNER]);
    });

    it("exposes the application's and service principal's ids as the clouds report them", async () => {
        const { resources, component } = await construct();
        const app = registered(resources, "sandbox-app");
        const servicePrincipal = registered(resources, "sandbox-sp");
        assert.strictEqual(await outputValue(component.applicationObjectId), app.outputs.applicationObjectId);
        assert.strictEqual(await outputValue(component.applicationResourceId), `/applications/${app.outputs.applicationObjectId}`);
        assert.strictEqual(await outputValue(component.clientId), servicePrincipal.inputs.clientId);
        assert.strictEqual(await outputValue(component.servicePrincipalObjectId), servicePrincipal.outputs.objectId);
        assert.strictEqual(
            await outputValue(component.servicePrincipalResourceId),
            `/servicePrincipals/${servicePrincipal.outputs.objectId}`,
        );
    });

    it("rejects an empty certificate list before it registers anything", async () => {
        let rejected: unknown;
        const { resources } = await constructUnderStandIns(() => {
            try {
                return new AwsGalleryApp("sandbox", galleryAppArgs({ signingCertificates: [] }));
            } catch (error) {
                rejected = error;
                return undefined;
            }
        });
        assert.match(String(rejected), /sandbox: signingCertificates needs at least one certificate/);
        assert.deepStrictEqual(
            resources.map((resource) => resource.name),
            [],
        );
    });
});

describe("activeSigningCertificateIndex", () => {
    const certificates = [{ name: "cert-2026" }, { name: "cert-2028" }, { name: "cert-2030" }];

    it("is the last certificate unless one is named, then that one", () => {
        assert.strictEqual(activeSigningCertificateIndex("app", certificates), 2);
        assert.strictEqual(activeSigningCertificateIndex("app", certificates, "cert-2026"), 0);
    });

    it("refuses no certificate at all and a name that is not among them", () => {
        assert.throws(() => activeSigningCertificateIndex("app", []), /app: signingCertificates needs at least one certificate/);
        assert.throws(() => activeSigningCertificateIndex("app", certificates, "cert-2027"), /app: no signing certificate named cert-2027/);
    });
});

/** A certificate as Azure reports it: base64 DER of a real X.509 certificate whose SHA-1 is the thumbprint. */
function assertRealCertificate(certificate: IssuedSigningCertificate): void {
    const der = Buffer.from(certificate.value, "base64");
    const parsed = new crypto.X509Certificate(der);
    assert.strictEqual(certificate.thumbprint, crypto.createHash("sha1").update(der).digest("hex").toUpperCase());
    assert.strictEqual(parsed.fingerprint.replace(/:/g, ""), certificate.thumbprint);
    assert.strictEqual(new Date(parsed.validTo).getTime(), new Date(certificate.endDate).getTime());
}
