import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, readKnown, Unknown } from "../../framework/unknown-values";
import { activeCertificates, AwsApp, certificateMatchesAny, FederationTopology } from "../../model/federation-topology";
import { dependenciesOf, dependsThrough, TargetIndex } from "../../model/resource-links";
import { readAppRoleValue } from "../../readers/aws-identifiers";
import { readSamlMetadata } from "../../readers/saml-metadata";

/**
 * The AWS apps whose app roles name each SAML provider of the stack: those are the apps that send
 * assertions to it, so its metadata must carry their certificates. Joined by recorded dependency, else
 * by the provider ARN in the value (either order).
 */
function appsNamingProviders(
    topology: FederationTopology,
    apps: readonly AwsApp[],
): { owners: Map<PolicyResource, Set<AwsApp>>; undetermined?: Unknown } {
    const providers = topology.ofType(aws.iam.SamlProvider);
    const owners = new Map<PolicyResource, Set<AwsApp>>(providers.map((provider) => [provider, new Set<AwsApp>()]));
    const providerIndex = new TargetIndex(topology.samlProviderTargets());
    let undetermined: Unknown | undefined;
    for (const app of apps) {
        const appRoles = topology.attachedToApp(azuread.ApplicationAppRole, "applicationId", app);
        undetermined ??= appRoles.undetermined;
        for (const appRole of appRoles.resources) {
            const named = new Set(dependenciesOf(appRole, "value").filter((resource) => providers.includes(resource)));
            const value = readKnown(() => appRole.props.value);
            if (!value.known) {
                if (named.size === 0) {
                    undetermined ??= value;
                }
            } else if (typeof value.value === "string") {
                const reading = readAppRoleValue(value.value);
                if (reading.ok) {
                    const byArn = providerIndex.lookup(reading.providerArn);
                    byArn.resources.forEach((provider) => named.add(provider));
                    if (byArn.resources.length === 0 && named.size === 0) {
                        undetermined ??= byArn.undetermined;
                    }
                }
            }
            named.forEach((provider) => owners.get(provider)?.add(app));
        }
    }
    return { owners, undetermined };
}

export const metadataCertificatePolicy = defineStackPolicy({
    name: "federation-saml-metadata-matches-azure-certificate",
    description:
        "Each SAML provider's metadata carries the signing certificates, the active one included, of the Azure AD apps whose app roles name it, and no other app's.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Build each account's SAML provider metadata from the `value` outputs of that account's own azuread.ServicePrincipalTokenSigningCertificate resources, including the one activated as preferred key. A certificate of another gallery-app instance makes STS answer \"Response signature invalid\" for this app's users, and lets the provider accept what the other app signs.",
    config: {},
    validateStack: (args, reportViolation) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const { apps, undetermined } = topology.awsApps();
        deferred.defer(undetermined);
        const appCertificates = new Map<PolicyResource, AwsApp>();
        for (const app of apps) {
            const certificates = topology.signingCertificatesOf(app);
            deferred.defer(certificates.undetermined);
            certificates.resources.forEach((certificate) => appCertificates.set(certificate, app));
        }
        const { owners, undetermined: ownersUndetermined } = appsNamingProviders(topology, apps);
        const appNames = (set: Iterable<AwsApp>) => [...set].map((app) => app.application.name).join(", ");
        for (const provider of topology.ofType(aws.iam.SamlProvider)) {
            deferred.run(() => {
                const document: unknown = provider.props.samlMetadataDocument;
                if (typeof document !== "string") {
                    return; // aws-saml-provider-metadata reports it.
                }
                const ownerApps = owners.get(provider) ?? new Set<AwsApp>();
                if (ownerApps.size === 0) {
                    if (ownersUndetermined !== undefined) {
                        throw ownersUndetermined.error;
                    }
                    checkAgainstEveryCertificate(topology, provider, document, appCertificates, reportViolation);
                    return;
                }
                // What the XML holds decides; a certificate whose value is not known yet counts when the
                // metadata was computed from it.
                const inXml = readSamlMetadata(document).signingCertificates;
                let unknown: Unknown | undefined;
                const inMetadata: PolicyResource[] = [];
                for (const certificate of appCertificates.keys()) {
                    const match = certificateMatchesAny(certificate, inXml);
                    if (!match.known) {
                        unknown ??= match;
                    }
                    if (match.known ? match.value : dependsThrough(provider, "samlMetadataDocument", certificate)) {
                        inMetadata.push(certificate);
                    }
                }
                const expected = [...appCertificates.keys()].filter((certificate) =>
                    ownerApps.has(appCertificates.get(certificate) as AwsApp),
                );
                const carried = expected.filter((certificate) => inMetadata.includes(certificate));
                for (const certificate of inMetadata) {
                    const otherApp = appCertificates.get(certificate) as AwsApp;
                    if (!ownerApps.has(otherApp)) {
                        reportViolation(
                            `SAML provider ${provider.name} metadata carries signing certificate ${certificate.name} of AWS app ${otherApp.application.name}, but the app roles naming this provider belong to AWS app ${appNames(ownerApps)}; STS rejects ${appNames(ownerApps)}'s assertions ("Response signature invalid") and would accept ones ${otherApp.application.name} signs.`,
                            provider.urn,
                        );
                    }
                }
                const active = activeCertificates(topology, expected);
                const missingActive = active.certificates.filter((certificate) => !inMetadata.includes(certificate));
                unknown ??= active.undetermined;
                if (carried.length === 0 && unknown === undefined) {
                    reportViolation(
                        `SAML provider ${provider.name} metadata contains none of the signing certificates of AWS app ${appNames(ownerApps)} (${expected.map((certificate) => certificate.name).join(", ") || "none declared"}), whose app roles name it; STS will reject every assertion with "Response signature invalid".`,
                        provider.urn,
                    );
                } else if (missingActive.length > 0 && (carried.length > 0 || unknown === undefined)) {
                    reportViolation(
                        `SAML provider ${provider.name} metadata lacks the active signing certificate ${missingActive.map((certificate) => certificate.name).join(", ")} of AWS app ${appNames(ownerApps)}; assertions signed with it are rejected.`,
                        provider.urn,
                    );
                }
                if (unknown !== undefined) {
                    throw unknown.error;
                }
            });
        }
        deferred.finish();
    },
});

/**
 * The weaker check for a provider no app role of this stack names (a team's, or one whose app lives in
 * another stack): its metadata holds some Azure certificate of the stack, the active one of that app included.
 */
function checkAgainstEveryCertificate(
    topology: FederationTopology,
    provider: PolicyResource,
    document: string,
    appCertificates: ReadonlyMap<PolicyResource, AwsApp>,
    reportViolation: (message: string, urn?: string) => void,
): void {
    const weaker =
        "no app role of this stack names this provider, so only its certificates' presence among the stack's Azure certificates could be checked, not which app they belong to";
    const fromDependencies = topology
        .ofType(azuread.ServicePrincipalTokenSigningCertificate)
        .filter((certificate) => dependsThrough(provider, "samlMetadataDocument", certificate));
    const candidates = fromDependencies.length > 0 ? fromDependencies : [...appCertificates.keys()];
    if (candidates.length === 0) {
        return; // No Azure certificate in this stack to compare with.
    }
    const inMetadata = readSamlMetadata(document).signingCertificates;
    const matched: PolicyResource[] = [];
    let unknown: Unknown | undefined;
    for (const certificate of candidates) {
        const match = certificateMatchesAny(certificate, inMetadata);
        if (!match.known) {
            unknown ??= match;
        } else if (match.value) {
            matched.push(certificate);
        }
    }
    // Without recorded dependencies, the provider belongs to the apps whose certificates it holds.
    const matchedApps = new Set(matched.map((certificate) => appCertificates.get(certificate)));
    const relevant =
        fromDependencies.length > 0 ? candidates : candidates.filter((certificate) => matchedApps.has(appCertificates.get(certificate)));
    const active = activeCertificates(topology, relevant);
    unknown ??= active.undetermined;
    const missingActive = active.certificates.filter((certificate) => !matched.includes(certificate));
    if (matched.length === 0 && unknown === undefined) {
        reportViolation(
            `SAML provider ${provider.name} metadata contains none of the Azure AD signing certificates (${candidates.map((certificate) => certificate.name).join(", ")}); STS will reject every assertion with "Response signature invalid" (${weaker}).`,
            provider.urn,
        );
    } else if (missingActive.length > 0 && (matched.length > 0 || unknown === undefined)) {
        reportViolation(
            `SAML provider ${provider.name} metadata lacks the active Azure AD signing certificate ${missingActive.map((certificate) => certificate.name).join(", ")}; assertions signed with it are rejected (${weaker}).`,
            provider.urn,
        );
    }
    if (unknown !== undefined) {
        throw unknown.error;
    }
}
