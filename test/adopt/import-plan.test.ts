import * as assert from "assert";
import { AdoptionPlan, planAdoption } from "../../adopt/adoption-plan";
import { Discovery } from "../../adopt/discovery";
import { importPlan, resourceNames, RESOURCE_TYPES } from "../../adopt/import-plan";
import { shortHash } from "../../components/aws/saml-federation";
import { discoverSetup, useAdoptStandIns } from "./support/discovered-setup";
import { tutorialSetup } from "./support/hand-made-setup";

const NOW = new Date("2026-12-01T12:00:00Z");

describe("adopt import-plan (importPlan)", function () {
    this.timeout(60_000);
    const standIns = useAdoptStandIns();
    const setup = tutorialSetup();
    const [app] = setup.apps;
    let tutorial: Discovery;
    let plan: AdoptionPlan;
    before(async () => {
        tutorial = await discoverSetup(setup, standIns);
        plan = planAdoption({ stack: "adopted", discovery: tutorial, now: NOW });
    });
    const idOf = (imports: ReturnType<typeof importPlan>["imports"], name: string) => imports.find((entry) => entry.name === name)?.id;

    it("imports each existing object under the name the program registers, with the provider's import id", () => {
        const { imports } = importPlan(plan);
        const T = RESOURCE_TYPES;
        const sp = app.servicePrincipalId;
        const expected: [string, string, string][] = [
            [
                "sandbox-azuread-app",
                T.applicationFromTemplate,
                `/applicationTemplates/8b1025e4-1dd2-430b-a150-2ef79cd700f5/instantiate/${app.applicationObjectId}/${sp}`,
            ],
            ["sandbox-azuread-sp", T.servicePrincipal, `/servicePrincipals/${sp}`],
            [
                "sandbox-azuread-identifier",
                T.identifierUri,
                `/applications/${app.applicationObjectId}/identifierUris/${Buffer.from("https://signin.aws.amazon.com/saml").toString("base64")}`,
            ],
            ["sandbox-azuread-reply-url", T.redirectUris, `/applications/${app.applicationObjectId}/redirectUris/Web`],
            [
                "sandbox-azuread-signing-cert-2029-01-05",
                T.signingCertificate,
                `${sp}/tokenSigningCertificate/${plan.accounts[0].certificates[0].keyId}`,
            ],
            ["sandbox-azuread-preferred-signing-key", T.preferredSigningKey, sp],
            ["sandbox-aws-role-Developer", T.role, "Developer"],
            [
                `sandbox-aws-role-Developer-${shortHash("arn:aws:iam::aws:policy/PowerUserAccess")}`,
                T.rolePolicyAttachment,
                "Developer/arn:aws:iam::aws:policy/PowerUserAccess",
            ],
            ["sandbox-aws-role-ReadOnly", T.role, "ReadOnly"],
            [
                `sandbox-aws-role-ReadOnly-${shortHash("arn:aws:iam::aws:policy/ReadOnlyAccess")}`,
                T.rolePolicyAttachment,
                "ReadOnly/arn:aws:iam::aws:policy/ReadOnlyAccess",
            ],
            ["sandbox-aws-saml-provider", T.samlProvider, "arn:aws:iam::111122223333:saml-provider/WAAD"],
            ["sandbox-role-reader-user", T.user, "AzureADRoleManager"],
            ["sandbox-role-reader-policy", T.policy, "arn:aws:iam::111122223333:policy/AzureAD_SSOUserRole_Policy"],
            [
                "sandbox-role-reader-policy-attachment",
                T.userPolicyAttachment,
                "AzureADRoleManager/arn:aws:iam::111122223333:policy/AzureAD_SSOUserRole_Policy",
            ],
            ["sandbox-role-import-job", T.synchronizationJob, `/servicePrincipals/${sp}/synchronization/jobs/${app.roleImportJobId}`],
        ];
        assert.deepStrictEqual(
            imports.map((entry) => [entry.name, entry.type, entry.id]),
            expected,
        );
        assert.ok(imports.every((entry) => entry.account === "sandbox"));
    });

    it("creates what cannot be imported, saying why: app roles on the service principal, their assignments, claims, the new key and secret", () => {
        const { created } = importPlan(plan);
        assert.deepStrictEqual(
            created.map((entry) => [entry.name, entry.type]),
            [
                ["sandbox-azuread-claims", RESOURCE_TYPES.claimsMappingPolicy],
                ["sandbox-azuread-claims-assignment", RESOURCE_TYPES.claimsAssignment],
                ["sandbox-app-roles-Developer", RESOURCE_TYPES.appRole],
                ["sandbox-app-roles-Developer-user-B.Simon@contoso.com", RESOURCE_TYPES.assignment],
                ["sandbox-app-roles-ReadOnly", RESOURCE_TYPES.appRole],
                [resourceNames.readerAccessKey("sandbox", "2026-12-01-adopted"), RESOURCE_TYPES.accessKey],
                ["sandbox-role-import-secret", RESOURCE_TYPES.synchronizationSecret],
            ],
        );
        const reason = (name: string) => created.find((entry) => entry.name === name)?.reason ?? "";
        assert.match(reason("sandbox-app-roles-Developer"), /the role import's app role lives on the service principal/);
        assert.match(reason(resourceNames.readerAccessKey("sandbox", "2026-12-01-adopted")), /AWS never returns a key's secret/);
    });

    it("without the role import, nothing of it is imported or created", () => {
        const withoutJob: Discovery = { ...tutorial, apps: tutorial.apps.map((entry) => ({ ...entry, synchronizationJobs: [] })) };
        const { imports, created } = importPlan(planAdoption({ stack: "adopted", discovery: withoutJob, now: NOW }));
        const names = [...imports, ...created].map((entry) => entry.name);
        assert.ok(!names.some((name) => /role-reader|role-import/.test(name)), names.join("\n"));
        assert.ok(names.includes("sandbox-aws-saml-provider"));
    });

    it("no preferred key and an identifier the contract cannot express are created, not imported", () => {
        const edited: Discovery = {
            ...tutorial,
            apps: tutorial.apps.map((entry) => ({
                ...entry,
                servicePrincipal: { ...entry.servicePrincipal, preferredTokenSigningKeyThumbprint: null },
                application: { ...entry.application!, identifierUris: ["urn:amazon:webservices"] },
            })),
        };
        const { imports, created } = importPlan(planAdoption({ stack: "adopted", discovery: edited, now: NOW }));
        assert.strictEqual(idOf(imports, "sandbox-azuread-preferred-signing-key"), undefined);
        assert.strictEqual(idOf(imports, "sandbox-azuread-identifier"), undefined);
        assert.deepStrictEqual(
            created.filter((entry) => /preferred-signing-key|identifier/.test(entry.name)).map((entry) => [entry.name, entry.reason]),
            [
                ["sandbox-azuread-identifier", "the app has no identifier the contract expresses"],
                ["sandbox-azuread-preferred-signing-key", "no preferred signing key is set"],
            ],
        );
    });
});
