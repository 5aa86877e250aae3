import * as assert from "assert";
import { main } from "../../cli-config/command";
import { CliConfigError } from "../../cli-config/errors";
import { cliSessionSeconds } from "../../cli-config/session-duration";

describe("errors: CliConfigError, bad input to the cli-config command or generators", () => {
    it("is an Error named CliConfigError that carries the message as written", () => {
        const error = new CliConfigError('--account: stack dev has no account "prod"; allowed: sandbox');
        assert.ok(error instanceof Error);
        assert.strictEqual(error.name, "CliConfigError");
        assert.strictEqual(String(error), 'CliConfigError: --account: stack dev has no account "prod"; allowed: sandbox');
    });

    it("is what the generators throw on bad input", () => {
        assert.throws(() => cliSessionSeconds(900, 3600, "accounts.sandbox.roles.Developer"), CliConfigError);
    });

    it("is printed by the command as its message alone, on stderr, with exit code 2", async () => {
        let stdout = "";
        let stderr = "";
        const code = await main(["--stack", "dev", "--format", "aws-vault"], {
            env: {},
            stdout: (text) => (stdout += text),
            stderr: (text) => (stderr += text),
        });
        assert.strictEqual(code, 2);
        assert.strictEqual(stderr, '--format: "aws-vault" is not a format; allowed: aws-sso, aws-azure-login, saml2aws\n');
        assert.strictEqual(stdout, "");
    });
});
