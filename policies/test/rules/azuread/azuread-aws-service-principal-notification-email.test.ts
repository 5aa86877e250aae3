import { notificationEmailPolicy } from "../../../rules/azuread/azuread-aws-service-principal-notification-email";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, setProperty } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-service-principal-notification-email", () => {
    it("passes a service principal with a notification address", async () => {
        assertPasses(await runStackPolicy(notificationEmailPolicy, federationFixture().resources));
    });

    it("fires without addresses, or with addresses outside the allowed domains", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-sp"), "notificationEmailAddresses", []);
        assertViolation(await runStackPolicy(notificationEmailPolicy, stack.resources), /has 0 notification address/);
        setProperty(stack.find("prod-sp"), "notificationEmailAddresses", ["me@gmail.com"]);
        assertViolation(
            await runStackPolicy(notificationEmailPolicy, stack.resources, { config: { allowedDomains: ["example.com"] } }),
            /notifies me@gmail.com/,
        );
        assertViolation(
            await runStackPolicy(notificationEmailPolicy, stack.resources, { config: { minimumAddresses: 2 } }),
            /at least 2 required/,
        );
    });

    it("defers on unknown addresses and survives malformed ones", async () => {
        const stack = federationFixture();
        stack.find("prod-sp").outputs.notificationEmailAddresses = UNKNOWN;
        assertDeferred(await runStackPolicy(notificationEmailPolicy, stack.resources));
        stack.find("prod-sp").outputs.notificationEmailAddresses = "team@example.com";
        assertPasses(await runStackPolicy(notificationEmailPolicy, stack.resources));
    });
});
