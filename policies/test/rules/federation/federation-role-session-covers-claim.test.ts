import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { generateSigningCertificate } from "../../../../offline/program/certificates";
import { sessionDurationPolicy } from "../../../rules/federation/federation-role-session-covers-claim";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import {
    ACCOUNT_ID,
    claimsDefinition,
    federationFixture,
    idpMetadata,
    samlTrustPolicy,
    setProperty,
    StackFixture,
} from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

let otherCertificate: ReturnType<typeof generateSigningCertificate>;
before(() => {
    otherCertificate = generateSigningCertificate({ commonName: "someone else", notAfter: new Date(Date.now() + 365 * 86400_000) });
});

describe("federation-role-session-covers-claim", () => {
    const run = (stack: StackFixture) => runStackPolicy(sessionDurationPolicy, stack.resources);

    it("passes when every role allows the session the app sends", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on each role whose maxSessionDuration is below the SessionDuration claim", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        const readOnly = stack.find("prod-role-ReadOnly");
        const result = await run(stack);
        assertViolation(
            result,
            /Role prod-role-ReadOnly allows sessions of at most 3600s, but AWS app prod-app sends SessionDuration 7200s/,
            readOnly.urn,
        );
        assert.strictEqual(result.violations.length, 1, "Developer allows 7200s");
    });

    it("counts IAM's default of 3600 seconds when the role sets none", async () => {
        const stack = federationFixture({ sessionDuration: 5400 });
        setProperty(stack.find("prod-role-Developer"), "maxSessionDuration", undefined);
        const result = await run(stack);
        assertViolation(result, /prod-role-Developer allows sessions of at most 3600s/);
        assertViolation(result, /prod-role-ReadOnly allows sessions of at most 3600s/);
    });

    it("joins through the SAML provider's certificate when no app role names the role", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        stack.resources
            .filter((resource) => resource.type === "azuread:index/applicationAppRole:ApplicationAppRole")
            .forEach((resource) => stack.remove(resource.name));
        stack.find("prod-saml-provider").propertyDependencies = {};
        assertViolation(await run(stack), /Role prod-role-ReadOnly allows sessions of at most 3600s/);
    });

    it("ignores roles of providers that no app of this stack signs for", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        const foreign = "arn:aws:iam::111122223333:saml-provider/Okta";
        stack.add(
            aws.iam.SamlProvider,
            "okta",
            { name: "Okta", samlMetadataDocument: idpMetadata([otherCertificate.base64Der]) },
            { outputs: { arn: foreign } },
        );
        stack.add(
            aws.iam.Role,
            "okta-role",
            { name: "OktaRole", assumeRolePolicy: samlTrustPolicy(foreign), maxSessionDuration: 3600 },
            { outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:role/OktaRole` } },
        );
        const result = await run(stack);
        assert.ok(!result.violations.some((violation) => /okta-role/.test(violation.message)));
    });

    it("follows recorded dependencies while ARNs and trust policies are unknown", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        stack.resources
            .filter((resource) => resource.type === "aws:iam/role:Role")
            .forEach((resource) => {
                resource.outputs.arn = UNKNOWN;
                resource.outputs.assumeRolePolicy = UNKNOWN;
            });
        const result = await run(stack);
        assertViolation(result, /prod-role-ReadOnly allows sessions of at most 3600s/);
        assert.strictEqual(result.unknown, undefined, "every link is known from the dependencies");
    });

    it("defers when a link needs a value that is not known yet", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        stack.resources
            .filter((resource) => resource.type === "azuread:index/applicationAppRole:ApplicationAppRole")
            .forEach((resource) => (resource.propertyDependencies = { applicationId: resource.propertyDependencies.applicationId }));
        stack.find("prod-role-Developer").outputs.arn = UNKNOWN;
        stack.find("prod-saml-provider").propertyDependencies = {};
        stack.find("prod-signing-2025").outputs.value = UNKNOWN;
        stack.find("prod-signing-2025").outputs.thumbprint = UNKNOWN;
        const result = await run(stack);
        assertViolation(result, /prod-role-ReadOnly allows sessions of at most 3600s/);
        assert.ok(result.unknown !== undefined, "the Developer role's app role value may name it once its ARN is known");

        const unknownClaims = federationFixture({ sessionDuration: 7200 });
        unknownClaims.find("prod-claims").outputs.definitions = UNKNOWN;
        assertDeferred(await run(unknownClaims));
    });

    it("does not crash on malformed durations or claims", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-role-ReadOnly"), "maxSessionDuration", "long");
        setProperty(stack.find("prod-claims"), "definitions", ["{nope"]);
        assertPasses(await run(stack));
        setProperty(stack.find("prod-claims"), "definitions", [claimsDefinition("7200")]);
        assertViolation(await run(stack), /prod-role-ReadOnly allows sessions of at most 3600s/);
    });
});
