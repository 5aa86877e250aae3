import type { GroupReference } from "./sources";

/** Who a profile's access is assigned to, in the config. */
export interface AssignedProfile {
    readonly profileName: string;
    readonly assignedUsers: readonly string[];
    readonly assignedGroups: readonly GroupReference[];
}

/** What a resolver found: the user's groups, or why it could not tell. */
export type GroupMembership = { readonly groupIds: readonly string[] } | { readonly unknownBecause: string };

/** Answers which groups a user belongs to, for `--user`. */
export interface GroupMembershipResolver {
    /** Object ids of every group the user is a member of, directly or through other groups. */
    membershipOf(userPrincipalName: string): Promise<GroupMembership>;
}

/** The resolver without Graph credentials: it never knows. */
export const NO_GROUP_MEMBERSHIP: GroupMembershipResolver = {
    membershipOf: async () => ({ unknownBecause: "without Microsoft Graph credentials" }),
};

/** A group the user's membership in could not be checked, and the profiles it would grant. */
export interface UnresolvedGroup extends GroupReference {
    readonly profileNames: readonly string[];
}

export interface UserAccess<T> {
    /** Profiles assigned to the user directly, or through a group the resolver confirmed. */
    readonly profiles: readonly T[];
    /** Groups left unchecked; their profiles are left out until membership is known. */
    readonly unresolvedGroups: readonly UnresolvedGroup[];
    /** Why membership is unknown, when it is. */
    readonly unknownBecause?: string;
}

/** Filters profiles to what one user can reach, from the config's assignments. UPNs compare case-insensitively, as Azure AD does. */
export async function profilesForUser<T extends AssignedProfile>(
    profiles: readonly T[],
    userPrincipalName: string,
    membership: GroupMembershipResolver,
): Promise<UserAccess<T>> {
    const upn = userPrincipalName.toLowerCase();
    // Graph is asked only when a group could add something.
    const needsGroups = profiles.some(
        (profile) => profile.assignedGroups.length > 0 && !profile.assignedUsers.some((user) => user.toLowerCase() === upn),
    );
    const memberOf: GroupMembership = needsGroups ? await membership.membershipOf(userPrincipalName) : { groupIds: [] };
    const memberIds = "groupIds" in memberOf ? new Set(memberOf.groupIds.map((id) => id.toLowerCase())) : undefined;
    const unresolved = new Map<string, { group: GroupReference; profileNames: string[] }>();
    const reachable = profiles.filter((profile) => {
        if (profile.assignedUsers.some((user) => user.toLowerCase() === upn)) {
            return true;
        }
        if (memberIds) {
            return profile.assignedGroups.some((group) => memberIds.has(group.objectId.toLowerCase()));
        }
        for (const group of profile.assignedGroups) {
            const entry = unresolved.get(group.objectId) ?? { group, profileNames: [] };
            entry.profileNames.push(profile.profileName);
            unresolved.set(group.objectId, entry);
        }
        return false;
    });
    return {
        profiles: reachable,
        unresolvedGroups: [...unresolved.values()].map(({ group, profileNames }) => ({ ...group, profileNames })),
        ...("unknownBecause" in memberOf ? { unknownBecause: memberOf.unknownBecause } : {}),
    };
}
