import { DiscoveredAccount, DiscoveredApp } from "../../../adopt/discovery";

// Discovered accounts and apps written out, for the decisions that need a precise pair of them
// (which certificate each side holds, which account the role values name).

export const THUMBPRINT = "4BCE03C7775D68453FE534E26A0B4198EC4BED5C";
export const OTHER = "A70F999EE3F459D608FB249991E59E43988E481E";

export function discoveredAccount(accountId: string, thumbprints: string[], caller = accountId): DiscoveredAccount {
    return {
        argument: { name: `a${accountId.slice(-4)}`, accountId },
        callerAccountId: caller,
        samlProviders: [
            {
                arn: `arn:aws:iam::${accountId}:saml-provider/WAAD`,
                name: "WAAD",
                metadataDocument: "",
                entityId: "https://sts.windows.net/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/",
                thumbprints,
            },
        ],
        samlRoles: [],
        readers: [],
    };
}

export function discoveredApp(id: string, thumbprint: string, roleAccount?: string, withApplication = true): DiscoveredApp {
    return {
        servicePrincipal: {
            id,
            appId: `${id}-client`,
            displayName: `app ${id}`,
            appRoleAssignmentRequired: true,
            preferredSingleSignOnMode: "saml",
            preferredTokenSigningKeyThumbprint: thumbprint,
            notificationEmailAddresses: ["identity-team@contoso.com"],
            keyCredentials: [
                {
                    keyId: `${id}-key`,
                    customKeyIdentifier: Buffer.from(thumbprint, "hex").toString("base64"),
                    displayName: "CN=x",
                    type: "AsymmetricX509Cert",
                    usage: "Verify",
                    startDateTime: null,
                    endDateTime: "2029-01-01T00:00:00Z",
                },
            ],
            appRoles: roleAccount
                ? [
                      {
                          id: `${id}-role`,
                          value: `arn:aws:iam::${roleAccount}:role/Developer,arn:aws:iam::${roleAccount}:saml-provider/WAAD`,
                          displayName: "Developer,WAAD",
                          description: null,
                          isEnabled: true,
                          allowedMemberTypes: ["User"],
                          origin: "ServicePrincipal",
                      },
                  ]
                : [],
        },
        ...(withApplication
            ? {
                  application: {
                      id: `${id}-app`,
                      appId: `${id}-client`,
                      displayName: "x",
                      identifierUris: [],
                      redirectUris: [],
                      appRoles: [],
                  },
              }
            : {}),
        claimsMappingPolicies: [],
        assignments: [],
        synchronizationJobs: [],
    };
}
