import * as assert from "assert";
import { CliConfigError } from "../../cli-config/errors";
import { awsAzureLoginHours, cliSessionSeconds, ROLE_MAX_SESSION_LIMITS, STS_DURATION_LIMITS } from "../../cli-config/session-duration";

describe("session-duration: how long a CLI tool asks STS for", () => {
    it("never exceed the role maximum or the claim, and aws-azure-login gets whole hours within them", () => {
        assert.strictEqual(cliSessionSeconds(5400, 43200, "r"), 5400);
        assert.strictEqual(cliSessionSeconds(43200, 900, "r"), 900);
        assert.strictEqual(cliSessionSeconds(43200, 43200, "r"), 43200);
        assert.strictEqual(awsAzureLoginHours(5400), 1);
        assert.strictEqual(awsAzureLoginHours(43200), 12);
        assert.strictEqual(awsAzureLoginHours(7199), 1);
        // One hour is the least aws-azure-login can ask for; it is within every role's maximum.
        assert.strictEqual(awsAzureLoginHours(900), 1);
        for (let seconds = 3600; seconds <= 43200; seconds += 900) {
            assert.ok(awsAzureLoginHours(seconds) * 3600 <= seconds, `${seconds}`);
        }
    });

    it("refuse a role maximum IAM would not have", () => {
        assert.throws(
            () => cliSessionSeconds(900, 3600, "accounts.a.roles.r"),
            /accounts\.a\.roles\.r\.maxSessionDuration: 900 is not an IAM MaxSessionDuration/,
        );
    });

    it("refuse a SessionDuration claim STS would not accept, and a role maximum that is not whole seconds", () => {
        for (const claim of [STS_DURATION_LIMITS.min - 1, STS_DURATION_LIMITS.max + 1, 7200.5]) {
            assert.throws(
                () => cliSessionSeconds(3600, claim, "accounts.sandbox.roles.Developer"),
                (error: Error) =>
                    error instanceof CliConfigError &&
                    error.message === `sessionDuration: ${claim} is not a SessionDuration STS accepts (900..43200 seconds)`,
            );
        }
        assert.throws(
            () => cliSessionSeconds(3600.5, 3600, "accounts.sandbox.roles.Developer"),
            /^CliConfigError: accounts\.sandbox\.roles\.Developer\.maxSessionDuration: 3600\.5 is not an IAM MaxSessionDuration \(3600\.\.43200 seconds\)$/,
        );
        assert.throws(() => cliSessionSeconds(ROLE_MAX_SESSION_LIMITS.max + 1, 3600, "r"), /r\.maxSessionDuration: 43201/);
    });

    it("accept the edges of both ranges", () => {
        assert.strictEqual(cliSessionSeconds(ROLE_MAX_SESSION_LIMITS.min, STS_DURATION_LIMITS.min, "r"), 900);
        assert.strictEqual(cliSessionSeconds(ROLE_MAX_SESSION_LIMITS.max, STS_DURATION_LIMITS.max, "r"), 43200);
        assert.strictEqual(cliSessionSeconds(ROLE_MAX_SESSION_LIMITS.min, STS_DURATION_LIMITS.max, "r"), 3600);
    });
});
