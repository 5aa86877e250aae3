import * as assert from "assert";
import { generateCliConfig } from "../../cli-config/command";
import { awsSsoConfig, permissionSetProfiles } from "../../cli-config/identity-center-profiles";
import { accountDirectory, identityCenterFromConfig } from "../../cli-config/sources";
import { TENANT_ID } from "../support/stack-fixtures";
import { AUDITORS, bothPaths, identityCenterValues, readIni } from "./support/cli-fixtures";

const identityCenterAccess = () => identityCenterFromConfig(bothPaths())!;

describe("identity-center-profiles: the aws-sso file of the IAM Identity Center path", () => {
    it("one sso-session and one profile per account and permission set, every value from the block", async () => {
        const access = identityCenterAccess();
        const file = readIni((await generateCliConfig({ stack: "both", config: bothPaths(), tenantId: TENANT_ID })).text);
        assert.deepStrictEqual(file["sso-session both"], {
            sso_start_url: "https://d-9067a1b2c3.awsapps.com/start",
            sso_region: access.region,
            sso_registration_scopes: "sso:account:access",
        });
        // 111122223333 is the per-account path's sandbox: named after it, in its region.
        assert.deepStrictEqual(Object.keys(file), [
            "sso-session both",
            "profile 210987654321-platformreadonly",
            "profile sandbox-platformreadonly",
            "profile 210987654321-platform-admin",
        ]);
        assert.deepStrictEqual(file["profile sandbox-platformreadonly"], {
            sso_session: "both",
            sso_account_id: "111122223333",
            sso_role_name: "PlatformReadOnly",
            region: "eu-central-1",
        });
        assert.deepStrictEqual(file["profile 210987654321-platformreadonly"], {
            sso_session: "both",
            sso_account_id: "210987654321",
            sso_role_name: "PlatformReadOnly",
            region: access.region,
        });
        assert.strictEqual(file["profile 210987654321-platform-admin"].sso_role_name, "Platform.Admin");
    });

    it("the start URL is identityCenter.startUrl when set, else the identity store's portal", async () => {
        const config = bothPaths({ ...identityCenterValues(), startUrl: "https://contoso.awsapps.com/start" });
        const file = readIni((await generateCliConfig({ stack: "both", config })).text);
        assert.strictEqual(file["sso-session both"].sso_start_url, "https://contoso.awsapps.com/start");
    });

    it("an assignment to a group that is not provisioned is refused with the key path and the groups", () => {
        const access = identityCenterAccess();
        const broken = {
            ...access,
            permissionSets: [{ ...access.permissionSets[0], assign: [{ group: "aws-typo", accounts: ["111122223333"] }] }],
        };
        assert.throws(
            () => permissionSetProfiles(broken),
            (error: Error) =>
                error.message ===
                'identityCenter.permissionSets[0].assign[0].group: "aws-typo" is not one of identityCenter.groups; allowed: aws-platform-admins, aws-auditors',
        );
    });

    it("profile names do not move when a permission set or assignment is added before them", () => {
        const access = identityCenterAccess();
        const before = permissionSetProfiles(access).map((profile) => [profile.profileName, profile.accountId, profile.permissionSetName]);
        const grown = {
            ...access,
            permissionSets: [
                { name: "Billing", assign: [{ group: AUDITORS.displayName, accounts: ["999999999999"] }] },
                ...access.permissionSets,
            ],
        };
        const after = permissionSetProfiles(grown).map((profile) => [profile.profileName, profile.accountId, profile.permissionSetName]);
        for (const entry of before) {
            assert.ok(
                after.some((candidate) => JSON.stringify(candidate) === JSON.stringify(entry)),
                String(entry),
            );
        }
    });

    it("a start URL the AWS CLI cannot read back is refused, naming the key", () => {
        const access = { ...identityCenterAccess(), startUrl: "https://d-9067a1b2c3.awsapps.com/start/#/" };
        assert.throws(() => awsSsoConfig(access, "dev", permissionSetProfiles(access)), /\[sso-session dev\] sso_start_url:/);
    });

    it("names accounts after the per-account path when it has them", () => {
        const config = bothPaths();
        const profiles = permissionSetProfiles(identityCenterAccess(), accountDirectory(config));
        assert.deepStrictEqual(
            profiles.map((profile) => profile.accountName),
            ["210987654321", "sandbox", "210987654321"],
        );
    });
});
