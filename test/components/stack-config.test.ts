import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { identifierUri } from "../../components/documents/aws-sign-in-endpoints";
import { isoDurationSeconds, loadStackConfig, parseStackConfig, StackConfigError } from "../../components/stack-config";
import { CloudStandIns } from "../../offline/program/cloud-stand-ins";
import { runProgramUnderMocks } from "../../offline/program/program-run";
import {
    baseStackConfig,
    identityCenterBlock,
    identityCenterOnlyConfig,
    productionAccount,
    rawConfig,
    SCIM_TOKEN,
    TENANT_ID,
} from "../support/stack-fixtures";

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

describe("stack-config", () => {
    describe("parseStackConfig", () => {
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
            assert.deepStrictEqual(
                config.accounts[0].roles.map((role) => role.maxSessionDuration),
                [28800, 28800],
            );
        });

        it("accepts one signing certificate object or a list of them", () => {
            const single = parseStackConfig(rawConfig({ ...baseStackConfig(), signingCertificate: { endDate: "2029-01-01T00:00:00Z" } }), {
                stack: "dev",
            });
            assert.deepStrictEqual(single.signingCertificates, [{ name: "primary", endDate: "2029-01-01T00:00:00Z" }]);
            const list = parseStackConfig(
                rawConfig({
                    ...baseStackConfig(),
                    signingCertificate: [{ name: "cert-2026" }, { name: "cert-2027", endDate: "2030-01-01T00:00:00Z" }],
                }),
                { stack: "dev" },
            );
            assert.deepStrictEqual(
                list.signingCertificates.map((certificate) => certificate.name),
                ["cert-2026", "cert-2027"],
            );
        });

        it("resolves test-user roles by role name or account/role", () => {
            const values: Record<string, any> = {
                ...baseStackConfig(),
                testUser: { userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon", roles: ["Developer", "production/Operator"] },
            };
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
                assert.deepStrictEqual(problemsOf({ ...baseStackConfig(), sessionDuration: 60 }), [
                    "sessionDuration: 60 is below 900, the STS limit",
                ]);
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
                assert.deepStrictEqual(problemsOf(config), [
                    'accounts[0].accountId: "12345" is not allowed: an AWS account id is exactly 12 digits',
                ]);
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
                assert.deepStrictEqual(
                    problemsOf(withRole({ name: "Inline", inlinePolicy: { Statement: [{ Effect: "Permit", Action: "s3:GetObject" }] } })),
                    ['accounts[0].roles[0].inlinePolicy.Statement[0].Effect: "Permit" is not allowed: Allow or Deny'],
                );
            });

            it("unknown keys, with the likely intended key", () => {
                const config: Record<string, any> = { ...baseStackConfig(), sessionDuraton: 3600 };
                config.accounts[0].roles[0].maxSesionDuration = 7200;
                const problems = problemsOf(config).sort().reverse();
                assert.strictEqual(problems.length, 2, problems.join("\n"));
                assert.match(
                    problems[0],
                    /^sessionDuraton: unknown key \(did you mean "sessionDuration"\?\); allowed: sessionDuration, roleSessionNameSource, /,
                );
                assert.match(
                    problems[1],
                    /^accounts\[0\]\.roles\[0\]\.maxSesionDuration: unknown key \(did you mean "maxSessionDuration"\?\); allowed: name, description, /,
                );
            });

            it("a RoleSessionName source that is not a user attribute, or one that makes no valid, unique session name", () => {
                const [problem] = problemsOf({ ...baseStackConfig(), roleSessionNameSource: "upn" });
                assert.match(
                    problem,
                    /^roleSessionNameSource: "upn" does not make a valid, unique RoleSessionName; allowed: userprincipalname, mail, /,
                );
                // A claim source, but with spaces and repeats: the pack's claims rule would refuse it at preview.
                const [displayName] = problemsOf({ ...baseStackConfig(), roleSessionNameSource: "displayname" });
                assert.match(displayName, /^roleSessionNameSource: "displayname" does not make a valid, unique RoleSessionName/);
                const nickname = parseStackConfig(rawConfig({ ...baseStackConfig(), roleSessionNameSource: "mailnickname" }), {
                    stack: "dev",
                });
                assert.strictEqual(nickname.roleSessionNameSource, "mailnickname");
            });

            it("missing notification e-mails and accounts", () => {
                assert.deepStrictEqual(problemsOf({}), [
                    "notificationEmails: is required: a list of e-mail addresses that receive certificate expiry notices",
                    "accounts: is required: a list of AWS accounts (or an identityCenter block, or both)",
                ]);
            });

            it("a test-user role that no account has", () => {
                const [problem] = problemsOf({
                    ...baseStackConfig(),
                    testUser: { userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon", roles: ["Admin"] },
                });
                assert.strictEqual(
                    problem,
                    'testUser.roles[0]: "Admin" names no configured role; allowed: a role name or account/role, one of sandbox/Developer, sandbox/ReadOnly',
                );
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
                (error: Error) =>
                    error instanceof StackConfigError &&
                    /accounts\[1\]\.roles\[0\]\.maxSessionDuration: 900 is below 3600/.test(error.message),
            );
            assert.strictEqual(registered, 0);
        });
    });

    describe("parseStackConfig: identityCenter", () => {
        const problemsOfBlock = (change: (block: Record<string, any>) => void, extra: Record<string, unknown> = {}) => {
            const block = identityCenterBlock();
            change(block);
            return problemsOf({
                notificationEmails: ["identity-team@contoso.com"],
                identityCenter: block,
                identityCenterScimToken: SCIM_TOKEN,
                ...extra,
            });
        };

        it("makes accounts optional beside it and resolves its defaults", () => {
            const config = parseStackConfig(identityCenterOnlyConfig(), { stack: "org" });
            assert.deepStrictEqual(config.accounts, []);
            const identityCenter = config.identityCenter!;
            assert.strictEqual(identityCenter.startUrl, "https://d-9067a1b2c3.awsapps.com/start");
            assert.strictEqual(identityCenter.synchronizationTemplateId, "aWSSingleSignon");
            assert.strictEqual(identityCenter.displayName, "AWS IAM Identity Center (org)");
            assert.strictEqual(identityCenter.permissionSets[0].sessionDurationSeconds, 8 * 3600);
            assert.deepStrictEqual(identityCenter.permissionSets[1].customerManagedPolicies, [{ name: "platform-developer", path: "/" }]);
            assert.deepStrictEqual(identityCenter.permissionSets[0].assignments, [
                { group: "aws-platform-admins", accountIds: ["210987654321", "123456789012"] },
            ]);
            assert.strictEqual(config.identityCenterScimToken, SCIM_TOKEN);
        });

        it("takes an overridden start URL and synchronization template id", () => {
            const block = {
                ...identityCenterBlock(),
                startUrl: "https://platform.awsapps.com/start",
                synchronizationTemplateId: "awsSingleSignOnV2",
            };
            const config = parseStackConfig(identityCenterOnlyConfig(block), { stack: "org" });
            assert.strictEqual(config.identityCenter!.startUrl, "https://platform.awsapps.com/start");
            assert.strictEqual(config.identityCenter!.synchronizationTemplateId, "awsSingleSignOnV2");
        });

        it("accepts both blocks in one stack", () => {
            const config = parseStackConfig(
                rawConfig({ ...baseStackConfig(), identityCenter: identityCenterBlock(), identityCenterScimToken: SCIM_TOKEN }),
                { stack: "dev" },
            );
            assert.strictEqual(config.accounts.length, 1);
            assert.strictEqual(config.identityCenter!.permissionSets.length, 2);
        });

        it("requires the SCIM token as a secret key", () => {
            assert.deepStrictEqual(
                problemsOf({ notificationEmails: ["identity-team@contoso.com"], identityCenter: identityCenterBlock() }),
                [
                    "identityCenterScimToken: is required with identityCenter: the SCIM access token from Identity Center's automatic provisioning page (pulumi config set --secret azuread-aws-sso:identityCenterScimToken)",
                ],
            );
        });

        it("a session duration outside PT1H..PT12H, and one that is not ISO 8601", () => {
            assert.deepStrictEqual(
                problemsOfBlock((block) => (block.permissionSets[0].sessionDuration = "PT13H")),
                ['identityCenter.permissionSets[0].sessionDuration: "PT13H" is not allowed: Identity Center accepts PT1H to PT12H'],
            );
            assert.deepStrictEqual(
                problemsOfBlock((block) => (block.permissionSets[0].sessionDuration = "8h")),
                [
                    'identityCenter.permissionSets[0].sessionDuration: "8h" is not allowed: an ISO 8601 duration from PT1H to PT12H, such as PT8H or PT1H30M',
                ],
            );
        });

        it("an assignment to a group that is not configured, naming the groups that are", () => {
            assert.deepStrictEqual(
                problemsOfBlock((block) => (block.permissionSets[1].assign[0].group = "aws-devs")),
                [
                    'identityCenter.permissionSets[1].assign[0].group: "aws-devs" is not one of identityCenter.groups; allowed: aws-platform-admins, aws-developers',
                ],
            );
        });

        it("duplicate permission set names, group names and accounts", () => {
            assert.deepStrictEqual(
                problemsOfBlock((block) => {
                    block.permissionSets[1].name = "platformreadonly";
                    block.groups[1].displayName = "AWS-Platform-Admins";
                    block.permissionSets[0].assign[0].accounts.push("210987654321");
                }),
                [
                    'identityCenter.groups[1].displayName: duplicate group display name "aws-platform-admins" (also at identityCenter.groups[0])',
                    'identityCenter.permissionSets[0].assign[0].accounts[2]: duplicate AWS account id "210987654321" (also at identityCenter.permissionSets[0].assign[0].accounts[0])',
                    'identityCenter.permissionSets[1].name: duplicate permission set name "platformreadonly" (also at identityCenter.permissionSets[0])',
                    'identityCenter.permissionSets[1].assign[0].group: "aws-developers" is not one of identityCenter.groups; allowed: aws-platform-admins, AWS-Platform-Admins',
                ],
            );
        });

        it("a SCIM endpoint in another region than Identity Center's", () => {
            assert.deepStrictEqual(
                problemsOfBlock((block) => (block.scimEndpoint = "https://scim.us-east-1.amazonaws.com/AbCdEf123/scim/v2/")),
                [
                    "identityCenter.scimEndpoint: is in region us-east-1, but identityCenter.region is eu-west-1: both come from the same Identity Center instance",
                ],
            );
        });

        it("malformed ARNs and URLs, with the allowed form", () => {
            const problems = problemsOfBlock((block) => {
                block.instanceArn = "ssoins-7223a1b2c3d4e5f6";
                block.samlAcsUrl = "http://eu-west-1.signin.aws.amazon.com/platform/saml/acs/x";
            });
            assert.deepStrictEqual(problems, [
                'identityCenter.instanceArn: "ssoins-7223a1b2c3d4e5f6" is not allowed: an Identity Center instance ARN such as arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6',
                'identityCenter.samlAcsUrl: "http://eu-west-1.signin.aws.amazon.com/platform/saml/acs/x" is not allowed: the ACS URL from Identity Center\'s change identity source page, such as https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/<id>',
            ]);
        });

        it("unknown keys inside the block, with the likely intended key", () => {
            const problems = problemsOfBlock((block) => {
                block.permissionSet = [];
                block.permissionSets[0].assign[0].account = ["123456789012"];
            }).sort();
            assert.strictEqual(problems.length, 2, problems.join("\n"));
            assert.match(
                problems[0],
                /^identityCenter\.permissionSet: unknown key \(did you mean "permissionSets"\?\); allowed: instanceArn, identityStoreId, /,
            );
            assert.match(
                problems[1],
                /^identityCenter\.permissionSets\[0\]\.assign\[0\]\.account: unknown key \(did you mean "accounts"\?\); allowed: group, accounts$/,
            );
        });

        it("a permissions boundary with both forms", () => {
            const [problem] = problemsOfBlock(
                (block) =>
                    (block.permissionSets[1].permissionsBoundary = {
                        managedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
                        customerManagedPolicy: { name: "b" },
                    }),
            );
            assert.strictEqual(
                problem,
                "identityCenter.permissionSets[1].permissionsBoundary: must be {managedPolicyArn} or {customerManagedPolicy: {name, path?}}, not both",
            );
        });
    });

    describe("parseStackConfig: roleImportKeys", () => {
        /** The base stack with these top-level values set. */
        function parseWithKeys(values: Record<string, unknown>) {
            return parseStackConfig(rawConfig({ ...baseStackConfig(), ...values }), { stack: "dev" });
        }

        /** The problems parseStackConfig reports for the base stack with these values, as `path: message` lines. */
        function keyProblemsOf(values: Record<string, unknown>): string[] {
            try {
                parseWithKeys(values);
            } catch (error) {
                assert.ok(error instanceof StackConfigError, `expected StackConfigError, got ${error}`);
                return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
            }
            assert.fail("config was accepted");
        }

        it("defaults to one undated primary generation, and to none without provisioning", () => {
            assert.deepStrictEqual(parseWithKeys({}).roleImportKeys, [{ name: "primary" }]);
            assert.deepStrictEqual(parseWithKeys({ provisioning: false }).roleImportKeys, []);
        });

        it("resolves each generation's date from createdAt, else from its name", () => {
            const config = parseWithKeys({
                roleImportKeys: [
                    { name: "primary", createdAt: "2025-06-01" },
                    { name: "2026-12", createdAt: "2026-12-03T09:30:00+02:00" },
                ],
            });
            assert.deepStrictEqual(config.roleImportKeys, [
                { name: "primary", createdAt: "2025-06-01" },
                { name: "2026-12", createdAt: "2026-12-03" },
            ]);
            assert.deepStrictEqual(parseWithKeys({ roleImportKeys: [{ name: "2027-03" }] }).roleImportKeys, [
                { name: "2027-03", createdAt: "2027-03-01" },
            ]);
        });

        describe("rejects bad generations with the key path and the allowed values", () => {
            it("duplicate and empty names", () => {
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "2026-12" }, { name: "2026-12" }] }), [
                    'roleImportKeys[1].name: duplicate key generation name "2026-12" (also at roleImportKeys[0])',
                ]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "" }] }), [
                    "roleImportKeys[0].name: is empty: a key generation needs a name such as 2026-12",
                ]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{}] }), ["roleImportKeys[0].name: is required"]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [] }), [
                    "roleImportKeys: needs at least one key generation; to run without an access key, set provisioning: false instead",
                ]);
            });

            it("names that are no resource name, or dates that are no date", () => {
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "Key 2026" }] }), [
                    'roleImportKeys[0].name: "Key 2026" is not allowed: lower-case letters, digits and hyphens, 1-40 characters, such as 2026-12 (it is part of the key\'s resource name)',
                ]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "2026-13" }] }), [
                    'roleImportKeys[0].name: "2026-13" starts like a date (YYYY-MM) but 13 is not a month; allowed: a name such as 2026-12 or 2026-12-01, or one that does not start with a date',
                ]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "primary", createdAt: "last week" }] }), [
                    'roleImportKeys[0].createdAt: "last week" is not allowed: a date such as 2026-12-01, or an RFC 3339 date-time',
                ]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "primary" }, { name: "b", createdAt: "2026-02-30" }] }), [
                    'roleImportKeys[1].createdAt: "2026-02-30" is not a calendar date; allowed: a date such as 2026-12-01, or an RFC 3339 date-time',
                ]);
            });

            it("more than two generations, naming the oldest to remove", () => {
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "primary" }, { name: "2027-03" }, { name: "2027-06" }] }), [
                    'roleImportKeys: 3 key generations (primary, 2027-03, 2027-06); IAM allows at most 2 access keys per user: remove the oldest, "primary", before adding another',
                ]);
            });

            it("generations without provisioning, and unknown keys", () => {
                assert.deepStrictEqual(keyProblemsOf({ provisioning: false, roleImportKeys: [{ name: "primary" }] }), [
                    "roleImportKeys: is set but provisioning is false, so there is no role-import key; remove roleImportKeys or set provisioning: true",
                ]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: [{ name: "primary", created: "2026-12-01" }] }), [
                    'roleImportKeys[0].created: unknown key (did you mean "createdAt"?); allowed: name, createdAt',
                ]);
                assert.deepStrictEqual(keyProblemsOf({ roleImportKeys: { name: "primary" } }), [
                    "roleImportKeys: must be a list of {name, createdAt?} key generations, the last one active",
                ]);
            });
        });

        it("stops the program before anything is registered", async () => {
            await assert.rejects(
                runProgramUnderMocks({
                    stack: "dev",
                    config: rawConfig({ ...baseStackConfig(), roleImportKeys: [{ name: "a" }, { name: "a" }] }),
                }),
                (error: Error) =>
                    error instanceof StackConfigError && /roleImportKeys\[1\]\.name: duplicate key generation name "a"/.test(error.message),
            );
        });
    });

    describe("parseStackConfig: adopted setups", () => {
        const base = {
            notificationEmails: ["identity-team@contoso.com"],
            accounts: [{ name: "sandbox", accountId: "111122223333", roles: [{ name: "Developer" }] }],
        };

        function parseAdopted(values: Record<string, unknown>) {
            return parseStackConfig(
                Object.fromEntries(Object.entries(values).map(([key, value]) => [`azuread-aws-sso:${key}`, JSON.stringify(value)])),
                { stack: "dev" },
            );
        }

        function adoptionProblemsOf(values: Record<string, unknown>): string[] {
            try {
                parseAdopted(values);
            } catch (error) {
                if (error instanceof StackConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
                throw error;
            }
            return [];
        }

        it("keeps every default of an existing stack: provider, certificates, reader names, app role ids, no adoption", () => {
            const config = parseAdopted(base);
            const [account] = config.accounts;
            assert.strictEqual(account.samlProviderName, "AzureAD");
            assert.deepStrictEqual(account.signingCertificates, [{ name: "primary" }]);
            assert.deepStrictEqual(account.roleImportReader, {});
            assert.strictEqual(account.roles[0].appRoleId, undefined);
            assert.deepStrictEqual(config.adoption, { imports: {}, holds: {} });
            assert.strictEqual(identifierUri(account.identifierSuffix), "https://signin.aws.amazon.com/saml#dev-sandbox");
        });

        it("expresses the tutorial's first instance: an empty suffix is the bare endpoint", () => {
            const config = parseAdopted({ ...base, accounts: [{ ...base.accounts[0], identifierSuffix: "" }] });
            assert.strictEqual(identifierUri(config.accounts[0].identifierSuffix), "https://signin.aws.amazon.com/saml");
        });

        it("takes live names per account: provider, certificates with their subject and end date, reader, app role id", () => {
            const config = parseAdopted({
                ...base,
                samlProviderName: "WAAD",
                accounts: [
                    {
                        ...base.accounts[0],
                        samlProviderName: "AzureAD",
                        signingCertificate: [
                            {
                                name: "cert-2029-01-05",
                                endDate: "2029-01-05T10:00:00Z",
                                displayName: "CN=Microsoft Azure Federated SSO Certificate",
                            },
                        ],
                        roleImportReader: { policyDescription: "This policy will allow to fetch the roles from AWS accounts" },
                        roles: [{ name: "Developer", appRoleId: "5d2b8f7e-4a6c-4b9d-8e0f-1a2b3c4d5e6f" }],
                    },
                ],
            });
            const [account] = config.accounts;
            assert.strictEqual(config.samlProviderName, "WAAD");
            assert.strictEqual(account.samlProviderName, "AzureAD");
            assert.deepStrictEqual(account.signingCertificates, [
                { name: "cert-2029-01-05", endDate: "2029-01-05T10:00:00Z", displayName: "CN=Microsoft Azure Federated SSO Certificate" },
            ]);
            assert.strictEqual(account.roleImportReader.policyDescription, "This policy will allow to fetch the roles from AWS accounts");
            assert.strictEqual(account.roles[0].appRoleId, "5d2b8f7e-4a6c-4b9d-8e0f-1a2b3c4d5e6f");
        });

        it("rejects bad adoption values with the key path", () => {
            assert.deepStrictEqual(
                adoptionProblemsOf({
                    ...base,
                    adoptionImports: { "sandbox-aws-role-Developer": { type: "aws:iam/role:Role" } },
                    accounts: [
                        {
                            ...base.accounts[0],
                            signingCertificate: [{ name: "a", displayName: "Microsoft" }],
                            roleImportReader: { user: "x" },
                            roles: [{ name: "Developer", appRoleId: "not-a-uuid" }],
                        },
                    ],
                })
                    .map((problem) => problem.split(":")[0])
                    .sort(),
                [
                    "adoptionImports.sandbox-aws-role-Developer.id",
                    "accounts[0].signingCertificate[0].displayName",
                    "accounts[0].roleImportReader.user",
                    "accounts[0].roles[0].appRoleId",
                ].sort(),
            );
        });

        it("rejects two roles of an account with the same app role id", () => {
            const id = "5d2b8f7e-4a6c-4b9d-8e0f-1a2b3c4d5e6f";
            assert.deepStrictEqual(
                adoptionProblemsOf({
                    ...base,
                    accounts: [
                        {
                            ...base.accounts[0],
                            roles: [
                                { name: "A", appRoleId: id },
                                { name: "B", appRoleId: id },
                            ],
                        },
                    ],
                }),
                [`accounts[0].roles[1].appRoleId: duplicate app role id "${id}" (also at accounts[0].roles[0])`],
            );
        });
    });

    describe("isoDurationSeconds", () => {
        it("ISO 8601 session durations in hours and minutes", () => {
            assert.strictEqual(isoDurationSeconds("PT8H"), 28800);
            assert.strictEqual(isoDurationSeconds("PT1H30M"), 5400);
            assert.strictEqual(isoDurationSeconds("PT"), undefined);
            assert.strictEqual(isoDurationSeconds("P1D"), undefined);
        });

        it("reads minutes alone and Identity Center's upper bound, and refuses lower-case units and seconds", () => {
            assert.strictEqual(isoDurationSeconds("PT45M"), 2700);
            assert.strictEqual(isoDurationSeconds("PT12H"), 43200);
            assert.strictEqual(isoDurationSeconds("PT90M"), 5400);
            assert.strictEqual(isoDurationSeconds("pt8h"), undefined);
            assert.strictEqual(isoDurationSeconds("PT8H30S"), undefined);
            assert.strictEqual(isoDurationSeconds("PT30M8H"), undefined);
        });
    });

    describe("loadStackConfig", () => {
        // Later specs set their own config; none should start from this one.
        after(() => pulumi.runtime.setAllConfig({}, []));

        it("reads the config and the stack's name from the Pulumi runtime: the stack names identifiers, aws:region places accounts", async () => {
            pulumi.runtime.setAllConfig(rawConfig(baseStackConfig(), { "aws:region": "ap-southeast-2" }), []);
            await pulumi.runtime.setMocks(
                { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
                "azuread-aws-sso",
                "staging",
                false,
            );
            const config = loadStackConfig();
            assert.strictEqual(config.accounts[0].identifierSuffix, "staging-sandbox");
            assert.strictEqual(config.accounts[0].region, "ap-southeast-2");
            assert.deepStrictEqual(
                config.accounts[0].roles.map((role) => role.name),
                ["Developer", "ReadOnly"],
            );
        });

        it("throws the same StackConfigError as parseStackConfig for the runtime's config", async () => {
            pulumi.runtime.setAllConfig(rawConfig({ ...baseStackConfig(), sessionDuration: 60 }), []);
            await pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs });
            assert.throws(
                () => loadStackConfig(),
                (error: unknown) =>
                    error instanceof StackConfigError && error.problems.some((problem) => problem.path === "sessionDuration"),
            );
        });
    });
});
