import { signingSetupPolicy } from "../../../rules/azuread/azuread-aws-app-signing-setup";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, setProperty, StackFixture } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-app-signing-setup", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(signingSetupPolicy, stack.resources, { config });

    it("passes an app with claims assignment, certificate and activation", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires without a claims assignment, a certificate or an activation", async () => {
        const noAssignment = federationFixture();
        noAssignment.remove("prod-claims-assignment");
        assertViolation(await run(noAssignment), /has no claims mapping policy assigned/);

        const noActivation = federationFixture();
        noActivation.remove("prod-preferred-signing-key");
        assertViolation(await run(noActivation), /never activates its signing certificate .*AADSTS50146/);
        assertPasses(await run(noActivation, { requirePreferredKeyActivation: false }));

        const noCertificate = federationFixture();
        noCertificate.remove("prod-signing-2025");
        assertViolation(await run(noCertificate), /has no azuread.ServicePrincipalTokenSigningCertificate/);
    });

    it("fires when the activation names a thumbprint the app does not have", async () => {
        const stack = federationFixture();
        const activation = stack.find("prod-preferred-signing-key");
        setProperty(activation, "thumbprint", "00".repeat(20));
        activation.propertyDependencies = { servicePrincipalObjectId: activation.propertyDependencies.servicePrincipalObjectId };
        assertViolation(await run(stack), /names thumbprint "0000/, activation.urn);
    });

    it("fires when the assigned policy sends no AWS attributes", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-claims"), "definitions", ['{"ClaimsMappingPolicy":{"Version":1,"ClaimsSchema":[]}}']);
        assertViolation(await run(stack), /sends no AWS attributes/);
    });

    it("defers while links are unknown, and survives malformed resources", async () => {
        const stack = federationFixture();
        const certificate = stack.find("prod-signing-2025");
        certificate.propertyDependencies = {};
        certificate.outputs.servicePrincipalId = UNKNOWN;
        assertDeferred(await run(stack));

        const malformed = federationFixture();
        setProperty(malformed.find("prod-preferred-signing-key"), "thumbprint", { not: "a string" });
        malformed.find("prod-preferred-signing-key").propertyDependencies = {
            servicePrincipalObjectId: malformed.find("prod-preferred-signing-key").propertyDependencies.servicePrincipalObjectId,
        };
        assertViolation(await run(malformed), /names thumbprint \{"not":"a string"\}/);
    });
});
