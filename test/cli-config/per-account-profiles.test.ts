import * as assert from "assert";
import { CliConfigFormat, CliConfigRequest, generateCliConfig } from "../../cli-config/command";
import { CliConfigError } from "../../cli-config/errors";
import { awsAzureLoginConfig, roleProfiles, saml2awsConfig } from "../../cli-config/per-account-profiles";
import { awsAzureLoginHours, cliSessionSeconds } from "../../cli-config/session-duration";
import { parseStackOutputs, PerAccountFederation, SsoOutputsForCli } from "../../cli-config/sources";
import { GroupMembershipResolver } from "../../cli-config/user-access";
import { parseStackConfig, StackConfig } from "../../components/stack-config";
import { readStackConfigFile, runProgramUnderMocks } from "../../offline/program/program-run";
import { rawConfig, TENANT_ID } from "../support/stack-fixtures";
import { ANALYSTS_GROUP, MEGAN, multiAccountValues, readIni } from "./support";

interface Stack {
    readonly name: string;
    readonly config: StackConfig;
    readonly outputs: SsoOutputsForCli;
    /** Every section the full file must have, per format. */
    readonly profiles: { readonly "aws-azure-login": readonly string[]; readonly saml2aws: readonly string[] };
    /** Profile name to account and role name. */
    readonly roleOf: Readonly<Record<string, readonly [string, string]>>;
}

async function deployedStack(
    name: string,
    raw: Record<string, string>,
    profiles: Stack["profiles"],
    roleOf: Stack["roleOf"],
): Promise<Stack> {
    const config = parseStackConfig(raw, { stack: name, defaultRegion: raw["aws:region"] });
    const run = await runProgramUnderMocks({ stack: name, config: raw });
    return { name, config, outputs: parseStackOutputs(run.stackOutputs, "program outputs"), profiles, roleOf };
}

function request(stack: Stack, format: CliConfigFormat, extra: Partial<CliConfigRequest> = {}): CliConfigRequest {
    return { stack: stack.name, config: stack.config, outputs: stack.outputs, format, ...extra };
}

describe("cli-config, per-account SAML path", function () {
    this.timeout(180_000);
    const stacks: Stack[] = [];

    before(async () => {
        const dev = readStackConfigFile("dev").config;
        stacks.push(
            await deployedStack(
                "dev",
                dev,
                { "aws-azure-login": ["sandbox-developer", "sandbox-readonly"], saml2aws: ["sandbox-developer", "sandbox-readonly"] },
                {
                    "sandbox-developer": ["sandbox", "Developer"],
                    "sandbox-readonly": ["sandbox", "ReadOnly"],
                },
            ),
            await deployedStack(
                "multi",
                rawConfig(multiAccountValues()),
                {
                    // production signs in through a regional endpoint, which aws-azure-login cannot use.
                    "aws-azure-login": ["sandbox-developer", "sandbox-readonly", "data-data-engineer"],
                    saml2aws: ["sandbox-developer", "sandbox-readonly", "production-operator", "data-data-engineer"],
                },
                {
                    "sandbox-developer": ["sandbox", "Developer"],
                    "sandbox-readonly": ["sandbox", "ReadOnly"],
                    "production-operator": ["production", "Operator"],
                    "data-data-engineer": ["data", "Data.Engineer"],
                },
            ),
        );
    });

    for (const stackName of ["dev", "multi"]) {
        describe(`stack ${stackName}`, () => {
            const stack = () => stacks.find((candidate) => candidate.name === stackName)!;

            it("aws-azure-login: one profile per account and role, every value from the outputs", async () => {
                const { outputs, config } = stack();
                const file = readIni((await generateCliConfig(request(stack(), "aws-azure-login"))).text);
                assert.deepStrictEqual(
                    Object.keys(file),
                    stack().profiles["aws-azure-login"].map((name) => `profile ${name}`),
                );
                for (const [section, profile] of Object.entries(file)) {
                    const [accountName, roleName] = stack().roleOf[section.replace(/^profile /, "")];
                    const account = outputs.accounts![accountName];
                    const role = account.roles[roleName];
                    assert.deepStrictEqual(profile, {
                        azure_tenant_id: outputs.tenantId,
                        azure_app_id_uri: account.identifierUri,
                        azure_default_role_arn: role.arn,
                        azure_default_duration_hours: String(Math.floor(Math.min(role.maxSessionDuration, outputs.sessionDuration) / 3600)),
                        azure_default_remember_me: false,
                        region: config.accounts.find((candidate) => candidate.name === accountName)!.region,
                    });
                }
            });

            it("saml2aws: one IdP account per account and role, every value from the outputs", async () => {
                const { outputs, config } = stack();
                const file = readIni((await generateCliConfig(request(stack(), "saml2aws"))).text);
                assert.deepStrictEqual(Object.keys(file), stack().profiles.saml2aws);
                for (const [section, entry] of Object.entries(file)) {
                    const [accountName, roleName] = stack().roleOf[section];
                    const account = outputs.accounts![accountName];
                    const role = account.roles[roleName];
                    assert.deepStrictEqual(entry, {
                        name: section,
                        app_id: account.applicationId,
                        url: "https://account.activedirectory.windowsazure.com",
                        provider: "AzureAD",
                        mfa: "Auto",
                        skip_verify: false,
                        aws_urn: "urn:amazon:webservices",
                        aws_session_duration: String(Math.min(role.maxSessionDuration, outputs.sessionDuration)),
                        aws_profile: section,
                        role_arn: role.arn,
                        region: config.accounts.find((candidate) => candidate.name === accountName)!.region,
                    });
                }
            });

            it("the config alone gives the same aws-azure-login file as the deployed outputs", async () => {
                const fromConfig = await generateCliConfig({
                    ...request(stack(), "aws-azure-login"),
                    outputs: undefined,
                    tenantId: TENANT_ID,
                });
                const fromOutputs = await generateCliConfig(request(stack(), "aws-azure-login"));
                assert.deepStrictEqual(readIni(fromConfig.text), readIni(fromOutputs.text));
            });

            it("the cliConfig stack output holds each account's files, the same profiles as the command", async () => {
                const run = await runProgramUnderMocks({ stack: stack().name, config: stackRaw(stack().name) });
                const published = (run.stackOutputs.cliConfig as { accounts: Record<string, Record<string, string>> }).accounts;
                assert.deepStrictEqual(Object.keys(run.stackOutputs.cliConfig as object), ["accounts"]);
                assert.deepStrictEqual(Object.keys(published), Object.keys(stack().outputs.accounts!));
                for (const accountName of Object.keys(published)) {
                    for (const format of ["aws-azure-login", "saml2aws"] as const) {
                        const expected = stack().profiles[format].filter((name) => stack().roleOf[name][0] === accountName);
                        if (expected.length === 0) {
                            assert.strictEqual(published[accountName][format], undefined, `${accountName} ${format}`);
                            continue;
                        }
                        const command = await generateCliConfig(request(stack(), format, { account: accountName }));
                        assert.deepStrictEqual(readIni(published[accountName][format]), readIni(command.text), `${accountName} ${format}`);
                    }
                }
            });
        });
    }

    function stackRaw(name: string): Record<string, string> {
        return name === "dev" ? readStackConfigFile("dev").config : rawConfig(multiAccountValues());
    }

    describe("session lengths", () => {
        it("the multi-account stack's 12-hour role gets the 2-hour claim, not its maximum", async () => {
            const multi = stacks.find((stack) => stack.name === "multi")!;
            const file = readIni((await generateCliConfig(request(multi, "aws-azure-login", { account: "data" }))).text);
            assert.strictEqual(file["profile data-data-engineer"].azure_default_duration_hours, "2");
            const saml2aws = readIni((await generateCliConfig(request(multi, "saml2aws", { account: "data" }))).text);
            assert.strictEqual(saml2aws["data-data-engineer"].aws_session_duration, "7200");
        });

        it("are clamped to the deployed role's maximum when it is below the claim", async () => {
            const multi = stacks.find((stack) => stack.name === "multi")!;
            const outputs = JSON.parse(JSON.stringify(multi.outputs)) as SsoOutputsForCli;
            outputs.accounts!.sandbox.roles.ReadOnly.maxSessionDuration = 3600;
            const lowered = { ...multi, outputs };
            const azure = readIni((await generateCliConfig(request(lowered, "aws-azure-login", { account: "sandbox" }))).text);
            assert.strictEqual(azure["profile sandbox-readonly"].azure_default_duration_hours, "1");
            assert.strictEqual(azure["profile sandbox-developer"].azure_default_duration_hours, "2");
            const saml2aws = readIni((await generateCliConfig(request(lowered, "saml2aws", { account: "sandbox" }))).text);
            assert.strictEqual(saml2aws["sandbox-readonly"].aws_session_duration, "3600");
        });

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
    });

    describe("--user", () => {
        const multi = () => stacks.find((stack) => stack.name === "multi")!;
        const memberOf = (ids: string[]): GroupMembershipResolver => ({ membershipOf: async () => ({ groupIds: ids }) });

        it("keeps the roles assigned to the user directly, pre-fills the user name, and names the groups it could not check", async () => {
            const result = await generateCliConfig(request(multi(), "saml2aws", { user: "Megan.Bowen@contoso.com" }));
            const file = readIni(result.text);
            assert.deepStrictEqual(Object.keys(file), ["production-operator", "data-data-engineer"]);
            assert.strictEqual(file["production-operator"].username, "Megan.Bowen@contoso.com");
            assert.strictEqual(result.notes.length, 1);
            assert.match(
                result.notes[0],
                /could not check membership of group 3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c without Microsoft Graph credentials; left out: sandbox-developer/,
            );
        });

        it("says why a resolver could not tell", async () => {
            const refused: GroupMembershipResolver = {
                membershipOf: async () => ({ unknownBecause: "(Graph refused: GroupMember.Read.All is not granted)" }),
            };
            const result = await generateCliConfig(request(multi(), "saml2aws", { user: MEGAN, membership: refused }));
            assert.match(
                result.notes[0],
                /group 3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c \(Graph refused: GroupMember\.Read\.All is not granted\); left out: sandbox-developer/,
            );
        });

        it("counts the test user's roles as assignments", async () => {
            const file = readIni((await generateCliConfig(request(multi(), "aws-azure-login", { user: "b.simon@contoso.com" }))).text);
            assert.deepStrictEqual(Object.keys(file), ["profile sandbox-developer"]);
        });

        it("with group membership known, adds the roles of the user's groups and notes nothing", async () => {
            const result = await generateCliConfig(
                request(multi(), "saml2aws", { user: "someone@contoso.com", membership: memberOf([ANALYSTS_GROUP.toUpperCase()]) }),
            );
            assert.deepStrictEqual(Object.keys(readIni(result.text)), ["data-data-engineer"]);
            assert.deepStrictEqual(result.notes, []);
        });

        it("fails clearly when the user reaches nothing", async () => {
            await assert.rejects(
                generateCliConfig(request(multi(), "saml2aws", { user: "nobody@contoso.com", membership: memberOf([]) })),
                (error: Error) =>
                    error instanceof CliConfigError &&
                    /--user nobody@contoso.com: no profile is assigned to this user directly or through a group/.test(error.message),
            );
            await assert.rejects(
                generateCliConfig(request(multi(), "saml2aws", { user: "nobody@contoso.com" })),
                (error: Error) => error instanceof CliConfigError && /group membership could not be checked/.test(error.message),
            );
        });

        it("combines with --account", async () => {
            const file = readIni((await generateCliConfig(request(multi(), "saml2aws", { user: MEGAN, account: "data" }))).text);
            assert.deepStrictEqual(Object.keys(file), ["data-data-engineer"]);
        });
    });

    describe("names and bad input", () => {
        it("profile names do not move when an account or role is added before them", async () => {
            const values = multiAccountValues();
            values.accounts.unshift({ name: "aaa-first", accountId: "123412341234", roles: [{ name: "Zeta" }] });
            values.accounts[1].roles.unshift({ name: "Alpha" });
            const raw = rawConfig(values);
            const config = parseStackConfig(raw, { stack: "multi", defaultRegion: raw["aws:region"] });
            const file = readIni(
                (await generateCliConfig({ stack: "multi", config, tenantId: TENANT_ID, format: "aws-azure-login" })).text,
            );
            const before = readIni(
                (await generateCliConfig({ ...request(stacks[1], "aws-azure-login"), outputs: undefined, tenantId: TENANT_ID })).text,
            );
            for (const [section, profile] of Object.entries(before)) {
                assert.deepStrictEqual(file[section], profile, section);
            }
        });

        it("two roles whose names collide as profile names are refused, naming both", () => {
            const federation: PerAccountFederation = {
                tenantId: TENANT_ID,
                sessionDuration: 3600,
                accounts: [
                    {
                        name: "a-b",
                        accountId: "111111111111",
                        identifierUri: "x",
                        replyUrl: "https://signin.aws.amazon.com/saml",
                        roles: [role("c")],
                    },
                    {
                        name: "a",
                        accountId: "222222222222",
                        identifierUri: "y",
                        replyUrl: "https://signin.aws.amazon.com/saml",
                        roles: [role("b-c")],
                    },
                ],
            };
            assert.throws(
                () => roleProfiles(federation),
                /profile name "a-b-c" would stand for both role c in account a-b and role b-c in account a/,
            );
        });

        it("an unknown account is refused with the allowed names", async () => {
            await assert.rejects(
                generateCliConfig(request(stacks[1], "saml2aws", { account: "prod" })),
                (error: Error) =>
                    error instanceof CliConfigError &&
                    error.message === '--account: stack multi has no account "prod" in its outputs; allowed: sandbox, production, data',
            );
        });

        it("aws-azure-login for a regional account alone is refused and points at saml2aws", async () => {
            await assert.rejects(
                generateCliConfig(request(stacks[1], "aws-azure-login", { account: "production" })),
                /use --format saml2aws/,
            );
            const all = await generateCliConfig(request(stacks[1], "aws-azure-login"));
            assert.match(
                all.notes.join("\n"),
                /account production: left out, its reply URL is https:\/\/eu-central-1\.signin\.aws\.amazon\.com\/saml/,
            );
        });

        it("outputs without an account of the config leave it out with a note", async () => {
            const multi = stacks[1];
            const outputs = JSON.parse(JSON.stringify(multi.outputs)) as SsoOutputsForCli;
            delete outputs.accounts!.data;
            const result = await generateCliConfig(request({ ...multi, outputs }, "saml2aws"));
            assert.ok(!Object.keys(readIni(result.text)).some((name) => name.startsWith("data-")));
            assert.deepStrictEqual(result.notes, ["account data is in the config but not in the outputs (not deployed yet?); left out"]);
        });

        it("saml2aws without outputs asks for them", async () => {
            await assert.rejects(
                generateCliConfig({ ...request(stacks[0], "saml2aws"), outputs: undefined, tenantId: TENANT_ID }),
                /pass --outputs/,
            );
        });

        it("the aws-sso format on a stack without identityCenter is refused with its formats", async () => {
            await assert.rejects(
                generateCliConfig(request(stacks[0], "aws-sso")),
                (error: Error) =>
                    error instanceof CliConfigError &&
                    /stack dev has no identityCenter block; its paths: accounts; allowed formats for it: aws-azure-login, saml2aws/.test(
                        error.message,
                    ),
            );
        });

        it("outputs that are not this stack's are refused with key paths", () => {
            assert.throws(
                () =>
                    parseStackOutputs(
                        { tenantId: TENANT_ID, sessionDuration: 3600, accounts: { sandbox: { accountId: "12" } } },
                        "--outputs x.json",
                    ),
                (error: Error) =>
                    /--outputs x\.json is not this stack's outputs/.test(error.message) &&
                    /accounts\.sandbox\.accountId: is not a 12-digit AWS account id/.test(error.message),
            );
        });

        it("direct generator calls refuse an empty selection", () => {
            const federation: PerAccountFederation = { tenantId: TENANT_ID, sessionDuration: 3600, accounts: [] };
            assert.throws(() => awsAzureLoginConfig(federation, []), CliConfigError);
            assert.throws(() => saml2awsConfig([]), CliConfigError);
        });
    });
});

function role(name: string) {
    return { name, arn: `arn:aws:iam::111111111111:role/${name}`, maxSessionDuration: 3600, assignedUsers: [], assignedGroups: [] };
}
