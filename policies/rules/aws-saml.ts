import * as aws from "@pulumi/aws";
import { Policies } from "@pulumi/policy";
import { isAwsSignInSamlEndpoint, isValidSamlProviderName, parseSamlProviderArn } from "../readers/aws-identifiers";
import { FederationTopology } from "../model/federation-topology";
import { conditionsOnKey, hasWildcard, PolicyStatement, principalValues, statementAllowsAction, wildcardMatches } from "../readers/iam-policy-document";
import { defineResourcePolicy, defineStackPolicy } from "../framework/policy-definition";
import { readSamlMetadata } from "../readers/saml-metadata";
import { ASSUME_ROLE_WITH_SAML, readSamlTrust, SAML_AUDIENCE_KEY, SAML_TRUST_ACTIONS } from "../readers/saml-trust";
import { DeferredUnknowns, readKnown } from "../framework/unknown-values";

/** AWS side of the federation: SAML role trust and the SAML provider. */

/** Operators that pin `SAML:aud` to exact values; `IfExists`, set and pattern operators do not. */
const PINNING_OPERATORS = ["StringEquals", "StringEqualsIgnoreCase"];

export const samlRoleTrustPolicy = defineResourcePolicy({
    name: "aws-saml-role-trust",
    description:
        "Roles that trust a SAML provider are entered only by sts:AssumeRoleWithSAML from a SAML provider ARN on the AWS sign-in audience; no other statement lets anyone in.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        'Give the trust statement exactly `"Principal": {"Federated": "<SAML provider ARN>"}`, `"Action": "sts:AssumeRoleWithSAML"` (add `sts:TagSession` or `sts:SetSourceIdentity` only when you send those attributes) and `"Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}` (or a regional `https://<region>.signin.aws.amazon.com/saml`). Trust one SAML provider per role so Azure AD role import can read it.',
    config: {
        allowedActions: {
            type: "array",
            description: "Actions a SAML trust statement may allow.",
            default: [...SAML_TRUST_ACTIONS],
            items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9]+$" },
            uniqueItems: true,
        },
        additionalAudiences: {
            type: "array",
            description: "SAML:aud values accepted besides the AWS sign-in SAML endpoints.",
            default: [],
            items: { type: "string", pattern: "^https://" },
            uniqueItems: true,
        },
        requireSingleProvider: {
            type: "boolean",
            description: "Require each role to trust exactly one SAML provider (Azure AD role import skips others).",
            default: true,
        },
        allowedOtherPrincipals: {
            type: "array",
            description:
                'Break-glass entries "<role name pattern> <principal pattern>" (`*` wildcard, one space between): a SAML role whose name matches may also be assumed by the principal (an AWS ARN or account id, a service, a federated provider, or "*").',
            default: [],
            items: { type: "string", pattern: "^[\\w+=,.@*?-]+ \\S+$" },
            uniqueItems: true,
        },
    },
    validateResource: (on) => [
        on(aws.iam.Role, (role, args, reportViolation, config) => {
            const trust = readSamlTrust(role.assumeRolePolicy);
            for (const statement of trust.samlStatements) {
                for (const problem of samlStatementProblems(statement, config.allowedActions, config.additionalAudiences)) {
                    reportViolation(`Trust statement ${statement.sid ?? statement.index}: ${problem}`);
                }
            }
            if (trust.samlStatements.length > 0) {
                // Once SAML sign-in leads into the role, no other door may: every other Allow is checked.
                const name: unknown = role.name;
                const roleName = typeof name === "string" ? name : args.name;
                const allowed = config.allowedOtherPrincipals.map(parseAllowedPrincipal);
                for (const statement of trust.otherStatements) {
                    for (const door of otherDoors(statement)) {
                        if (door.principal !== undefined && allowed.some((entry) => wildcardMatches(entry.roleName, roleName) && wildcardMatches(entry.principal, door.principal ?? ""))) {
                            continue;
                        }
                        reportViolation(
                            `Trust statement ${statement.sid ?? statement.index}: ${door.description}; an SSO role is entered only through SAML sign-in. Remove the statement, or allow-list "${roleName} ${door.principal ?? "<principal>"}" in allowedOtherPrincipals for a break-glass path.`,
                        );
                    }
                }
            }
            if (config.requireSingleProvider && trust.providerArns.length > 1) {
                reportViolation(
                    `The role trusts ${trust.providerArns.length} SAML providers (${trust.providerArns.join(", ")}); Azure AD role import only reads roles that trust exactly one.`,
                );
            }
        }),
    ],
});

/** Actions that let a principal become the role; `sts:TagSession` and the like only ride along. */
const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", ASSUME_ROLE_WITH_SAML];

interface OtherDoor {
    /** What the statement lets in, for the message. */
    readonly description: string;
    /** The principal value an allow-list entry may name; absent for NotPrincipal, which cannot be allow-listed. */
    readonly principal?: string;
}

/** The principals a non-SAML Allow statement lets assume the role, each a separate door. */
function otherDoors(statement: PolicyStatement): OtherDoor[] {
    const actions = ASSUME_ACTIONS.filter((action) => statementAllowsAction(statement, action));
    if (actions.length === 0) {
        return [];
    }
    const via = statement.notActions !== undefined ? ` (through NotAction ${JSON.stringify(statement.notActions)})` : ` (through ${JSON.stringify(statement.actions)})`;
    const allows = `allows ${actions.join(", ")}${via}`;
    if (statement.notPrincipal !== undefined) {
        return [{ description: `${allows} to every principal NotPrincipal does not list` }];
    }
    if (statement.principal === undefined || statement.principal.anyone) {
        return [{ description: `${allows} to any principal ("*")`, principal: "*" }];
    }
    const doors: OtherDoor[] = [];
    for (const [type, values] of statement.principal.byType) {
        for (const value of values) {
            doors.push({ description: `${allows} to ${type} principal ${JSON.stringify(value)}`, principal: value });
        }
    }
    return doors;
}

function parseAllowedPrincipal(entry: string): { roleName: string; principal: string } {
    const space = entry.indexOf(" ");
    return { roleName: entry.slice(0, space), principal: entry.slice(space + 1) };
}

function samlStatementProblems(statement: PolicyStatement, allowedActions: readonly string[], additionalAudiences: readonly string[]): string[] {
    const problems: string[] = [];
    if (statement.notActions !== undefined) {
        problems.push("uses NotAction, which allows every action it does not list; list the SAML actions in Action instead.");
    }
    for (const action of statement.actions) {
        const allowed = !hasWildcard(action) && allowedActions.some((candidate) => candidate.toLowerCase() === action.toLowerCase());
        if (!allowed) {
            problems.push(`allows ${JSON.stringify(action)}; a SAML trust may allow only ${allowedActions.join(", ")}.`);
        }
    }
    if (!statement.actions.some((action) => action.toLowerCase() === ASSUME_ROLE_WITH_SAML.toLowerCase())) {
        problems.push(`does not name ${ASSUME_ROLE_WITH_SAML}.`);
    }
    if (statement.notPrincipal !== undefined) {
        problems.push("uses NotPrincipal, which trusts everyone it does not list.");
    }
    if (statement.principal === undefined || statement.principal.anyone) {
        problems.push('trusts any principal ("*"); name the SAML provider ARN as Principal.Federated.');
    } else {
        for (const type of statement.principal.byType.keys()) {
            if (type.toLowerCase() !== "federated") {
                problems.push(`also trusts ${type} principals; a SAML trust names only Principal.Federated.`);
            }
        }
        const federated = principalValues(statement.principal, "Federated");
        if (federated.length === 0) {
            problems.push("names no Principal.Federated SAML provider.");
        }
        for (const value of federated) {
            if (parseSamlProviderArn(value) === undefined) {
                problems.push(`trusts the federated principal ${JSON.stringify(value)}, which is not a SAML provider ARN.`);
            }
        }
    }
    const audienceConditions = conditionsOnKey(statement, SAML_AUDIENCE_KEY);
    const pinned = audienceConditions.filter((entry) => PINNING_OPERATORS.some((operator) => operator.toLowerCase() === entry.operator.toLowerCase()));
    if (pinned.length === 0) {
        const others = audienceConditions.map((entry) => entry.operator);
        problems.push(
            others.length === 0
                ? `has no StringEquals condition on ${SAML_AUDIENCE_KEY}; without it any SAML recipient can assume the role.`
                : `checks ${SAML_AUDIENCE_KEY} only with ${others.join(", ")}; use StringEquals or StringEqualsIgnoreCase.`,
        );
    }
    for (const entry of pinned) {
        if (entry.values.length === 0) {
            problems.push(`has an empty ${entry.operator} ${SAML_AUDIENCE_KEY} condition.`);
        }
        for (const value of entry.values) {
            if (!isAwsSignInSamlEndpoint(value) && !additionalAudiences.includes(value)) {
                problems.push(`accepts the audience ${JSON.stringify(value)}, which is not an AWS sign-in SAML endpoint.`);
            }
        }
    }
    return problems;
}

export const samlRoleTrustsStackProviderPolicy = defineStackPolicy({
    name: "aws-saml-role-trusts-stack-provider",
    description: "Every SAML role trusts a SAML provider created by this stack, exported by a referenced SSO stack, or listed in allowedProviderArns.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Build the trust policy from the `arn` output of the stack's aws.iam.SamlProvider, or, in a team program, from the `accounts.<name>.samlProviderArn` output of the SSO stack you reference. If the role deliberately trusts a provider managed elsewhere, add that provider's ARN to allowedProviderArns.",
    config: {
        allowedProviderArns: {
            type: "array",
            description: "SAML provider ARNs (the `*` wildcard allowed) that roles may trust although neither this stack nor a referenced SSO stack creates them.",
            default: [],
            items: { type: "string", pattern: "^arn:" },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const providerArns = topology.ofType(aws.iam.SamlProvider).map((provider) => readKnown(() => provider.props.arn));
        const references = topology.ssoStackReferences();
        for (const { role, trust } of topology.ssoRoles()) {
            deferred.run(() => {
                if (!trust.known) {
                    throw trust.error;
                }
                for (const arn of trust.value.providerArns) {
                    if (config.allowedProviderArns.some((pattern) => wildcardMatches(pattern, arn))) {
                        continue;
                    }
                    if (providerArns.some((known) => known.known && known.value === arn)) {
                        continue;
                    }
                    const exported = references.providerAccount(arn);
                    if (exported.known && exported.value !== undefined) {
                        continue;
                    }
                    const unknown = providerArns.find((known) => !known.known) ?? (exported.known ? undefined : exported);
                    if (unknown !== undefined && !unknown.known) {
                        throw unknown.error;
                    }
                    reportViolation(
                        `Role ${role.name} trusts ${arn}, which is neither a SAML provider of this stack, nor one a referenced SSO stack exports, nor in allowedProviderArns.`,
                        role.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});

export const samlProviderMetadataPolicy = defineResourcePolicy({
    name: "aws-saml-provider-metadata",
    description:
        "Each SAML provider's metadata is SAML 2.0 IdP metadata IAM accepts: UTF-8 without BOM, within IAM's size limits, with valid unexpired signing certificates.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Build the metadata from the Azure AD token-signing certificates (EntityDescriptor with entityID https://sts.windows.net/<tenant>/, one IDPSSODescriptor, a KeyDescriptor use=\"signing\" per certificate, and the SingleSignOnService https://login.microsoftonline.com/<tenant>/saml2) instead of downloading the federation metadata, which starts with a BOM. Remove expired certificates and keep at most ten.",
    config: {
        minimumLength: { type: "integer", description: "Fewest characters IAM accepts.", default: 1000, minimum: 1 },
        maximumLength: { type: "integer", description: "Most characters IAM accepts.", default: 10_000_000, minimum: 1 },
        maximumCertificates: { type: "integer", description: "Most signing certificates IAM accepts per provider.", default: 10, minimum: 1 },
        minimumKeyBits: {
            type: "integer",
            description: "Smallest signing key size; IAM requires 1024 bits, Azure AD issues 2048.",
            default: 2048,
            minimum: 1024,
        },
        allowedEntityIds: {
            type: "array",
            description: "entityID patterns (`*` wildcard) the IdP may use; Azure AD issues https://sts.windows.net/<tenant id>/.",
            default: ["https://sts.windows.net/*/"],
            items: { type: "string", minLength: 1 },
            minItems: 1,
        },
    },
    validateResource: (on) => [
        on(aws.iam.SamlProvider, (provider, args, reportViolation, config) => {
            const deferred = new DeferredUnknowns();
            deferred.run(() => {
                const name: unknown = provider.name;
                if (typeof name === "string" && !isValidSamlProviderName(name)) {
                    reportViolation(`The provider name ${JSON.stringify(name)} is not 1-128 of letters, digits and +=,.@_-.`);
                }
            });
            deferred.run(() => {
                const document: unknown = provider.samlMetadataDocument;
                if (typeof document !== "string") {
                    reportViolation(`samlMetadataDocument must be an XML string, got ${document === null ? "null" : typeof document}.`);
                    return;
                }
                for (const problem of metadataProblems(document, config)) {
                    reportViolation(problem);
                }
            });
            deferred.finish();
        }),
    ],
});

function metadataProblems(
    document: string,
    config: {
        readonly minimumLength: number;
        readonly maximumLength: number;
        readonly maximumCertificates: number;
        readonly minimumKeyBits: number;
        readonly allowedEntityIds: readonly string[];
    },
): string[] {
    const reading = readSamlMetadata(document);
    const problems: string[] = [];
    if (reading.startsWithByteOrderMark) {
        problems.push("The metadata starts with a UTF-8 byte order mark, which IAM rejects.");
    }
    if (reading.length < config.minimumLength || reading.length > config.maximumLength) {
        problems.push(`The metadata is ${reading.length} characters; IAM accepts ${config.minimumLength} to ${config.maximumLength}.`);
    }
    problems.push(...reading.problems.map((problem) => `${capitalize(problem)}.`));
    if (reading.entityId !== undefined && !config.allowedEntityIds.some((pattern) => wildcardMatches(pattern, reading.entityId ?? ""))) {
        problems.push(
            `The entityID ${JSON.stringify(reading.entityId)} matches none of ${config.allowedEntityIds.join(", ")}; STS rejects assertions whose Issuer differs.`,
        );
    }
    const certificates = reading.signingCertificates;
    if (reading.problems.length === 0 && certificates.length === 0) {
        problems.push("The metadata has no signing certificate, so STS cannot verify any assertion.");
    }
    if (certificates.length > config.maximumCertificates) {
        problems.push(`The metadata has ${certificates.length} signing certificates; IAM accepts at most ${config.maximumCertificates}.`);
    }
    const now = Date.now();
    certificates.forEach((certificate, index) => {
        const label = `Signing certificate ${index + 1}${certificate.thumbprint ? ` (${certificate.thumbprint})` : ""}`;
        if (certificate.problem !== undefined) {
            problems.push(`${label} is ${certificate.problem}.`);
            return;
        }
        if (certificate.notAfter !== undefined && certificate.notAfter.getTime() <= now) {
            problems.push(`${label} expired on ${certificate.notAfter.toISOString()}.`);
        }
        if (certificate.keyBits !== undefined && certificate.keyBits < config.minimumKeyBits) {
            problems.push(`${label} has a ${certificate.keyBits}-bit key; at least ${config.minimumKeyBits} bits are required.`);
        }
    });
    return problems;
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

export const awsSamlPolicies: Policies = [samlRoleTrustPolicy, samlRoleTrustsStackProviderPolicy, samlProviderMetadataPolicy];
