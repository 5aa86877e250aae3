import * as assert from "assert";
import { GroupMembership, GroupMembershipResolver, NO_GROUP_MEMBERSHIP, profilesForUser } from "../../cli-config/user-access";

const DEVELOPERS = { objectId: "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c" };
const ANALYSTS = { objectId: "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", displayName: "data-analysts" };
const MEGAN = "megan.bowen@contoso.com";

/** The per-account profiles of a two-account stack, as the generators assign them from the config. */
const PROFILES = [
    { profileName: "sandbox-developer", assignedUsers: ["B.Simon@contoso.com"], assignedGroups: [DEVELOPERS] },
    { profileName: "sandbox-readonly", assignedUsers: ["Megan.Bowen@contoso.com"], assignedGroups: [] },
    { profileName: "data-data-engineer", assignedUsers: [], assignedGroups: [ANALYSTS, DEVELOPERS] },
] as const;

/** A resolver that answers `answer` and records whom it was asked about. */
function resolver(answer: GroupMembership): GroupMembershipResolver & { asked: string[] } {
    const asked: string[] = [];
    return {
        asked,
        membershipOf: async (userPrincipalName) => {
            asked.push(userPrincipalName);
            return answer;
        },
    };
}

describe("user-access: the profiles one user can reach", () => {
    it("keeps what is assigned to the user directly, comparing UPNs case-insensitively as Azure AD does", async () => {
        const membership = resolver({ groupIds: [] });
        const access = await profilesForUser(PROFILES, "MEGAN.BOWEN@CONTOSO.COM", membership);
        assert.deepStrictEqual(
            access.profiles.map((profile) => profile.profileName),
            ["sandbox-readonly"],
        );
        assert.deepStrictEqual(access.unresolvedGroups, []);
        assert.strictEqual(access.unknownBecause, undefined);
        assert.deepStrictEqual(membership.asked, ["MEGAN.BOWEN@CONTOSO.COM"], "the groups could add profiles");
    });

    it("adds the profiles of the user's groups, whatever the case of their ids", async () => {
        const access = await profilesForUser(PROFILES, MEGAN, resolver({ groupIds: [ANALYSTS.objectId.toUpperCase()] }));
        assert.deepStrictEqual(
            access.profiles.map((profile) => profile.profileName),
            ["sandbox-readonly", "data-data-engineer"],
        );
        assert.deepStrictEqual(access.unresolvedGroups, []);
    });

    it("with membership unknown, leaves the group profiles out and names each group once, with every profile it would grant", async () => {
        const access = await profilesForUser(PROFILES, MEGAN, resolver({ unknownBecause: "(Graph refused: 403)" }));
        assert.deepStrictEqual(
            access.profiles.map((profile) => profile.profileName),
            ["sandbox-readonly"],
        );
        assert.deepStrictEqual(access.unresolvedGroups, [
            { objectId: DEVELOPERS.objectId, profileNames: ["sandbox-developer", "data-data-engineer"] },
            { objectId: ANALYSTS.objectId, displayName: "data-analysts", profileNames: ["data-data-engineer"] },
        ]);
        assert.strictEqual(access.unknownBecause, "(Graph refused: 403)");
    });

    it("does not ask for membership when no group could add a profile", async () => {
        const membership = resolver({ unknownBecause: "must not be asked" });
        const direct = PROFILES.filter((profile) => profile.profileName !== "data-data-engineer");
        const access = await profilesForUser(direct, "b.simon@contoso.com", membership);
        assert.deepStrictEqual(
            access.profiles.map((profile) => profile.profileName),
            ["sandbox-developer"],
        );
        assert.deepStrictEqual(membership.asked, []);
        assert.strictEqual(access.unknownBecause, undefined);
    });

    it("NO_GROUP_MEMBERSHIP never knows, and says it is for lack of Graph credentials", async () => {
        assert.deepStrictEqual(await NO_GROUP_MEMBERSHIP.membershipOf(MEGAN), { unknownBecause: "without Microsoft Graph credentials" });
        const access = await profilesForUser(PROFILES, "alex.wilber@contoso.com", NO_GROUP_MEMBERSHIP);
        assert.deepStrictEqual(access.profiles, []);
        assert.strictEqual(access.unresolvedGroups.length, 2);
    });
});
