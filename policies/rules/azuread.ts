import * as azuread from "@pulumi/azuread";
import { Policies, PolicyResource, ReportViolation } from "@pulumi/policy";
import { isAwsSignInIdentifierUri, mentionsAwsSignIn, parseRoleArn, parseSamlProviderArn, readAppRoleValue } from "../readers/aws-identifiers";
import {
    AWS_ROLE_ATTRIBUTE,
    AWS_ROLE_SESSION_NAME_ATTRIBUTE,
    AWS_SAML_ATTRIBUTE_PREFIX,
    AWS_SESSION_DURATION_ATTRIBUTE,
    ClaimsSchemaEntry,
    isKnownAwsAttribute,
    mentionsAwsSamlAttributes,
    readClaimsMappingPolicy,
} from "../readers/claims-mapping-policy";
import {
    activeCertificates,
    AWS_IDENTITY_CENTER_TEMPLATE_ID,
    AWS_SINGLE_ACCOUNT_TEMPLATE_ID,
    AwsApp,
    FederationTopology,
    knownThumbprints,
} from "../model/federation-topology";
import { wildcardMatches } from "../readers/iam-policy-document";
import { defineResourcePolicy, defineStackPolicy } from "../framework/policy-definition";
import { dependsThrough, refersToAny, stackOfUrn, stringsIn } from "../model/resource-links";
import { DeferredUnknowns, readKnown } from "../framework/unknown-values";

/** Azure AD side of the federation: the gallery app, its service principal, claims and certificates. */

/** Type token of this package's Identity Center app component, whose instance of the Identity Center template is intended. */
const IDENTITY_CENTER_APP_COMPONENT = "azuread-aws-sso:identity-center:IdentityCenterApp";

export const galleryTemplatePolicy = defineResourcePolicy({
    name: "azuread-aws-app-from-gallery-template",
    description: "AWS SAML apps are instances of the AWS Single-Account Access gallery template, not custom apps, and the IAM Identity Center template only in the identityCenter block.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `Create the app with azuread.ApplicationFromTemplate and templateId ${AWS_SINGLE_ACCOUNT_TEMPLATE_ID} ("AWS Single-Account Access"), as the Microsoft tutorial does; the gallery app carries the AWS claims and role-import connector. Use the IAM Identity Center template only for IAM Identity Center.`,
    config: {
        allowedTemplateIds: {
            type: "array",
            description: "Gallery template ids accepted for AWS SAML apps.",
            default: [AWS_SINGLE_ACCOUNT_TEMPLATE_ID],
            items: { type: "string", pattern: "^[0-9a-fA-F-]{36}$" },
            uniqueItems: true,
            minItems: 1,
        },
    },
    validateResource: (on) => {
        const allowedTemplate = (templateId: unknown, allowed: readonly string[]) =>
            typeof templateId === "string" && allowed.some((id) => id.toLowerCase() === templateId.toLowerCase());
        return [
            on(azuread.ApplicationFromTemplate, (application, args, reportViolation, config) => {
                const templateId: unknown = application.templateId;
                // The Identity Center block's own app is the one place that template belongs (its URN names the component).
                const inIdentityCenterBlock = (args.urn ?? "").includes(`${IDENTITY_CENTER_APP_COMPONENT}$`);
                if (
                    typeof templateId === "string" &&
                    templateId.toLowerCase() === AWS_IDENTITY_CENTER_TEMPLATE_ID &&
                    !inIdentityCenterBlock &&
                    !allowedTemplate(templateId, config.allowedTemplateIds)
                ) {
                    reportViolation(
                        `Template ${templateId} is the IAM Identity Center app; SAML federation to IAM roles uses ${AWS_SINGLE_ACCOUNT_TEMPLATE_ID} (AWS Single-Account Access).`,
                    );
                }
            }),
            on(azuread.Application, (application, args, reportViolation, config) => {
                const deferred = new DeferredUnknowns();
                let awsUris: string[] = [];
                deferred.run(() => {
                    awsUris = [...awsUris, ...stringsIn(application.identifierUris).filter(mentionsAwsSignIn)];
                });
                deferred.run(() => {
                    const web: unknown = application.web;
                    const redirectUris = web !== null && typeof web === "object" ? (web as { redirectUris?: unknown }).redirectUris : undefined;
                    awsUris = [...awsUris, ...stringsIn(redirectUris).filter(mentionsAwsSignIn)];
                });
                if (awsUris.length > 0) {
                    deferred.run(() => {
                        if (!allowedTemplate(application.templateId, config.allowedTemplateIds)) {
                            reportViolation(
                                `This custom application points at AWS sign-in (${awsUris.join(", ")}); create AWS SAML apps from the gallery template ${AWS_SINGLE_ACCOUNT_TEMPLATE_ID}.`,
                            );
                        }
                    });
                }
                deferred.finish();
            }),
        ];
    },
});

/** Runs a check per AWS app, deferring unknowns, after noting any unknown met while finding the apps. */
function forEachAwsApp(topology: FederationTopology, deferred: DeferredUnknowns, check: (app: AwsApp) => void): void {
    const { apps, undetermined } = topology.awsApps();
    deferred.defer(undetermined);
    for (const app of apps) {
        deferred.run(() => check(app));
    }
}

export const servicePrincipalSsoPolicy = defineStackPolicy({
    name: "azuread-aws-service-principal-sso",
    description: "Every AWS app's service principal uses SAML single sign-on and requires an app role assignment.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        'Adopt the template\'s service principal with azuread.ServicePrincipal { clientId, useExisting: true, preferredSingleSignOnMode: "saml", appRoleAssignmentRequired: true }. Without assignment required, every user of the tenant can request an AWS assertion.',
    config: {},
    validateStack: (args, reportViolation) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            if (app.servicePrincipals.length === 0) {
                reportViolation(
                    `AWS app ${app.application.name} has no azuread.ServicePrincipal (useExisting: true) that configures its service principal for SAML.`,
                    app.application.urn,
                );
            }
            for (const servicePrincipal of app.servicePrincipals) {
                deferred.run(() => {
                    const mode: unknown = servicePrincipal.props.preferredSingleSignOnMode;
                    if (mode !== "saml") {
                        reportViolation(
                            `Service principal ${servicePrincipal.name} has preferredSingleSignOnMode ${JSON.stringify(mode) ?? "unset"}; AWS sign-in needs "saml".`,
                            servicePrincipal.urn,
                        );
                    }
                });
                deferred.run(() => {
                    if (servicePrincipal.props.appRoleAssignmentRequired !== true) {
                        reportViolation(
                            `Service principal ${servicePrincipal.name} does not set appRoleAssignmentRequired: true, so any user of the tenant can sign in to AWS.`,
                            servicePrincipal.urn,
                        );
                    }
                });
            }
        });
        deferred.finish();
    },
});

export const notificationEmailPolicy = defineStackPolicy({
    name: "azuread-aws-service-principal-notification-email",
    description: "Every AWS app's service principal names at least one address that receives signing-certificate expiry notices.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Set notificationEmailAddresses on the azuread.ServicePrincipal to a monitored team mailbox; Azure warns there before the token-signing certificate expires and sign-in breaks.",
    config: {
        minimumAddresses: { type: "integer", description: "Fewest notification addresses per service principal.", default: 1, minimum: 1 },
        allowedDomains: {
            type: "array",
            description: "When set, every address must be in one of these domains (`*` wildcard).",
            default: [],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            for (const servicePrincipal of app.servicePrincipals) {
                deferred.run(() => {
                    const addresses = stringsIn(servicePrincipal.props.notificationEmailAddresses);
                    if (addresses.length < config.minimumAddresses) {
                        reportViolation(
                            `Service principal ${servicePrincipal.name} has ${addresses.length} notification address(es); at least ${config.minimumAddresses} required.`,
                            servicePrincipal.urn,
                        );
                    }
                    if (config.allowedDomains.length > 0) {
                        for (const address of addresses) {
                            const domain = address.slice(address.lastIndexOf("@") + 1);
                            if (!config.allowedDomains.some((pattern) => wildcardMatches(pattern, domain))) {
                                reportViolation(
                                    `Service principal ${servicePrincipal.name} notifies ${address}, outside ${config.allowedDomains.join(", ")}.`,
                                    servicePrincipal.urn,
                                );
                            }
                        }
                    }
                });
            }
        });
        deferred.finish();
    },
});

const SESSION_NAME_SOURCES = [
    "userprincipalname",
    "mail",
    "onpremisessamaccountname",
    "onpremisesuserprincipalname",
    "employeeid",
    "objectid",
    "mailnickname",
];

export const claimsMappingPolicyPolicy = defineStackPolicy({
    name: "azuread-aws-claims-mapping-policy",
    description:
        "The claims mapping policy of an AWS app sends Role from assignedroles, a per-user RoleSessionName and a constant SessionDuration, under the exact AWS attribute names and key casing.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        'Use one definition: {"ClaimsMappingPolicy":{"Version":1,"IncludeBasicClaimSet":"true","ClaimsSchema":[{"Source":"user","ID":"assignedroles","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/Role"},{"Source":"user","ID":"userprincipalname","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/RoleSessionName"},{"Value":"3600","SamlClaimType":"https://aws.amazon.com/SAML/Attributes/SessionDuration"}]}}. Keys are case-sensitive, and a constant goes in "Value", never "ID".',
    config: {
        minimumSessionDuration: { type: "integer", description: "Shortest SessionDuration in seconds (STS minimum).", default: 900, minimum: 900, maximum: 43200 },
        maximumSessionDuration: { type: "integer", description: "Longest SessionDuration in seconds (STS maximum).", default: 43200, minimum: 900, maximum: 43200 },
        roleSessionNameSources: {
            type: "array",
            description: "User attributes that make valid, unique RoleSessionNames ([\\w+=,.@-]{2,64}).",
            default: SESSION_NAME_SOURCES,
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            minItems: 1,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const awsPolicies = new Set<PolicyResource>();
        forEachAwsApp(topology, deferred, (app) => {
            const policies = topology.claimsPoliciesOf(app);
            policies.resources.forEach((policy) => awsPolicies.add(policy));
            deferred.defer(policies.undetermined);
        });
        for (const policy of topology.ofType(azuread.ClaimsMappingPolicy)) {
            deferred.run(() => {
                const definitions: unknown = policy.props.definitions;
                if (!awsPolicies.has(policy) && !mentionsAwsSamlAttributes(definitions)) {
                    return;
                }
                for (const problem of awsClaimsProblems(definitions, config)) {
                    reportViolation(`Claims mapping policy ${policy.name}: ${problem}`, policy.urn);
                }
            });
        }
        deferred.finish();
    },
});

function awsClaimsProblems(
    definitions: unknown,
    config: { readonly minimumSessionDuration: number; readonly maximumSessionDuration: number; readonly roleSessionNameSources: readonly string[] },
): string[] {
    const reading = readClaimsMappingPolicy(definitions);
    const problems = [...reading.problems];
    const entries = reading.entries;
    if (entries === undefined) {
        return problems;
    }
    for (const entry of entries) {
        const type = entry.samlClaimType;
        if (type !== undefined && type.toLowerCase().startsWith(AWS_SAML_ATTRIBUTE_PREFIX.toLowerCase()) && !isKnownAwsAttribute(type)) {
            problems.push(`claim type ${JSON.stringify(type)} is not an AWS attribute name as AWS spells it (${AWS_SAML_ATTRIBUTE_PREFIX}Role, RoleSessionName, SessionDuration, PrincipalTag:<key>...).`);
        }
    }
    const single = (attribute: string): ClaimsSchemaEntry | undefined => {
        const matching = entries.filter((entry) => entry.samlClaimType === attribute);
        if (matching.length === 0) {
            problems.push(`it does not send ${attribute}.`);
        } else if (matching.length > 1) {
            problems.push(`it sends ${attribute} ${matching.length} times.`);
        }
        return matching.length === 1 ? matching[0] : undefined;
    };
    const role = single(AWS_ROLE_ATTRIBUTE);
    if (role !== undefined && (role.source?.toLowerCase() !== "user" || role.id?.toLowerCase() !== "assignedroles")) {
        problems.push(`${AWS_ROLE_ATTRIBUTE} must come from Source "user", ID "assignedroles" (the app roles the user is assigned).`);
    }
    const sessionName = single(AWS_ROLE_SESSION_NAME_ATTRIBUTE);
    if (sessionName !== undefined) {
        const source = sessionName.id?.toLowerCase();
        if (sessionName.source?.toLowerCase() !== "user" || source === undefined) {
            problems.push(`${AWS_ROLE_SESSION_NAME_ATTRIBUTE} must come from a user attribute (Source "user"), so each person gets their own session name.`);
        } else if (!config.roleSessionNameSources.some((allowed) => allowed.toLowerCase() === source)) {
            problems.push(
                `${AWS_ROLE_SESSION_NAME_ATTRIBUTE} comes from ${JSON.stringify(sessionName.id)}, which may not be a valid session name; use one of ${config.roleSessionNameSources.join(", ")}.`,
            );
        }
    }
    const duration = single(AWS_SESSION_DURATION_ATTRIBUTE);
    if (duration !== undefined) {
        if (duration.value === undefined) {
            problems.push(`${AWS_SESSION_DURATION_ATTRIBUTE} must be a constant under "Value"${duration.id !== undefined ? ` (it uses "ID": ${JSON.stringify(duration.id)}, which Azure drops)` : ""}.`);
        } else {
            const seconds = /^\d+$/.test(duration.value.trim()) ? Number(duration.value.trim()) : NaN;
            if (!(seconds >= config.minimumSessionDuration && seconds <= config.maximumSessionDuration)) {
                problems.push(
                    `${AWS_SESSION_DURATION_ATTRIBUTE} is ${JSON.stringify(duration.value)}; it must be whole seconds from ${config.minimumSessionDuration} to ${config.maximumSessionDuration}.`,
                );
            }
        }
    }
    return problems;
}

export const signingSetupPolicy = defineStackPolicy({
    name: "azuread-aws-app-signing-setup",
    description:
        "Every AWS app's service principal has an AWS claims mapping policy assigned, a token-signing certificate, and that certificate activated as its preferred signing key.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Add an azuread.ServicePrincipalClaimsMappingPolicyAssignment for the AWS claims policy, an azuread.ServicePrincipalTokenSigningCertificate, and the PreferredTokenSigningKey activation with that certificate's thumbprint. A claims mapping policy on an app without its own active signing key fails at sign-in with AADSTS50146.",
    config: {
        requirePreferredKeyActivation: {
            type: "boolean",
            description: "Require the preferred-key activation (preferredTokenSigningKeyThumbprint) for the app's certificate.",
            default: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            const where = app.servicePrincipals[0] ?? app.application;
            deferred.run(() => {
                const policies = topology.claimsPoliciesOf(app);
                if (policies.resources.length === 0) {
                    if (policies.undetermined !== undefined) {
                        throw policies.undetermined.error;
                    }
                    reportViolation(`AWS app ${app.application.name} has no claims mapping policy assigned, so AWS receives no Role attribute.`, where.urn);
                }
                for (const policy of policies.resources) {
                    deferred.run(() => {
                        const definitions: unknown = policy.props.definitions;
                        if (!mentionsAwsSamlAttributes(definitions)) {
                            reportViolation(`AWS app ${app.application.name} is assigned claims mapping policy ${policy.name}, which sends no AWS attributes.`, where.urn);
                        }
                    });
                }
            });
            deferred.run(() => {
                const certificates = topology.signingCertificatesOf(app);
                if (certificates.resources.length === 0) {
                    if (certificates.undetermined !== undefined) {
                        throw certificates.undetermined.error;
                    }
                    reportViolation(`AWS app ${app.application.name} has no azuread.ServicePrincipalTokenSigningCertificate.`, where.urn);
                    return;
                }
                if (!config.requirePreferredKeyActivation) {
                    return;
                }
                checkActivation(topology, app, certificates.resources, where, reportViolation);
            });
        });
        deferred.finish();
    },
});

function checkActivation(
    topology: FederationTopology,
    app: AwsApp,
    certificates: readonly PolicyResource[],
    where: PolicyResource,
    reportViolation: ReportViolation,
): void {
    const activations = topology
        .preferredKeyActivations()
        .filter((activation) => {
            const link = refersToAny(activation, "servicePrincipalObjectId", app.targets);
            if (!link.known) {
                throw link.error;
            }
            return link.value;
        });
    if (activations.length === 0) {
        reportViolation(
            `AWS app ${app.application.name} never activates its signing certificate (preferredTokenSigningKeyThumbprint); Azure keeps signing with its own key and the claims policy fails with AADSTS50146.`,
            where.urn,
        );
        return;
    }
    for (const activation of activations) {
        if (certificates.some((certificate) => dependsThrough(activation, "thumbprint", certificate))) {
            continue;
        }
        const thumbprint = activation.props.thumbprint;
        const known = knownThumbprints(certificates);
        const wanted = typeof thumbprint === "string" ? thumbprint.replace(/[\s:]/g, "").toUpperCase() : undefined;
        if (wanted !== undefined && known.thumbprints.includes(wanted)) {
            continue;
        }
        if (known.undetermined !== undefined) {
            throw known.undetermined.error;
        }
        reportViolation(
            `Preferred-key activation ${activation.name} names thumbprint ${JSON.stringify(thumbprint)}, which is not a signing certificate of AWS app ${app.application.name}.`,
            activation.urn,
        );
    }
}

const DAY_MS = 24 * 60 * 60 * 1000;

function certificateDates(certificate: PolicyResource): { start?: Date; end?: Date } {
    const parse = (value: unknown) => {
        const date = typeof value === "string" ? new Date(value) : undefined;
        return date !== undefined && !Number.isNaN(date.getTime()) ? date : undefined;
    };
    return { start: parse(certificate.props.startDate), end: parse(certificate.props.endDate) };
}

export const signingCertificateLifetimePolicy = defineStackPolicy({
    name: "azuread-signing-certificate-lifetime",
    description: "Token-signing certificates are valid for at most the configured number of years.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Set endDate on the azuread.ServicePrincipalTokenSigningCertificate to at most maximumYears after creation, and rotate by adding a new certificate before the old one ends.",
    config: {
        maximumYears: { type: "integer", description: "Longest certificate lifetime in years.", default: 3, minimum: 1, maximum: 10 },
    },
    validateStack: (args, reportViolation, config) => {
        const deferred = new DeferredUnknowns();
        const now = new Date();
        for (const certificate of args.resources.filter((resource) => resource.isType(azuread.ServicePrincipalTokenSigningCertificate))) {
            deferred.run(() => {
                const { start, end } = certificateDates(certificate);
                if (end === undefined) {
                    return;
                }
                const from = start ?? now;
                const limit = new Date(from);
                limit.setUTCFullYear(limit.getUTCFullYear() + config.maximumYears);
                // A day of slack for clock skew between the plan and the service.
                if (end.getTime() > limit.getTime() + DAY_MS) {
                    reportViolation(
                        `Signing certificate ${certificate.name} is valid until ${end.toISOString()}, more than ${config.maximumYears} year(s) after ${from.toISOString()}.`,
                        certificate.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});

export const signingCertificateExpiryPolicy = defineStackPolicy({
    name: "azuread-signing-certificate-expiry",
    description: "No token-signing certificate is within warningDays of its end date, so it is rotated before AWS sign-in breaks.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
        "Add a new azuread.ServicePrincipalTokenSigningCertificate, publish both in the SAML provider metadata, activate the new one as preferred key, then remove the old one. When a certificate ends, AWS sign-in stops.",
    config: {
        warningDays: { type: "integer", description: "Days before the end date at which to warn.", default: 60, minimum: 1, maximum: 365 },
    },
    validateStack: (args, reportViolation, config) => {
        const deferred = new DeferredUnknowns();
        const now = Date.now();
        for (const certificate of args.resources.filter((resource) => resource.isType(azuread.ServicePrincipalTokenSigningCertificate))) {
            deferred.run(() => {
                const { end } = certificateDates(certificate);
                if (end === undefined) {
                    return;
                }
                const days = Math.floor((end.getTime() - now) / DAY_MS);
                if (end.getTime() <= now) {
                    reportViolation(`Signing certificate ${certificate.name} ended on ${end.toISOString()}; AWS sign-in with it fails.`, certificate.urn);
                } else if (days < config.warningDays) {
                    reportViolation(`Signing certificate ${certificate.name} ends on ${end.toISOString()}, in ${days} day(s).`, certificate.urn);
                }
            });
        }
        deferred.finish();
    },
});

export const activeSigningCertificateCurrentPolicy = defineStackPolicy({
    name: "azuread-active-signing-certificate-current",
    description:
        "The signing certificate each AWS app signs with (its preferred key) has not ended, and does not end before the configured rotation lead time.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Rotate now: add a new certificate as the last signingCertificate entry and run `pulumi up` (the metadata gets both, then the preferred key moves to the new one). While the active certificate has ended, Azure AD signs with an expired key and every AWS sign-in of the app fails.",
    config: {
        rotationLeadDays: {
            type: "integer",
            description:
                "Days before the active certificate's end by which your rotation activates its successor; an active certificate ending within them ends before the successor takes over.",
            default: 0,
            minimum: 0,
            maximum: 365,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const deadline = Date.now() + config.rotationLeadDays * DAY_MS;
        forEachAwsApp(topology, deferred, (app) => {
            const certificates = topology.signingCertificatesOf(app);
            deferred.defer(certificates.undetermined);
            const active = activeCertificates(topology, certificates.resources);
            deferred.defer(active.undetermined);
            for (const certificate of active.certificates) {
                deferred.run(() => {
                    const { end } = certificateDates(certificate);
                    if (end === undefined) {
                        return;
                    }
                    if (end.getTime() <= Date.now()) {
                        reportViolation(
                            `Signing certificate ${certificate.name}, the one AWS app ${app.application.name} signs with, ended on ${end.toISOString()}; every AWS sign-in of the app fails until it is rotated.`,
                            certificate.urn,
                        );
                    } else if (end.getTime() <= deadline) {
                        reportViolation(
                            `Signing certificate ${certificate.name}, the one AWS app ${app.application.name} signs with, ends on ${end.toISOString()}, before a rotation ${config.rotationLeadDays} day(s) ahead of its end would activate its successor; sign-in fails from then on.`,
                            certificate.urn,
                        );
                    }
                });
            }
        });
        deferred.finish();
    },
});

export const identifierUriPolicy = defineStackPolicy({
    name: "azuread-aws-identifier-uri",
    description: "Every AWS app has an identifier URI that is an AWS sign-in SAML endpoint (optionally with #suffix) and unique in the stack.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give each AWS app one azuread.ApplicationIdentifierUri of the form https://signin.aws.amazon.com/saml#<unique suffix> (a suffix per app, since identifiers are unique per tenant and Azure strips the fragment from the audience it sends).",
    config: {},
    validateStack: (args, reportViolation) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        forEachAwsApp(topology, deferred, (app) => {
            const uris = topology.attachedToApp(azuread.ApplicationIdentifierUri, "applicationId", app);
            let values = 0;
            let pending = uris.undetermined;
            const sources: [PolicyResource, string][] = uris.resources.map((resource): [PolicyResource, string] => [resource, "identifierUri"]);
            if (app.application.isType(azuread.Application)) {
                sources.push([app.application, "identifierUris"]);
            }
            for (const [resource, property] of sources) {
                const uris = readKnown(() => stringsIn(resource.props[property]));
                if (!uris.known) {
                    pending ??= uris;
                    continue;
                }
                for (const uri of uris.value) {
                    values++;
                    if (!isAwsSignInIdentifierUri(uri)) {
                        reportViolation(`Identifier URI ${JSON.stringify(uri)} of AWS app ${app.application.name} is not an AWS sign-in SAML endpoint.`, resource.urn);
                    }
                }
            }
            if (pending !== undefined) {
                throw pending.error;
            }
            if (values === 0) {
                reportViolation(`AWS app ${app.application.name} has no identifier URI; Azure cannot issue SAML assertions for it.`, app.application.urn);
            }
        });
        // Identifier URIs are unique per tenant: two resources with the same one fail at deployment.
        const seen = new Map<string, PolicyResource>();
        const uriOwners: [PolicyResource, string][] = [
            ...topology.ofType(azuread.ApplicationIdentifierUri).map((resource): [PolicyResource, string] => [resource, "identifierUri"]),
            ...topology.ofType(azuread.Application).map((resource): [PolicyResource, string] => [resource, "identifierUris"]),
        ];
        for (const [resource, property] of uriOwners) {
            deferred.run(() => {
                for (const uri of stringsIn(resource.props[property])) {
                    const key = uri.toLowerCase();
                    const first = seen.get(key);
                    if (first !== undefined && first !== resource) {
                        reportViolation(`Identifier URI ${JSON.stringify(uri)} is used by both ${first.name} and ${resource.name}.`, resource.urn);
                    } else {
                        seen.set(key, resource);
                    }
                }
            });
        }
        deferred.finish();
    },
});

export const appRoleValuePolicy = defineResourcePolicy({
    name: "azuread-aws-app-role-value",
    description:
        "Every AWS app role value names one IAM role ARN and one SAML provider ARN of the same account, in either order, without whitespace, within Microsoft Graph's 120 characters.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set the app role value to `arn:aws:iam::<account>:role/<name>,arn:aws:iam::<account>:saml-provider/<name>` (STS also accepts the provider first), built from the role and provider ARN outputs, with no spaces. Keep it within 120 characters, Microsoft Graph's limit for app roles on the application (shorter role names, paths or provider name); Azure's role import writes its own roles on the service principal and allows 240.",
    config: {
        maximumLength: {
            type: "integer",
            description: "Longest value accepted: 120, Microsoft Graph's limit for app roles on the application object (the role import's own roles allow 240).",
            default: 120,
            minimum: 1,
            maximum: 250,
        },
    },
    validateResource: (on) => [
        on(azuread.ApplicationAppRole, (appRole, args, reportViolation, config) => {
            const value: unknown = appRole.value;
            if (typeof value !== "string" || !/arn:/i.test(value)) {
                return; // Not an AWS role; AWS apps are held to the format by the stack check too.
            }
            for (const problem of appRoleValueProblems(value, config.maximumLength)) {
                reportViolation(problem);
            }
        }),
    ],
});

/** Problems of an AWS app role value, one sentence each. */
export function appRoleValueProblems(value: string, maximumLength: number): string[] {
    const problems: string[] = [];
    if (value.length > maximumLength) {
        problems.push(`The value is ${value.length} characters; Microsoft Graph accepts at most ${maximumLength} for an app role on the application.`);
    }
    const reading = readAppRoleValue(value);
    if (!reading.ok) {
        problems.push(reading.problem);
        return problems;
    }
    const role = parseRoleArn(reading.roleArn);
    const provider = parseSamlProviderArn(reading.providerArn);
    if (role !== undefined && provider !== undefined && (role.accountId !== provider.accountId || role.partition !== provider.partition)) {
        problems.push(`The role is in account ${role.accountId} but the SAML provider in ${provider.accountId}; both must be in the same account.`);
    }
    return problems;
}

export const conditionalAccessMfaPolicy = defineStackPolicy({
    name: "azuread-aws-app-conditional-access-mfa",
    description: "An enabled Conditional Access policy requires MFA for every AWS app.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
        'Add an azuread.ConditionalAccessPolicy with state "enabled", conditions.applications.includedApplications listing the AWS apps\' client ids (or "All") and all users, and grantControls.builtInControls ["mfa"] (or an authentication strength). Conditional Access needs Entra ID P1; if the tenant enforces MFA elsewhere, exempt this policy.',
    config: {
        requireAllUsers: {
            type: "boolean",
            description: 'Require the policy to include "All" users rather than a subset.',
            default: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const policies = topology.ofType(azuread.ConditionalAccessPolicy);
        forEachAwsApp(topology, deferred, (app) => {
            let undetermined: Error | undefined;
            for (const policy of policies) {
                const covers = readKnown(() => conditionalAccessRequiresMfaFor(policy, app, config.requireAllUsers));
                if (covers.known && covers.value) {
                    return;
                }
                if (!covers.known) {
                    undetermined ??= covers.error;
                }
            }
            if (undetermined !== undefined) {
                throw undetermined;
            }
            const where = app.servicePrincipals[0] ?? app.application;
            reportViolation(`No enabled Conditional Access policy of this stack requires MFA for AWS app ${app.application.name}.`, where.urn);
        });
        deferred.finish();
    },
});

function conditionalAccessRequiresMfaFor(policy: PolicyResource, app: AwsApp, requireAllUsers: boolean): boolean {
    if (policy.props.state !== "enabled") {
        return false;
    }
    const grant = asRecord(policy.props.grantControls);
    const controls = stringsIn(grant?.builtInControls).map((control) => control.toLowerCase());
    const strength = grant?.authenticationStrengthPolicyId;
    const mfaAlone = controls.includes("mfa") && (controls.length === 1 || String(grant?.operator).toUpperCase() === "AND");
    if (!mfaAlone && !(typeof strength === "string" && strength.length > 0)) {
        return false;
    }
    const conditions = asRecord(policy.props.conditions);
    const users = asRecord(conditions?.users);
    if (requireAllUsers && !stringsIn(users?.includedUsers).some((user) => user.toLowerCase() === "all")) {
        return false;
    }
    const applications = asRecord(conditions?.applications);
    const included = stringsIn(applications?.includedApplications);
    const excluded = stringsIn(applications?.excludedApplications);
    const appIds = appClientIds(app);
    if (excluded.some((id) => appIds.includes(id.toLowerCase()))) {
        return false;
    }
    if (included.some((id) => id.toLowerCase() === "all" || appIds.includes(id.toLowerCase()))) {
        return true;
    }
    // Client ids not known yet: the engine still records that the policy's conditions came from the app.
    return appIds.length === 0 && [app.application, ...app.servicePrincipals].some((resource) => dependsThrough(policy, "conditions", resource));
}

function appClientIds(app: AwsApp): string[] {
    return [app.application, ...app.servicePrincipals].flatMap((resource) => {
        const clientId = readKnown(() => resource.props.clientId);
        return clientId.known && typeof clientId.value === "string" ? [clientId.value.toLowerCase()] : [];
    });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export const testUserStackPolicy = defineResourcePolicy({
    name: "azuread-test-user-stack-allow-list",
    description: "Azure AD users are created only in stacks whose name is on the allow-list (by default only dev).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Remove testUser from this stack's config; assign real users or groups to the AWS app roles instead. To allow a test user in another non-production stack, add its name to allowedStacks.",
    config: {
        allowedStacks: {
            type: "array",
            description: "Stack names (`*` wildcard) where the program may create Azure AD users.",
            default: ["dev"],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
    },
    validateResource: (on) => [
        on(azuread.User, (user, args, reportViolation, config) => {
            const stack = stackOfUrn(args.urn);
            if (stack === undefined || !config.allowedStacks.some((pattern) => wildcardMatches(pattern, stack))) {
                reportViolation(`Stack ${stack ?? "(unknown)"} creates Azure AD user ${args.name}; users may only be created in ${config.allowedStacks.join(", ") || "no stack"}.`);
            }
        }),
    ],
});

export const azureadPolicies: Policies = [
    galleryTemplatePolicy,
    servicePrincipalSsoPolicy,
    notificationEmailPolicy,
    claimsMappingPolicyPolicy,
    signingSetupPolicy,
    signingCertificateLifetimePolicy,
    signingCertificateExpiryPolicy,
    activeSigningCertificateCurrentPolicy,
    identifierUriPolicy,
    appRoleValuePolicy,
    conditionalAccessMfaPolicy,
    testUserStackPolicy,
];
