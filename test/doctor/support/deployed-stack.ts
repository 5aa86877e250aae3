import { ProgramRun, RegisteredResource } from "../../../offline/program/program-run";
import { GraphStandIn } from "../../support/graph-stand-in";
import { IamStandIn } from "../../support/iam-stand-in";
import { TYPES } from "../../support/stack-fixtures";

// What `pulumi up` of a stack would leave in both clouds, built from the program's own registrations under
// the offline stand-ins: the IAM stand-in gets the SAML provider (the program's metadata, with its real
// certificate), the roles (the program's trust policies), the reader and its key; the Graph stand-in gets the
// service principal with its signing certificate as keyCredentials and the preferred key, the app roles,
// the claims mapping policy, the assignments and a running role import. Tests then break one thing.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PREFERRED_KEY_TYPE = "pulumi-nodejs:dynamic/azure-ad:PreferredTokenSigningKey";

function ofType(run: ProgramRun, type: string): RegisteredResource[] {
    return run.resources.filter((resource) => resource.type === type);
}

function text(value: unknown): string {
    return typeof value === "string" ? value : String(value ?? "");
}

function accountOfArn(arn: string): string {
    return /^arn:aws:iam::(\d{12}):/.exec(arn)?.[1] ?? "";
}

/** The key credential pair Graph reports for one token-signing certificate. */
export function signingKeyCredentials(
    thumbprint: string,
    keyId: string,
    displayName: string,
    start: Date,
    end: Date,
): Record<string, unknown>[] {
    return ["Sign", "Verify"].map((usage) => ({
        customKeyIdentifier: Buffer.from(thumbprint, "hex").toString("base64"),
        displayName,
        endDateTime: end.toISOString(),
        key: null,
        keyId: usage === "Sign" ? keyId : keyId.replace(/^.{8}/, "00000000"),
        startDateTime: start.toISOString(),
        type: "AsymmetricX509Cert",
        usage,
    }));
}

/** A successful role-import cycle that ended `agoMs` before `now`. */
export function succeededExecution(now: Date, agoMs: number): Record<string, unknown> {
    return {
        activityIdentifier: "9c1b6d9e-6a15-4d5e-9d1a-3f6b2c7d8e9f",
        countEntitled: 0,
        countExported: 0,
        countImported: 2,
        state: "Succeeded",
        timeBegan: new Date(now.getTime() - agoMs - 60_000).toISOString(),
        timeEnded: new Date(now.getTime() - agoMs).toISOString(),
        error: null,
    };
}

export interface DeployedStackOptions {
    readonly now: Date;
    /** Credentials the doctor runs with, an IAM user in this account. */
    readonly ambientAccountId: string;
    readonly ambientAccessKeyId: string;
    readonly ambientSecretAccessKey: string;
}

/** Fills both stand-ins with a healthy deployment of `run`. */
export function deployToStandIns(run: ProgramRun, iam: IamStandIn, graph: GraphStandIn, options: DeployedStackOptions): void {
    const { now } = options;
    iam.addUserCredentials(options.ambientAccountId, "doctor", options.ambientAccessKeyId, options.ambientSecretAccessKey);
    const accountIds = new Set<string>();

    for (const provider of ofType(run, TYPES.samlProvider)) {
        const arn = text(provider.outputs.arn);
        accountIds.add(accountOfArn(arn));
        iam.account(accountOfArn(arn)).addSamlProvider({
            name: text(provider.outputs.name),
            metadataDocument: text(provider.outputs.samlMetadataDocument),
            createDate: new Date(now.getTime() - 30 * DAY),
            validUntil: new Date(text(provider.outputs.validUntil ?? "2125-01-01T00:00:00Z")),
        });
    }
    for (const role of ofType(run, TYPES.role)) {
        const arn = text(role.outputs.arn);
        iam.account(accountOfArn(arn)).addRole({
            name: text(role.outputs.name),
            description: text(role.outputs.description),
            maxSessionDuration: Number(role.outputs.maxSessionDuration ?? 3600),
            trustPolicy: text(role.outputs.assumeRolePolicy),
            createDate: new Date(now.getTime() - 30 * DAY),
        });
    }
    for (const user of ofType(run, TYPES.iamUser)) {
        const userName = text(user.outputs.name);
        // Same-named readers live in every account: a key belongs to the user of its own component.
        const keys = ofType(run, TYPES.accessKey).filter((key) => key.outputs.user === userName && key.parent === user.parent);
        iam.account(accountOfArn(text(user.outputs.arn))).addUser({
            name: userName,
            createDate: new Date(now.getTime() - 30 * DAY),
            attachedPolicyArns: ofType(run, TYPES.userPolicyAttachment)
                .filter((a) => a.outputs.user === userName && a.parent === user.parent)
                .map((a) => text(a.outputs.policyArn)),
            accessKeys: keys.map((key) => ({
                accessKeyId: text(key.id),
                status: "Active" as const,
                createDate: new Date(now.getTime() - 30 * DAY),
                lastUsed: { date: new Date(now.getTime() - 1 * HOUR), serviceName: "iam", region: "us-east-1" },
            })),
        });
    }
    for (const accountId of accountIds) {
        const account = iam.account(accountId);
        account.summary = { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, SAMLProvidersQuota: 100, RolesQuota: 1000 };
        account.passwordPolicy = {
            MinimumPasswordLength: 14,
            PasswordReusePrevention: 24,
            MaxPasswordAge: 90,
            ExpirePasswords: true,
            RequireSymbols: true,
            RequireNumbers: true,
        };
        account.aliases = [`contoso-${accountId}`];
    }

    const certificates = ofType(run, TYPES.signingCertificate);
    const appRoles = ofType(run, TYPES.appRole);
    for (const sp of ofType(run, TYPES.servicePrincipal)) {
        const objectId = text(sp.outputs.objectId);
        const resourceId = `/servicePrincipals/${objectId}`;
        const application = ofType(run, TYPES.applicationFromTemplate).find((app) => app.outputs.servicePrincipalObjectId === objectId);
        const preferred = ofType(run, PREFERRED_KEY_TYPE).find((key) => key.outputs.servicePrincipalObjectId === objectId);
        const claims = ofType(run, TYPES.claimsAssignment)
            .filter((assignment) => assignment.outputs.servicePrincipalId === resourceId)
            .flatMap((assignment) =>
                ofType(run, TYPES.claimsMappingPolicy).filter((policy) => policy.id === assignment.outputs.claimsMappingPolicyId),
            );
        const jobs = ofType(run, TYPES.synchronizationJob).filter((job) => job.outputs.servicePrincipalId === resourceId);
        graph.putServicePrincipal(
            {
                id: objectId,
                appId: text(sp.outputs.clientId),
                displayName: text(application?.outputs.displayName ?? "AWS Single-Account Access"),
                appRoleAssignmentRequired: sp.outputs.appRoleAssignmentRequired === true,
                preferredSingleSignOnMode: text(sp.outputs.preferredSingleSignOnMode),
                notificationEmailAddresses: (sp.outputs.notificationEmailAddresses as string[] | undefined) ?? [],
                preferredTokenSigningKeyThumbprint: preferred ? text(preferred.outputs.thumbprint) : null,
                keyCredentials: certificates
                    .filter((certificate) => certificate.outputs.servicePrincipalId === resourceId)
                    .flatMap((certificate) =>
                        signingKeyCredentials(
                            text(certificate.outputs.thumbprint),
                            text(certificate.outputs.keyId),
                            text(certificate.outputs.displayName),
                            new Date(text(certificate.outputs.startDate)),
                            new Date(text(certificate.outputs.endDate)),
                        ),
                    ),
                appRoles: [
                    {
                        allowedMemberTypes: ["User"],
                        description: "msiam_access",
                        displayName: "msiam_access",
                        id: "7dfd756e-8c27-4472-b2b7-38c17fc5de5e",
                        isEnabled: true,
                        origin: "Application",
                        value: null,
                    },
                    ...appRoles
                        .filter(
                            (role) =>
                                application &&
                                role.outputs.applicationId === `/applications/${text(application.outputs.applicationObjectId)}`,
                        )
                        .map((role) => ({
                            allowedMemberTypes: role.outputs.allowedMemberTypes,
                            description: role.outputs.description,
                            displayName: role.outputs.displayName,
                            id: role.outputs.roleId,
                            isEnabled: true,
                            origin: "Application",
                            value: role.outputs.value,
                        })),
                ],
            },
            {
                claimsMappingPolicies: claims.map((policy) => ({
                    id: text(policy.id),
                    deletedDateTime: null,
                    definition: policy.outputs.definitions,
                    displayName: text(policy.outputs.displayName),
                    isOrganizationDefault: false,
                })),
                appRoleAssignedTo: ofType(run, TYPES.appRoleAssignment)
                    .filter((assignment) => assignment.outputs.resourceObjectId === objectId)
                    .map((assignment) => ({
                        id: text(assignment.id).split("/").pop(),
                        deletedDateTime: null,
                        appRoleId: assignment.outputs.appRoleId,
                        createdDateTime: new Date(now.getTime() - 30 * DAY).toISOString(),
                        principalDisplayName: text(assignment.outputs.principalDisplayName ?? assignment.outputs.principalObjectId),
                        principalId: assignment.outputs.principalObjectId,
                        principalType: text(assignment.outputs.principalType ?? "User"),
                        resourceDisplayName: text(application?.outputs.displayName),
                        resourceId: objectId,
                    })),
                synchronizationJobs: jobs.map((job) => ({
                    id: text(job.id).split("/job/").pop(),
                    templateId: text(job.outputs.templateId),
                    schedule: { expiration: null, interval: "PT40M", state: "Active" },
                    status: {
                        code: "Active",
                        countSuccessiveCompleteFailures: 0,
                        escrowsPruned: false,
                        lastExecution: succeededExecution(now, 20 * 60_000),
                        lastSuccessfulExecution: succeededExecution(now, 20 * 60_000),
                        lastSuccessfulExecutionWithExports: null,
                        quarantine: null,
                        steadyStateFirstAchievedTime: new Date(now.getTime() - 29 * DAY).toISOString(),
                        steadyStateLastAchievedTime: new Date(now.getTime() - 20 * 60_000).toISOString(),
                        troubleshootingUrl: null,
                    },
                    synchronizationJobSettings: [],
                })),
            },
        );
        if (application) {
            graph.putApplication({
                id: text(application.outputs.applicationObjectId),
                appId: text(sp.outputs.clientId),
                displayName: text(application.outputs.displayName),
                identifierUris: ofType(run, TYPES.identifierUri)
                    .filter((uri) => uri.outputs.applicationId === application.outputs.applicationId)
                    .map((uri) => uri.outputs.identifierUri),
                web: {
                    redirectUris: ofType(run, TYPES.redirectUris)
                        .filter((uris) => uris.outputs.applicationId === application.outputs.applicationId)
                        .flatMap((uris) => uris.outputs.redirectUris as string[]),
                },
                appRoles: [],
            });
        }
    }
}
