import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ACCOUNT_CHECKS, checkDeployment } from "../../../doctor/checks";
import { checkAccountHygiene } from "../../../doctor/checks/account-hygiene";
import { checkClaims } from "../../../doctor/checks/claims";
import { checkReachability } from "../../../doctor/checks/reachability";
import { checkRoleImport } from "../../../doctor/checks/role-import";
import { checkRoles } from "../../../doctor/checks/roles";
import { checkSigningCertificates } from "../../../doctor/checks/signing-certificates";
import { checkTrustAnchor } from "../../../doctor/checks/trust-anchor";
import { ExpectedDeployment } from "../../../doctor/expected-deployment";
import { FINDING_KINDS } from "../../../doctor/findings";
import { AccountSnapshot } from "../../../doctor/live-snapshot";
import { projectDirectory } from "../../../offline/program/program-run";
import {
    checkContext,
    expectedAccount,
    healthyJob,
    healthyServicePrincipal,
    healthySnapshot,
    NOW,
    ok,
    TENANT_ID,
} from "../support/healthy-account";

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
        const tableAreas = [...new Set([...readme.matchAll(/^\| ([A-Z][a-z ]+) \| `[a-z0-9-]+` \|/gm)].map((row) => row[1]))];
        assert.deepStrictEqual(tableAreas, [...new Set(FINDING_KINDS.map((kind) => kind.area))], "the README table follows the catalog");
        assert.deepStrictEqual(checkAreas, ["Reachability", ...tableAreas.filter((area) => area !== "Reachability")]);
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
