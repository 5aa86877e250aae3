import { GLOBAL_SIGN_IN_SAML_ENDPOINT } from "../components/documents/aws-sign-in-endpoints";
import { CliConfigError } from "./errors";
import { formatIni, IniEntry, IniSection } from "./ini-text";
import { assertUniqueProfileNames, cliProfileName } from "./profile-names";
import { awsAzureLoginHours, cliSessionSeconds } from "./session-duration";
import type { FederatedAccount, FederatedRole, GroupReference, PerAccountFederation } from "./sources";

/** saml2aws's sign-in URL for the AzureAD provider (its documented value). */
export const SAML2AWS_AZURE_AD_URL = "https://account.activedirectory.windowsazure.com";
/** The SAML audience saml2aws names for the commercial partition (its default `aws_urn`). */
export const SAML2AWS_AWS_URN = "urn:amazon:webservices";

/** One CLI profile of the per-account path: one account and one of its roles. */
export interface RoleProfile {
    readonly profileName: string;
    readonly account: FederatedAccount;
    readonly role: FederatedRole;
    /** Seconds a tool may request: the role's maximum and the SessionDuration claim, whichever is lower. */
    readonly sessionSeconds: number;
    readonly assignedUsers: readonly string[];
    readonly assignedGroups: readonly GroupReference[];
}

/** A generated file, and what the reader should know about what it left out. */
export interface GeneratedConfig {
    readonly text: string;
    readonly notes: readonly string[];
}

export interface ProfileTextOptions {
    /** Pre-fills the sign-in name (`--user`). */
    readonly userPrincipalName?: string;
    /** Comment lines at the top of the file. */
    readonly header?: readonly string[];
}

/** One profile per account and role, named `<account>-<role>`, in config order. */
export function roleProfiles(federation: PerAccountFederation): RoleProfile[] {
    const profiles = federation.accounts.flatMap((account) =>
        account.roles.map((role) => ({
            profileName: cliProfileName(account.name, role.name),
            account,
            role,
            sessionSeconds: cliSessionSeconds(
                role.maxSessionDuration,
                federation.sessionDuration,
                `accounts.${account.name}.roles.${role.name}`,
            ),
            assignedUsers: role.assignedUsers,
            assignedGroups: role.assignedGroups,
        })),
    );
    assertUniqueProfileNames(
        profiles.map((profile) => ({
            profileName: profile.profileName,
            describes: `role ${profile.role.name} in account ${profile.account.name}`,
        })),
    );
    return profiles;
}

/** True when the account's reply URL is the global sign-in endpoint, the only one aws-azure-login uses. */
export function signsInThroughGlobalEndpoint(account: Pick<FederatedAccount, "replyUrl">): boolean {
    return account.replyUrl === GLOBAL_SIGN_IN_SAML_ENDPOINT;
}

/**
 * aws-azure-login profiles for `~/.aws/config`. aws-azure-login always asks Azure to post the
 * response to the global sign-in endpoint, so accounts with a regional reply URL (`signInRegion`)
 * cannot use it: Azure refuses the request (AADSTS50011) and the roles' `SAML:aud` would not match.
 * Those are left out, with a note.
 */
export function awsAzureLoginConfig(
    federation: PerAccountFederation,
    profiles: readonly RoleProfile[],
    options: ProfileTextOptions = {},
): GeneratedConfig {
    const regional = profiles.filter((profile) => !signsInThroughGlobalEndpoint(profile.account));
    const usable = profiles.filter((profile) => signsInThroughGlobalEndpoint(profile.account));
    const notes = [...new Set(regional.map((profile) => profile.account))].map(
        (account) =>
            `account ${account.name}: left out, its reply URL is ${account.replyUrl} (signInRegion) and aws-azure-login only signs in through ${GLOBAL_SIGN_IN_SAML_ENDPOINT}; use --format saml2aws`,
    );
    if (usable.length === 0) {
        throw new CliConfigError(`no profile left for aws-azure-login: ${notes.join("; ") || "no roles selected"}`);
    }
    const sections: IniSection[] = usable.map((profile) => ({
        name: `profile ${profile.profileName}`,
        entries: withoutUndefined([
            { key: "azure_tenant_id", value: federation.tenantId, reader: "node-ini" },
            { key: "azure_app_id_uri", value: profile.account.identifierUri, reader: "node-ini" },
            options.userPrincipalName && { key: "azure_default_username", value: options.userPrincipalName, reader: "node-ini" },
            { key: "azure_default_role_arn", value: profile.role.arn, reader: "node-ini" },
            { key: "azure_default_duration_hours", value: awsAzureLoginHours(profile.sessionSeconds), reader: "node-ini" },
            { key: "azure_default_remember_me", value: false, reader: "node-ini" },
            profile.account.region && { key: "region", value: profile.account.region, reader: "aws-cli" },
        ]),
    }));
    return { text: formatIni(sections, options.header), notes };
}

/**
 * saml2aws IdP accounts for `~/.saml2aws`, one per account and role; `saml2aws login -a <name>`
 * writes the credentials to the AWS profile of the same name. Needs the client ids, which only
 * the stack outputs have.
 */
export function saml2awsConfig(profiles: readonly RoleProfile[], options: ProfileTextOptions = {}): GeneratedConfig {
    const missing = [...new Set(profiles.filter((profile) => !profile.account.applicationId).map((profile) => profile.account.name))];
    if (missing.length > 0) {
        throw new CliConfigError(
            `saml2aws needs each app's client id (applicationId), which exists only after pulumi up; pass --outputs with \`pulumi stack output --json\` (missing for ${missing.join(", ")})`,
        );
    }
    if (profiles.length === 0) {
        throw new CliConfigError("no profile left for saml2aws: no roles selected");
    }
    const sections: IniSection[] = profiles.map((profile) => ({
        name: profile.profileName,
        entries: withoutUndefined([
            { key: "name", value: profile.profileName, reader: "go-ini" },
            { key: "app_id", value: profile.account.applicationId!, reader: "go-ini" },
            { key: "url", value: SAML2AWS_AZURE_AD_URL, reader: "go-ini" },
            options.userPrincipalName && { key: "username", value: options.userPrincipalName, reader: "go-ini" },
            { key: "provider", value: "AzureAD", reader: "go-ini" },
            { key: "mfa", value: "Auto", reader: "go-ini" },
            { key: "skip_verify", value: false, reader: "go-ini" },
            { key: "aws_urn", value: SAML2AWS_AWS_URN, reader: "go-ini" },
            { key: "aws_session_duration", value: profile.sessionSeconds, reader: "go-ini" },
            { key: "aws_profile", value: profile.profileName, reader: "go-ini" },
            { key: "role_arn", value: profile.role.arn, reader: "go-ini" },
            profile.account.region && { key: "region", value: profile.account.region, reader: "go-ini" },
        ]),
    }));
    return { text: formatIni(sections, options.header), notes: [] };
}

function withoutUndefined(entries: readonly (IniEntry | undefined | "" | false)[]): IniEntry[] {
    return entries.filter((entry): entry is IniEntry => typeof entry === "object" && entry !== null);
}
