import { v5 as uuidv5 } from "uuid";

/** Fixed namespace for this project's UUID v5 ids. Changing it would re-key every app role. */
export const AZUREAD_AWS_SSO_NAMESPACE = "0b5bd2a4-35c1-5c4e-9a5e-3f3e1d7a2c61";

/**
 * The app role id for a role in an account. UUID v5 of the logical names, so it never changes
 * between runs and assignments keep pointing at the same role.
 */
export function appRoleId(accountName: string, roleName: string): string {
    return uuidv5(`app-role/${accountName}/${roleName}`, AZUREAD_AWS_SSO_NAMESPACE);
}
