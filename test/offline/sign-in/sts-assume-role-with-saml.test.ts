import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import type { Document, Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { applyClaimsMappingPolicy } from "../../../offline/sign-in/claims-mapping-policy";
import {
    AzureSignInApp,
    buildAzureSamlResponse,
    renderAzureSamlResponseXml,
    signSamlResponseXml,
} from "../../../offline/sign-in/saml-response";
import {
    AssumeRoleWithSamlResult,
    AwsFederationPlan,
    AWS_SIGN_IN_MESSAGE,
    assumeRoleWithSaml,
    parseRoleValue,
    samlAttributeValues,
    samlNameQualifier,
} from "../../../offline/sign-in/sts-assume-role-with-saml";
import {
    DEV_ACCOUNT_ID,
    DEVELOPER_ROLE_ARN,
    GLOBAL_SIGN_IN,
    ISSUER,
    NOW,
    PROVIDER_ARN,
    READ_ONLY_ROLE_ARN,
    TENANT_ID,
    bSimon,
    devApp,
    devPlan,
    devRole,
} from "./support/dev-federation-fixture";
import { ADMIN_ROLE_ARN, ATTACK_CASES, AttackCase, CorpusKeys, TRUSTED_NAME_ID } from "./support/attack-corpus/attack-cases";
import { naiveReading } from "./support/attack-corpus/saml-forgery";

const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
const SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
const REGIONAL_SIGN_IN = "https://eu-central-1.signin.aws.amazon.com/saml";

function failureOf(result: AssumeRoleWithSamlResult): Extract<AssumeRoleWithSamlResult, { ok: false }> {
    assert.ok(!result.ok, `expected failure, got ${JSON.stringify(result)}`);
    return result;
}

function parse(xml: string): Document {
    return new DOMParser().parseFromString(xml, "text/xml");
}

function serialize(document: Document): string {
    return new XMLSerializer().serializeToString(document);
}

function attributeValueElement(scope: Element, name: string): Element {
    const attributes = Array.from(scope.getElementsByTagNameNS(ASSERTION_NS, "Attribute"));
    const attribute = attributes.find((candidate) => candidate.getAttribute("Name") === name);
    assert.ok(attribute, `no ${name} attribute`);
    return attribute.getElementsByTagNameNS(ASSERTION_NS, "AttributeValue")[0];
}

/** What a verifier that trusts xml-crypto's verdict and then reads the first Assertion in the document would conclude. */
function naiveVerdict(xml: string, signing: SigningCertificate): { signatureValid: boolean; firstAssertionId: string | null } {
    const document = parse(xml);
    const verifier = new SignedXml({ publicCert: signing.pem });
    verifier.loadSignature(document.getElementsByTagNameNS(XMLDSIG_NS, "Signature")[0]);
    const signatureValid = verifier.checkSignature(xml);
    return { signatureValid, firstAssertionId: document.getElementsByTagNameNS(ASSERTION_NS, "Assertion")[0].getAttribute("ID") };
}

/** The Issuer of node-saml's fixtures. */
const NODE_SAML_ISSUER = "https://evil-corp.com";

function metadataForCertificates(...base64Der: string[]): string {
    return azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: base64Der });
}

/** Admin trusts the provider like every role, so only the response handling stands between a forgery and Admin. */
function planWithAdmin(keys: CorpusKeys, requireSubject: boolean): AwsFederationPlan {
    const plan = devPlan(keys.trusted);
    const trustPolicy = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_ARN },
                Action: "sts:AssumeRoleWithSAML",
                Condition: { StringEquals: { "SAML:aud": GLOBAL_SIGN_IN, ...(requireSubject ? { "SAML:sub": TRUSTED_NAME_ID } : {}) } },
            },
        ],
    };
    return { ...plan, roles: [...plan.roles, devRole("Developer", { arn: ADMIN_ROLE_ARN, name: "Admin", trustPolicy })] };
}

describe("assumeRoleWithSaml (AWS STS AssumeRoleWithSAML)", () => {
    describe("a response handed to STS directly", () => {
        let signing: SigningCertificate;

        before(() => {
            const validity = { notBefore: new Date("2025-03-01T00:00:00Z"), notAfter: new Date("2028-03-14T00:00:00Z") };
            signing = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", ...validity });
        });

        /** STS called directly with a hand-made response, for B.Simon's Developer role unless told otherwise. */
        function assumeDeveloper(responseXml: string, plan = devPlan(signing), roleArn = DEVELOPER_ROLE_ARN) {
            const samlAssertion = Buffer.from(responseXml, "utf8").toString("base64");
            return assumeRoleWithSaml({ plan, samlAssertion, roleArn, principalArn: PROVIDER_ARN, now: NOW });
        }

        function signedDevResponse(samlSigning: AzureSignInApp["samlSigning"] = "assertion") {
            const built = buildAzureSamlResponse({ tenantId: TENANT_ID, app: devApp(signing, { samlSigning }), user: bSimon(), now: NOW });
            assert.ok(built.ok);
            return built.response;
        }

        function unsignedDevResponse(): string {
            const mapped = applyClaimsMappingPolicy(devApp(signing).claimsMappingPolicy, bSimon(), {
                tenantId: TENANT_ID,
                audience: GLOBAL_SIGN_IN,
                defaultNameIdFormat: "persistent",
            });
            assert.ok(mapped.ok);
            return renderAzureSamlResponseXml({
                ...{ responseId: "_response", assertionId: "_assertion", sessionIndex: "_session" },
                ...{ issuer: ISSUER, replyUrl: GLOBAL_SIGN_IN, audience: GLOBAL_SIGN_IN, claims: mapped.claims, now: NOW },
            });
        }

        it("fails the signature when the assertion is altered after signing", () => {
            const document = parse(signedDevResponse().xml);
            attributeValueElement(document.documentElement!, SESSION_NAME_ATTRIBUTE).textContent = "Admin@contoso.com";
            const failure = failureOf(assumeDeveloper(serialize(document)));
            assert.strictEqual(failure.check, "signature");
            assert.strictEqual(failure.message, AWS_SIGN_IN_MESSAGE.signatureInvalid);
            assert.match(failure.detail, /Assertion digest does not match its content/);
        });

        it("fails the signature when a signed Response is altered outside its separately signed Assertion", () => {
            const document = parse(signedDevResponse("responseAndAssertion").xml);
            document.documentElement!.setAttribute("Destination", "https://attacker.example/saml");
            const failure = failureOf(assumeDeveloper(serialize(document)));
            assert.strictEqual(failure.check, "signature");
            assert.match(failure.detail, /Response digest does not match its content/);
        });

        it("fails an unsigned response", () => {
            const failure = failureOf(assumeDeveloper(unsignedDevResponse()));
            assert.strictEqual(failure.check, "signature");
            assert.match(failure.detail, /neither the Response nor its Assertion is signed/);
        });

        describe("signature wrapping", () => {
            /** Moves the genuine signed assertion into a wrapper at the end and puts a forged one (Admin role, other session name) in its place. */
            function wrap(xml: string, moveSignatureIntoForgery: boolean): string {
                const document = parse(xml);
                const response = document.documentElement!;
                const genuine = response.getElementsByTagNameNS(ASSERTION_NS, "Assertion")[0];
                const forged = genuine.cloneNode(true) as Element;
                forged.setAttribute("ID", "_forged");
                forged.removeChild(forged.getElementsByTagNameNS(XMLDSIG_NS, "Signature")[0]);
                attributeValueElement(forged, ROLE_ATTRIBUTE).textContent = `${ADMIN_ROLE_ARN},${PROVIDER_ARN}`;
                attributeValueElement(forged, SESSION_NAME_ATTRIBUTE).textContent = "Mallory@contoso.com";
                if (moveSignatureIntoForgery) {
                    // The genuine signature now sits in the forgery and still references the genuine assertion's ID.
                    const genuineSignature = genuine.getElementsByTagNameNS(XMLDSIG_NS, "Signature")[0];
                    genuine.removeChild(genuineSignature);
                    forged.insertBefore(genuineSignature, forged.getElementsByTagNameNS(ASSERTION_NS, "Subject")[0]);
                }
                response.replaceChild(forged, genuine);
                const wrapper = document.createElementNS("urn:example:wrapper", "w:Wrapper");
                wrapper.appendChild(genuine);
                response.appendChild(wrapper);
                return serialize(document);
            }

            for (const [variant, moveSignatureIntoForgery] of [
                ["genuine assertion tucked away, forgery unsigned", false],
                ["genuine signature moved into the forgery", true],
            ] as const) {
                it(`rejects a wrapped response (${variant}) that a naive verifier accepts`, () => {
                    const genuine = signedDevResponse();
                    const wrapped = wrap(genuine.xml, moveSignatureIntoForgery);
                    assert.deepStrictEqual(
                        naiveVerdict(wrapped, signing),
                        { signatureValid: true, firstAssertionId: "_forged" },
                        "the attack document must fool a naive verifier",
                    );
                    assert.ok(wrapped.includes(genuine.assertionId));
                    // Admin exists and trusts the provider, so only the signature handling stands between Mallory and Admin.
                    const plan = devPlan(signing);
                    const withAdmin = { ...plan, roles: [...plan.roles, devRole("Developer", { arn: ADMIN_ROLE_ARN, name: "Admin" })] };

                    const failure = failureOf(assumeDeveloper(wrapped, withAdmin, ADMIN_ROLE_ARN));
                    assert.strictEqual(failure.check, "signature");
                    assert.strictEqual(failure.message, AWS_SIGN_IN_MESSAGE.signatureInvalid);
                });
            }
        });

        it("rejects a correctly signed assertion with two SubjectConfirmations", () => {
            const document = parse(unsignedDevResponse());
            const confirmation = document.getElementsByTagNameNS(ASSERTION_NS, "SubjectConfirmation")[0];
            const second = confirmation.cloneNode(true) as Element;
            (second.firstChild as Element).setAttribute("Recipient", REGIONAL_SIGN_IN);
            confirmation.parentNode!.appendChild(second);
            const signed = signSamlResponseXml(serialize(document), devApp(signing).signingCertificate, "assertion");

            const failure = failureOf(assumeDeveloper(signed));
            assert.strictEqual(failure.check, "subject-confirmation");
            assert.strictEqual(failure.detail, "the signed assertion has 2 SubjectConfirmation elements");
        });

        it("refuses XML with a DTD before anything else", () => {
            const withDoctype = `<!DOCTYPE samlp:Response [<!ENTITY upn "Admin@contoso.com">]>${signedDevResponse().xml}`;
            const failure = failureOf(assumeDeveloper(withDoctype));
            assert.strictEqual(failure.check, "saml-response");
            assert.match(failure.detail, /document type declaration/);
        });

        it("grants the session with the role's ARN, the RoleSessionName and the SessionDuration of the signed assertion", () => {
            const result = assumeDeveloper(signedDevResponse().xml);
            assert.ok(result.ok, JSON.stringify(result));
            assert.strictEqual(result.assumedRoleArn, `arn:aws:sts::${DEV_ACCOUNT_ID}:assumed-role/Developer/B.Simon@contoso.com`);
            assert.strictEqual(result.durationSeconds, 3600);
            assert.strictEqual(result.signerThumbprint, signing.thumbprint);
        });

        it("refuses a SAMLAssertion that is not base64 of a SAML response", () => {
            const result = assumeRoleWithSaml({
                plan: devPlan(signing),
                samlAssertion: Buffer.from("not xml at all", "utf8").toString("base64"),
                roleArn: DEVELOPER_ROLE_ARN,
                principalArn: PROVIDER_ARN,
                now: NOW,
            });
            assert.strictEqual(failureOf(result).check, "saml-response");
        });
    });

    describe("the Role attribute and SAML context helpers", () => {
        it("splits a Role value into role and provider ARNs in either order, and refuses anything else", () => {
            const expected = { roleArn: DEVELOPER_ROLE_ARN, principalArn: PROVIDER_ARN };
            assert.deepStrictEqual(parseRoleValue(`${DEVELOPER_ROLE_ARN},${PROVIDER_ARN}`), expected);
            assert.deepStrictEqual(parseRoleValue(`${PROVIDER_ARN},${DEVELOPER_ROLE_ARN}`), expected);
            assert.strictEqual(parseRoleValue(`${DEVELOPER_ROLE_ARN}, ${PROVIDER_ARN}`), undefined, "whitespace around the comma");
            assert.strictEqual(parseRoleValue(`${DEVELOPER_ROLE_ARN},${READ_ONLY_ROLE_ARN}`), undefined, "two roles, no provider");
            assert.strictEqual(parseRoleValue(DEVELOPER_ROLE_ARN), undefined);
            assert.strictEqual(parseRoleValue(`${DEVELOPER_ROLE_ARN},${PROVIDER_ARN},${PROVIDER_ARN}`), undefined);
        });

        it("reads an attribute's values across AttributeStatements, trimmed, and tells an absent attribute from an empty one", () => {
            const xml =
                `<Assertion xmlns="${ASSERTION_NS}">` +
                `<AttributeStatement><Attribute Name="${ROLE_ATTRIBUTE}"><AttributeValue>\n  a  \n</AttributeValue></Attribute></AttributeStatement>` +
                `<AttributeStatement><Attribute Name="${ROLE_ATTRIBUTE}"><AttributeValue>b</AttributeValue></Attribute>` +
                `<Attribute Name="${SESSION_NAME_ATTRIBUTE}"/></AttributeStatement>` +
                `</Assertion>`;
            const assertion = parse(xml).documentElement!;
            assert.deepStrictEqual(samlAttributeValues(assertion, ROLE_ATTRIBUTE), ["a", "b"]);
            assert.deepStrictEqual(samlAttributeValues(assertion, SESSION_NAME_ATTRIBUTE), []);
            assert.strictEqual(samlAttributeValues(assertion, "https://aws.amazon.com/SAML/Attributes/SessionDuration"), undefined);
        });

        it("computes SAML:namequalifier as base64(SHA1(issuer + account id + '/' + provider name))", () => {
            const expected = crypto.createHash("sha1").update(`${ISSUER}${DEV_ACCOUNT_ID}/AzureAD`).digest("base64");
            assert.strictEqual(samlNameQualifier(ISSUER, DEV_ACCOUNT_ID, "AzureAD"), expected);
            assert.notStrictEqual(samlNameQualifier(ISSUER, "444455556666", "AzureAD"), expected, "differs per account");
        });
    });

    describe("SAML attack corpus (built from the project's own signer, refused at the stage STS refuses it)", () => {
        let keys: CorpusKeys;

        before(() => {
            const validity = { notBefore: new Date("2025-03-01T00:00:00Z"), notAfter: new Date("2028-03-14T00:00:00Z") };
            keys = {
                trusted: generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", ...validity }),
                attacker: generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", ...validity }),
            };
        });

        function attempt(attack: AttackCase) {
            const xml = attack.build(keys);
            const result = assumeRoleWithSaml({
                plan: planWithAdmin(keys, attack.adminTrustRequiresSubject ?? false),
                samlAssertion: Buffer.from(xml, "utf8").toString("base64"),
                roleArn: attack.roleArn ?? DEVELOPER_ROLE_ARN,
                principalArn: PROVIDER_ARN,
                now: attack.stsNow ?? NOW,
            });
            return { xml, result };
        }

        const classes = [...new Set(ATTACK_CASES.map((attack) => attack.attackClass))];
        for (const attackClass of classes) {
            describe(attackClass, () => {
                for (const attack of ATTACK_CASES.filter((candidate) => candidate.attackClass === attackClass)) {
                    const expected = attack.refused;
                    it(expected ? `${attack.name}: refused at ${expected.check}` : `${attack.name}: signs in`, () => {
                        const { xml, result } = attempt(attack);
                        if (attack.naiveReaderSees) {
                            const naive = naiveReading(xml, keys.trusted);
                            assert.strictEqual(naive.signatureValid, true, "the attack must pass xml-crypto's own signature check");
                            if (attack.naiveReaderSees.roleValue) {
                                assert.ok(
                                    naive.roleValues.includes(attack.naiveReaderSees.roleValue),
                                    `a naive reader sees ${JSON.stringify(naive.roleValues)}`,
                                );
                            }
                            if (attack.naiveReaderSees.nameId) {
                                assert.strictEqual(naive.nameId, attack.naiveReaderSees.nameId);
                            }
                        }
                        if (!expected) {
                            assert.ok(result.ok, `expected a session, got ${JSON.stringify(result)}`);
                            assert.strictEqual(result.assumedRoleArn.split("/")[1], (attack.roleArn ?? DEVELOPER_ROLE_ARN).split("/")[1]);
                            assert.strictEqual(result.signerThumbprint, keys.trusted.thumbprint);
                            return;
                        }
                        assert.ok(!result.ok, `expected a refusal at ${expected.check}, got a session: ${JSON.stringify(result)}`);
                        assert.deepStrictEqual(
                            { check: result.check, message: result.message, messageIsDocumented: result.messageIsDocumented },
                            { check: expected.check, message: expected.message, messageIsDocumented: expected.messageIsDocumented },
                            result.detail,
                        );
                        assert.match(result.detail, expected.detail);
                    });
                }
            });
        }

        it("never words two different checks with the same message of its own, so a user can tell them apart", () => {
            const byMessage = new Map<string, Set<string>>();
            for (const attack of ATTACK_CASES) {
                if (attack.refused) {
                    byMessage.set(attack.refused.message, (byMessage.get(attack.refused.message) ?? new Set()).add(attack.refused.check));
                }
            }
            // AWS's own generic messages may serve several checks; the simulation's own never do.
            for (const [message, checks] of byMessage) {
                if (message.startsWith("Invalid SAML response:")) {
                    assert.strictEqual(checks.size, 1, `${message} is used by ${[...checks].join(", ")}`);
                }
            }
        });
    });

    describe("node-saml's signature fixtures (a peer's corpus, used as data; licence and provenance beside it)", () => {
        const folder = path.join(__dirname, "support", "attack-corpus", "node-saml");
        const certificatePem = fs.readFileSync(path.join(folder, "cert.pem"), "ascii");
        const certificateDer = certificatePem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
        /** A provider whose metadata trusts node-saml's IdP certificate and names its entity ID. */
        const plan: AwsFederationPlan = {
            roles: [devRole("Developer")],
            providers: [
                {
                    arn: PROVIDER_ARN,
                    name: "AzureAD",
                    accountId: DEV_ACCOUNT_ID,
                    metadataXml: metadataForCertificates(certificateDer).replace(`entityID="${ISSUER}"`, `entityID="${NODE_SAML_ISSUER}"`),
                },
            ],
        };
        const judge = (file: string) =>
            assumeRoleWithSaml({
                plan,
                samlAssertion: fs.readFileSync(path.join(folder, file)).toString("base64"),
                roleArn: DEVELOPER_ROLE_ARN,
                principalArn: PROVIDER_ARN,
                now: new Date("2020-09-25T16:30:00Z"),
            });

        it("uses metadata that really names node-saml's IdP", () => {
            assert.ok(plan.providers[0].metadataXml.includes(`entityID="${NODE_SAML_ISSUER}"`));
        });

        for (const file of fs.readdirSync(path.join(folder, "invalid")).sort()) {
            it(`refuses invalid/${file} before reading any claim`, () => {
                const result = judge(path.join("invalid", file));
                assert.ok(!result.ok, "an invalid signature must never sign in");
                assert.ok(["saml-response", "signature"].includes(result.check), `${result.check}: ${result.detail}`);
            });
        }

        for (const file of fs.readdirSync(path.join(folder, "valid")).sort()) {
            const encrypted = file.includes("encrypted");
            it(
                encrypted
                    ? `refuses valid/${file} as an encrypted assertion (not simulated)`
                    : `verifies the signature of valid/${file}, then refuses it as addressed to another service provider`,
                () => {
                    const result = judge(path.join("valid", file));
                    assert.ok(!result.ok);
                    if (encrypted) {
                        assert.strictEqual(result.check, "signature");
                        assert.match(result.detail, /encrypted assertions are not simulated/);
                    } else {
                        assert.strictEqual(result.check, "recipient", result.detail);
                        assert.match(result.detail, /Recipient "https:\/\/evil-corp\.madness\.com\/sso\/callback"/);
                    }
                },
            );
        }
    });
});
