import * as assert from "assert";
import { generateSigningCertificate } from "../../offline/certificates";
import { AwsFederationPlan, assumeRoleWithSaml } from "../../offline/sign-in";
import { DEVELOPER_ROLE_ARN, GLOBAL_SIGN_IN, NOW, PROVIDER_ARN, devPlan, devRole } from "./dev-federation-fixture";
import { ADMIN_ROLE_ARN, ATTACK_CASES, AttackCase, CorpusKeys, TRUSTED_NAME_ID } from "./attack-corpus/attack-cases";
import { naiveReading } from "./attack-corpus/saml-forgery";

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
                            assert.ok(naive.roleValues.includes(attack.naiveReaderSees.roleValue), `a naive reader sees ${JSON.stringify(naive.roleValues)}`);
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

    it("gives every refusal class its own message, so a user can tell them apart", () => {
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
