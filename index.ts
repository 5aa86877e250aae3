import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { cliConfigStackOutput } from "./cli-config/stack-output";
import { MfaConditionalAccess } from "./components/azure-ad/mfa-conditional-access";
import { TestUser } from "./components/azure-ad/test-user";
import { IdentityCenterFederation, IdentityCenterOutputs } from "./components/identity-center/identity-center-federation";
import { adoptionTransformations } from "./components/adoption";
import { loadStackConfig } from "./components/stack-config";
import { AccountFederation, AccountOutputs } from "./components/wiring/account-federation";

// Validated before anything is registered: bad config creates nothing.
const config = loadStackConfig();
// What `npm run adopt` found is imported, not created (empty for a stack that adopted nothing).
const adoption = adoptionTransformations(config.adoption);
const stack = pulumi.getStack();
const tenantId = azuread.getClientConfigOutput().tenantId;

const testUser = config.testUser
    ? new TestUser("test-user", {
          userPrincipalName: config.testUser.userPrincipalName,
          displayName: config.testUser.displayName,
          password: config.testUserPassword === undefined ? undefined : pulumi.secret(config.testUserPassword),
      })
    : undefined;

const federations = config.accounts.map(
    (account) =>
        new AccountFederation(
            account.name,
            {
                account,
                tenantId,
                stack,
                sessionDuration: config.sessionDuration,
                roleSessionNameSource: config.roleSessionNameSource,
                notificationEmails: config.notificationEmails,
                owners: config.owners,
                provisioning: config.provisioning,
                roleImportKeys: config.roleImportKeys,
                createdUsers:
                    testUser && config.testUser
                        ? [
                              {
                                  userPrincipalName: config.testUser.userPrincipalName,
                                  objectId: testUser.objectId,
                                  roleNames: config.testUser.roles
                                      .filter((grant) => grant.accountName === account.name)
                                      .map((grant) => grant.roleName),
                              },
                          ]
                        : [],
            },
            { transformations: adoption },
        ),
);

const identityCenterFederation = config.identityCenter
    ? new IdentityCenterFederation("identity-center", {
          identityCenter: config.identityCenter,
          scimToken: pulumi.secret(config.identityCenterScimToken ?? ""),
          tenantId,
          stack,
          notificationEmails: config.notificationEmails,
          owners: config.owners,
          signingCertificates: config.signingCertificates,
      })
    : undefined;

if (config.requireMfa) {
    new MfaConditionalAccess("require-mfa", {
        displayName: `Require MFA for AWS sign-in (${stack})`,
        clientIds: [
            ...federations.map((federation) => federation.galleryApp.clientId),
            ...(identityCenterFederation ? [identityCenterFederation.app.clientId] : []),
        ],
    });
}

export { tenantId };
export const sessionDuration = config.sessionDuration;
export const samlProviderName = config.samlProviderName;
/** Keyed by logical account name: the contract other teams' stack references read. */
export const accounts: pulumi.Output<Record<string, AccountOutputs>> = pulumi
    .all(federations.map((federation) => federation.contract()))
    .apply((contracts) => Object.fromEntries(contracts.map((contract, index) => [config.accounts[index].name, contract])));
/** The IAM Identity Center path, when the stack has an identityCenter block. */
export const identityCenter: pulumi.Output<IdentityCenterOutputs> | undefined = identityCenterFederation?.contract();
/** Ready CLI config files (aws-azure-login, saml2aws; aws-sso with identityCenter), README "For engineers". */
export const cliConfig = cliConfigStackOutput(config, stack, tenantId, accounts);
