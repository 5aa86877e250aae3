import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { PreferredTokenSigningKey } from "./preferred-token-signing-key";

import { AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID } from "../../policies/vocabulary/gallery-templates";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

export { AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID } from "../../policies/vocabulary/gallery-templates";

/** One token-signing certificate to keep on the service principal. */
export interface SigningCertificateSpec {
    /** Stable logical name: adding or removing another certificate never renames this one. */
    readonly name: string;
    /** RFC 3339 end date; Azure's default (three years) when omitted. */
    readonly endDate?: string;
    /** Subject (`CN=...`) kept from an adopted certificate; default `CN=<signingCertificateCommonName>`. */
    readonly displayName?: string;
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
        activeSigningCertificateIndex(name, args.signingCertificates);
        super(COMPONENT_TYPES.awsGalleryApp, name, args, opts);

        const app = instantiateSamlGalleryApp(this, name, {
            templateId: AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID,
            displayName: args.displayName,
            identifierUri: args.identifierUri,
            replyUrl: args.replyUrl,
            notificationEmails: args.notificationEmails,
            owners: args.owners,
        });
        this.applicationObjectId = app.applicationObjectId;
        this.applicationResourceId = app.applicationResourceId;
        this.clientId = app.clientId;
        this.servicePrincipalObjectId = app.servicePrincipal.objectId;
        this.servicePrincipalResourceId = app.servicePrincipal.id;

        const signing = publishSigningCertificates(this, name, {
            servicePrincipal: app.servicePrincipal,
            signingCertificates: args.signingCertificates,
            commonName: args.signingCertificateCommonName,
            graphBaseUrl: args.graphBaseUrl,
        });
        this.signingCertificates = signing.signingCertificates;
        this.activeSigningCertificate = signing.activeSigningCertificate;
        this.preferredSigningKey = signing.preferredSigningKey;

        const claims = new azuread.ClaimsMappingPolicy(
            `${name}-claims`,
            { displayName: pulumi.interpolate`${args.displayName} claims`, definitions: [args.claimsMappingPolicy] },
            { parent: this },
        );
        new azuread.ServicePrincipalClaimsMappingPolicyAssignment(
            `${name}-claims-assignment`,
            { servicePrincipalId: app.servicePrincipal.id, claimsMappingPolicyId: claims.id },
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

/** What a SAML gallery-app instance needs, whichever AWS template it comes from. */
export interface SamlGalleryAppSpec {
    readonly templateId: string;
    readonly displayName: pulumi.Input<string>;
    readonly identifierUri: pulumi.Input<string>;
    readonly replyUrl: pulumi.Input<string>;
    readonly notificationEmails: pulumi.Input<pulumi.Input<string>[]>;
    readonly owners?: readonly string[];
    /** Operational note on the service principal, shown to admins in the Entra portal. */
    readonly notes?: pulumi.Input<string>;
}

/** A gallery-app instance in SAML mode, as `instantiateSamlGalleryApp` creates it. */
export interface SamlGalleryAppInstance {
    readonly applicationObjectId: pulumi.Output<string>;
    /** `/applications/<object id>`, what app-level resources take. */
    readonly applicationResourceId: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly servicePrincipal: azuread.ServicePrincipal;
}

/**
 * Instantiates a gallery template in SAML mode under `parent`: the application, its service
 * principal (assignment required, notification e-mails), identifier, reply URL and owners. Names
 * are `<name>-app`, `<name>-sp`, ...: shared by both AWS paths so neither copies the other.
 */
export function instantiateSamlGalleryApp(parent: pulumi.Resource, name: string, spec: SamlGalleryAppSpec): SamlGalleryAppInstance {
    const instance = new azuread.ApplicationFromTemplate(
        `${name}-app`,
        { displayName: spec.displayName, templateId: spec.templateId },
        { parent },
    );
    // The template resource reports no client id; the service principal and My Apps link need it.
    const application = azuread.getApplicationOutput({ objectId: instance.applicationObjectId }, { parent });
    const servicePrincipal = new azuread.ServicePrincipal(
        `${name}-sp`,
        {
            clientId: application.clientId,
            useExisting: true,
            preferredSingleSignOnMode: "saml",
            appRoleAssignmentRequired: true,
            notificationEmailAddresses: spec.notificationEmails,
            owners: spec.owners ? [...spec.owners] : undefined,
            featureTags: [{ enterprise: true, gallery: true, customSingleSignOn: true }],
            notes: spec.notes,
        },
        { parent },
    );
    new azuread.ApplicationIdentifierUri(
        `${name}-identifier`,
        { applicationId: instance.applicationId, identifierUri: spec.identifierUri },
        { parent },
    );
    new azuread.ApplicationRedirectUris(
        `${name}-reply-url`,
        { applicationId: instance.applicationId, type: "Web", redirectUris: [spec.replyUrl] },
        { parent },
    );
    for (const owner of spec.owners ?? []) {
        new azuread.ApplicationOwner(`${name}-owner-${owner}`, { applicationId: instance.applicationId, ownerObjectId: owner }, { parent });
    }
    return {
        applicationObjectId: instance.applicationObjectId,
        applicationResourceId: instance.applicationId,
        clientId: application.clientId,
        servicePrincipal,
    };
}

export interface SigningCertificatesSpec {
    readonly servicePrincipal: azuread.ServicePrincipal;
    /** In publication order; the last one becomes the preferred signing key. */
    readonly signingCertificates: readonly SigningCertificateSpec[];
    /** Subject of the certificates, without `CN=`. */
    readonly commonName: pulumi.Input<string>;
    readonly graphBaseUrl?: pulumi.Input<string>;
    /** The certificate to activate; the last one when omitted. */
    readonly activeCertificateName?: string;
}

/** The certificates on a service principal and the activation of the last one. */
export interface PublishedSigningCertificates {
    readonly signingCertificates: pulumi.Output<IssuedSigningCertificate[]>;
    readonly activeSigningCertificate: pulumi.Output<IssuedSigningCertificate>;
    readonly preferredSigningKey: PreferredTokenSigningKey;
}

/**
 * Token-signing certificates named `<name>-signing-<certificate>` under `parent`, and the last one
 * activated as the preferred key (`<name>-preferred-signing-key`) only after every certificate
 * exists: adding a certificate publishes it before Azure signs with it, so rotation has no gap.
 */
export function publishSigningCertificates(
    parent: pulumi.Resource,
    name: string,
    spec: SigningCertificatesSpec,
): PublishedSigningCertificates {
    const activeIndex = activeSigningCertificateIndex(name, spec.signingCertificates, spec.activeCertificateName);
    const certificates = spec.signingCertificates.map(
        (certificate) =>
            new azuread.ServicePrincipalTokenSigningCertificate(
                `${name}-signing-${certificate.name}`,
                {
                    servicePrincipalId: spec.servicePrincipal.id,
                    displayName: certificate.displayName ?? pulumi.interpolate`CN=${spec.commonName}`,
                    endDate: certificate.endDate,
                },
                { parent },
            ),
    );
    const signingCertificates = pulumi.all(
        certificates.map((certificate, index) =>
            pulumi
                .all([certificate.thumbprint, certificate.value, certificate.endDate])
                .apply(([thumbprint, value, endDate]): IssuedSigningCertificate => ({
                    name: spec.signingCertificates[index].name,
                    thumbprint,
                    value,
                    endDate,
                })),
        ),
    );
    // The provider cannot set preferredTokenSigningKeyThumbprint; without it Azure keeps its own
    // key and the claims mapping policy fails at sign-in (AADSTS50146).
    const active = certificates[activeIndex];
    const preferredSigningKey = new PreferredTokenSigningKey(
        `${name}-preferred-signing-key`,
        { servicePrincipalObjectId: spec.servicePrincipal.objectId, thumbprint: active.thumbprint, graphBaseUrl: spec.graphBaseUrl },
        { parent, dependsOn: certificates },
    );
    return { signingCertificates, activeSigningCertificate: signingCertificates.apply((list) => list[activeIndex]), preferredSigningKey };
}

/**
 * Position of the certificate to activate (the named one, else the last), or throws when there is
 * none: components call it before they register anything, so bad args leave nothing half-created.
 */
export function activeSigningCertificateIndex(
    name: string,
    signingCertificates: readonly SigningCertificateSpec[],
    activeCertificateName?: string,
): number {
    if (signingCertificates.length === 0) {
        throw new Error(`${name}: signingCertificates needs at least one certificate`);
    }
    const index =
        activeCertificateName === undefined
            ? signingCertificates.length - 1
            : signingCertificates.findIndex((certificate) => certificate.name === activeCertificateName);
    if (index < 0) {
        throw new Error(`${name}: no signing certificate named ${activeCertificateName}`);
    }
    return index;
}
