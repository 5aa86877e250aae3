import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { accessKeyAgePolicy } from "../../../rules/aws-iam/aws-iam-access-key-age";
import { assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, setProperty, StackFixture } from "../../support/federation-fixture";
import { readerWithGenerations } from "../../support/role-import-readers";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

const DAY_MS = 86_400_000;

/** The calendar date `days` before today (UTC): a recorded generation date. */
function daysAgo(days: number): string {
    return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

/** A createDate timestamp `days` and one hour before now, so its whole-day age is `days` at any time of day. */
function timestampDaysAgo(days: number): string {
    return new Date(Date.now() - days * DAY_MS - 3_600_000).toISOString();
}

describe("aws-iam-access-key-age", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(accessKeyAgePolicy, stack.resources, { config });

    it("passes fresh keys, undated generations and generations dated within the period", async () => {
        assertPasses(await run(federationFixture()));
        assertPasses(
            await run(
                readerWithGenerations(`primary=${daysAgo(80)} ${daysAgo(10).slice(0, 7)}=${daysAgo(10)}`, [
                    "primary",
                    daysAgo(10).slice(0, 7),
                ]),
            ),
        );
        const stack = federationFixture();
        setProperty(stack.find("prod-reader-access-key"), "createDate", new Date().toISOString());
        assertPasses(await run(stack));
    });

    it("flags the active generation older than the period by its recorded date, at its key", async () => {
        const created = daysAgo(120);
        const stack = readerWithGenerations(`primary=${created}`, ["primary"]);
        assertViolation(
            await run(stack),
            new RegExp(
                `Role-import key generation "primary" \\(prod-reader-access-key\\) of IAM user prod-reader-user was created on ${created}, 120 days ago, more than 90; add a new generation`,
            ),
            stack.find("prod-reader-access-key").urn,
        );
        assertPasses(await run(stack, { maximumAgeDays: 180 }));
    });

    it("names a superseded generation to remove", async () => {
        const stack = readerWithGenerations(`primary=${daysAgo(200)} 2027-03`, ["primary", "2027-03"]);
        const result = await run(stack);
        assertViolation(
            result,
            /generation "primary" .* it is superseded by "2027-03": remove "primary" from roleImportKeys/,
            stack.find("prod-reader-access-key").urn,
        );
        assert.strictEqual(result.violations.length, 1);
    });

    it("prefers the key's own createDate, known once the key exists, to the recorded date", async () => {
        const renewed = readerWithGenerations(`primary=${daysAgo(300)}`, ["primary"]);
        setProperty(renewed.find("prod-reader-access-key"), "createDate", new Date().toISOString());
        assertPasses(await run(renewed));
        const untagged = federationFixture();
        const key = untagged.find("prod-reader-access-key");
        setProperty(key, "createDate", timestampDaysAgo(91));
        assertViolation(
            await run(untagged),
            /Access key prod-reader-access-key of IAM user prod-reader-user was created on \d{4}-\d{2}-\d{2}, 91 days ago, more than 90; add a new generation/,
            key.urn,
        );
        const foreign = new StackFixture();
        foreign.add(aws.iam.AccessKey, "ci-key", { user: "ci" }, { outputs: { createDate: timestampDaysAgo(400) } });
        assertViolation(await run(foreign), /Access key ci-key was created on .*, 400 days ago, more than 90; rotate it/);
    });

    it("never guesses an age: an unknown createDate with no recorded date passes", async () => {
        const stack = federationFixture();
        stack.find("prod-reader-access-key").outputs.createDate = UNKNOWN;
        assertPasses(await run(stack));
    });
});
