import { ExpectedIdentityCenter } from "../../../doctor/expected-deployment";
import { IdentityCenterSnapshot } from "../../../doctor/live-snapshot";
import { GraphServicePrincipal, GraphSynchronizationJob } from "../../../live/graph-reader";
import { activeCertificate, DAY, keyCredentialsOf, NOW, ok, TENANT_ID } from "./healthy-account";

// The Identity Center app as its checks see it, healthy: what the stack expects and a snapshot that matches.

export const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6";
export const IC_SERVICE_PRINCIPAL_ID = "2044395b-b903-5783-bac7-913fd20df5eb";
export const IC_JOB_ID = `aWSSingleSignon.290b7dfffee351d582dc698b242e6d18.${TENANT_ID}`;
export const ADMINS_GROUP = { objectId: "0a1b2c3d-0000-4000-8000-000000000001", displayName: "aws-platform-admins" };
export const DEVELOPERS_GROUP = { objectId: "0a1b2c3d-0000-4000-8000-000000000002", displayName: "aws-developers" };
/** The SCIM token's recorded expiry: 182 days after NOW. */
export const SCIM_TOKEN_EXPIRES_AT = "2027-11-30T00:00:00Z";

export function expectedIdentityCenter(overrides: Partial<ExpectedIdentityCenter> = {}): ExpectedIdentityCenter {
    const certificate = activeCertificate();
    return {
        name: "identity-center",
        accountId: INSTANCE_ARN,
        instanceArn: INSTANCE_ARN,
        region: "eu-west-1",
        servicePrincipalObjectId: IC_SERVICE_PRINCIPAL_ID,
        applicationObjectId: "d9c83cf6-e8d5-5028-8ac6-3a4a3b8e6863",
        activeThumbprint: certificate.thumbprint,
        certificates: [{ name: "cert-2026", thumbprint: certificate.thumbprint, endDate: certificate.notAfter.toISOString() }],
        synchronizationJobId: IC_JOB_ID,
        synchronizationTemplateId: "aWSSingleSignon",
        scimTokenExpiresAt: SCIM_TOKEN_EXPIRES_AT,
        configuredScimTokenExpiresAt: SCIM_TOKEN_EXPIRES_AT,
        groups: [ADMINS_GROUP, DEVELOPERS_GROUP],
        sampleAssignment: {
            accountId: "123456789012",
            permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-4ef77360866d6cc3",
        },
        ...overrides,
    };
}

export function healthyIdentityCenterServicePrincipal(overrides: Partial<GraphServicePrincipal> = {}): GraphServicePrincipal {
    const certificate = activeCertificate();
    return {
        id: IC_SERVICE_PRINCIPAL_ID,
        appId: "f48ae3cf-59e7-5d8c-a176-615900f8d264",
        displayName: "AWS IAM Identity Center (org)",
        appRoleAssignmentRequired: true,
        preferredSingleSignOnMode: "saml",
        preferredTokenSigningKeyThumbprint: certificate.thumbprint,
        notificationEmailAddresses: ["identity-team@contoso.com"],
        keyCredentials: keyCredentialsOf(certificate, "b655d060-30ee-54b3-b8b4-698f0c31d8e2"),
        appRoles: [],
        ...overrides,
    };
}

/** SCIM provisioning that last succeeded 20 minutes ago. */
export function healthyProvisioningJob(): GraphSynchronizationJob {
    const execution = {
        state: "Succeeded",
        timeBegan: new Date(NOW.getTime() - 21 * 60_000).toISOString(),
        timeEnded: new Date(NOW.getTime() - 20 * 60_000).toISOString(),
        error: null,
    };
    return {
        id: IC_JOB_ID,
        templateId: "aWSSingleSignon",
        schedule: { state: "Active", interval: "PT40M" },
        status: { code: "Active", lastExecution: execution, lastSuccessfulExecution: execution, quarantine: null },
    };
}

export function healthyIdentityCenterSnapshot(overrides: Partial<IdentityCenterSnapshot> = {}): IdentityCenterSnapshot {
    return {
        servicePrincipal: ok(healthyIdentityCenterServicePrincipal()),
        appRoleAssignedTo: ok(
            [ADMINS_GROUP, DEVELOPERS_GROUP].map((group, index) => ({
                id: `assignment-${index}`,
                appRoleId: "00000000-0000-0000-0000-000000000000",
                principalId: group.objectId,
                principalType: "Group",
                principalDisplayName: group.displayName,
                resourceId: IC_SERVICE_PRINCIPAL_ID,
            })),
        ),
        synchronizationJobs: ok([healthyProvisioningJob()]),
        ...overrides,
    };
}

export { DAY, NOW };
