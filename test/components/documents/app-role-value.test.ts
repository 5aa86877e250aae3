import * as assert from "assert";
import {
    appRoleValue,
    appRoleValueProblem,
    MAX_APP_ROLE_VALUE_LENGTH,
    parseAppRoleValue,
    readAppRoleValue,
} from "../../../components/documents/app-role-value";
import { iamRoleArn, samlProviderArn } from "../../../components/documents/iam-arns";

const ROLE = iamRoleArn("111122223333", "Developer");
const PROVIDER = samlProviderArn("111122223333", "AzureAD");

describe("app-role-value", () => {
    it("joins role and provider ARNs and parses both orders", () => {
        const role = iamRoleArn("111122223333", "Developer");
        const provider = samlProviderArn("111122223333", "AzureAD");
        assert.strictEqual(appRoleValue(role, provider), `${role},${provider}`);
        assert.deepStrictEqual(parseAppRoleValue(`${provider},${role}`), { roleArn: role, samlProviderArn: provider });
        assert.strictEqual(parseAppRoleValue(`${role},${role}`), undefined);
        assert.strictEqual(parseAppRoleValue(role), undefined);
    });

    describe("readAppRoleValue", () => {
        it("says which order the value is in, as STS accepts both", () => {
            assert.deepStrictEqual(readAppRoleValue(`${ROLE},${PROVIDER}`), {
                ok: true,
                order: "role-first",
                roleArn: ROLE,
                samlProviderArn: PROVIDER,
            });
            assert.deepStrictEqual(readAppRoleValue(`${PROVIDER},${ROLE}`), {
                ok: true,
                order: "provider-first",
                roleArn: ROLE,
                samlProviderArn: PROVIDER,
            });
        });

        it("refuses whitespace anywhere, around the comma included", () => {
            for (const value of [`${ROLE}, ${PROVIDER}`, `${ROLE},${PROVIDER} `, `${ROLE}\t,${PROVIDER}`]) {
                const reading = readAppRoleValue(value);
                assert.ok(!reading.ok, value);
                assert.match(
                    reading.problem,
                    /contains whitespace; AWS reads "<role ARN>,<SAML provider ARN>" with nothing around the comma/,
                );
            }
        });

        it("refuses anything but exactly two comma-separated parts", () => {
            for (const value of [ROLE, `${ROLE},${PROVIDER},${PROVIDER}`, `${ROLE},${PROVIDER},`, ""]) {
                const reading = readAppRoleValue(value);
                assert.ok(!reading.ok, value);
                assert.match(reading.problem, /is not one role ARN and one SAML provider ARN separated by one comma/);
            }
        });

        it("refuses two parts that are not one role ARN and one provider ARN", () => {
            for (const value of [
                `${ROLE},`,
                `${ROLE},${iamRoleArn("111122223333", "ReadOnly")}`,
                `${PROVIDER},${PROVIDER}`,
                `${ROLE},arn:aws:iam::111122223333:user/AzureADRoleManager`,
                `${ROLE},arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`,
            ]) {
                const reading = readAppRoleValue(value);
                assert.ok(!reading.ok, value);
                assert.match(reading.problem, /does not name one IAM role ARN and one IAM SAML provider ARN \(in either order\)/);
            }
        });
    });

    describe("appRoleValueProblem", () => {
        it("is undefined for a value AWS reads and Graph stores", () => {
            assert.strictEqual(appRoleValueProblem(appRoleValue(ROLE, PROVIDER)), undefined);
        });

        it("passes on the reading's problem for a value AWS cannot read", () => {
            assert.match(appRoleValueProblem(`${ROLE}, ${PROVIDER}`) ?? "", /contains whitespace/);
        });

        it("refuses one character over Microsoft Graph's limit, and accepts the limit itself", () => {
            const provider = samlProviderArn("111122223333", "EntraID");
            const prefix = `arn:aws:iam::111122223333:role/,${provider}`.length;
            const atLimit = appRoleValue(iamRoleArn("111122223333", "R".repeat(MAX_APP_ROLE_VALUE_LENGTH - prefix)), provider);
            assert.strictEqual(atLimit.length, MAX_APP_ROLE_VALUE_LENGTH);
            assert.strictEqual(appRoleValueProblem(atLimit), undefined);
            const over = appRoleValue(iamRoleArn("111122223333", "R".repeat(MAX_APP_ROLE_VALUE_LENGTH - prefix + 1)), provider);
            assert.strictEqual(
                appRoleValueProblem(over),
                `the app role value "${over}" is 121 characters; Microsoft Graph accepts at most 120 for app roles on the application`,
            );
        });
    });
});
