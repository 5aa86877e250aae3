import * as assert from "assert";
import { DOMParser } from "@xmldom/xmldom";
import type { Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { AzureSamlResponse, buildAzureSamlResponse } from "../../../offline/sign-in/saml-response";
import type { DirectoryUser } from "../../../offline/sign-in/claims-mapping-policy";
import {
    AWS_CLAIMS_MAPPING_POLICY,
    DEVELOPER_ROLE_ARN,
    GLOBAL_SIGN_IN,
    ISSUER,
    NOW,
    PROVIDER_ARN,
    READ_ONLY_ROLE_ARN,
    TENANT_ID,
    bSimon,
    devApp,
} from "./support/dev-federation-fixture";
import {
    IDENTITY_CENTER_ACS as ACS,
    IDENTITY_CENTER_ISSUER as ISSUER_OF_IDENTITY_CENTER,
    MEGAN as USER,
    identityCenterCertificate,
    identityCenterResponse,
} from "./support/identity-center-response";
import { NAME_ID_FORMAT } from "../../../offline/sign-in/saml-names";

const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

function children(parent: Element, namespace: string, localName: string): Element[] {
    return Array.from(parent.childNodes).filter(
        (node): node is Element =>
            node.nodeType === node.ELEMENT_NODE &&
            (node as Element).namespaceURI === namespace &&
            (node as Element).localName === localName,
    );
}

function only(parent: Element, namespace: string, localName: string): Element {
    const found = children(parent, namespace, localName);
    assert.strictEqual(found.length, 1, `expected one ${localName} in ${parent.localName}, found ${found.length}`);
    return found[0];
}

/** Attribute name -> values, from the response's assertion. */
function attributesOf(response: AzureSamlResponse): Map<string, string[]> {
    const root = new DOMParser().parseFromString(response.xml, "text/xml").documentElement!;
    const statement = only(only(root, ASSERTION_NS, "Assertion"), ASSERTION_NS, "AttributeStatement");
    return new Map(
        children(statement, ASSERTION_NS, "Attribute").map((attribute) => [
            attribute.getAttribute("Name")!,
            children(attribute, ASSERTION_NS, "AttributeValue").map((value) => value.textContent ?? ""),
        ]),
    );
}

function build(
    signing: SigningCertificate,
    options: { policy?: string; user?: DirectoryUser; identifierUri?: string; nameId?: "persistent" | "emailAddress" } = {},
): AzureSamlResponse {
    const built = buildAzureSamlResponse({
        tenantId: TENANT_ID,
        app: devApp(signing, {
            claimsMappingPolicy: options.policy ?? AWS_CLAIMS_MAPPING_POLICY,
            ...(options.identifierUri ? { identifierUri: options.identifierUri } : {}),
            ...(options.nameId ? { defaultNameIdFormat: options.nameId } : {}),
        }),
        user: options.user ?? bSimon(),
        now: NOW,
    });
    assert.ok(built.ok, built.ok ? "" : built.problem);
    return built.response;
}

describe("buildAzureSamlResponse (Azure AD SAML response)", () => {
    let signing: SigningCertificate;

    before(() => {
        signing = generateSigningCertificate({
            commonName: "Microsoft Azure Federated SSO Certificate",
            notAfter: new Date("2028-03-14T00:00:00Z"),
        });
    });

    it("has Azure's shape: Destination, Issuer, one bearer SubjectConfirmation, Conditions, Audience without #suffix, AuthnStatement", () => {
        const response = build(signing);
        const root = new DOMParser().parseFromString(response.xml, "text/xml").documentElement!;
        assert.strictEqual(root.namespaceURI, PROTOCOL_NS);
        assert.strictEqual(root.localName, "Response");
        assert.strictEqual(root.getAttribute("Destination"), GLOBAL_SIGN_IN);
        assert.strictEqual(only(root, ASSERTION_NS, "Issuer").textContent, ISSUER);
        assert.strictEqual(
            only(only(root, PROTOCOL_NS, "Status"), PROTOCOL_NS, "StatusCode").getAttribute("Value"),
            "urn:oasis:names:tc:SAML:2.0:status:Success",
        );

        const assertion = only(root, ASSERTION_NS, "Assertion");
        assert.strictEqual(assertion.getAttribute("ID"), response.assertionId);
        assert.strictEqual(only(assertion, ASSERTION_NS, "Issuer").textContent, ISSUER);
        const subject = only(assertion, ASSERTION_NS, "Subject");
        const confirmation = only(subject, ASSERTION_NS, "SubjectConfirmation");
        assert.strictEqual(confirmation.getAttribute("Method"), "urn:oasis:names:tc:SAML:2.0:cm:bearer");
        const confirmationData = only(confirmation, ASSERTION_NS, "SubjectConfirmationData");
        assert.strictEqual(confirmationData.getAttribute("Recipient"), GLOBAL_SIGN_IN);
        assert.strictEqual(confirmationData.getAttribute("NotOnOrAfter"), "2025-03-14T09:31:53.000Z");
        const conditions = only(assertion, ASSERTION_NS, "Conditions");
        assert.strictEqual(conditions.getAttribute("NotBefore"), "2025-03-14T09:21:53.000Z");
        assert.strictEqual(conditions.getAttribute("NotOnOrAfter"), "2025-03-14T10:26:53.000Z");
        assert.strictEqual(
            only(only(conditions, ASSERTION_NS, "AudienceRestriction"), ASSERTION_NS, "Audience").textContent,
            GLOBAL_SIGN_IN,
        );
        assert.strictEqual(
            response.audience,
            GLOBAL_SIGN_IN,
            "identifier https://signin.aws.amazon.com/saml#dev-sandbox loses its #suffix",
        );
        const authn = only(assertion, ASSERTION_NS, "AuthnStatement");
        assert.strictEqual(authn.getAttribute("AuthnInstant"), NOW.toISOString());
    });

    it("signs the assertion with RSA-SHA256 and exclusive c14n, right after its Issuer, with the certificate in KeyInfo", () => {
        const response = build(signing);
        const root = new DOMParser().parseFromString(response.xml, "text/xml").documentElement!;
        assert.strictEqual(children(root, XMLDSIG_NS, "Signature").length, 0, "Azure's default signs the assertion only");
        const assertion = only(root, ASSERTION_NS, "Assertion");
        const signature = only(assertion, XMLDSIG_NS, "Signature");
        assert.strictEqual((signature.previousSibling as Element).localName, "Issuer");
        const signedInfo = only(signature, XMLDSIG_NS, "SignedInfo");
        assert.strictEqual(
            only(signedInfo, XMLDSIG_NS, "SignatureMethod").getAttribute("Algorithm"),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        );
        assert.strictEqual(
            only(signedInfo, XMLDSIG_NS, "CanonicalizationMethod").getAttribute("Algorithm"),
            "http://www.w3.org/2001/10/xml-exc-c14n#",
        );
        const reference = only(signedInfo, XMLDSIG_NS, "Reference");
        assert.strictEqual(reference.getAttribute("URI"), `#${response.assertionId}`);
        assert.deepStrictEqual(
            children(only(reference, XMLDSIG_NS, "Transforms"), XMLDSIG_NS, "Transform").map((transform) =>
                transform.getAttribute("Algorithm"),
            ),
            ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
        );
        const keyInfoCertificate = only(
            only(only(signature, XMLDSIG_NS, "KeyInfo"), XMLDSIG_NS, "X509Data"),
            XMLDSIG_NS,
            "X509Certificate",
        );
        assert.strictEqual(keyInfoCertificate.textContent, signing.base64Der);

        const verifier = new SignedXml({ publicCert: signing.pem });
        verifier.loadSignature(signature);
        assert.strictEqual(verifier.checkSignature(response.xml), true, "xml-crypto verifies it with the signing certificate");
    });

    it("applies the claims mapping policy: one Role value per assigned app role, RoleSessionName from the UPN, constant SessionDuration", () => {
        const attributes = attributesOf(build(signing));
        assert.deepStrictEqual(attributes.get("https://aws.amazon.com/SAML/Attributes/Role"), [
            `${DEVELOPER_ROLE_ARN},${PROVIDER_ARN}`,
            `${PROVIDER_ARN},${READ_ONLY_ROLE_ARN}`,
        ]);
        assert.deepStrictEqual(attributes.get("https://aws.amazon.com/SAML/Attributes/RoleSessionName"), ["B.Simon@contoso.com"]);
        assert.deepStrictEqual(attributes.get("https://aws.amazon.com/SAML/Attributes/SessionDuration"), ["3600"]);
        assert.deepStrictEqual(attributes.get("http://schemas.microsoft.com/identity/claims/tenantid"), [TENANT_ID]);
        assert.deepStrictEqual(
            attributes.get("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"),
            ["B.Simon@contoso.com"],
            "IncludeBasicClaimSet",
        );
    });

    it("reads other user attributes by their exact ID, and omits a claim whose attribute is empty", () => {
        const policy = AWS_CLAIMS_MAPPING_POLICY.replace('"ID":"userprincipalname"', '"ID":"onpremisessamaccountname"');
        assert.deepStrictEqual(
            attributesOf(build(signing, { policy, user: bSimon({ attributes: { onpremisessamaccountname: "bsimon" } }) })).get(
                "https://aws.amazon.com/SAML/Attributes/RoleSessionName",
            ),
            ["bsimon"],
        );
        assert.strictEqual(attributesOf(build(signing, { policy })).has("https://aws.amazon.com/SAML/Attributes/RoleSessionName"), false);
        const wrongCasedId = AWS_CLAIMS_MAPPING_POLICY.replace('"ID":"userprincipalname"', '"ID":"UserPrincipalName"');
        assert.strictEqual(
            attributesOf(build(signing, { policy: wrongCasedId })).has("https://aws.amazon.com/SAML/Attributes/RoleSessionName"),
            false,
        );
    });

    it("refuses a policy that is not JSON", () => {
        const built = buildAzureSamlResponse({
            tenantId: TENANT_ID,
            app: devApp(signing, { claimsMappingPolicy: "{ClaimsMappingPolicy:" }),
            user: bSimon(),
            now: NOW,
        });
        assert.ok(!built.ok);
        assert.strictEqual(built.resourceToFix, "claims mapping policy");
        assert.match(built.problem, /not valid JSON/);
    });

    it("sends a persistent pairwise NameID by default, the UPN as emailAddress on request, or what the policy maps to nameidentifier", () => {
        const nameIdOf = (response: AzureSamlResponse) => {
            const root = new DOMParser().parseFromString(response.xml, "text/xml").documentElement!;
            const nameId = only(only(only(root, ASSERTION_NS, "Assertion"), ASSERTION_NS, "Subject"), ASSERTION_NS, "NameID");
            return { format: nameId.getAttribute("Format"), value: nameId.textContent };
        };
        const persistent = nameIdOf(build(signing));
        assert.strictEqual(persistent.format, "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        assert.notStrictEqual(persistent.value, "B.Simon@contoso.com");
        assert.deepStrictEqual(nameIdOf(build(signing)), persistent, "stable for the same user and audience");
        assert.notDeepStrictEqual(
            nameIdOf(build(signing, { identifierUri: "https://signin.aws.amazon.com/saml/other" })),
            persistent,
            "pairwise per audience",
        );

        assert.deepStrictEqual(nameIdOf(build(signing, { nameId: "emailAddress" })), {
            format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            value: "B.Simon@contoso.com",
        });
        const mapped = AWS_CLAIMS_MAPPING_POLICY.replace(
            "]}}",
            ',{"Source":"user","ID":"mail","SamlClaimType":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier","SamlNameIdFormat":"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"}]}}',
        );
        assert.deepStrictEqual(nameIdOf(build(signing, { policy: mapped, user: bSimon({ attributes: { mail: "bsimon@contoso.com" } }) })), {
            format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            value: "bsimon@contoso.com",
        });
    });

    it("escapes user values instead of letting them shape the XML", () => {
        const injection =
            '</AttributeValue></Attribute><Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><AttributeValue>arn:aws:iam::111122223333:role/Admin,x';
        const policy = AWS_CLAIMS_MAPPING_POLICY.replace('"ID":"userprincipalname"', '"ID":"displayname"');
        const attributes = attributesOf(build(signing, { policy, user: bSimon({ attributes: { displayname: injection } }) }));
        assert.deepStrictEqual(attributes.get("https://aws.amazon.com/SAML/Attributes/RoleSessionName"), [injection]);
        assert.strictEqual(attributes.get("https://aws.amazon.com/SAML/Attributes/Role")?.length, 2);
    });

    describe("for IAM Identity Center's gallery app", () => {
        let certificate: SigningCertificate;
        before(() => {
            certificate = identityCenterCertificate("identity-center");
        });
        const respond = () => identityCenterResponse(certificate);

        it("Entra's response carries audience samlIssuer, recipient and destination samlAcsUrl, and the UPN as an emailAddress NameID", () => {
            const { xml } = respond();
            assert.ok(xml.includes(`<Audience>${ISSUER_OF_IDENTITY_CENTER}</Audience>`));
            assert.ok(xml.includes(`Recipient="${ACS}"`));
            assert.ok(xml.includes(`Destination="${ACS}"`));
            assert.ok(xml.includes(`<NameID Format="${NAME_ID_FORMAT.emailAddress}">${USER.userPrincipalName}</NameID>`));
        });
    });
});
