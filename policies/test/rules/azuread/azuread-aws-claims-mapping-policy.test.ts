import * as azuread from "@pulumi/azuread";
import { claimsMappingPolicyPolicy } from "../../../rules/azuread/azuread-aws-claims-mapping-policy";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { claimsDefinition, federationFixture, setProperty } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-claims-mapping-policy", () => {
    const run = (definitions: unknown, config?: Record<string, unknown>) => {
        const stack = federationFixture();
        setProperty(stack.find("prod-claims"), "definitions", definitions);
        return runStackPolicy(claimsMappingPolicyPolicy, stack.resources, { config });
    };
    const schema = (...entries: Record<string, unknown>[]) => [
        JSON.stringify({ ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: "true", ClaimsSchema: entries } }),
    ];
    const role = { Source: "user", ID: "assignedroles", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/Role" };
    const sessionName = {
        Source: "user",
        ID: "userprincipalname",
        SamlClaimType: "https://aws.amazon.com/SAML/Attributes/RoleSessionName",
    };
    const duration = { Value: "3600", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/SessionDuration" };

    it("passes the AWS claims, also with session tags", async () => {
        assertPasses(await run([claimsDefinition()]));
        assertPasses(
            await run(
                schema(role, sessionName, duration, {
                    Source: "user",
                    ID: "department",
                    SamlClaimType: "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department",
                }),
            ),
        );
    });

    it("fires when Role, RoleSessionName or SessionDuration is missing or wrong", async () => {
        assertViolation(await run(schema(sessionName, duration)), /does not send https:\/\/aws.amazon.com\/SAML\/Attributes\/Role\./);
        assertViolation(
            await run(schema({ ...role, ID: "groups" }, sessionName, duration)),
            /must come from Source "user", ID "assignedroles"/,
        );
        assertViolation(
            await run(schema(role, { Value: "shared", SamlClaimType: sessionName.SamlClaimType }, duration)),
            /RoleSessionName must come from a user attribute/,
        );
        assertViolation(
            await run(schema(role, { ...sessionName, ID: "displayname" }, duration)),
            /comes from "displayname", which may not be a valid session name/,
        );
        assertPasses(await run(schema(role, { ...sessionName, ID: "mailnickname" }, duration)));
        assertViolation(await run(schema(role, sessionName)), /does not send https:\/\/aws.amazon.com\/SAML\/Attributes\/SessionDuration/);
        assertViolation(
            await run(schema(role, role, sessionName, duration)),
            /sends https:\/\/aws.amazon.com\/SAML\/Attributes\/Role 2 times/,
        );
    });

    it("fires on a SessionDuration under ID, or outside STS's range", async () => {
        assertViolation(
            await run(schema(role, sessionName, { ID: "3600", SamlClaimType: duration.SamlClaimType })),
            /constant under "Value" \(it uses "ID"/,
        );
        assertViolation(await run([claimsDefinition("600")]), /SessionDuration is "600"; it must be whole seconds from 900 to 43200/);
        assertViolation(await run([claimsDefinition("50000")]), /"50000"/);
        assertViolation(await run([claimsDefinition("1h")]), /"1h"/);
        assertViolation(await run([claimsDefinition("3600")], { maximumSessionDuration: 1800 }), /from 900 to 1800/);
    });

    it("fires on miscased keys and attribute names", async () => {
        const miscasedKey = await run(schema(role, sessionName, { value: "3600", SamlClaimType: duration.SamlClaimType }));
        assertViolation(miscasedKey, /key "value" must be written "Value"/);
        assertViolation(
            await run(schema({ ...role, SamlClaimType: "https://aws.amazon.com/saml/attributes/Role" }, sessionName, duration)),
            /is not an AWS attribute name as AWS spells it/,
        );
        assertViolation(
            await run([JSON.stringify({ claimsMappingPolicy: { Version: 1, ClaimsSchema: [role, sessionName, duration] } })]),
            /key "claimsMappingPolicy" must be written "ClaimsMappingPolicy"/,
        );
    });

    it("checks a policy assigned to an AWS app even when it never mentions AWS", async () => {
        assertViolation(
            await run(
                schema({ Source: "user", ID: "mail", SamlClaimType: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" }),
            ),
            /does not send .*Role\./,
        );
    });

    it("ignores claims policies of other apps", async () => {
        const stack = federationFixture();
        stack.add(azuread.ClaimsMappingPolicy, "other-claims", { displayName: "other", definitions: ["{}"] });
        assertPasses(await runStackPolicy(claimsMappingPolicyPolicy, stack.resources));
    });

    it("defers on unknown definitions and reports malformed ones", async () => {
        assertDeferred(await run(UNKNOWN));
        assertViolation(await run(["{not json"]), /not valid JSON/);
        assertViolation(await run("just a string"), /definitions must be a list of JSON strings/);
        assertViolation(await run([]), /exactly one JSON definition, got 0/);
        assertViolation(await run([42]), /must be a JSON string, got number/);
        assertViolation(
            await run([JSON.stringify({ ClaimsMappingPolicy: { Version: 1, ClaimsSchema: "x" } })]),
            /ClaimsSchema must be a list/,
        );
    });
});
