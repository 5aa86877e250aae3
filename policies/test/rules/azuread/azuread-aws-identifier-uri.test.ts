import * as azuread from "@pulumi/azuread";
import { identifierUriPolicy } from "../../../rules/azuread/azuread-aws-identifier-uri";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, setProperty, SIGN_IN_ENDPOINT, StackFixture } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-identifier-uri", () => {
    const run = (stack: StackFixture) => runStackPolicy(identifierUriPolicy, stack.resources);

    it("passes a sign-in endpoint with a suffix", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on a URI that is not an AWS sign-in endpoint, and on a missing one", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-identifier"), "identifierUri", "https://signin.aws.amazon.com/saml/extra");
        assertViolation(await run(stack), /is not an AWS sign-in SAML endpoint/);
        stack.remove("prod-identifier");
        assertViolation(await run(stack), /has no identifier URI/);
    });

    it("fires on duplicates in the stack", async () => {
        const stack = federationFixture();
        const copy = stack.add(azuread.ApplicationIdentifierUri, "other-identifier", {
            applicationId: "/applications/99999999-0000-4000-8000-000000000000",
            identifierUri: `${SIGN_IN_ENDPOINT}#DEV-PROD`,
        });
        assertViolation(await run(stack), /used by both prod-identifier and other-identifier/, copy.urn);
    });

    it("defers on unknown URIs and survives malformed ones", async () => {
        const stack = federationFixture();
        stack.find("prod-identifier").outputs.identifierUri = UNKNOWN;
        assertDeferred(await run(stack));
        stack.find("prod-identifier").outputs.identifierUri = 12;
        assertViolation(await run(stack), /has no identifier URI/);
    });
});
