import { appRoleValue } from "../../../components/documents/app-role-value";
import { awsClaimsMappingPolicy } from "../../../components/documents/claims-mapping-policy";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { samlTrustPolicy } from "../../../components/documents/saml-trust-policy";
import { CheckContext, DEFAULT_THRESHOLDS, DoctorThresholds } from "../../../doctor/checks/check-context";
import { ExpectedAccount } from "../../../doctor/expected-deployment";
import { AccountSnapshot, Reading } from "../../../doctor/live-snapshot";
import { LiveRole } from "../../../live/aws-account-reader";
import { GraphKeyCredential, GraphServicePrincipal, GraphSynchronizationJob } from "../../../live/graph-reader";
import { LiveReadError, LiveService, ReadFailureKind } from "../../../live/read-failure";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";

// One account as the doctor's checks see it, healthy on both clouds: what the stack expects and a snapshot
// of what was read that matches it. The check specs break one reading at a time.

export const NOW = new Date("2027-06-01T12:00:00Z");
export const DAY = 86_400_000;
export const TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
export const ACCOUNT_ID = "111122223333";
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/AzureAD`;
export const REPLY_URL = "https://signin.aws.amazon.com/saml";
export const SERVICE_PRINCIPAL_ID = "e250ac11-d657-544c-9af3-f8053a8d8829";
export const DEVELOPER_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/Developer`;
export const DEVELOPER_APP_ROLE_ID = "6f0d2a4e-3b1c-5d7e-9f8a-1b2c3d4e5f60";
export const DEVELOPERS_GROUP_ID = "2c8e4f6a-1b3d-4e5f-9a7b-8c9d0e1f2a3b";
export const READER_NAME = "AzureADRoleManager";
export const READER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/${READER_NAME}`;
export const READER_KEY_ID = "AKIA3EXAMPLEREADER01";

let stackCertificate: SigningCertificate | undefined;
/** The certificate the stack activated: Azure signs with it and the provider's metadata holds it. */
export function activeCertificate(): SigningCertificate {
    stackCertificate ??= generateSigningCertificate({
        commonName: "Microsoft Azure Federated SSO Certificate",
        notBefore: new Date("2027-01-01T00:00:00Z"),
        notAfter: new Date("2030-01-01T00:00:00Z"),
    });
    return stackCertificate;
}

export function checkContext(thresholds: Partial<DoctorThresholds> = {}): CheckContext {
    return { now: NOW, tenantId: TENANT_ID, thresholds: { ...DEFAULT_THRESHOLDS, ...thresholds } };
}

export function ok<T>(value: T): Reading<T> {
    return { ok: true, value };
}

/** A read that failed the way the live readers classify it. */
export function failedReading(
    kind: ReadFailureKind,
    service: LiveService,
    operation: string,
    permission: string,
    blocks: string,
    resource: string,
): Reading<never> {
    const failure = new LiveReadError(kind, service, operation, permission, `${operation} failed: ${kind}`, { status: 403, attempts: 1 });
    return { ok: false, failure, blocks, resource };
}

/** Graph's pair of key credentials (Sign and Verify) for one token-signing certificate. */
export function keyCredentialsOf(
    certificate: { thumbprint: string; notBefore: Date; notAfter: Date },
    keyId: string,
): GraphKeyCredential[] {
    return ["Sign", "Verify"].map((usage) => ({
        keyId: usage === "Sign" ? keyId : keyId.replace(/^.{8}/, "00000000"),
        customKeyIdentifier: Buffer.from(certificate.thumbprint, "hex").toString("base64"),
        displayName: "CN=Microsoft Azure Federated SSO Certificate",
        type: "AsymmetricX509Cert",
        usage,
        startDateTime: certificate.notBefore.toISOString(),
        endDateTime: certificate.notAfter.toISOString(),
    }));
}

export function expectedAccount(overrides: Partial<ExpectedAccount> = {}): ExpectedAccount {
    const certificate = activeCertificate();
    return {
        name: "sandbox",
        accountId: ACCOUNT_ID,
        region: "eu-central-1",
        samlProviderArn: PROVIDER_ARN,
        replyUrl: REPLY_URL,
        servicePrincipalObjectId: SERVICE_PRINCIPAL_ID,
        applicationObjectId: "0379ef24-90e3-51d9-89b3-0479ffb4e288",
        activeThumbprint: certificate.thumbprint,
        certificates: [{ name: "2027", thumbprint: certificate.thumbprint, endDate: certificate.notAfter.toISOString() }],
        roles: [
            {
                name: "Developer",
                arn: DEVELOPER_ARN,
                appRoleId: DEVELOPER_APP_ROLE_ID,
                appRoleValue: appRoleValue(DEVELOPER_ARN, PROVIDER_ARN),
                maxSessionDuration: 3600,
                trustPolicy: samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences: [REPLY_URL], allowSessionTags: false }),
                assignedGroups: [DEVELOPERS_GROUP_ID],
            },
        ],
        claimsMappingPolicy: awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 }),
        sessionDuration: 3600,
        roleSessionNameSource: "userprincipalname",
        sessionTags: {},
        provisioning: true,
        roleImportUserName: READER_NAME,
        roleImportAccessKeyId: READER_KEY_ID,
        ...overrides,
    };
}

export function healthyServicePrincipal(): GraphServicePrincipal {
    const certificate = activeCertificate();
    return {
        id: SERVICE_PRINCIPAL_ID,
        appId: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
        displayName: "AWS sandbox",
        appRoleAssignmentRequired: true,
        preferredSingleSignOnMode: "saml",
        preferredTokenSigningKeyThumbprint: certificate.thumbprint,
        notificationEmailAddresses: ["identity-team@contoso.com"],
        keyCredentials: keyCredentialsOf(certificate, "7d3e9b1a-4c2f-4e8d-a6b5-9c0d1e2f3a4b"),
        appRoles: [
            {
                id: DEVELOPER_APP_ROLE_ID,
                value: appRoleValue(DEVELOPER_ARN, PROVIDER_ARN),
                displayName: "Developer",
                description: "Developer in sandbox",
                isEnabled: true,
                allowedMemberTypes: ["User"],
                origin: "Application",
            },
        ],
    };
}

export function healthyRole(overrides: Partial<LiveRole> = {}): LiveRole {
    const trustPolicy = samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences: [REPLY_URL], allowSessionTags: false });
    return {
        name: "Developer",
        arn: DEVELOPER_ARN,
        path: "/",
        roleId: "AROA3EXAMPLEDEVELOPER",
        maxSessionDuration: 3600,
        trustPolicy,
        trustPolicyText: JSON.stringify(trustPolicy),
        tags: {},
        ...overrides,
    };
}

/** A role import that ran an hour ago and succeeded. */
export function healthyJob(): GraphSynchronizationJob {
    const execution = {
        state: "Succeeded",
        timeBegan: new Date(NOW.getTime() - 3_700_000).toISOString(),
        timeEnded: new Date(NOW.getTime() - 3_600_000).toISOString(),
        error: null,
    };
    return {
        id: `aws.${SERVICE_PRINCIPAL_ID.replace(/-/g, "")}.${TENANT_ID}`,
        templateId: "aws",
        schedule: { state: "Active", interval: "PT40M" },
        status: { code: "Active", lastExecution: execution, lastSuccessfulExecution: execution, quarantine: null },
    };
}

export function healthySnapshot(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
    const certificate = activeCertificate();
    const reader = { name: READER_NAME, arn: READER_ARN, userId: "AIDA3EXAMPLEREADER01", path: "/" };
    return {
        caller: ok({ account: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/doctor`, userId: "AIDA3EXAMPLEDOCTOR01" }),
        servicePrincipal: ok(healthyServicePrincipal()),
        claimsMappingPolicies: ok([
            {
                id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                displayName: "AWS claims (sandbox)",
                definition: [awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 })],
            },
        ]),
        appRoleAssignedTo: ok([
            {
                id: "q2F4cE1hLUmTzP0xVjYk8t0-ZxQ",
                appRoleId: DEVELOPER_APP_ROLE_ID,
                principalId: DEVELOPERS_GROUP_ID,
                principalType: "Group",
                principalDisplayName: "AWS Developers",
                resourceId: SERVICE_PRINCIPAL_ID,
            },
        ]),
        synchronizationJobs: ok([healthyJob()]),
        samlProvider: ok({
            arn: PROVIDER_ARN,
            metadataDocument: azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [certificate.base64Der] }),
            validUntil: new Date(NOW.getTime() + 365 * DAY),
        }),
        roles: { Developer: ok(healthyRole()) },
        roleImportUser: ok(reader),
        roleImportKeys: ok([
            { userName: READER_NAME, accessKeyId: READER_KEY_ID, status: "Active", createDate: new Date(NOW.getTime() - 10 * DAY) },
        ]),
        roleImportKeysLastUsed: {
            [READER_KEY_ID]: ok({
                accessKeyId: READER_KEY_ID,
                lastUsedDate: new Date(NOW.getTime() - 3_600_000),
                serviceName: "iam",
                region: "us-east-1",
            }),
        },
        accountSummary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 1 }),
        passwordPolicy: ok({ minimumPasswordLength: 14, passwordReusePrevention: 24, maxPasswordAge: 90 }),
        aliases: ok(["contoso-sandbox"]),
        users: ok([reader]),
        loginProfiles: { [READER_NAME]: ok(undefined) },
        ...overrides,
    };
}
