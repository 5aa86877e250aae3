import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";
import { certificateThumbprint, readSamlMetadata } from "../readers/saml-metadata";
import { readSamlTrust, SamlTrust } from "../readers/saml-trust";
import { dependsThrough, LinkTarget, Links, referencedBy, referrers, refersTo, stringsIn } from "./resource-links";
import { SsoStackReferences } from "./sso-stack-references";
import { MaybeKnown, readKnown, Unknown } from "../framework/unknown-values";
import {
    AWS_IDENTITY_CENTER_TEMPLATE_ID,
    AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID as AWS_SINGLE_ACCOUNT_TEMPLATE_ID,
} from "../vocabulary/gallery-templates";

/**
 * The pieces of an Azure AD to AWS federation found in one stack, and the joins between them, for the
 * stack policies. Everything is read lazily through the SDK's unknown-checking proxy: a join that
 * needs an unknown value reports it as `undetermined` instead of guessing.
 */

/** Gallery template ids, from the vocabulary shared with the program. */
export { AWS_IDENTITY_CENTER_TEMPLATE_ID, AWS_SINGLE_ACCOUNT_TEMPLATE_ID };
/** Type token of Node.js dynamic resources; newer SDKs also name them `pulumi-nodejs:dynamic/<module>:<name>`. */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

function isDynamicResourceType(type: string): boolean {
    return type === DYNAMIC_RESOURCE_TYPE || type.startsWith("pulumi-nodejs:dynamic/");
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape @pulumi/policy's isType takes
type ResourceClass = { new (...args: any[]): Resource };

/** An AWS gallery app: its application object and the service principals that belong to it. */
export interface AwsApp {
    readonly application: PolicyResource;
    readonly servicePrincipals: readonly PolicyResource[];
    /** The app and its service principals with every property that identifies them. */
    readonly targets: readonly LinkTarget[];
}

/** A role whose trust lets a SAML federation in (or, in preview, is computed from a SAML provider). */
export interface SsoRole {
    readonly role: PolicyResource;
    readonly trust: MaybeKnown<SamlTrust>;
}

const APPLICATION_ID_PROPERTIES = [
    "applicationId",
    "applicationObjectId",
    "servicePrincipalId",
    "servicePrincipalObjectId",
    "objectId",
    "clientId",
];
const SERVICE_PRINCIPAL_ID_PROPERTIES = ["objectId", "clientId"];

export class FederationTopology {
    private readonly byType = new Map<string, PolicyResource[]>();
    // Joins are asked for repeatedly (per role, per app), so each is computed once per stack.
    private appsCache: { apps: AwsApp[]; undetermined?: Unknown } | undefined;
    private ssoRolesCache: SsoRole[] | undefined;
    private referencesCache: SsoStackReferences | undefined;
    private readonly certificatesOfApp = new Map<AwsApp, Links>();
    private readonly claimsPoliciesOfApp = new Map<AwsApp, Links>();
    private readonly certificatesOfProvider = new Map<PolicyResource, Links>();

    constructor(readonly resources: readonly PolicyResource[]) {
        for (const resource of resources) {
            const list = this.byType.get(resource.type) ?? [];
            list.push(resource);
            this.byType.set(resource.type, list);
        }
    }

    ofType(resourceClass: ResourceClass): readonly PolicyResource[] {
        const type = (resourceClass as unknown as { __pulumiType?: string }).__pulumiType;
        return type === undefined ? this.resources.filter((resource) => resource.isType(resourceClass)) : (this.byType.get(type) ?? []);
    }

    /** Dynamic resources that set a service principal's preferred token-signing key, known by their inputs. */
    preferredKeyActivations(): readonly PolicyResource[] {
        return this.resources.filter(
            (resource) =>
                isDynamicResourceType(resource.type) && "servicePrincipalObjectId" in resource.props && "thumbprint" in resource.props,
        );
    }

    /** AWS apps instantiated from the Single-Account Access template, with their service principals. */
    awsApps(): { readonly apps: readonly AwsApp[]; readonly undetermined?: Unknown } {
        if (this.appsCache !== undefined) {
            return this.appsCache;
        }
        const apps: AwsApp[] = [];
        let undetermined: Unknown | undefined;
        const candidates = [...this.ofType(azuread.ApplicationFromTemplate), ...this.ofType(azuread.Application)];
        for (const application of candidates) {
            const templateId = readKnown(() => application.props.templateId);
            if (!templateId.known) {
                undetermined ??= templateId;
                continue;
            }
            if (typeof templateId.value !== "string" || templateId.value.toLowerCase() !== AWS_SINGLE_ACCOUNT_TEMPLATE_ID) {
                continue;
            }
            const applicationTarget = { resource: application, idProperties: APPLICATION_ID_PROPERTIES };
            const servicePrincipals: PolicyResource[] = [];
            for (const servicePrincipal of this.ofType(azuread.ServicePrincipal)) {
                // The client id comes from the app (a lookup of its object id); the object id is the one
                // the template instantiated.
                const byClientId = refersTo(servicePrincipal, "clientId", applicationTarget);
                if (byClientId.known && byClientId.value) {
                    servicePrincipals.push(servicePrincipal);
                    continue;
                }
                const byObjectId = refersTo(servicePrincipal, "objectId", applicationTarget);
                if (byObjectId.known && byObjectId.value) {
                    servicePrincipals.push(servicePrincipal);
                } else if (!byClientId.known) {
                    undetermined ??= byClientId;
                } else if (!byObjectId.known) {
                    undetermined ??= byObjectId;
                }
            }
            apps.push({
                application,
                servicePrincipals,
                targets: [
                    applicationTarget,
                    ...servicePrincipals.map((resource) => ({ resource, idProperties: SERVICE_PRINCIPAL_ID_PROPERTIES })),
                ],
            });
        }
        this.appsCache = { apps, undetermined };
        return this.appsCache;
    }

    /** Resources of a type whose `property` names the app or one of its service principals. */
    attachedToApp(resourceClass: ResourceClass, property: string, app: AwsApp): Links {
        return referrers(this.ofType(resourceClass), property, app.targets);
    }

    /** The app's token-signing certificates. */
    signingCertificatesOf(app: AwsApp): Links {
        return cached(this.certificatesOfApp, app, () =>
            this.attachedToApp(azuread.ServicePrincipalTokenSigningCertificate, "servicePrincipalId", app),
        );
    }

    /** The claims mapping policies assigned to the app's service principal. */
    claimsPoliciesOf(app: AwsApp): Links {
        return cached(this.claimsPoliciesOfApp, app, () => this.findClaimsPolicies(app));
    }

    private findClaimsPolicies(app: AwsApp): Links {
        const assignments = this.attachedToApp(azuread.ServicePrincipalClaimsMappingPolicyAssignment, "servicePrincipalId", app);
        const policyTargets = this.ofType(azuread.ClaimsMappingPolicy).map((resource) => ({
            resource,
            idProperties: ["objectId", "id"],
        }));
        const policies: PolicyResource[] = [];
        let undetermined = assignments.undetermined;
        for (const assignment of assignments.resources) {
            const linked = referencedBy(assignment, "claimsMappingPolicyId", policyTargets);
            policies.push(...linked.resources.filter((policy) => !policies.includes(policy)));
            undetermined ??= linked.undetermined;
        }
        return { resources: policies, undetermined };
    }

    /** SAML providers of the stack, identified by ARN. */
    samlProviderTargets(): LinkTarget[] {
        return this.ofType(aws.iam.SamlProvider).map((resource) => ({ resource, idProperties: ["arn"] }));
    }

    /** SSO stacks this stack reads through stack references (team programs), with what they export. */
    ssoStackReferences(): SsoStackReferences {
        this.referencesCache ??= new SsoStackReferences(this.resources);
        return this.referencesCache;
    }

    /**
     * Roles that trust a SAML federation. A role whose trust policy is unknown (preview) still counts
     * when the engine recorded that its trust policy was computed from a SAML provider, or from the
     * outputs of a referenced SSO stack.
     */
    ssoRoles(): readonly SsoRole[] {
        this.ssoRolesCache ??= this.findSsoRoles();
        return this.ssoRolesCache;
    }

    private findSsoRoles(): SsoRole[] {
        const providers = this.ofType(aws.iam.SamlProvider);
        const result: SsoRole[] = [];
        for (const role of this.ofType(aws.iam.Role)) {
            const trust = readKnown(() => readSamlTrust(role.props.assumeRolePolicy));
            const computedFromFederation = () =>
                providers.some((provider) => dependsThrough(role, "assumeRolePolicy", provider)) ||
                this.ssoStackReferences().behind(role, "assumeRolePolicy").length > 0;
            if (trust.known ? trust.value.samlStatements.length > 0 : computedFromFederation()) {
                result.push({ role, trust });
            }
        }
        return result;
    }

    /** The certificates (of any AWS app) that a SAML provider's metadata was built from or contains. */
    certificatesInProviderMetadata(provider: PolicyResource): Links {
        return cached(this.certificatesOfProvider, provider, () => this.findCertificatesInMetadata(provider));
    }

    private findCertificatesInMetadata(provider: PolicyResource): Links {
        const certificates = this.ofType(azuread.ServicePrincipalTokenSigningCertificate);
        const found = certificates.filter((certificate) => dependsThrough(provider, "samlMetadataDocument", certificate));
        const metadata = readKnown(() => provider.props.samlMetadataDocument);
        if (!metadata.known) {
            return { resources: found, undetermined: metadata };
        }
        if (typeof metadata.value !== "string") {
            return { resources: found };
        }
        const inMetadata = readSamlMetadata(metadata.value).signingCertificates;
        let undetermined: Unknown | undefined;
        for (const certificate of certificates) {
            if (found.includes(certificate)) {
                continue;
            }
            const match = certificateMatchesAny(certificate, inMetadata);
            if (!match.known) {
                undetermined ??= match;
            } else if (match.value) {
                found.push(certificate);
            }
        }
        return { resources: found, undetermined };
    }
}

function cached<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
    let value = cache.get(key);
    if (value === undefined) {
        value = compute();
        cache.set(key, value);
    }
    return value;
}

/** True when a signing certificate resource (outputs `value`, `thumbprint`) is one of `candidates`. */
export function certificateMatchesAny(
    certificate: PolicyResource,
    candidates: readonly { readonly base64: string; readonly thumbprint?: string }[],
): MaybeKnown<boolean> {
    const value = readKnown(() => certificate.props.value);
    if (value.known && typeof value.value === "string" && value.value.length > 0) {
        const base64 = value.value.replace(/\s+/g, "");
        const thumbprint = certificateThumbprint(base64);
        return {
            known: true,
            value: candidates.some(
                (candidate) => candidate.base64 === base64 || (thumbprint !== undefined && candidate.thumbprint === thumbprint),
            ),
        };
    }
    const thumbprint = readKnown(() => certificate.props.thumbprint);
    if (thumbprint.known && typeof thumbprint.value === "string" && thumbprint.value.length > 0) {
        const wanted = thumbprint.value.replace(/[\s:]/g, "").toUpperCase();
        return { known: true, value: candidates.some((candidate) => candidate.thumbprint === wanted) };
    }
    if (!value.known) {
        return value;
    }
    return thumbprint.known ? { known: true, value: false } : thumbprint;
}

/** Thumbprints (upper-case hex) of certificate resources, skipping unknown ones. */
export function knownThumbprints(certificates: readonly PolicyResource[]): { thumbprints: string[]; undetermined?: Unknown } {
    const thumbprints: string[] = [];
    let undetermined: Unknown | undefined;
    for (const certificate of certificates) {
        const thumbprint = readKnown(() => stringsIn(certificate.props.thumbprint));
        if (thumbprint.known) {
            thumbprints.push(...thumbprint.value.map((value) => value.replace(/[\s:]/g, "").toUpperCase()));
        } else {
            undetermined ??= thumbprint;
        }
        const value = readKnown(() => certificate.props.value);
        if (value.known && typeof value.value === "string") {
            const computed = certificateThumbprint(value.value);
            if (computed !== undefined && !thumbprints.includes(computed)) {
                thumbprints.push(computed);
            }
        }
    }
    return { thumbprints, undetermined };
}

/** The certificates a preferred-key activation names, among `candidates`. */
export function activeCertificates(
    topology: FederationTopology,
    candidates: readonly PolicyResource[],
): { certificates: PolicyResource[]; undetermined?: Unknown } {
    const certificates: PolicyResource[] = [];
    let undetermined: Unknown | undefined;
    for (const activation of topology.preferredKeyActivations()) {
        const byDependency = candidates.filter((certificate) => dependsThrough(activation, "thumbprint", certificate));
        if (byDependency.length > 0) {
            certificates.push(...byDependency.filter((certificate) => !certificates.includes(certificate)));
            continue;
        }
        const thumbprint = readKnown(() => stringsIn(activation.props.thumbprint));
        if (!thumbprint.known) {
            undetermined ??= thumbprint;
            continue;
        }
        for (const certificate of candidates) {
            const value = readKnown(() => certificate.props.thumbprint);
            if (!value.known) {
                undetermined ??= value;
            } else if (
                typeof value.value === "string" &&
                thumbprint.value.some(
                    (wanted) => wanted.replace(/[\s:]/g, "").toUpperCase() === String(value.value).replace(/[\s:]/g, "").toUpperCase(),
                ) &&
                !certificates.includes(certificate)
            ) {
                certificates.push(certificate);
            }
        }
    }
    return { certificates, undetermined };
}
