import * as assert from "assert";
import type { SigningCertificate } from "../../../offline/program/certificates";
import { identityCenterAcs, IdentityCenterServiceProvider } from "../../../offline/sign-in/identity-center-acs";
import {
    IDENTITY_CENTER_ACS as ACS,
    IDENTITY_CENTER_NOW as now,
    MEGAN as USER,
    identityCenterCertificate,
    identityCenterProvider,
    identityCenterResponse,
} from "./support/identity-center-response";

describe("identityCenterAcs (IAM Identity Center's assertion consumer service)", () => {
    let certificate: SigningCertificate;
    let other: SigningCertificate;

    before(() => {
        certificate = identityCenterCertificate("identity-center");
        other = identityCenterCertificate("rotated");
    });

    const respond = (overrides: { identifierUri?: string; replyUrl?: string; key?: SigningCertificate } = {}) =>
        identityCenterResponse(certificate, overrides);
    const provider = (overrides: Partial<IdentityCenterServiceProvider> = {}) => identityCenterProvider(certificate, overrides);

    it("Identity Center accepts it when the uploaded metadata holds the signing certificate and SCIM provisioned the user", () => {
        assert.deepStrictEqual(identityCenterAcs(provider(), respond().xml, now), {
            ok: true,
            userName: USER.userPrincipalName,
            signerThumbprint: certificate.thumbprint,
        });
    });

    it("refuses a response signed with a key the uploaded metadata does not hold (rotation without the upload)", () => {
        const outcome = identityCenterAcs(provider(), respond({ key: other }).xml, now);
        assert.ok(!outcome.ok && outcome.check === "signature", JSON.stringify(outcome));
        assert.match(outcome.resourceToFix, /runbook step 3/);
        assert.ok(outcome.message.includes(other.thumbprint), "names the key that signed");
    });

    it("refuses an assertion altered after signing", () => {
        const tampered = respond().xml.replace(`>${USER.userPrincipalName}</NameID>`, ">admin@contoso.com</NameID>");
        const outcome = identityCenterAcs(provider({ userNames: new Set(["admin@contoso.com"]) }), tampered, now);
        assert.ok(!outcome.ok && outcome.check === "signature", JSON.stringify(outcome));
    });

    it("refuses the wrong audience, the wrong recipient, an expired response and a user SCIM has not provisioned", () => {
        const check = (xml: string, overrides: Partial<IdentityCenterServiceProvider> = {}, at = now) => {
            const outcome = identityCenterAcs(provider(overrides), xml, at);
            return outcome.ok ? "ok" : outcome.check;
        };
        assert.strictEqual(check(respond({ identifierUri: "https://signin.aws.amazon.com/saml" }).xml), "audience");
        assert.strictEqual(
            check(respond({ replyUrl: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/other" }).xml),
            "destination",
        );
        assert.strictEqual(check(respond().xml, {}, new Date(now.getTime() + 2 * 3600_000)), "validity-period");
        assert.strictEqual(check(respond().xml, { userNames: new Set(["someone.else@contoso.com"]) }), "user");
    });

    it("refuses uploaded metadata it cannot read, and a posted document that is not a samlp:Response", () => {
        const unreadable = identityCenterAcs(provider({ idpMetadataXml: "<EntityDescriptor" }), respond().xml, now);
        assert.ok(!unreadable.ok && unreadable.check === "idp-metadata", JSON.stringify(unreadable));
        assert.strictEqual(unreadable.resourceToFix, "identityCenter.idpMetadataXml (runbook step 3)");

        const notXml = identityCenterAcs(provider(), "<samlp:Response", now);
        assert.ok(!notXml.ok && notXml.check === "saml-response", JSON.stringify(notXml));
        const assertionOnly = respond().xml.replace(/^[\s\S]*?(<Assertion[\s\S]*<\/Assertion>)[\s\S]*$/, "$1");
        const bare = identityCenterAcs(provider(), assertionOnly, now);
        assert.ok(!bare.ok && bare.check === "saml-response" && /not a samlp:Response/.test(bare.message), JSON.stringify(bare));
    });

    it("refuses a response posted to another ACS URL, naming the reply URL to fix", () => {
        const outcome = identityCenterAcs(provider({ samlAcsUrl: `${ACS}-other` }), respond().xml, now);
        assert.ok(!outcome.ok && outcome.check === "destination", JSON.stringify(outcome));
        assert.strictEqual(outcome.resourceToFix, "reply URL of the Identity Center app (identityCenter.samlAcsUrl)");
        assert.ok(outcome.message.includes(ACS));
    });
});
