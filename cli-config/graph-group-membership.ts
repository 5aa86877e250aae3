import type { GraphReader } from "../live/graph-reader";
import { LiveReadError } from "../live/read-failure";
import { CliConfigError } from "./errors";
import type { GroupMembershipResolver } from "./user-access";

/**
 * `--user` group membership from Microsoft Graph (the doctor's reader: GET
 * /users/{upn}/transitiveMemberOf/microsoft.graph.group, nested groups included). Without
 * credentials, or when Graph refuses, membership is unknown and the reason says why.
 */
export function graphGroupMembership(reader: Pick<GraphReader, "listTransitiveGroupIds">): GroupMembershipResolver {
    return {
        membershipOf: async (userPrincipalName) => {
            let groupIds: string[] | undefined;
            try {
                groupIds = await reader.listTransitiveGroupIds(userPrincipalName);
            } catch (error) {
                if (error instanceof LiveReadError && error.kind === "no-credentials") {
                    return {
                        unknownBecause:
                            "without Microsoft Graph credentials (set GRAPH_ACCESS_TOKEN, ARM_*/AZURE_* credentials, or az login)",
                    };
                }
                if (error instanceof LiveReadError) {
                    return { unknownBecause: `(${error.message})` };
                }
                throw error;
            }
            if (groupIds === undefined) {
                throw new CliConfigError(
                    `--user ${userPrincipalName}: Microsoft Graph has no user with this user principal name in the tenant`,
                );
            }
            return { groupIds };
        },
    };
}
