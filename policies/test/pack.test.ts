import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { packPolicies } from "../registry";
import { ACCOUNT_ID, APPLICATION_OBJECT_ID, federationFixture, PROVIDER_ARN, samlTrustPolicy } from "./support/federation-fixture";
import { asFirstPreview, BREAKAGES } from "./support/scenarios";
import { runPack } from "./support/validation-args";

/** The whole pack on a dev-like stack, in process: each breakage fires its rule and only it. */
describe("the pack on a compliant federation stack", () => {
    it("finds nothing", async () => {
        const { findings, deferred } = await runPack(packPolicies, federationFixture().resources);
        assert.deepStrictEqual(findings, []);
        assert.deepStrictEqual(deferred, []);
    });

    it("finds nothing in a first preview, where every computed value is unknown", async () => {
        const { findings, deferred } = await runPack(packPolicies, asFirstPreview(federationFixture().resources));
        assert.deepStrictEqual(findings, []);
        assert.ok(deferred.length > 0, "policies that need computed values wait for the update");
    });

    for (const breakage of BREAKAGES) {
        it(`fires only ${breakage.policyName} on ${breakage.title}`, async () => {
            const resources = federationFixture().resources;
            breakage.apply(resources);
            const { findings } = await runPack(packPolicies, resources);
            assert.ok(findings.length > 0, "expected a finding");
            assert.deepStrictEqual(
                [...new Set(findings.map((finding) => finding.policyName))],
                [breakage.policyName],
                JSON.stringify(findings, null, 2),
            );
        });
    }

    it("stays linear: 1,000 more SSO roles with attachments and app roles take seconds, not minutes", async function () {
        this.timeout(60_000);
        const stack = federationFixture();
        const provider = stack.find("prod-saml-provider");
        const app = stack.find("prod-app");
        for (let index = 0; index < 1000; index++) {
            const role = stack.add(
                aws.iam.Role,
                `bulk-role-${index}`,
                { name: `Bulk${index}`, assumeRolePolicy: samlTrustPolicy(), maxSessionDuration: 3600 },
                { outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:role/Bulk${index}` }, deps: { assumeRolePolicy: [provider] } },
            );
            stack.add(
                aws.iam.RolePolicyAttachment,
                `bulk-attachment-${index}`,
                { role: `Bulk${index}`, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
                { deps: { role: [role] } },
            );
            stack.add(
                azuread.ApplicationAppRole,
                `bulk-app-role-${index}`,
                {
                    applicationId: `/applications/${APPLICATION_OBJECT_ID}`,
                    value: `arn:aws:iam::${ACCOUNT_ID}:role/Bulk${index},${PROVIDER_ARN}`,
                },
                { deps: { applicationId: [app], value: [role, provider] } },
            );
        }
        const started = Date.now();
        const { findings } = await runPack(packPolicies, stack.resources);
        assert.deepStrictEqual(findings, []);
        assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    });

    it("lets a stack turn a policy off through its config", async () => {
        const resources = federationFixture({ stack: "prod" }).resources;
        const { findings } = await runPack(packPolicies, resources);
        assert.deepStrictEqual(
            findings.map((finding) => finding.policyName),
            ["azuread-test-user-stack-allow-list"],
        );
        const allowed = await runPack(packPolicies, resources, {
            "azuread-test-user-stack-allow-list": { allowedStacks: ["dev", "prod"] },
        });
        assert.deepStrictEqual(allowed.findings, []);
    });
});
