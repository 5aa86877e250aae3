import * as assert from "assert";
import { AWS_SAML_ATTRIBUTES, awsClaimsMappingPolicy, SESSION_DURATION_LIMITS } from "../../../components/documents/claims-mapping-policy";

describe("awsClaimsMappingPolicy", () => {
    it("emits Role from assignedroles, RoleSessionName from the source and a constant SessionDuration under Value", () => {
        const policy = JSON.parse(awsClaimsMappingPolicy({ roleSessionNameSource: "mail", sessionDuration: 7200 }));
        assert.deepStrictEqual(policy, {
            ClaimsMappingPolicy: {
                Version: 1,
                IncludeBasicClaimSet: "true",
                ClaimsSchema: [
                    { Source: "user", ID: "assignedroles", SamlClaimType: AWS_SAML_ATTRIBUTES.role },
                    { Source: "user", ID: "mail", SamlClaimType: AWS_SAML_ATTRIBUTES.roleSessionName },
                    { Value: "7200", SamlClaimType: AWS_SAML_ATTRIBUTES.sessionDuration },
                ],
            },
        });
    });

    it("adds session tags as PrincipalTag claims in a stable order", () => {
        const policy = JSON.parse(
            awsClaimsMappingPolicy({
                roleSessionNameSource: "userprincipalname",
                sessionDuration: 3600,
                sessionTags: { Team: "department", CostCenter: "employeeid" },
            }),
        );
        const tags = policy.ClaimsMappingPolicy.ClaimsSchema.slice(3);
        assert.deepStrictEqual(tags, [
            { Source: "user", ID: "employeeid", SamlClaimType: `${AWS_SAML_ATTRIBUTES.principalTagPrefix}CostCenter` },
            { Source: "user", ID: "department", SamlClaimType: `${AWS_SAML_ATTRIBUTES.principalTagPrefix}Team` },
        ]);
    });

    it("writes the same bytes whatever order the session tags were given in", () => {
        const args = { roleSessionNameSource: "userprincipalname", sessionDuration: 3600 } as const;
        assert.strictEqual(
            awsClaimsMappingPolicy({ ...args, sessionTags: { Team: "department", CostCenter: "employeeid" } }),
            awsClaimsMappingPolicy({ ...args, sessionTags: { CostCenter: "employeeid", Team: "department" } }),
        );
    });

    it("rejects a SessionDuration STS would refuse", () => {
        assert.throws(
            () => awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 899 }),
            /899 is outside 900\.\.43200/,
        );
        assert.throws(() => awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 43201 }), /outside/);
    });

    it("accepts STS's bounds themselves and refuses a fractional duration inside them", () => {
        for (const seconds of [SESSION_DURATION_LIMITS.min, SESSION_DURATION_LIMITS.max]) {
            const policy = JSON.parse(awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: seconds }));
            assert.strictEqual(policy.ClaimsMappingPolicy.ClaimsSchema[2].Value, String(seconds));
        }
        assert.throws(
            () => awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600.5 }),
            /sessionDuration: 3600\.5 is outside 900\.\.43200 seconds/,
        );
    });
});
