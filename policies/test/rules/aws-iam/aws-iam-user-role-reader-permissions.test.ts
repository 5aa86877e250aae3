import * as aws from "@pulumi/aws";
import { roleReaderPermissionsPolicy } from "../../../rules/aws-iam/aws-iam-user-role-reader-permissions";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { federationFixture, setProperty, StackFixture } from "../../support/federation-fixture";
import { documentOf } from "../../support/policy-documents";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-iam-user-role-reader-permissions", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(roleReaderPermissionsPolicy, stack.resources, { config });

    it("passes the reader with exactly iam:ListRoles", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires when the reader's policy allows more than iam:ListRoles", async () => {
        const stack = federationFixture();
        const policy = stack.find("prod-reader-policy");
        setProperty(policy, "policy", documentOf({ Effect: "Allow", Action: ["iam:ListRoles", "iam:List*"], Resource: "*" }));
        assertViolation(await run(stack), /allows "iam:List\*", beyond iam:ListRoles/, stack.find("prod-reader-policy-attachment").urn);
    });

    it("fires on inline, group and AWS managed grants", async () => {
        const stack = federationFixture();
        const reader = stack.find("prod-reader-user");
        stack.add(
            aws.iam.UserPolicy,
            "reader-inline",
            { user: "AzureADRoleManager", policy: documentOf({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
            { deps: { user: [reader] } },
        );
        const group = stack.add(aws.iam.Group, "readers", { name: "readers" });
        stack.add(
            aws.iam.UserGroupMembership,
            "reader-groups",
            { user: "AzureADRoleManager", groups: ["readers"] },
            { deps: { user: [reader], groups: [group] } },
        );
        stack.add(
            aws.iam.GroupPolicy,
            "readers-inline",
            { group: "readers", policy: documentOf({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) },
            { deps: { group: [group] } },
        );
        stack.add(
            aws.iam.UserPolicyAttachment,
            "reader-managed",
            { user: "AzureADRoleManager", policyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" },
            { deps: { user: [reader] } },
        );
        const result = await run(stack);
        assertViolation(result, /policy reader-inline: statement 0 allows "s3:GetObject"/);
        assertViolation(result, /policy readers-inline: statement 0 uses NotAction/);
        assertViolation(result, /gets arn:aws:iam::aws:policy\/IAMReadOnlyAccess through reader-managed/);
        assertPasses(
            await run(stack, {
                allowedActions: ["iam:ListRoles", "s3:GetObject"],
                allowedPolicyArns: ["arn:aws:iam::aws:policy/*"],
                excludeResources: ["readers-inline"],
            }),
        );
    });

    it("fires on an IAM user that is not a reader at all", async () => {
        const stack = federationFixture();
        const user = stack.add(aws.iam.User, "deployer", { name: "deployer" });
        assertViolation(await run(stack), /IAM user deployer is not allowed iam:ListRoles/, user.urn);
    });

    it("defers while the attached policy ARN is unknown and not linked by dependency", async () => {
        const stack = federationFixture();
        const attachment = stack.find("prod-reader-policy-attachment");
        attachment.outputs.policyArn = UNKNOWN;
        attachment.propertyDependencies = { user: attachment.propertyDependencies.user };
        assertDeferred(await run(stack));
    });

    it("follows the dependency in preview, when the policy ARN is unknown", async () => {
        const stack = federationFixture();
        stack.find("prod-reader-policy-attachment").outputs.policyArn = UNKNOWN;
        stack.find("prod-reader-policy").outputs.arn = UNKNOWN;
        assertPasses(await run(stack));
    });

    it("does not crash on malformed grants", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-reader-policy"), "policy", "[[[");
        assertViolation(await run(stack), /the policy cannot be read/);
    });
});
