import type { Element } from "@xmldom/xmldom";
import type { SigningCertificate } from "../../../../../offline/program/certificates";
import { AWS_SIGN_IN_MESSAGE, SignInCheck } from "../../../../../offline/sign-in";
import { DEV_ACCOUNT_ID, DEVELOPER_ROLE_ARN, NOW, PROVIDER_ARN } from "../dev-federation-fixture";
import {
    ASSERTION_ID,
    ASSERTION_NS,
    PROTOCOL_NS,
    ROLE_ATTRIBUTE,
    SESSION_DURATION_ATTRIBUTE,
    SESSION_NAME_ATTRIBUTE,
    XMLDSIG_NS,
    assertionOf,
    attributeValueWithText,
    attributeValues,
    child,
    duplicate,
    edit,
    parseXml,
    samlAttribute,
    serializeXml,
    sign,
    signatureOf,
    splitText,
    unsignedResponse,
} from "./saml-forgery";

export const ADMIN_ROLE_ARN = `arn:aws:iam::${DEV_ACCOUNT_ID}:role/Admin`;
/** The pair every forgery tries to reach: Admin exists in the plan and trusts the provider. */
export const ADMIN_PAIR = `${ADMIN_ROLE_ARN},${PROVIDER_ARN}`;
/** A provider-first value B.Simon really holds; cut after "Admin" it reads as the Admin pair. */
export const ADMIN_SANDBOX_PAIR = `${PROVIDER_ARN},${ADMIN_ROLE_ARN}-sandbox`;
export const FORGED_SESSION_NAME = "Mallory@contoso.com";
/** For the NameID injection: Admin's trust policy also requires this SAML:sub. */
export const TRUSTED_NAME_ID = "B.Simon@contoso.com";

/** The keys a corpus is built with: the IdP's, which the provider metadata trusts, and an attacker's. */
export interface CorpusKeys {
    readonly trusted: SigningCertificate;
    readonly attacker: SigningCertificate;
}

export type AttackClass =
    | "control"
    | "XML signature wrapping"
    | "comment, CDATA and PI injection"
    | "Role values outside the signed element"
    | "duplicate IDs"
    | "DTD and XXE"
    | "foreign-key signatures"
    | "duplicated singletons"
    | "audience restriction"
    | "status"
    | "validity period"
    | "recipient and destination"
    | "malformed values";

export interface AttackCase {
    readonly attackClass: AttackClass;
    readonly name: string;
    /** The response as posted to AWS sign-in. */
    readonly build: (keys: CorpusKeys) => string;
    /** The role asked for: Admin where the attack tries to reach it, else B.Simon's Developer. */
    readonly roleArn?: string;
    /** STS's clock; defaults to the issue instant. */
    readonly stsNow?: Date;
    /** Admin's trust policy also requires SAML:sub = TRUSTED_NAME_ID. */
    readonly adminTrustRequiresSubject?: boolean;
    /** Undefined for a control that must sign in. */
    readonly refused?: {
        readonly check: SignInCheck;
        readonly message: string;
        readonly messageIsDocumented: boolean;
        readonly detail: RegExp;
    };
    /** The attack is live: a verifier that trusts xml-crypto and reads the first text of the first Assertion gets this. */
    readonly naiveReaderSees?: { readonly roleValue?: string; readonly nameId?: string };
}

/** The simulation's wording where AWS documents none. */
export const invalidToken = (rule: string) =>
    `Invalid SAML response: ${rule} (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken)`;

const WITH_ADMIN_SANDBOX = { user: { assignedRoleValues: [`${DEVELOPER_ROLE_ARN},${PROVIDER_ARN}`, ADMIN_SANDBOX_PAIR] } };

const refusedSignature = (detail: RegExp) =>
    ({ check: "signature", message: AWS_SIGN_IN_MESSAGE.signatureInvalid, messageIsDocumented: true, detail }) as const;
const refusedRoleAttribute = {
    check: "role-attribute",
    message: AWS_SIGN_IN_MESSAGE.notAuthorized,
    messageIsDocumented: false,
    detail: new RegExp(`does not offer ${ADMIN_ROLE_ARN} with ${PROVIDER_ARN}`),
} as const;
const refusedAudience = (detail: RegExp, messageIsDocumented = true) =>
    ({ check: "audience", message: AWS_SIGN_IN_MESSAGE.audienceMissing, messageIsDocumented, detail }) as const;
const refusedExpired = (detail: RegExp) =>
    ({ check: "validity-period", message: AWS_SIGN_IN_MESSAGE.expired, messageIsDocumented: false, detail }) as const;

/** The genuine response the IdP signs for B.Simon. */
const genuine = (keys: CorpusKeys, signing: "assertion" | "response" | "responseAndAssertion" = "assertion") =>
    sign(unsignedResponse(), keys.trusted, signing);

/** The IdP itself signs a response whose content `change` altered first: cases only reachable with the IdP's key. */
const signedAfter = (change: Parameters<typeof edit>[1], keys: CorpusKeys, options: Parameters<typeof unsignedResponse>[0] = {}) =>
    sign(edit(unsignedResponse(options), change), keys.trusted);

/** The attacker's content: Admin for the first Role value, Mallory as session name. */
function forgeAdmin(assertion: Element): void {
    attributeValues(assertion, ROLE_ATTRIBUTE)[0].textContent = ADMIN_PAIR;
    attributeValues(assertion, SESSION_NAME_ATTRIBUTE)[0].textContent = FORGED_SESSION_NAME;
}

/** A copy of the assertion with the attacker's content, its own ID and no signature. */
function forgedCopy(assertion: Element, id = "_evil_assertion"): Element {
    const copy = assertion.cloneNode(true) as Element;
    copy.removeChild(signatureOf(copy));
    copy.setAttribute("ID", id);
    forgeAdmin(copy);
    return copy;
}

function unsignedCopy(element: Element): Element {
    const copy = element.cloneNode(true) as Element;
    copy.removeChild(signatureOf(copy));
    return copy;
}

const conditionsOf = (response: Element) => child(assertionOf(response), ASSERTION_NS, "Conditions");
const subjectOf = (response: Element) => child(assertionOf(response), ASSERTION_NS, "Subject");
const confirmationDataOf = (response: Element) =>
    child(child(subjectOf(response), ASSERTION_NS, "SubjectConfirmation"), ASSERTION_NS, "SubjectConfirmationData");
const statusOf = (response: Element) => child(response, PROTOCOL_NS, "Status");

function statusCode(response: Element, codes: readonly string[], message?: string): void {
    const status = statusOf(response);
    const document = response.ownerDocument!;
    while (status.firstChild) {
        status.removeChild(status.firstChild);
    }
    let parent = status;
    for (const code of codes) {
        const element = document.createElementNS(PROTOCOL_NS, "samlp:StatusCode");
        element.setAttribute("Value", code);
        parent.appendChild(element);
        parent = element;
    }
    if (message) {
        const statusMessage = document.createElementNS(PROTOCOL_NS, "samlp:StatusMessage");
        statusMessage.appendChild(document.createTextNode(message));
        status.appendChild(statusMessage);
    }
}

const STATUS = "urn:oasis:names:tc:SAML:2.0:status:";
const OTHER_SP = "https://sp.example.org/saml/metadata";
const minutesAfterIssue = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

export const ATTACK_CASES: readonly AttackCase[] = [
    // Controls: the untouched documents sign in, so every refusal below is caused by its tampering.
    ...(["assertion", "response", "responseAndAssertion"] as const).map((signing): AttackCase => ({
        attackClass: "control",
        name: `untampered response, signed (${signing})`,
        build: (keys) => genuine(keys, signing),
    })),
    {
        attackClass: "control",
        name: "Admin genuinely assigned and signed signs in to Admin",
        build: (keys) => sign(unsignedResponse({ user: { assignedRoleValues: [ADMIN_PAIR] } }), keys.trusted),
        roleArn: ADMIN_ROLE_ARN,
    },
    {
        attackClass: "control",
        name: "several AudienceRestrictions, each naming AWS, are all satisfied",
        build: (keys) =>
            signedAfter((_, response) => {
                const restriction = child(conditionsOf(response), ASSERTION_NS, "AudienceRestriction");
                duplicate(restriction, (copy) => {
                    child(copy, ASSERTION_NS, "Audience").textContent = OTHER_SP;
                    copy.appendChild(
                        duplicate(child(copy, ASSERTION_NS, "Audience"), (audience) => (audience.textContent = "urn:amazon:webservices")),
                    );
                });
            }, keys),
    },
    {
        attackClass: "control",
        name: "times with seven fractional digits, as some IdPs send them, are SAML times",
        build: (keys) =>
            signedAfter((_, response) => conditionsOf(response).setAttribute("NotOnOrAfter", "2025-03-14T10:26:53.1234567Z"), keys),
    },
    {
        attackClass: "control",
        name: "a Success status with a sub-status is still Success",
        build: (keys) =>
            edit(genuine(keys), (_, response) => statusCode(response, [`${STATUS}Success`, "urn:example:status:Informational"])),
    },

    // XML signature wrapping, XSW1-XSW8 as Somorovsky et al., "On Breaking SAML" (USENIX Security 2012) and SAML Raider define them.
    {
        attackClass: "XML signature wrapping",
        name: "XSW1: forged Response at the root, the signed original inside its Signature",
        build: (keys) =>
            edit(genuine(keys, "response"), (_, response) => {
                const original = unsignedCopy(response);
                forgeAdmin(assertionOf(response));
                response.setAttribute("ID", "_evil_response");
                signatureOf(response).appendChild(original);
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(new RegExp(`the ID "${ASSERTION_ID}" occurs on more than one element`)),
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW2: forged Response at the root, the signed original before its Signature",
        build: (keys) =>
            edit(genuine(keys, "response"), (_, response) => {
                const original = unsignedCopy(response);
                forgeAdmin(assertionOf(response));
                response.setAttribute("ID", "_evil_response");
                response.insertBefore(original, signatureOf(response));
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(new RegExp(`the ID "${ASSERTION_ID}" occurs on more than one element`)),
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW3: unsigned forged Assertion before the signed one",
        build: (keys) =>
            edit(genuine(keys), (_, response) => response.insertBefore(forgedCopy(assertionOf(response)), assertionOf(response))),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/samlp:Response must carry exactly one Assertion, found 2/),
        naiveReaderSees: { roleValue: ADMIN_PAIR },
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW4: unsigned forged Assertion wrapping the signed one",
        build: (keys) =>
            edit(genuine(keys), (_, response) => {
                const original = assertionOf(response);
                const forged = forgedCopy(original);
                response.replaceChild(forged, original);
                forged.appendChild(original);
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/neither the Response nor its Assertion is signed/),
        naiveReaderSees: { roleValue: ADMIN_PAIR },
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW5: forged Assertion keeps the signature, the original follows it unsigned",
        build: (keys) =>
            edit(genuine(keys), (_, response) => {
                const assertion = assertionOf(response);
                response.appendChild(unsignedCopy(assertion));
                forgeAdmin(assertion);
                assertion.setAttribute("ID", "_evil_assertion");
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/samlp:Response must carry exactly one Assertion, found 2/),
        naiveReaderSees: { roleValue: ADMIN_PAIR },
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW6: forged Assertion keeps the signature, the original inside that Signature",
        build: (keys) =>
            edit(genuine(keys), (_, response) => {
                const assertion = assertionOf(response);
                signatureOf(assertion).appendChild(unsignedCopy(assertion));
                forgeAdmin(assertion);
                assertion.setAttribute("ID", "_evil_assertion");
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(
            new RegExp(`Assertion signature references #${ASSERTION_ID}, not its own Assertion \\(ID _evil_assertion\\)`),
        ),
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW7: forged copy with the same ID in samlp:Extensions, the signed original in place",
        build: (keys) =>
            edit(genuine(keys), (document, response) => {
                const extensions = document.createElementNS(PROTOCOL_NS, "samlp:Extensions");
                extensions.appendChild(forgedCopy(assertionOf(response), ASSERTION_ID));
                response.insertBefore(extensions, statusOf(response));
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(new RegExp(`the ID "${ASSERTION_ID}" occurs on more than one element`)),
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW7 without the repeated ID: the forgery in samlp:Extensions is never read",
        build: (keys) =>
            edit(genuine(keys), (document, response) => {
                const extensions = document.createElementNS(PROTOCOL_NS, "samlp:Extensions");
                extensions.appendChild(forgedCopy(assertionOf(response)));
                response.insertBefore(extensions, statusOf(response));
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedRoleAttribute,
        naiveReaderSees: { roleValue: ADMIN_PAIR },
    },
    {
        attackClass: "XML signature wrapping",
        name: "XSW8: forged Assertion keeps signature and ID, the original in a ds:Object",
        build: (keys) =>
            edit(genuine(keys), (document, response) => {
                const assertion = assertionOf(response);
                const object = document.createElementNS(XMLDSIG_NS, "ds:Object");
                object.appendChild(unsignedCopy(assertion));
                signatureOf(assertion).appendChild(object);
                forgeAdmin(assertion);
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(new RegExp(`the ID "${ASSERTION_ID}" occurs on more than one element`)),
    },

    // Comment, CDATA and PI injection into values the IdP signed.
    {
        attackClass: "comment, CDATA and PI injection",
        name: "comment in a signed Role value makes it read as the Admin pair to a first-text reader",
        build: (keys) =>
            edit(sign(unsignedResponse(WITH_ADMIN_SANDBOX), keys.trusted), (_, response) =>
                splitText(
                    attributeValueWithText(assertionOf(response), ROLE_ATTRIBUTE, ADMIN_SANDBOX_PAIR),
                    `${PROVIDER_ARN},${ADMIN_ROLE_ARN}`,
                    (d) => d.createComment(""),
                    "-sandbox",
                ),
            ),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedRoleAttribute,
        naiveReaderSees: { roleValue: `${PROVIDER_ARN},${ADMIN_ROLE_ARN}` },
    },
    {
        attackClass: "comment, CDATA and PI injection",
        name: "CDATA section in a signed Role value",
        build: (keys) =>
            edit(sign(unsignedResponse(WITH_ADMIN_SANDBOX), keys.trusted), (_, response) =>
                splitText(
                    attributeValueWithText(assertionOf(response), ROLE_ATTRIBUTE, ADMIN_SANDBOX_PAIR),
                    `${PROVIDER_ARN},${ADMIN_ROLE_ARN}`,
                    (d) => d.createCDATASection("-"),
                    "sandbox",
                ),
            ),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedRoleAttribute,
        naiveReaderSees: { roleValue: `${PROVIDER_ARN},${ADMIN_ROLE_ARN}` },
    },
    {
        attackClass: "comment, CDATA and PI injection",
        name: "processing instruction in a signed Role value (the signed bytes are no longer the ones signed)",
        build: (keys) =>
            edit(sign(unsignedResponse(WITH_ADMIN_SANDBOX), keys.trusted), (_, response) =>
                splitText(
                    attributeValueWithText(assertionOf(response), ROLE_ATTRIBUTE, ADMIN_SANDBOX_PAIR),
                    `${PROVIDER_ARN},${ADMIN_ROLE_ARN}`,
                    (d) => d.createProcessingInstruction("cut", ""),
                    "-sandbox",
                ),
            ),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(
            /Assertion signature does not verify with certificate [0-9A-F]{40}: Unable to exclusive canonicalize node type: 7/,
        ),
    },
    {
        attackClass: "comment, CDATA and PI injection",
        name: "comment in a signed NameID makes a look-alike subject read as the trusted one",
        build: (keys) =>
            edit(
                sign(
                    unsignedResponse({
                        defaultNameIdFormat: "emailAddress",
                        user: { userPrincipalName: `${TRUSTED_NAME_ID}.evil.example`, assignedRoleValues: [ADMIN_PAIR] },
                    }),
                    keys.trusted,
                ),
                (_, response) =>
                    splitText(
                        child(subjectOf(response), ASSERTION_NS, "NameID"),
                        TRUSTED_NAME_ID,
                        (d) => d.createComment(""),
                        ".evil.example",
                    ),
            ),
        roleArn: ADMIN_ROLE_ARN,
        adminTrustRequiresSubject: true,
        refused: {
            check: "trust-policy",
            message: AWS_SIGN_IN_MESSAGE.notAuthorized,
            messageIsDocumented: true,
            detail: new RegExp(`SAML:sub \\["${TRUSTED_NAME_ID}"\\] does not match "${TRUSTED_NAME_ID}.evil.example"`),
        },
        naiveReaderSees: { nameId: TRUSTED_NAME_ID },
    },
    {
        attackClass: "malformed values",
        name: "element inside a signed Role AttributeValue (text read across elements would join them)",
        build: (keys) =>
            signedAfter((document, response) => {
                const value = attributeValues(assertionOf(response), ROLE_ATTRIBUTE)[0];
                value.textContent = `${ADMIN_ROLE_ARN},`;
                const inner = document.createElementNS("urn:example:attacker", "x:provider");
                inner.appendChild(document.createTextNode(PROVIDER_ARN));
                value.appendChild(inner);
            }, keys),
        roleArn: ADMIN_ROLE_ARN,
        refused: {
            check: "role-attribute",
            message: invalidToken(`${ROLE_ATTRIBUTE} values must be plain text`),
            messageIsDocumented: false,
            detail: new RegExp(`1 ${ROLE_ATTRIBUTE} AttributeValue is nil or contains elements, not text`),
        },
    },

    // Role values the signature does not cover.
    {
        attackClass: "Role values outside the signed element",
        name: "AttributeStatement with the Admin pair directly under the Response, outside the signed Assertion",
        build: (keys) =>
            edit(genuine(keys), (document, response) => {
                const statement = document.createElementNS(ASSERTION_NS, "AttributeStatement");
                statement.appendChild(samlAttribute(document, ROLE_ATTRIBUTE, [ADMIN_PAIR]));
                response.appendChild(statement);
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedRoleAttribute,
    },
    {
        attackClass: "Role values outside the signed element",
        name: "Admin pair added to the signed Assertion's Role attribute after signing",
        build: (keys) =>
            edit(genuine(keys), (document, response) => {
                const role = attributeValues(assertionOf(response), ROLE_ATTRIBUTE)[0].parentNode as Element;
                role.appendChild(samlAttribute(document, ROLE_ATTRIBUTE, [ADMIN_PAIR]).firstChild!);
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/Assertion digest does not match its content/),
    },
    {
        attackClass: "Role values outside the signed element",
        name: "Admin pair added to the Assertion of a response signed at the Response level only",
        build: (keys) =>
            edit(genuine(keys, "response"), (document, response) => {
                child(assertionOf(response), ASSERTION_NS, "AttributeStatement").appendChild(
                    samlAttribute(document, ROLE_ATTRIBUTE, [ADMIN_PAIR]),
                );
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/Response digest does not match its content/),
    },
    {
        attackClass: "Role values outside the signed element",
        name: "second, unsigned Assertion carrying the Admin pair after the signed one",
        build: (keys) => edit(genuine(keys), (_, response) => response.appendChild(forgedCopy(assertionOf(response)))),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/samlp:Response must carry exactly one Assertion, found 2/),
    },

    // Repeated IDs.
    {
        attackClass: "duplicate IDs",
        name: "the unsigned Response takes the signed Assertion's ID",
        build: (keys) => edit(genuine(keys), (_, response) => response.setAttribute("ID", ASSERTION_ID)),
        refused: refusedSignature(
            new RegExp(`the ID "${ASSERTION_ID}" occurs on more than one element; a Reference to it would be ambiguous`),
        ),
    },
    {
        attackClass: "duplicate IDs",
        name: "a forged element carrying the signed Assertion's ID as Id",
        build: (keys) =>
            edit(genuine(keys), (document, response) => {
                const extensions = document.createElementNS(PROTOCOL_NS, "samlp:Extensions");
                const decoy = document.createElementNS("urn:example:attacker", "x:Decoy");
                decoy.setAttribute("Id", ASSERTION_ID);
                extensions.appendChild(decoy);
                response.insertBefore(extensions, statusOf(response));
            }),
        refused: refusedSignature(new RegExp(`the ID "${ASSERTION_ID}" occurs on more than one element`)),
    },

    // DTDs and entities: refused before anything reads the document.
    ...(
        [
            ["internal entity in the NameID", '<!DOCTYPE samlp:Response [<!ENTITY upn "Admin@contoso.com">]>', /document type declaration/],
            [
                "external entity (XXE) reading a local file",
                '<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                /document type declaration/,
            ],
            [
                "nested entities (billion laughs)",
                '<!DOCTYPE samlp:Response [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
                /document type declaration/,
            ],
            ["external DTD", '<!DOCTYPE samlp:Response SYSTEM "http://127.0.0.1:9/evil.dtd">', /document type declaration/],
        ] as const
    ).map(([name, doctype, detail]): AttackCase => ({
        attackClass: "DTD and XXE",
        name,
        build: (keys) => `${doctype}${genuine(keys)}`,
        refused: { check: "saml-response", message: AWS_SIGN_IN_MESSAGE.invalidSamlResponse, messageIsDocumented: true, detail },
    })),
    {
        attackClass: "DTD and XXE",
        name: "entity reference without any declaration",
        build: (keys) => genuine(keys).replace(/B\.Simon@contoso\.com<\/AttributeValue>/, "&upn;</AttributeValue>"),
        refused: {
            check: "saml-response",
            message: AWS_SIGN_IN_MESSAGE.invalidSamlResponse,
            messageIsDocumented: true,
            detail: /not acceptable XML/,
        },
    },

    // Signatures made with a key the provider metadata does not hold.
    {
        attackClass: "foreign-key signatures",
        name: "Assertion forged and re-signed with the attacker's key, its certificate in KeyInfo",
        build: (keys) =>
            sign(
                edit(unsignedResponse(), (_, response) => forgeAdmin(assertionOf(response))),
                keys.attacker,
            ),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(
            /Assertion signature does not verify with certificate [0-9A-F]{40}; .*KeyInfo names [0-9A-F]{40} \(a hint, not trusted\)/,
        ),
    },
    {
        attackClass: "foreign-key signatures",
        name: "IdP-signed Response around an Assertion signed by the attacker",
        build: (keys) => {
            const forged = sign(
                edit(unsignedResponse(), (_, response) => forgeAdmin(assertionOf(response))),
                keys.attacker,
            );
            return sign(forged, keys.trusted, "response");
        },
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/Assertion signature does not verify with certificate/),
    },
    {
        attackClass: "foreign-key signatures",
        name: "genuine signed Assertion under a Response signature made with the attacker's key",
        build: (keys) => sign(genuine(keys), keys.attacker, "response"),
        refused: refusedSignature(/Response signature does not verify with certificate/),
    },
    {
        attackClass: "foreign-key signatures",
        name: "attacker-signed Assertion replacing the one in an IdP Response-signed response",
        build: (keys) =>
            edit(genuine(keys, "response"), (_, response) => {
                const forged = parseXml(
                    sign(
                        edit(unsignedResponse(), (__, forgedResponse) => forgeAdmin(assertionOf(forgedResponse))),
                        keys.attacker,
                    ),
                );
                response.replaceChild(response.ownerDocument!.importNode(assertionOf(forged), true), assertionOf(response));
            }),
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/Response digest does not match its content/),
    },

    // Elements SAML allows once, duplicated inside the signed assertion: only reachable with the IdP's key.
    {
        attackClass: "duplicated singletons",
        name: "two Conditions: the second would hide the first's expiry and audience from a reader of 'the only child'",
        build: (keys) =>
            signedAfter((_, response) => {
                const conditions = conditionsOf(response);
                conditions.setAttribute("NotOnOrAfter", NOW.toISOString());
                child(child(conditions, ASSERTION_NS, "AudienceRestriction"), ASSERTION_NS, "Audience").textContent = OTHER_SP;
                duplicate(conditions);
            }, keys),
        stsNow: minutesAfterIssue(1),
        refused: {
            check: "conditions",
            message: invalidToken("the assertion's Conditions are not ones SAML allows"),
            messageIsDocumented: false,
            detail: /^the signed assertion has 2 Conditions elements; SAML allows at most 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two Subjects",
        build: (keys) => signedAfter((_, response) => void duplicate(subjectOf(response)), keys),
        refused: {
            check: "subject-confirmation",
            message: invalidToken("the assertion needs exactly one Subject, with exactly one NameID"),
            messageIsDocumented: false,
            detail: /^the signed assertion has 2 Subject elements; SAML allows exactly 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two NameIDs in the Subject",
        build: (keys) =>
            signedAfter(
                (_, response) =>
                    void duplicate(child(subjectOf(response), ASSERTION_NS, "NameID"), (copy) => (copy.textContent = "Admin@contoso.com")),
                keys,
            ),
        refused: {
            check: "subject-confirmation",
            message: invalidToken("the assertion needs exactly one Subject, with exactly one NameID"),
            messageIsDocumented: false,
            detail: /^Subject has 2 NameID elements; SAML allows at most 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two SubjectConfirmationData, the second for another recipient",
        build: (keys) =>
            signedAfter(
                (_, response) => void duplicate(confirmationDataOf(response), (copy) => copy.setAttribute("Recipient", OTHER_SP)),
                keys,
            ),
        refused: {
            check: "subject-confirmation",
            message: invalidToken("SubjectConfirmation must have at most one SubjectConfirmationData and one identifier"),
            messageIsDocumented: false,
            detail: /^SubjectConfirmation has 2 SubjectConfirmationData elements; SAML allows at most 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two SubjectConfirmations",
        build: (keys) =>
            signedAfter((_, response) => void duplicate(child(subjectOf(response), ASSERTION_NS, "SubjectConfirmation")), keys),
        refused: {
            check: "subject-confirmation",
            message: invalidToken("the assertion must contain exactly one SubjectConfirmation"),
            messageIsDocumented: false,
            detail: /^the signed assertion has 2 SubjectConfirmation elements$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two Issuers in the Assertion",
        build: (keys) =>
            signedAfter(
                (_, response) =>
                    void duplicate(
                        child(assertionOf(response), ASSERTION_NS, "Issuer"),
                        (copy) => (copy.textContent = "https://idp.example.org/"),
                    ),
                keys,
            ),
        refused: {
            check: "issuer",
            message: invalidToken("the assertion must have exactly one Issuer, and the Response at most one"),
            messageIsDocumented: false,
            detail: /^the signed assertion has 2 Issuer elements; SAML allows exactly 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two Issuers in the unsigned Response",
        build: (keys) => edit(genuine(keys), (_, response) => void duplicate(child(response, ASSERTION_NS, "Issuer"))),
        refused: {
            check: "issuer",
            message: invalidToken("the assertion must have exactly one Issuer, and the Response at most one"),
            messageIsDocumented: false,
            detail: /^samlp:Response has 2 Issuer elements; SAML allows at most 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "Response Issuer that is not the provider's entityID",
        build: (keys) =>
            edit(genuine(keys), (_, response) => (child(response, ASSERTION_NS, "Issuer").textContent = "https://idp.example.org/")),
        refused: {
            check: "issuer",
            message: AWS_SIGN_IN_MESSAGE.issuerNotInProvider,
            messageIsDocumented: true,
            detail: /^Response Issuer "https:\/\/idp\.example\.org\/" is not the metadata entityID .* \(the assertion's is\)$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "Assertion Issuer with a Format other than entity",
        build: (keys) =>
            signedAfter(
                (_, response) =>
                    child(assertionOf(response), ASSERTION_NS, "Issuer").setAttribute(
                        "Format",
                        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                    ),
                keys,
            ),
        refused: {
            check: "issuer",
            message: invalidToken("the assertion Issuer Format must be omitted or urn:oasis:names:tc:SAML:2.0:nameid-format:entity"),
            messageIsDocumented: false,
            detail: /Issuer Format "urn:oasis:names:tc:SAML:1\.1:nameid-format:emailAddress"/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two Assertions, both signed by the IdP",
        build: (keys) => {
            const signedOnce = genuine(keys);
            return edit(signedOnce, (document, response) => {
                const second = sign(
                    edit(unsignedResponse({ user: { assignedRoleValues: [ADMIN_PAIR] } }), (_, r) =>
                        assertionOf(r).setAttribute("ID", "_second"),
                    ),
                    keys.trusted,
                );
                const parsed = parseXml(second);
                response.appendChild(document.importNode(assertionOf(parsed), true));
            });
        },
        roleArn: ADMIN_ROLE_ARN,
        refused: refusedSignature(/samlp:Response must carry exactly one Assertion, found 2/),
    },
    {
        attackClass: "duplicated singletons",
        name: "an EncryptedAssertion beside the signed Assertion",
        build: (keys) =>
            edit(genuine(keys), (document, response) => {
                response.appendChild(document.createElementNS(ASSERTION_NS, "EncryptedAssertion"));
            }),
        refused: refusedSignature(/found 1 and 1 EncryptedAssertion \(encrypted assertions are not simulated\)/),
    },
    {
        attackClass: "duplicated singletons",
        name: "two Advice elements",
        build: (keys) =>
            signedAfter((document, response) => {
                const assertion = assertionOf(response);
                const conditions = conditionsOf(response);
                for (let i = 0; i < 2; i++) {
                    assertion.insertBefore(document.createElementNS(ASSERTION_NS, "Advice"), conditions.nextSibling);
                }
            }, keys),
        refused: {
            check: "saml-response",
            message: invalidToken("an element SAML allows once occurs more than once"),
            messageIsDocumented: false,
            detail: /^the signed assertion has 2 Advice elements; SAML allows at most 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two OneTimeUse conditions",
        build: (keys) =>
            signedAfter((document, response) => {
                for (let i = 0; i < 2; i++) {
                    conditionsOf(response).appendChild(document.createElementNS(ASSERTION_NS, "OneTimeUse"));
                }
            }, keys),
        refused: {
            check: "conditions",
            message: invalidToken("the assertion's Conditions are not ones SAML allows"),
            messageIsDocumented: false,
            detail: /^Conditions has 2 OneTimeUse elements; SAML allows at most 1$/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "a condition STS cannot understand",
        build: (keys) =>
            signedAfter((document, response) => {
                conditionsOf(response).appendChild(document.createElementNS("urn:example:conditions", "x:OnlyOnTuesdays"));
            }, keys),
        refused: {
            check: "conditions",
            message: invalidToken("the assertion's Conditions are not ones SAML allows"),
            messageIsDocumented: false,
            detail: /\{urn:example:conditions\}OnlyOnTuesdays, a condition this validator does not understand/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "two RoleSessionName values",
        build: (keys) =>
            signedAfter(
                (_, response) =>
                    void duplicate(
                        attributeValues(assertionOf(response), SESSION_NAME_ATTRIBUTE)[0],
                        (copy) => (copy.textContent = FORGED_SESSION_NAME),
                    ),
                keys,
            ),
        refused: {
            check: "role-session-name",
            message: invalidToken("RoleSessionName must have exactly one value"),
            messageIsDocumented: false,
            detail: /has 2 https:\/\/aws\.amazon\.com\/SAML\/Attributes\/RoleSessionName values \["B\.Simon@contoso\.com","Mallory@contoso\.com"\]/,
        },
    },
    {
        attackClass: "duplicated singletons",
        name: "SessionDuration in two Attribute elements",
        build: (keys) =>
            signedAfter((document, response) => {
                child(assertionOf(response), ASSERTION_NS, "AttributeStatement").appendChild(
                    samlAttribute(document, SESSION_DURATION_ATTRIBUTE, ["43200"]),
                );
            }, keys),
        roleArn: DEVELOPER_ROLE_ARN,
        refused: {
            check: "session-duration",
            message: invalidToken("SessionDuration must have exactly one value"),
            messageIsDocumented: false,
            detail: /has 2 https:\/\/aws\.amazon\.com\/SAML\/Attributes\/SessionDuration values \["3600","43200"\]/,
        },
    },

    // Audience restrictions: each one must name AWS, and there must be one.
    {
        attackClass: "audience restriction",
        name: "second AudienceRestriction for another service provider",
        build: (keys) =>
            signedAfter(
                (_, response) =>
                    void duplicate(
                        child(conditionsOf(response), ASSERTION_NS, "AudienceRestriction"),
                        (copy) => (child(copy, ASSERTION_NS, "Audience").textContent = OTHER_SP),
                    ),
                keys,
            ),
        refused: refusedAudience(
            /^AudienceRestriction 2 of 2: Audience \["https:\/\/sp\.example\.org\/saml\/metadata"\] names neither .* \(SAML requires every AudienceRestriction to be satisfied\)$/,
        ),
    },
    {
        attackClass: "audience restriction",
        name: "first AudienceRestriction for another service provider, second for AWS",
        build: (keys) =>
            signedAfter((_, response) => {
                const restriction = child(conditionsOf(response), ASSERTION_NS, "AudienceRestriction");
                duplicate(restriction);
                child(restriction, ASSERTION_NS, "Audience").textContent = OTHER_SP;
            }, keys),
        refused: refusedAudience(/^AudienceRestriction 1 of 2: Audience \["https:\/\/sp\.example\.org\/saml\/metadata"\]/),
    },
    {
        attackClass: "audience restriction",
        name: "an AudienceRestriction with no Audience",
        build: (keys) =>
            signedAfter((_, response) => {
                const restriction = child(conditionsOf(response), ASSERTION_NS, "AudienceRestriction");
                restriction.removeChild(child(restriction, ASSERTION_NS, "Audience"));
            }, keys),
        refused: refusedAudience(/^Audience \[\] names neither urn:amazon:webservices nor an AWS sign-in SAML endpoint$/),
    },
    {
        attackClass: "audience restriction",
        name: "Conditions without any AudienceRestriction",
        build: (keys) =>
            signedAfter(
                (_, response) =>
                    void conditionsOf(response).removeChild(child(conditionsOf(response), ASSERTION_NS, "AudienceRestriction")),
                keys,
            ),
        refused: refusedAudience(
            /^the signed assertion has no AudienceRestriction in its Conditions, .*AWS documents no behaviour for this case/,
            false,
        ),
    },
    {
        attackClass: "audience restriction",
        name: "no Conditions at all",
        build: (keys) => signedAfter((_, response) => void assertionOf(response).removeChild(conditionsOf(response)), keys),
        refused: refusedAudience(/^the signed assertion has no Conditions, so it names no audience/, false),
    },

    // Status: Azure AD reports its own failure; nothing in such a response is judged.
    {
        attackClass: "status",
        name: "Responder with sub-status AuthnFailed and an AADSTS message",
        build: (keys) =>
            edit(genuine(keys), (_, response) =>
                statusCode(
                    response,
                    [`${STATUS}Responder`, `${STATUS}AuthnFailed`],
                    "AADSTS50105: The signed in user is not assigned to a role for the application.",
                ),
            ),
        refused: {
            check: "status",
            message: invalidToken(`samlp:Status is ${STATUS}Responder / ${STATUS}AuthnFailed, not ${STATUS}Success`),
            messageIsDocumented: false,
            detail: /; StatusMessage "AADSTS50105: The signed in user is not assigned to a role for the application\."$/,
        },
    },
    {
        attackClass: "status",
        name: "Requester without a sub-status",
        build: (keys) => edit(genuine(keys), (_, response) => statusCode(response, [`${STATUS}Requester`])),
        refused: {
            check: "status",
            message: invalidToken(`samlp:Status is ${STATUS}Requester, not ${STATUS}Success`),
            messageIsDocumented: false,
            detail: new RegExp(`^samlp:Status is ${STATUS}Requester, not ${STATUS}Success$`),
        },
    },
    {
        attackClass: "status",
        name: "no Status",
        build: (keys) => edit(genuine(keys), (_, response) => void response.removeChild(statusOf(response))),
        refused: {
            check: "status",
            message: invalidToken("samlp:Response has 0 Status elements; SAML allows exactly 1"),
            messageIsDocumented: false,
            detail: /^samlp:Response has 0 Status elements; SAML allows exactly 1$/,
        },
    },
    {
        attackClass: "status",
        name: "two Status elements, the first not Success",
        build: (keys) =>
            edit(
                genuine(keys),
                (_, response) => void duplicate(statusOf(response), (copy) => response.insertBefore(copy, statusOf(response))),
            ),
        refused: {
            check: "status",
            message: invalidToken("samlp:Response has 2 Status elements; SAML allows exactly 1"),
            messageIsDocumented: false,
            detail: /Status elements/,
        },
    },
    {
        attackClass: "status",
        name: "two StatusCodes at the top level",
        build: (keys) =>
            edit(
                genuine(keys),
                (_, response) =>
                    void duplicate(child(statusOf(response), PROTOCOL_NS, "StatusCode"), (copy) =>
                        copy.setAttribute("Value", `${STATUS}Responder`),
                    ),
            ),
        refused: {
            check: "status",
            message: invalidToken("samlp:Status has 2 StatusCode elements; SAML allows exactly 1"),
            messageIsDocumented: false,
            detail: /^samlp:Status has 2 StatusCode elements; SAML allows exactly 1$/,
        },
    },
    {
        attackClass: "status",
        name: "StatusCode without a Value",
        build: (keys) =>
            edit(genuine(keys), (_, response) => child(statusOf(response), PROTOCOL_NS, "StatusCode").removeAttribute("Value")),
        refused: {
            check: "status",
            message: invalidToken("samlp:StatusCode has no Value"),
            messageIsDocumented: false,
            detail: /^samlp:StatusCode has no Value$/,
        },
    },

    // The validity window.
    {
        attackClass: "validity period",
        name: "expired: replayed after the SubjectConfirmationData NotOnOrAfter",
        build: (keys) => genuine(keys),
        stsNow: minutesAfterIssue(6),
        refused: refusedExpired(/^SubjectConfirmationData NotOnOrAfter 2025-03-14T09:31:53\.000Z is not after 2025-03-14T09:32:53\.000Z$/),
    },
    {
        attackClass: "validity period",
        name: "expired Conditions while the SubjectConfirmationData still runs",
        build: (keys) =>
            signedAfter((_, response) => conditionsOf(response).setAttribute("NotOnOrAfter", minutesAfterIssue(1).toISOString()), keys),
        stsNow: minutesAfterIssue(2),
        refused: refusedExpired(/^Conditions NotOnOrAfter 2025-03-14T09:27:53\.000Z is not after 2025-03-14T09:28:53\.000Z$/),
    },
    {
        attackClass: "validity period",
        name: "not yet valid: STS's clock before the Conditions NotBefore",
        build: (keys) => genuine(keys),
        stsNow: minutesAfterIssue(-6),
        refused: refusedExpired(/^Conditions NotBefore 2025-03-14T09:21:53\.000Z is after 2025-03-14T09:20:53\.000Z$/),
    },
    {
        attackClass: "validity period",
        name: "SubjectConfirmationData NotBefore in the future",
        build: (keys) =>
            signedAfter((_, response) => confirmationDataOf(response).setAttribute("NotBefore", minutesAfterIssue(2).toISOString()), keys),
        refused: refusedExpired(/^SubjectConfirmationData NotBefore 2025-03-14T09:28:53\.000Z is after 2025-03-14T09:26:53\.000Z$/),
    },
    {
        attackClass: "validity period",
        name: "Conditions NotBefore not before NotOnOrAfter",
        build: (keys) =>
            signedAfter(
                (_, response) => conditionsOf(response).setAttribute("NotBefore", conditionsOf(response).getAttribute("NotOnOrAfter")!),
                keys,
            ),
        refused: refusedExpired(/is not before its NotOnOrAfter .* \(SAML core 2\.5\.1\.2\)$/),
    },
    {
        attackClass: "validity period",
        name: "a time with a zone offset instead of UTC",
        build: (keys) =>
            signedAfter((_, response) => conditionsOf(response).setAttribute("NotOnOrAfter", "2025-03-14T11:26:53+01:00"), keys),
        refused: refusedExpired(/^Conditions NotOnOrAfter "2025-03-14T11:26:53\+01:00" is not a SAML time/),
    },
    {
        attackClass: "validity period",
        name: "an impossible date",
        build: (keys) => signedAfter((_, response) => conditionsOf(response).setAttribute("NotOnOrAfter", "2025-02-30T10:26:53Z"), keys),
        refused: refusedExpired(/^Conditions NotOnOrAfter "2025-02-30T10:26:53Z" is not a SAML time/),
    },

    // Where the response is addressed.
    {
        attackClass: "recipient and destination",
        name: "signed for another recipient",
        build: (keys) => sign(unsignedResponse({ replyUrl: OTHER_SP }), keys.trusted),
        refused: {
            check: "recipient",
            message: invalidToken("SubjectConfirmationData Recipient is not an AWS sign-in SAML endpoint"),
            messageIsDocumented: false,
            detail: /^Recipient "https:\/\/sp\.example\.org\/saml\/metadata" is neither/,
        },
    },
    {
        attackClass: "recipient and destination",
        name: "unsigned Response Destination rewritten to another service provider",
        build: (keys) => edit(genuine(keys), (_, response) => response.setAttribute("Destination", OTHER_SP)),
        refused: {
            check: "recipient",
            message: invalidToken("Response Destination is not an AWS sign-in SAML endpoint"),
            messageIsDocumented: false,
            detail: /^Response Destination "https:\/\/sp\.example\.org\/saml\/metadata" is neither/,
        },
    },
    {
        attackClass: "recipient and destination",
        name: "SubjectConfirmationData without a Recipient",
        build: (keys) => signedAfter((_, response) => confirmationDataOf(response).removeAttribute("Recipient"), keys),
        refused: {
            check: "subject-confirmation",
            message: invalidToken("SubjectConfirmation must be bearer with NotOnOrAfter and Recipient"),
            messageIsDocumented: false,
            detail: /Recipient ""/,
        },
    },

    // Values the XML itself forbids or SAML does not define.
    {
        attackClass: "malformed values",
        name: "a repeated attribute (NotOnOrAfter twice) is not well-formed XML",
        build: (keys) =>
            genuine(keys).replace(/<Conditions NotBefore="([^"]+)"/, '<Conditions NotOnOrAfter="2099-01-01T00:00:00Z" NotBefore="$1"'),
        refused: {
            check: "saml-response",
            message: AWS_SIGN_IN_MESSAGE.invalidSamlResponse,
            messageIsDocumented: true,
            detail: /not acceptable XML/,
        },
    },
    {
        attackClass: "malformed values",
        name: "an Assertion of SAML Version 1.1",
        build: (keys) => signedAfter((_, response) => assertionOf(response).setAttribute("Version", "1.1"), keys),
        refused: {
            check: "saml-response",
            message: invalidToken("the Response and its Assertion must be SAML Version 2.0"),
            messageIsDocumented: false,
            detail: /^Response Version "2\.0", Assertion Version "1\.1"$/,
        },
    },
    {
        attackClass: "malformed values",
        name: "a bare Assertion instead of a samlp:Response",
        build: (keys) => {
            return serializeXml(assertionOf(parseXml(genuine(keys))));
        },
        refused: refusedSignature(/root element is not samlp:Response/),
    },
];
