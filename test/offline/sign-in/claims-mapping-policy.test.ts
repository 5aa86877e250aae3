import * as assert from "assert";
import { applyClaimsMappingPolicy, ClaimsMappingOutcome } from "../../../offline/sign-in/claims-mapping-policy";
import { AWS_CLAIMS_MAPPING_POLICY, GLOBAL_SIGN_IN, TENANT_ID, bSimon } from "./support/dev-federation-fixture";

const ROLE = "https://aws.amazon.com/SAML/Attributes/Role";
const SESSION_DURATION = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
const NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
const GIVEN_NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";
const TENANT_CLAIM = "http://schemas.microsoft.com/identity/claims/tenantid";
const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const CONTEXT = { tenantId: TENANT_ID, audience: GLOBAL_SIGN_IN, defaultNameIdFormat: "persistent" } as const;

function policyOf(claimsSchema: unknown[], extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: "true", ClaimsSchema: claimsSchema, ...extra } });
}

function mapped(outcome: ClaimsMappingOutcome) {
    assert.ok(outcome.ok, outcome.ok ? "" : outcome.problem);
    return outcome.claims;
}

function valuesOf(outcome: ClaimsMappingOutcome, name: string): readonly string[] | undefined {
    return mapped(outcome).attributes.find((attribute) => attribute.name === name)?.values;
}

describe("applyClaimsMappingPolicy", () => {
    it("does not fix a wrong-cased key or a constant under ID, and says why in the notes", () => {
        const broken = JSON.stringify({
            ClaimsMappingPolicy: {
                Version: 1,
                IncludeBasicClaimSet: "true",
                ClaimsSchema: [
                    { Source: "user", ID: "assignedroles", samlClaimType: "https://aws.amazon.com/SAML/Attributes/Role" },
                    { ID: "3600", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/SessionDuration" },
                ],
            },
        });
        const outcome = applyClaimsMappingPolicy(broken, bSimon(), {
            tenantId: TENANT_ID,
            audience: GLOBAL_SIGN_IN,
            defaultNameIdFormat: "persistent",
        });
        assert.ok(outcome.ok);
        const names = outcome.claims.attributes.map((attribute) => attribute.name);
        assert.ok(!names.includes("https://aws.amazon.com/SAML/Attributes/Role"));
        assert.ok(!names.includes("https://aws.amazon.com/SAML/Attributes/SessionDuration"));
        assert.deepStrictEqual(outcome.claims.notes, [
            'ClaimsSchema[0] has unknown keys "samlClaimType" (keys are case-sensitive): Azure ignores them',
            'ClaimsSchema[0] has no "SamlClaimType": nothing emitted in SAML',
            'ClaimsSchema[1] (https://aws.amazon.com/SAML/Attributes/SessionDuration): "ID": "3600" without "Source" names no attribute (a constant needs "Value"): claim not emitted',
        ]);
    });

    it("maps the federation facts' policy: every assigned Role value, the UPN as RoleSessionName, the constant SessionDuration", () => {
        const outcome = applyClaimsMappingPolicy(AWS_CLAIMS_MAPPING_POLICY, bSimon(), CONTEXT);
        assert.deepStrictEqual(valuesOf(outcome, ROLE), bSimon().assignedRoleValues);
        assert.deepStrictEqual(valuesOf(outcome, "https://aws.amazon.com/SAML/Attributes/RoleSessionName"), ["B.Simon@contoso.com"]);
        assert.deepStrictEqual(valuesOf(outcome, SESSION_DURATION), ["3600"]);
        assert.deepStrictEqual(mapped(outcome).notes, []);
    });

    it("always emits the core claims, adds the basic claim set only when IncludeBasicClaimSet is true, and lets a policy claim replace one", () => {
        const user = bSimon();
        const withBasic = applyClaimsMappingPolicy(policyOf([]), user, CONTEXT);
        assert.deepStrictEqual(valuesOf(withBasic, TENANT_CLAIM), [TENANT_ID]);
        assert.deepStrictEqual(valuesOf(withBasic, OBJECT_ID_CLAIM), [user.objectId]);
        assert.deepStrictEqual(valuesOf(withBasic, NAME), [user.userPrincipalName]);
        assert.deepStrictEqual(valuesOf(withBasic, GIVEN_NAME), ["B."]);

        const withoutBasic = applyClaimsMappingPolicy(policyOf([], { IncludeBasicClaimSet: "false" }), user, CONTEXT);
        assert.deepStrictEqual(valuesOf(withoutBasic, TENANT_CLAIM), [TENANT_ID]);
        assert.strictEqual(valuesOf(withoutBasic, NAME), undefined);

        const replaced = applyClaimsMappingPolicy(policyOf([{ Source: "user", ID: "mail", SamlClaimType: NAME }]), user, CONTEXT);
        assert.deepStrictEqual(
            mapped(replaced).attributes.filter((attribute) => attribute.name === NAME),
            [{ name: NAME, values: ["B.Simon@contoso.com"] }],
            "one claim of the type, with the policy's value",
        );
    });

    it("sets the NameID from a nameidentifier claim, with its SamlNameIdFormat or unspecified", () => {
        const nameIdentifier = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
        const unspecified = applyClaimsMappingPolicy(
            policyOf([{ Source: "user", ID: "objectid", SamlClaimType: nameIdentifier }]),
            bSimon(),
            CONTEXT,
        );
        assert.deepStrictEqual(mapped(unspecified).nameId, {
            value: bSimon().objectId,
            format: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        });
        assert.strictEqual(valuesOf(unspecified, nameIdentifier), undefined, "the NameID is not also an attribute");
        const persistent = applyClaimsMappingPolicy(policyOf([]), bSimon(), CONTEXT);
        assert.strictEqual(mapped(persistent).nameId.format, "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        assert.notStrictEqual(mapped(persistent).nameId.value, bSimon().objectId, "the persistent NameID is opaque");
    });

    it("emits nothing for an entry it cannot read, and says why per entry", () => {
        const outcome = applyClaimsMappingPolicy(
            policyOf([
                "userprincipalname",
                { Source: "application", ID: "displayname", SamlClaimType: "urn:example:app" },
                { Value: 3600, SamlClaimType: SESSION_DURATION },
                { Source: "user", SamlClaimType: ROLE },
            ]),
            bSimon(),
            CONTEXT,
        );
        assert.strictEqual(valuesOf(outcome, "urn:example:app"), undefined);
        assert.strictEqual(valuesOf(outcome, SESSION_DURATION), undefined);
        assert.strictEqual(valuesOf(outcome, ROLE), undefined);
        assert.deepStrictEqual(mapped(outcome).notes, [
            "ClaimsSchema[0] is not an object: ignored",
            'ClaimsSchema[1] (urn:example:app): "Source": "application" is not simulated (only "user"): claim not emitted',
            `ClaimsSchema[2] (${SESSION_DURATION}): "Value" must be a string: claim not emitted`,
            `ClaimsSchema[3] (${ROLE}): "Source": "user" without a string "ID": claim not emitted`,
        ]);
    });

    it("maps nothing from a wrong-cased top-level key, and refuses a definition that is not JSON", () => {
        const wrongCased = applyClaimsMappingPolicy(
            AWS_CLAIMS_MAPPING_POLICY.replace('"ClaimsMappingPolicy"', '"claimsMappingPolicy"'),
            bSimon(),
            CONTEXT,
        );
        assert.strictEqual(valuesOf(wrongCased, ROLE), undefined);
        assert.strictEqual(valuesOf(wrongCased, NAME), undefined, "no basic claim set either");
        assert.match(mapped(wrongCased).notes[0], /no "ClaimsMappingPolicy" object at the top level/);

        const notJson = applyClaimsMappingPolicy("{ClaimsMappingPolicy:", bSimon(), CONTEXT);
        assert.ok(!notJson.ok);
        assert.match(notJson.problem, /^claims mapping policy definition is not valid JSON/);
    });
});
