import * as ini from "ini";
import { parseStackConfig, StackConfig } from "../../../components/stack-config";
import { baseStackConfig, identityCenterBlock, productionAccount, rawConfig } from "../../support/stack-fixtures";

/** An INI file as plain objects, read back with the `ini` package (aws-azure-login's own reader). */
export function readIni(text: string): Record<string, Record<string, unknown>> {
    return JSON.parse(JSON.stringify(ini.parse(text)));
}

export const ANALYSTS_GROUP = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
export const MEGAN = "megan.bowen@contoso.com";

/**
 * Three accounts: sandbox (global reply URL, a group and the test user on Developer), production
 * (regional reply URL, one user), data (a role name with a dot, 12-hour maximum); claim 2 hours.
 */
export function multiAccountValues(): Record<string, any> {
    const values = baseStackConfig();
    values.sessionDuration = 7200;
    values.testUser = { userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon", roles: ["sandbox/Developer"] };
    const production = productionAccount();
    production.roles[0].assign = { users: [MEGAN] };
    values.accounts.push(production, {
        name: "data",
        accountId: "777788889999",
        region: "eu-west-1",
        roles: [
            {
                name: "Data.Engineer",
                maxSessionDuration: 43200,
                managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                assign: { groups: [ANALYSTS_GROUP], users: [MEGAN] },
            },
        ],
    });
    return values;
}

export const PLATFORM_ADMINS = { objectId: "0a1b2c3d-0000-4000-8000-000000000001", displayName: "aws-platform-admins" };
export const AUDITORS = { objectId: "0a1b2c3d-0000-4000-8000-000000000002", displayName: "aws-auditors" };

/** An identityCenter block as written in Pulumi.<stack>.yaml, for two accounts (one also on the per-account path). */
export function identityCenterValues(): Record<string, any> {
    return {
        ...identityCenterBlock(),
        groups: [PLATFORM_ADMINS, AUDITORS],
        permissionSets: [
            {
                name: "PlatformReadOnly",
                sessionDuration: "PT8H",
                managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                assign: [
                    { group: PLATFORM_ADMINS.displayName, accounts: ["210987654321", "111122223333"] },
                    { group: AUDITORS.displayName, accounts: ["111122223333"] },
                ],
            },
            {
                name: "Platform.Admin",
                sessionDuration: "PT1H",
                managedPolicyArns: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
                assign: [{ group: PLATFORM_ADMINS.displayName, accounts: ["210987654321"] }],
            },
        ],
    };
}

/** A stack with both paths, parsed by the config contract: the per-account accounts plus an identityCenter block. */
export function bothPaths(identityCenter: Record<string, any> = identityCenterValues()): StackConfig {
    const raw = rawConfig({ ...multiAccountValues(), identityCenter, identityCenterScimToken: "scim-token-placeholder" });
    return parseStackConfig(raw, { stack: "both", defaultRegion: raw["aws:region"] });
}
