import { signingCertificateExpiryPolicy } from "../../../rules/azuread/azuread-signing-certificate-expiry";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { DAY, federationFixture, federationFixtureWithCertificateDates } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-signing-certificate-expiry", () => {
    const now = new Date();

    it("passes a three-year certificate far from its end", async () => {
        const stack = federationFixtureWithCertificateDates(now, new Date(now.getTime() + 3 * 365 * DAY));
        assertPasses(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources));
    });

    it("warns within the configured days and when ended", async () => {
        assertViolation(
            await runStackPolicy(
                signingCertificateExpiryPolicy,
                federationFixtureWithCertificateDates(new Date(now.getTime() - 700 * DAY), new Date(now.getTime() + 30 * DAY)).resources,
            ),
            /in 29 day\(s\)|in 30 day\(s\)/,
        );
        assertViolation(
            await runStackPolicy(
                signingCertificateExpiryPolicy,
                federationFixtureWithCertificateDates(new Date(now.getTime() - 700 * DAY), new Date(now.getTime() - DAY)).resources,
            ),
            /ended on/,
        );
        assertPasses(
            await runStackPolicy(
                signingCertificateExpiryPolicy,
                federationFixtureWithCertificateDates(now, new Date(now.getTime() + 30 * DAY)).resources,
                {
                    config: { warningDays: 10 },
                },
            ),
        );
    });

    it("defers on unknown dates and ignores unreadable ones", async () => {
        const stack = federationFixture();
        stack.find("prod-signing-2025").outputs.endDate = UNKNOWN;
        assertDeferred(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources));
        stack.find("prod-signing-2025").outputs.endDate = "next tuesday";
        assertPasses(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources));
    });
});
