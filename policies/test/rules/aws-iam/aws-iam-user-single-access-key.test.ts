import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { singleAccessKeyPolicy } from "../../../rules/aws-iam/aws-iam-user-single-access-key";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, StackFixture } from "../../support/federation-fixture";
import { addReaderKey, readerWithGenerations } from "../../support/role-import-readers";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-iam-user-single-access-key", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(singleAccessKeyPolicy, stack.resources, { config });

    it("passes one key per user", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on a second key for the reader, and for keys of users outside the stack", async () => {
        const stack = federationFixture();
        const reader = stack.find("prod-reader-user");
        stack.add(aws.iam.AccessKey, "prod-reader-access-key-2", { user: "AzureADRoleManager" }, { deps: { user: [reader] } });
        stack.add(aws.iam.AccessKey, "ext-1", { user: "external" });
        stack.add(aws.iam.AccessKey, "ext-2", { user: "external" });
        const result = await run(stack);
        assertViolation(result, /IAM user prod-reader-user has 2 access keys/, reader.urn);
        assertViolation(result, /IAM user external gets 2 access keys/);
        assertPasses(await run(stack, { maximumAccessKeys: 2 }));
    });

    it("defers when a key's user is unknown", async () => {
        const stack = federationFixture();
        const key = stack.find("prod-reader-access-key");
        key.outputs.user = UNKNOWN;
        key.propertyDependencies = {};
        assertDeferred(await run(stack));
    });

    it("does not crash on malformed keys", async () => {
        const stack = federationFixture();
        stack.add(aws.iam.AccessKey, "odd", { user: ["a"] });
        stack.add(aws.iam.AccessKey, "odder", {});
        assertPasses(await run(stack));
    });
});

describe("aws-iam-user-single-access-key with role-import key generations", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(singleAccessKeyPolicy, stack.resources, { config });

    it("passes two keys while two generations are configured, and one per generation", async () => {
        assertPasses(await run(readerWithGenerations("primary 2027-03=2027-03-01", ["primary", "2027-03"])));
        assertPasses(await run(readerWithGenerations("2027-03=2027-03-01", ["2027-03"])));
    });

    it("flags a stray third key beside two configured generations, at that key", async () => {
        const stack = readerWithGenerations("primary 2027-03", ["primary", "2027-03"]);
        const stray = addReaderKey(stack, "prod-reader-access-key-manual");
        const result = await run(stack);
        assertViolation(
            result,
            /Access key prod-reader-access-key-manual of IAM user prod-reader-user is not one of its configured role-import key generations \(primary, 2027-03\)/,
            stray.urn,
        );
        assert.strictEqual(result.violations.length, 1, result.violations.map((violation) => violation.message).join("\n"));
    });

    it("flags the old key once its generation is removed from the config", async () => {
        const stack = readerWithGenerations("2027-03", ["primary", "2027-03"]);
        assertViolation(
            await run(stack),
            /Access key prod-reader-access-key of IAM user prod-reader-user is not one of its configured .* \(2027-03\)/,
            stack.find("prod-reader-access-key").urn,
        );
    });

    it("flags more generations than IAM allows keys, naming the oldest to remove", async () => {
        const stack = readerWithGenerations("primary 2027-03 2027-06", ["primary", "2027-03", "2027-06"]);
        const result = await run(stack);
        assertViolation(
            result,
            /3 role-import key generations configured \(primary, 2027-03, 2027-06\); IAM allows 2 .* remove the oldest, "primary"/,
            stack.find("prod-reader-user").urn,
        );
        assertViolation(result, /has 3 access keys of configured generations .* at most 2 allowed: remove the oldest, "primary"/);
    });

    it("flags a malformed generations tag, and maximumAccessKeys 0 still forbids every key", async () => {
        assertViolation(
            await run(readerWithGenerations("primary,2027-03", ["primary"])),
            /tag azuread-aws-sso:role-import-keys = "primary,2027-03"; expected generation names/,
        );
        assertViolation(
            await run(readerWithGenerations("primary", ["primary"]), { maximumAccessKeys: 0 }),
            /has 1 access keys of configured generations .* at most 0 allowed/,
        );
    });

    it("a second key without generations names the way to rotate", async () => {
        const stack = federationFixture();
        addReaderKey(stack, "prod-reader-access-key-2027-03");
        assertViolation(
            await run(stack),
            /has 2 access keys .* at most 1 allowed\. To rotate a role-import key, configure two roleImportKeys generations/,
        );
    });

    it("defers when the reader's tags are unknown", async () => {
        const stack = readerWithGenerations("primary 2027-03", ["primary", "2027-03"]);
        stack.find("prod-reader-user").outputs.tags = UNKNOWN;
        addReaderKey(stack, "prod-reader-access-key-manual");
        assertDeferred(await run(stack));
    });
});
