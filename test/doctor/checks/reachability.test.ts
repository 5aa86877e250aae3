import * as assert from "assert";
import { allReadings, checkReachability, couldNotCheck, identityCenterReadings } from "../../../doctor/checks/reachability";
import { AccountSnapshot } from "../../../doctor/live-snapshot";
import { checkContext, expectedAccount, failedReading, healthySnapshot, ok, SERVICE_PRINCIPAL_ID } from "../support/healthy-account";

const spResource = `servicePrincipal ${SERVICE_PRINCIPAL_ID}`;

describe("doctor/checks/reachability (checkReachability)", () => {
    it("allReadings holds every single reading and every keyed one", () => {
        const healthy = healthySnapshot();
        // 12 single readings, one role, one key's last use, one login profile.
        assert.strictEqual(allReadings(healthy).length, 15);
        assert.strictEqual(allReadings({ roles: {}, roleImportKeysLastUsed: {}, loginProfiles: {} }).length, 0);
    });

    it("each failed read is a could-not-check finding of its kind, naming what it blocks and the fix", () => {
        const snapshot: AccountSnapshot = healthySnapshot({
            synchronizationJobs: failedReading(
                "access-denied",
                "graph",
                "GET /v1.0/servicePrincipals/{id}/synchronization/jobs",
                "Synchronization.Read.All",
                "the role import job",
                spResource,
            ),
            accountSummary: failedReading(
                "access-denied",
                "iam",
                "iam:GetAccountSummary",
                "iam:GetAccountSummary",
                "root MFA",
                "AWS account 111122223333",
            ),
            aliases: failedReading(
                "throttled",
                "iam",
                "iam:ListAccountAliases",
                "iam:ListAccountAliases",
                "the alias",
                "AWS account 111122223333",
            ),
            roles: {
                Developer: failedReading(
                    "not-found",
                    "iam",
                    "iam:GetRole",
                    "iam:GetRole",
                    "the role",
                    "arn:aws:iam::111122223333:role/Developer",
                ),
            },
            passwordPolicy: failedReading(
                "unsupported",
                "iam",
                "iam:GetAccountPasswordPolicy",
                "x",
                "the password policy",
                "AWS account 111122223333",
            ),
            users: failedReading("no-credentials", "iam", "iam:ListUsers", "iam:ListUsers", "IAM users", "AWS account 111122223333"),
        });
        const findings = checkReachability(expectedAccount(), snapshot, checkContext());
        const byBlock = Object.fromEntries(findings.map((finding) => [finding.message.split(":")[0], finding]));
        assert.deepStrictEqual(findings.map((finding) => finding.id).sort(), [
            "could-not-check-access-denied",
            "could-not-check-access-denied",
            "could-not-check-failed",
            "could-not-check-throttled",
            "could-not-check-unauthenticated",
            "could-not-check-unsupported",
        ]);
        assert.ok(findings.every((finding) => finding.severity === "error"));
        assert.strictEqual(byBlock["Could not check the role import job"].resource, spResource);
        assert.match(
            byBlock["Could not check the role import job"].fix,
            /Microsoft Graph application permission Synchronization\.Read\.All/,
        );
        assert.match(byBlock["Could not check root MFA"].fix, /^Allow iam:GetAccountSummary/);
        assert.match(byBlock["Could not check the alias"].fix, /again later/);
        assert.strictEqual(
            byBlock["Could not check the role"].id,
            "could-not-check-failed",
            "a role that vanished mid-read is no kind of its own",
        );
        assert.match(byBlock["Could not check IAM users"].fix, /Check the AWS credentials/);
    });

    it("credentials in another account are an error naming the deploy role, when there is one", () => {
        const caller = ok({
            account: "999988887777",
            arn: "arn:aws:sts::999988887777:assumed-role/PulumiDeploy/doctor",
            userId: "AROA:doctor",
        });
        const viaRole = expectedAccount({ deployRoleArn: "arn:aws:iam::111122223333:role/PulumiDeploy" });
        const findings = checkReachability(viaRole, healthySnapshot({ caller }), checkContext());
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.resource]),
            [["aws-account-mismatch", caller.ok && caller.value.arn]],
        );
        assert.match(
            findings[0].message,
            /\(after assuming arn:aws:iam::111122223333:role\/PulumiDeploy\) are in account 999988887777, not 111122223333/,
        );
    });

    it("a service principal that was read and does not exist is an error; one that was not read is not", () => {
        const gone = checkReachability(expectedAccount(), healthySnapshot({ servicePrincipal: ok(undefined) }), checkContext());
        assert.deepStrictEqual(
            gone.map((finding) => [finding.id, finding.resource]),
            [["service-principal-missing", spResource]],
        );
        assert.deepStrictEqual(checkReachability(expectedAccount(), healthySnapshot({ servicePrincipal: undefined }), checkContext()), []);
    });

    it("couldNotCheck words failed readings for any unit; identityCenterReadings holds the Identity Center reads made", () => {
        const denied = failedReading("throttled", "graph", "GET jobs", "Synchronization.Read.All", "the SCIM provisioning job", "sp");
        const unit = { name: "identity-center", accountId: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6" };
        assert.deepStrictEqual(
            couldNotCheck(unit, [ok(1), denied]).map((finding) => [finding.id, finding.account, finding.accountId, finding.message]),
            [
                [
                    "could-not-check-throttled",
                    unit.name,
                    unit.accountId,
                    "Could not check the SCIM provisioning job: GET jobs failed: throttled",
                ],
            ],
        );
        assert.strictEqual(identityCenterReadings({ servicePrincipal: ok(undefined) }).length, 1);
        assert.strictEqual(
            identityCenterReadings({ servicePrincipal: ok(undefined), appRoleAssignedTo: ok([]), synchronizationJobs: denied }).length,
            3,
        );
    });
});
