import * as assert from "assert";
import { CliConfigError } from "../../cli-config/errors";
import {
    accountDirectory,
    defaultStartUrl,
    identityCenterAccess,
    identityCenterFromConfig,
    parseStackOutputs,
    perAccountFromConfig,
    perAccountFromOutputs,
    SsoOutputsForCli,
} from "../../cli-config/sources";
import { parseStackConfig, StackConfig } from "../../components/stack-config";
import { rawConfig, TENANT_ID } from "../support/stack-fixtures";
import { ANALYSTS_GROUP, bothPaths, MEGAN, multiAccountValues } from "./support/cli-fixtures";

const DEVELOPERS_GROUP = "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c";

function multiAccountConfig(): StackConfig {
    const raw = rawConfig(multiAccountValues());
    return parseStackConfig(raw, { stack: "multi", defaultRegion: raw["aws:region"] });
}

/** `pulumi stack output --json` of the multi stack, cut to what the generators read. */
function deployedOutputs(): SsoOutputsForCli {
    const account = (accountId: string, suffix: string, replyUrl: string, clientId: string, roles: Record<string, number>) => ({
        accountId,
        identifierUri: `https://signin.aws.amazon.com/saml#${suffix}`,
        replyUrl,
        applicationId: clientId,
        roles: Object.fromEntries(
            Object.entries(roles).map(([name, maxSessionDuration]) => [
                name,
                { arn: `arn:aws:iam::${accountId}:role/${name}`, maxSessionDuration },
            ]),
        ),
    });
    return {
        tenantId: TENANT_ID,
        sessionDuration: 7200,
        accounts: {
            sandbox: account(
                "111122223333",
                "multi-sandbox",
                "https://signin.aws.amazon.com/saml",
                "7e9a1c3e-5f7b-4d9c-8e1a-3c5e7a9b1d4f",
                {
                    Developer: 3600,
                    ReadOnly: 3600,
                },
            ),
            data: account("777788889999", "multi-data", "https://signin.aws.amazon.com/saml", "4b8e2a6c-1d3f-4e5a-9b7c-0d2e4f6a8b1c", {
                "Data.Engineer": 43200,
            }),
        },
    };
}

describe("sources: the stack's config and outputs as the generators read them", () => {
    describe("the Identity Center path", () => {
        it("defaultStartUrl is the identity store's AWS access portal", () => {
            assert.strictEqual(defaultStartUrl("d-9067a1b2c3"), "https://d-9067a1b2c3.awsapps.com/start");
        });

        it("identityCenterAccess takes the block's region, groups and assignments, and the portal when startUrl is unset", () => {
            const access = identityCenterFromConfig(bothPaths())!;
            assert.strictEqual(access.startUrl, "https://d-9067a1b2c3.awsapps.com/start");
            assert.strictEqual(access.region, "eu-west-1");
            assert.deepStrictEqual(
                access.groups.map((group) => group.displayName),
                ["aws-platform-admins", "aws-auditors"],
            );
            assert.deepStrictEqual(
                access.permissionSets.map((set) => [set.name, set.sessionDuration, set.assign]),
                [
                    [
                        "PlatformReadOnly",
                        "PT8H",
                        [
                            { group: "aws-platform-admins", accounts: ["210987654321", "111122223333"] },
                            { group: "aws-auditors", accounts: ["111122223333"] },
                        ],
                    ],
                    ["Platform.Admin", "PT1H", [{ group: "aws-platform-admins", accounts: ["210987654321"] }]],
                ],
            );
            const block = bothPaths().identityCenter!;
            assert.strictEqual(
                identityCenterAccess({ ...block, startUrl: "https://contoso.awsapps.com/start" }).startUrl,
                "https://contoso.awsapps.com/start",
            );
        });

        it("identityCenterFromConfig is undefined for a stack without the block", () => {
            assert.strictEqual(identityCenterFromConfig(multiAccountConfig()), undefined);
        });
    });

    describe("the per-account path from the config", () => {
        it("builds each account's identifier, reply URL, role ARNs and assignments, the test user included", () => {
            const federation = perAccountFromConfig(multiAccountConfig(), TENANT_ID);
            assert.strictEqual(federation.tenantId, TENANT_ID);
            assert.strictEqual(federation.sessionDuration, 7200);
            assert.deepStrictEqual(
                federation.accounts.map((account) => [account.name, account.accountId, account.replyUrl, account.applicationId]),
                [
                    ["sandbox", "111122223333", "https://signin.aws.amazon.com/saml", undefined],
                    ["production", "444455556666", "https://eu-central-1.signin.aws.amazon.com/saml", undefined],
                    ["data", "777788889999", "https://signin.aws.amazon.com/saml", undefined],
                ],
            );
            const sandbox = federation.accounts[0];
            assert.match(sandbox.identifierUri, /^https:\/\/signin\.aws\.amazon\.com\/saml#/);
            assert.deepStrictEqual(sandbox.roles[0], {
                name: "Developer",
                arn: "arn:aws:iam::111122223333:role/Developer",
                maxSessionDuration: sandbox.roles[0].maxSessionDuration,
                assignedUsers: ["B.Simon@contoso.com"],
                assignedGroups: [{ objectId: DEVELOPERS_GROUP }],
            });
            assert.deepStrictEqual(federation.accounts[2].roles[0], {
                name: "Data.Engineer",
                arn: "arn:aws:iam::777788889999:role/Data.Engineer",
                maxSessionDuration: 43200,
                assignedUsers: [MEGAN],
                assignedGroups: [{ objectId: ANALYSTS_GROUP }],
            });
            assert.strictEqual(federation.accounts[2].region, "eu-west-1");
        });

        it("refuses a config without azuread:tenantId, pointing at --outputs", () => {
            assert.throws(
                () => perAccountFromConfig(multiAccountConfig(), undefined),
                (error: Error) =>
                    error instanceof CliConfigError &&
                    /azuread:tenantId is not set in the stack config; .*pass --outputs/.test(error.message),
            );
        });

        it("accountDirectory names the config's accounts by id, with their regions", () => {
            assert.deepStrictEqual(accountDirectory(multiAccountConfig())["777788889999"], { name: "data", region: "eu-west-1" });
            assert.deepStrictEqual(Object.keys(accountDirectory(multiAccountConfig())), ["111122223333", "444455556666", "777788889999"]);
            assert.deepStrictEqual(accountDirectory(undefined), {});
        });
    });

    describe("the per-account path from the outputs", () => {
        it("parseStackOutputs keeps what the generators read from `pulumi stack output --json`", () => {
            const parsed = parseStackOutputs(
                { ...deployedOutputs(), cliConfig: { accounts: {} }, samlProviderName: "AzureAD" },
                "--outputs o.json",
            );
            assert.deepStrictEqual(parsed, deployedOutputs());
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

        it("names every problem with its key path and counts them", () => {
            const outputs = deployedOutputs() as any;
            outputs.accounts.sandbox.applicationId = "not-a-client-id";
            outputs.accounts.data.roles["Data.Engineer"].arn = "arn:aws:iam::777788889999:user/Data.Engineer";
            assert.throws(
                () => parseStackOutputs(outputs, "program outputs"),
                (error: Error) =>
                    error instanceof CliConfigError &&
                    error.message ===
                        "program outputs is not this stack's outputs (2 problems):\n" +
                            "  - accounts.sandbox.applicationId: is not a client id (UUID)\n" +
                            "  - accounts.data.roles.Data.Engineer.arn: is not an IAM role ARN",
            );
        });

        it("perAccountFromOutputs takes the deployed accounts, roles and client ids, with the config's regions and assignments", () => {
            const federation = perAccountFromOutputs(deployedOutputs(), multiAccountConfig());
            // production is in the config but not deployed: the outputs decide which accounts there are.
            assert.deepStrictEqual(
                federation.accounts.map((account) => [account.name, account.applicationId, account.region]),
                [
                    ["sandbox", "7e9a1c3e-5f7b-4d9c-8e1a-3c5e7a9b1d4f", "eu-central-1"],
                    ["data", "4b8e2a6c-1d3f-4e5a-9b7c-0d2e4f6a8b1c", "eu-west-1"],
                ],
            );
            assert.deepStrictEqual(federation.accounts[0].roles[0], {
                name: "Developer",
                arn: "arn:aws:iam::111122223333:role/Developer",
                maxSessionDuration: 3600,
                assignedUsers: ["B.Simon@contoso.com"],
                assignedGroups: [{ objectId: DEVELOPERS_GROUP }],
            });
        });

        it("perAccountFromOutputs without a config knows no regions and no assignments", () => {
            const federation = perAccountFromOutputs(deployedOutputs());
            assert.deepStrictEqual(
                federation.accounts.map((account) => account.region),
                [undefined, undefined],
            );
            assert.ok(
                federation.accounts.every((account) =>
                    account.roles.every((role) => role.assignedUsers.length === 0 && role.assignedGroups.length === 0),
                ),
            );
            assert.deepStrictEqual(perAccountFromOutputs({ tenantId: TENANT_ID, sessionDuration: 3600 }).accounts, []);
        });
    });
});
