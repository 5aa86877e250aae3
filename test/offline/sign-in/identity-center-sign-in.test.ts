import * as assert from "assert";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";
import { IDENTITY_CENTER_GALLERY_CLAIMS, simulateIdentityCenterSignIns } from "../../../offline/sign-in/identity-center-sign-in";
import { formatOfflinePreview, runOfflinePreview } from "../../../offline/preview/preview-command";
import { ProgramRun, runProgramUnderMocks } from "../../../offline/program/program-run";
import { buildAzureSamlResponse, DirectoryUser } from "../../../offline/sign-in";
import { identityCenterAcs, IdentityCenterServiceProvider } from "../../../offline/sign-in/identity-center-acs";
import { NAME_ID_FORMAT } from "../../../offline/sign-in/saml-names";
import { IDENTITY_CENTER_GROUPS, identityCenterBlock, identityCenterOnlyConfig, TENANT_ID } from "../../support/stack-fixtures";

const ISSUER = identityCenterBlock().samlIssuer;
const ACS = identityCenterBlock().samlAcsUrl;
const USER: DirectoryUser = {
    userPrincipalName: "megan.bowen@contoso.com",
    objectId: "6e7b0f1a-0000-4000-8000-000000000010",
    attributes: { userprincipalname: "megan.bowen@contoso.com", mail: "megan.bowen@contoso.com", givenname: "Megan", surname: "Bowen" },
    assignedRoleValues: [],
};

describe("sign-in to IAM Identity Center", function () {
    this.timeout(120_000);
    let certificate: SigningCertificate;
    let other: SigningCertificate;
    const now = new Date("2026-12-01T12:00:00Z");

    before(() => {
        certificate = generateSigningCertificate({
            commonName: "identity-center",
            notBefore: new Date("2026-01-01T00:00:00Z"),
            notAfter: new Date("2029-01-01T00:00:00Z"),
        });
        other = generateSigningCertificate({
            commonName: "rotated",
            notBefore: new Date("2026-01-01T00:00:00Z"),
            notAfter: new Date("2029-01-01T00:00:00Z"),
        });
    });

    const respond = (overrides: { identifierUri?: string; replyUrl?: string; key?: SigningCertificate } = {}) => {
        const built = buildAzureSamlResponse({
            tenantId: TENANT_ID,
            app: {
                identifierUri: overrides.identifierUri ?? ISSUER,
                replyUrl: overrides.replyUrl ?? ACS,
                claimsMappingPolicy: IDENTITY_CENTER_GALLERY_CLAIMS,
                signingCertificate: overrides.key ?? certificate,
                defaultNameIdFormat: "emailAddress",
            },
            user: USER,
            now,
        });
        assert.ok(built.ok);
        return built.response;
    };
    const provider = (overrides: Partial<IdentityCenterServiceProvider> = {}): IdentityCenterServiceProvider => ({
        samlIssuer: ISSUER,
        samlAcsUrl: ACS,
        idpMetadataXml: azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [certificate.base64Der] }),
        userNames: new Set([USER.userPrincipalName]),
        ...overrides,
    });

    it("Entra's response carries audience samlIssuer, recipient and destination samlAcsUrl, and the UPN as an emailAddress NameID", () => {
        const { xml } = respond();
        assert.ok(xml.includes(`<Audience>${ISSUER}</Audience>`));
        assert.ok(xml.includes(`Recipient="${ACS}"`));
        assert.ok(xml.includes(`Destination="${ACS}"`));
        assert.ok(xml.includes(`<NameID Format="${NAME_ID_FORMAT.emailAddress}">${USER.userPrincipalName}</NameID>`));
    });

    it("Identity Center accepts it when the uploaded metadata holds the signing certificate and SCIM provisioned the user", () => {
        assert.deepStrictEqual(identityCenterAcs(provider(), respond().xml, now), {
            ok: true,
            userName: USER.userPrincipalName,
            signerThumbprint: certificate.thumbprint,
        });
    });

    it("refuses a response signed with a key the uploaded metadata does not hold (rotation without the upload)", () => {
        const outcome = identityCenterAcs(provider(), respond({ key: other }).xml, now);
        assert.ok(!outcome.ok && outcome.check === "signature", JSON.stringify(outcome));
        assert.match(outcome.resourceToFix, /runbook step 3/);
        assert.ok(outcome.message.includes(other.thumbprint), "names the key that signed");
    });

    it("refuses an assertion altered after signing", () => {
        const tampered = respond().xml.replace(`>${USER.userPrincipalName}</NameID>`, ">admin@contoso.com</NameID>");
        const outcome = identityCenterAcs(provider({ userNames: new Set(["admin@contoso.com"]) }), tampered, now);
        assert.ok(!outcome.ok && outcome.check === "signature", JSON.stringify(outcome));
    });

    it("refuses the wrong audience, the wrong recipient, an expired response and a user SCIM has not provisioned", () => {
        const check = (xml: string, overrides: Partial<IdentityCenterServiceProvider> = {}, at = now) => {
            const outcome = identityCenterAcs(provider(overrides), xml, at);
            return outcome.ok ? "ok" : outcome.check;
        };
        assert.strictEqual(check(respond({ identifierUri: "https://signin.aws.amazon.com/saml" }).xml), "audience");
        assert.strictEqual(
            check(respond({ replyUrl: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/other" }).xml),
            "destination",
        );
        assert.strictEqual(check(respond().xml, {}, new Date(now.getTime() + 2 * 3600_000)), "validity-period");
        assert.strictEqual(check(respond().xml, { userNames: new Set(["someone.else@contoso.com"]) }), "user");
    });

    describe("through the program", () => {
        let program: ProgramRun;
        before(async () => {
            program = await runProgramUnderMocks({
                stack: "org",
                config: identityCenterOnlyConfig(),
                standIns: new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: Object.values(IDENTITY_CENTER_GROUPS) }),
            });
        });

        it("signs a member of every configured group in, and resolves group -> permission sets -> accounts from the registered assignments", () => {
            const report = simulateIdentityCenterSignIns(program)!;
            assert.strictEqual(report.failed, 0, report.signIns.map((signIn) => signIn.line).join("\n"));
            assert.deepStrictEqual(report.signIns.map((signIn) => signIn.group).sort(), ["aws-developers", "aws-platform-admins"]);
            assert.deepStrictEqual(
                report.accessMatrix.map((row) => `${row.group} ${row.permissionSet} ${row.accountId} ${row.sessionDuration}`),
                [
                    "aws-platform-admins PlatformReadOnly 123456789012 PT8H",
                    "aws-platform-admins PlatformReadOnly 210987654321 PT8H",
                    "aws-developers Developer 123456789012 PT4H",
                ],
            );
        });

        it("a group whose assignments are missing signs in but gets no account", () => {
            const trimmed = {
                ...program,
                resources: program.resources.filter(
                    (r) => !(r.type === "aws:ssoadmin/accountAssignment:AccountAssignment" && r.name.includes("000000000002")),
                ),
            };
            const developers = simulateIdentityCenterSignIns(trimmed)!.signIns.find((signIn) => signIn.group === "aws-developers")!;
            assert.ok(developers.ok);
            assert.deepStrictEqual(developers.access, []);
            assert.match(developers.line, /signed in, no account assigned/);
        });

        it("fails every group when Identity Center still holds the metadata of a certificate Entra no longer signs with", () => {
            const stale = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [other.base64Der] });
            const report = simulateIdentityCenterSignIns(program, { uploadedIdpMetadataXml: stale })!;
            assert.strictEqual(report.failed, 2);
            assert.ok(report.signIns.every((signIn) => signIn.check === "signature"));
        });

        it("is absent for a stack without identityCenter", async () => {
            const accountsOnly = await runProgramUnderMocks({ stack: "dev" });
            assert.strictEqual(simulateIdentityCenterSignIns(accountsOnly), undefined);
        });
    });

    it("the offline preview of Pulumi.migration.yaml (both blocks) passes, signing in per account and through Identity Center, with one MFA policy for every app", async () => {
        const preview = await runOfflinePreview({ stack: "migration" });
        assert.ok(preview.ok, formatOfflinePreview(preview));
        assert.deepStrictEqual(
            preview.policies.diagnostics.map((diagnostic) => diagnostic.policyName),
            [],
        );
        assert.ok(preview.signIn.succeeded > 0 && preview.signIn.failed === 0);
        assert.strictEqual(preview.identityCenter?.succeeded, 2);
        const mfa = preview.plan.shared.find((resource) => resource.type === "azuread:ConditionalAccessPolicy");
        assert.ok(mfa, "one Conditional Access policy");
    });

    it("the offline preview of Pulumi.org.yaml passes with the plan, verdicts, Identity Center sign-in and access table", async () => {
        const preview = await runOfflinePreview({ stack: "org" });
        assert.ok(preview.ok, formatOfflinePreview(preview));
        assert.strictEqual(preview.policies.mandatory, 0);
        assert.strictEqual(preview.identityCenter?.succeeded, 2);
        assert.ok(
            preview.plan.identityCenter && preview.plan.identityCenter.aws.some((resource) => resource.type === "aws:AccountAssignment"),
        );
        const text = formatOfflinePreview(preview);
        assert.match(
            text,
            /Identity Center access \(who gets what where\):\n\s+group\s+permission set\s+account\s+session\n\s+aws-platform-admins\s+PlatformReadOnly\s+123456789012\s+PT8H/,
        );
        assert.ok(!JSON.stringify(preview).includes("Offline-Stand-In-Secret-1!"), "the SCIM token stand-in never reaches the report");
    });
});
