import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    actionCovers,
    conditionsOnKey,
    coversWholeService,
    isEveryActionPattern,
    principalValues,
    readPolicyDocument,
    statementAllowsAction,
    statementCoversEveryResource,
} from "../readers/iam-policy-document";
import { UNKNOWN } from "./support/validation-args";

describe("IAM policy document reader", () => {
    it("reads a JSON string and an object alike", () => {
        const document = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } };
        for (const input of [document, JSON.stringify(document)]) {
            const reading = readPolicyDocument(input);
            assert.deepStrictEqual(reading.problems, []);
            assert.strictEqual(reading.document?.statements.length, 1);
            assert.deepStrictEqual(reading.document?.statements[0].actions, ["s3:GetObject"]);
            assert.deepStrictEqual(reading.document?.statements[0].resources, ["*"]);
        }
    });

    it("accepts Statement, Action, Resource and principals as one value or a list", () => {
        const reading = readPolicyDocument({
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["iam:ListRoles", "iam:GetRole"],
                    Resource: ["*"],
                    Principal: { AWS: ["arn:aws:iam::111122223333:root"] },
                },
            ],
        });
        const [statement] = reading.document?.statements ?? [];
        assert.deepStrictEqual(statement.actions, ["iam:ListRoles", "iam:GetRole"]);
        assert.deepStrictEqual(principalValues(statement.principal, "aws"), ["arn:aws:iam::111122223333:root"]);
    });

    it("reads NotAction, NotResource, NotPrincipal and conditions", () => {
        const [statement] =
            readPolicyDocument({
                Statement: {
                    Effect: "Allow",
                    NotAction: "iam:*",
                    NotResource: "arn:aws:s3:::secret/*",
                    NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
                    Condition: {
                        StringEquals: { "SAML:aud": ["https://signin.aws.amazon.com/saml"] },
                        Bool: { "aws:SecureTransport": true },
                    },
                },
            }).document?.statements ?? [];
        assert.deepStrictEqual(statement.notActions, ["iam:*"]);
        assert.deepStrictEqual(statement.notResources, ["arn:aws:s3:::secret/*"]);
        assert.ok(statement.notPrincipal !== undefined);
        assert.deepStrictEqual(conditionsOnKey(statement, "saml:AUD")[0].values, ["https://signin.aws.amazon.com/saml"]);
        assert.deepStrictEqual(conditionsOnKey(statement, "aws:SecureTransport")[0].values, ["true"]);
    });

    it('treats "Principal": "*" and {"AWS": "*"} as anyone', () => {
        assert.ok(
            readPolicyDocument({ Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } }).document?.statements[0]
                .principal?.anyone,
        );
        assert.ok(
            readPolicyDocument({ Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" } }).document
                ?.statements[0].principal?.anyone,
        );
    });

    it("matches actions case-insensitively with * and ? wildcards", () => {
        assert.ok(actionCovers("iam:*", "iam:PassRole"));
        assert.ok(actionCovers("IAM:passrole", "iam:PassRole"));
        assert.ok(actionCovers("iam:Pass*", "iam:PassRole"));
        assert.ok(actionCovers("iam:P?ssRole", "iam:PassRole"));
        assert.ok(actionCovers("*", "iam:PassRole"));
        assert.ok(!actionCovers("iam:List*", "iam:PassRole"));
        assert.ok(!actionCovers("iam:ListRoles", "iam:ListRolesX"));
        assert.ok(!actionCovers("s3.*", "s3:GetObject"), "a dot is not a wildcard");
    });

    it("recognises every-action and whole-service patterns", () => {
        for (const pattern of ["*", "**", "*:*"]) {
            assert.ok(isEveryActionPattern(pattern), pattern);
        }
        assert.ok(!isEveryActionPattern("iam:*"));
        for (const pattern of ["iam:*", "IAM:*", "i*:*", "*"]) {
            assert.ok(coversWholeService(pattern, "iam"), pattern);
        }
        for (const pattern of ["iam:List*", "s3:*", "iam:PassRole"]) {
            assert.ok(!coversWholeService(pattern, "iam"), pattern);
        }
    });

    it("knows which statements allow an action and cover every resource", () => {
        const [allow, notAction, deny] =
            readPolicyDocument({
                Statement: [
                    { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
                    { Effect: "Allow", NotAction: "s3:*", NotResource: "arn:aws:s3:::x" },
                    { Effect: "Deny", Action: "*", Resource: "*" },
                ],
            }).document?.statements ?? [];
        assert.ok(statementAllowsAction(allow, "iam:passrole"));
        assert.ok(statementAllowsAction(notAction, "iam:PassRole"));
        assert.ok(!statementAllowsAction(notAction, "s3:GetObject"));
        assert.ok(!statementAllowsAction(deny, "iam:PassRole"), "Deny grants nothing");
        assert.ok(statementCoversEveryResource(allow));
        assert.ok(statementCoversEveryResource(notAction), "NotResource inverts a list");
    });

    describe("malformed input", () => {
        for (const [label, input, expected] of [
            ["bad JSON", "{not json", /not valid JSON/],
            ["a number", 42, /must be a JSON object, got number/],
            ["null", null, /must be a JSON object, got null/],
            ["a list", [], /must be a JSON object, got a list/],
        ] as const) {
            it(`reports ${label} instead of throwing`, () => {
                const reading = readPolicyDocument(input);
                assert.strictEqual(reading.document, undefined);
                assert.match(reading.problems.join(" "), expected);
            });
        }

        it("reports missing Statement, non-object statements, bad Effect and non-string actions", () => {
            assert.match(readPolicyDocument({}).problems.join(" "), /no Statement/);
            const reading = readPolicyDocument({ Statement: [1, { Effect: "Maybe", Action: [3, "s3:GetObject"], Condition: "x" }] });
            const text = reading.problems.join(" | ");
            assert.match(text, /statement 0 must be an object/);
            assert.match(text, /Effect "Maybe"/);
            assert.match(text, /Action must hold strings, got number/);
            assert.match(text, /Condition must be an object/);
            assert.deepStrictEqual(reading.document?.statements[0].actions, ["s3:GetObject"]);
        });

        it("reads an empty Statement list as no statements", () => {
            assert.deepStrictEqual(readPolicyDocument({ Statement: [] }).document?.statements, []);
        });
    });

    it("does not swallow the SDK's unknown-value error (the rule must defer, not guess)", () => {
        const props = unknownCheckingProxy({ policy: { Statement: [{ Effect: "Allow", Action: UNKNOWN }] } });
        assert.throws(() => readPolicyDocument(props.policy), UnknownValueError);
    });
});
