import * as assert from "assert";
import { adoptedKeyGeneration, planAdoption, readClaimsDefinition, readerPolicyOf } from "../../adopt/adoption-plan";
import { Discovery } from "../../adopt/discovery";
import { awsClaimsMappingPolicy } from "../../components/documents/claims-mapping-policy";
import { discoverSetup, useAdoptStandIns } from "./support/discovered-setup";
import { discoveredAccount as account, discoveredApp as app, THUMBPRINT } from "./support/discovered-objects";
import { B_SIMON, tutorialSetup } from "./support/hand-made-setup";

const NOW = new Date("2026-12-01T12:00:00Z");
const TENANT = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

describe("adopt adoption-plan (planAdoption)", function () {
    this.timeout(60_000);
    const standIns = useAdoptStandIns();
    let tutorial: Discovery;
    before(async () => {
        tutorial = await discoverSetup(tutorialSetup(), standIns);
    });
    const plan = (discovery: Discovery, extra: { tenantId?: string; region?: string } = {}) =>
        planAdoption({ stack: "adopted", discovery, now: NOW, ...extra });

    it("writes the config contract from what the tutorial left: tenant, provider, e-mails, certificate, roles and B.Simon", () => {
        const adopted = plan(tutorial);
        assert.strictEqual(adopted.tenantId, TENANT, "the tenant of the provider's entity id");
        assert.ok(adopted.resolved, "the written config passes the config contract");
        assert.strictEqual(adopted.config["azuread:tenantId"], TENANT);
        assert.strictEqual(adopted.config["azuread-aws-sso:samlProviderName"], "WAAD");
        assert.deepStrictEqual(adopted.config["azuread-aws-sso:notificationEmails"], ["identity-team@contoso.com"]);
        assert.ok(!("azuread-aws-sso:sessionDuration" in adopted.config), "the default 3600 is not written");
        const [sandbox] = adopted.config["azuread-aws-sso:accounts"] as Record<string, any>[];
        assert.deepStrictEqual(
            [sandbox.name, sandbox.accountId, sandbox.identifierSuffix],
            ["sandbox", "111122223333", ""],
            "the bare identifier https://signin.aws.amazon.com/saml",
        );
        assert.deepStrictEqual(sandbox.signingCertificate, [
            { name: "cert-2029-01-05", endDate: "2029-01-05T10:00:00Z", displayName: "CN=Microsoft Azure Federated SSO Certificate" },
        ]);
        assert.deepStrictEqual(sandbox.roles, [
            {
                name: "Developer",
                description: "Developers of the sandbox",
                managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
                assign: { users: [B_SIMON.userPrincipalName] },
            },
            { name: "ReadOnly", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
        ]);
        assert.deepStrictEqual(sandbox.roleImportReader, {
            policyDescription: "This policy will allow to fetch the roles from AWS accounts",
        });
    });

    it("with the role import running, issues a new key generation dated today; without a job, provisioning is off", () => {
        assert.strictEqual(adoptedKeyGeneration(NOW), "2026-12-01-adopted");
        assert.deepStrictEqual(plan(tutorial).config["azuread-aws-sso:roleImportKeys"], [{ name: "2026-12-01-adopted" }]);
        const withoutJob: Discovery = { ...tutorial, apps: tutorial.apps.map((entry) => ({ ...entry, synchronizationJobs: [] })) };
        const adopted = plan(withoutJob);
        assert.strictEqual(adopted.config["azuread-aws-sso:provisioning"], false);
        assert.ok(!("azuread-aws-sso:roleImportKeys" in adopted.config));
        assert.strictEqual(adopted.resolved?.provisioning, false);
    });

    it("--tenant and --region win; no tenant anywhere cannot be adopted", () => {
        const other = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
        const adopted = plan(tutorial, { tenantId: other, region: "eu-central-1" });
        assert.strictEqual(adopted.config["azuread:tenantId"], other);
        assert.strictEqual(adopted.config["aws:region"], "eu-central-1");
        const anonymous: Discovery = {
            ...tutorial,
            accounts: tutorial.accounts.map((entry) => ({
                ...entry,
                samlProviders: entry.samlProviders.map((provider) => ({ ...provider, entityId: "" })),
            })),
        };
        const finding = plan(anonymous).findings.find((entry) => entry.subject === "azuread:tenantId");
        assert.strictEqual(finding?.kind, "cannot-adopt");
        assert.match(finding?.whatToDo ?? "", /--tenant/);
    });

    it("leaves out a role trusting two providers or at another path, and says what to do", () => {
        const [sandbox] = tutorial.accounts;
        const developer = sandbox.samlRoles.find((role) => role.name === "Developer")!;
        const okta = "arn:aws:iam::111122223333:saml-provider/Okta";
        const twoProviders = { ...developer, name: "Shared", trustedSamlProviders: [...developer.trustedSamlProviders, okta] };
        const nested = { ...developer, name: "Auditor", path: "/audit/" };
        const adopted = plan({ ...tutorial, accounts: [{ ...sandbox, samlRoles: [...sandbox.samlRoles, twoProviders, nested] }] });
        assert.deepStrictEqual(
            adopted.accounts[0].roles.map((role) => role.role.name),
            ["Developer", "ReadOnly"],
        );
        const blockers = adopted.findings.filter((finding) => finding.kind === "cannot-adopt").map((finding) => finding.problem);
        assert.ok(
            blockers.some((problem) => /trusts 2 SAML providers/.test(problem)),
            blockers.join("\n"),
        );
        assert.ok(blockers.some((problem) => /its path is \/audit\/; the program creates roles at \//.test(problem)));
    });

    it("the reader's policy is its iam:ListRoles-only policy at /; a console password on the reader cannot be adopted", () => {
        const [reader] = tutorial.accounts[0].readers;
        assert.strictEqual(readerPolicyOf(reader)?.arn, "arn:aws:iam::111122223333:policy/AzureAD_SSOUserRole_Policy");
        assert.strictEqual(
            readerPolicyOf({ ...reader, managedPolicies: reader.managedPolicies.map((policy) => ({ ...policy, path: "/sso/" })) }),
            undefined,
        );
        assert.strictEqual(readerPolicyOf(undefined), undefined);
        const withPassword = { ...reader, loginProfile: { userName: reader.user.name, createDate: NOW, passwordResetRequired: false } };
        const adopted = plan({ ...tutorial, accounts: [{ ...tutorial.accounts[0], readers: [withPassword] }] });
        const finding = adopted.findings.find((entry) => entry.subject === `console password of ${reader.user.name}`);
        assert.strictEqual(finding?.kind, "cannot-adopt");
        assert.match(finding?.whatToDo ?? "", /aws iam delete-login-profile --user-name AzureADRoleManager/);
    });

    it("leaves out an app whose application object cannot be read, instead of creating a second instance", () => {
        const plan = planAdoption({
            stack: "adopted",
            now: new Date("2026-12-01T00:00:00Z"),
            discovery: { accounts: [account("111122223333", [THUMBPRINT])], apps: [app("one", THUMBPRINT, "111122223333", false)] },
        });
        assert.deepStrictEqual(plan.accounts, []);
        assert.match(
            plan.findings.find((finding) => finding.kind === "cannot-adopt")?.whatToDo ?? "",
            /would otherwise create a second instance/,
        );
    });

    describe("readClaimsDefinition", () => {
        it("takes SessionDuration and the RoleSessionName source from the program's own definition", () => {
            assert.deepStrictEqual(readClaimsDefinition(awsClaimsMappingPolicy({ roleSessionNameSource: "mail", sessionDuration: 7200 })), {
                roleSessionNameSource: "mail",
                sessionDuration: 7200,
            });
        });

        it("reads PrincipalTag claims as the contract's session tags", () => {
            const definition = awsClaimsMappingPolicy({
                roleSessionNameSource: "userprincipalname",
                sessionDuration: 3600,
                sessionTags: { CostCenter: "department" },
            });
            assert.deepStrictEqual(readClaimsDefinition(definition).sessionTags, { CostCenter: "department" });
        });

        it("refuses transformations and claims the contract does not express", () => {
            const withExtra = JSON.parse(awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 }));
            withExtra.ClaimsMappingPolicy.ClaimsSchema.push({
                Source: "user",
                ID: "department",
                SamlClaimType: "https://example.com/department",
            });
            assert.match(readClaimsDefinition(JSON.stringify(withExtra)).problem ?? "", /claims the contract does not express/);
            assert.match(readClaimsDefinition('{"ClaimsMappingPolicy":{"ClaimsTransformations":[]}}').problem ?? "", /transformations/);
            assert.match(readClaimsDefinition("not json").problem ?? "", /not JSON/);
        });

        it("refuses a RoleSessionName from an attribute the config contract would refuse, so adopt never writes a stack that cannot load", () => {
            const byDisplayName = JSON.parse(awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 }));
            byDisplayName.ClaimsMappingPolicy.ClaimsSchema[1].ID = "displayname";
            assert.match(
                readClaimsDefinition(JSON.stringify(byDisplayName)).problem ?? "",
                /RoleSessionName claim does not come from a user attribute that makes a valid, unique session name \(userprincipalname, mail, mailnickname,/,
            );
            const byNickname = JSON.parse(JSON.stringify(byDisplayName));
            byNickname.ClaimsMappingPolicy.ClaimsSchema[1].ID = "mailnickname";
            assert.strictEqual(readClaimsDefinition(JSON.stringify(byNickname)).roleSessionNameSource, "mailnickname");
        });
    });
});
