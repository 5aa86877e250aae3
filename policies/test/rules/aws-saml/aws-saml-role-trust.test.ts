import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { samlRoleTrustPolicy } from "../../../rules/aws-saml/aws-saml-role-trust";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { PROVIDER_ARN, samlTrustPolicy, SIGN_IN_ENDPOINT, StackFixture } from "../../support/federation-fixture";
import { runResourcePolicy, TestResource, UNKNOWN } from "../../support/validation-args";

function role(assumeRolePolicy: unknown): TestResource {
    return new StackFixture().add(aws.iam.Role, "role", { name: "ReadOnly", assumeRolePolicy });
}

function trust(statement: Record<string, unknown>): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

const samlStatement = {
    Effect: "Allow",
    Principal: { Federated: PROVIDER_ARN },
    Action: "sts:AssumeRoleWithSAML",
    Condition: { StringEquals: { "SAML:aud": SIGN_IN_ENDPOINT } },
};

describe("aws-saml-role-trust", () => {
    const run = (assumeRolePolicy: unknown, config?: Record<string, unknown>) =>
        runResourcePolicy(samlRoleTrustPolicy, role(assumeRolePolicy), { config });

    it("passes the trust policy the program writes, as a string or an object", async () => {
        assertPasses(await run(samlTrustPolicy()));
        assertPasses(await run(JSON.parse(samlTrustPolicy())));
    });

    it("passes regional sign-in endpoints, StringEqualsIgnoreCase, session tags and source identity", async () => {
        assertPasses(await run(samlTrustPolicy(PROVIDER_ARN, ["https://eu-central-1.signin.aws.amazon.com/saml", SIGN_IN_ENDPOINT])));
        assertPasses(
            await run(
                trust({
                    ...samlStatement,
                    Action: ["sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity"],
                    Condition: { StringEqualsIgnoreCase: { "saml:aud": SIGN_IN_ENDPOINT } },
                }),
            ),
        );
    });

    describe("a second door next to the SAML statement", () => {
        const withDoor = (door: Record<string, unknown>, asObject = false) => {
            const document = { Version: "2012-10-17", Statement: [samlStatement, door] };
            return asObject ? document : JSON.stringify(document);
        };
        const DOOR = /Trust statement 1: allows .*; an SSO role is entered only through SAML sign-in/;

        it('fires on any AWS account ("AWS": "*"), as a string or an object', async () => {
            for (const asObject of [false, true]) {
                const result = await run(withDoor({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }, asObject));
                assertViolation(
                    result,
                    /Trust statement 1: allows sts:AssumeRole \(through \["sts:AssumeRole"\]\) to any principal \("\*"\)/,
                );
            }
        });

        it('fires on Principal "*", another account, a service and a web-identity provider, one finding each', async () => {
            assertViolation(await run(withDoor({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })), /to any principal/);
            const result = await run(
                withDoor({
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::999999999999:root", "444455556666"], Service: "ec2.amazonaws.com" },
                    Action: "sts:AssumeRole",
                }),
            );
            assert.strictEqual(result.violations.length, 3, JSON.stringify(result.violations));
            assertViolation(result, /to AWS principal "arn:aws:iam::999999999999:root"/);
            assertViolation(result, /to Service principal "ec2.amazonaws.com"/);
            assertViolation(
                await run(
                    withDoor({ Effect: "Allow", Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity" }),
                ),
                /allows sts:AssumeRoleWithWebIdentity .* to Federated principal "accounts.google.com"/,
            );
        });

        it("sees through wildcards, odd case, NotAction and NotPrincipal", async () => {
            assertViolation(await run(withDoor({ Effect: "allow", Principal: { aws: "*" }, Action: "STS:assumerole" })), DOOR);
            // A wildcard or NotAction that also covers sts:AssumeRoleWithSAML makes it a SAML statement, held to the SAML rules.
            assertViolation(
                await run(withDoor({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:Assume*" })),
                /Trust statement 1: trusts any principal \("\*"\)/,
            );
            assertViolation(
                await run(withDoor({ Effect: "Allow", Principal: { AWS: "*" }, NotAction: "s3:*" })),
                /Trust statement 1: uses NotAction/,
            );
            assertViolation(
                await run(withDoor({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:Assume?ole" })),
                /allows sts:AssumeRole \(through \["sts:Assume\?ole"\]\)/,
            );
            assertViolation(
                await run(withDoor({ Effect: "Allow", Principal: { AWS: "*" }, NotAction: "sts:AssumeRoleWithSAML" })),
                /allows sts:AssumeRole, sts:AssumeRoleWithWebIdentity \(through NotAction \["sts:AssumeRoleWithSAML"\]\)/,
            );
            assertViolation(
                await run(withDoor({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" })),
                /to every principal NotPrincipal does not list/,
            );
        });

        it("reads a single statement object and a one-statement list alike", async () => {
            const door = { Effect: "Allow", Principal: { AWS: "*" }, Action: ["sts:AssumeRole", "sts:TagSession"] };
            assertViolation(await run(JSON.stringify({ Version: "2012-10-17", Statement: [samlStatement, door] })), DOOR);
            // One statement mixing SAML and another principal is a SAML statement with another principal type.
            assertViolation(
                await run(trust({ ...samlStatement, Principal: { Federated: PROVIDER_ARN, AWS: "arn:aws:iam::999999999999:root" } })),
                /also trusts AWS principals/,
            );
        });

        it("ignores Deny statements and statements that only tag sessions", async () => {
            assertPasses(await run(withDoor({ Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" })));
            assertPasses(
                await run(withDoor({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:TagSession" })),
            );
        });

        it("accepts a break-glass door allow-listed by role name pattern and principal, and nothing else", async () => {
            const operator = "arn:aws:iam::111122223333:role/BreakGlassOperator";
            const document = withDoor({ Effect: "Allow", Principal: { AWS: operator }, Action: "sts:AssumeRole" });
            assertViolation(
                await run(document),
                /allow-list "ReadOnly arn:aws:iam::111122223333:role\/BreakGlassOperator" in allowedOtherPrincipals/,
            );
            assertPasses(await run(document, { allowedOtherPrincipals: [`Read* ${operator}`] }));
            assertViolation(await run(document, { allowedOtherPrincipals: [`Admin* ${operator}`] }), DOOR);
            assertViolation(await run(document, { allowedOtherPrincipals: ["Read* arn:aws:iam::999999999999:*"] }), DOOR);
            const notPrincipal = withDoor({ Effect: "Allow", NotPrincipal: { AWS: operator }, Action: "sts:AssumeRole" });
            assertViolation(await run(notPrincipal, { allowedOtherPrincipals: ["* *"] }), /NotPrincipal/);
        });
    });

    it("ignores roles that do not trust SAML", async () => {
        assertPasses(await run(trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })));
        assertPasses(
            await run(
                trust({
                    Effect: "Allow",
                    Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                }),
            ),
        );
    });

    it("rejects actions beyond the SAML ones, including wildcards", async () => {
        assertViolation(
            await run(trust({ ...samlStatement, Action: ["sts:AssumeRoleWithSAML", "sts:AssumeRole"] })),
            /allows "sts:AssumeRole"/,
        );
        const wildcard = await run(trust({ ...samlStatement, Action: "sts:*" }));
        assertViolation(wildcard, /allows "sts:\*"/);
        assertViolation(wildcard, /does not name sts:AssumeRoleWithSAML/);
    });

    it("rejects NotAction and NotPrincipal", async () => {
        const { Action: _action, ...withoutAction } = samlStatement;
        assertViolation(await run(trust({ ...withoutAction, NotAction: "sts:AssumeRole" })), /uses NotAction/);
        assertViolation(
            await run(trust({ ...samlStatement, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } })),
            /uses NotPrincipal/,
        );
    });

    it("rejects a wildcard or non-SAML federated principal and extra principal types", async () => {
        assertViolation(await run(trust({ ...samlStatement, Principal: { Federated: "*" } })), /"\*", which is not a SAML provider ARN/);
        assertViolation(await run(trust({ ...samlStatement, Principal: "*" })), /trusts any principal/);
        assertViolation(
            await run(trust({ ...samlStatement, Principal: { Federated: PROVIDER_ARN, AWS: "arn:aws:iam::111122223333:root" } })),
            /also trusts AWS principals/,
        );
    });

    it("rejects a trust without a pinned SAML:aud, or with an audience that is not AWS sign-in", async () => {
        const { Condition: _condition, ...withoutCondition } = samlStatement;
        assertViolation(await run(trust(withoutCondition)), /no StringEquals condition on SAML:aud/);
        assertViolation(
            await run(trust({ ...samlStatement, Condition: { StringLike: { "SAML:aud": "https://*" } } })),
            /only with StringLike/,
        );
        assertViolation(
            await run(trust({ ...samlStatement, Condition: { StringEqualsIfExists: { "SAML:aud": SIGN_IN_ENDPOINT } } })),
            /only with StringEqualsIfExists/,
        );
        assertViolation(
            await run(samlTrustPolicy(PROVIDER_ARN, "https://evil.example.com/saml")),
            /"https:\/\/evil.example.com\/saml", which is not an AWS sign-in SAML endpoint/,
        );
        assertViolation(await run(samlTrustPolicy(PROVIDER_ARN, `${SIGN_IN_ENDPOINT}#dev`)), /not an AWS sign-in SAML endpoint/);
        assertViolation(await run(samlTrustPolicy(PROVIDER_ARN, [])), /empty StringEquals SAML:aud condition/);
    });

    it("requires one provider per role unless configured otherwise", async () => {
        const twoProviders = trust({
            ...samlStatement,
            Principal: { Federated: [PROVIDER_ARN, "arn:aws:iam::111122223333:saml-provider/Okta"] },
        });
        assertViolation(await run(twoProviders), /trusts 2 SAML providers/);
        assertPasses(await run(twoProviders, { requireSingleProvider: false }));
    });

    it("takes extra audiences and actions from config", async () => {
        assertPasses(
            await run(samlTrustPolicy(PROVIDER_ARN, "https://sso.example.com/saml"), {
                additionalAudiences: ["https://sso.example.com/saml"],
            }),
        );
        assertViolation(
            await run(trust({ ...samlStatement, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"] }), {
                allowedActions: ["sts:AssumeRoleWithSAML"],
            }),
            /allows "sts:TagSession"/,
        );
    });

    it("defers when the trust policy is unknown during preview", async () => {
        assertDeferred(await run(UNKNOWN));
    });

    it("does not crash on malformed trust policies", async () => {
        for (const malformed of [
            "{oops",
            42,
            null,
            [],
            { Statement: "x" },
            { Statement: [{ Effect: "Allow", Principal: 7, Action: {} }] },
        ]) {
            const result = await run(malformed);
            assert.strictEqual(result.unknown, undefined);
        }
    });

    it("skips resources listed in excludeResources", async () => {
        const result = await run(trust({ ...samlStatement, Action: "sts:*" }), { excludeResources: ["role"] });
        assert.deepStrictEqual(result.violations, []);
        assert.deepStrictEqual(result.notApplicable, ["Resource is listed in excludeResources"]);
    });
});
