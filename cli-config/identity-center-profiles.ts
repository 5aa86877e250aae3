import { CliConfigError } from "./errors";
import { formatIni, IniSection } from "./ini-text";
import { GeneratedConfig, ProfileTextOptions } from "./per-account-profiles";
import { assertUniqueProfileNames, cliProfileName } from "./profile-names";
import type { AccountDirectory, GroupReference, IdentityCenterAccess } from "./sources";

/** The scope `aws configure sso` registers: the access portal's accounts and roles, with refreshable tokens. */
export const SSO_REGISTRATION_SCOPES = "sso:account:access";

/** One AWS CLI profile of the Identity Center path: one account and one permission set. */
export interface PermissionSetProfile {
    readonly profileName: string;
    readonly accountId: string;
    /** The account's logical name, or its id when the per-account path does not name it. */
    readonly accountName: string;
    readonly permissionSetName: string;
    /** Default region for commands: the account's, else Identity Center's. */
    readonly region: string;
    readonly assignedUsers: readonly string[];
    readonly assignedGroups: readonly GroupReference[];
}

/**
 * One profile per account and permission set some group is assigned, named
 * `<account>-<permission set>`, ordered by permission set then account as configured.
 */
export function permissionSetProfiles(access: IdentityCenterAccess, accounts: AccountDirectory = {}): PermissionSetProfile[] {
    const profiles = new Map<string, { profile: Omit<PermissionSetProfile, "assignedGroups">; groups: Map<string, GroupReference> }>();
    access.permissionSets.forEach((permissionSet, permissionSetIndex) => {
        permissionSet.assign.forEach((assignment, assignmentIndex) => {
            const group = access.groups.find((candidate) => candidate.displayName === assignment.group);
            if (!group) {
                throw new CliConfigError(
                    `identityCenter.permissionSets[${permissionSetIndex}].assign[${assignmentIndex}].group: "${assignment.group}" is not one of identityCenter.groups; allowed: ${access.groups.map((candidate) => candidate.displayName).join(", ") || "none"}`,
                );
            }
            for (const accountId of assignment.accounts) {
                const key = `${accountId}/${permissionSet.name}`;
                const known = accounts[accountId];
                const entry = profiles.get(key) ?? {
                    profile: {
                        profileName: cliProfileName(known?.name ?? accountId, permissionSet.name),
                        accountId,
                        accountName: known?.name ?? accountId,
                        permissionSetName: permissionSet.name,
                        region: known?.region ?? access.region,
                        assignedUsers: [],
                    },
                    groups: new Map<string, GroupReference>(),
                };
                entry.groups.set(group.objectId, { objectId: group.objectId, displayName: group.displayName });
                profiles.set(key, entry);
            }
        });
    });
    const list = [...profiles.values()].map(({ profile, groups }) => ({ ...profile, assignedGroups: [...groups.values()] }));
    assertUniqueProfileNames(
        list.map((profile) => ({
            profileName: profile.profileName,
            describes: `permission set ${profile.permissionSetName} in account ${profile.accountName}`,
        })),
    );
    return list;
}

/**
 * `~/.aws/config` for IAM Identity Center in the current AWS CLI format: one `[sso-session]`
 * (token refreshed automatically) and one profile per account and permission set. The session
 * length is the permission set's, enforced by Identity Center; the CLI asks for no duration.
 */
export function awsSsoConfig(
    access: IdentityCenterAccess,
    sessionName: string,
    profiles: readonly PermissionSetProfile[],
    options: Pick<ProfileTextOptions, "header"> = {},
): GeneratedConfig {
    if (profiles.length === 0) {
        throw new CliConfigError("no profile left for aws-sso: no permission set is assigned to the selected accounts");
    }
    const session: IniSection = {
        name: `sso-session ${sessionName}`,
        entries: [
            { key: "sso_start_url", value: access.startUrl, reader: "aws-cli" },
            { key: "sso_region", value: access.region, reader: "aws-cli" },
            { key: "sso_registration_scopes", value: SSO_REGISTRATION_SCOPES, reader: "aws-cli" },
        ],
    };
    const sections: IniSection[] = profiles.map((profile) => ({
        name: `profile ${profile.profileName}`,
        entries: [
            { key: "sso_session", value: sessionName, reader: "aws-cli" },
            { key: "sso_account_id", value: profile.accountId, reader: "aws-cli" },
            { key: "sso_role_name", value: profile.permissionSetName, reader: "aws-cli" },
            { key: "region", value: profile.region, reader: "aws-cli" },
        ],
    }));
    return { text: formatIni([session, ...sections], options.header), notes: [] };
}
