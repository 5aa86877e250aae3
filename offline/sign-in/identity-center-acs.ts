import type { Element } from "@xmldom/xmldom";
import { parseIdpMetadata } from "./idp-metadata";
import { SAML_ASSERTION_NS, SAML_BEARER_CONFIRMATION, SAML_PROTOCOL_NS, SAML_STATUS_SUCCESS } from "./saml-names";
import { verifySignedAssertion } from "./saml-signature-verification";
import { attributeValue, childElements, isElement, onlyChildElement, parseStrictXml, trimmedText } from "./strict-xml";

/** What Identity Center checks, in the order it checks them. */
export type IdentityCenterCheck =
    | "idp-metadata"
    | "saml-response"
    | "destination"
    | "status"
    | "signature"
    | "issuer"
    | "audience"
    | "subject-confirmation"
    | "recipient"
    | "validity-period"
    | "name-id"
    | "user";

/** Identity Center as the stack configured it: its own SAML endpoints and the IdP metadata uploaded to it. */
export interface IdentityCenterServiceProvider {
    /** Identity Center's issuer URL: the Audience it requires. */
    readonly samlIssuer: string;
    /** Its assertion consumer service URL: the Destination and Recipient it requires. */
    readonly samlAcsUrl: string;
    /** The IdP metadata uploaded on "change identity source": the only trust anchor. */
    readonly idpMetadataXml: string;
    /** `userName`s in the Identity Store (what SCIM provisioned); the NameID must be one of them. */
    readonly userNames: ReadonlySet<string>;
}

export type IdentityCenterSignInOutcome =
    | { readonly ok: true; readonly userName: string; readonly signerThumbprint: string }
    | {
          readonly ok: false;
          readonly check: IdentityCenterCheck;
          /** Identity Center shows a generic error page; this is the simulation's statement of the cause. */
          readonly message: string;
          readonly resourceToFix: string;
      };

/** Clock skew Identity Center tolerates on NotBefore and NotOnOrAfter, as SAML relying parties commonly do. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function fail(check: IdentityCenterCheck, message: string, resourceToFix: string): IdentityCenterSignInOutcome {
    return { ok: false, check, message, resourceToFix };
}

/**
 * Validates an Entra SAML response the way Identity Center's ACS does: trust only the uploaded IdP
 * metadata's certificates (never the response's own KeyInfo), read claims only from the signed bytes,
 * then Issuer, Audience (its issuer URL), bearer SubjectConfirmation to its ACS URL, validity period,
 * and a NameID that is the `userName` of a user SCIM provisioned. Pure apart from `now`.
 */
export function identityCenterAcs(provider: IdentityCenterServiceProvider, responseXml: string, now: Date): IdentityCenterSignInOutcome {
    const metadata = parseIdpMetadata(provider.idpMetadataXml);
    if (!metadata.ok) {
        return fail(
            "idp-metadata",
            `the uploaded IdP metadata cannot be used: ${metadata.problem}`,
            "identityCenter.idpMetadataXml (runbook step 3)",
        );
    }
    let response: Element;
    try {
        response = parseStrictXml(responseXml).documentElement!;
    } catch (error) {
        return fail("saml-response", `the SAML response is not well-formed XML: ${(error as Error).message}`, "Entra ID SAML response");
    }
    if (!isElement(response, SAML_PROTOCOL_NS, "Response")) {
        return fail("saml-response", "the posted document is not a samlp:Response", "Entra ID SAML response");
    }
    const destination = attributeValue(response, "Destination");
    if (destination !== undefined && destination !== provider.samlAcsUrl) {
        return fail(
            "destination",
            `Destination ${destination} is not Identity Center's ACS URL ${provider.samlAcsUrl}`,
            "reply URL of the Identity Center app (identityCenter.samlAcsUrl)",
        );
    }
    const status = onlyChildElement(response, SAML_PROTOCOL_NS, "Status");
    const statusCode = status && onlyChildElement(status, SAML_PROTOCOL_NS, "StatusCode");
    if (!statusCode || attributeValue(statusCode, "Value") !== SAML_STATUS_SUCCESS) {
        return fail("status", "the response status is not Success", "Entra ID sign-in of the user");
    }
    const verified = verifySignedAssertion(responseXml, metadata.metadata.signingCertificates);
    if (!verified.valid) {
        const signedBy = verified.keyInfoThumbprints.length > 0 ? `; it was signed by ${verified.keyInfoThumbprints.join(", ")}` : "";
        return fail(
            "signature",
            `the signature does not verify with the uploaded IdP certificate ${metadata.metadata.signingCertificates.map((c) => c.thumbprint).join(", ")}: ${verified.reasons.join("; ")}${signedBy}`,
            "the IdP metadata in Identity Center: upload identityCenter.idpMetadataXml again after the signing key moved (runbook step 3)",
        );
    }
    const assertion = verified.assertion;
    const issuer = onlyChildElement(assertion, SAML_ASSERTION_NS, "Issuer");
    if (!issuer || trimmedText(issuer) !== metadata.metadata.entityId) {
        return fail(
            "issuer",
            `Issuer ${issuer ? trimmedText(issuer) : "(none)"} is not the uploaded IdP's entity id ${metadata.metadata.entityId}`,
            "the IdP metadata in Identity Center",
        );
    }
    const conditions = onlyChildElement(assertion, SAML_ASSERTION_NS, "Conditions");
    const audiences = conditions
        ? childElements(conditions, SAML_ASSERTION_NS, "AudienceRestriction").flatMap((restriction) =>
              childElements(restriction, SAML_ASSERTION_NS, "Audience").map(trimmedText),
          )
        : [];
    if (!audiences.includes(provider.samlIssuer)) {
        return fail(
            "audience",
            `Audience ${audiences.join(", ") || "(none)"} is not Identity Center's issuer URL ${provider.samlIssuer}`,
            "identifier of the Identity Center app (identityCenter.samlIssuer)",
        );
    }
    const subject = onlyChildElement(assertion, SAML_ASSERTION_NS, "Subject");
    const confirmations = subject
        ? childElements(subject, SAML_ASSERTION_NS, "SubjectConfirmation").filter(
              (c) => attributeValue(c, "Method") === SAML_BEARER_CONFIRMATION,
          )
        : [];
    const data = confirmations.length === 1 ? onlyChildElement(confirmations[0], SAML_ASSERTION_NS, "SubjectConfirmationData") : undefined;
    if (!data) {
        return fail(
            "subject-confirmation",
            "the assertion needs exactly one bearer SubjectConfirmation with SubjectConfirmationData",
            "Entra ID SAML response",
        );
    }
    const recipient = attributeValue(data, "Recipient");
    if (recipient !== provider.samlAcsUrl) {
        return fail(
            "recipient",
            `Recipient ${recipient ?? "(none)"} is not Identity Center's ACS URL ${provider.samlAcsUrl}`,
            "reply URL of the Identity Center app (identityCenter.samlAcsUrl)",
        );
    }
    const confirmationEnd = Date.parse(attributeValue(data, "NotOnOrAfter") ?? "");
    const notBefore = Date.parse((conditions && attributeValue(conditions, "NotBefore")) ?? "");
    const notOnOrAfter = Date.parse((conditions && attributeValue(conditions, "NotOnOrAfter")) ?? "");
    const at = now.getTime();
    if (
        Number.isNaN(confirmationEnd) ||
        at >= confirmationEnd + CLOCK_SKEW_MS ||
        (!Number.isNaN(notOnOrAfter) && at >= notOnOrAfter + CLOCK_SKEW_MS)
    ) {
        return fail(
            "validity-period",
            "the assertion has expired",
            "the time between Entra ID issuing the response and Identity Center receiving it",
        );
    }
    if (!Number.isNaN(notBefore) && at < notBefore - CLOCK_SKEW_MS) {
        return fail("validity-period", "the assertion is not valid yet", "clock of the machine issuing the response");
    }
    const nameId = subject && onlyChildElement(subject, SAML_ASSERTION_NS, "NameID");
    const userName = nameId ? trimmedText(nameId) : "";
    if (userName === "") {
        return fail("name-id", "the assertion has no NameID", "the Unique User Identifier claim of the Identity Center app");
    }
    // Identity Center matches the NameID to a provisioned user's userName, case-insensitively.
    const known = [...provider.userNames].find((candidate) => candidate.toLowerCase() === userName.toLowerCase());
    if (known === undefined) {
        return fail(
            "user",
            `no user with userName ${userName} in the Identity Store: SCIM provisions Entra's userPrincipalName as userName, so the NameID must be the UPN and the user must be in a provisioned group`,
            "SCIM provisioning (group assignment, attribute mapping userName <- userPrincipalName)",
        );
    }
    return { ok: true, userName: known, signerThumbprint: verified.signerThumbprint };
}
