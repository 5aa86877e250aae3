import * as assert from "assert";
import { DEFAULT_THRESHOLDS } from "../../doctor/checks";
import { readAwsClaims } from "../../doctor/checks/claims";
import { checkRoleImport } from "../../doctor/checks/role-import";
import { normalisedPolicy } from "../../doctor/checks/roles";
import { signingCertificates } from "../../doctor/checks/signing-certificates";
import { ExpectedAccount } from "../../doctor/expected-deployment";
import { Finding } from "../../doctor/findings";
import { AccountSnapshot } from "../../doctor/live-snapshot";
import { buildReport } from "../../doctor/report";
import { GraphServicePrincipal } from "../../live/graph-reader";

// The checks are pure functions of what should be and what was read: these call them directly.

const NOW = new Date("2027-06-01T12:00:00Z");
const context = { now: NOW, tenantId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", thresholds: DEFAULT_THRESHOLDS };
const EMPTY_SNAPSHOT: AccountSnapshot = { roles: {}, roleImportKeysLastUsed: {}, loginProfiles: {} };

function account(overrides: Partial<ExpectedAccount> = {}): ExpectedAccount {
    return {
        name: "sandbox",
        accountId: "111122223333",
        region: "eu-central-1",
        samlProviderArn: "arn:aws:iam::111122223333:saml-provider/AzureAD",
        replyUrl: "https://signin.aws.amazon.com/saml",
        servicePrincipalObjectId: "e250ac11-d657-544c-9af3-f8053a8d8829",
        applicationObjectId: "0379ef24-90e3-51d9-89b3-0479ffb4e288",
        activeThumbprint: "5216CE447579DC47098AF27BB5E209D045E6BC36",
        certificates: [],
        roles: [],
        claimsMappingPolicy: "{}",
        sessionDuration: 3600,
        roleSessionNameSource: "userprincipalname",
        sessionTags: {},
        provisioning: true,
        roleImportUserName: "AzureADRoleManager",
        ...overrides,
    };
}

describe("doctor checks, called directly", () => {
    it("a stack without provisioning has no role import to check, whatever was read", () => {
        const snapshot: AccountSnapshot = { ...EMPTY_SNAPSHOT, roleImportUser: { ok: true, value: undefined } };
        assert.deepStrictEqual(checkRoleImport(account({ provisioning: false }), snapshot, context), []);
        assert.deepStrictEqual(
            checkRoleImport(account(), snapshot, context).map((finding) => finding.id),
            ["role-import-reader-missing"],
        );
    });

    it("nothing read, nothing claimed: a check skips what it could not read", () => {
        assert.deepStrictEqual(checkRoleImport(account(), EMPTY_SNAPSHOT, context), []);
    });

    it("one certificate is one Sign and one Verify key credential; only Sign counts", () => {
        const key = (usage: string, keyId: string) => ({
            keyId,
            customKeyIdentifier: Buffer.from("5216CE447579DC47098AF27BB5E209D045E6BC36", "hex").toString("base64"),
            displayName: "CN=x",
            type: "AsymmetricX509Cert",
            usage,
            startDateTime: "2026-01-01T00:00:00Z",
            endDateTime: "2029-01-01T00:00:00Z",
        });
        const sp = { keyCredentials: [key("Sign", "a"), key("Verify", "b")] } as unknown as GraphServicePrincipal;
        assert.deepStrictEqual(
            signingCertificates(sp).map((certificate) => certificate.thumbprint),
            ["5216CE447579DC47098AF27BB5E209D045E6BC36"],
        );
    });

    it("reads the AWS claims of a definition, and says when it cannot", () => {
        const definition = JSON.stringify({
            ClaimsMappingPolicy: {
                Version: 1,
                IncludeBasicClaimSet: "true",
                ClaimsSchema: [
                    { Source: "user", ID: "assignedroles", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/Role" },
                    { Source: "user", ID: "mail", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/RoleSessionName" },
                    { Value: "7200", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/SessionDuration" },
                    { Source: "user", ID: "department", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department" },
                ],
            },
        });
        assert.deepStrictEqual(readAwsClaims({ id: "p", displayName: "p", definition: [definition] }), {
            roleSource: "assignedroles",
            roleSessionNameSource: "mail",
            sessionDuration: 7200,
            sessionTags: { Department: "department" },
        });
        assert.match(readAwsClaims({ id: "p", displayName: "p", definition: ["{"] }).problem ?? "", /not JSON/);
    });

    it("policies equal to IAM compare equal: key order, one-element lists, string list order", () => {
        const a = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["sts:TagSession", "sts:AssumeRoleWithSAML"], Principal: { Federated: "p" } }],
        };
        const b = {
            Statement: { Principal: { Federated: ["p"] }, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"], Effect: "Allow" },
            Version: "2012-10-17",
        };
        assert.deepStrictEqual(normalisedPolicy(a), normalisedPolicy(b));
        assert.notDeepStrictEqual(normalisedPolicy(a), normalisedPolicy({ ...b, Statement: { ...b.Statement, Effect: "Deny" } }));
    });

    it("the report puts the worst account first and lists healthy accounts", () => {
        const finding = (accountName: string, id: string, severity: Finding["severity"]): Finding => ({
            id,
            severity,
            account: accountName,
            accountId: "1",
            resource: "r",
            message: "m",
            fix: "f",
        });
        const report = buildReport(
            [
                { name: "a", accountId: "1" },
                { name: "b", accountId: "2" },
                { name: "c", accountId: "3" },
            ],
            [
                finding("a", "account-alias-missing", "notice"),
                finding("c", "root-mfa-disabled", "error"),
                finding("a", "password-policy-missing", "warning"),
            ],
            { stack: "dev", now: NOW, failOn: "error" },
        );
        assert.deepStrictEqual(
            report.accounts.map((entry) => [entry.account, entry.worst, entry.findings.map((f) => f.severity)]),
            [
                ["c", "error", ["error"]],
                ["a", "warning", ["warning", "notice"]],
                ["b", undefined, []],
            ],
        );
        assert.strictEqual(report.exitCode, 1);
        assert.strictEqual(
            buildReport([{ name: "a", accountId: "1" }], [finding("a", "password-policy-missing", "warning")], {
                stack: "dev",
                now: NOW,
                failOn: "error",
            }).exitCode,
            0,
        );
    });
});
