import { createHash } from "crypto";
import { appRoleValue } from "../../../components/documents/app-role-value";
import { identifierUri, signInSamlEndpoint, userAccessUrl } from "../../../components/documents/aws-sign-in-endpoints";
import { appRoleId } from "../../../components/documents/deterministic-ids";
import { iamRoleArn, samlProviderArn } from "../../../components/documents/iam-arns";
import type { AccountOutputs, SsoStackOutputs } from "../../../lib/contract";

/** The SSO stack the team program references. */
export const SSO_STACK_NAME = "org/azuread-aws-sso/dev";
export const TENANT_ID = "2c7d4e1f-9a3b-4c5d-8e6f-7a8b9c0d1e2f";
/** Longer than an hour, so the default and the minimum of a team role differ from IAM's 3600. */
export const SESSION_DURATION = 7200;
export const SAML_PROVIDER_NAME = "AzureAD";

/** One account as the SSO stack's config would declare it, plus the ids Azure gave its app. */
interface AccountFixture {
    readonly accountId: string;
    readonly signInRegion?: string;
    readonly clientId: string;
    readonly applicationObjectId: string;
    readonly servicePrincipalObjectId: string;
    /** Role name to MaxSessionDuration. */
    readonly roles: Readonly<Record<string, number>>;
    readonly provisioning?: boolean;
    /** PrincipalTag keys the account's app sends. */
    readonly sessionTagKeys?: readonly string[];
}

export const ACCOUNTS = {
    data: {
        accountId: "210987654321",
        // A regional sign-in endpoint: team roles must trust this one, not the global endpoint.
        signInRegion: "eu-central-1",
        clientId: "4b8e2a6c-1d3f-4e5a-9b7c-0d2e4f6a8b1c",
        applicationObjectId: "9f1e3d5c-7b2a-4c8e-a6d4-2f0b8e6c4a17",
        servicePrincipalObjectId: "c3a5e7f9-1b2d-4f6e-8a0c-5d7e9f1b3a26",
        roles: { "Data-Engineer": 14400, ReadOnly: 7200 },
        provisioning: true,
    },
    sandbox: {
        accountId: "111122223333",
        clientId: "7e9a1c3e-5f7b-4d9c-8e1a-3c5e7a9b1d4f",
        applicationObjectId: "1a3c5e7a-9b1d-4f3e-b5a7-9c1e3a5c7e92",
        servicePrincipalObjectId: "5e7a9c1e-3a5c-4e7a-9c1e-3a5c7e9a1c38",
        roles: { Developer: 7200, ReadOnly: 7200 },
        sessionTagKeys: ["Department"],
    },
} as const satisfies Readonly<Record<string, AccountFixture>>;

/** The ARN of the SAML provider of an account of the fixture. */
export function providerArnOf(accountName: keyof typeof ACCOUNTS): string {
    return samlProviderArn(ACCOUNTS[accountName].accountId, SAML_PROVIDER_NAME);
}

/** SHA-1-shaped upper-case hex, as Azure reports certificate thumbprints. */
function thumbprint(seed: string): string {
    return createHash("sha1").update(seed).digest("hex").toUpperCase();
}

function accountOutputs(name: string, account: AccountFixture): AccountOutputs {
    const providerArn = samlProviderArn(account.accountId, SAML_PROVIDER_NAME);
    const certificates = [
        { name: "primary", thumbprint: thumbprint(`${name}/primary`), endDate: "2027-03-01T00:00:00Z" },
        { name: "next", thumbprint: thumbprint(`${name}/next`), endDate: "2029-03-01T00:00:00Z" },
    ];
    const active = certificates[certificates.length - 1];
    return {
        accountId: account.accountId,
        samlProviderArn: providerArn,
        identifierUri: identifierUri(`dev-${name}`),
        replyUrl: signInSamlEndpoint(account.signInRegion),
        sessionTagKeys: [...(account.sessionTagKeys ?? [])],
        applicationId: account.clientId,
        applicationObjectId: account.applicationObjectId,
        servicePrincipalObjectId: account.servicePrincipalObjectId,
        signingCertificateThumbprint: active.thumbprint,
        signingCertificateEndDate: active.endDate,
        signingCertificates: certificates,
        userAccessUrl: userAccessUrl(account.clientId, TENANT_ID),
        roles: Object.fromEntries(
            Object.entries(account.roles).map(([roleName, maxSessionDuration]) => {
                const arn = iamRoleArn(account.accountId, roleName);
                return [
                    roleName,
                    { arn, appRoleId: appRoleId(name, roleName), appRoleValue: appRoleValue(arn, providerArn), maxSessionDuration },
                ];
            }),
        ),
        ...(account.provisioning ? { roleManagerAccessKeyId: "AKIATESTROLEREADER01" } : {}),
    };
}

/** The outputs of a deployed two-account SSO stack, as its stack reference returns them. */
export function ssoStackOutputs(): SsoStackOutputs {
    return {
        tenantId: TENANT_ID,
        sessionDuration: SESSION_DURATION,
        samlProviderName: SAML_PROVIDER_NAME,
        accounts: Object.fromEntries(Object.entries(ACCOUNTS).map(([name, account]) => [name, accountOutputs(name, account)])),
    };
}

/** Users the directory stand-in knows, by user principal name (lower case). */
export const DIRECTORY_USERS: Readonly<Record<string, string>> = {
    "megan.bowen@contoso.com": "8a6c4e2f-0b9d-4f7a-8c5e-3d1b9f7a5c64",
    "alex.wilber@contoso.com": "e2c4a6b8-9d1f-4a3c-b5e7-0f2a4c6e8b13",
};
