import { signingCertificateLifetimePolicy } from "../../../rules/azuread/azuread-signing-certificate-lifetime";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { DAY, federationFixture, federationFixtureWithCertificateDates } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-signing-certificate-lifetime", () => {
    const now = new Date();

    it("passes a three-year certificate far from its end", async () => {
        const stack = federationFixtureWithCertificateDates(now, new Date(now.getTime() + 3 * 365 * DAY));
        assertPasses(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources));
    });

    it("flags a lifetime beyond the configured years", async () => {
        const stack = federationFixtureWithCertificateDates(now, new Date(now.getTime() + 5 * 365 * DAY));
        assertViolation(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources), /more than 3 year\(s\)/);
        assertPasses(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources, { config: { maximumYears: 5 } }));
    });

    it("defers on unknown dates and ignores unreadable ones", async () => {
        const stack = federationFixture();
        stack.find("prod-signing-2025").outputs.endDate = UNKNOWN;
        assertDeferred(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources));
        stack.find("prod-signing-2025").outputs.endDate = "next tuesday";
        assertPasses(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources));
    });
});
