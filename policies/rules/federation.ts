import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { Policies, PolicyResource } from "@pulumi/policy";
import { parseRoleArn, parseSamlProviderArn, readAppRoleValue } from "../readers/aws-identifiers";
import { readClaimsMappingPolicy, sessionDurationSeconds } from "../readers/claims-mapping-policy";
import { activeCertificates, AwsApp, certificateMatchesAny, FederationTopology, SsoRole } from "../model/federation-topology";
import { wildcardMatches } from "../readers/iam-policy-document";
import { defineStackPolicy } from "../framework/policy-definition";
import { dependenciesOf, dependsThrough, refersToAny, stringsIn, TargetIndex } from "../model/resource-links";
import { readSamlMetadata } from "../readers/saml-metadata";
import { ReferencedAccount, SsoStackReference, SsoStackReferences } from "../model/sso-stack-references";
import { DeferredUnknowns, MaybeKnown, readKnown, Unknown } from "../framework/unknown-values";

/** Rules that join both clouds: what Azure AD sends must be what AWS accepts. */

/** IAM's MaxSessionDuration when a role does not set one. */
const DEFAULT_MAX_SESSION_DURATION = 3600;

/** Which apps' users reach a role, and the unknown that may hide more. */
interface RoleReach {
    readonly apps: Set<AwsApp>;
    undetermined?: Unknown;
}

/** The identifiers an app role value names, in either order; none when AWS could not read it. */
function appRoleValueParts(value: string): string[] {
    const reading = readAppRoleValue(value);
    return reading.ok ? [reading.roleArn, reading.providerArn] : [];
}

/**
 * For every SSO role, the apps whose users reach it: through an app role whose value names the role,
 * or through a SAML provider the role trusts whose metadata holds the app's signing certificate.
 * Computed for the whole stack at once, with indexes, so large stacks stay linear.
 */
function appsReachingRoles(topology: FederationTopology, apps: readonly AwsApp[]): Map<PolicyResource, RoleReach> {
    const ssoRoles = topology.ssoRoles();
    const reach = new Map<PolicyResource, RoleReach>(ssoRoles.map(({ role }) => [role, { apps: new Set<AwsApp>() }]));
    const note = (role: PolicyResource, unknown: Unknown | undefined) => {
        const entry = reach.get(role);
        if (entry !== undefined && unknown !== undefined) {
            entry.undetermined ??= unknown;
        }
    };
    const appOfTarget = new Map<PolicyResource, AwsApp>();
    apps.forEach((app) => app.targets.forEach((target) => appOfTarget.set(target.resource, app)));
    const appIndex = new TargetIndex(apps.flatMap((app) => app.targets));
    const roleIndex = new TargetIndex(ssoRoles.map(({ role }) => ({ resource: role, idProperties: ["arn"] })));

    let everyRoleUndetermined: Unknown | undefined;
    for (const appRole of topology.ofType(azuread.ApplicationAppRole)) {
        const roles = roleIndex.resolve(appRole, "value", appRoleValueParts);
        const owners = appIndex.resolve(appRole, "applicationId");
        // An app role whose target is unknown might name any role.
        everyRoleUndetermined ??= roles.resources.length === 0 ? roles.undetermined : undefined;
        for (const role of roles.resources) {
            note(role, owners.undetermined);
            owners.resources.forEach((target) => reach.get(role)?.apps.add(appOfTarget.get(target) as AwsApp));
        }
    }

    const providers = topology.ofType(aws.iam.SamlProvider);
    const providerIndex = new TargetIndex(topology.samlProviderTargets());
    const appsOfProvider = new Map<PolicyResource, { apps: Set<AwsApp>; undetermined?: Unknown }>();
    for (const provider of providers) {
        const certificates = topology.certificatesInProviderMetadata(provider);
        const entry: { apps: Set<AwsApp>; undetermined?: Unknown } = { apps: new Set(), undetermined: certificates.undetermined };
        for (const app of apps) {
            const appCertificates = topology.signingCertificatesOf(app);
            entry.undetermined ??= appCertificates.undetermined;
            if (appCertificates.resources.some((certificate) => certificates.resources.includes(certificate))) {
                entry.apps.add(app);
            }
        }
        appsOfProvider.set(provider, entry);
    }
    for (const { role, trust } of ssoRoles) {
        const trusted = new Set(dependenciesOf(role, "assumeRolePolicy").filter((resource) => providers.includes(resource)));
        if (trust.known) {
            for (const arn of trust.value.providerArns) {
                const byArn = providerIndex.lookup(arn);
                byArn.resources.forEach((provider) => trusted.add(provider));
                note(role, byArn.undetermined);
            }
        } else if (trusted.size === 0) {
            note(role, trust);
        }
        for (const provider of trusted) {
            const entry = appsOfProvider.get(provider);
            entry?.apps.forEach((app) => reach.get(role)?.apps.add(app));
            note(role, entry?.undetermined);
        }
        note(role, everyRoleUndetermined);
    }
    return reach;
}

/**
 * The referenced SSO stacks whose exported SAML providers a role trusts (a team program's roles), with
 * those provider ARNs: every app of such a stack sends its SessionDuration, and the trust alone
 * decides that its users reach the role.
 */
function referencedStacksTrustedBy(ssoRole: SsoRole, references: SsoStackReferences): { stacks: Map<SsoStackReference, string[]>; undetermined?: Unknown } {
    const stacks = new Map<SsoStackReference, string[]>();
    if (!ssoRole.trust.known) {
        return { stacks, undetermined: references.behind(ssoRole.role, "assumeRolePolicy").length > 0 ? ssoRole.trust : undefined };
    }
    let undetermined: Unknown | undefined;
    for (const arn of ssoRole.trust.value.providerArns) {
        const account = references.providerAccount(arn);
        if (!account.known) {
            undetermined ??= account;
        } else if (account.value !== undefined) {
            stacks.set(account.value.stack, [...(stacks.get(account.value.stack) ?? []), arn]);
        }
    }
    return { stacks, undetermined };
}

export const sessionDurationPolicy = defineStackPolicy({
    name: "federation-role-session-covers-claim",
    description:
        "Each SAML role's maxSessionDuration is at least the SessionDuration that the Azure AD app signing in to it sends, also when that app is in a referenced SSO stack.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Raise the role's maxSessionDuration to at least the SessionDuration constant of the app's claims mapping policy (or lower that constant); for a role trusting a SAML provider of a referenced SSO stack, to at least that stack's `sessionDuration` output. STS rejects a SAML sign-in that asks for a longer session than the role allows.",
    config: {},
    validateStack: (args, reportViolation) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const { apps, undetermined } = topology.awsApps();
        deferred.defer(undetermined);
        const sentDurations = new Map<AwsApp, { seconds: number; policy: PolicyResource }>();
        for (const app of apps) {
            deferred.run(() => {
                const policies = topology.claimsPoliciesOf(app);
                deferred.defer(policies.undetermined);
                for (const policy of policies.resources) {
                    const seconds = sessionDurationSeconds(readClaimsMappingPolicy(policy.props.definitions));
                    const current = sentDurations.get(app);
                    if (seconds !== undefined && (current === undefined || seconds > current.seconds)) {
                        sentDurations.set(app, { seconds, policy });
                    }
                }
            });
        }
        const reach = appsReachingRoles(topology, apps);
        const references = topology.ssoStackReferences();
        deferred.defer(references.undetermined);
        for (const ssoRole of topology.ssoRoles()) {
            deferred.run(() => {
                const configured: unknown = ssoRole.role.props.maxSessionDuration;
                const maxSession = typeof configured === "number" ? configured : DEFAULT_MAX_SESSION_DURATION;
                const linked = reach.get(ssoRole.role) ?? { apps: new Set<AwsApp>() };
                for (const app of linked.apps) {
                    const sent = sentDurations.get(app);
                    if (sent !== undefined && sent.seconds > maxSession) {
                        reportViolation(
                            `Role ${ssoRole.role.name} allows sessions of at most ${maxSession}s, but AWS app ${app.application.name} sends SessionDuration ${sent.seconds}s (claims mapping policy ${sent.policy.name}); sign-in to this role fails.`,
                            ssoRole.role.urn,
                        );
                    }
                }
                const referenced = referencedStacksTrustedBy(ssoRole, references);
                let undetermined = linked.undetermined ?? referenced.undetermined;
                for (const [stack, providerArns] of referenced.stacks) {
                    const sent = stack.sessionDuration;
                    if (!sent.known) {
                        undetermined ??= sent;
                    } else if (sent.value !== undefined && sent.value > maxSession) {
                        reportViolation(
                            `Role ${ssoRole.role.name} allows sessions of at most ${maxSession}s, but the apps of stack reference ${stack.label} send SessionDuration ${sent.value}s to its SAML provider ${providerArns.join(", ")}; sign-in to this role fails.`,
                            ssoRole.role.urn,
                        );
                    }
                }
                if (undetermined !== undefined) {
                    throw undetermined.error;
                }
            });
        }
        deferred.finish();
    },
});

/** Splits an app role value into its role and provider ARNs, in either order, as AWS reads it. */
function appRoleTargets(value: string): { roleArn: string; providerArn: string } | undefined {
    const reading = readAppRoleValue(value);
    return reading.ok ? { roleArn: reading.roleArn, providerArn: reading.providerArn } : undefined;
}

/** Where an ARN an app role names is defined: a resource of this stack, or an account of a referenced SSO stack. */
type ArnOwner = { readonly resource: PolicyResource } | { readonly account: ReferencedAccount };

/** The owner of `arn`; unknown if it could be a resource or an export whose ARN is not known yet. */
function ownerOfArn(arn: string, index: TargetIndex, exported: MaybeKnown<ReferencedAccount | undefined>): MaybeKnown<ArnOwner | undefined> {
    const found = index.lookup(arn);
    if (found.resources.length > 0) {
        return { known: true, value: { resource: found.resources[0] } };
    }
    if (exported.known && exported.value !== undefined) {
        return { known: true, value: { account: exported.value } };
    }
    return found.undetermined ?? (exported.known ? { known: true, value: undefined } : exported);
}

export const appRoleTargetsPolicy = defineStackPolicy({
    name: "federation-app-role-targets-stack",
    description:
        "Every app role of an AWS app names a role and a SAML provider of this stack or of a referenced SSO stack (or allow-listed ones), and that role trusts that provider.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Build app role values from the `arn` outputs of the stack's aws.iam.Role and aws.iam.SamlProvider, or from the `accounts.<name>.roles.<role>.arn` and `samlProviderArn` outputs of the SSO stack you reference. For roles or providers managed by another stack, add their ARNs to allowedRoleArns or allowedProviderArns.",
    config: {
        allowedRoleArns: {
            type: "array",
            description: "Role ARNs (`*` wildcard) app roles may name although neither this stack nor a referenced SSO stack creates them.",
            default: [],
            items: { type: "string", pattern: "^arn:" },
            uniqueItems: true,
        },
        allowedProviderArns: {
            type: "array",
            description: "SAML provider ARNs (`*` wildcard) app roles may name although neither this stack nor a referenced SSO stack creates them.",
            default: [],
            items: { type: "string", pattern: "^arn:" },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const roles = new TargetIndex(topology.ofType(aws.iam.Role).map((resource) => ({ resource, idProperties: ["arn"] })));
        const providers = new TargetIndex(topology.samlProviderTargets());
        const references = topology.ssoStackReferences();
        const trustOfRole = new Map(topology.ssoRoles().map(({ role, trust }) => [role, trust]));
        const trustsProvider = (owner: ArnOwner, providerArn: string): boolean => {
            if ("account" in owner) {
                // The SSO stack's roles trust the SAML provider of their own account.
                return owner.account.samlProviderArn === undefined || owner.account.samlProviderArn === providerArn;
            }
            const trust = trustOfRole.get(owner.resource);
            if (trust !== undefined && !trust.known) {
                throw trust.error;
            }
            return trust !== undefined && trust.value.providerArns.includes(providerArn);
        };
        const checkAppRole = (appRole: PolicyResource, appName: string): void => {
            const known = readKnown(() => appRole.props.value);
            if (!known.known) {
                // In preview the value is computed from the role and provider ARNs: the engine's
                // dependencies already say which ones, and whether the role's trust uses that provider.
                const [role, ...otherRoles] = dependenciesOf(appRole, "value").filter((resource) => resource.isType(aws.iam.Role));
                const [provider, ...otherProviders] = dependenciesOf(appRole, "value").filter((resource) => resource.isType(aws.iam.SamlProvider));
                if (role !== undefined && provider !== undefined && otherRoles.length + otherProviders.length === 0 && dependsThrough(role, "assumeRolePolicy", provider)) {
                    return;
                }
                throw known.error;
            }
            const value: unknown = known.value;
            const targets = typeof value === "string" ? appRoleTargets(value) : undefined;
            if (targets === undefined) {
                if (typeof value !== "string" || !/arn:/i.test(value)) {
                    reportViolation(
                        `App role ${appRole.name} of AWS app ${appName} has value ${JSON.stringify(value) ?? "unset"}, which names no IAM role and SAML provider.`,
                        appRole.urn,
                    );
                }
                return; // Malformed ARNs are reported by azuread-aws-app-role-value.
            }
            const roleAllowed = config.allowedRoleArns.some((pattern) => wildcardMatches(pattern, targets.roleArn));
            const providerAllowed = config.allowedProviderArns.some((pattern) => wildcardMatches(pattern, targets.providerArn));
            const role = roleAllowed ? { known: true as const, value: undefined } : ownerOfArn(targets.roleArn, roles, references.roleAccount(targets.roleArn));
            const provider = providerAllowed
                ? { known: true as const, value: undefined }
                : ownerOfArn(targets.providerArn, providers, references.providerAccount(targets.providerArn));
            if (!role.known) {
                throw role.error;
            }
            if (!provider.known) {
                throw provider.error;
            }
            if (role.value === undefined && !roleAllowed) {
                reportViolation(
                    `App role ${appRole.name} names ${targets.roleArn}, which is not a role of this stack or of a referenced SSO stack, nor in allowedRoleArns.`,
                    appRole.urn,
                );
            }
            if (provider.value === undefined && !providerAllowed) {
                reportViolation(
                    `App role ${appRole.name} names ${targets.providerArn}, which is not a SAML provider of this stack or of a referenced SSO stack, nor in allowedProviderArns.`,
                    appRole.urn,
                );
            }
            if (role.value !== undefined && !trustsProvider(role.value, targets.providerArn)) {
                reportViolation(
                    `App role ${appRole.name} pairs role ${targets.roleArn} with provider ${targets.providerArn}, but the role does not trust that provider; STS refuses the sign-in.`,
                    appRole.urn,
                );
            }
        };

        const { apps, undetermined } = topology.awsApps();
        deferred.defer(undetermined);
        const checked = new Set<PolicyResource>();
        for (const app of apps) {
            const appRoles = topology.attachedToApp(azuread.ApplicationAppRole, "applicationId", app);
            deferred.defer(appRoles.undetermined);
            for (const appRole of appRoles.resources) {
                checked.add(appRole);
                deferred.run(() => checkAppRole(appRole, app.application.name));
            }
        }
        // Team programs add app roles to the gallery apps of the SSO stack they reference.
        for (const appRole of topology.ofType(azuread.ApplicationAppRole).filter((candidate) => !checked.has(candidate))) {
            deferred.run(() => {
                const applicationId = readKnown(() => appRole.props.applicationId);
                if (!applicationId.known) {
                    if (references.behind(appRole, "applicationId").length > 0) {
                        throw applicationId.error;
                    }
                    return; // An app of this stack, whose join above already deferred.
                }
                const account = typeof applicationId.value === "string" ? references.applicationAccount(applicationId.value) : undefined;
                if (account !== undefined && !account.known) {
                    throw account.error;
                }
                if (account?.value !== undefined) {
                    checkAppRole(appRole, `${account.value.name} of stack reference ${account.value.stack.label}`);
                }
            });
        }
        deferred.finish();
    },
});

const REQUIRED_CREDENTIAL_KEYS = ["ClientSecret", "SecretToken"];
const AWS_PROVISIONING_TEMPLATE_ID = "aws";

export const provisioningPolicy = defineStackPolicy({
    name: "federation-role-import-provisioning",
    description:
        "Role import for an AWS app uses synchronization template aws and one secret with ClientSecret and SecretToken taken from the stack's role-import reader access key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Give each AWS app one azuread.SynchronizationSecret with credentials [{key: "ClientSecret", value: <access key id>}, {key: "SecretToken", value: <secret access key>}] from the aws.iam.AccessKey of the role-reader IAM user, and one azuread.SynchronizationJob with templateId "aws".',
    config: {
        requireProvisioning: {
            type: "boolean",
            description: "Require role import (a synchronization job) for every AWS app.",
            default: false,
        },
        allowExternalCredentials: {
            type: "boolean",
            description: "Accept credentials that do not come from an aws.iam.AccessKey of this stack.",
            default: false,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const accessKeys = topology.ofType(aws.iam.AccessKey);
        const userTargets = topology.ofType(aws.iam.User).map((resource) => ({ resource, idProperties: ["name", "arn"] }));
        const { apps, undetermined } = topology.awsApps();
        deferred.defer(undetermined);
        for (const app of apps) {
            deferred.run(() => {
                const secrets = topology.attachedToApp(azuread.SynchronizationSecret, "servicePrincipalId", app);
                const jobs = topology.attachedToApp(azuread.SynchronizationJob, "servicePrincipalId", app);
                const where = app.servicePrincipals[0] ?? app.application;
                if (jobs.resources.length === 0 && secrets.resources.length === 0) {
                    if (jobs.undetermined !== undefined || secrets.undetermined !== undefined) {
                        throw (jobs.undetermined ?? secrets.undetermined)?.error;
                    }
                    if (config.requireProvisioning) {
                        reportViolation(`AWS app ${app.application.name} has no role import (azuread.SynchronizationJob).`, where.urn);
                    }
                    return;
                }
                for (const job of jobs.resources) {
                    deferred.run(() => {
                        const templateId: unknown = job.props.templateId;
                        if (templateId !== AWS_PROVISIONING_TEMPLATE_ID) {
                            reportViolation(`Synchronization job ${job.name} uses template ${JSON.stringify(templateId)}; AWS role import is template "aws".`, job.urn);
                        }
                    });
                }
                if (jobs.resources.length > 0 && secrets.resources.length === 0 && secrets.undetermined === undefined) {
                    reportViolation(`AWS app ${app.application.name} runs role import without an azuread.SynchronizationSecret.`, where.urn);
                }
                if (secrets.resources.length > 1) {
                    reportViolation(
                        `AWS app ${app.application.name} has ${secrets.resources.length} synchronization secrets; the app holds one credential set.`,
                        secrets.resources[1].urn,
                    );
                }
                for (const secret of secrets.resources) {
                    deferred.run(() => checkSecretKeys(secret, reportViolation));
                    if (!config.allowExternalCredentials) {
                        deferred.run(() => checkCredentialSource(secret, accessKeys, userTargets, reportViolation));
                    }
                }
            });
        }
        deferred.finish();
    },
});

function checkSecretKeys(secret: PolicyResource, reportViolation: (message: string, urn?: string) => void): void {
    const credentials: unknown = secret.props.credentials;
    const entries = Array.isArray(credentials) ? credentials : [];
    const keys: string[] = [];
    for (const entry of entries) {
        const record = typeof entry === "object" && entry !== null ? (entry as { key?: unknown; value?: unknown }) : {};
        if (typeof record.key !== "string") {
            reportViolation(`Synchronization secret ${secret.name} has a credential without a key.`, secret.urn);
            continue;
        }
        keys.push(record.key);
        if (!REQUIRED_CREDENTIAL_KEYS.includes(record.key)) {
            reportViolation(`Synchronization secret ${secret.name} has key ${JSON.stringify(record.key)}; AWS role import reads only ${REQUIRED_CREDENTIAL_KEYS.join(" and ")}.`, secret.urn);
        }
        const value = record.value;
        if (typeof value !== "string" || value.trim() === "") {
            reportViolation(`Synchronization secret ${secret.name} has an empty value for ${record.key}.`, secret.urn);
        }
    }
    for (const required of REQUIRED_CREDENTIAL_KEYS) {
        const count = keys.filter((key) => key === required).length;
        if (count !== 1) {
            reportViolation(
                `Synchronization secret ${secret.name} has ${count} ${required} credential(s); it needs exactly one (ClientSecret is the access key id, SecretToken the secret access key).`,
                secret.urn,
            );
        }
    }
}

function checkCredentialSource(
    secret: PolicyResource,
    accessKeys: readonly PolicyResource[],
    userTargets: readonly { resource: PolicyResource; idProperties: readonly string[] }[],
    reportViolation: (message: string, urn?: string) => void,
): void {
    let keys = dependenciesOf(secret, "credentials").filter((resource) => resource.isType(aws.iam.AccessKey));
    if (keys.length === 0) {
        // No recorded dependency: match the secret access key by value.
        const credentials: unknown = secret.props.credentials;
        const secretToken = (Array.isArray(credentials) ? credentials : []).find(
            (entry) => typeof entry === "object" && entry !== null && (entry as { key?: unknown }).key === "SecretToken",
        ) as { value?: unknown } | undefined;
        keys = accessKeys.filter((key) => {
            const value = readKnown(() => key.props.secret);
            if (!value.known) {
                throw value.error;
            }
            return secretToken !== undefined && typeof value.value === "string" && value.value === secretToken.value;
        });
    }
    if (keys.length === 0) {
        reportViolation(
            `Synchronization secret ${secret.name} holds credentials that do not come from an aws.iam.AccessKey of this stack; use the role-import reader's key.`,
            secret.urn,
        );
        return;
    }
    for (const key of keys) {
        const owner = refersToAny(key, "user", userTargets);
        if (!owner.known) {
            throw owner.error;
        }
        if (!owner.value) {
            reportViolation(
                `Synchronization secret ${secret.name} uses access key ${key.name}, whose user is not an IAM user of this stack (the role-import reader).`,
                secret.urn,
            );
        }
    }
}

/**
 * The AWS apps whose app roles name each SAML provider of the stack: those are the apps that send
 * assertions to it, so its metadata must carry their certificates. Joined by recorded dependency, else
 * by the provider ARN in the value (either order).
 */
function appsNamingProviders(topology: FederationTopology, apps: readonly AwsApp[]): { owners: Map<PolicyResource, Set<AwsApp>>; undetermined?: Unknown } {
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
                const expected = [...appCertificates.keys()].filter((certificate) => ownerApps.has(appCertificates.get(certificate) as AwsApp));
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
    const weaker = "no app role of this stack names this provider, so only its certificates' presence among the stack's Azure certificates could be checked, not which app they belong to";
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
    const relevant = fromDependencies.length > 0 ? candidates : candidates.filter((certificate) => matchedApps.has(appCertificates.get(certificate)));
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

export const federationPolicies: Policies = [sessionDurationPolicy, appRoleTargetsPolicy, provisioningPolicy, metadataCertificatePolicy];
