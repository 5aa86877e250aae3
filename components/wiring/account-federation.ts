import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RoleImportReader } from "../aws/role-import-reader";
import { SamlFederation } from "../aws/saml-federation";
import { AwsAppRoles } from "../azure-ad/aws-app-roles";
import { AwsGalleryApp, IssuedSigningCertificate } from "../azure-ad/aws-gallery-app";
import { AwsRoleImport } from "../azure-ad/aws-role-import";
import { identifierUri, signInSamlEndpoint, userAccessUrl } from "../documents/aws-sign-in-endpoints";
import { iamRoleArn, samlProviderArn } from "../documents/iam-arns";
import { awsClaimsMappingPolicy, RoleSessionNameSource } from "../documents/claims-mapping-policy";
import { azureAdIdpMetadata } from "../documents/idp-metadata";
import { AccountConfig, RoleImportKeyConfig } from "../stack-config";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

/** A user this stack creates (the test user) and the roles it gets in this account. */
export interface CreatedUserGrant {
    readonly userPrincipalName: string;
    readonly objectId: pulumi.Input<string>;
    readonly roleNames: readonly string[];
}

export interface AccountFederationArgs {
    /** The account, validated by `parseStackConfig`. */
    readonly account: AccountConfig;
    /** Azure AD tenant id: the IdP metadata's entity id and the My Apps link. */
    readonly tenantId: pulumi.Input<string>;
    /** Stack name, shown in display names so environments are told apart in the portal. */
    readonly stack: string;
    /** The SessionDuration claim, seconds; every role allows at least this. */
    readonly sessionDuration: number;
    /** The user attribute sent as RoleSessionName. */
    readonly roleSessionNameSource: RoleSessionNameSource;
    /** Receive Azure's certificate expiry notices. */
    readonly notificationEmails: readonly string[];
    /** Owners (object ids) of the application and service principal. */
    readonly owners?: readonly string[];
    /** Creates the role-import reader and the synchronization job. */
    readonly provisioning: boolean;
    /** The reader's access key generations, oldest first, the last one active; one `primary` key by default. */
    readonly roleImportKeys?: readonly RoleImportKeyConfig[];
    /** Users this stack creates (the test user) and their roles in this account. */
    readonly createdUsers?: readonly CreatedUserGrant[];
}

/** A role as published to other stacks. */
export interface PublishedRole {
    readonly arn: pulumi.Output<string>;
    readonly appRoleId: string;
    readonly appRoleValue: pulumi.Input<string>;
    readonly maxSessionDuration: number;
}

/**
 * Azure AD sign-in to one AWS account, end to end. The order is the wiring: the Azure app issues
 * the signing certificate, the AWS SAML provider trusts it through metadata built from it, the
 * roles trust the provider, and the Azure app roles and role import point back at them.
 */
export class AccountFederation extends pulumi.ComponentResource {
    public readonly accountId: string;
    public readonly identifierUri: string;
    public readonly replyUrl: string;
    /** Session tag keys the app sends as PrincipalTag claims; every role's trust then allows sts:TagSession. */
    public readonly sessionTagKeys: readonly string[];
    public readonly galleryApp: AwsGalleryApp;
    public readonly samlProviderArn: pulumi.Output<string>;
    public readonly userAccessUrl: pulumi.Output<string>;
    public readonly roles: Readonly<Record<string, PublishedRole>>;
    /** Access key id of the role-import reader's active key; never its secret. */
    public readonly roleManagerAccessKeyId?: pulumi.Output<string>;
    /** Generation name of that key, from `roleImportKeys`. */
    public readonly roleManagerAccessKeyGeneration?: string;

    constructor(name: string, args: AccountFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        super(COMPONENT_TYPES.accountFederation, name, args, opts);
        const { account } = args;
        this.accountId = account.accountId;
        this.identifierUri = identifierUri(account.identifierSuffix);
        this.replyUrl = signInSamlEndpoint(account.signInRegion);
        // The app sends one claim set to every role of the account: when it carries PrincipalTag
        // claims, STS refuses AssumeRoleWithSAML for any role whose trust lacks sts:TagSession.
        const sessionTags = Object.assign({}, ...account.roles.map((role) => role.sessionTags));
        this.sessionTagKeys = Object.keys(sessionTags).sort();
        const tags = { "managed-by": "pulumi", project: "azuread-aws-sso", stack: args.stack, account: account.name };

        const awsProvider = new aws.Provider(
            `${name}-aws`,
            {
                region: account.region as aws.Region,
                // Refuses to touch any other account, whatever credentials are ambient.
                allowedAccountIds: [account.accountId],
                assumeRoles: account.deployRoleArn
                    ? [{ roleArn: account.deployRoleArn, sessionName: `azuread-aws-sso-${args.stack}` }]
                    : undefined,
            },
            { parent: this },
        );

        this.galleryApp = new AwsGalleryApp(
            `${name}-azuread`,
            {
                displayName: `AWS ${account.name} (${args.stack})`,
                identifierUri: this.identifierUri,
                replyUrl: this.replyUrl,
                notificationEmails: [...args.notificationEmails],
                owners: args.owners,
                claimsMappingPolicy: awsClaimsMappingPolicy({
                    roleSessionNameSource: args.roleSessionNameSource,
                    sessionDuration: args.sessionDuration,
                    sessionTags,
                }),
                signingCertificates: account.signingCertificates,
                signingCertificateCommonName: `Microsoft Azure Federated SSO Certificate ${account.name} ${args.stack}`,
            },
            { parent: this },
        );

        const federation = new SamlFederation(
            `${name}-aws`,
            {
                samlProviderName: account.samlProviderName,
                metadataDocument: pulumi
                    .all([args.tenantId, this.galleryApp.signingCertificates])
                    .apply(([tenantId, certificates]) =>
                        azureAdIdpMetadata({ tenantId, signingCertificates: certificates.map((certificate) => certificate.value) }),
                    ),
                audiences: [this.replyUrl],
                roles: account.roles.map((role) => ({
                    name: role.name,
                    description: role.description,
                    managedPolicyArns: role.managedPolicyArns,
                    inlinePolicy: role.inlinePolicy,
                    maxSessionDuration: role.maxSessionDuration,
                    permissionsBoundaryArn: role.permissionsBoundaryArn,
                    allowSessionTags: this.sessionTagKeys.length > 0,
                })),
                tags,
            },
            { parent: this, providers: [awsProvider] },
        );
        this.samlProviderArn = federation.samlProviderArn;

        const appRoles = new AwsAppRoles(
            `${name}-app-roles`,
            {
                accountName: account.name,
                applicationResourceId: this.galleryApp.applicationResourceId,
                servicePrincipalObjectId: this.galleryApp.servicePrincipalObjectId,
                // ARNs from config, not from the IAM resources: Azure never checks them, so the app
                // roles need not wait for AWS, which takes them off the deploy's critical path.
                samlProviderArn: samlProviderArn(account.accountId, account.samlProviderName),
                roles: account.roles.map((role) => ({
                    name: role.name,
                    description: role.description,
                    appRoleId: role.appRoleId,
                    roleArn: iamRoleArn(account.accountId, role.name),
                    groups: role.assignGroups,
                    users: role.assignUsers,
                    createdUsers: (args.createdUsers ?? []).filter((user) => user.roleNames.includes(role.name)),
                })),
            },
            { parent: this },
        );

        if (args.provisioning) {
            const reader = new RoleImportReader(
                `${name}-role-reader`,
                { ...account.roleImportReader, tags, keys: args.roleImportKeys },
                { parent: this, providers: [awsProvider] },
            );
            new AwsRoleImport(
                `${name}-role-import`,
                {
                    servicePrincipalResourceId: this.galleryApp.servicePrincipalResourceId,
                    accessKeyId: reader.accessKeyId,
                    secretAccessKey: reader.secretAccessKey,
                },
                { parent: this },
            );
            this.roleManagerAccessKeyId = reader.accessKeyId;
            this.roleManagerAccessKeyGeneration = reader.activeKeyName;
        }

        this.userAccessUrl = pulumi
            .all([this.galleryApp.clientId, args.tenantId])
            .apply(([clientId, tenantId]) => userAccessUrl(clientId, tenantId));
        this.roles = Object.fromEntries(
            account.roles.map((role, index) => [
                role.name,
                {
                    arn: federation.roles[index].arn,
                    appRoleId: appRoles.roles[index].appRoleId,
                    appRoleValue: appRoles.roles[index].value,
                    maxSessionDuration: role.maxSessionDuration,
                },
            ]),
        );

        this.registerOutputs({
            samlProviderArn: this.samlProviderArn,
            identifierUri: this.identifierUri,
            userAccessUrl: this.userAccessUrl,
        });
    }

    /** The outputs contract of this account, as `index.ts` exports it under `accounts.<name>`. */
    public contract(): pulumi.Output<AccountOutputs> {
        // One `pulumi.all` over the Outputs alone: `pulumi.output` on the nested object would wrap every
        // plain leaf (ids, names, durations) in an Output of its own, a few promises each, per role.
        const roles = Object.entries(this.roles);
        return pulumi
            .all([
                this.samlProviderArn,
                this.galleryApp.clientId,
                this.galleryApp.applicationObjectId,
                this.galleryApp.servicePrincipalObjectId,
                this.galleryApp.signingCertificates,
                this.userAccessUrl,
                pulumi.all([pulumi.all(roles.map(([, role]) => role.arn)), pulumi.all(roles.map(([, role]) => role.appRoleValue))]),
                this.roleManagerAccessKeyId,
            ])
            .apply(
                ([
                    samlProviderArn,
                    applicationId,
                    applicationObjectId,
                    servicePrincipalObjectId,
                    certificates,
                    userAccessUrl,
                    [roleArns, appRoleValues],
                    roleManagerAccessKeyId,
                ]): AccountOutputs => {
                    const active = certificates[certificates.length - 1];
                    return {
                        accountId: this.accountId,
                        samlProviderArn,
                        identifierUri: this.identifierUri,
                        replyUrl: this.replyUrl,
                        sessionTagKeys: [...this.sessionTagKeys],
                        applicationId,
                        applicationObjectId,
                        servicePrincipalObjectId,
                        signingCertificateThumbprint: active.thumbprint,
                        signingCertificateEndDate: active.endDate,
                        signingCertificates: certificates.map(publishedCertificate),
                        userAccessUrl,
                        roles: Object.fromEntries(
                            roles.map(([roleName, role], index) => [
                                roleName,
                                {
                                    arn: roleArns[index],
                                    appRoleId: role.appRoleId,
                                    appRoleValue: appRoleValues[index],
                                    maxSessionDuration: role.maxSessionDuration,
                                },
                            ]),
                        ),
                        ...(roleManagerAccessKeyId !== undefined
                            ? { roleManagerAccessKeyId, roleManagerAccessKeyGeneration: this.roleManagerAccessKeyGeneration }
                            : {}),
                    };
                },
            );
    }
}

/** `accounts.<name>` in the stack outputs: the contract other teams' stack references read. */
export interface AccountOutputs {
    readonly accountId: string;
    readonly samlProviderArn: string;
    readonly identifierUri: string;
    /** The `SAML:aud` every role of this account trusts. */
    readonly replyUrl: string;
    /** PrincipalTag keys the app sends; a role trusting the provider must allow sts:TagSession when non-empty. */
    readonly sessionTagKeys: readonly string[];
    /** Client id of the gallery-app instance. */
    readonly applicationId: string;
    readonly applicationObjectId: string;
    readonly servicePrincipalObjectId: string;
    readonly signingCertificateThumbprint: string;
    readonly signingCertificateEndDate: string;
    readonly signingCertificates: readonly { readonly name: string; readonly thumbprint: string; readonly endDate: string }[];
    readonly userAccessUrl: string;
    readonly roles: Readonly<
        Record<
            string,
            { readonly arn: string; readonly appRoleId: string; readonly appRoleValue: string; readonly maxSessionDuration: number }
        >
    >;
    readonly roleManagerAccessKeyId?: string;
    /** Generation name (`roleImportKeys[].name`) of the key `roleManagerAccessKeyId` is; `primary` before any rotation. */
    readonly roleManagerAccessKeyGeneration?: string;
}

function publishedCertificate(certificate: IssuedSigningCertificate) {
    return { name: certificate.name, thumbprint: certificate.thumbprint, endDate: certificate.endDate };
}
