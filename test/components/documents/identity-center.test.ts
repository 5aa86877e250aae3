import * as assert from "assert";
import {
    accessMatrix,
    formatAccessMatrix,
    identityCenterRunbook,
    IdentityCenterRunbookArgs,
    scimTokenExpiryFromNote,
    scimTokenExpiryNote,
} from "../../../components/documents/identity-center";
import { TENANT_ID } from "../../support/stack-fixtures";

describe("identity-center documents", () => {
    it("the SCIM expiry note reads back the date it wrote, and nothing from other notes", () => {
        assert.strictEqual(scimTokenExpiryFromNote(scimTokenExpiryNote("2027-11-30T00:00:00Z")), "2027-11-30T00:00:00Z");
        assert.strictEqual(scimTokenExpiryFromNote("Owned by the platform team"), undefined);
        assert.strictEqual(scimTokenExpiryFromNote(undefined), undefined);
    });

    it("the SCIM expiry note tells the admin where to renew the token and which config key to set", () => {
        const note = scimTokenExpiryNote("2027-11-30T00:00:00Z");
        assert.match(note, /2027-11-30T00:00:00Z; renew it in IAM Identity Center \(Settings > Automatic provisioning\)/);
        assert.match(note, /identityCenterScimToken/);
        assert.strictEqual(scimTokenExpiryFromNote(42), undefined);
    });

    it("the access matrix has one row per group × permission set × account, sorted", () => {
        const rows = accessMatrix([
            { name: "ReadOnly", sessionDuration: "PT8H", assignments: [{ group: "b-team", accountIds: ["222222222222", "111111111111"] }] },
            {
                name: "Admin",
                sessionDuration: "PT1H",
                assignments: [
                    { group: "a-team", accountIds: ["111111111111"] },
                    { group: "b-team", accountIds: ["111111111111"] },
                ],
            },
        ]);
        assert.deepStrictEqual(
            rows.map((row) => `${row.group}/${row.permissionSet}/${row.accountId}`),
            ["a-team/Admin/111111111111", "b-team/Admin/111111111111", "b-team/ReadOnly/111111111111", "b-team/ReadOnly/222222222222"],
        );
        const table = formatAccessMatrix(rows);
        assert.strictEqual(table.length, 5);
        assert.match(table[0], /^group\s+permission set\s+account\s+session$/);
    });

    it("the access matrix table lines its columns up under the widest value", () => {
        const table = formatAccessMatrix(
            accessMatrix([
                {
                    name: "PlatformAdministrator",
                    sessionDuration: "PT1H",
                    assignments: [{ group: "aws-platform-admins", accountIds: ["210987654321"] }],
                },
                { name: "ReadOnly", sessionDuration: "PT8H", assignments: [{ group: "ops", accountIds: ["123456789012"] }] },
            ]),
        );
        assert.deepStrictEqual(table, [
            "group                permission set         account       session",
            "aws-platform-admins  PlatformAdministrator  210987654321  PT1H",
            "ops                  ReadOnly               123456789012  PT8H",
        ]);
    });

    it("the runbook walks through the two steps AWS has no API for, with the stack's own values", () => {
        const args: IdentityCenterRunbookArgs = {
            instanceArn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
            region: "eu-west-1",
            samlIssuer: "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9067a1b2c3",
            samlAcsUrl: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/7c1f2e3d-4b5a-6978-8a9b-0c1d2e3f4a5b",
            scimEndpoint: "https://scim.eu-west-1.amazonaws.com/AbCdEf123/scim/v2/",
            scimTokenExpiresAt: "2027-11-30T00:00:00Z",
            startUrl: "https://d-9067a1b2c3.awsapps.com/start",
            signInUrl: `https://login.microsoftonline.com/${TENANT_ID}/saml2`,
            entityId: `https://sts.windows.net/${TENANT_ID}/`,
            signingCertificateThumbprint: "3F2A1C7E9B4D4E8A8C6F1D2E3F4A5B6C7D8E9F00",
        };
        const steps = identityCenterRunbook(args);
        assert.deepStrictEqual(
            steps.map((step) => step.slice(0, 3)),
            ["1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. "],
        );
        assert.ok(steps[0].includes("https://eu-west-1.console.aws.amazon.com/singlesignon/home?region=eu-west-1"), steps[0]);
        assert.ok(steps[1].includes(`issuer ${args.samlIssuer} and ACS URL ${args.samlAcsUrl}`), steps[1]);
        assert.ok(
            steps[2].includes(
                `entity id ${args.entityId}, sign-in URL ${args.signInUrl}, certificate ${args.signingCertificateThumbprint}`,
            ),
            steps[2],
        );
        assert.ok(steps[3].includes(`SCIM endpoint is ${args.scimEndpoint}`), steps[3]);
        assert.ok(steps[3].includes("pulumi config set --secret azuread-aws-sso:identityCenterScimToken"), steps[3]);
        assert.ok(steps[4].includes(`start URL ${args.startUrl}, region eu-west-1`), steps[4]);
        assert.ok(steps[5].startsWith(`6. Before ${args.scimTokenExpiresAt}:`), steps[5]);
    });
});
