import * as assert from "assert";
import { roleReaderPolicy } from "../../../components/documents/role-reader-policy";

describe("roleReaderPolicy", () => {
    it("grants the role-import reader exactly iam:ListRoles", () => {
        assert.deepStrictEqual(roleReaderPolicy().Statement, [
            { Sid: "AzureAdRoleImport", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" },
        ]);
    });

    it("serialises to the whole document IAM stores, language version 2012-10-17 and nothing else", () => {
        assert.strictEqual(
            JSON.stringify(roleReaderPolicy()),
            '{"Version":"2012-10-17","Statement":[{"Sid":"AzureAdRoleImport","Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}',
        );
    });
});
