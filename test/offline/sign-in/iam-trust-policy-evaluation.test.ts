import * as assert from "assert";
import { evaluateTrustPolicy, TrustPolicyRequest } from "../../../offline/sign-in/iam-trust-policy-evaluation";

const PROVIDER = "arn:aws:iam::111122223333:saml-provider/AzureAD";
const OTHER_PROVIDER = "arn:aws:iam::111122223333:saml-provider/Okta";
const GLOBAL = "https://signin.aws.amazon.com/saml";

const request: TrustPolicyRequest = {
    federatedPrincipal: PROVIDER,
    action: "sts:AssumeRoleWithSAML",
    context: {
        "SAML:aud": GLOBAL,
        "SAML:iss": "https://sts.windows.net/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/",
        "SAML:sub": "B.Simon@contoso.com",
        "SAML:sub_type": "persistent",
        "SAML:doc": "111122223333/AzureAD",
        "SAML:namequalifier": "q9l4T3zq0tAq8pWm3p7rH4Bq3yE=",
    },
};

function allowStatement(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithSAML", ...extra };
}

function policy(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

function effectOf(document: string | object, overrides: Partial<TrustPolicyRequest> = {}): string {
    return evaluateTrustPolicy(document, { ...request, ...overrides }).effect;
}

describe("evaluateTrustPolicy (IAM trust policy for AssumeRoleWithSAML)", () => {
    it("allows the provider named in Principal.Federated, as a string or in a list, from a JSON string or an object", () => {
        assert.strictEqual(effectOf(policy(allowStatement())), "allow");
        assert.strictEqual(effectOf(policy(allowStatement({ Principal: { Federated: [OTHER_PROVIDER, PROVIDER] } }))), "allow");
        assert.strictEqual(effectOf({ Statement: allowStatement() }), "allow", "a single statement object is accepted");
        assert.strictEqual(effectOf(policy(allowStatement({ Principal: "*" }))), "allow");
    });

    it("denies another provider, a non-federated principal and a missing Principal", () => {
        assert.strictEqual(effectOf(policy(allowStatement({ Principal: { Federated: OTHER_PROVIDER } }))), "implicit-deny");
        assert.strictEqual(effectOf(policy(allowStatement({ Principal: { AWS: "*" } }))), "implicit-deny");
        assert.strictEqual(effectOf(policy(allowStatement({ Principal: undefined }))), "implicit-deny");
    });

    it("matches actions case-insensitively with wildcards, and honours NotAction", () => {
        for (const action of [
            "STS:assumerolewithsaml",
            "sts:*",
            "*",
            "sts:AssumeRoleWith????",
            ["sts:TagSession", "sts:AssumeRoleWithSAML"],
        ]) {
            assert.strictEqual(effectOf(policy(allowStatement({ Action: action }))), "allow", JSON.stringify(action));
        }
        assert.strictEqual(effectOf(policy(allowStatement({ Action: "sts:AssumeRole" }))), "implicit-deny");
        assert.strictEqual(effectOf(policy(allowStatement({ Action: "sts:AssumeRoleWithWebIdentity" }))), "implicit-deny");
        assert.strictEqual(effectOf(policy(allowStatement({ Action: undefined, NotAction: "sts:TagSession" }))), "allow");
        assert.strictEqual(effectOf(policy(allowStatement({ Action: undefined, NotAction: "sts:Assume*" }))), "implicit-deny");
    });

    it("evaluates StringEquals, StringEqualsIgnoreCase and StringNotEquals on SAML keys, with key names case-insensitive", () => {
        const withCondition = (condition: object) => effectOf(policy(allowStatement({ Condition: condition })));
        assert.strictEqual(withCondition({ StringEquals: { "saml:AUD": GLOBAL } }), "allow");
        assert.strictEqual(
            withCondition({ StringEquals: { "SAML:aud": GLOBAL.toUpperCase() } }),
            "implicit-deny",
            "values are case-sensitive",
        );
        assert.strictEqual(withCondition({ StringEqualsIgnoreCase: { "SAML:aud": GLOBAL.toUpperCase() } }), "allow");
        assert.strictEqual(
            withCondition({ StringEquals: { "SAML:aud": ["https://eu-central-1.signin.aws.amazon.com/saml", GLOBAL] } }),
            "allow",
            "values are ORed",
        );
        assert.strictEqual(withCondition({ StringNotEquals: { "SAML:sub_type": "transient" } }), "allow");
        assert.strictEqual(withCondition({ StringNotEquals: { "SAML:sub_type": ["transient", "persistent"] } }), "implicit-deny");
        assert.strictEqual(
            withCondition({ StringEquals: { "SAML:aud": GLOBAL, "SAML:doc": "444455556666/AzureAD" } }),
            "implicit-deny",
            "keys are ANDed",
        );
    });

    it("evaluates StringLike and StringNotLike wildcards: * any run, ? exactly one character", () => {
        const like = (pattern: string) => effectOf(policy(allowStatement({ Condition: { StringLike: { "SAML:sub": pattern } } })));
        assert.strictEqual(like("*@contoso.com"), "allow");
        assert.strictEqual(like("?.Simon@contoso.com"), "allow");
        assert.strictEqual(like("??.Simon@contoso.com"), "implicit-deny");
        assert.strictEqual(like("*@contoso.co"), "implicit-deny", "patterns are anchored");
        assert.strictEqual(like("B.Simon@contoso.com*"), "allow", "* matches the empty string");
        assert.strictEqual(like("b.simon@*"), "implicit-deny", "StringLike is case-sensitive");
        assert.strictEqual(like("B.Simon@contoso(com)"), "implicit-deny", "regex characters are literal");
        assert.strictEqual(effectOf(policy(allowStatement({ Condition: { StringNotLike: { "SAML:sub": "*#EXT#*" } } }))), "allow");
    });

    it("applies ForAnyValue and ForAllValues to multi-valued keys, and IfExists, Null and negation to absent keys", () => {
        const multi = { ...request.context, "SAML:aud": [GLOBAL, "https://eu-central-1.signin.aws.amazon.com/saml"] };
        const withCondition = (condition: object, context: TrustPolicyRequest["context"] = request.context) =>
            effectOf(policy(allowStatement({ Condition: condition })), { context, modelledKeys: Object.keys(request.context) });
        assert.strictEqual(withCondition({ "ForAnyValue:StringEquals": { "SAML:aud": GLOBAL } }, multi), "allow");
        assert.strictEqual(withCondition({ "ForAllValues:StringEquals": { "SAML:aud": GLOBAL } }, multi), "implicit-deny");
        assert.strictEqual(
            withCondition({ "ForAllValues:StringLike": { "SAML:aud": "https://*signin.aws.amazon.com/saml" } }, multi),
            "allow",
        );

        const { "SAML:sub": _absent, ...withoutSub } = request.context;
        assert.strictEqual(withCondition({ StringEquals: { "SAML:sub": "B.Simon@contoso.com" } }, withoutSub), "implicit-deny");
        assert.strictEqual(withCondition({ StringEqualsIfExists: { "SAML:sub": "someone-else" } }, withoutSub), "allow");
        assert.strictEqual(withCondition({ StringNotEquals: { "SAML:sub": "someone-else" } }, withoutSub), "allow");
        assert.strictEqual(withCondition({ "ForAllValues:StringEquals": { "SAML:sub": "x" } }, withoutSub), "allow");
        assert.strictEqual(withCondition({ "ForAnyValue:StringEquals": { "SAML:sub": "x" } }, withoutSub), "implicit-deny");
        assert.strictEqual(withCondition({ Null: { "SAML:sub": "true" } }, withoutSub), "allow");
        assert.strictEqual(withCondition({ Null: { "SAML:sub": "false" } }, withoutSub), "implicit-deny");
    });

    it("lets an explicit Deny win over any Allow", () => {
        const decision = evaluateTrustPolicy(
            policy(allowStatement(), {
                Sid: "NoGuests",
                Effect: "Deny",
                Principal: "*",
                Action: "sts:*",
                Condition: { StringLike: { "SAML:sub": "*@contoso.com" } },
            }),
            request,
        );
        assert.deepStrictEqual(decision, {
            effect: "explicit-deny",
            deniedBy: 'Statement[1] (Sid "NoGuests")',
            reasons: ['Statement[1] (Sid "NoGuests") denies sts:AssumeRoleWithSAML'],
        });
    });

    it("fails closed on an operator or condition key it does not model, naming it", () => {
        assert.deepStrictEqual(
            evaluateTrustPolicy(
                policy(allowStatement({ Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } })),
                request,
            ),
            {
                effect: "undecidable",
                reasons: ['Statement[0]: condition operator "DateGreaterThan" is not simulated'],
            },
        );
        assert.deepStrictEqual(
            evaluateTrustPolicy(policy(allowStatement({ Condition: { StringEquals: { "SAML:eduPersonAffiliation": "staff" } } })), request),
            {
                effect: "undecidable",
                reasons: ['Statement[0]: condition key "SAML:eduPersonAffiliation" is not simulated'],
            },
        );
        assert.strictEqual(
            effectOf(policy(allowStatement({ Condition: { stringequals: { "SAML:aud": GLOBAL } } }))),
            "undecidable",
            "operators are case-sensitive",
        );
        assert.strictEqual(effectOf(policy(allowStatement({ Condition: { StringEquals: { "SAML:sub": "${saml:sub}" } } }))), "undecidable");
        assert.strictEqual(
            effectOf(policy({ Effect: "Allow", NotPrincipal: { Federated: OTHER_PROVIDER }, Action: "sts:AssumeRoleWithSAML" })),
            "undecidable",
        );
        assert.strictEqual(
            effectOf(
                policy(
                    { Effect: "Deny", Principal: "*", Action: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
                    allowStatement(),
                ),
            ),
            "undecidable",
            "an undecidable Deny blocks an Allow",
        );
    });

    it("still decides when a modelled condition fails next to an unmodelled one", () => {
        const decision = evaluateTrustPolicy(
            policy(
                allowStatement({
                    Condition: {
                        StringEquals: { "SAML:aud": "https://eu-central-1.signin.aws.amazon.com/saml" },
                        IpAddress: { "aws:SourceIp": "10.0.0.0/8" },
                    },
                }),
            ),
            request,
        );
        assert.strictEqual(decision.effect, "implicit-deny");
    });

    it("reports documents IAM would refuse as malformed", () => {
        assert.deepStrictEqual(evaluateTrustPolicy("{not json", request).effect, "malformed");
        assert.deepStrictEqual(evaluateTrustPolicy(policy(allowStatement({ Effect: "allow" })), request), {
            effect: "malformed",
            reasons: ['Statement[0] has Effect "allow"; IAM accepts only "Allow" or "Deny"'],
        });
        assert.strictEqual(effectOf({ Version: "2012-10-17" }), "malformed");
        assert.strictEqual(effectOf(policy(allowStatement({ Action: 42 }))), "malformed");
    });

    it("explains an implicit deny per Allow statement", () => {
        assert.deepStrictEqual(evaluateTrustPolicy(policy(allowStatement({ Principal: { Federated: OTHER_PROVIDER } })), request), {
            effect: "implicit-deny",
            reasons: [`Statement[0]: Principal.Federated ["${OTHER_PROVIDER}"] does not include ${PROVIDER}`],
        });
        assert.deepStrictEqual(evaluateTrustPolicy(policy({ Effect: "Deny", Principal: "*", Action: "sts:TagSession" }), request), {
            effect: "implicit-deny",
            reasons: ["the policy has no Allow statement"],
        });
    });
});
