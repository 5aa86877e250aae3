import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { generateCliConfig } from "../../cli-config/command";
import { CliConfigError } from "../../cli-config/errors";
import { cliConfigStackOutput } from "../../cli-config/stack-output";
import { parseStackConfig } from "../../components/stack-config";
import { runProgramUnderMocks } from "../../offline/program/program-run";
import { outputValue } from "../support/output-value";
import { rawConfig, TENANT_ID } from "../support/stack-fixtures";
import { bothPaths, multiAccountValues, readIni } from "./support/cli-fixtures";
import { DeployedStack, deployedPerAccountStacks, request, stackRaw } from "./support/deployed-stacks";

describe("stack-output: the cliConfig stack output", function () {
    this.timeout(180_000);
    const stacks: DeployedStack[] = [];

    before(async () => {
        stacks.push(...(await deployedPerAccountStacks()));
    });

    for (const stackName of ["dev", "multi"]) {
        describe(`stack ${stackName}`, () => {
            const stack = () => stacks.find((candidate) => candidate.name === stackName)!;

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

    it("the cliConfig stack output carries the same aws-sso file beside the per-account ones", async () => {
        const config = bothPaths();
        const output = cliConfigStackOutput(config, "both", TENANT_ID, pulumi.output({}) as any);
        const texts = await outputValue(output);
        assert.deepStrictEqual(texts.accounts, {});
        const command = await generateCliConfig({ stack: "both", config, format: "aws-sso" });
        assert.deepStrictEqual(readIni(texts.identityCenter!["aws-sso"]), readIni(command.text));
    });

    it("refuses a profile-name clash from the config alone, before any deployed value resolves", () => {
        const values = multiAccountValues();
        values.accounts.push(
            { name: "ops-eu", accountId: "123412341234", roles: [{ name: "Admin" }] },
            { name: "ops", accountId: "432143214321", roles: [{ name: "EU-Admin" }] },
        );
        const raw = rawConfig(values);
        const config = parseStackConfig(raw, { stack: "clash", defaultRegion: raw["aws:region"] });
        let resolved = false;
        const deployed = new Promise<Record<string, never>>(() => undefined).then((value) => {
            resolved = true;
            return value;
        });
        assert.throws(
            () => cliConfigStackOutput(config, "clash", TENANT_ID, pulumi.output(deployed)),
            (error: Error) => error instanceof CliConfigError && /profile name "ops-eu-admin" would stand for both/.test(error.message),
        );
        assert.strictEqual(resolved, false);
    });
});
