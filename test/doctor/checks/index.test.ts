import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ACCOUNT_CHECKS, checkDeployment, IDENTITY_CENTER_CHECKS } from "../../../doctor/checks";
import { checkAccountHygiene } from "../../../doctor/checks/account-hygiene";
import { checkClaims } from "../../../doctor/checks/claims";
import * as identityCenterChecks from "../../../doctor/checks/identity-center";
import { checkReachability } from "../../../doctor/checks/reachability";
import { checkRoleImport } from "../../../doctor/checks/role-import";
import { checkRoles } from "../../../doctor/checks/roles";
import { checkSigningCertificates } from "../../../doctor/checks/signing-certificates";
import { checkTrustAnchor } from "../../../doctor/checks/trust-anchor";
import { ExpectedDeployment } from "../../../doctor/expected-deployment";
import { FINDING_KINDS } from "../../../doctor/findings";
import { AccountSnapshot, IdentityCenterSnapshot } from "../../../doctor/live-snapshot";
import { projectDirectory } from "../../../offline/program/program-run";
import {
    checkContext,
    expectedAccount,
    failedReading,
    healthyJob,
    healthyServicePrincipal,
    healthySnapshot,
    NOW,
    ok,
    TENANT_ID,
} from "../support/healthy-account";
import {
    expectedIdentityCenter,
    healthyIdentityCenterServicePrincipal,
    healthyIdentityCenterSnapshot,
    healthyProvisioningJob,
    INSTANCE_ARN,
} from "../support/healthy-identity-center";

/** One thing broken for every check, so each reports at least one finding of its own area. */
function everythingBroken(): AccountSnapshot {
    const healthy = healthySnapshot();
    const provider = healthy.samlProvider?.ok ? healthy.samlProvider.value : undefined;
    assert.ok(provider);
    return healthySnapshot({
        caller: ok({ account: "999988887777", arn: "arn:aws:iam::999988887777:user/doctor", userId: "AIDA3EXAMPLEOTHER001" }),
        servicePrincipal: ok({ ...healthyServicePrincipal(), preferredTokenSigningKeyThumbprint: null, appRoleAssignmentRequired: false }),
        samlProvider: ok({ ...provider, validUntil: new Date(NOW.getTime() - 1000) }),
        claimsMappingPolicies: ok([]),
        synchronizationJobs: ok([{ ...healthyJob(), schedule: { state: "Disabled", interval: "PT40M" } }]),
        accountSummary: ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 }),
    });
}

/** The same for the Identity Center app. */
function identityCenterBroken(): IdentityCenterSnapshot {
    return healthyIdentityCenterSnapshot({
        servicePrincipal: ok(
            healthyIdentityCenterServicePrincipal({ preferredTokenSigningKeyThumbprint: null, appRoleAssignmentRequired: false }),
        ),
        appRoleAssignedTo: failedReading("access-denied", "graph", "GET appRoleAssignedTo", "Application.Read.All", "assignments", "sp"),
        synchronizationJobs: ok([{ ...healthyProvisioningJob(), schedule: { state: "Disabled", interval: "PT40M" } }]),
    });
}

function deployment(
    accounts: ExpectedDeployment["accounts"],
    undeployed: ExpectedDeployment["undeployedAccounts"] = [],
): ExpectedDeployment {
    return { stack: "dev", tenantId: TENANT_ID, accounts, undeployedAccounts: undeployed };
}

describe("doctor/checks (ACCOUNT_CHECKS, checkDeployment)", () => {
    it("a healthy account gives no finding from any check", () => {
        for (const check of ACCOUNT_CHECKS)
            assert.deepStrictEqual(check(expectedAccount(), healthySnapshot(), checkContext()), [], check.name);
        assert.deepStrictEqual(
            checkDeployment(deployment([expectedAccount()]), { accounts: { sandbox: healthySnapshot() } }, checkContext()),
            [],
        );
    });

    it("lists every check once: reachability (the reads themselves) first, then the README findings table's areas in order", () => {
        const modules = [
            checkReachability,
            checkSigningCertificates,
            checkTrustAnchor,
            checkClaims,
            checkRoles,
            checkRoleImport,
            checkAccountHygiene,
        ];
        assert.strictEqual(new Set(ACCOUNT_CHECKS).size, ACCOUNT_CHECKS.length);
        assert.deepStrictEqual(new Set(ACCOUNT_CHECKS), new Set(modules), "every check module's check is in the list");

        // The area of each check, from the findings it reports when everything is broken.
        const areaOf = new Map(FINDING_KINDS.map((kind) => [kind.id, kind.area]));
        const checkAreas = ACCOUNT_CHECKS.map((check) => {
            const areas = new Set(check(expectedAccount(), everythingBroken(), checkContext()).map((finding) => areaOf.get(finding.id)));
            assert.strictEqual(areas.size, 1, `${check.name} reports findings of one area: ${[...areas].join(", ")}`);
            return [...areas][0];
        });
        const readme = fs.readFileSync(path.join(projectDirectory(), "README.md"), "utf8");
        const tableAreas = [...new Set([...readme.matchAll(/^\| ([A-Z][A-Za-z ]+) \| `[a-z0-9-]+` \|/gm)].map((row) => row[1]))];
        assert.deepStrictEqual(tableAreas, [...new Set(FINDING_KINDS.map((kind) => kind.area))], "the README table follows the catalog");
        assert.deepStrictEqual(checkAreas, [
            "Reachability",
            ...tableAreas.filter((area) => area !== "Reachability" && area !== "Identity Center"),
        ]);
    });

    it("lists every Identity Center check once: its failed reads first (Reachability), then checks of the Identity Center area", () => {
        const modules = Object.values(identityCenterChecks);
        assert.strictEqual(new Set(IDENTITY_CENTER_CHECKS).size, IDENTITY_CENTER_CHECKS.length);
        assert.deepStrictEqual(new Set(IDENTITY_CENTER_CHECKS), new Set(modules), "every check the module exports is in the list");
        const areaOf = new Map(FINDING_KINDS.map((kind) => [kind.id, kind.area]));
        const checkAreas = IDENTITY_CENTER_CHECKS.map((check) => {
            const expected = expectedIdentityCenter({
                scimTokenExpiresAt: NOW.toISOString(),
                configuredScimTokenExpiresAt: NOW.toISOString(),
            });
            const areas = new Set(check(expected, identityCenterBroken(), checkContext()).map((finding) => areaOf.get(finding.id)));
            assert.strictEqual(areas.size, 1, `${check.name} reports findings of one area: ${[...areas].join(", ")}`);
            return [...areas][0];
        });
        assert.deepStrictEqual(checkAreas, ["Reachability", ...IDENTITY_CENTER_CHECKS.slice(1).map(() => "Identity Center")]);
        assert.strictEqual(
            IDENTITY_CENTER_CHECKS.at(-1),
            identityCenterChecks.checkIdentityCenterAwsSide,
            "the AWS-side notice comes last",
        );
    });

    it("the Identity Center app: checked under its own unit when deployed, one error when the outputs lack it, nothing when not configured", () => {
        const healthy = checkDeployment(
            { ...deployment([]), identityCenter: expectedIdentityCenter() },
            { accounts: {}, identityCenter: healthyIdentityCenterSnapshot() },
            checkContext(),
        );
        assert.deepStrictEqual(
            healthy.map((finding) => [finding.id, finding.account, finding.accountId]),
            [["identity-center-aws-side-not-checked", "identity-center", INSTANCE_ARN]],
        );
        const broken = checkDeployment(
            { ...deployment([expectedAccount()]), identityCenter: expectedIdentityCenter() },
            { accounts: { sandbox: healthySnapshot() }, identityCenter: identityCenterBroken() },
            checkContext(),
        );
        assert.ok(
            broken.length > 3 && broken.every((finding) => finding.account === "identity-center"),
            "the healthy account adds nothing",
        );
        const undeployed = checkDeployment(
            { ...deployment([]), undeployedIdentityCenter: { name: "identity-center", accountId: INSTANCE_ARN } },
            { accounts: {} },
            checkContext(),
        );
        assert.deepStrictEqual(
            undeployed.map((finding) => [finding.id, finding.severity, finding.account, finding.accountId, finding.resource]),
            [["identity-center-not-in-outputs", "error", "identity-center", INSTANCE_ARN, "identityCenter"]],
        );
        assert.deepStrictEqual(
            checkDeployment(deployment([]), { accounts: {}, identityCenter: healthyIdentityCenterSnapshot() }, checkContext()),
            [],
        );
    });

    it("an account of the config with no outputs is an account-not-in-outputs error; its checks do not run", () => {
        const findings = checkDeployment(
            deployment([expectedAccount()], [{ name: "production", accountId: "444455556666" }]),
            { accounts: { sandbox: healthySnapshot() } },
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity, finding.account, finding.accountId, finding.resource]),
            [["account-not-in-outputs", "error", "production", "444455556666", "accounts.production"]],
        );
        assert.match(findings[0].fix, /pulumi up/);
    });

    it("runs every check on each account's own snapshot, and skips an account that has none", () => {
        const production = expectedAccount({ name: "production", accountId: "444455556666" });
        const findings = checkDeployment(
            deployment([expectedAccount(), production, expectedAccount({ name: "staging", accountId: "777788889999" })]),
            { accounts: { sandbox: healthySnapshot(), production: everythingBroken() } },
            checkContext(),
        );
        assert.ok(findings.length >= ACCOUNT_CHECKS.length);
        assert.ok(findings.every((finding) => finding.account === "production" && finding.accountId === "444455556666"));
        const ids = new Set(findings.map((finding) => finding.id));
        for (const id of [
            "aws-account-mismatch",
            "preferred-signing-key-missing",
            "saml-provider-expired",
            "claims-mapping-policy-missing",
        ])
            assert.ok(ids.has(id), id);
        for (const id of ["app-role-assignment-not-required", "role-import-not-running", "root-mfa-disabled"]) assert.ok(ids.has(id), id);
    });
});
