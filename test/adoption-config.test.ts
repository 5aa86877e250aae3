import * as assert from "assert";
import { identifierUri } from "../components/documents/aws-sign-in-endpoints";
import { parseStackConfig, StackConfigError } from "../components/stack-config";
import { expectedSigningCertificates } from "../offline/preview/preview-command";

const base = {
    notificationEmails: ["identity-team@contoso.com"],
    accounts: [{ name: "sandbox", accountId: "111122223333", roles: [{ name: "Developer" }] }],
};

function parse(values: Record<string, unknown>) {
    return parseStackConfig(
        Object.fromEntries(Object.entries(values).map(([key, value]) => [`azuread-aws-sso:${key}`, JSON.stringify(value)])),
        { stack: "dev" },
    );
}

function problems(values: Record<string, unknown>): string[] {
    try {
        parse(values);
    } catch (error) {
        if (error instanceof StackConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
        throw error;
    }
    return [];
}

describe("config contract for adopted setups", () => {
    it("keeps every default of an existing stack: provider, certificates, reader names, app role ids, no adoption", () => {
        const config = parse(base);
        const [account] = config.accounts;
        assert.strictEqual(account.samlProviderName, "AzureAD");
        assert.deepStrictEqual(account.signingCertificates, [{ name: "primary" }]);
        assert.deepStrictEqual(account.roleImportReader, {});
        assert.strictEqual(account.roles[0].appRoleId, undefined);
        assert.deepStrictEqual(config.adoption, { imports: {}, holds: {} });
        assert.strictEqual(identifierUri(account.identifierSuffix), "https://signin.aws.amazon.com/saml#dev-sandbox");
    });

    it("expresses the tutorial's first instance: an empty suffix is the bare endpoint", () => {
        const config = parse({ ...base, accounts: [{ ...base.accounts[0], identifierSuffix: "" }] });
        assert.strictEqual(identifierUri(config.accounts[0].identifierSuffix), "https://signin.aws.amazon.com/saml");
    });

    it("takes live names per account: provider, certificates with their subject and end date, reader, app role id", () => {
        const config = parse({
            ...base,
            samlProviderName: "WAAD",
            accounts: [
                {
                    ...base.accounts[0],
                    samlProviderName: "AzureAD",
                    signingCertificate: [
                        {
                            name: "cert-2029-01-05",
                            endDate: "2029-01-05T10:00:00Z",
                            displayName: "CN=Microsoft Azure Federated SSO Certificate",
                        },
                    ],
                    roleImportReader: { policyDescription: "This policy will allow to fetch the roles from AWS accounts" },
                    roles: [{ name: "Developer", appRoleId: "5d2b8f7e-4a6c-4b9d-8e0f-1a2b3c4d5e6f" }],
                },
            ],
        });
        const [account] = config.accounts;
        assert.strictEqual(config.samlProviderName, "WAAD");
        assert.strictEqual(account.samlProviderName, "AzureAD");
        assert.deepStrictEqual(account.signingCertificates, [
            { name: "cert-2029-01-05", endDate: "2029-01-05T10:00:00Z", displayName: "CN=Microsoft Azure Federated SSO Certificate" },
        ]);
        assert.strictEqual(account.roleImportReader.policyDescription, "This policy will allow to fetch the roles from AWS accounts");
        assert.strictEqual(account.roles[0].appRoleId, "5d2b8f7e-4a6c-4b9d-8e0f-1a2b3c4d5e6f");
    });

    it("the offline preview counts an adopted account's own certificates when it starts their keys early", () => {
        const raw = (values: Record<string, unknown>) =>
            Object.fromEntries(Object.entries(values).map(([key, value]) => [`azuread-aws-sso:${key}`, JSON.stringify(value)]));
        const accounts = [
            { ...base.accounts[0], signingCertificate: [{ name: "old" }, { name: "new" }] },
            { ...base.accounts[0], name: "other", accountId: "444455556666" },
        ];
        assert.strictEqual(expectedSigningCertificates(raw({ ...base, accounts })), 3);
    });

    it("rejects bad adoption values with the key path", () => {
        assert.deepStrictEqual(
            problems({
                ...base,
                adoptionImports: { "sandbox-aws-role-Developer": { type: "aws:iam/role:Role" } },
                accounts: [
                    {
                        ...base.accounts[0],
                        signingCertificate: [{ name: "a", displayName: "Microsoft" }],
                        roleImportReader: { user: "x" },
                        roles: [{ name: "Developer", appRoleId: "not-a-uuid" }],
                    },
                ],
            })
                .map((problem) => problem.split(":")[0])
                .sort(),
            [
                "adoptionImports.sandbox-aws-role-Developer.id",
                "accounts[0].signingCertificate[0].displayName",
                "accounts[0].roleImportReader.user",
                "accounts[0].roles[0].appRoleId",
            ].sort(),
        );
    });

    it("rejects two roles of an account with the same app role id", () => {
        const id = "5d2b8f7e-4a6c-4b9d-8e0f-1a2b3c4d5e6f";
        assert.deepStrictEqual(
            problems({
                ...base,
                accounts: [
                    {
                        ...base.accounts[0],
                        roles: [
                            { name: "A", appRoleId: id },
                            { name: "B", appRoleId: id },
                        ],
                    },
                ],
            }),
            [`accounts[0].roles[1].appRoleId: duplicate app role id "${id}" (also at accounts[0].roles[0])`],
        );
    });
});
