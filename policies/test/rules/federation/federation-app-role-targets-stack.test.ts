import * as aws from "@pulumi/aws";
import { appRoleTargetsPolicy } from "../../../rules/federation/federation-app-role-targets-stack";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import {
    ACCOUNT_ID,
    federationFixture,
    idpMetadata,
    PROVIDER_ARN,
    setProperty,
    signingCertificate,
    StackFixture,
} from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("federation-app-role-targets-stack", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(appRoleTargetsPolicy, stack.resources, { config });
    const readOnlyAppRole = (stack: StackFixture) => stack.find("prod-app-role-ReadOnly");

    it("passes app roles that name the stack's roles and provider", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on a role or provider outside the stack, unless allow-listed", async () => {
        const stack = federationFixture();
        setProperty(
            readOnlyAppRole(stack),
            "value",
            `arn:aws:iam::${ACCOUNT_ID}:role/Elsewhere,arn:aws:iam::${ACCOUNT_ID}:saml-provider/Other`,
        );
        readOnlyAppRole(stack).propertyDependencies = { applicationId: readOnlyAppRole(stack).propertyDependencies.applicationId };
        const result = await run(stack);
        assertViolation(result, /names arn:aws:iam::111122223333:role\/Elsewhere, which is not a role of this stack/);
        assertViolation(result, /names arn:aws:iam::111122223333:saml-provider\/Other, which is not a SAML provider of this stack/);
        assertPasses(
            await run(stack, {
                allowedRoleArns: ["arn:aws:iam::111122223333:role/*"],
                allowedProviderArns: ["arn:aws:iam::111122223333:saml-provider/Other"],
            }),
        );
    });

    it("fires when the named role does not trust the named provider", async () => {
        const stack = federationFixture();
        const second = "arn:aws:iam::111122223333:saml-provider/Second";
        stack.add(
            aws.iam.SamlProvider,
            "second-provider",
            { name: "Second", samlMetadataDocument: idpMetadata([signingCertificate().base64Der]) },
            { outputs: { arn: second } },
        );
        setProperty(readOnlyAppRole(stack), "value", `arn:aws:iam::${ACCOUNT_ID}:role/ReadOnly,${second}`);
        assertViolation(await run(stack), /the role does not trust that provider/);
    });

    it("fires on an AWS app role whose value names nothing", async () => {
        const stack = federationFixture();
        setProperty(readOnlyAppRole(stack), "value", "ReadOnly");
        assertViolation(await run(stack), /has value "ReadOnly", which names no IAM role and SAML provider/);
    });

    it("leaves malformed ARNs to the format rule", async () => {
        const stack = federationFixture();
        setProperty(readOnlyAppRole(stack), "value", `${PROVIDER_ARN},arn:aws:iam::${ACCOUNT_ID}:role/ReadOnly`);
        assertPasses(await run(stack));
        setProperty(readOnlyAppRole(stack), "value", "arn:aws:iam::1:role");
        assertPasses(await run(stack));
    });

    it("checks a value still unknown in preview through its recorded dependencies", async () => {
        const stack = federationFixture();
        readOnlyAppRole(stack).outputs.value = UNKNOWN;
        assertPasses(await run(stack));
    });

    it("defers on unknown values it cannot settle", async () => {
        const stack = federationFixture();
        readOnlyAppRole(stack).outputs.value = UNKNOWN;
        readOnlyAppRole(stack).propertyDependencies = { applicationId: readOnlyAppRole(stack).propertyDependencies.applicationId };
        assertDeferred(await run(stack));
        const arns = federationFixture();
        setProperty(readOnlyAppRole(arns), "value", `arn:aws:iam::${ACCOUNT_ID}:role/Elsewhere,${PROVIDER_ARN}`);
        arns.resources.filter((resource) => resource.type === "aws:iam/role:Role").forEach((resource) => (resource.outputs.arn = UNKNOWN));
        assertDeferred(await run(arns));
    });
});
