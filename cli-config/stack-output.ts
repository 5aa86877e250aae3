import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../components/stack-config";
import type { AccountOutputs } from "../components/wiring/account-federation";
import { awsSsoConfig, permissionSetProfiles } from "./identity-center-profiles";
import { awsAzureLoginConfig, roleProfiles, saml2awsConfig, signsInThroughGlobalEndpoint } from "./per-account-profiles";
import { cliProfileName } from "./profile-names";
import { accountDirectory, identityCenterFromConfig, perAccountFromConfig, perAccountFromOutputs } from "./sources";

/** `cliConfig.accounts.<account>`: ready config files for that account's roles. */
export interface AccountCliConfigTexts {
    /** aws-azure-login profiles for `~/.aws/config`; absent for accounts with a regional reply URL, which it cannot use. */
    readonly "aws-azure-login"?: string;
    /** saml2aws IdP accounts for `~/.saml2aws`. */
    readonly saml2aws: string;
}

/** The `cliConfig` stack output. */
export interface CliConfigTexts {
    /** Per-account SAML path, by logical account name. */
    readonly accounts: Readonly<Record<string, AccountCliConfigTexts>>;
    /** Identity Center path, when the stack has it: one `~/.aws/config` file for every account and permission set. */
    readonly identityCenter?: { readonly "aws-sso": string };
}

/**
 * The `cliConfig` stack output, from the same generators as `npm run cli-config`, over the
 * deployed values. Everything the generators check is checked here first, from the config alone,
 * so a profile-name clash fails the preview rather than the update.
 */
export function cliConfigStackOutput(
    config: StackConfig,
    stack: string,
    tenantId: pulumi.Input<string>,
    accounts: pulumi.Input<Record<string, AccountOutputs>>,
): pulumi.Output<CliConfigTexts> {
    roleProfiles(perAccountFromConfig(config, "00000000-0000-0000-0000-000000000000"));
    const identityCenter = identityCenterFromConfig(config);
    const awsSso =
        identityCenter &&
        awsSsoConfig(identityCenter, cliProfileName(stack), permissionSetProfiles(identityCenter, accountDirectory(config)), {
            header: [`aws-sso profiles of stack ${stack} (stack output cliConfig.identityCenter).`],
        }).text;
    return pulumi.all([tenantId, accounts]).apply(([tenant, deployed]) => {
        const federation = perAccountFromOutputs({ tenantId: tenant, sessionDuration: config.sessionDuration, accounts: deployed }, config);
        const profiles = roleProfiles(federation);
        const perAccount = federation.accounts.map((account): [string, AccountCliConfigTexts] => {
            const own = profiles.filter((profile) => profile.account.name === account.name);
            const header = (what: string) => [
                `${what} of account ${account.name}, stack ${stack} (stack output cliConfig.accounts.${account.name}).`,
            ];
            return [
                account.name,
                {
                    ...(signsInThroughGlobalEndpoint(account)
                        ? { "aws-azure-login": awsAzureLoginConfig(federation, own, { header: header("aws-azure-login profiles") }).text }
                        : {}),
                    saml2aws: saml2awsConfig(own, { header: header("saml2aws IdP accounts") }).text,
                },
            ];
        });
        return { accounts: Object.fromEntries(perAccount), ...(awsSso ? { identityCenter: { "aws-sso": awsSso } } : {}) };
    });
}
