import * as assert from "assert";
import {
    DAY_MS,
    daysUntil,
    DEFAULT_THRESHOLDS,
    finding,
    thumbprintOfKeyIdentifier,
    valueOf,
    wasRead,
} from "../../../doctor/checks/check-context";
import { activeCertificate, expectedAccount, failedReading, NOW, ok } from "../support/healthy-account";

describe("doctor/checks/check-context", () => {
    it("defaults to Azure's certificate mails (60, 30, 7 days) and the policy pack's password policy", () => {
        assert.deepStrictEqual(DEFAULT_THRESHOLDS.certificateDays, [60, 30, 7]);
        assert.deepStrictEqual(DEFAULT_THRESHOLDS.passwordPolicy, { minimumLength: 14, minimumReusePrevention: 24, maximumAgeDays: 90 });
        assert.strictEqual(DEFAULT_THRESHOLDS.accessKeyMaxAgeDays, 90);
        assert.strictEqual(DEFAULT_THRESHOLDS.roleImportMaxHoursWithoutSuccess, 24);
        assert.strictEqual(DEFAULT_THRESHOLDS.provisioningMaxHoursWithoutSuccess, 24);
        assert.strictEqual(DEFAULT_THRESHOLDS.scimTokenWarningDays, 30, "the policy pack's warningDays");
        assert.strictEqual(DEFAULT_THRESHOLDS.scimTokenMaxLifetimeDays, 366, "a year, and a leap day");
        assert.deepStrictEqual(DEFAULT_THRESHOLDS.breakGlassUsers, []);
    });

    it("valueOf and wasRead tell a successful reading, even of nothing, from a failed or absent one", () => {
        const denied = failedReading(
            "access-denied",
            "iam",
            "iam:GetUser",
            "iam:GetUser",
            "the reader",
            "arn:aws:iam::111122223333:user/x",
        );
        assert.deepStrictEqual(valueOf(ok(["contoso"])), ["contoso"]);
        assert.strictEqual(valueOf(denied), undefined);
        assert.strictEqual(valueOf(undefined), undefined);
        assert.strictEqual(wasRead(ok(undefined)), true, "the user does not exist: that was read");
        assert.strictEqual(wasRead(denied), false);
        assert.strictEqual(wasRead(undefined), false);
    });

    it("finding names the account by logical name and id", () => {
        assert.deepStrictEqual(finding(expectedAccount(), "root-mfa-disabled", "error", "AWS account 111122223333 root user", "m", "f"), {
            id: "root-mfa-disabled",
            severity: "error",
            account: "sandbox",
            accountId: "111122223333",
            resource: "AWS account 111122223333 root user",
            message: "m",
            fix: "f",
        });
    });

    it("daysUntil counts whole days, rounded down, negative once past", () => {
        assert.strictEqual(daysUntil(new Date(NOW.getTime() + 30 * DAY_MS), NOW), 30);
        assert.strictEqual(daysUntil(new Date(NOW.getTime() + 30 * DAY_MS - 1), NOW), 29);
        assert.strictEqual(daysUntil(NOW, NOW), 0);
        assert.strictEqual(daysUntil(new Date(NOW.getTime() - 1), NOW), -1);
    });

    it("turns Graph's base64 customKeyIdentifier into the upper-case hex thumbprint, and refuses anything not SHA-1 sized", () => {
        const { thumbprint } = activeCertificate();
        assert.strictEqual(thumbprintOfKeyIdentifier(Buffer.from(thumbprint, "hex").toString("base64")), thumbprint);
        assert.strictEqual(thumbprintOfKeyIdentifier(Buffer.from("abcd", "hex").toString("base64")), undefined);
        assert.strictEqual(thumbprintOfKeyIdentifier(null), undefined);
        assert.strictEqual(thumbprintOfKeyIdentifier(""), undefined);
    });
});
