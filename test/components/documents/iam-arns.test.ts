import * as assert from "assert";
import { iamRoleArn, parseIamArn, samlProviderArn } from "../../../components/documents/iam-arns";

describe("iam-arns", () => {
    it("builds role and SAML provider ARNs in the commercial partition", () => {
        assert.strictEqual(iamRoleArn("111122223333", "Developer"), "arn:aws:iam::111122223333:role/Developer");
        assert.strictEqual(samlProviderArn("111122223333", "AzureAD"), "arn:aws:iam::111122223333:saml-provider/AzureAD");
    });

    it("reads back what it builds", () => {
        assert.deepStrictEqual(parseIamArn(iamRoleArn("444455556666", "Data.Engineer@eu")), {
            partition: "aws",
            accountId: "444455556666",
            resourceType: "role",
            name: "Data.Engineer@eu",
        });
        assert.deepStrictEqual(parseIamArn(samlProviderArn("444455556666", "EntraID")), {
            partition: "aws",
            accountId: "444455556666",
            resourceType: "saml-provider",
            name: "EntraID",
        });
    });

    it("parses IAM ARNs with paths", () => {
        assert.deepStrictEqual(parseIamArn("arn:aws:iam::111122223333:role/teams/data/Analyst"), {
            partition: "aws",
            accountId: "111122223333",
            resourceType: "role",
            name: "Analyst",
        });
        assert.strictEqual(parseIamArn("arn:aws:s3:::bucket"), undefined);
    });

    it("parses the other partitions and AWS managed policies", () => {
        assert.deepStrictEqual(parseIamArn("arn:aws-cn:iam::111122223333:saml-provider/AzureAD"), {
            partition: "aws-cn",
            accountId: "111122223333",
            resourceType: "saml-provider",
            name: "AzureAD",
        });
        assert.strictEqual(parseIamArn("arn:aws-us-gov:iam::111122223333:role/Developer")?.partition, "aws-us-gov");
        assert.deepStrictEqual(parseIamArn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"), {
            partition: "aws",
            accountId: "aws",
            resourceType: "policy",
            name: "ViewOnlyAccess",
        });
    });

    it("refuses what is not an IAM ARN: wrong service, region, account, or an empty or malformed name", () => {
        for (const arn of [
            "arn:aws:sts::111122223333:assumed-role/Developer/b.simon@contoso.com",
            "arn:aws:iam:us-east-1:111122223333:role/Developer",
            "arn:aws:iam::11112222333:role/Developer",
            "arn:aws:iam::1111222233334:role/Developer",
            "arn:aws:iam::111122223333:role/",
            "arn:aws:iam::111122223333:role/teams/",
            "arn:aws:iam::111122223333:role",
            "arn:aws:iam::111122223333:Role/Developer",
            "arn:aws:iam::111122223333:role/Data Analyst",
            "arn:azure:iam::111122223333:role/Developer",
            " arn:aws:iam::111122223333:role/Developer",
            "arn:aws:iam::111122223333:role/Developer,arn:aws:iam::111122223333:saml-provider/AzureAD",
        ]) {
            assert.strictEqual(parseIamArn(arn), undefined, arn);
        }
    });
});
