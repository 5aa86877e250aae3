import * as assert from "assert";
import type { ArgumentProblem } from "../../lib/errors";
import {
    checkPrincipals,
    isManagedPolicyArn,
    OBJECT_ID_PATTERN,
    QUALIFIED_STACK_NAME_PATTERN,
    quoted,
    ROLE_NAME_PATTERN,
    USER_PRINCIPAL_NAME_PATTERN,
} from "../../lib/validation";

const PLATFORM = "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c";
const ON_CALL = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

describe("validation: the team components' argument checks", () => {
    it("OBJECT_ID_PATTERN takes Azure AD object ids in either case, and nothing else", () => {
        assert.ok(OBJECT_ID_PATTERN.test(PLATFORM));
        assert.ok(OBJECT_ID_PATTERN.test(PLATFORM.toUpperCase()));
        for (const value of ["platform-team", `{${PLATFORM}}`, PLATFORM.replace(/-/g, ""), `${PLATFORM} `, PLATFORM.slice(0, 35)]) {
            assert.ok(!OBJECT_ID_PATTERN.test(value), value);
        }
    });

    it("QUALIFIED_STACK_NAME_PATTERN takes <organization>/<project>/<stack> only", () => {
        assert.ok(QUALIFIED_STACK_NAME_PATTERN.test("org/azuread-aws-sso/dev"));
        assert.ok(QUALIFIED_STACK_NAME_PATTERN.test("contoso.identity/azuread-aws-sso/prod_eu"));
        for (const value of ["dev", "azuread-aws-sso/dev", "org/azuread-aws-sso/dev/extra", "org//dev", "org/azuread aws sso/dev"]) {
            assert.ok(!QUALIFIED_STACK_NAME_PATTERN.test(value), value);
        }
    });

    it("isManagedPolicyArn: AWS-managed and customer-managed policies, with paths and partitions; no other IAM ARN", () => {
        assert.ok(isManagedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert.ok(isManagedPolicyArn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"));
        assert.ok(isManagedPolicyArn("arn:aws:iam::210987654321:policy/data/LakeReader"));
        assert.ok(isManagedPolicyArn("arn:aws-us-gov:iam::210987654321:policy/LakeReader"));
        for (const value of [
            "ReadOnlyAccess",
            "arn:aws:iam::210987654321:role/NotAPolicy",
            "arn:aws:iam::210987654321:saml-provider/AzureAD",
            "arn:aws:s3:::contoso-data-lake-dev",
            "arn:aws:iam::21098765432:policy/ShortAccountId",
        ]) {
            assert.ok(!isManagedPolicyArn(value), value);
        }
    });

    it("re-exports the config contract's role name and UPN grammar", () => {
        assert.ok(ROLE_NAME_PATTERN.test("Data.Engineer+ops@eu"));
        assert.ok(!ROLE_NAME_PATTERN.test("Data Analyst"));
        assert.ok(!ROLE_NAME_PATTERN.test("R".repeat(65)));
        assert.ok(USER_PRINCIPAL_NAME_PATTERN.test("alice_contoso.com#EXT#@fabrikam.onmicrosoft.com"));
        assert.ok(!USER_PRINCIPAL_NAME_PATTERN.test("megan"));
    });

    it("quoted writes values as JSON for messages, and what JSON cannot hold as text", () => {
        assert.strictEqual(quoted("Data Analyst"), '"Data Analyst"');
        assert.strictEqual(quoted('say "hi"'), '"say \\"hi\\""');
        assert.strictEqual(quoted(1800), "1800");
        assert.strictEqual(quoted(undefined), "undefined");
        assert.strictEqual(quoted(null), "null");
    });

    describe("checkPrincipals", () => {
        it("gives group ids lower-case and users as first spelled, each once, with no problem", () => {
            const problems: ArgumentProblem[] = [];
            const principals = checkPrincipals("assign.", [PLATFORM.toUpperCase(), ON_CALL], ["Megan.Bowen@contoso.com"], problems);
            assert.deepStrictEqual(problems, []);
            assert.deepStrictEqual(principals, { groups: [PLATFORM, ON_CALL], users: ["Megan.Bowen@contoso.com"] });
        });

        it("names each bad or repeated principal under the argument path, in order, and keeps the good ones", () => {
            const problems: ArgumentProblem[] = [{ path: "roleName", message: "an earlier problem" }];
            const principals = checkPrincipals(
                "assign.",
                [PLATFORM, 42 as unknown as string, PLATFORM.toUpperCase()],
                ["megan.bowen@contoso.com", "MEGAN.BOWEN@contoso.com", "megan"],
                problems,
            );
            assert.deepStrictEqual(
                problems.map((problem) => `${problem.path}: ${problem.message}`),
                [
                    "roleName: an earlier problem",
                    "assign.groups[1]: 42 is not an Azure AD group object id (a UUID)",
                    `assign.groups[2]: duplicate group "${PLATFORM.toUpperCase()}" (also at assign.groups[0])`,
                    'assign.users[1]: duplicate user "MEGAN.BOWEN@contoso.com" (also at assign.users[0])',
                    'assign.users[2]: "megan" is not a user principal name (name@domain)',
                ],
            );
            assert.deepStrictEqual(principals, { groups: [PLATFORM], users: ["megan.bowen@contoso.com"] });
        });

        it("takes absent lists as empty", () => {
            const problems: ArgumentProblem[] = [];
            assert.deepStrictEqual(checkPrincipals("", undefined, undefined, problems), { groups: [], users: [] });
            assert.deepStrictEqual(problems, []);
        });
    });
});
