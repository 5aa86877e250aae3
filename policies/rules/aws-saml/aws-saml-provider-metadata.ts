import * as aws from "@pulumi/aws";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { isValidSamlProviderName } from "../../readers/aws-identifiers";
import { wildcardMatches } from "../../readers/iam-policy-document";
import { readSamlMetadata } from "../../readers/saml-metadata";

export const samlProviderMetadataPolicy = defineResourcePolicy({
    name: "aws-saml-provider-metadata",
    description:
        "Each SAML provider's metadata is SAML 2.0 IdP metadata IAM accepts: UTF-8 without BOM, within IAM's size limits, with valid unexpired signing certificates.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Build the metadata from the Azure AD token-signing certificates (EntityDescriptor with entityID https://sts.windows.net/<tenant>/, one IDPSSODescriptor, a KeyDescriptor use="signing" per certificate, and the SingleSignOnService https://login.microsoftonline.com/<tenant>/saml2) instead of downloading the federation metadata, which starts with a BOM. Remove expired certificates and keep at most ten.',
    config: {
        minimumLength: { type: "integer", description: "Fewest characters IAM accepts.", default: 1000, minimum: 1 },
        maximumLength: { type: "integer", description: "Most characters IAM accepts.", default: 10_000_000, minimum: 1 },
        maximumCertificates: {
            type: "integer",
            description: "Most signing certificates IAM accepts per provider.",
            default: 10,
            minimum: 1,
        },
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
