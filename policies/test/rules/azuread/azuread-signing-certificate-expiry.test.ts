import { signingCertificateExpiryPolicy } from "../../../rules/azuread/azuread-signing-certificate-expiry";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

const DAY = 86400_000;

describe("azuread-signing-certificate-expiry", () => {
    const withDates = (start: Date, end: Date) => {
        const stack = federationFixture();
        const certificate = stack.find("prod-signing-2025");
        certificate.outputs.startDate = start.toISOString();
        certificate.outputs.endDate = end.toISOString();
        return stack;
    };
    const now = new Date();

    it("passes a three-year certificate far from its end", async () => {
        const stack = withDates(now, new Date(now.getTime() + 3 * 365 * DAY));
        assertPasses(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources));
    });

    it("warns within the configured days and when ended", async () => {
        assertViolation(
            await runStackPolicy(
                signingCertificateExpiryPolicy,
                withDates(new Date(now.getTime() - 700 * DAY), new Date(now.getTime() + 30 * DAY)).resources,
            ),
            /in 29 day\(s\)|in 30 day\(s\)/,
        );
        assertViolation(
            await runStackPolicy(
                signingCertificateExpiryPolicy,
                withDates(new Date(now.getTime() - 700 * DAY), new Date(now.getTime() - DAY)).resources,
            ),
            /ended on/,
        );
        assertPasses(
            await runStackPolicy(signingCertificateExpiryPolicy, withDates(now, new Date(now.getTime() + 30 * DAY)).resources, {
                config: { warningDays: 10 },
            }),
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
