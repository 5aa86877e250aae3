import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { PreferredTokenSigningKey } from "./preferred-token-signing-key";

/** Gallery template "AWS Single-Account Access" (not the IAM Identity Center app). */
export const AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID = "8b1025e4-1dd2-430b-a150-2ef79cd700f5";

/** One token-signing certificate to keep on the service principal. */
export interface SigningCertificateSpec {
    /** Stable logical name: adding or removing another certificate never renames this one. */
    readonly name: string;
    /** RFC 3339 end date; Azure's default (three years) when omitted. */
    readonly endDate?: string;
}

/** A token-signing certificate as Azure reports it. */
export interface IssuedSigningCertificate {
    readonly name: string;
    /** SHA-1 thumbprint, hex. */
    readonly thumbprint: string;
    /** Base64 DER without header lines. */
    readonly value: string;
    readonly endDate: string;
}

export interface AwsGalleryAppArgs {
    /** Display name of the enterprise application in Azure AD. */
    readonly displayName: pulumi.Input<string>;
    /** Identifier (entity id), unique per tenant: `https://signin.aws.amazon.com/saml#<suffix>`. */
    readonly identifierUri: pulumi.Input<string>;
    /** Reply URL (ACS): the global or a regional AWS sign-in SAML endpoint. */
    readonly replyUrl: pulumi.Input<string>;
    /** Addresses Azure notifies before a signing certificate expires. */
    readonly notificationEmails: pulumi.Input<pulumi.Input<string>[]>;
    /** Object ids of the application and service principal owners. */
    readonly owners?: readonly string[];
    /** Claims mapping policy definition (JSON), from `awsClaimsMappingPolicy`. */
    readonly claimsMappingPolicy: pulumi.Input<string>;
    /** Certificates in publication order; the last one becomes the preferred signing key. */
    readonly signingCertificates: readonly SigningCertificateSpec[];
    /** Subject of the signing certificates, without `CN=`. */
    readonly signingCertificateCommonName: pulumi.Input<string>;
    /** Graph base URL for the preferred-key activation (national clouds); public cloud by default. */
    readonly graphBaseUrl?: pulumi.Input<string>;
}

/**
 * The Azure AD side of one AWS account: an instance of the AWS gallery app in SAML mode, its
 * identifier and reply URL, the AWS claims, and the token-signing certificates with the last one
 * activated as the preferred key.
 */
export class AwsGalleryApp extends pulumi.ComponentResource {
    /** Object id of the application. */
    public readonly applicationObjectId: pulumi.Output<string>;
    /** Resource id of the application (`/applications/<object id>`), what app-level resources take. */
    public readonly applicationResourceId: pulumi.Output<string>;
    /** Client (application) id. */
    public readonly clientId: pulumi.Output<string>;
    public readonly servicePrincipalObjectId: pulumi.Output<string>;
    /** Resource id of the service principal (`/servicePrincipals/<object id>`). */
    public readonly servicePrincipalResourceId: pulumi.Output<string>;
    /** Every certificate on the service principal, in publication order. */
    public readonly signingCertificates: pulumi.Output<IssuedSigningCertificate[]>;
    /** The certificate Azure signs with. */
    public readonly activeSigningCertificate: pulumi.Output<IssuedSigningCertificate>;
    public readonly preferredSigningKey: PreferredTokenSigningKey;

    constructor(name: string, args: AwsGalleryAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("azuread-aws-sso:azuread:AwsGalleryApp", name, args, opts);
        if (args.signingCertificates.length === 0) {
            throw new Error(`${name}: signingCertificates needs at least one certificate`);
        }

        const instance = new azuread.ApplicationFromTemplate(
            `${name}-app`,
            { displayName: args.displayName, templateId: AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID },
            { parent: this },
        );
        // The template resource reports no client id; the service principal and My Apps link need it.
        const application = azuread.getApplicationOutput({ objectId: instance.applicationObjectId }, { parent: this });
        this.applicationObjectId = instance.applicationObjectId;
        this.applicationResourceId = instance.applicationId;
        this.clientId = application.clientId;

        const servicePrincipal = new azuread.ServicePrincipal(
            `${name}-sp`,
            {
                clientId: application.clientId,
                useExisting: true,
                preferredSingleSignOnMode: "saml",
                appRoleAssignmentRequired: true,
                notificationEmailAddresses: args.notificationEmails,
                owners: args.owners ? [...args.owners] : undefined,
                featureTags: [{ enterprise: true, gallery: true, customSingleSignOn: true }],
            },
            { parent: this },
        );
        this.servicePrincipalObjectId = servicePrincipal.objectId;
        this.servicePrincipalResourceId = servicePrincipal.id;

        new azuread.ApplicationIdentifierUri(
            `${name}-identifier`,
            { applicationId: instance.applicationId, identifierUri: args.identifierUri },
            { parent: this },
        );
        new azuread.ApplicationRedirectUris(
            `${name}-reply-url`,
            { applicationId: instance.applicationId, type: "Web", redirectUris: [args.replyUrl] },
            { parent: this },
        );
        for (const owner of args.owners ?? []) {
            new azuread.ApplicationOwner(
                `${name}-owner-${owner}`,
                { applicationId: instance.applicationId, ownerObjectId: owner },
                { parent: this },
            );
        }

        const certificates = args.signingCertificates.map(
            (spec) =>
                new azuread.ServicePrincipalTokenSigningCertificate(
                    `${name}-signing-${spec.name}`,
                    {
                        servicePrincipalId: servicePrincipal.id,
                        displayName: pulumi.interpolate`CN=${args.signingCertificateCommonName}`,
                        endDate: spec.endDate,
                    },
                    { parent: this },
                ),
        );
        this.signingCertificates = pulumi.all(
            certificates.map((certificate, index) =>
                pulumi.all([certificate.thumbprint, certificate.value, certificate.endDate]).apply(
                    ([thumbprint, value, endDate]): IssuedSigningCertificate => ({
                        name: args.signingCertificates[index].name,
                        thumbprint,
                        value,
                        endDate,
                    }),
                ),
            ),
        );
        this.activeSigningCertificate = this.signingCertificates.apply((list) => list[list.length - 1]);

        // The provider cannot set preferredTokenSigningKeyThumbprint; without it Azure keeps its own
        // key and the claims mapping policy fails at sign-in (AADSTS50146).
        const active = certificates[certificates.length - 1];
        this.preferredSigningKey = new PreferredTokenSigningKey(
            `${name}-preferred-signing-key`,
            {
                servicePrincipalObjectId: servicePrincipal.objectId,
                thumbprint: active.thumbprint,
                graphBaseUrl: args.graphBaseUrl,
            },
            { parent: this, dependsOn: certificates },
        );

        const claims = new azuread.ClaimsMappingPolicy(
            `${name}-claims`,
            { displayName: pulumi.interpolate`${args.displayName} claims`, definitions: [args.claimsMappingPolicy] },
            { parent: this },
        );
        new azuread.ServicePrincipalClaimsMappingPolicyAssignment(
            `${name}-claims-assignment`,
            { servicePrincipalId: servicePrincipal.id, claimsMappingPolicyId: claims.id },
            { parent: this, dependsOn: [this.preferredSigningKey] },
        );

        this.registerOutputs({
            applicationObjectId: this.applicationObjectId,
            clientId: this.clientId,
            servicePrincipalObjectId: this.servicePrincipalObjectId,
            activeSigningCertificate: this.activeSigningCertificate,
        });
    }
}
