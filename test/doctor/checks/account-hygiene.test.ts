import * as assert from "assert";
import { checkAccountHygiene } from "../../../doctor/checks/account-hygiene";
import { AccountSnapshot } from "../../../doctor/live-snapshot";
import {
    checkContext,
    expectedAccount,
    failedReading,
    healthySnapshot,
    NOW,
    ok,
    READER_ARN,
    READER_NAME,
} from "../support/healthy-account";

function ids(snapshot: AccountSnapshot, thresholds: Parameters<typeof checkContext>[0] = {}): string[] {
    return checkAccountHygiene(expectedAccount(), snapshot, checkContext(thresholds)).map((finding) => finding.id);
}

const alice = {
    name: "alice",
    arn: "arn:aws:iam::111122223333:user/alice",
    userId: "AIDA3EXAMPLEALICE001",
    path: "/",
    passwordLastUsed: NOW,
};
const withAlice = (profile: boolean) =>
    healthySnapshot({
        users: ok([{ name: READER_NAME, arn: READER_ARN, userId: "AIDA3EXAMPLEREADER01", path: "/" }, alice]),
        loginProfiles: {
            [READER_NAME]: ok(undefined),
            alice: ok(profile ? { userName: "alice", createDate: NOW, passwordResetRequired: false } : undefined),
        },
    });

describe("doctor/checks/account-hygiene (checkAccountHygiene)", () => {
    it("root: no MFA and access keys are errors on the root user", () => {
        const findings = checkAccountHygiene(
            expectedAccount(),
            healthySnapshot({ accountSummary: ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 }) }),
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity, finding.resource]),
            [
                ["root-mfa-disabled", "error", "AWS account 111122223333 root user"],
                ["root-access-keys-present", "error", "AWS account 111122223333 root user"],
            ],
        );
    });

    it("a console password is a warning unless the user is an allowed break-glass user", () => {
        const findings = checkAccountHygiene(expectedAccount(), withAlice(true), checkContext());
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity, finding.resource]),
            [["iam-user-console-password", "warning", alice.arn]],
        );
        assert.match(findings[0].message, /last used 2027-06-01T12:00:00\.000Z/);
        assert.match(findings[0].fix, /--break-glass-user alice/);
        assert.deepStrictEqual(ids(withAlice(true), { breakGlassUsers: ["alice"] }), []);
        assert.deepStrictEqual(ids(withAlice(false)), []);
    });

    it("password policy: missing, or weaker than the pack's in length, reuse or expiry", () => {
        assert.deepStrictEqual(ids(healthySnapshot({ passwordPolicy: ok(undefined) })), ["password-policy-missing"]);
        const weak = checkAccountHygiene(
            expectedAccount(),
            healthySnapshot({ passwordPolicy: ok({ minimumPasswordLength: 8, passwordReusePrevention: 5 }) }),
            checkContext(),
        );
        assert.deepStrictEqual(
            weak.map((finding) => finding.id),
            ["password-policy-weak"],
        );
        assert.match(weak[0].message, /minimum length 8 < 14, reuse prevention 5 < 24, expiry never > 90 days/);
        assert.deepStrictEqual(
            ids(healthySnapshot({ passwordPolicy: ok({ minimumPasswordLength: 20, passwordReusePrevention: 24, maxPasswordAge: 30 }) })),
            [],
        );
    });

    it("no alias is a notice", () => {
        const findings = checkAccountHygiene(expectedAccount(), healthySnapshot({ aliases: ok([]) }), checkContext());
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity]),
            [["account-alias-missing", "notice"]],
        );
    });

    it("what could not be read is not reported as a problem", () => {
        const denied = (operation: string) => failedReading("access-denied", "iam", operation, operation, "x", "AWS account 111122223333");
        assert.deepStrictEqual(
            ids(
                healthySnapshot({
                    accountSummary: denied("iam:GetAccountSummary"),
                    passwordPolicy: denied("iam:GetAccountPasswordPolicy"),
                    aliases: denied("iam:ListAccountAliases"),
                    users: denied("iam:ListUsers"),
                }),
            ),
            [],
        );
    });
});
