import * as assert from "assert";
import * as azuread from "@pulumi/azuread";
import { activeSigningCertificateCurrentPolicy } from "../../../rules/azuread/azuread-active-signing-certificate-current";
import { signingCertificateExpiryPolicy } from "../../../rules/azuread/azuread-signing-certificate-expiry";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { DAY, federationFixture, setProperty, StackFixture } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-active-signing-certificate-current", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(activeSigningCertificateCurrentPolicy, stack.resources, { config });
    const endingIn = (days: number, stack = federationFixture()) => {
        stack.find("prod-signing-2025").outputs.endDate = new Date(Date.now() + days * DAY).toISOString();
        return stack;
    };

    it("passes an active certificate far from its end, and is mandatory", async () => {
        assert.strictEqual(activeSigningCertificateCurrentPolicy.enforcementLevel, "mandatory");
        assertPasses(await run(endingIn(400)));
    });

    it("fires on the active certificate once it has ended, at the certificate", async () => {
        const stack = endingIn(-1);
        assertViolation(
            await run(stack),
            /prod-signing-2025, the one AWS app prod-app signs with, ended on .*; every AWS sign-in of the app fails/,
            stack.find("prod-signing-2025").urn,
        );
    });

    it("fires when it ends before the configured rotation would activate its successor", async () => {
        assertPasses(await run(endingIn(20)));
        assertViolation(
            await run(endingIn(20), { rotationLeadDays: 30 }),
            /ends on .*, before a rotation 30 day\(s\) ahead of its end would activate its successor/,
        );
        assertPasses(await run(endingIn(40), { rotationLeadDays: 30 }));
    });

    it("leaves an ended certificate that is no longer active to the advisory expiry warning", async () => {
        const stack = endingIn(-1);
        const next = stack.add(
            azuread.ServicePrincipalTokenSigningCertificate,
            "prod-signing-2026",
            { servicePrincipalId: "/servicePrincipals/bbbbbbbb-0000-4000-8000-000000000002" },
            {
                deps: { servicePrincipalId: [stack.find("prod-sp")] },
                outputs: { thumbprint: "AB".repeat(20), endDate: new Date(Date.now() + 400 * DAY).toISOString() },
            },
        );
        const activation = stack.find("prod-preferred-signing-key");
        setProperty(activation, "thumbprint", "AB".repeat(20));
        activation.propertyDependencies.thumbprint = [next.urn];
        assertPasses(await run(stack));
        assertViolation(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources), /prod-signing-2025 ended on/);
    });

    it("defers while the active certificate's end date is unknown", async () => {
        const stack = federationFixture();
        stack.find("prod-signing-2025").outputs.endDate = UNKNOWN;
        assertDeferred(await run(stack));
    });
});
