import * as assert from "assert";
import { parseStackConfig, StackConfigError } from "../components/stack-config";
import { CloudStandIns } from "../offline/cloud-stand-ins";
import { runProgramUnderMocks } from "../offline/program-run";
import { baseStackConfig, productionAccount, rawConfig, TENANT_ID } from "./support/stack-fixtures";

/** The problems parseStackConfig reports, as `path: message` lines. */
function problemsOf(values: Record<string, unknown>): string[] {
    try {
        parseStackConfig(rawConfig(values), { stack: "dev" });
    } catch (error) {
        assert.ok(error instanceof StackConfigError, `expected StackConfigError, got ${error}`);
        return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    }
    assert.fail("config was accepted");
}

function withRole(role: Record<string, unknown>, accountIndex = 0): Record<string, any> {
    const config = baseStackConfig();
    config.accounts = [config.accounts[0], productionAccount()];
    config.accounts[accountIndex].roles = [role, ...config.accounts[accountIndex].roles];
    return config;
}

describe("stack config", () => {
    it("resolves defaults: session 3600, UPN session names, AzureAD provider, provisioning on, MFA off, suffix <stack>-<account>", () => {
        const config = parseStackConfig(rawConfig(baseStackConfig()), { stack: "dev", defaultRegion: "eu-central-1" });
        assert.strictEqual(config.sessionDuration, 3600);
        assert.strictEqual(config.roleSessionNameSource, "userprincipalname");
        assert.strictEqual(config.samlProviderName, "AzureAD");
        assert.strictEqual(config.provisioning, true);
        assert.strictEqual(config.requireMfa, false);
        assert.deepStrictEqual(config.signingCertificates, [{ name: "primary" }]);
        assert.strictEqual(config.accounts[0].identifierSuffix, "dev-sandbox");
        assert.strictEqual(config.accounts[0].region, "eu-central-1");
        assert.strictEqual(config.accounts[0].roles[0].maxSessionDuration, 3600);
    });

    it("defaults a role's maxSessionDuration to the session duration when that is longer than an hour", () => {
        const config = parseStackConfig(rawConfig({ ...baseStackConfig(), sessionDuration: 28800 }), { stack: "dev" });
        assert.deepStrictEqual(config.accounts[0].roles.map((role) => role.maxSessionDuration), [28800, 28800]);
    });

    it("accepts one signing certificate object or a list of them", () => {
        const single = parseStackConfig(rawConfig({ ...baseStackConfig(), signingCertificate: { endDate: "2029-01-01T00:00:00Z" } }), { stack: "dev" });
        assert.deepStrictEqual(single.signingCertificates, [{ name: "primary", endDate: "2029-01-01T00:00:00Z" }]);
        const list = parseStackConfig(
            rawConfig({ ...baseStackConfig(), signingCertificate: [{ name: "cert-2026" }, { name: "cert-2027", endDate: "2030-01-01T00:00:00Z" }] }),
            { stack: "dev" },
        );
        assert.deepStrictEqual(list.signingCertificates.map((certificate) => certificate.name), ["cert-2026", "cert-2027"]);
    });

    it("resolves test-user roles by role name or account/role", () => {
        const values: Record<string, any> = { ...baseStackConfig(), testUser: { userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon", roles: ["Developer", "production/Operator"] } };
        values.accounts = [values.accounts[0], productionAccount()];
        const config = parseStackConfig(rawConfig(values), { stack: "dev" });
        assert.deepStrictEqual(config.testUser?.roles, [
            { accountName: "sandbox", roleName: "Developer" },
            { accountName: "production", roleName: "Operator" },
        ]);
    });

    describe("rejects bad config with the key path and the allowed values", () => {
        it("a maxSessionDuration below the IAM minimum", () => {
            assert.deepStrictEqual(problemsOf(withRole({ name: "Short", maxSessionDuration: 900 }, 1)), [
                "accounts[1].roles[0].maxSessionDuration: 900 is below 3600, the IAM minimum",
            ]);
        });

        it("a sessionDuration above a role's maxSessionDuration", () => {
            const config = withRole({ name: "Short", maxSessionDuration: 3600 });
            config.sessionDuration = 7200;
            config.accounts[0].roles.slice(1).forEach((role: any) => (role.maxSessionDuration = 7200));
            config.accounts[1].roles.forEach((role: any) => (role.maxSessionDuration = 7200));
            assert.deepStrictEqual(problemsOf(config), [
                "accounts[0].roles[0].maxSessionDuration: 3600 is below sessionDuration 7200: STS refuses a SessionDuration above the role's maximum; raise it to at least 7200",
            ]);
        });

        it("a sessionDuration outside STS's range", () => {
            assert.deepStrictEqual(problemsOf({ ...baseStackConfig(), sessionDuration: 60 }), ["sessionDuration: 60 is below 900, the STS limit"]);
        });

        it("duplicate account names and account ids", () => {
            const config = baseStackConfig();
            config.accounts.push({ ...productionAccount(), name: "sandbox", accountId: "111122223333" });
            assert.deepStrictEqual(problemsOf(config), [
                'accounts[1].name: duplicate account name "sandbox" (also at accounts[0])',
                'accounts[1].accountId: duplicate AWS account id (one gallery app per account) "111122223333" (also at accounts[0])',
                'accounts[1].identifierSuffix: duplicate identifier suffix (identifiers are unique per tenant) "dev-sandbox" (also at accounts[0])',
            ]);
        });

        it("duplicate role names, including ones that differ only in case", () => {
            assert.deepStrictEqual(problemsOf(withRole({ name: "developer" })), [
                'accounts[0].roles[1].name: duplicate role name "developer" (also at accounts[0].roles[0])',
            ]);
        });

        it("an account id that is not 12 digits", () => {
            const config = baseStackConfig();
            config.accounts[0].accountId = "12345";
            assert.deepStrictEqual(problemsOf(config), ['accounts[0].accountId: "12345" is not allowed: an AWS account id is exactly 12 digits']);
        });

        it("a role name IAM would refuse", () => {
            assert.deepStrictEqual(problemsOf(withRole({ name: "Data Analyst" })), [
                'accounts[0].roles[0].name: "Data Analyst" is not allowed: IAM role names are 1-64 characters of letters, digits and +=,.@_-',
            ]);
        });

        it("an app role value over Microsoft Graph's 120 characters, naming the key path, the value and its length", () => {
            const config = withRole({ name: "R".repeat(42) });
            config.samlProviderName = "EntraID";
            const value = `arn:aws:iam::111122223333:role/${"R".repeat(42)},arn:aws:iam::111122223333:saml-provider/EntraID`;
            assert.strictEqual(value.length, 121);
            assert.deepStrictEqual(problemsOf(config), [
                `accounts[0].roles[0].name: the app role value "${value}" is 121 characters; Microsoft Graph accepts at most 120 for app roles on the application: shorten the role name or samlProviderName`,
            ]);
            const atLimit = withRole({ name: "R".repeat(41) });
            atLimit.samlProviderName = "EntraID";
            const parsed = parseStackConfig(rawConfig(atLimit), { stack: "dev" });
            assert.strictEqual(parsed.accounts[0].roles[0].name, "R".repeat(41));
        });

        it("malformed inline policy JSON and a statement without an effect", () => {
            assert.deepStrictEqual(problemsOf(withRole({ name: "Inline", inlinePolicy: '{"Statement": [' })), [
                "accounts[0].roles[0].inlinePolicy: is not valid JSON: Unexpected end of JSON input",
            ]);
            assert.deepStrictEqual(problemsOf(withRole({ name: "Inline", inlinePolicy: { Statement: [{ Effect: "Permit", Action: "s3:GetObject" }] } })), [
                'accounts[0].roles[0].inlinePolicy.Statement[0].Effect: "Permit" is not allowed: Allow or Deny',
            ]);
        });

        it("unknown keys, with the likely intended key", () => {
            const config: Record<string, any> = { ...baseStackConfig(), sessionDuraton: 3600 };
            config.accounts[0].roles[0].maxSesionDuration = 7200;
            const problems = problemsOf(config).sort().reverse();
            assert.strictEqual(problems.length, 2, problems.join("\n"));
            assert.match(problems[0], /^sessionDuraton: unknown key \(did you mean "sessionDuration"\?\); allowed: sessionDuration, roleSessionNameSource, /);
            assert.match(problems[1], /^accounts\[0\]\.roles\[0\]\.maxSesionDuration: unknown key \(did you mean "maxSessionDuration"\?\); allowed: name, description, /);
        });

        it("a RoleSessionName source that is not a user attribute", () => {
            const [problem] = problemsOf({ ...baseStackConfig(), roleSessionNameSource: "upn" });
            assert.match(problem, /^roleSessionNameSource: "upn" is not a user attribute; allowed: userprincipalname, mail, /);
        });

        it("missing notification e-mails and accounts", () => {
            assert.deepStrictEqual(problemsOf({}), [
                "notificationEmails: is required: a list of e-mail addresses that receive certificate expiry notices",
                "accounts: is required: a list of AWS accounts",
            ]);
        });

        it("a test-user role that no account has", () => {
            const [problem] = problemsOf({ ...baseStackConfig(), testUser: { userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon", roles: ["Admin"] } });
            assert.strictEqual(problem, 'testUser.roles[0]: "Admin" names no configured role; allowed: a role name or account/role, one of sandbox/Developer, sandbox/ReadOnly');
        });

        it("reports every problem at once", () => {
            const config = withRole({ name: "Short", maxSessionDuration: 900 }, 1);
            config.accounts[0].accountId = "1";
            assert.strictEqual(problemsOf(config).length, 2);
        });
    });

    it("stops the program before anything is registered", async () => {
        let registered = 0;
        class CountingStandIns extends CloudStandIns {
            newResource(args: Parameters<CloudStandIns["newResource"]>[0]) {
                registered++;
                return super.newResource(args);
            }
        }
        const config = withRole({ name: "Short", maxSessionDuration: 900 }, 1);
        await assert.rejects(
            runProgramUnderMocks({ config: rawConfig(config), standIns: new CountingStandIns({ tenantId: TENANT_ID }) }),
            (error: Error) => error instanceof StackConfigError && /accounts\[1\]\.roles\[0\]\.maxSessionDuration: 900 is below 3600/.test(error.message),
        );
        assert.strictEqual(registered, 0);
    });
});
