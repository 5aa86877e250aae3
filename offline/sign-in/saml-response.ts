import { SignedXml } from "xml-crypto";
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { v4 as uuidv4 } from "uuid";
import { base64DerToPem } from "../program/certificates";
import { applyClaimsMappingPolicy, AzureClaimSet, DefaultNameIdFormat, DirectoryUser } from "./claims-mapping-policy";
import {
    DIGEST_ALGORITHM_SHA256,
    ENVELOPED_SIGNATURE_TRANSFORM,
    EXCLUSIVE_C14N,
    SAML_ASSERTION_NS,
    SAML_BEARER_CONFIRMATION,
    SAML_PASSWORD_AUTHN_CONTEXT,
    SAML_PROTOCOL_NS,
    SAML_STATUS_SUCCESS,
    SIGNATURE_ALGORITHM_RSA_SHA256,
    azureAdIssuer,
} from "./saml-names";

/** Azure AD's "Signing Option" for a SAML app; Azure's default signs the assertion only. */
export type SamlSigningOption = "assertion" | "response" | "responseAndAssertion";

/** The token-signing key Azure AD holds for the app (the mocked `ServicePrincipalTokenSigningCertificate`). */
export interface SamlSigningKey {
    /** Base64 DER without header lines: the certificate `value` form. Published in the signature's KeyInfo. */
    readonly base64Der: string;
    /** PKCS#8 PEM private key. */
    readonly privateKeyPem: string;
}

/** The Azure AD enterprise application for AWS, as the Pulumi program configures it. */
export interface AzureSignInApp {
    /** Identifier (Entity ID), e.g. `https://signin.aws.amazon.com/saml#dev`; Azure sends it without `#...` as the Audience. */
    readonly identifierUri: string;
    /** Reply URL (ACS): becomes the Response Destination and SubjectConfirmationData Recipient. */
    readonly replyUrl: string;
    /** One claims mapping policy definition: the JSON string given to `azuread.ClaimsMappingPolicy.definitions`. */
    readonly claimsMappingPolicy: string;
    readonly signingCertificate: SamlSigningKey;
    /** Defaults to `"assertion"`, Azure's default. */
    readonly samlSigning?: SamlSigningOption;
    /** NameID when the policy does not map `nameidentifier`; defaults to `"persistent"`, what Azure sends to IdP-initiated sign-in. */
    readonly defaultNameIdFormat?: DefaultNameIdFormat;
}

/** Lifetimes Azure AD writes into the response, in seconds. */
export interface AzureSamlResponseLifetimes {
    /** SubjectConfirmationData NotOnOrAfter after issue; Azure uses 5 minutes. */
    readonly subjectConfirmationSeconds?: number;
    /** Conditions NotOnOrAfter after issue; Azure's default SAML token lifetime is 1 hour. */
    readonly tokenSeconds?: number;
    /** Conditions NotBefore before issue, for clock skew; Azure uses 5 minutes. */
    readonly notBeforeSkewSeconds?: number;
}

export interface AzureSamlResponseRequest {
    readonly tenantId: string;
    readonly app: AzureSignInApp;
    readonly user: DirectoryUser;
    /** Issue instant; everything time-based derives from it. */
    readonly now: Date;
    readonly lifetimes?: AzureSamlResponseLifetimes;
    /** Generates Response/Assertion IDs and the SessionIndex; defaults to `_` + UUID v4 as Azure does. */
    readonly newId?: () => string;
}

export interface AzureSamlResponse {
    /** The signed `samlp:Response` document. */
    readonly xml: string;
    /** What the browser posts to the reply URL as `SAMLResponse`, and what STS takes as `SAMLAssertion`. */
    readonly base64: string;
    readonly responseId: string;
    readonly assertionId: string;
    readonly audience: string;
    readonly claims: AzureClaimSet;
}

export type AzureSamlResponseOutcome =
    | { readonly ok: true; readonly response: AzureSamlResponse }
    /** Azure AD cannot issue a response. */
    | { readonly ok: false; readonly problem: string; readonly resourceToFix: string };

/** The Audience Azure AD sends: the identifier URI with any `#...` suffix removed. */
export function audienceOfIdentifierUri(identifierUri: string): string {
    const hash = identifierUri.indexOf("#");
    return hash >= 0 ? identifierUri.slice(0, hash) : identifierUri;
}

function newAzureId(): string {
    return `_${uuidv4()}`;
}

function plusSeconds(date: Date, seconds: number): string {
    return new Date(date.getTime() + seconds * 1000).toISOString();
}

/** Builds and signs the SAML response Azure AD would post to AWS for this user. */
export function buildAzureSamlResponse(request: AzureSamlResponseRequest): AzureSamlResponseOutcome {
    const { app } = request;
    if (app.identifierUri.trim() === "") {
        return {
            ok: false,
            problem: "the application has no identifier URI (Entity ID), so Azure AD issues no SAML response",
            resourceToFix: "Azure AD application identifier URI",
        };
    }
    if (app.replyUrl.trim() === "") {
        return {
            ok: false,
            problem: "the application has no reply URL, so Azure AD has nowhere to post the SAML response",
            resourceToFix: "Azure AD application reply URL",
        };
    }
    const audience = audienceOfIdentifierUri(app.identifierUri);
    const mapped = applyClaimsMappingPolicy(app.claimsMappingPolicy, request.user, {
        tenantId: request.tenantId,
        audience,
        defaultNameIdFormat: app.defaultNameIdFormat ?? "persistent",
    });
    if (!mapped.ok) {
        return { ok: false, problem: mapped.problem, resourceToFix: "claims mapping policy" };
    }
    const newId = request.newId ?? newAzureId;
    const responseId = newId();
    const assertionId = newId();
    const unsigned = renderAzureSamlResponseXml({
        responseId,
        assertionId,
        sessionIndex: newId(),
        issuer: azureAdIssuer(request.tenantId),
        replyUrl: app.replyUrl,
        audience,
        claims: mapped.claims,
        now: request.now,
        lifetimes: request.lifetimes,
    });
    let xml: string;
    try {
        xml = signSamlResponseXml(unsigned, app.signingCertificate, app.samlSigning ?? "assertion");
    } catch (error) {
        return {
            ok: false,
            problem: `Azure AD cannot sign with the app's signing key: ${(error as Error).message}`,
            resourceToFix: "Azure AD token-signing certificate of the application",
        };
    }
    return {
        ok: true,
        response: { xml, base64: Buffer.from(xml, "utf8").toString("base64"), responseId, assertionId, audience, claims: mapped.claims },
    };
}

export interface UnsignedSamlResponseContent {
    readonly responseId: string;
    readonly assertionId: string;
    readonly sessionIndex: string;
    readonly issuer: string;
    readonly replyUrl: string;
    readonly audience: string;
    readonly claims: AzureClaimSet;
    readonly now: Date;
    readonly lifetimes?: AzureSamlResponseLifetimes;
}

/**
 * Renders the unsigned response in Azure AD's shape: `samlp:`-prefixed protocol elements and
 * assertion elements in the default namespace. Exposed so tests can alter a response before signing.
 */
export function renderAzureSamlResponseXml(content: UnsignedSamlResponseContent): string {
    const issueInstant = content.now.toISOString();
    const subjectConfirmationSeconds = content.lifetimes?.subjectConfirmationSeconds ?? 300;
    const tokenSeconds = content.lifetimes?.tokenSeconds ?? 3600;
    const notBeforeSkewSeconds = content.lifetimes?.notBeforeSkewSeconds ?? 300;

    const response = create().ele(SAML_PROTOCOL_NS, "samlp:Response", {
        ID: content.responseId,
        Version: "2.0",
        IssueInstant: issueInstant,
        Destination: content.replyUrl,
    });
    response.ele(SAML_ASSERTION_NS, "Issuer").txt(content.issuer);
    response.ele(SAML_PROTOCOL_NS, "samlp:Status").ele(SAML_PROTOCOL_NS, "samlp:StatusCode", { Value: SAML_STATUS_SUCCESS });

    const assertion = response.ele(SAML_ASSERTION_NS, "Assertion", { ID: content.assertionId, IssueInstant: issueInstant, Version: "2.0" });
    assertion.ele(SAML_ASSERTION_NS, "Issuer").txt(content.issuer);
    const subject = assertion.ele(SAML_ASSERTION_NS, "Subject");
    subject.ele(SAML_ASSERTION_NS, "NameID", { Format: content.claims.nameId.format }).txt(content.claims.nameId.value);
    subject
        .ele(SAML_ASSERTION_NS, "SubjectConfirmation", { Method: SAML_BEARER_CONFIRMATION })
        .ele(SAML_ASSERTION_NS, "SubjectConfirmationData", {
            NotOnOrAfter: plusSeconds(content.now, subjectConfirmationSeconds),
            Recipient: content.replyUrl,
        });
    assertion
        .ele(SAML_ASSERTION_NS, "Conditions", {
            NotBefore: plusSeconds(content.now, -notBeforeSkewSeconds),
            NotOnOrAfter: plusSeconds(content.now, tokenSeconds),
        })
        .ele(SAML_ASSERTION_NS, "AudienceRestriction")
        .ele(SAML_ASSERTION_NS, "Audience")
        .txt(content.audience);
    const attributeStatement = assertion.ele(SAML_ASSERTION_NS, "AttributeStatement");
    for (const claim of content.claims.attributes) {
        const attribute: XMLBuilder = attributeStatement.ele(SAML_ASSERTION_NS, "Attribute", { Name: claim.name });
        for (const value of claim.values) {
            attribute.ele(SAML_ASSERTION_NS, "AttributeValue").txt(value);
        }
    }
    assertion
        .ele(SAML_ASSERTION_NS, "AuthnStatement", { AuthnInstant: issueInstant, SessionIndex: content.sessionIndex })
        .ele(SAML_ASSERTION_NS, "AuthnContext")
        .ele(SAML_ASSERTION_NS, "AuthnContextClassRef")
        .txt(SAML_PASSWORD_AUTHN_CONTEXT);
    return response.end({ headless: true });
}

const RESPONSE_XPATH = `/*[local-name(.)='Response' and namespace-uri(.)='${SAML_PROTOCOL_NS}']`;
const ASSERTION_XPATH = `${RESPONSE_XPATH}/*[local-name(.)='Assertion' and namespace-uri(.)='${SAML_ASSERTION_NS}']`;
const issuerOf = (elementXpath: string) => `${elementXpath}/*[local-name(.)='Issuer' and namespace-uri(.)='${SAML_ASSERTION_NS}']`;

/**
 * Signs a rendered response as Azure AD does: RSA-SHA256, exclusive c14n, enveloped signature
 * placed right after the signed element's Issuer (where the SAML schema requires it), KeyInfo with
 * the X509 certificate. With both, the assertion is signed first so the response signature covers it.
 */
export function signSamlResponseXml(xml: string, key: SamlSigningKey, signing: SamlSigningOption): string {
    let signed = xml;
    if (signing === "assertion" || signing === "responseAndAssertion") {
        signed = signEnveloped(signed, ASSERTION_XPATH, key);
    }
    if (signing === "response" || signing === "responseAndAssertion") {
        signed = signEnveloped(signed, RESPONSE_XPATH, key);
    }
    return signed;
}

function signEnveloped(xml: string, elementXpath: string, key: SamlSigningKey): string {
    const signer = new SignedXml({
        privateKey: key.privateKeyPem,
        publicCert: base64DerToPem(key.base64Der),
        signatureAlgorithm: SIGNATURE_ALGORITHM_RSA_SHA256,
        canonicalizationAlgorithm: EXCLUSIVE_C14N,
    });
    signer.addReference({
        xpath: elementXpath,
        transforms: [ENVELOPED_SIGNATURE_TRANSFORM, EXCLUSIVE_C14N],
        digestAlgorithm: DIGEST_ALGORITHM_SHA256,
    });
    signer.computeSignature(xml, { location: { reference: issuerOf(elementXpath), action: "after" } });
    return signer.getSignedXml();
}
