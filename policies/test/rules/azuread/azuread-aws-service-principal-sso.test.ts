import { servicePrincipalSsoPolicy } from "../../../rules/azuread/azuread-aws-service-principal-sso";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, setProperty } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-service-principal-sso", () => {
    it("passes the adopted service principal in SAML mode with assignment required", async () => {
        assertPasses(await runStackPolicy(servicePrincipalSsoPolicy, federationFixture().resources));
    });

    it("fires when SAML mode or assignment required is missing", async () => {
        const stack = federationFixture();
        const servicePrincipal = stack.find("prod-sp");
        setProperty(servicePrincipal, "preferredSingleSignOnMode", "password");
        setProperty(servicePrincipal, "appRoleAssignmentRequired", undefined);
        const result = await runStackPolicy(servicePrincipalSsoPolicy, stack.resources);
        assertViolation(result, /preferredSingleSignOnMode "password"/, servicePrincipal.urn);
        assertViolation(result, /does not set appRoleAssignmentRequired: true/, servicePrincipal.urn);
    });

    it("fires when no service principal configures the app", async () => {
        const stack = federationFixture();
        stack.remove("prod-sp");
        assertViolation(
            await runStackPolicy(servicePrincipalSsoPolicy, stack.resources),
            /has no azuread.ServicePrincipal/,
            stack.find("prod-app").urn,
        );
    });

    it("links the service principal by object id when no dependency was recorded", async () => {
        const stack = federationFixture();
        stack.find("prod-sp").propertyDependencies = {};
        setProperty(stack.find("prod-sp"), "preferredSingleSignOnMode", "oidc");
        assertViolation(await runStackPolicy(servicePrincipalSsoPolicy, stack.resources), /preferredSingleSignOnMode "oidc"/);
    });

    it("defers on unknown values and survives malformed ones", async () => {
        const stack = federationFixture();
        stack.find("prod-sp").outputs.preferredSingleSignOnMode = UNKNOWN;
        assertDeferred(await runStackPolicy(servicePrincipalSsoPolicy, stack.resources));
        stack.find("prod-sp").outputs.preferredSingleSignOnMode = ["saml"];
        assertViolation(await runStackPolicy(servicePrincipalSsoPolicy, stack.resources), /preferredSingleSignOnMode \["saml"\]/);
    });
});
