import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, Unknown } from "../../framework/unknown-values";
import { AwsApp, FederationTopology, SsoRole } from "../../model/federation-topology";
import { dependenciesOf, TargetIndex } from "../../model/resource-links";
import { SsoStackReference, SsoStackReferences } from "../../model/sso-stack-references";
import { readAppRoleValue } from "../../readers/aws-identifiers";
import { readClaimsMappingPolicy, sessionDurationSeconds } from "../../readers/claims-mapping-policy";
import { DEFAULT_ROLE_MAX_SESSION_DURATION } from "../../vocabulary/sts-limits";

const DEFAULT_MAX_SESSION_DURATION = DEFAULT_ROLE_MAX_SESSION_DURATION;

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
function referencedStacksTrustedBy(
    ssoRole: SsoRole,
    references: SsoStackReferences,
): { stacks: Map<SsoStackReference, string[]>; undetermined?: Unknown } {
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
