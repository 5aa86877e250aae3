import { z } from "zod";
import { awsClaimsMappingPolicy, UserClaimSource } from "../components/documents/claims-mapping-policy";
import { ROLE_READER_USER_NAME } from "../components/documents/role-reader-policy";
import { samlTrustPolicy } from "../components/documents/saml-trust-policy";
import { StackConfig } from "../components/stack-config";

// What the live deployment should look like: the stack config (through the config contract) joined with the
// stack outputs (`pulumi stack output --json`), which carry what only the clouds knew at `up` (object ids,
// thumbprints, key ids).

const nonEmpty = z.string({ error: "is required: a string" }).min(1, { error: "must not be empty" });

const certificateOutputsSchema = z.array(z.looseObject({ name: z.string(), thumbprint: nonEmpty, endDate: z.string() })).default([]);

const accountOutputsSchema = z.looseObject({
    accountId: nonEmpty,
    samlProviderArn: nonEmpty,
    identifierUri: nonEmpty,
    replyUrl: nonEmpty,
    sessionTagKeys: z.array(z.string()).default([]),
    applicationId: nonEmpty,
    applicationObjectId: nonEmpty,
    servicePrincipalObjectId: nonEmpty,
    signingCertificateThumbprint: nonEmpty,
    signingCertificateEndDate: nonEmpty,
    signingCertificates: certificateOutputsSchema,
    roles: z.record(
        z.string(),
        z.looseObject({
            arn: nonEmpty,
            appRoleId: nonEmpty,
            appRoleValue: nonEmpty,
            maxSessionDuration: z.number({ error: "is required: a number of seconds" }),
        }),
    ),
    roleManagerAccessKeyId: z.string().optional(),
});

/** What the doctor reads of `identityCenter` (IdentityCenterOutputs); the rest is for people and other stacks. */
const identityCenterOutputsSchema = z.looseObject({
    instanceArn: nonEmpty,
    region: nonEmpty,
    scimTokenExpiresAt: nonEmpty,
    applicationObjectId: nonEmpty,
    servicePrincipalObjectId: nonEmpty,
    synchronizationJobId: nonEmpty,
    signingCertificateThumbprint: nonEmpty,
    signingCertificates: certificateOutputsSchema,
    accessMatrix: z.array(z.looseObject({ accountId: z.string(), permissionSetArn: z.string() })).default([]),
});

const stackOutputsSchema = z.looseObject({
    tenantId: nonEmpty,
    sessionDuration: z.number({ error: "is required: a number of seconds" }),
    samlProviderName: nonEmpty,
    accounts: z.record(z.string(), accountOutputsSchema, { error: "is required: an object keyed by account name" }),
    identityCenter: identityCenterOutputsSchema.optional(),
});

/** The stack outputs the doctor reads, validated. */
export type StackOutputs = z.infer<typeof stackOutputsSchema>;

/** Outputs that do not match the contract, with one line per problem at its key path. */
export class StackOutputsError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(
            `The stack outputs do not match the outputs contract (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
        );
        this.name = "StackOutputsError";
    }
}

/**
 * Validates `pulumi stack output --json` (or the Automation API's outputs, unwrapped). Secret outputs shown
 * as "[secret]" are fine: the doctor reads none of them.
 */
export function parseStackOutputs(raw: unknown): StackOutputs {
    const result = stackOutputsSchema.safeParse(raw);
    if (result.success) return result.data;
    throw new StackOutputsError(
        result.error.issues.map((issue) => {
            const path = issue.path
                .map((segment) => (typeof segment === "number" ? `[${segment}]` : String(segment)))
                .join(".")
                .replace(/\.\[/g, "[");
            return `${path || "(top level)"}: ${issue.message}`;
        }),
    );
}

export interface ExpectedRole {
    readonly name: string;
    readonly arn: string;
    readonly appRoleId: string;
    readonly appRoleValue: string;
    readonly maxSessionDuration: number;
    /** The trust policy the program writes for this role. */
    readonly trustPolicy: unknown;
    /** Object ids of the groups the config assigns. */
    readonly assignedGroups: readonly string[];
}

export interface ExpectedCertificate {
    readonly name: string;
    /** Upper-case hex SHA-1. */
    readonly thumbprint: string;
    readonly endDate: string;
}

/** One account as it should be live. */
export interface ExpectedAccount {
    readonly name: string;
    readonly accountId: string;
    readonly region: string;
    readonly deployRoleArn?: string;
    readonly samlProviderArn: string;
    /** The reply URL: the `SAML:aud` every role trusts. */
    readonly replyUrl: string;
    readonly servicePrincipalObjectId: string;
    readonly applicationObjectId: string;
    /** The certificate the stack activated (upper-case hex). */
    readonly activeThumbprint: string;
    readonly certificates: readonly ExpectedCertificate[];
    readonly roles: readonly ExpectedRole[];
    /** The claims mapping policy definition the program assigns (JSON). */
    readonly claimsMappingPolicy: string;
    readonly sessionDuration: number;
    readonly roleSessionNameSource: UserClaimSource;
    readonly sessionTags: Readonly<Record<string, UserClaimSource>>;
    readonly provisioning: boolean;
    readonly roleImportUserName: string;
    readonly roleImportAccessKeyId?: string;
}

/** The report's unit for the Identity Center app; its id is the instance ARN, so an account of that name stays apart. */
export const IDENTITY_CENTER_UNIT = "identity-center";

/** The Entra side of IAM Identity Center as it should be live; the AWS side (sso-admin) is not read. */
export interface ExpectedIdentityCenter {
    /** `identity-center`: the report's unit. */
    readonly name: string;
    /** The instance ARN, in the place an account's id goes in findings and the report. */
    readonly accountId: string;
    readonly instanceArn: string;
    readonly region: string;
    readonly servicePrincipalObjectId: string;
    readonly applicationObjectId: string;
    /** The certificate the stack activated (upper-case hex); its metadata is what Identity Center should hold. */
    readonly activeThumbprint: string;
    readonly certificates: readonly ExpectedCertificate[];
    /** Graph's id of the SCIM job (the part of the provider's resource id after `/job/`). */
    readonly synchronizationJobId: string;
    readonly synchronizationTemplateId: string;
    /** When the deployed SCIM token expires (outputs). */
    readonly scimTokenExpiresAt: string;
    /** The config's `scimTokenExpiresAt`: differs from the outputs' when a renewed token is not deployed yet. */
    readonly configuredScimTokenExpiresAt: string;
    readonly groups: readonly { readonly objectId: string; readonly displayName: string }[];
    /** One grant of the access matrix to name in the AWS-side notice's command, when there is one. */
    readonly sampleAssignment?: { readonly accountId: string; readonly permissionSetArn: string };
}

export interface ExpectedDeployment {
    readonly stack: string;
    readonly tenantId: string;
    readonly accounts: readonly ExpectedAccount[];
    /** Config accounts that have no outputs (never deployed). */
    readonly undeployedAccounts: readonly { readonly name: string; readonly accountId: string }[];
    /** The config's identityCenter block joined with the outputs' `identityCenter`. */
    readonly identityCenter?: ExpectedIdentityCenter;
    /** The config has an identityCenter block the outputs lack (never deployed). */
    readonly undeployedIdentityCenter?: { readonly name: string; readonly accountId: string };
}

/** Graph's job id from the azuread provider's resource id `/servicePrincipals/{id}/job/{jobId}` (or the bare job id). */
export function synchronizationJobGraphId(resourceId: string): string {
    return resourceId.split("/job/").pop() ?? resourceId;
}

function expectedIdentityCenter(
    config: StackConfig,
    outputs: StackOutputs,
): Pick<ExpectedDeployment, "identityCenter" | "undeployedIdentityCenter"> {
    const configured = config.identityCenter;
    if (!configured) return {};
    const out = outputs.identityCenter;
    if (!out) return { undeployedIdentityCenter: { name: IDENTITY_CENTER_UNIT, accountId: configured.instanceArn } };
    const sample = out.accessMatrix[0];
    return {
        identityCenter: {
            name: IDENTITY_CENTER_UNIT,
            accountId: out.instanceArn,
            instanceArn: out.instanceArn,
            region: out.region,
            servicePrincipalObjectId: out.servicePrincipalObjectId,
            applicationObjectId: out.applicationObjectId,
            activeThumbprint: out.signingCertificateThumbprint.toUpperCase(),
            certificates: out.signingCertificates.map((certificate) => ({
                name: certificate.name,
                thumbprint: certificate.thumbprint.toUpperCase(),
                endDate: certificate.endDate,
            })),
            synchronizationJobId: synchronizationJobGraphId(out.synchronizationJobId),
            synchronizationTemplateId: configured.synchronizationTemplateId,
            scimTokenExpiresAt: out.scimTokenExpiresAt,
            configuredScimTokenExpiresAt: configured.scimTokenExpiresAt,
            groups: configured.groups.map((group) => ({ objectId: group.objectId, displayName: group.displayName })),
            sampleAssignment: sample ? { accountId: sample.accountId, permissionSetArn: sample.permissionSetArn } : undefined,
        },
    };
}

/** Joins config and outputs. */
export function expectedDeployment(stack: string, config: StackConfig, outputs: StackOutputs): ExpectedDeployment {
    const accounts: ExpectedAccount[] = [];
    const undeployedAccounts: { name: string; accountId: string }[] = [];
    for (const account of config.accounts) {
        const out = outputs.accounts[account.name];
        if (!out) {
            undeployedAccounts.push({ name: account.name, accountId: account.accountId });
            continue;
        }
        const sessionTags: Record<string, UserClaimSource> = Object.assign({}, ...account.roles.map((role) => role.sessionTags));
        const allowSessionTags = Object.keys(sessionTags).length > 0;
        accounts.push({
            name: account.name,
            accountId: account.accountId,
            region: account.region,
            deployRoleArn: account.deployRoleArn,
            samlProviderArn: out.samlProviderArn,
            replyUrl: out.replyUrl,
            servicePrincipalObjectId: out.servicePrincipalObjectId,
            applicationObjectId: out.applicationObjectId,
            activeThumbprint: out.signingCertificateThumbprint.toUpperCase(),
            certificates: out.signingCertificates.map((certificate) => ({
                name: certificate.name,
                thumbprint: certificate.thumbprint.toUpperCase(),
                endDate: certificate.endDate,
            })),
            roles: account.roles.flatMap((role) => {
                const published = out.roles[role.name];
                if (!published) return [];
                return [
                    {
                        name: role.name,
                        arn: published.arn,
                        appRoleId: published.appRoleId,
                        appRoleValue: published.appRoleValue,
                        maxSessionDuration: published.maxSessionDuration,
                        trustPolicy: samlTrustPolicy({ samlProviderArn: out.samlProviderArn, audiences: [out.replyUrl], allowSessionTags }),
                        assignedGroups: role.assignGroups,
                    },
                ];
            }),
            claimsMappingPolicy: awsClaimsMappingPolicy({
                roleSessionNameSource: config.roleSessionNameSource,
                sessionDuration: config.sessionDuration,
                sessionTags,
            }),
            sessionDuration: config.sessionDuration,
            roleSessionNameSource: config.roleSessionNameSource,
            sessionTags,
            provisioning: config.provisioning,
            roleImportUserName: ROLE_READER_USER_NAME,
            roleImportAccessKeyId: out.roleManagerAccessKeyId,
        });
    }
    return { stack, tenantId: outputs.tenantId, accounts, undeployedAccounts, ...expectedIdentityCenter(config, outputs) };
}
