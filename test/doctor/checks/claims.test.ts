import * as assert from "assert";
import { awsClaimsMappingPolicy } from "../../../components/documents/claims-mapping-policy";
import { checkClaims, liveSessionDuration, readAwsClaims } from "../../../doctor/checks/claims";
import { GraphClaimsMappingPolicy } from "../../../live/graph-reader";
import { checkContext, expectedAccount, failedReading, healthySnapshot, ok } from "../support/healthy-account";

function policy(definition: string): GraphClaimsMappingPolicy {
    return { id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", displayName: "AWS claims (sandbox)", definition: [definition] };
}

function withSchema(edit: (schema: Record<string, unknown>[]) => Record<string, unknown>[]): GraphClaimsMappingPolicy {
    const definition = JSON.parse(awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 }));
    definition.ClaimsMappingPolicy.ClaimsSchema = edit(definition.ClaimsMappingPolicy.ClaimsSchema);
    return policy(JSON.stringify(definition));
}

function check(live: GraphClaimsMappingPolicy[], expected = expectedAccount()) {
    return checkClaims(expected, healthySnapshot({ claimsMappingPolicies: ok(live) }), checkContext());
}

describe("doctor/checks/claims (checkClaims)", () => {
    it("reads the AWS claims of a definition, and says when it cannot", () => {
        const definition = JSON.stringify({
            ClaimsMappingPolicy: {
                Version: 1,
                IncludeBasicClaimSet: "true",
                ClaimsSchema: [
                    { Source: "user", ID: "assignedroles", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/Role" },
                    { Source: "user", ID: "mail", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/RoleSessionName" },
                    { Value: "7200", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/SessionDuration" },
                    { Source: "user", ID: "department", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department" },
                ],
            },
        });
        assert.deepStrictEqual(readAwsClaims({ id: "p", displayName: "p", definition: [definition] }), {
            roleSource: "assignedroles",
            roleSessionNameSource: "mail",
            sessionDuration: 7200,
            sessionTags: { Department: "department" },
        });
        assert.match(readAwsClaims({ id: "p", displayName: "p", definition: ["{"] }).problem ?? "", /not JSON/);
    });

    it("liveSessionDuration is the live claim when readable, else the configured one", () => {
        assert.strictEqual(
            liveSessionDuration([withSchema((schema) => schema.map((e) => (e.Value ? { ...e, Value: "900" } : e)))], 3600),
            900,
        );
        assert.strictEqual(liveSessionDuration([policy("{")], 3600), 3600);
        assert.strictEqual(liveSessionDuration([], 3600), 3600);
        assert.strictEqual(liveSessionDuration(undefined, 7200), 7200);
    });

    it("nothing to check when the policies were not read; none assigned is an error", () => {
        const denied = failedReading("access-denied", "graph", "GET claimsMappingPolicies", "Policy.Read.All", "claims", "sp");
        assert.deepStrictEqual(checkClaims(expectedAccount(), healthySnapshot({ claimsMappingPolicies: denied }), checkContext()), []);
        assert.deepStrictEqual(
            check([]).map((finding) => [finding.id, finding.severity]),
            [["claims-mapping-policy-missing", "error"]],
        );
    });

    it("a lost Role or RoleSessionName claim, or an unreadable definition, is drift that breaks sign-in (error)", () => {
        const noRole = check([withSchema((schema) => schema.filter((entry) => !String(entry.SamlClaimType).endsWith("/Role")))]);
        assert.deepStrictEqual(
            noRole.map((finding) => [finding.id, finding.severity]),
            [["claims-mapping-policy-drift", "error"]],
        );
        assert.match(noRole[0].message, /Role comes from nothing, not user\.assignedroles/);
        const noName = check([withSchema((schema) => schema.filter((entry) => !String(entry.SamlClaimType).endsWith("RoleSessionName")))]);
        assert.strictEqual(noName[0].severity, "error");
        assert.strictEqual(check([policy('{"ClaimsMappingPolicy":{}}')])[0].severity, "error");
    });

    it("another session length, name source or session tags is drift to warn about", () => {
        const findings = check([
            withSchema((schema) => [
                ...schema.map((entry) =>
                    String(entry.SamlClaimType).endsWith("SessionDuration")
                        ? { ...entry, Value: "900" }
                        : String(entry.SamlClaimType).endsWith("RoleSessionName")
                          ? { ...entry, ID: "mail" }
                          : entry,
                ),
                { Source: "user", ID: "department", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/PrincipalTag:CostCenter" },
            ]),
        ]);
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.severity]),
            [["claims-mapping-policy-drift", "warning"]],
        );
        assert.match(findings[0].message, /RoleSessionName comes from mail, not user\.userprincipalname/);
        assert.match(findings[0].message, /SessionDuration is 900, not 3600/);
        assert.match(findings[0].message, /PrincipalTag claims are \{CostCenter=department\}, not \{\}/);
        assert.match(findings[0].resource, /^claimsMappingPolicy 9a8b7c6d-/);
    });

    it("the program's own definition for configured session tags is not drift", () => {
        const expected = expectedAccount({ sessionTags: { CostCenter: "department" } });
        const definition = awsClaimsMappingPolicy({
            roleSessionNameSource: "userprincipalname",
            sessionDuration: 3600,
            sessionTags: { CostCenter: "department" },
        });
        assert.deepStrictEqual(check([policy(definition)], expected), []);
    });
});
