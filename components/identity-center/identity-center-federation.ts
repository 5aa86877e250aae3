import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IssuedSigningCertificate } from "../azure-ad/aws-gallery-app";
import { userAccessUrl } from "../documents/aws-sign-in-endpoints";
import { accessMatrix, AccessMatrixRow, identityCenterRunbook } from "../documents/identity-center";
import { azureAdEntityId, azureAdIdpMetadata } from "../documents/idp-metadata";
import { IdentityCenterConfig, SigningCertificateConfig } from "../stack-config";
import { IdentityCenterApp } from "./identity-center-app";
import { provisionedGroupId } from "./identity-store-group";
import { PermissionSet } from "./permission-set";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

export interface IdentityCenterFederationArgs {
    /** The block, validated by `parseStackConfig`. */
    readonly identityCenter: IdentityCenterConfig;
    /** The SCIM access token; made secret here whatever the caller passes. */
    readonly scimToken: pulumi.Input<string>;
    /** Azure AD tenant id: the IdP metadata's entity id. */
    readonly tenantId: pulumi.Input<string>;
    /** Stack name, shown in display names and tags. */
    readonly stack: string;
    /** Receive Azure's certificate expiry notices. */
    readonly notificationEmails: readonly string[];
    /** Owners (object ids) of the application and service principal. */
    readonly owners?: readonly string[];
    /** Token-signing certificates, in publication order. */
    readonly signingCertificates: readonly SigningCertificateConfig[];
}

/**
 * Entra ID sign-in to a whole AWS Organization through IAM Identity Center. The order is the wiring:
 * the Entra app issues the certificate that becomes the IdP metadata of the runbook, SCIM provisions
 * the assigned groups, and each group's Identity Store id, read once it has arrived, feeds the
 * account assignments of the permission sets.
 */
export class IdentityCenterFederation extends pulumi.ComponentResource {
    public readonly app: IdentityCenterApp;
    public readonly permissionSets: Readonly<Record<string, PermissionSet>>;
    /** Identity Store group ids by display name. */
    public readonly groupIds: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly idpMetadataXml: pulumi.Output<string>;
    public readonly accessMatrix: readonly AccessMatrixRow[];
    private readonly config: IdentityCenterConfig;
    private readonly tenantId: pulumi.Input<string>;

    constructor(name: string, args: IdentityCenterFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Component args are registered as its inputs: the token goes into the state only as a secret.
        super(COMPONENT_TYPES.identityCenterFederation, name, { ...args, scimToken: pulumi.secret(args.scimToken) }, opts);
        const config = args.identityCenter;
        this.config = config;
        this.tenantId = args.tenantId;
        const tags = { "managed-by": "pulumi", project: "azuread-aws-sso", stack: args.stack };

        const deployAccountId = config.deployRoleArn?.split(":")[4];
        const awsProvider = new aws.Provider(
            `${name}-aws`,
            {
                region: config.region as aws.Region,
                // Pinned to the deploy role's account (management or delegated administrator) when one is set.
                allowedAccountIds: deployAccountId ? [deployAccountId] : undefined,
                assumeRoles: config.deployRoleArn
                    ? [{ roleArn: config.deployRoleArn, sessionName: `azuread-aws-sso-${args.stack}` }]
                    : undefined,
            },
            { parent: this },
        );

        this.app = new IdentityCenterApp(
            `${name}-azuread`,
            {
                displayName: config.displayName,
                samlIssuer: config.samlIssuer,
                samlAcsUrl: config.samlAcsUrl,
                notificationEmails: [...args.notificationEmails],
                owners: args.owners,
                signingCertificates: args.signingCertificates,
                signingCertificateCommonName: `Microsoft Azure Federated SSO Certificate identity-center ${args.stack}`,
                activeSigningCertificateName: config.activeSigningCertificate,
                groups: config.groups,
                scimEndpoint: config.scimEndpoint,
                scimToken: pulumi.secret(args.scimToken),
                scimTokenExpiresAt: config.scimTokenExpiresAt,
                synchronizationTemplateId: config.synchronizationTemplateId,
                provisioningRuleId: config.provisioningRuleId,
            },
            { parent: this },
        );

        this.groupIds = Object.fromEntries(
            config.groups.map((group) => [
                group.displayName,
                provisionedGroupId({
                    identityStoreId: config.identityStoreId,
                    displayName: group.displayName,
                    verifiedDisplayName: this.app.verifiedGroupNames[group.objectId],
                    objectId: group.objectId,
                    applicationDisplayName: config.displayName,
                    provisioned: this.app.provisionedGroups[group.objectId],
                    timeoutSeconds: config.groupLookupTimeoutSeconds,
                    provider: awsProvider,
                    parent: this,
                }),
            ]),
        );
        const groupObjectIds = Object.fromEntries(config.groups.map((group) => [group.displayName, group.objectId]));
        this.permissionSets = Object.fromEntries(
            config.permissionSets.map((permissionSet) => [
                permissionSet.name,
                new PermissionSet(
                    `${name}-${permissionSet.name}`,
                    { permissionSet, instanceArn: config.instanceArn, groupIds: this.groupIds, groupObjectIds, tags },
                    { parent: this, providers: [awsProvider] },
                ),
            ]),
        );

        // Identity Center keeps one IdP certificate: the metadata carries the one Entra signs with.
        this.idpMetadataXml = pulumi
            .all([args.tenantId, this.app.activeSigningCertificate])
            .apply(([tenantId, certificate]) => azureAdIdpMetadata({ tenantId, signingCertificates: [certificate.value] }));
        this.accessMatrix = accessMatrix(config.permissionSets);

        this.registerOutputs({
            applicationObjectId: this.app.applicationObjectId,
            idpMetadataXml: this.idpMetadataXml,
            permissionSetArns: Object.fromEntries(Object.entries(this.permissionSets).map(([setName, set]) => [setName, set.arn])),
        });
    }

    /** The outputs contract, as `index.ts` exports it under `identityCenter`. */
    public contract(): pulumi.Output<IdentityCenterOutputs> {
        const config = this.config;
        const active = this.app.activeSigningCertificate;
        return pulumi.output({
            instanceArn: config.instanceArn,
            identityStoreId: config.identityStoreId,
            region: config.region,
            startUrl: config.startUrl,
            samlIssuer: config.samlIssuer,
            samlAcsUrl: config.samlAcsUrl,
            scimEndpoint: config.scimEndpoint,
            scimTokenExpiresAt: config.scimTokenExpiresAt,
            applicationId: this.app.clientId,
            applicationObjectId: this.app.applicationObjectId,
            servicePrincipalObjectId: this.app.servicePrincipalObjectId,
            synchronizationJobId: this.app.synchronizationJobId,
            userAccessUrl: pulumi
                .all([this.app.clientId, this.tenantId])
                .apply(([clientId, tenantId]) => userAccessUrl(clientId, tenantId)),
            signingCertificateThumbprint: active.thumbprint,
            signingCertificateEndDate: active.endDate,
            signingCertificates: this.app.signingCertificates.apply((list) => list.map(publishedCertificate)),
            idpEntityId: pulumi.output(this.tenantId).apply(azureAdEntityId),
            idpSignInUrl: pulumi.interpolate`https://login.microsoftonline.com/${this.tenantId}/saml2`,
            idpMetadataXml: this.idpMetadataXml,
            groups: Object.fromEntries(
                config.groups.map((group) => [
                    group.displayName,
                    { objectId: group.objectId, identityStoreGroupId: this.groupIds[group.displayName] },
                ]),
            ),
            permissionSets: Object.fromEntries(
                config.permissionSets.map((permissionSet) => [
                    permissionSet.name,
                    { arn: this.permissionSets[permissionSet.name].arn, sessionDuration: permissionSet.sessionDuration },
                ]),
            ),
            accessMatrix: this.accessMatrix.map((row) => ({ ...row, permissionSetArn: this.permissionSets[row.permissionSet].arn })),
            runbook: pulumi.all([this.tenantId, active]).apply(([tenantId, certificate]) =>
                identityCenterRunbook({
                    instanceArn: config.instanceArn,
                    region: config.region,
                    samlIssuer: config.samlIssuer,
                    samlAcsUrl: config.samlAcsUrl,
                    scimEndpoint: config.scimEndpoint,
                    scimTokenExpiresAt: config.scimTokenExpiresAt,
                    startUrl: config.startUrl,
                    signInUrl: `https://login.microsoftonline.com/${tenantId}/saml2`,
                    entityId: azureAdEntityId(tenantId),
                    signingCertificateThumbprint: certificate.thumbprint,
                }),
            ),
        }) as pulumi.Output<IdentityCenterOutputs>;
    }
}

/** `identityCenter` in the stack outputs: the Identity Center half of the contract. */
export interface IdentityCenterOutputs {
    readonly instanceArn: string;
    readonly identityStoreId: string;
    /** Identity Center's home region: the `sso_region` of `aws configure sso`. */
    readonly region: string;
    /** AWS access portal URL: the `sso_start_url` of `aws configure sso`. */
    readonly startUrl: string;
    readonly samlIssuer: string;
    readonly samlAcsUrl: string;
    readonly scimEndpoint: string;
    readonly scimTokenExpiresAt: string;
    /** Client id of the Identity Center app. */
    readonly applicationId: string;
    readonly applicationObjectId: string;
    readonly servicePrincipalObjectId: string;
    readonly synchronizationJobId: string;
    readonly userAccessUrl: string;
    readonly signingCertificateThumbprint: string;
    readonly signingCertificateEndDate: string;
    readonly signingCertificates: readonly { readonly name: string; readonly thumbprint: string; readonly endDate: string }[];
    readonly idpEntityId: string;
    readonly idpSignInUrl: string;
    /** The IdP metadata to upload on Identity Center's "change identity source" page. */
    readonly idpMetadataXml: string;
    readonly groups: Readonly<Record<string, { readonly objectId: string; readonly identityStoreGroupId: string }>>;
    readonly permissionSets: Readonly<Record<string, { readonly arn: string; readonly sessionDuration: string }>>;
    /** Who gets what where: one row per group × permission set × account. */
    readonly accessMatrix: readonly (AccessMatrixRow & { readonly permissionSetArn: string })[];
    /** The manual steps, with this stack's values. */
    readonly runbook: readonly string[];
}

function publishedCertificate(certificate: IssuedSigningCertificate) {
    return { name: certificate.name, thumbprint: certificate.thumbprint, endDate: certificate.endDate };
}
