import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, MaybeKnown, readKnown } from "../../framework/unknown-values";
import { FederationTopology } from "../../model/federation-topology";
import { dependenciesOf, dependsThrough, TargetIndex } from "../../model/resource-links";
import { ReferencedAccount } from "../../model/sso-stack-references";
import { readAppRoleValue } from "../../readers/aws-identifiers";
import { wildcardMatches } from "../../readers/iam-policy-document";

/** Splits an app role value into its role and provider ARNs, in either order, as AWS reads it. */
function appRoleTargets(value: string): { roleArn: string; providerArn: string } | undefined {
    const reading = readAppRoleValue(value);
    return reading.ok ? { roleArn: reading.roleArn, providerArn: reading.providerArn } : undefined;
}

/** Where an ARN an app role names is defined: a resource of this stack, or an account of a referenced SSO stack. */
type ArnOwner = { readonly resource: PolicyResource } | { readonly account: ReferencedAccount };

/** The owner of `arn`; unknown if it could be a resource or an export whose ARN is not known yet. */
function ownerOfArn(
    arn: string,
    index: TargetIndex,
    exported: MaybeKnown<ReferencedAccount | undefined>,
): MaybeKnown<ArnOwner | undefined> {
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
            description:
                "SAML provider ARNs (`*` wildcard) app roles may name although neither this stack nor a referenced SSO stack creates them.",
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
                const [provider, ...otherProviders] = dependenciesOf(appRole, "value").filter((resource) =>
                    resource.isType(aws.iam.SamlProvider),
                );
                if (
                    role !== undefined &&
                    provider !== undefined &&
                    otherRoles.length + otherProviders.length === 0 &&
                    dependsThrough(role, "assumeRolePolicy", provider)
                ) {
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
            const role = roleAllowed
                ? { known: true as const, value: undefined }
                : ownerOfArn(targets.roleArn, roles, references.roleAccount(targets.roleArn));
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
