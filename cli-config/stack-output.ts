import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../components/stack-config";
import type { AccountOutputs } from "../components/wiring/account-federation";
import { awsAzureLoginConfig, roleProfiles, saml2awsConfig, signsInThroughGlobalEndpoint } from "./per-account-profiles";
import { perAccountFromConfig, perAccountFromOutputs } from "./sources";

/** `cliConfig.<account>` in the stack outputs: ready config files for that account's roles. */
export interface AccountCliConfigTexts {
    /** aws-azure-login profiles for `~/.aws/config`; absent for accounts with a regional reply URL, which it cannot use. */
    readonly "aws-azure-login"?: string;
    /** saml2aws IdP accounts for `~/.saml2aws`. */
    readonly saml2aws: string;
}

/**
 * The `cliConfig` stack output, from the same generators as `npm run cli-config` over the
 * deployed values. Profile names are checked here, before anything is registered, so a name
 * clash fails the preview rather than the update.
 */
export function cliConfigStackOutput(
    config: StackConfig,
    stack: string,
    tenantId: pulumi.Input<string>,
    accounts: pulumi.Input<Record<string, AccountOutputs>>,
): pulumi.Output<Record<string, AccountCliConfigTexts>> {
    roleProfiles(perAccountFromConfig(config, "00000000-0000-0000-0000-000000000000"));
    return pulumi.all([tenantId, accounts]).apply(([tenant, deployed]) => {
        const federation = perAccountFromOutputs({ tenantId: tenant, sessionDuration: config.sessionDuration, accounts: deployed }, config);
        const profiles = roleProfiles(federation);
        return Object.fromEntries(
            federation.accounts.map((account) => {
                const own = profiles.filter((profile) => profile.account.name === account.name);
                const header = (format: string) => [`${format} profiles of account ${account.name}, stack ${stack} (stack output cliConfig.${account.name}).`];
                const texts: AccountCliConfigTexts = {
                    ...(own.length > 0 && signsInThroughGlobalEndpoint(account)
                        ? { "aws-azure-login": awsAzureLoginConfig(federation, own, { header: header("aws-azure-login") }).text }
                        : {}),
                    saml2aws: saml2awsConfig(own, { header: header("saml2aws") }).text,
                };
                return [account.name, texts];
            }),
        );
    });
}
