import * as assert from "assert";
import { Finding } from "../../doctor/findings";
import { buildReport, formatReport } from "../../doctor/report";

const NOW = new Date("2027-06-01T12:00:00Z");

function finding(accountName: string, id: string, severity: Finding["severity"], resource = "r"): Finding {
    return { id, severity, account: accountName, accountId: "1", resource, message: "m", fix: "f" };
}

describe("doctor report (buildReport, formatReport)", () => {
    it("the report puts the worst account first and lists healthy accounts", () => {
        const report = buildReport(
            [
                { name: "a", accountId: "1" },
                { name: "b", accountId: "2" },
                { name: "c", accountId: "3" },
            ],
            [
                finding("a", "account-alias-missing", "notice"),
                finding("c", "root-mfa-disabled", "error"),
                finding("a", "password-policy-missing", "warning"),
            ],
            { stack: "dev", now: NOW, failOn: "error" },
        );
        assert.deepStrictEqual(
            report.accounts.map((entry) => [entry.account, entry.worst, entry.findings.map((f) => f.severity)]),
            [
                ["c", "error", ["error"]],
                ["a", "warning", ["warning", "notice"]],
                ["b", undefined, []],
            ],
        );
        assert.strictEqual(report.exitCode, 1);
        assert.strictEqual(
            buildReport([{ name: "a", accountId: "1" }], [finding("a", "password-policy-missing", "warning")], {
                stack: "dev",
                now: NOW,
                failOn: "error",
            }).exitCode,
            0,
        );
    });

    it("orders an account's findings by severity, then id, then resource; equal worst accounts by count, then name", () => {
        const report = buildReport(
            [
                { name: "z", accountId: "444455556666" },
                { name: "y", accountId: "111122223333" },
                { name: "x", accountId: "777788889999" },
            ],
            [
                finding("y", "role-trust-drift", "warning", "arn:aws:iam::111122223333:role/B"),
                finding("y", "role-trust-drift", "warning", "arn:aws:iam::111122223333:role/A"),
                finding("y", "assignment-missing", "warning"),
                finding("z", "root-mfa-disabled", "error"),
                finding("y", "iam-role-missing", "error"),
                finding("x", "root-mfa-disabled", "error"),
            ],
            { stack: "dev", now: NOW, failOn: "error" },
        );
        assert.deepStrictEqual(
            report.accounts.map((entry) => entry.account),
            ["y", "x", "z"],
        );
        assert.deepStrictEqual(
            report.accounts[0].findings.map((entry) => `${entry.id} ${entry.resource}`),
            [
                "iam-role-missing r",
                "assignment-missing r",
                "role-trust-drift arn:aws:iam::111122223333:role/A",
                "role-trust-drift arn:aws:iam::111122223333:role/B",
            ],
        );
        assert.deepStrictEqual(report.accounts[0].counts, { error: 1, warning: 3, notice: 0 });
        assert.deepStrictEqual(report.counts, { error: 3, warning: 3, notice: 0 });
    });

    it("--ignore leaves findings out of counts and exit code and counts what it hid; --fail-on warning fails on warnings", () => {
        const findings = [
            finding("a", "root-mfa-disabled", "error"),
            finding("a", "root-mfa-disabled", "error"),
            finding("a", "password-policy-missing", "warning"),
        ];
        const ignored = buildReport([{ name: "a", accountId: "1" }], findings, {
            stack: "dev",
            now: NOW,
            failOn: "error",
            ignore: ["root-mfa-disabled"],
        });
        assert.deepStrictEqual(ignored.ignored, { "root-mfa-disabled": 2 });
        assert.deepStrictEqual(ignored.counts, { error: 0, warning: 1, notice: 0 });
        assert.strictEqual(ignored.exitCode, 0);
        assert.strictEqual(ignored.checkedAt, "2027-06-01T12:00:00.000Z");
        const strict = buildReport([{ name: "a", accountId: "1" }], findings, {
            stack: "dev",
            now: NOW,
            failOn: "warning",
            ignore: ["root-mfa-disabled"],
        });
        assert.strictEqual(strict.exitCode, 1);
    });

    it("formats for a terminal: the summary line, each account with its findings, what was ignored, and the verdict", () => {
        const report = buildReport(
            [
                { name: "sandbox", accountId: "111122223333" },
                { name: "production", accountId: "444455556666" },
            ],
            [
                {
                    ...finding("sandbox", "password-policy-missing", "warning", "AWS account 111122223333"),
                    message: "No policy.",
                    fix: "Set one.",
                },
                finding("sandbox", "account-alias-missing", "notice"),
                finding("sandbox", "root-mfa-disabled", "error"),
            ],
            { stack: "dev", now: NOW, failOn: "warning", ignore: ["root-mfa-disabled"] },
        );
        const text = formatReport(report);
        assert.match(text, /^Doctor for stack dev at 2027-06-01T12:00:00\.000Z: 1 warning, 1 notice in 2 account\(s\)\n/);
        assert.match(
            text,
            /\naccount sandbox \(111122223333\): 1 warning, 1 notice\n {2}WARNING password-policy-missing {2}AWS account 111122223333\n {10}No policy\.\n {10}fix: Set one\.\n/,
        );
        assert.match(text, /\naccount production \(444455556666\): healthy\n/);
        assert.match(text, /\nIgnored: root-mfa-disabled \(1\)\n/);
        assert.match(text, /\nUnhealthy: 0 error\(s\), 1 warning\(s\) at or above --fail-on warning\.$/);
        const healthy = formatReport(
            buildReport([{ name: "sandbox", accountId: "111122223333" }], [], { stack: "dev", now: NOW, failOn: "error" }),
        );
        assert.match(healthy, /: no findings in 1 account\(s\)\n/);
        assert.match(healthy, /\nHealthy: nothing at or above error\.$/);
        assert.ok(!healthy.includes("Ignored:"));
    });

    describe("the Identity Center unit", () => {
        const IC = {
            name: "identity-center",
            accountId: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
            kind: "identity-center" as const,
        };
        const icFinding = (id: string, severity: Finding["severity"]): Finding => ({
            ...finding("identity-center", id, severity),
            accountId: IC.accountId,
        });

        it("is an entry of its own kind, sorted with the accounts, and counts toward the exit code", () => {
            const report = buildReport(
                [{ name: "sandbox", accountId: "111122223333" }, IC],
                [icFinding("identity-center-scim-token-expired", "error"), icFinding("identity-center-aws-side-not-checked", "notice")],
                { stack: "migration", now: NOW, failOn: "error" },
            );
            assert.deepStrictEqual(
                report.accounts.map((entry) => [entry.kind, entry.account, entry.accountId, entry.findings.map((f) => f.id)]),
                [
                    [
                        "identity-center",
                        "identity-center",
                        IC.accountId,
                        ["identity-center-scim-token-expired", "identity-center-aws-side-not-checked"],
                    ],
                    ["account", "sandbox", "111122223333", []],
                ],
            );
            assert.strictEqual(report.exitCode, 1);
        });

        it("keeps its findings apart from an account that happens to be named identity-center", () => {
            const report = buildReport(
                [{ name: "identity-center", accountId: "444455556666" }, IC],
                [
                    icFinding("identity-center-aws-side-not-checked", "notice"),
                    { ...finding("identity-center", "root-mfa-disabled", "error"), accountId: "444455556666" },
                ],
                { stack: "org", now: NOW, failOn: "error" },
            );
            assert.deepStrictEqual(
                report.accounts.map((entry) => [entry.kind, entry.findings.map((f) => f.id)]),
                [
                    ["account", ["root-mfa-disabled"]],
                    ["identity-center", ["identity-center-aws-side-not-checked"]],
                ],
            );
        });

        it("formats as Identity Center with its instance ARN, and the summary names it beside the account count", () => {
            const text = formatReport(
                buildReport([IC], [icFinding("identity-center-aws-side-not-checked", "notice")], {
                    stack: "org",
                    now: NOW,
                    failOn: "error",
                }),
            );
            assert.match(text, /^Doctor for stack org at 2027-06-01T12:00:00\.000Z: 1 notice in 0 account\(s\) and Identity Center\n/);
            assert.match(text, /\nIdentity Center identity-center \(arn:aws:sso:::instance\/ssoins-7223a1b2c3d4e5f6\): 1 notice\n/);
            assert.match(text, /\nHealthy: nothing at or above error\.$/);
        });
    });
});
