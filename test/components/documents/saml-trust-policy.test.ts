import * as assert from "assert";
import { samlProviderArn } from "../../../components/documents/iam-arns";
import { samlTrustPolicy } from "../../../components/documents/saml-trust-policy";

const PROVIDER_ARN = "arn:aws:iam::111122223333:saml-provider/AzureAD";

describe("samlTrustPolicy", () => {
    it("trusts only the provider, only AssumeRoleWithSAML, only assertions for the reply URL", () => {
        assert.deepStrictEqual(samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences: ["https://signin.aws.amazon.com/saml"] }), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER_ARN },
                    Action: "sts:AssumeRoleWithSAML",
                    Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
                },
            ],
        });
    });

    it("adds sts:TagSession only when session tags are sent", () => {
        const tagged = samlTrustPolicy({
            samlProviderArn: PROVIDER_ARN,
            audiences: ["https://signin.aws.amazon.com/saml"],
            allowSessionTags: true,
        });
        assert.deepStrictEqual(tagged.Statement[0].Action, ["sts:AssumeRoleWithSAML", "sts:TagSession"]);
    });

    it("adds sts:SetSourceIdentity only when asked, after sts:TagSession when both are", () => {
        const audiences = ["https://signin.aws.amazon.com/saml"];
        assert.deepStrictEqual(
            samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences, allowSourceIdentity: true }).Statement[0].Action,
            ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity"],
        );
        assert.deepStrictEqual(
            samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences, allowSessionTags: true, allowSourceIdentity: true }).Statement[0]
                .Action,
            ["sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity"],
        );
        assert.strictEqual(
            samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences, allowSessionTags: false, allowSourceIdentity: false }).Statement[0]
                .Action,
            "sts:AssumeRoleWithSAML",
        );
    });

    it("lists every audience when sign-in may come through more than one endpoint, as a copy of the input", () => {
        const audiences = ["https://signin.aws.amazon.com/saml", "https://eu-central-1.signin.aws.amazon.com/saml"];
        const policy = samlTrustPolicy({ samlProviderArn: samlProviderArn("444455556666", "EntraID"), audiences });
        const [statement] = policy.Statement;
        assert.deepStrictEqual(statement.Principal, { Federated: "arn:aws:iam::444455556666:saml-provider/EntraID" });
        assert.deepStrictEqual(statement.Condition, { StringEquals: { "SAML:aud": audiences } });
        assert.notStrictEqual(statement.Condition!.StringEquals["SAML:aud"], audiences);
    });

    it("refuses a trust without an audience", () => {
        assert.throws(() => samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences: [] }), /at least one SAML:aud/);
    });
});
