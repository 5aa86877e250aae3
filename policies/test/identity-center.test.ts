import * as assert from "assert";
import { ProgramRun, runProgramUnderMocks } from "../../offline/program/program-run";
import { identityCenterBlock, identityCenterOnlyConfig, rawConfig, baseStackConfig, SCIM_TOKEN } from "../../test/support/stack-fixtures";
import { isoDurationSeconds, scimTokenExpiry } from "../identity-center";
import { packPolicies } from "../registry";
import { runPack, TestResource, UNKNOWN } from "./support/validation-args";
import { setProperty } from "./support/federation-fixture";

/**
 * The Identity Center policies against the program itself (an Identity-Center-only stack and one with
 * both blocks): compliant as built, then one thing broken at a time and exactly the matching policy fires.
 */

const TYPE = {
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    managedPolicyAttachment: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    inlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    accountAssignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    applicationFromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
} as const;

const IDENTITY_CENTER_POLICIES = [
    "aws-identity-center-no-privileged-managed-policies",
    "aws-identity-center-power-user-access",
    "aws-identity-center-inline-policy-no-wildcards",
    "aws-identity-center-session-duration",
    "aws-identity-center-assignment-allowed-accounts",
    "federation-identity-center-scim-token-expiry",
    "federation-identity-center-scim-token-expired",
    "federation-identity-center-group-coverage",
];

function copy(run: ProgramRun): TestResource[] {
    return structuredClone(run.resources) as unknown as TestResource[];
}

function first(resources: TestResource[], type: string, filter: (resource: TestResource) => boolean = () => true): TestResource {
    const found = resources.find((resource) => resource.type === type && filter(resource));
    assert.ok(found, `no ${type}`);
    return found;
}

async function findings(resources: TestResource[], config: Record<string, Record<string, unknown>> = {}): Promise<string[]> {
    const { findings } = await runPack(packPolicies, resources, config);
    return [...new Set(findings.map((finding) => finding.policyName))].sort();
}

describe("Identity Center policies", function () {
    this.timeout(180_000);
    let icOnly: ProgramRun;
    let both: ProgramRun;

    before(async () => {
        icOnly = await runProgramUnderMocks({ stack: "org", config: identityCenterOnlyConfig() });
        both = await runProgramUnderMocks({ stack: "dev", config: rawConfig({ ...baseStackConfig(), requireMfa: true, identityCenter: identityCenterBlock(), identityCenterScimToken: SCIM_TOKEN }) });
    });

    it("are registered in the pack", () => {
        const names = packPolicies.map((policy) => policy.name);
        for (const name of IDENTITY_CENTER_POLICIES) {
            assert.ok(names.includes(name), name);
        }
    });

    it("the Identity-Center-only stack passes every policy, the template rule included", async () => {
        assert.deepStrictEqual(await findings(copy(icOnly)), []);
    });

    it("a stack with both blocks passes every policy", async () => {
        assert.deepStrictEqual(await findings(copy(both)), []);
    });

    it("the Identity Center template outside the identityCenter block still fires the template rule", async () => {
        const resources = copy(icOnly);
        const app = first(resources, TYPE.applicationFromTemplate);
        const elsewhere = { ...app, urn: app.urn.replace("azuread-aws-sso:identity-center:IdentityCenterApp$", "") };
        assert.deepStrictEqual(await findings([elsewhere]), ["azuread-aws-app-from-gallery-template"]);
    });

    const breakages: { title: string; policy: string; apply: (resources: TestResource[]) => void }[] = [
        {
            title: "AdministratorAccess attached to a permission set",
            policy: "aws-identity-center-no-privileged-managed-policies",
            apply: (resources) => setProperty(first(resources, TYPE.managedPolicyAttachment), "managedPolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"),
        },
        {
            title: "PowerUserAccess attached to a permission set (the advisory tier)",
            policy: "aws-identity-center-power-user-access",
            apply: (resources) => setProperty(first(resources, TYPE.managedPolicyAttachment), "managedPolicyArn", "arn:aws:iam::aws:policy/PowerUserAccess"),
        },
        {
            title: "an inline policy allowing iam:PassRole on every resource",
            policy: "aws-identity-center-inline-policy-no-wildcards",
            apply: (resources) =>
                setProperty(first(resources, TYPE.inlinePolicy), "inlinePolicy", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] })),
        },
        {
            title: "a session of 13 hours",
            policy: "aws-identity-center-session-duration",
            apply: (resources) => setProperty(first(resources, TYPE.permissionSet), "sessionDuration", "PT13H"),
        },
        {
            title: "a SCIM token 10 days from expiry",
            policy: "federation-identity-center-scim-token-expiry",
            apply: (resources) => setProperty(first(resources, TYPE.servicePrincipal), "notes", `SCIM access token expires ${new Date(Date.now() + 10 * 86_400_000).toISOString()}; renew it`),
        },
        {
            title: "a SCIM token that has expired",
            policy: "federation-identity-center-scim-token-expired",
            apply: (resources) => setProperty(first(resources, TYPE.servicePrincipal), "notes", "SCIM access token expires 2020-01-01T00:00:00Z; renew it"),
        },
        {
            title: "a group assigned to the app but to no permission set",
            policy: "federation-identity-center-group-coverage",
            apply: (resources) => {
                for (const assignment of resources.filter((resource) => resource.type === TYPE.accountAssignment && resource.name.includes("000000000002"))) {
                    resources.splice(resources.indexOf(assignment), 1);
                }
            },
        },
        {
            title: "an account assignment for a principal the stack does not provision",
            policy: "federation-identity-center-group-coverage",
            apply: (resources) => {
                const assignment = first(resources, TYPE.accountAssignment);
                const extra = { ...structuredClone(assignment), urn: `${assignment.urn}-extra`, name: `${assignment.name}-extra`, propertyDependencies: {} };
                setProperty(extra, "principalId", "9067a1b2c3-11111111-2222-3333-4444-555555555555");
                resources.push(extra);
            },
        },
    ];

    for (const breakage of breakages) {
        it(`${breakage.title}: ${breakage.policy} fires, and nothing else`, async () => {
            const resources = copy(icOnly);
            breakage.apply(resources);
            assert.deepStrictEqual(await findings(resources), [breakage.policy]);
        });
    }

    it("an inline policy allowing * on * is admin-equivalent (mandatory tier) and a wildcard grant", async () => {
        const resources = copy(icOnly);
        setProperty(first(resources, TYPE.inlinePolicy), "inlinePolicy", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }));
        const { findings: found } = await runPack(packPolicies, resources);
        assert.deepStrictEqual([...new Set(found.map((finding) => finding.policyName))].sort(), ["aws-identity-center-inline-policy-no-wildcards", "aws-identity-center-no-privileged-managed-policies"]);
        assert.ok(found.some((finding) => /Permission set Developer gets an inline policy that is admin-equivalent \(statement 0 allows "\*" on every resource\)/.test(finding.message)), JSON.stringify(found));
    });

    it("allow-lists: an administrator permission set by name, assignment accounts by id", async () => {
        const resources = copy(icOnly);
        setProperty(first(resources, TYPE.managedPolicyAttachment), "managedPolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess");
        assert.deepStrictEqual(await findings(resources, { "aws-identity-center-no-privileged-managed-policies": { allowedPermissionSetNames: ["Platform*"] } }), []);
        assert.deepStrictEqual(await findings(copy(icOnly), { "aws-identity-center-assignment-allowed-accounts": { allowedAccountIds: ["123456789012"] } }), [
            "aws-identity-center-assignment-allowed-accounts",
        ]);
        assert.deepStrictEqual(await findings(copy(icOnly), { "aws-identity-center-assignment-allowed-accounts": { allowedAccountIds: ["123456789012", "210987654321"] } }), []);
    });

    it("never fires on unknown values in preview", async () => {
        const resources = copy(icOnly);
        setProperty(first(resources, TYPE.inlinePolicy), "inlinePolicy", UNKNOWN);
        setProperty(first(resources, TYPE.permissionSet), "sessionDuration", UNKNOWN);
        setProperty(first(resources, TYPE.servicePrincipal), "notes", UNKNOWN);
        for (const assignment of resources.filter((resource) => resource.type === TYPE.accountAssignment)) {
            setProperty(assignment, "principalId", UNKNOWN);
            setProperty(assignment, "targetId", UNKNOWN);
        }
        assert.deepStrictEqual(await findings(resources, { "aws-identity-center-assignment-allowed-accounts": { allowedAccountIds: ["123456789012"] } }), []);
    });

    it("reads ISO durations and the expiry note", () => {
        assert.strictEqual(isoDurationSeconds("PT12H"), 43200);
        assert.strictEqual(isoDurationSeconds("12h"), undefined);
        assert.strictEqual(scimTokenExpiry("SCIM access token expires 2027-11-30T00:00:00Z; renew")?.toISOString(), "2027-11-30T00:00:00.000Z");
        assert.strictEqual(scimTokenExpiry("SCIM access token expires soon"), undefined);
    });
});
