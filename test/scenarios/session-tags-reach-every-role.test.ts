import * as assert from "assert";
import type { AccountOutputs } from "../../components/wiring/account-federation";
import { runProgramUnderMocks } from "../../offline/program/program-run";
import { simulateStackSignIns } from "../../offline/sign-in/stack-sign-in";
import { baseStackConfig, rawConfig, resource, TYPES } from "../support/stack-fixtures";

/** Program and sign-in together: one account's claim set reaches every role, so every role's trust must take it. */
describe("session tags on one role of an account", function () {
    this.timeout(120_000);

    function run(values: Record<string, unknown>) {
        return runProgramUnderMocks({ stack: "dev", config: rawConfig(values) });
    }

    it("session tags add PrincipalTag claims and sts:TagSession to every role of the account, so all of them still sign in", async () => {
        const config = baseStackConfig();
        config.accounts[0].roles[0].sessionTags = { Department: "department" };
        config.accounts[0].roles[1].assign = { users: ["alex.wilber@contoso.com"] };
        const program = await run(config);
        for (const roleName of ["Developer", "ReadOnly"]) {
            const role = resource(program, TYPES.role, `sandbox-aws-role-${roleName}`);
            assert.deepStrictEqual(
                JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Action,
                ["sts:AssumeRoleWithSAML", "sts:TagSession"],
                roleName,
            );
        }
        const claims = JSON.parse(
            (resource(program, TYPES.claimsMappingPolicy, "sandbox-azuread-claims").inputs.definitions as string[])[0],
        );
        assert.deepStrictEqual(claims.ClaimsMappingPolicy.ClaimsSchema[3], {
            Source: "user",
            ID: "department",
            SamlClaimType: "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department",
        });
        assert.deepStrictEqual((program.stackOutputs.accounts as Record<string, AccountOutputs>).sandbox.sessionTagKeys, ["Department"]);
        // The untagged ReadOnly role receives the tags too: without sts:TagSession STS would refuse it.
        const report = simulateStackSignIns(program);
        assert.strictEqual(report.failed, 0, report.signIns.flatMap((signIn) => signIn.lines).join("\n"));
        assert.ok(
            report.signIns.some((signIn) => signIn.lines.some((line) => line.includes("assumed-role/ReadOnly/alex.wilber@contoso.com"))),
        );
    });
});
