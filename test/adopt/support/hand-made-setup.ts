import { randomUUID } from "crypto";
import { create } from "xmlbuilder2";
import { AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID } from "../../../components/azure-ad/aws-gallery-app";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { GraphStandIn } from "../../support/graph-stand-in";
import { IamStandIn, StandInRole, StandInUser } from "../../support/iam-stand-in";

// A tenant and accounts as a person leaves them after following the tutorial by hand: a gallery app per
// account, Azure's downloaded federation metadata uploaded as the SAML provider, roles made in the console,
// the role import's reader user and policy, B.Simon assigned. Served by the Graph and IAM stand-ins.

export const TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
export const AMBIENT_KEY = "AKIAIOSFODNN7EXAMPLE";
export const AMBIENT_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
export const GRAPH_TOKEN = "adopt-stand-in-token";
export const TUTORIAL_POLICY_DOCUMENT = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["iam:ListRoles"], Resource: "*" }],
};
export const TUTORIAL_POLICY_DESCRIPTION = "This policy will allow to fetch the roles from AWS accounts";
/** Role the adoption assumes in every account but the first (`--account name=id:arn`). */
export const READ_ROLE = "AdoptReader";
export const GALLERY_CERTIFICATE_SUBJECT = "CN=Microsoft Azure Federated SSO Certificate";

/** A token-signing certificate on a service principal. */
export interface HandMadeCertificate {
    readonly certificate: SigningCertificate;
    /** Key id of the Verify credential (the Sign one gets another). */
    readonly keyId: string;
}

export interface HandMadeRole extends StandInRole {
    /** Where its app role lives: written by the role import on the service principal, or on the application's manifest. */
    readonly appRole: "service-principal" | "application" | "none";
    readonly appRoleId: string;
    /** Principals assigned to that app role. */
    readonly assigned?: readonly {
        readonly kind: "User" | "Group";
        readonly id: string;
        readonly displayName: string;
        readonly userPrincipalName?: string;
        readonly assignmentId: string;
    }[];
}

export interface HandMadeAccount {
    readonly accountId: string;
    readonly providerName: string;
    /** Certificates in the provider's metadata. */
    readonly trusted: readonly HandMadeCertificate[];
    readonly roles: readonly HandMadeRole[];
    /** The role import's user (AzureADRoleManager) and policy; absent when the role import was never set up. */
    readonly reader?: {
        readonly user: StandInUser;
        readonly policyName: string;
        readonly policyDescription?: string;
        readonly policyDocument: unknown;
    };
    readonly extraProviders?: readonly string[];
}

export interface HandMadeApp {
    readonly servicePrincipalId: string;
    readonly applicationObjectId: string;
    readonly clientId: string;
    readonly displayName: string;
    readonly identifierUris: readonly string[];
    readonly replyUrls: readonly string[];
    readonly certificates: readonly HandMadeCertificate[];
    readonly preferred: HandMadeCertificate;
    readonly notificationEmails: readonly string[];
    readonly account: HandMadeAccount;
    readonly roleImportJobId?: string;
    readonly claimsMappingPolicy?: { readonly id: string; readonly displayName: string; readonly definition: string };
}

export interface HandMadeSetup {
    readonly apps: readonly HandMadeApp[];
    readonly accounts: readonly HandMadeAccount[];
}

/** The gallery's default app role, present on every instance. */
const MSIAM_ACCESS = {
    allowedMemberTypes: ["User"],
    description: "msiam_access",
    displayName: "msiam_access",
    id: "7dfd756e-8c27-4472-b2b7-38c17fc5de5e",
    isEnabled: true,
    origin: "Application",
    value: null,
};

export function handMadeCertificate(notBefore: string, notAfter: string): HandMadeCertificate {
    return {
        certificate: generateSigningCertificate({
            commonName: "Microsoft Azure Federated SSO Certificate",
            notBefore: new Date(notBefore),
            notAfter: new Date(notAfter),
        }),
        keyId: randomUUID(),
    };
}

/** A console-made SAML role: the console of the tutorial's time wrote no SAML:aud condition. */
export function consoleRoleTrust(accountId: string, providerName: string, withAudience = false): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/${providerName}` },
                Action: "sts:AssumeRoleWithSAML",
                ...(withAudience ? { Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } } : {}),
            },
        ],
    };
}

const OTHER_IDP_CERTIFICATE = handMadeCertificate("2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z");

export const B_SIMON = { id: "4f1b6c2e-9a3d-4e5f-8b7c-6d5e4f3a2b1c", userPrincipalName: "B.Simon@contoso.com", displayName: "B.Simon" };

/** The tutorial, once: one account, provider WAAD, two console roles, the role import on, B.Simon assigned to Developer. */
export function tutorialSetup(): HandMadeSetup {
    const certificate = handMadeCertificate("2026-01-05T10:00:00Z", "2029-01-05T10:00:00Z");
    const accountId = "111122223333";
    const account: HandMadeAccount = {
        accountId,
        providerName: "WAAD",
        trusted: [certificate],
        roles: [
            {
                name: "Developer",
                description: "Developers of the sandbox",
                trustPolicy: consoleRoleTrust(accountId, "WAAD"),
                attachedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
                appRole: "service-principal",
                appRoleId: "2a9e5c4b-1d3f-4e6a-8b7c-9d0e1f2a3b4c",
                assigned: [
                    {
                        kind: "User",
                        id: B_SIMON.id,
                        displayName: B_SIMON.displayName,
                        userPrincipalName: B_SIMON.userPrincipalName,
                        assignmentId: "bAssignmentOfBSimon-0000000000000000000000A",
                    },
                ],
            },
            {
                name: "ReadOnly",
                trustPolicy: consoleRoleTrust(accountId, "WAAD"),
                attachedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                appRole: "service-principal",
                appRoleId: "3b0f6d5c-2e4a-4f7b-9c8d-0e1f2a3b4c5d",
            },
        ],
        reader: {
            user: {
                name: "AzureADRoleManager",
                accessKeys: [
                    {
                        accessKeyId: "AKIAROLEMANAGER00001",
                        createDate: new Date("2026-01-05T11:00:00Z"),
                        lastUsed: { date: new Date("2026-11-30T22:40:00Z"), serviceName: "iam", region: "us-east-1" },
                    },
                ],
            },
            policyName: "AzureAD_SSOUserRole_Policy",
            policyDescription: TUTORIAL_POLICY_DESCRIPTION,
            policyDocument: TUTORIAL_POLICY_DOCUMENT,
        },
    };
    const app: HandMadeApp = {
        servicePrincipalId: "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
        applicationObjectId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        clientId: "6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098",
        displayName: "Amazon Web Services (AWS)",
        identifierUris: ["https://signin.aws.amazon.com/saml"],
        replyUrls: ["https://signin.aws.amazon.com/saml"],
        certificates: [certificate],
        preferred: certificate,
        notificationEmails: ["identity-team@contoso.com"],
        account,
        roleImportJobId: "aWS.5b0d7c0d9b7c4a4f9e3f1c2b3a4d5e6f.9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
    };
    return { apps: [app], accounts: [account] };
}

/** Azure's federation metadata document as downloaded from the portal (signed, with its RoleDescriptor), without the BOM IAM refuses. */
export function azureFederationMetadata(tenantId: string, certificates: readonly SigningCertificate[]): string {
    const md = "urn:oasis:names:tc:SAML:2.0:metadata";
    const ds = "http://www.w3.org/2000/09/xmldsig#";
    const root = create({ version: "1.0", encoding: "utf-8" }).ele(md, "EntityDescriptor", {
        ID: `_${randomUUID()}`,
        entityID: `https://sts.windows.net/${tenantId}/`,
    });
    root.ele(ds, "Signature")
        .ele(ds, "SignedInfo")
        .ele(ds, "CanonicalizationMethod", { Algorithm: "http://www.w3.org/2001/10/xml-exc-c14n#" })
        .up()
        .up()
        .ele(ds, "SignatureValue")
        .txt("c2lnbmF0dXJl");
    const idp = root.ele(md, "IDPSSODescriptor", { protocolSupportEnumeration: "urn:oasis:names:tc:SAML:2.0:protocol" });
    for (const certificate of certificates) {
        idp.ele(md, "KeyDescriptor", { use: "signing" })
            .ele(ds, "KeyInfo")
            .ele(ds, "X509Data")
            .ele(ds, "X509Certificate")
            .txt(certificate.base64Der);
    }
    idp.ele(md, "SingleLogoutService", {
        Binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
        Location: `https://login.microsoftonline.com/${tenantId}/saml2`,
    });
    idp.ele(md, "SingleSignOnService", {
        Binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
        Location: `https://login.microsoftonline.com/${tenantId}/saml2`,
    });
    idp.ele(md, "SingleSignOnService", {
        Binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
        Location: `https://login.microsoftonline.com/${tenantId}/saml2`,
    });
    return root.doc().end({ prettyPrint: false });
}

/** Puts the setup into the stand-ins, as Graph and IAM would return it. */
export function installSetup(setup: HandMadeSetup, graph: GraphStandIn, iam: IamStandIn): void {
    graph.acceptedToken = GRAPH_TOKEN;
    // The ambient credentials are in the first account; the others are reached through a read role there.
    iam.addUserCredentials(setup.accounts[0].accountId, "identity-admin", AMBIENT_KEY, AMBIENT_SECRET);
    for (const account of setup.accounts) {
        const state = iam.account(account.accountId);
        state.addRole({
            name: READ_ROLE,
            trustPolicy: {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${setup.accounts[0].accountId}:root` }, Action: "sts:AssumeRole" },
                ],
            },
        });
        state.addSamlProvider({
            name: account.providerName,
            metadataDocument: azureFederationMetadata(
                TENANT_ID,
                account.trusted.map((entry) => entry.certificate),
            ),
        });
        // Another IdP's provider: its own certificate.
        for (const extra of account.extraProviders ?? [])
            state.addSamlProvider({
                name: extra,
                metadataDocument: azureFederationMetadata(TENANT_ID, [OTHER_IDP_CERTIFICATE.certificate]),
            });
        for (const role of account.roles) state.addRole(role);
        // Not every role of an account is a sign-in role.
        state.addRole({
            name: "OrganizationAccountAccessRole",
            trustPolicy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "sts:AssumeRole" }],
            },
        });
        if (account.reader) {
            const arn = state.addPolicy({
                name: account.reader.policyName,
                description: account.reader.policyDescription,
                document: account.reader.policyDocument,
            });
            state.addUser({ ...account.reader.user, attachedPolicyArns: [arn, ...(account.reader.user.attachedPolicyArns ?? [])] });
        }
    }
    for (const app of setup.apps) {
        const roleValue = (role: HandMadeRole) =>
            `arn:aws:iam::${app.account.accountId}:role/${role.name},arn:aws:iam::${app.account.accountId}:saml-provider/${app.account.providerName}`;
        const appRole = (role: HandMadeRole, origin: string) => ({
            allowedMemberTypes: ["User"],
            description: origin === "ServicePrincipal" ? `${role.name},${app.account.providerName}` : role.name,
            displayName: origin === "ServicePrincipal" ? `${role.name},${app.account.providerName}` : role.name,
            id: role.appRoleId,
            isEnabled: true,
            origin,
            value: roleValue(role),
        });
        const onApplication = app.account.roles
            .filter((role) => role.appRole === "application")
            .map((role) => appRole(role, "Application"));
        const onServicePrincipal = app.account.roles
            .filter((role) => role.appRole === "service-principal")
            .map((role) => appRole(role, "ServicePrincipal"));
        graph.putApplication({
            id: app.applicationObjectId,
            appId: app.clientId,
            displayName: app.displayName,
            identifierUris: [...app.identifierUris],
            web: { redirectUris: [...app.replyUrls], homePageUrl: null, logoutUrl: null },
            appRoles: [MSIAM_ACCESS, ...onApplication],
        });
        graph.putServicePrincipal(
            {
                id: app.servicePrincipalId,
                appId: app.clientId,
                displayName: app.displayName,
                applicationTemplateId: AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID,
                appRoleAssignmentRequired: true,
                preferredSingleSignOnMode: "saml",
                notificationEmailAddresses: [...app.notificationEmails],
                preferredTokenSigningKeyThumbprint: app.preferred.certificate.thumbprint,
                keyCredentials: app.certificates.flatMap((entry) => {
                    const common = {
                        customKeyIdentifier: Buffer.from(entry.certificate.thumbprint, "hex").toString("base64"),
                        displayName: GALLERY_CERTIFICATE_SUBJECT,
                        startDateTime: entry.certificate.notBefore.toISOString().replace(/\.\d{3}Z$/, "Z"),
                        endDateTime: entry.certificate.notAfter.toISOString().replace(/\.\d{3}Z$/, "Z"),
                        type: "AsymmetricX509Cert",
                    };
                    return [
                        { ...common, keyId: entry.keyId, usage: "Verify", key: entry.certificate.base64Der },
                        { ...common, keyId: randomUUID(), usage: "Sign", key: null },
                    ];
                }),
                appRoles: [MSIAM_ACCESS, ...onApplication, ...onServicePrincipal],
            },
            {
                claimsMappingPolicies: app.claimsMappingPolicy
                    ? [{ ...app.claimsMappingPolicy, definition: [app.claimsMappingPolicy.definition], isOrganizationDefault: false }]
                    : [],
                appRoleAssignedTo: app.account.roles.flatMap((role) =>
                    (role.assigned ?? []).map((principal) => ({
                        id: principal.assignmentId,
                        appRoleId: role.appRoleId,
                        principalId: principal.id,
                        principalType: principal.kind,
                        principalDisplayName: principal.displayName,
                        resourceId: app.servicePrincipalId,
                        resourceDisplayName: app.displayName,
                    })),
                ),
                synchronizationJobs: app.roleImportJobId
                    ? [
                          {
                              id: app.roleImportJobId,
                              templateId: "aws",
                              schedule: { state: "Active", interval: "PT40M", expiration: null },
                              status: { code: "Active", quarantine: null },
                          },
                      ]
                    : [],
            },
        );
        for (const role of app.account.roles) {
            for (const principal of role.assigned ?? []) {
                if (principal.kind === "User")
                    graph.putUser({ id: principal.id, userPrincipalName: principal.userPrincipalName, displayName: principal.displayName });
            }
        }
    }
}

/** Every certificate of the setup by end date: what the program's stand-in issues for an adopted certificate. */
export function certificatesByEndDate(setup: HandMadeSetup): Map<string, SigningCertificate> {
    return new Map(
        setup.apps.flatMap((app) =>
            app.certificates.map((entry) => [entry.certificate.notAfter.toISOString(), entry.certificate] as const),
        ),
    );
}
