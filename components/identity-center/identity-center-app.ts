import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import {
    activeSigningCertificateIndex,
    instantiateSamlGalleryApp,
    IssuedSigningCertificate,
    publishSigningCertificates,
    SigningCertificateSpec,
} from "../azure-ad/aws-gallery-app";
import { PreferredTokenSigningKey } from "../azure-ad/preferred-token-signing-key";
import { AWS_IDENTITY_CENTER_TEMPLATE_ID, DEFAULT_ACCESS_APP_ROLE_ID, scimTokenExpiryNote } from "../documents/identity-center";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

/** An Entra group provisioned to Identity Center. */
export interface ProvisionedGroupSpec {
    readonly objectId: string;
    /** The name SCIM gives it in the Identity Store; must be the Entra group's display name. */
    readonly displayName: string;
}

export interface IdentityCenterAppArgs {
    /** Display name of the enterprise application. */
    readonly displayName: pulumi.Input<string>;
    /** Identifier (entity id): Identity Center's issuer URL. */
    readonly samlIssuer: pulumi.Input<string>;
    /** Reply URL: Identity Center's assertion consumer service URL. */
    readonly samlAcsUrl: pulumi.Input<string>;
    /** Addresses Azure notifies before the signing certificate expires. */
    readonly notificationEmails: pulumi.Input<pulumi.Input<string>[]>;
    /** Object ids of the application and service principal owners. */
    readonly owners?: readonly string[];
    /** Certificates in publication order; the last one becomes the preferred signing key. */
    readonly signingCertificates: readonly SigningCertificateSpec[];
    /** Subject of the signing certificates, without `CN=`. */
    readonly signingCertificateCommonName: pulumi.Input<string>;
    /** The certificate Azure signs with; the last one when omitted (Identity Center needs its metadata uploaded first). */
    readonly activeSigningCertificateName?: string;
    /** Graph base URL for the preferred-key activation (national clouds). */
    readonly graphBaseUrl?: pulumi.Input<string>;
    /** Groups assigned to the app, provisioned over SCIM and provisioned on demand. */
    readonly groups: readonly ProvisionedGroupSpec[];
    /** Identity Center's SCIM endpoint (`BaseAddress`). */
    readonly scimEndpoint: pulumi.Input<string>;
    /** The SCIM access token (`SecretToken`); kept secret end to end. */
    readonly scimToken: pulumi.Input<string>;
    /** When the token expires: written on the service principal and a re-provisioning trigger. */
    readonly scimTokenExpiresAt: string;
    /** Synchronization template of the gallery app's provisioning connector. */
    readonly synchronizationTemplateId: string;
    /** Rule of that template that provisions users and groups. */
    readonly provisioningRuleId: string;
}

/**
 * The Entra side of IAM Identity Center: one "AWS IAM Identity Center" gallery-app instance for
 * the whole organization, in SAML mode, with the same signing-certificate activation and rotation
 * as the per-account apps, the configured groups assigned, SCIM provisioning into the Identity
 * Store, and each group provisioned on demand so `pulumi up` can assign it without a 40-minute cycle.
 */
export class IdentityCenterApp extends pulumi.ComponentResource {
    public readonly applicationObjectId: pulumi.Output<string>;
    public readonly clientId: pulumi.Output<string>;
    public readonly servicePrincipalObjectId: pulumi.Output<string>;
    public readonly signingCertificates: pulumi.Output<IssuedSigningCertificate[]>;
    public readonly activeSigningCertificate: pulumi.Output<IssuedSigningCertificate>;
    public readonly preferredSigningKey: PreferredTokenSigningKey;
    public readonly synchronizationJobId: pulumi.Output<string>;
    /** Provision-on-demand of each group, by object id: a group exists in the Identity Store after it. */
    public readonly provisionedGroups: Readonly<Record<string, azuread.SynchronizationJobProvisionOnDemand>>;
    /** Each group's display name, by object id, once Entra confirmed it is the configured one. */
    public readonly verifiedGroupNames: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: IdentityCenterAppArgs, opts?: pulumi.ComponentResourceOptions) {
        activeSigningCertificateIndex(name, args.signingCertificates, args.activeSigningCertificateName);
        // Component args are registered as its inputs: the token goes into the state only as a secret.
        super(COMPONENT_TYPES.identityCenterApp, name, { ...args, scimToken: pulumi.secret(args.scimToken) }, opts);

        const app = instantiateSamlGalleryApp(this, name, {
            templateId: AWS_IDENTITY_CENTER_TEMPLATE_ID,
            displayName: args.displayName,
            identifierUri: args.samlIssuer,
            replyUrl: args.samlAcsUrl,
            notificationEmails: args.notificationEmails,
            owners: args.owners,
            notes: scimTokenExpiryNote(args.scimTokenExpiresAt),
        });
        const servicePrincipal = app.servicePrincipal;
        this.applicationObjectId = app.applicationObjectId;
        this.clientId = app.clientId;
        this.servicePrincipalObjectId = servicePrincipal.objectId;

        const signing = publishSigningCertificates(this, name, {
            servicePrincipal,
            signingCertificates: args.signingCertificates,
            commonName: args.signingCertificateCommonName,
            graphBaseUrl: args.graphBaseUrl,
            activeCertificateName: args.activeSigningCertificateName,
        });
        this.signingCertificates = signing.signingCertificates;
        this.activeSigningCertificate = signing.activeSigningCertificate;
        this.preferredSigningKey = signing.preferredSigningKey;

        // The role the portal assigns for this gallery app ("User", older instances "msiam_access"); default access if it declares none.
        const userRoleId = servicePrincipal.appRoleIds.apply((ids) => ids?.["User"] ?? ids?.["msiam_access"] ?? DEFAULT_ACCESS_APP_ROLE_ID);
        const secret = new azuread.SynchronizationSecret(
            `${name}-scim-secret`,
            {
                servicePrincipalId: servicePrincipal.id,
                credentials: [
                    { key: "BaseAddress", value: args.scimEndpoint },
                    { key: "SecretToken", value: pulumi.secret(args.scimToken) },
                ],
            },
            { parent: this },
        );
        const job = new azuread.SynchronizationJob(
            `${name}-scim-job`,
            { servicePrincipalId: servicePrincipal.id, templateId: args.synchronizationTemplateId, enabled: true },
            { parent: this, dependsOn: [secret] },
        );
        this.synchronizationJobId = job.id;

        const provisioned: Record<string, azuread.SynchronizationJobProvisionOnDemand> = {};
        const verifiedNames: Record<string, pulumi.Output<string>> = {};
        for (const group of args.groups) {
            // SCIM creates the group in the Identity Store under its Entra display name, and the AWS
            // side looks it up by that name: a mismatch here would otherwise surface as a missing group.
            const entraGroup = azuread.getGroupOutput({ objectId: group.objectId }, { parent: this });
            verifiedNames[group.objectId] = entraGroup.displayName.apply((displayName) => {
                if (displayName !== group.displayName) {
                    throw new Error(
                        `identityCenter.groups: Entra group ${group.objectId} is named "${displayName}", not "${group.displayName}"; SCIM provisions it to Identity Center as "${displayName}": set displayName to that`,
                    );
                }
                return displayName;
            });
            const assignment = new azuread.AppRoleAssignment(
                `${name}-group-${group.objectId}`,
                { appRoleId: userRoleId, principalObjectId: group.objectId, resourceObjectId: servicePrincipal.objectId },
                { parent: this },
            );
            provisioned[group.objectId] = new azuread.SynchronizationJobProvisionOnDemand(
                `${name}-provision-${group.objectId}`,
                {
                    servicePrincipalId: servicePrincipal.id,
                    synchronizationJobId: job.id,
                    parameters: [{ ruleId: args.provisioningRuleId, subjects: [{ objectId: group.objectId, objectTypeName: "Group" }] }],
                    // A renewed token (new expiry) provisions again, which proves the new token works.
                    triggers: { scimTokenExpiresAt: args.scimTokenExpiresAt },
                },
                { parent: this, dependsOn: [assignment, job] },
            );
        }
        this.provisionedGroups = provisioned;
        this.verifiedGroupNames = verifiedNames;

        this.registerOutputs({
            applicationObjectId: this.applicationObjectId,
            clientId: this.clientId,
            servicePrincipalObjectId: this.servicePrincipalObjectId,
            activeSigningCertificate: this.activeSigningCertificate,
            synchronizationJobId: this.synchronizationJobId,
        });
    }
}
