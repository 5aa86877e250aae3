import * as assert from "assert";
import * as azuread from "@pulumi/azuread";
import { appRoleValuePolicy } from "../../../rules/azuread/azuread-aws-app-role-value";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { ACCOUNT_ID, PROVIDER_ARN, StackFixture } from "../../support/federation-fixture";
import { runResourcePolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-app-role-value", () => {
    const run = (value: unknown, config?: Record<string, unknown>) =>
        runResourcePolicy(
            appRoleValuePolicy,
            new StackFixture().add(azuread.ApplicationAppRole, "app-role", { applicationId: "/applications/x", value }),
            { config },
        );
    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/ReadOnly`;

    it("passes role ARN, provider ARN in one account, and values of non-AWS apps", async () => {
        assertPasses(await run(`${roleArn},${PROVIDER_ARN}`));
        assertPasses(await run(`arn:aws:iam::${ACCOUNT_ID}:role/team/a/ReadOnly,${PROVIDER_ARN}`));
        assertPasses(await run("Reader"));
        assertPasses(await run(undefined));
    });

    it("accepts the provider first, as STS does", async () => {
        assertPasses(await run(`${PROVIDER_ARN},${roleArn}`));
    });

    it("fires on other ARNs, a cross-account pair and extra parts", async () => {
        assertViolation(
            await run(`${roleArn},arn:aws:iam::${ACCOUNT_ID}:oidc-provider/x`),
            /names an IAM role ARN and neither a role nor a SAML provider ARN/,
        );
        assertViolation(
            await run(`${roleArn},${roleArn}`),
            /names an IAM role ARN and an IAM role ARN; it must name one IAM role ARN and one SAML provider ARN, in either order/,
        );
        assertViolation(
            await run(`${roleArn},arn:aws:iam::999999999999:saml-provider/AzureAD`),
            /in account 111122223333 but the SAML provider in 999999999999/,
        );
        assertViolation(
            await run(`arn:aws:iam::999999999999:saml-provider/AzureAD,${roleArn}`),
            /in account 111122223333 but the SAML provider in 999999999999/,
        );
        assertViolation(await run(`${roleArn},${PROVIDER_ARN},extra`), /separated by one comma/);
    });

    it("refuses whitespace around the comma with the reason, not a misleading ARN message", async () => {
        for (const value of [`${roleArn}, ${PROVIDER_ARN}`, `${roleArn} ,${PROVIDER_ARN}`, ` ${PROVIDER_ARN},${roleArn}`]) {
            const result = await run(value);
            assertViolation(
                result,
                /contains whitespace; AWS reads "<role ARN>,<SAML provider ARN>" with nothing around the comma, and Microsoft Graph refuses spaces/,
            );
            assert.strictEqual(result.violations.length, 1, value);
        }
    });

    it("fires above Graph's 120 characters, or the configured length", async () => {
        const providerArn = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/EntraID`;
        const role120 = `arn:aws:iam::${ACCOUNT_ID}:role/${"R".repeat(41)}`;
        const role121 = `arn:aws:iam::${ACCOUNT_ID}:role/${"R".repeat(42)}`;
        assert.strictEqual(`${role120},${providerArn}`.length, 120);
        assertPasses(await run(`${role120},${providerArn}`));
        assertViolation(
            await run(`${role121},${providerArn}`),
            /The value is 121 characters; Microsoft Graph accepts at most 120 for an app role on the application/,
        );
        assertViolation(await run(`${providerArn},${role121}`), /The value is 121 characters/);
        assertPasses(await run(`${role121},${providerArn}`, { maximumLength: 240 }));
        assertViolation(await run(`${roleArn},${PROVIDER_ARN}`, { maximumLength: 50 }), /at most 50/);
    });

    it("defers on an unknown value and ignores wrong types", async () => {
        assertDeferred(await run(UNKNOWN));
        assertPasses(await run(["arn:aws:iam::1:role/x"]));
    });
});
