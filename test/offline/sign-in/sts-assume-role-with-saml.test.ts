import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { generateSigningCertificate } from "../../../offline/program/certificates";
import { AwsFederationPlan, assumeRoleWithSaml } from "../../../offline/sign-in";
import {
    DEV_ACCOUNT_ID,
    DEVELOPER_ROLE_ARN,
    GLOBAL_SIGN_IN,
    ISSUER,
    NOW,
    PROVIDER_ARN,
    TENANT_ID,
    devPlan,
    devRole,
} from "./support/dev-federation-fixture";
import { ADMIN_ROLE_ARN, ATTACK_CASES, AttackCase, CorpusKeys, TRUSTED_NAME_ID } from "./support/attack-corpus/attack-cases";
import { naiveReading } from "./support/attack-corpus/saml-forgery";

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
