import * as azuread from "@pulumi/azuread";
import { provisioningPolicy } from "../../../rules/federation/federation-role-import-provisioning";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, READER_SECRET, setProperty, StackFixture } from "../../support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("federation-role-import-provisioning", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(provisioningPolicy, stack.resources, { config });
    const secretOf = (stack: StackFixture) => stack.find("prod-role-import-secret");

    it("passes one secret from the reader's key and an aws job", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("passes apps without role import unless it is required", async () => {
        const stack = federationFixture();
        stack.remove("prod-role-import-secret");
        stack.remove("prod-role-import-job");
        assertPasses(await run(stack));
        assertViolation(await run(stack, { requireProvisioning: true }), /has no role import/);
    });

    it("fires on a wrong template, a job without secret and two secrets", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-role-import-job"), "templateId", "AWS");
        assertViolation(await run(stack), /uses template "AWS"; AWS role import is template "aws"/);

        const noSecret = federationFixture();
        noSecret.remove("prod-role-import-secret");
        assertViolation(await run(noSecret), /runs role import without an azuread.SynchronizationSecret/);

        const twoSecrets = federationFixture();
        const original = secretOf(twoSecrets);
        twoSecrets.add(azuread.SynchronizationSecret, "second-secret", structuredClone(original.inputs), {
            deps: { servicePrincipalId: [twoSecrets.find("prod-sp")], credentials: [twoSecrets.find("prod-reader-access-key")] },
        });
        assertViolation(await run(twoSecrets), /has 2 synchronization secrets/);
    });

    it("fires on missing, miscased, extra or empty credentials", async () => {
        const stack = federationFixture();
        setProperty(secretOf(stack), "credentials", [
            { key: "clientSecret", value: "AKIA" },
            { key: "SecretToken", value: "" },
        ]);
        const result = await run(stack);
        assertViolation(result, /has key "clientSecret"/);
        assertViolation(result, /has 0 ClientSecret credential/);
        assertViolation(result, /empty value for SecretToken/);
    });

    it("fires when the key does not come from an access key of this stack", async () => {
        const stack = federationFixture();
        secretOf(stack).propertyDependencies = { servicePrincipalId: secretOf(stack).propertyDependencies.servicePrincipalId };
        setProperty(secretOf(stack), "credentials", [
            { key: "ClientSecret", value: "AKIAOTHER" },
            { key: "SecretToken", value: "someone else's secret" },
        ]);
        assertViolation(await run(stack), /do not come from an aws.iam.AccessKey of this stack/);
        assertPasses(await run(stack, { allowExternalCredentials: true }));
    });

    it("matches the secret access key by value when no dependency was recorded", async () => {
        const stack = federationFixture();
        secretOf(stack).propertyDependencies = { servicePrincipalId: secretOf(stack).propertyDependencies.servicePrincipalId };
        assertPasses(await run(stack));
        const key = stack.find("prod-reader-access-key");
        key.outputs.secret = "rotated";
        assertViolation(await run(stack), /do not come from an aws.iam.AccessKey of this stack/);
        key.outputs.secret = READER_SECRET;
    });

    it("fires when the access key's user is not declared in this stack", async () => {
        const stack = federationFixture();
        const key = stack.find("prod-reader-access-key");
        key.propertyDependencies = {};
        setProperty(key, "user", "someone-else");
        assertViolation(await run(stack), /whose user is not an IAM user of this stack/);
    });

    it("defers on unknown credentials and survives malformed ones", async () => {
        const stack = federationFixture();
        secretOf(stack).outputs.credentials = UNKNOWN;
        assertDeferred(await run(stack));
        setProperty(secretOf(stack), "credentials", "AKIA:secret");
        const result = await run(stack);
        assertViolation(result, /has 0 ClientSecret/);
        assertViolation(result, /has 0 SecretToken/);
    });
});
