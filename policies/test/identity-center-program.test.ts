import * as assert from "assert";
import { packPolicies } from "../registry";
import { bothBlocksStack, findings, first, identityCenterOnlyStack, TYPE } from "./support/identity-center-stacks";
import { runPack, UNKNOWN } from "./support/validation-args";
import { setProperty } from "./support/federation-fixture";

/**
 * The Identity Center policies against the program itself (an Identity-Center-only stack and one with
 * both blocks): compliant as built. One thing broken at a time, exactly the matching policy fires: those
 * specs are under test/rules/identity-center/, one per policy.
 */

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

describe("Identity Center policies", function () {
    this.timeout(180_000);

    it("are registered in the pack", () => {
        const names = packPolicies.map((policy) => policy.name);
        for (const name of IDENTITY_CENTER_POLICIES) {
            assert.ok(names.includes(name), name);
        }
    });

    it("the Identity-Center-only stack passes every policy, the template rule included", async () => {
        assert.deepStrictEqual(await findings(await identityCenterOnlyStack()), []);
    });

    it("a stack with both blocks passes every policy", async () => {
        assert.deepStrictEqual(await findings(await bothBlocksStack()), []);
    });

    it("the Identity Center template outside the identityCenter block still fires the template rule", async () => {
        const resources = await identityCenterOnlyStack();
        const app = first(resources, TYPE.applicationFromTemplate);
        const elsewhere = { ...app, urn: app.urn.replace("azuread-aws-sso:identity-center:IdentityCenterApp$", "") };
        assert.deepStrictEqual(await findings([elsewhere]), ["azuread-aws-app-from-gallery-template"]);
    });

    it("an inline policy allowing * on * is admin-equivalent (mandatory tier) and a wildcard grant", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(
            first(resources, TYPE.inlinePolicy),
            "inlinePolicy",
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        );
        const { findings: found } = await runPack(packPolicies, resources);
        assert.deepStrictEqual([...new Set(found.map((finding) => finding.policyName))].sort(), [
            "aws-identity-center-inline-policy-no-wildcards",
            "aws-identity-center-no-privileged-managed-policies",
        ]);
        assert.ok(
            found.some((finding) =>
                /Permission set Developer gets an inline policy that is admin-equivalent \(statement 0 allows "\*" on every resource\)/.test(
                    finding.message,
                ),
            ),
            JSON.stringify(found),
        );
    });

    it("never fires on unknown values in preview", async () => {
        const resources = await identityCenterOnlyStack();
        setProperty(first(resources, TYPE.inlinePolicy), "inlinePolicy", UNKNOWN);
        setProperty(first(resources, TYPE.permissionSet), "sessionDuration", UNKNOWN);
        setProperty(first(resources, TYPE.servicePrincipal), "notes", UNKNOWN);
        for (const assignment of resources.filter((resource) => resource.type === TYPE.accountAssignment)) {
            setProperty(assignment, "principalId", UNKNOWN);
            setProperty(assignment, "targetId", UNKNOWN);
        }
        assert.deepStrictEqual(
            await findings(resources, { "aws-identity-center-assignment-allowed-accounts": { allowedAccountIds: ["123456789012"] } }),
            [],
        );
    });
});
