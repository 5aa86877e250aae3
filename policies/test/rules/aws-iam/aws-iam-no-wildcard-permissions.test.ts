import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { noWildcardPermissionsPolicy } from "../../../rules/aws-iam/aws-iam-no-wildcard-permissions";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { ACCOUNT_ID, StackFixture } from "../../support/federation-fixture";
import { documentOf } from "../../support/policy-documents";
import { runResourcePolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-iam-no-wildcard-permissions", () => {
    const policy = (document: unknown) => new StackFixture().add(aws.iam.Policy, "policy", { policy: document });
    const run = (document: unknown, config?: Record<string, unknown>) =>
        runResourcePolicy(noWildcardPermissionsPolicy, policy(document), { config });

    it("passes scoped documents and Deny statements", async () => {
        assertPasses(await run(documentOf({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::bucket/*" })));
        assertPasses(await run(documentOf({ Effect: "Deny", Action: "*", Resource: "*" })));
        assertPasses(await run(documentOf({ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT_ID}:role/app` })));
        assertPasses(await run(documentOf({ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" })));
    });

    it("fires on * on *", async () => {
        assertViolation(
            await run(documentOf({ Effect: "Allow", Action: "*", Resource: "*" })),
            /allows "\*" on every resource: full administrator access/,
        );
        assertViolation(
            await run({ Statement: { Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: ["*"] } }),
            /full administrator access/,
        );
    });

    it("fires on iam:* and Allow with NotAction", async () => {
        assertViolation(
            await run(documentOf({ Effect: "Allow", Action: "IAM:*", Resource: `arn:aws:iam::${ACCOUNT_ID}:role/x` })),
            /includes every IAM action/,
        );
        assertViolation(await run(documentOf({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), /Allow with NotAction/);
    });

    it("fires on iam:PassRole on every resource, also through wildcards and NotResource", async () => {
        assertViolation(
            await run(documentOf({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })),
            /"iam:PassRole" on every resource/,
        );
        assertViolation(await run(documentOf({ Effect: "Allow", Action: "iam:Pass*", Resource: "*" })), /"iam:Pass\*" on every resource/);
        assertViolation(
            await run(documentOf({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::1:role/x" })),
            /on every resource/,
        );
    });

    it("checks inline policies of roles, users and groups", async () => {
        const stack = new StackFixture();
        const admin = documentOf({ Effect: "Allow", Action: "*", Resource: "*" });
        const resources = [
            stack.add(aws.iam.RolePolicy, "role-inline", { role: "r", policy: admin }),
            stack.add(aws.iam.UserPolicy, "user-inline", { user: "u", policy: admin }),
            stack.add(aws.iam.GroupPolicy, "group-inline", { group: "g", policy: admin }),
            stack.add(aws.iam.Role, "role", {
                assumeRolePolicy: "{}",
                inlinePolicies: [
                    { name: "everything", policy: admin },
                    { name: "empty", policy: "" },
                ],
            }),
        ];
        for (const resource of resources) {
            assertViolation(await runResourcePolicy(noWildcardPermissionsPolicy, resource), /full administrator access/);
        }
    });

    it("defers when the document is unknown", async () => {
        assertDeferred(await run(UNKNOWN));
        const stack = new StackFixture();
        assertDeferred(
            await runResourcePolicy(
                noWildcardPermissionsPolicy,
                stack.add(aws.iam.Role, "role", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: UNKNOWN }] }),
            ),
        );
    });

    it("reports unreadable documents instead of crashing", async () => {
        assertViolation(await run("{nope"), /cannot be read: the policy is not valid JSON/);
        assertViolation(await run(17), /must be a JSON object, got number/);
        assertPasses(
            await runResourcePolicy(noWildcardPermissionsPolicy, new StackFixture().add(aws.iam.Role, "role", { inlinePolicies: "x" })),
        );
    });

    it("can exempt a resource", async () => {
        const result = await run(documentOf({ Effect: "Allow", Action: "*", Resource: "*" }), { excludeResources: ["policy"] });
        assert.deepStrictEqual(result.violations, []);
    });
});
