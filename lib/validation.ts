import { parseIamArn } from "../components/documents/iam-arns";
import { ROLE_NAME_PATTERN, USER_PRINCIPAL_NAME_PATTERN } from "../components/stack-config";
import type { ArgumentProblem } from "./errors";

export { ROLE_NAME_PATTERN, USER_PRINCIPAL_NAME_PATTERN };

/** Azure AD object ids are UUIDs. */
export const OBJECT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A fully qualified stack name: `<organization>/<project>/<stack>`. */
export const QUALIFIED_STACK_NAME_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** True for the ARN of an IAM managed policy (AWS-managed or customer-managed). */
export function isManagedPolicyArn(value: string): boolean {
    return parseIamArn(value)?.resourceType === "policy";
}

/** `"value"` for messages. */
export function quoted(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

/** The Azure AD principals of an assignment, validated and in a stable form. */
export interface Principals {
    /** Group object ids, lower-case. */
    readonly groups: readonly string[];
    /** User principal names, as given. */
    readonly users: readonly string[];
}

/**
 * Checks group object ids and user principal names; `at` is the argument path they sit under
 * (`""` or `"assign."`). Duplicates are refused: each would be a second assignment of one principal.
 */
export function checkPrincipals(
    at: string,
    groups: readonly string[] | undefined,
    users: readonly string[] | undefined,
    problems: ArgumentProblem[],
): Principals {
    const seenGroups = new Map<string, number>();
    (groups ?? []).forEach((group, index) => {
        const path = `${at}groups[${index}]`;
        if (typeof group !== "string" || !OBJECT_ID_PATTERN.test(group)) {
            problems.push({ path, message: `${quoted(group)} is not an Azure AD group object id (a UUID)` });
            return;
        }
        const key = group.toLowerCase();
        const first = seenGroups.get(key);
        if (first !== undefined) {
            problems.push({ path, message: `duplicate group "${group}" (also at ${at}groups[${first}])` });
        } else {
            seenGroups.set(key, index);
        }
    });
    const seenUsers = new Map<string, number>();
    (users ?? []).forEach((user, index) => {
        const path = `${at}users[${index}]`;
        if (typeof user !== "string" || !USER_PRINCIPAL_NAME_PATTERN.test(user)) {
            problems.push({ path, message: `${quoted(user)} is not a user principal name (name@domain)` });
            return;
        }
        // UPNs are case-insensitive in Azure AD.
        const key = user.toLowerCase();
        const first = seenUsers.get(key);
        if (first !== undefined) {
            problems.push({ path, message: `duplicate user "${user}" (also at ${at}users[${first}])` });
        } else {
            seenUsers.set(key, index);
        }
    });
    return { groups: [...seenGroups.keys()], users: [...seenUsers.keys()].map((key) => users![seenUsers.get(key)!]) };
}
