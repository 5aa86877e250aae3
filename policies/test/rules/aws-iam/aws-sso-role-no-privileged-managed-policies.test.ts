import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { ssoRoleNoPrivilegedPoliciesPolicy } from "../../../rules/aws-iam/aws-sso-role-no-privileged-managed-policies";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { ACCOUNT_ID, federationFixture, setProperty, StackFixture } from "../../support/federation-fixture";
import { ADMIN, documentOf } from "../../support/policy-documents";
import { runStackPolicy, UNKNOWN } from "../../support/validation-args";

describe("aws-sso-role-no-privileged-managed-policies", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) =>
        runStackPolicy(ssoRoleNoPrivilegedPoliciesPolicy, stack.resources, { config });

    it("passes SSO roles with job-function policies", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on AdministratorAccess through a RolePolicyAttachment, at the attachment", async () => {
        const stack = federationFixture();
        const attachment = stack.find("prod-role-ReadOnly-attachment");
        setProperty(attachment, "policyArn", ADMIN);
        assertViolation(await run(stack), /SSO role prod-role-ReadOnly gets AdministratorAccess/, attachment.urn);
    });

    it("fires on IAMFullAccess in managedPolicyArns and leaves PowerUserAccess to the advisory tier", async () => {
        const stack = federationFixture();
        const developer = stack.find("prod-role-Developer");
        setProperty(developer, "managedPolicyArns", ["arn:aws:iam::aws:policy/IAMFullAccess"]);
        stack.add(
            aws.iam.PolicyAttachment,
            "power-users",
            { roles: ["ReadOnly"], policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
            { deps: { roles: [stack.find("prod-role-ReadOnly")] } },
        );
        const result = await run(stack);
        assertViolation(result, /gets IAMFullAccess .* through managedPolicyArns/, developer.urn);
        assert.strictEqual(result.violations.length, 1, JSON.stringify(result.violations));
    });

    it("joins attachments by role name when no dependency was recorded", async () => {
        const stack = federationFixture();
        stack.add(aws.iam.RolePolicyAttachment, "by-name", { role: "Developer", policyArn: ADMIN });
        assertViolation(await run(stack), /prod-role-Developer gets AdministratorAccess .* through RolePolicyAttachment by-name/);
    });

    describe("sees every way a role gets permissions", () => {
        const starOnStar = documentOf({ Effect: "Allow", Action: "*", Resource: "*" });

        it("inlinePolicies on the role", async () => {
            const stack = federationFixture();
            const developer = stack.find("prod-role-Developer");
            setProperty(developer, "inlinePolicies", [{ name: "everything", policy: starOnStar }]);
            assertViolation(
                await run(stack),
                /prod-role-Developer gets full control of the account through inline policy everything: statement 0 allows "\*" on every resource/,
                developer.urn,
            );
        });

        it("a RolePolicy granting iam:* (odd case) through NotResource", async () => {
            const stack = federationFixture();
            setProperty(
                stack.find("prod-role-Developer-inline"),
                "policy",
                documentOf({ Effect: "allow", Action: ["IAM:*"], NotResource: "arn:aws:s3:::x" }),
            );
            assertViolation(
                await run(stack),
                /through RolePolicy prod-role-Developer-inline: statement 0 allows "IAM:\*", every IAM action/,
                stack.find("prod-role-Developer-inline").urn,
            );
        });

        it("a customer managed Policy of the stack, attached by managedPolicyArns, RolePolicyAttachment or PolicyAttachment", async () => {
            for (const attach of ["managedPolicyArns", "RolePolicyAttachment", "PolicyAttachment"] as const) {
                const stack = federationFixture();
                const admin = stack.add(
                    aws.iam.Policy,
                    "admin-policy",
                    { name: "Admin", policy: starOnStar },
                    { outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:policy/Admin` } },
                );
                const readOnly = stack.find("prod-role-ReadOnly");
                const arn = `arn:aws:iam::${ACCOUNT_ID}:policy/Admin`;
                const where =
                    attach === "managedPolicyArns"
                        ? (setProperty(readOnly, "managedPolicyArns", [arn]), readOnly)
                        : attach === "RolePolicyAttachment"
                          ? stack.add(
                                aws.iam.RolePolicyAttachment,
                                "admin-attachment",
                                { role: "ReadOnly", policyArn: arn },
                                { deps: { role: [readOnly], policyArn: [admin] } },
                            )
                          : stack.add(aws.iam.PolicyAttachment, "admin-attachment", {
                                roles: ["ReadOnly"],
                                policyArn: arn,
                                name: "admins",
                            });
                assertViolation(
                    await run(stack),
                    /prod-role-ReadOnly gets full control of the account through .*statement 0 allows "\*" on every resource/,
                    where.urn,
                );
            }
        });

        it("RolePolicyAttachmentsExclusive and the inline policies RolePoliciesExclusive names", async () => {
            const stack = federationFixture();
            const exclusive = stack.add(aws.iam.RolePolicyAttachmentsExclusive, "developer-exclusive", {
                roleName: "Developer",
                policyArns: [ADMIN],
            });
            assertViolation(
                await run(stack),
                /gets AdministratorAccess .* through RolePolicyAttachmentsExclusive developer-exclusive/,
                exclusive.urn,
            );

            const named = federationFixture();
            // The inline policy's own role link is lost (an import), but the exclusive set names it.
            const inline = named.find("prod-role-Developer-inline");
            setProperty(inline, "role", "Developer-imported");
            inline.propertyDependencies = {};
            setProperty(inline, "policy", starOnStar);
            named.add(aws.iam.RolePoliciesExclusive, "developer-inline-exclusive", {
                roleName: "Developer",
                policyNames: ["Developer-inline"],
            });
            assertViolation(
                await run(named),
                /through RolePolicy prod-role-Developer-inline \(named by RolePoliciesExclusive developer-inline-exclusive\)/,
                inline.urn,
            );
        });

        it("a team program's role, trusting a referenced SSO stack's provider", async () => {
            const stack = federationFixture();
            const team = stack.add(aws.iam.Role, "team-role", {
                name: "Data-Analyst",
                assumeRolePolicy: documentOf({
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/Elsewhere` },
                    Action: "sts:AssumeRoleWithSAML",
                }),
            });
            const attachment = stack.add(
                aws.iam.RolePolicyAttachment,
                "team-admin",
                { role: "Data-Analyst", policyArn: ADMIN },
                { deps: { role: [team] } },
            );
            assertViolation(await run(stack), /team-role gets AdministratorAccess/, attachment.urn);
        });
    });

    it("leaves roles that do not trust SAML alone", async () => {
        const stack = federationFixture();
        const service = stack.add(aws.iam.Role, "lambda-role", {
            name: "lambda",
            assumeRolePolicy: documentOf({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
        });
        stack.add(aws.iam.RolePolicyAttachment, "lambda-admin", { role: "lambda", policyArn: ADMIN }, { deps: { role: [service] } });
        assertPasses(await run(stack));
    });

    it("accepts allow-listed role names and a configured deny-list", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-role-ReadOnly-attachment"), "policyArn", ADMIN);
        assertPasses(await run(stack, { allowedRoleNames: ["Read*"] }));
        assertPasses(await run(stack, { deniedPolicyNames: ["IAMFullAccess"] }));
        setProperty(stack.find("prod-role-ReadOnly-attachment"), "policyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        assertViolation(await run(stack, { deniedPolicyNames: ["ReadOnlyAccess"] }), /gets ReadOnlyAccess/);
    });

    it("recognises a role in preview by its trust policy's dependency on the SAML provider", async () => {
        const stack = federationFixture();
        stack.find("prod-role-ReadOnly").outputs.assumeRolePolicy = UNKNOWN;
        setProperty(stack.find("prod-role-ReadOnly-attachment"), "policyArn", ADMIN);
        assertViolation(await run(stack), /SSO role prod-role-ReadOnly gets AdministratorAccess/);
    });

    it("defers when the attached policy ARN is unknown", async () => {
        const stack = federationFixture();
        stack.find("prod-role-ReadOnly-attachment").outputs.policyArn = UNKNOWN;
        assertDeferred(await run(stack));
    });

    it("does not crash on malformed attachments", async () => {
        const stack = federationFixture();
        stack.add(aws.iam.RolePolicyAttachment, "odd", { role: 7, policyArn: { nope: true } });
        setProperty(stack.find("prod-role-Developer"), "managedPolicyArns", "not-a-list");
        assertPasses(await run(stack));
    });
});
