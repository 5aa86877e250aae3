import * as assert from "assert";
import { generateCliConfig } from "../../cli-config/command";
import { CliConfigError } from "../../cli-config/errors";
import { awsAzureLoginConfig, roleProfiles, saml2awsConfig } from "../../cli-config/per-account-profiles";
import { PerAccountFederation, SsoOutputsForCli } from "../../cli-config/sources";
import { parseStackConfig } from "../../components/stack-config";
import { rawConfig, TENANT_ID } from "../support/stack-fixtures";
import { multiAccountValues, readIni } from "./support/cli-fixtures";
import { DeployedStack, deployedPerAccountStacks, request } from "./support/deployed-stacks";

describe("per-account-profiles: aws-azure-login and saml2aws files of the per-account SAML path", function () {
    this.timeout(180_000);
    const stacks: DeployedStack[] = [];

    before(async () => {
        stacks.push(...(await deployedPerAccountStacks()));
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
        });
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

        it("saml2aws without outputs asks for them", async () => {
            await assert.rejects(
                generateCliConfig({ ...request(stacks[0], "saml2aws"), outputs: undefined, tenantId: TENANT_ID }),
                /pass --outputs/,
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
