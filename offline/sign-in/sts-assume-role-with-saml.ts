import type { Element } from "@xmldom/xmldom";
import * as crypto from "crypto";
import { evaluateTrustPolicy, TrustPolicyDecision } from "./iam-trust-policy-evaluation";
import { parseIdpMetadata } from "./idp-metadata";
import { AWS_SAML_ATTRIBUTE, NAME_ID_FORMAT, SAML_ASSERTION_NS, SAML_BEARER_CONFIRMATION, SAML_PROTOCOL_NS } from "./saml-names";
import {
    AT_MOST_ONE,
    AssertionConditions,
    EXACTLY_ONE,
    firstOccurrenceProblem,
    nonTextAttributeValues,
    readAssertionConditions,
    samlInstant,
    statusRefusal,
} from "./saml-response-structure";
import { verifySignedAssertion } from "./saml-signature-verification";
import { attributeValue, childElements, isElement, parseStrictXml, trimmedText } from "./strict-xml";
import { SESSION_DURATION_LIMITS, ROLE_SESSION_NAME_PATTERN } from "../../policies/vocabulary/sts-limits";

/** An IAM SAML provider as the program declares it. */
export interface SamlProviderInPlan {
    readonly arn: string;
    /** The provider's friendly name: the last part of its ARN. */
    readonly name: string;
    readonly accountId: string;
    /** The SAML 2.0 IdP metadata document given to `aws.iam.SamlProvider`: the only trust anchor. */
    readonly metadataXml: string;
}

/** An IAM role as the program declares it. */
export interface IamRoleInPlan {
    readonly arn: string;
    readonly name: string;
    readonly accountId: string;
    /** The assume-role (trust) policy, as a JSON string or an already parsed object. */
    readonly trustPolicy: string | object;
    /** Seconds, 3600 to 43200 in IAM; 3600 when the program leaves it unset. */
    readonly maxSessionDuration: number;
}

/** What AWS holds across all accounts the program manages. */
export interface AwsFederationPlan {
    readonly providers: readonly SamlProviderInPlan[];
    readonly roles: readonly IamRoleInPlan[];
}

/** The check that failed, in the order AWS sign-in and STS run them. */
export type SignInCheck =
    | "azure-ad-response"
    | "saml-response"
    | "status"
    | "role-attribute"
    | "saml-provider"
    | "provider-metadata"
    | "signature"
    | "issuer"
    | "subject-confirmation"
    | "recipient"
    | "conditions"
    | "validity-period"
    | "audience"
    | "role-session-name"
    | "session-duration"
    | "role"
    | "trust-policy"
    | "max-session-duration";

export interface SignInFailureReason {
    readonly check: SignInCheck;
    /** The message AWS (or Azure AD, for `azure-ad-response`) shows. */
    readonly message: string;
    /** False when AWS documents no wording for this case and the message is this simulation's best approximation. */
    readonly messageIsDocumented: boolean;
    /** The resource whose configuration must change, e.g. "IAM role trust policy of arn:aws:iam::...". */
    readonly resourceToFix: string;
    /** Why, in terms of the inputs: the values compared, the statement that denied, the policy entry that produced nothing. */
    readonly detail: string;
}

/** The condition keys STS sets for AssumeRoleWithSAML, as trust policies name them. */
export interface SamlConditionContext {
    readonly "SAML:aud": string;
    readonly "SAML:iss": string;
    readonly "SAML:sub": string;
    readonly "SAML:sub_type": string;
    readonly "SAML:doc": string;
    readonly "SAML:namequalifier": string;
}

export interface AssumedRoleSession {
    /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`. */
    readonly assumedRoleArn: string;
    readonly roleSessionName: string;
    readonly durationSeconds: number;
    /** Thumbprint of the metadata certificate the signature verified with. */
    readonly signerThumbprint: string;
    readonly samlContext: SamlConditionContext;
}

export type AssumeRoleWithSamlResult = ({ readonly ok: true } & AssumedRoleSession) | ({ readonly ok: false } & SignInFailureReason);

export interface AssumeRoleWithSamlRequest {
    readonly plan: AwsFederationPlan;
    /** Base64 of the SAML response, as posted to AWS sign-in and passed to STS as `SAMLAssertion`. */
    readonly samlAssertion: string;
    readonly roleArn: string;
    /** The SAML provider ARN (`PrincipalArn`). */
    readonly principalArn: string;
    /** STS's clock. */
    readonly now: Date;
}

/** Messages as AWS's SAML troubleshooting guide and the STS API reference give them. */
const stsError = (message: string, status: number, code: string) =>
    `${message} (Service: AWSSecurityTokenService; Status Code: ${status}; Error Code: ${code})`;
export const AWS_SIGN_IN_MESSAGE = {
    invalidSamlResponse: "Your request included an invalid SAML response. To logout, click here.",
    providerDoesNotExist: "Specified provider doesn't exist.",
    couldNotParseMetadata: "Could not parse metadata.",
    signatureInvalid: stsError("Response signature invalid", 400, "InvalidIdentityToken"),
    issuerNotInProvider:
        "Failed to assume role: Issuer not present in specified provider " +
        "(Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException)",
    audienceMissing: "Response does not contain the required audience.",
    roleSessionNameRequired: stsError("RoleSessionName is required in AuthnResponse", 400, "InvalidIdentityToken"),
    roleSessionNameInvalid: stsError("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}", 400, "InvalidIdentityToken"),
    notAuthorized: stsError("Not authorized to perform sts:AssumeRoleWithSAML", 403, "AccessDenied"),
    durationExceedsMax: stsError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400, "ValidationError"),
    expired: stsError(
        "The web identity token that was passed is expired or is not valid. " +
            "Get a new identity token from the identity provider and then retry the request.",
        400,
        "ExpiredToken",
    ),
} as const;

/** AWS documents no wording for these; the text states the rule that was broken. */
const approximateInvalidToken = (rule: string) => stsError(`Invalid SAML response: ${rule}`, 400, "InvalidIdentityToken");

const AWS_SIGN_IN_ENDPOINT = /^https:\/\/(?:[a-z]{2}(?:-[a-z]+)+-\d+\.)?signin\.aws\.amazon\.com\/saml$/;
/** Audiences AWS sign-in answers to: its SP entity ID and its SAML endpoints. */
const isAwsAudience = (audience: string) => audience === "urn:amazon:webservices" || AWS_SIGN_IN_ENDPOINT.test(audience);
const ROLE_SESSION_NAME = ROLE_SESSION_NAME_PATTERN;
const SESSION_DURATION_RANGE = SESSION_DURATION_LIMITS;
const DEFAULT_DURATION_SECONDS = 3600;

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const SAML_PROVIDER_ARN = /^arn:aws[\w-]*:iam::\d{12}:saml-provider\/[\w+=,.@-]+$/;

/**
 * A `Role` attribute value split into its two ARNs; either order is accepted, as AWS sign-in does.
 * Whitespace around the comma is refused: AWS documents the value as "a comma-delimited pair of ARNs in
 * the same format as the RoleArn and PrincipalArn parameters" (IAM User Guide,
 * id_roles_providers_create_saml_assertions.html), the same decision as the config contract and the pack.
 */
export function parseRoleValue(value: string): { roleArn: string; principalArn: string } | undefined {
    const parts = value.split(",");
    if (parts.length !== 2 || /\s/.test(value)) {
        return undefined;
    }
    const roleArn = parts.find((part) => ROLE_ARN.test(part));
    const principalArn = parts.find((part) => SAML_PROVIDER_ARN.test(part));
    return roleArn && principalArn ? { roleArn, principalArn } : undefined;
}

/** Values of a SAML attribute across the assertion's AttributeStatements; undefined when the attribute is absent. */
export function samlAttributeValues(assertion: Element, name: string): string[] | undefined {
    let values: string[] | undefined;
    for (const statement of childElements(assertion, SAML_ASSERTION_NS, "AttributeStatement")) {
        for (const attribute of childElements(statement, SAML_ASSERTION_NS, "Attribute")) {
            if (attributeValue(attribute, "Name") === name) {
                values = [...(values ?? []), ...childElements(attribute, SAML_ASSERTION_NS, "AttributeValue").map(trimmedText)];
            }
        }
    }
    return values;
}

/** SAML:sub_type: `persistent`, `transient`, or the full NameID Format URI otherwise (as AWS documents). */
function subjectType(format: string): string {
    if (format === NAME_ID_FORMAT.persistent) {
        return "persistent";
    }
    return format === NAME_ID_FORMAT.transient ? "transient" : format;
}

/** SAML:namequalifier = BASE64(SHA1(issuer + account id + "/" + provider name)), per the STS API reference. */
export function samlNameQualifier(issuer: string, accountId: string, providerName: string): string {
    return crypto.createHash("sha1").update(`${issuer}${accountId}/${providerName}`).digest("base64");
}

/**
 * What STS does with a console sign-in's AssumeRoleWithSAML call: verifies the response against the
 * named provider's metadata, checks subject, timing, audience and AWS attributes, then the role, its
 * trust policy and its maximum session duration. The duration comes from the SessionDuration
 * attribute (3600 when absent), as AWS sign-in passes it. Never throws for bad input: every failure
 * is a structured result naming what to fix.
 */
export function assumeRoleWithSaml(request: AssumeRoleWithSamlRequest): AssumeRoleWithSamlResult {
    const { plan, roleArn, principalArn, now } = request;
    const fail = (
        reason: Omit<SignInFailureReason, "messageIsDocumented"> & { messageIsDocumented?: boolean },
    ): AssumeRoleWithSamlResult => ({
        ok: false,
        messageIsDocumented: true,
        ...reason,
    });
    const responseXml = Buffer.from(request.samlAssertion, "base64").toString("utf8");
    let response: Element;
    try {
        response = parseStrictXml(responseXml).documentElement!;
    } catch (error) {
        return fail({
            check: "saml-response",
            message: AWS_SIGN_IN_MESSAGE.invalidSamlResponse,
            resourceToFix: "Azure AD SAML response",
            detail: `the SAML response is not acceptable XML: ${(error as Error).message}`,
        });
    }

    // A response reporting an IdP error carries no assertion to judge, so its status comes first.
    const status = isElement(response, SAML_PROTOCOL_NS, "Response") ? statusRefusal(response) : undefined;
    if (status) {
        return fail({
            check: "status",
            message: approximateInvalidToken(status.summary),
            messageIsDocumented: false,
            resourceToFix: "Azure AD sign-in (the status is Azure AD's own verdict; its StatusMessage names the AADSTS error)",
            detail: status.statusMessage ? `${status.summary}; StatusMessage "${status.statusMessage}"` : status.summary,
        });
    }

    const provider = plan.providers.find((candidate) => candidate.arn === principalArn);
    if (!provider) {
        return fail({
            check: "saml-provider",
            message: AWS_SIGN_IN_MESSAGE.providerDoesNotExist,
            resourceToFix: `Azure AD app role value naming ${principalArn}`,
            detail: `no SAML provider ${principalArn} in the plan (known: ${plan.providers.map((known) => known.arn).join(", ") || "none"})`,
        });
    }
    const metadata = parseIdpMetadata(provider.metadataXml);
    if (!metadata.ok) {
        return fail({
            check: "provider-metadata",
            message: AWS_SIGN_IN_MESSAGE.couldNotParseMetadata,
            resourceToFix: `SAML provider metadata of ${provider.arn}`,
            detail: metadata.problem,
        });
    }
    const { entityId, signingCertificates } = metadata.metadata;

    const signed = verifySignedAssertion(responseXml, signingCertificates);
    if (!signed.valid) {
        return fail({
            check: "signature",
            message: AWS_SIGN_IN_MESSAGE.signatureInvalid,
            resourceToFix: `SAML provider metadata of ${provider.arn}`,
            detail: [
                ...signed.reasons,
                `metadata trusts ${signingCertificates.map((certificate) => certificate.thumbprint).join(", ")}`,
                ...(signed.keyInfoThumbprints.length > 0
                    ? [`the response's KeyInfo names ${signed.keyInfoThumbprints.join(", ")} (a hint, not trusted)`]
                    : []),
            ].join("; "),
        });
    }
    // From here on, everything is read from the signed assertion only (the unsigned Response is only ever a reason to refuse).
    const assertion = signed.assertion;
    const malformed = (rule: string, detail: string) =>
        fail({
            check: "saml-response",
            message: approximateInvalidToken(rule),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail,
        });
    const versions = [attributeValue(response, "Version"), attributeValue(assertion, "Version")];
    if (versions.some((version) => version !== "2.0")) {
        return malformed(
            "the Response and its Assertion must be SAML Version 2.0",
            `Response Version "${versions[0] ?? ""}", Assertion Version "${versions[1] ?? ""}"`,
        );
    }
    const adviceProblem = firstOccurrenceProblem(assertion, "the signed assertion", [[SAML_ASSERTION_NS, "Advice", AT_MOST_ONE]]);
    if (adviceProblem) {
        return malformed("an element SAML allows once occurs more than once", adviceProblem);
    }

    const issuerProblem =
        firstOccurrenceProblem(assertion, "the signed assertion", [[SAML_ASSERTION_NS, "Issuer", EXACTLY_ONE]]) ??
        firstOccurrenceProblem(response, "samlp:Response", [[SAML_ASSERTION_NS, "Issuer", AT_MOST_ONE]]);
    if (issuerProblem) {
        return fail({
            check: "issuer",
            message: approximateInvalidToken("the assertion must have exactly one Issuer, and the Response at most one"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail: issuerProblem,
        });
    }
    const issuerElement = childElements(assertion, SAML_ASSERTION_NS, "Issuer")[0];
    const issuer = trimmedText(issuerElement);
    const responseIssuer = childElements(response, SAML_ASSERTION_NS, "Issuer").map(trimmedText)[0];
    const issuerFormat = attributeValue(issuerElement, "Format");
    if (issuer !== entityId || (responseIssuer !== undefined && responseIssuer !== entityId)) {
        return fail({
            check: "issuer",
            message: AWS_SIGN_IN_MESSAGE.issuerNotInProvider,
            resourceToFix: `SAML provider metadata of ${provider.arn}`,
            detail:
                issuer !== entityId
                    ? `assertion Issuer "${issuer}" is not the metadata entityID "${entityId}"`
                    : `Response Issuer "${responseIssuer}" is not the metadata entityID "${entityId}" (the assertion's is)`,
        });
    }
    if (issuerFormat !== undefined && issuerFormat !== NAME_ID_FORMAT.entity) {
        return fail({
            check: "issuer",
            message: approximateInvalidToken(`the assertion Issuer Format must be omitted or ${NAME_ID_FORMAT.entity}`),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail: `assertion Issuer Format "${issuerFormat}" (SAML profiles 4.1.4.2)`,
        });
    }

    const subjectProblem = firstOccurrenceProblem(assertion, "the signed assertion", [[SAML_ASSERTION_NS, "Subject", EXACTLY_ONE]]);
    const subject = childElements(assertion, SAML_ASSERTION_NS, "Subject")[0];
    const identifierProblem =
        subject &&
        (firstOccurrenceProblem(subject, "Subject", [
            [SAML_ASSERTION_NS, "NameID", AT_MOST_ONE],
            [SAML_ASSERTION_NS, "BaseID", AT_MOST_ONE],
            [SAML_ASSERTION_NS, "EncryptedID", AT_MOST_ONE],
        ]) ??
            (childElements(subject, SAML_ASSERTION_NS, "BaseID").length + childElements(subject, SAML_ASSERTION_NS, "EncryptedID").length >
            0
                ? "Subject identifies the user by BaseID or EncryptedID, not a plain NameID (encrypted identifiers are not simulated)"
                : undefined));
    if (subjectProblem || identifierProblem) {
        return fail({
            check: "subject-confirmation",
            message: approximateInvalidToken("the assertion needs exactly one Subject, with exactly one NameID"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail: (subjectProblem ?? identifierProblem)!,
        });
    }
    const nameIdElement = childElements(subject, SAML_ASSERTION_NS, "NameID")[0];
    const confirmations = childElements(subject, SAML_ASSERTION_NS, "SubjectConfirmation");
    if (!nameIdElement || trimmedText(nameIdElement) === "") {
        return fail({
            check: "subject-confirmation",
            message: approximateInvalidToken("the assertion needs one Subject with a NameID"),
            messageIsDocumented: false,
            resourceToFix: "claims mapping policy (NameID)",
            detail: "the signed assertion has no Subject/NameID",
        });
    }
    if (confirmations.length !== 1) {
        return fail({
            check: "subject-confirmation",
            message: approximateInvalidToken("the assertion must contain exactly one SubjectConfirmation"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail: `the signed assertion has ${confirmations.length} SubjectConfirmation elements`,
        });
    }
    const confirmationProblem = firstOccurrenceProblem(confirmations[0], "SubjectConfirmation", [
        [SAML_ASSERTION_NS, "SubjectConfirmationData", AT_MOST_ONE],
        [SAML_ASSERTION_NS, "NameID", AT_MOST_ONE],
        [SAML_ASSERTION_NS, "BaseID", AT_MOST_ONE],
        [SAML_ASSERTION_NS, "EncryptedID", AT_MOST_ONE],
    ]);
    if (confirmationProblem) {
        return fail({
            check: "subject-confirmation",
            message: approximateInvalidToken("SubjectConfirmation must have at most one SubjectConfirmationData and one identifier"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail: confirmationProblem,
        });
    }
    const confirmationData = childElements(confirmations[0], SAML_ASSERTION_NS, "SubjectConfirmationData")[0];
    const recipient = confirmationData && attributeValue(confirmationData, "Recipient");
    const confirmationNotOnOrAfter = confirmationData && attributeValue(confirmationData, "NotOnOrAfter");
    const method = attributeValue(confirmations[0], "Method");
    if (method !== SAML_BEARER_CONFIRMATION || !recipient || !confirmationNotOnOrAfter) {
        return fail({
            check: "subject-confirmation",
            message: approximateInvalidToken("SubjectConfirmation must be bearer with NotOnOrAfter and Recipient"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail: `SubjectConfirmation Method "${method ?? ""}", Recipient "${recipient ?? ""}", NotOnOrAfter "${confirmationNotOnOrAfter ?? ""}"`,
        });
    }
    if (!AWS_SIGN_IN_ENDPOINT.test(recipient)) {
        return fail({
            check: "recipient",
            message: approximateInvalidToken("SubjectConfirmationData Recipient is not an AWS sign-in SAML endpoint"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD application reply URL",
            detail: `Recipient "${recipient}" is neither https://signin.aws.amazon.com/saml nor https://<region>.signin.aws.amazon.com/saml`,
        });
    }
    // SAML core 3.2.2: a Destination that is not where the response arrived means it must be discarded.
    const destination = attributeValue(response, "Destination");
    if (destination !== undefined && !AWS_SIGN_IN_ENDPOINT.test(destination)) {
        return fail({
            check: "recipient",
            message: approximateInvalidToken("Response Destination is not an AWS sign-in SAML endpoint"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD application reply URL",
            detail: `Response Destination "${destination}" is neither https://signin.aws.amazon.com/saml nor https://<region>.signin.aws.amazon.com/saml`,
        });
    }

    const conditions = readAssertionConditions(assertion);
    if (typeof conditions === "string") {
        return fail({
            check: "conditions",
            message: approximateInvalidToken("the assertion's Conditions are not ones SAML allows"),
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response",
            detail: conditions,
        });
    }

    const periodProblem = validityPeriodProblem(conditions, confirmationData, now);
    if (periodProblem) {
        return fail({
            check: "validity-period",
            message: AWS_SIGN_IN_MESSAGE.expired,
            messageIsDocumented: false,
            resourceToFix: "Azure AD SAML response (it must reach AWS within its validity period; check clocks)",
            detail: periodProblem,
        });
    }

    if (conditions.audienceRestrictions.length === 0) {
        return fail({
            check: "audience",
            message: AWS_SIGN_IN_MESSAGE.audienceMissing,
            // AWS documents the message for a wrong audience, not what happens without any restriction.
            messageIsDocumented: false,
            resourceToFix: "Azure AD application identifier URI",
            detail:
                `the signed assertion has ${conditions.present ? "no AudienceRestriction in its Conditions" : "no Conditions"}, so it names no audience; ` +
                "SAML would let any relying party accept it, this simulation refuses it (AWS documents no behaviour for this case)",
        });
    }
    const unsatisfied = conditions.audienceRestrictions.findIndex((audiences) => !audiences.some(isAwsAudience));
    if (unsatisfied >= 0) {
        const count = conditions.audienceRestrictions.length;
        return fail({
            check: "audience",
            message: AWS_SIGN_IN_MESSAGE.audienceMissing,
            resourceToFix: "Azure AD application identifier URI",
            detail:
                `${count > 1 ? `AudienceRestriction ${unsatisfied + 1} of ${count}: ` : ""}Audience ` +
                `${JSON.stringify(conditions.audienceRestrictions[unsatisfied])} names neither urn:amazon:webservices nor an AWS sign-in SAML endpoint` +
                (count > 1 ? " (SAML requires every AudienceRestriction to be satisfied)" : ""),
        });
    }

    for (const [attributeName, check, resourceToFix] of [
        [AWS_SAML_ATTRIBUTE.role, "role-attribute", "claims mapping policy"],
        [AWS_SAML_ATTRIBUTE.roleSessionName, "role-session-name", "claims mapping policy (RoleSessionName)"],
        [AWS_SAML_ATTRIBUTE.sessionDuration, "session-duration", "claims mapping policy (SessionDuration)"],
    ] as const) {
        const nonText = nonTextAttributeValues(assertion, attributeName);
        if (nonText > 0) {
            return fail({
                check,
                message: approximateInvalidToken(`${attributeName} values must be plain text`),
                messageIsDocumented: false,
                resourceToFix,
                detail: `${nonText} ${attributeName} AttributeValue${nonText === 1 ? " is nil or contains" : "s are nil or contain"} elements, not text`,
            });
        }
    }

    const roleValues = samlAttributeValues(assertion, AWS_SAML_ATTRIBUTE.role);
    if (!roleValues || roleValues.length === 0) {
        return fail({
            check: "role-attribute",
            message: AWS_SIGN_IN_MESSAGE.invalidSamlResponse,
            resourceToFix: "claims mapping policy",
            detail: `the assertion has no ${AWS_SAML_ATTRIBUTE.role} attribute`,
        });
    }
    if (!roleValues.some((value) => samePair(parseRoleValue(value), roleArn, principalArn))) {
        return fail({
            check: "role-attribute",
            message: AWS_SIGN_IN_MESSAGE.notAuthorized,
            messageIsDocumented: false,
            resourceToFix: "Azure AD app role assignment",
            detail: `the signed Role attribute ${JSON.stringify(roleValues)} does not offer ${roleArn} with ${principalArn}`,
        });
    }

    const sessionNames = samlAttributeValues(assertion, AWS_SAML_ATTRIBUTE.roleSessionName);
    if (sessionNames !== undefined && sessionNames.length > 1) {
        return fail({
            check: "role-session-name",
            message: approximateInvalidToken("RoleSessionName must have exactly one value"),
            messageIsDocumented: false,
            resourceToFix: "claims mapping policy (RoleSessionName)",
            detail:
                `the assertion has ${sessionNames.length} ${AWS_SAML_ATTRIBUTE.roleSessionName} values ${JSON.stringify(sessionNames)}; ` +
                "which one STS would take is not knowable, so none is",
        });
    }
    const roleSessionName = sessionNames?.[0];
    if (roleSessionName === undefined || roleSessionName === "") {
        return fail({
            check: "role-session-name",
            message: AWS_SIGN_IN_MESSAGE.roleSessionNameRequired,
            resourceToFix: "claims mapping policy (RoleSessionName)",
            detail: `the assertion has no ${AWS_SAML_ATTRIBUTE.roleSessionName} value`,
        });
    }
    if (!ROLE_SESSION_NAME.test(roleSessionName)) {
        return fail({
            check: "role-session-name",
            message: AWS_SIGN_IN_MESSAGE.roleSessionNameInvalid,
            resourceToFix: "claims mapping policy (RoleSessionName source attribute)",
            detail: `RoleSessionName "${roleSessionName}" does not match [\\w+=,.@-]{2,64}`,
        });
    }

    const durationValues = samlAttributeValues(assertion, AWS_SAML_ATTRIBUTE.sessionDuration);
    let durationSeconds = DEFAULT_DURATION_SECONDS;
    if (durationValues !== undefined && durationValues.length > 1) {
        return fail({
            check: "session-duration",
            message: approximateInvalidToken("SessionDuration must have exactly one value"),
            messageIsDocumented: false,
            resourceToFix: "claims mapping policy (SessionDuration)",
            detail: `the assertion has ${durationValues.length} ${AWS_SAML_ATTRIBUTE.sessionDuration} values ${JSON.stringify(durationValues)}`,
        });
    }
    if (durationValues !== undefined) {
        const text = durationValues[0] ?? "";
        const parsed = /^\d+$/.test(text) ? Number(text) : NaN;
        if (!(parsed >= SESSION_DURATION_RANGE.min && parsed <= SESSION_DURATION_RANGE.max)) {
            return fail({
                check: "session-duration",
                message: approximateInvalidToken(
                    `SessionDuration must be an integer from ${SESSION_DURATION_RANGE.min} to ${SESSION_DURATION_RANGE.max}`,
                ),
                messageIsDocumented: false,
                resourceToFix: "claims mapping policy (SessionDuration)",
                detail: `SessionDuration "${text}" is outside ${SESSION_DURATION_RANGE.min}..${SESSION_DURATION_RANGE.max} seconds`,
            });
        }
        durationSeconds = parsed;
    }

    const role = plan.roles.find((candidate) => candidate.arn === roleArn);
    if (!role) {
        return fail({
            check: "role",
            message: AWS_SIGN_IN_MESSAGE.notAuthorized,
            resourceToFix: `Azure AD app role value naming ${roleArn}`,
            detail: `no IAM role ${roleArn} in the plan (role names are case-sensitive)`,
        });
    }
    if (role.accountId !== provider.accountId) {
        return fail({
            check: "role",
            message: AWS_SIGN_IN_MESSAGE.notAuthorized,
            resourceToFix: `Azure AD app role value pairing ${roleArn} with ${principalArn}`,
            detail:
                `role ${roleArn} is in account ${role.accountId} but SAML provider ${principalArn} is in account ` +
                `${provider.accountId}; a role trusts the provider of its own account`,
        });
    }

    const samlContext: SamlConditionContext = {
        "SAML:aud": recipient,
        "SAML:iss": issuer,
        "SAML:sub": trimmedText(nameIdElement),
        "SAML:sub_type": subjectType(attributeValue(nameIdElement, "Format") ?? NAME_ID_FORMAT.unspecified),
        "SAML:doc": `${provider.accountId}/${provider.name}`,
        "SAML:namequalifier": samlNameQualifier(issuer, provider.accountId, provider.name),
    };
    for (const action of requiredTrustActions(assertion)) {
        const decision = evaluateTrustPolicy(role.trustPolicy, { federatedPrincipal: principalArn, action, context: { ...samlContext } });
        if (decision.effect !== "allow") {
            return fail({
                check: "trust-policy",
                message: AWS_SIGN_IN_MESSAGE.notAuthorized,
                resourceToFix: `IAM role trust policy of ${roleArn}`,
                detail: describeDenial(action, decision),
            });
        }
    }

    if (durationSeconds > role.maxSessionDuration) {
        return fail({
            check: "max-session-duration",
            message: AWS_SIGN_IN_MESSAGE.durationExceedsMax,
            resourceToFix: `maxSessionDuration of ${roleArn}, or SessionDuration in the claims mapping policy`,
            detail: `SessionDuration ${durationSeconds} s exceeds the role's maxSessionDuration ${role.maxSessionDuration} s`,
        });
    }

    const partition = role.arn.split(":")[1];
    return {
        ok: true,
        assumedRoleArn: `arn:${partition}:sts::${role.accountId}:assumed-role/${role.name}/${roleSessionName}`,
        roleSessionName,
        durationSeconds,
        signerThumbprint: signed.signerThumbprint,
        samlContext,
    };
}

function samePair(pair: { roleArn: string; principalArn: string } | undefined, roleArn: string, principalArn: string): boolean {
    return pair !== undefined && pair.roleArn === roleArn && pair.principalArn === principalArn;
}

/** Session tags and source identity need their own actions in the trust policy. */
function requiredTrustActions(assertion: Element): string[] {
    const attributeNames = childElements(assertion, SAML_ASSERTION_NS, "AttributeStatement")
        .flatMap((statement) => childElements(statement, SAML_ASSERTION_NS, "Attribute"))
        .map((attribute) => attributeValue(attribute, "Name") ?? "");
    return [
        "sts:AssumeRoleWithSAML",
        ...(attributeNames.some((name) => name.startsWith(AWS_SAML_ATTRIBUTE.principalTagPrefix)) ? ["sts:TagSession"] : []),
        ...(attributeNames.includes(AWS_SAML_ATTRIBUTE.sourceIdentity) ? ["sts:SetSourceIdentity"] : []),
    ];
}

function describeDenial(action: string, decision: Exclude<TrustPolicyDecision, { effect: "allow" }>): string {
    switch (decision.effect) {
        case "explicit-deny":
            return `explicit Deny for ${action}: ${decision.reasons.join("; ")}`;
        case "implicit-deny":
            return `no statement allows ${action}: ${decision.reasons.join("; ")}`;
        case "undecidable":
            return `cannot be decided offline, so treated as denied (fail closed): ${decision.reasons.join("; ")}`;
        case "malformed":
            return `the trust policy is malformed: ${decision.reasons.join("; ")}`;
    }
}

/** Why `now` is outside the subject confirmation or Conditions window, or undefined when inside both. */
function validityPeriodProblem(conditions: AssertionConditions, confirmationData: Element, now: Date): string | undefined {
    const at = now.toISOString();
    const bounds: [where: string, text: string | undefined][] = [
        ["SubjectConfirmationData NotBefore", attributeValue(confirmationData, "NotBefore")],
        ["SubjectConfirmationData NotOnOrAfter", attributeValue(confirmationData, "NotOnOrAfter")],
        ["Conditions NotBefore", conditions.notBefore],
        ["Conditions NotOnOrAfter", conditions.notOnOrAfter],
    ];
    for (const [where, text] of bounds) {
        if (text !== undefined && samlInstant(text) === undefined) {
            return `${where} "${text}" is not a SAML time (xs:dateTime in UTC, ending in Z)`;
        }
    }
    const [confirmationNotBefore, confirmationNotOnOrAfter, notBefore, notOnOrAfter] = bounds.map(([, text]) =>
        text === undefined ? undefined : samlInstant(text)!,
    );
    if (notBefore !== undefined && notOnOrAfter !== undefined && notBefore >= notOnOrAfter) {
        return `Conditions NotBefore ${conditions.notBefore} is not before its NotOnOrAfter ${conditions.notOnOrAfter} (SAML core 2.5.1.2)`;
    }
    if (confirmationNotOnOrAfter === undefined || now.getTime() >= confirmationNotOnOrAfter) {
        return `SubjectConfirmationData NotOnOrAfter ${bounds[1][1] ?? "(absent)"} is not after ${at}`;
    }
    if (confirmationNotBefore !== undefined && now.getTime() < confirmationNotBefore) {
        return `SubjectConfirmationData NotBefore ${bounds[0][1]} is after ${at}`;
    }
    if (notBefore !== undefined && now.getTime() < notBefore) {
        return `Conditions NotBefore ${conditions.notBefore} is after ${at}`;
    }
    if (notOnOrAfter !== undefined && now.getTime() >= notOnOrAfter) {
        return `Conditions NotOnOrAfter ${conditions.notOnOrAfter} is not after ${at}`;
    }
    return undefined;
}
