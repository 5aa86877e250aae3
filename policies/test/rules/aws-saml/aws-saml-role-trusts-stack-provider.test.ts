import * as assert from "assert";
import { samlRoleTrustsStackProviderPolicy } from "../../../rules/aws-saml/aws-saml-role-trusts-stack-provider";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, samlTrustPolicy, setProperty } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-saml-role-trusts-stack-provider", () => {
    it("passes roles that trust the stack's provider", async () => {
        assertPasses(await runStackPolicy(samlRoleTrustsStackProviderPolicy, federationFixture().resources));
    });

    it("fires on a role trusting a provider this stack does not create, unless allow-listed", async () => {
        const stack = federationFixture();
        const foreign = "arn:aws:iam::999999999999:saml-provider/Other";
        const readOnly = stack.find("prod-role-ReadOnly");
        setProperty(readOnly, "assumeRolePolicy", samlTrustPolicy(foreign));
        assertViolation(
            await runStackPolicy(samlRoleTrustsStackProviderPolicy, stack.resources),
            /trusts arn:aws:iam::999999999999:saml-provider\/Other/,
            readOnly.urn,
        );
        assertPasses(
            await runStackPolicy(samlRoleTrustsStackProviderPolicy, stack.resources, {
                config: { allowedProviderArns: ["arn:aws:iam::999999999999:saml-provider/*"] },
            }),
        );
    });

    it("defers when the provider ARN or the trust policy is unknown", async () => {
        const stack = federationFixture();
        stack.find("prod-saml-provider").outputs.arn = UNKNOWN;
        setProperty(stack.find("prod-role-ReadOnly"), "assumeRolePolicy", samlTrustPolicy("arn:aws:iam::999999999999:saml-provider/Other"));
        assertDeferred(await runStackPolicy(samlRoleTrustsStackProviderPolicy, stack.resources));

        const preview = federationFixture();
        preview.resources
            .filter((resource) => resource.type === "aws:iam/role:Role")
            .forEach((resource) => (resource.outputs.assumeRolePolicy = UNKNOWN));
        assertDeferred(await runStackPolicy(samlRoleTrustsStackProviderPolicy, preview.resources));
    });

    it("does not crash on malformed resources", async () => {
        const stack = federationFixture();
        stack.find("prod-saml-provider").outputs.arn = 12;
        setProperty(stack.find("prod-role-ReadOnly"), "assumeRolePolicy", "{bad json");
        const result = await runStackPolicy(samlRoleTrustsStackProviderPolicy, stack.resources);
        assert.strictEqual(result.unknown, undefined);
        assertViolation(result, /Developer trusts arn:aws:iam::111122223333:saml-provider\/AzureAD/);
    });
});
