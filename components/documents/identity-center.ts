/** Pure documents of the IAM Identity Center path: names, notes, the access matrix and the runbook. */

import { SCIM_TOKEN_NOTE_PREFIX } from "../../policies/vocabulary/identity-center";

/** Gallery template "AWS IAM Identity Center (successor to AWS Single Sign-On)". */
export { AWS_IDENTITY_CENTER_TEMPLATE_ID } from "../../policies/vocabulary/gallery-templates";

/** App role id Entra uses for "default access" when an assignment names no role the app declares. */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

/**
 * The service principal's operational note: where admins (and the policy pack) read when the SCIM
 * token Identity Center issued stops working, since neither cloud records it anywhere else.
 */
export function scimTokenExpiryNote(expiresAt: string): string {
    return `${SCIM_TOKEN_NOTE_PREFIX}${expiresAt}; renew it in IAM Identity Center (Settings > Automatic provisioning) and run pulumi up with the new identityCenterScimToken.`;
}

/** The expiry `scimTokenExpiryNote` wrote, or undefined when the text is not such a note. */
export function scimTokenExpiryFromNote(note: unknown): string | undefined {
    if (typeof note !== "string" || !note.startsWith(SCIM_TOKEN_NOTE_PREFIX)) {
        return undefined;
    }
    return note.slice(SCIM_TOKEN_NOTE_PREFIX.length).split(";")[0];
}

/** One permission set and what it grants, as far as the access matrix needs it. */
export interface PermissionSetGrant {
    readonly name: string;
    readonly sessionDuration: string;
    readonly assignments: readonly { readonly group: string; readonly accountIds: readonly string[] }[];
}

/** One row of "who gets what where". */
export interface AccessMatrixRow {
    readonly group: string;
    readonly permissionSet: string;
    readonly accountId: string;
    readonly sessionDuration: string;
}

/** Every group × permission set × account the config grants, sorted by group, permission set, account. */
export function accessMatrix(permissionSets: readonly PermissionSetGrant[]): AccessMatrixRow[] {
    const rows = permissionSets.flatMap((permissionSet) =>
        permissionSet.assignments.flatMap((assignment) =>
            assignment.accountIds.map((accountId) => ({
                group: assignment.group,
                permissionSet: permissionSet.name,
                accountId,
                sessionDuration: permissionSet.sessionDuration,
            })),
        ),
    );
    return rows.sort(
        (a, b) =>
            a.group.localeCompare(b.group) || a.permissionSet.localeCompare(b.permissionSet) || a.accountId.localeCompare(b.accountId),
    );
}

/** The access matrix as a text table, one row per grant. */
export function formatAccessMatrix(rows: readonly AccessMatrixRow[]): string[] {
    const header: AccessMatrixRow = { group: "group", permissionSet: "permission set", accountId: "account", sessionDuration: "session" };
    const all = [header, ...rows];
    const width = (key: keyof AccessMatrixRow) => Math.max(...all.map((row) => row[key].length));
    const line = (row: AccessMatrixRow) =>
        [
            row.group.padEnd(width("group")),
            row.permissionSet.padEnd(width("permissionSet")),
            row.accountId.padEnd(width("accountId")),
            row.sessionDuration,
        ].join("  ");
    return all.map(line);
}

export interface IdentityCenterRunbookArgs {
    readonly instanceArn: string;
    readonly region: string;
    readonly samlIssuer: string;
    readonly samlAcsUrl: string;
    readonly scimEndpoint: string;
    readonly scimTokenExpiresAt: string;
    readonly startUrl: string;
    /** Tenant-specific sign-in URL of the Entra app (`https://login.microsoftonline.com/<tenant>/saml2`). */
    readonly signInUrl: string;
    readonly entityId: string;
    readonly signingCertificateThumbprint: string;
}

/**
 * The two steps AWS offers no API for, with every value they need from the stack: switching the
 * identity source to Entra (uploading the IdP metadata) and issuing and renewing the SCIM token.
 */
export function identityCenterRunbook(args: IdentityCenterRunbookArgs): string[] {
    const console = `https://${args.region}.console.aws.amazon.com/singlesignon/home?region=${args.region}`;
    return [
        `1. Open IAM Identity Center (${console}) > Settings > Identity source > Actions > Change identity source > External identity provider.`,
        `2. Check that the service provider metadata shows issuer ${args.samlIssuer} and ACS URL ${args.samlAcsUrl}; if not, set identityCenter.samlIssuer and samlAcsUrl to what it shows and run pulumi up.`,
        `3. Under "Identity provider metadata", upload the file from: pulumi stack output identityCenter --json | jq -r .idpMetadataXml > entra-idp-metadata.xml (entity id ${args.entityId}, sign-in URL ${args.signInUrl}, certificate ${args.signingCertificateThumbprint}). Accept the change.`,
        `4. Settings > Automatic provisioning > Enable. Check the SCIM endpoint is ${args.scimEndpoint}, generate an access token, and store it: pulumi config set --secret azuread-aws-sso:identityCenterScimToken <token>; set identityCenter.scimTokenExpiresAt to its expiry (one year); pulumi up.`,
        `5. Sign in at ${args.startUrl} as a member of a configured group; configure the CLI with aws configure sso (start URL ${args.startUrl}, region ${args.region}).`,
        `6. Before ${args.scimTokenExpiresAt}: generate a new token in the same place (Identity Center keeps two), repeat the config set and pulumi up, then delete the old token in Identity Center.`,
        `7. After rotating the signing certificate (pulumi up adds the new one), upload the new metadata in step 3 before removing the old certificate from signingCertificate: Identity Center trusts one certificate at a time.`,
    ];
}
