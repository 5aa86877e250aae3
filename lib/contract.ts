import type { IdentityCenterOutputs } from "../components/identity-center/identity-center-federation";
import type { AccountOutputs } from "../components/wiring/account-federation";

export type { AccountOutputs, IdentityCenterOutputs };

/** One role of an account, as the SSO stack exports it under `accounts.<account>.roles.<role>`. */
export type RoleOutputs = AccountOutputs["roles"][string];

/** One token-signing certificate of an account's gallery app, as exported. */
export type SigningCertificateOutputs = AccountOutputs["signingCertificates"][number];

/**
 * The outputs of the SSO stack: the contract `SsoStack` reads through a stack reference. The core
 * program exports exactly these names; each account's shape is `AccountOutputs`.
 */
export interface SsoStackOutputs {
    /** Azure AD tenant id of every gallery app. */
    readonly tenantId: string;
    /** The SessionDuration claim, in seconds, every app sends: no role may allow less. */
    readonly sessionDuration: number;
    /** Name of the IAM SAML provider in every account. */
    readonly samlProviderName: string;
    /** Accounts by logical name; empty when the stack federates only through IAM Identity Center. */
    readonly accounts: Readonly<Record<string, AccountOutputs>>;
    /** The IAM Identity Center path, when the stack has an identityCenter block. */
    readonly identityCenter?: IdentityCenterOutputs;
}

/** The stack output names the contract consists of. */
export const SSO_STACK_OUTPUT_NAMES = ["tenantId", "sessionDuration", "samlProviderName", "accounts"] as const;
