import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { accessKeyAgePolicy } from "../../rules/aws-iam/aws-iam-access-key-age";
import { noConsolePasswordPolicy } from "../../rules/aws-iam/aws-iam-no-console-password";
import { noWildcardPermissionsPolicy } from "../../rules/aws-iam/aws-iam-no-wildcard-permissions";
import { ROLE_IMPORT_KEYS_TAG } from "../../readers/role-import-key-generations";
import { roleReaderPermissionsPolicy } from "../../rules/aws-iam/aws-iam-user-role-reader-permissions";
import { singleAccessKeyPolicy } from "../../rules/aws-iam/aws-iam-user-single-access-key";
import { ssoRoleNoPowerUserPolicy } from "../../rules/aws-iam/aws-sso-role-power-user-access";
import { ssoRoleNoPrivilegedPoliciesPolicy } from "../../rules/aws-iam/aws-sso-role-no-privileged-managed-policies";
import { strongPasswordPolicyPolicy } from "../../rules/aws-iam/aws-account-password-policy-strength";
import { assertDeferred, assertPasses, assertViolation } from "../support/assertions";
import { ACCOUNT_ID, federationFixture, setProperty, StackFixture } from "../support/federation-fixture";
import { runResourcePolicy, runStackPolicy, UNKNOWN } from "../support/validation-args";

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

function documentOf(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

describe("aws-sso-role-no-privileged-managed-policies", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(ssoRoleNoPrivilegedPoliciesPolicy, stack.resources, { config });

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
            assertViolation(await run(stack), /prod-role-Developer gets full control of the account through inline policy everything: statement 0 allows "\*" on every resource/, developer.urn);
        });

        it("a RolePolicy granting iam:* (odd case) through NotResource", async () => {
            const stack = federationFixture();
            setProperty(stack.find("prod-role-Developer-inline"), "policy", documentOf({ Effect: "allow", Action: ["IAM:*"], NotResource: "arn:aws:s3:::x" }));
            assertViolation(await run(stack), /through RolePolicy prod-role-Developer-inline: statement 0 allows "IAM:\*", every IAM action/, stack.find("prod-role-Developer-inline").urn);
        });

        it("a customer managed Policy of the stack, attached by managedPolicyArns, RolePolicyAttachment or PolicyAttachment", async () => {
            for (const attach of ["managedPolicyArns", "RolePolicyAttachment", "PolicyAttachment"] as const) {
                const stack = federationFixture();
                const admin = stack.add(aws.iam.Policy, "admin-policy", { name: "Admin", policy: starOnStar }, { outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:policy/Admin` } });
                const readOnly = stack.find("prod-role-ReadOnly");
                const arn = `arn:aws:iam::${ACCOUNT_ID}:policy/Admin`;
                const where =
                    attach === "managedPolicyArns"
                        ? (setProperty(readOnly, "managedPolicyArns", [arn]), readOnly)
                        : attach === "RolePolicyAttachment"
                          ? stack.add(aws.iam.RolePolicyAttachment, "admin-attachment", { role: "ReadOnly", policyArn: arn }, { deps: { role: [readOnly], policyArn: [admin] } })
                          : stack.add(aws.iam.PolicyAttachment, "admin-attachment", { roles: ["ReadOnly"], policyArn: arn, name: "admins" });
                assertViolation(await run(stack), /prod-role-ReadOnly gets full control of the account through .*statement 0 allows "\*" on every resource/, where.urn);
            }
        });

        it("RolePolicyAttachmentsExclusive and the inline policies RolePoliciesExclusive names", async () => {
            const stack = federationFixture();
            const exclusive = stack.add(aws.iam.RolePolicyAttachmentsExclusive, "developer-exclusive", { roleName: "Developer", policyArns: [ADMIN] });
            assertViolation(await run(stack), /gets AdministratorAccess .* through RolePolicyAttachmentsExclusive developer-exclusive/, exclusive.urn);

            const named = federationFixture();
            // The inline policy's own role link is lost (an import), but the exclusive set names it.
            const inline = named.find("prod-role-Developer-inline");
            setProperty(inline, "role", "Developer-imported");
            inline.propertyDependencies = {};
            setProperty(inline, "policy", starOnStar);
            named.add(aws.iam.RolePoliciesExclusive, "developer-inline-exclusive", { roleName: "Developer", policyNames: ["Developer-inline"] });
            assertViolation(await run(named), /through RolePolicy prod-role-Developer-inline \(named by RolePoliciesExclusive developer-inline-exclusive\)/, inline.urn);
        });

        it("a team program's role, trusting a referenced SSO stack's provider", async () => {
            const stack = federationFixture();
            const team = stack.add(aws.iam.Role, "team-role", {
                name: "Data-Analyst",
                assumeRolePolicy: documentOf({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/Elsewhere` }, Action: "sts:AssumeRoleWithSAML" }),
            });
            const attachment = stack.add(aws.iam.RolePolicyAttachment, "team-admin", { role: "Data-Analyst", policyArn: ADMIN }, { deps: { role: [team] } });
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

describe("aws-sso-role-power-user-access", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(ssoRoleNoPowerUserPolicy, stack.resources, { config });
    const POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

    it("is advisory by default: AWS's own developer permission sets use PowerUserAccess", () => {
        assert.strictEqual(ssoRoleNoPowerUserPolicy.enforcementLevel, "advisory");
        assert.strictEqual(ssoRoleNoPrivilegedPoliciesPolicy.enforcementLevel, "mandatory");
    });

    it("fires on PowerUserAccess through a PolicyAttachment, at the attachment, and not on full-admin policies", async () => {
        const stack = federationFixture();
        const attachment = stack.add(aws.iam.PolicyAttachment, "power-users", { roles: ["ReadOnly"], policyArn: POWER_USER }, { deps: { roles: [stack.find("prod-role-ReadOnly")] } });
        stack.add(aws.iam.RolePolicyAttachment, "admin", { role: "Developer", policyArn: ADMIN });
        const result = await run(stack);
        assertViolation(result, /prod-role-ReadOnly gets PowerUserAccess .* through PolicyAttachment power-users: broad access/, attachment.urn);
        assert.strictEqual(result.violations.length, 1);
    });

    it("accepts allow-listed role names", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-role-Developer"), "managedPolicyArns", [POWER_USER]);
        assertViolation(await run(stack), /gets PowerUserAccess/);
        assertPasses(await run(stack, { allowedRoleNames: ["Dev*"] }));
    });
});

describe("aws-iam-no-wildcard-permissions", () => {
    const policy = (document: unknown) => new StackFixture().add(aws.iam.Policy, "policy", { policy: document });
    const run = (document: unknown, config?: Record<string, unknown>) => runResourcePolicy(noWildcardPermissionsPolicy, policy(document), { config });

    it("passes scoped documents and Deny statements", async () => {
        assertPasses(await run(documentOf({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::bucket/*" })));
        assertPasses(await run(documentOf({ Effect: "Deny", Action: "*", Resource: "*" })));
        assertPasses(await run(documentOf({ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT_ID}:role/app` })));
        assertPasses(await run(documentOf({ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" })));
    });

    it("fires on * on *", async () => {
        assertViolation(await run(documentOf({ Effect: "Allow", Action: "*", Resource: "*" })), /allows "\*" on every resource: full administrator access/);
        assertViolation(await run({ Statement: { Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: ["*"] } }), /full administrator access/);
    });

    it("fires on iam:* and Allow with NotAction", async () => {
        assertViolation(await run(documentOf({ Effect: "Allow", Action: "IAM:*", Resource: `arn:aws:iam::${ACCOUNT_ID}:role/x` })), /includes every IAM action/);
        assertViolation(await run(documentOf({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), /Allow with NotAction/);
    });

    it("fires on iam:PassRole on every resource, also through wildcards and NotResource", async () => {
        assertViolation(await run(documentOf({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })), /"iam:PassRole" on every resource/);
        assertViolation(await run(documentOf({ Effect: "Allow", Action: "iam:Pass*", Resource: "*" })), /"iam:Pass\*" on every resource/);
        assertViolation(await run(documentOf({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::1:role/x" })), /on every resource/);
    });

    it("checks inline policies of roles, users and groups", async () => {
        const stack = new StackFixture();
        const admin = documentOf({ Effect: "Allow", Action: "*", Resource: "*" });
        const resources = [
            stack.add(aws.iam.RolePolicy, "role-inline", { role: "r", policy: admin }),
            stack.add(aws.iam.UserPolicy, "user-inline", { user: "u", policy: admin }),
            stack.add(aws.iam.GroupPolicy, "group-inline", { group: "g", policy: admin }),
            stack.add(aws.iam.Role, "role", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "everything", policy: admin }, { name: "empty", policy: "" }] }),
        ];
        for (const resource of resources) {
            assertViolation(await runResourcePolicy(noWildcardPermissionsPolicy, resource), /full administrator access/);
        }
    });

    it("defers when the document is unknown", async () => {
        assertDeferred(await run(UNKNOWN));
        const stack = new StackFixture();
        assertDeferred(await runResourcePolicy(noWildcardPermissionsPolicy, stack.add(aws.iam.Role, "role", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: UNKNOWN }] })));
    });

    it("reports unreadable documents instead of crashing", async () => {
        assertViolation(await run("{nope"), /cannot be read: the policy is not valid JSON/);
        assertViolation(await run(17), /must be a JSON object, got number/);
        assertPasses(await runResourcePolicy(noWildcardPermissionsPolicy, new StackFixture().add(aws.iam.Role, "role", { inlinePolicies: "x" })));
    });

    it("can exempt a resource", async () => {
        const result = await run(documentOf({ Effect: "Allow", Action: "*", Resource: "*" }), { excludeResources: ["policy"] });
        assert.deepStrictEqual(result.violations, []);
    });
});

describe("aws-iam-user-role-reader-permissions", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(roleReaderPermissionsPolicy, stack.resources, { config });

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
        stack.add(aws.iam.UserPolicy, "reader-inline", { user: "AzureADRoleManager", policy: documentOf({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }, { deps: { user: [reader] } });
        const group = stack.add(aws.iam.Group, "readers", { name: "readers" });
        stack.add(aws.iam.UserGroupMembership, "reader-groups", { user: "AzureADRoleManager", groups: ["readers"] }, { deps: { user: [reader], groups: [group] } });
        stack.add(aws.iam.GroupPolicy, "readers-inline", { group: "readers", policy: documentOf({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }, { deps: { group: [group] } });
        stack.add(aws.iam.UserPolicyAttachment, "reader-managed", { user: "AzureADRoleManager", policyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }, { deps: { user: [reader] } });
        const result = await run(stack);
        assertViolation(result, /policy reader-inline: statement 0 allows "s3:GetObject"/);
        assertViolation(result, /policy readers-inline: statement 0 uses NotAction/);
        assertViolation(result, /gets arn:aws:iam::aws:policy\/IAMReadOnlyAccess through reader-managed/);
        assertPasses(await run(stack, { allowedActions: ["iam:ListRoles", "s3:GetObject"], allowedPolicyArns: ["arn:aws:iam::aws:policy/*"], excludeResources: ["readers-inline"] }));
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

describe("aws-iam-no-console-password", () => {
    it("fires on any login profile", async () => {
        const profile = new StackFixture().add(aws.iam.UserLoginProfile, "reader-console", { user: "AzureADRoleManager" });
        assertViolation(await runResourcePolicy(noConsolePasswordPolicy, profile), /gives IAM user AzureADRoleManager a console password/);
    });

    it("still fires when the user name is unknown, and ignores other resources", async () => {
        const stack = new StackFixture();
        assertViolation(await runResourcePolicy(noConsolePasswordPolicy, stack.add(aws.iam.UserLoginProfile, "p", { user: UNKNOWN })), /gives an IAM user a console password/);
        const other = await runResourcePolicy(noConsolePasswordPolicy, stack.add(aws.iam.User, "u", { name: "u" }));
        assert.deepStrictEqual(other.violations, []);
        assert.strictEqual(other.notApplicable.length, 1);
    });

    it("can exempt a break-glass user's profile", async () => {
        const profile = new StackFixture().add(aws.iam.UserLoginProfile, "break-glass", { user: 3 });
        assert.deepStrictEqual((await runResourcePolicy(noConsolePasswordPolicy, profile, { config: { excludeResources: ["break-glass"] } })).violations, []);
    });
});

describe("aws-iam-user-single-access-key", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(singleAccessKeyPolicy, stack.resources, { config });

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

/** A reader whose tag lists the given generations, each with its key named as the program names it. */
function readerWithGenerations(tag: string, generations: readonly string[]): StackFixture {
    const stack = federationFixture();
    const reader = stack.find("prod-reader-user");
    setProperty(reader, "tags", { "managed-by": "pulumi", [ROLE_IMPORT_KEYS_TAG]: tag });
    stack.remove("prod-reader-access-key");
    for (const generation of generations) {
        addReaderKey(stack, generation === "primary" ? "prod-reader-access-key" : `prod-reader-access-key-${generation}`);
    }
    return stack;
}

function addReaderKey(stack: StackFixture, name: string, outputs: Record<string, unknown> = {}) {
    return stack.add(aws.iam.AccessKey, name, { user: "AzureADRoleManager" }, { deps: { user: [stack.find("prod-reader-user")] }, outputs: { status: "Active", ...outputs } });
}

function daysAgo(days: number): string {
    return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

describe("aws-iam-user-single-access-key with role-import key generations", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(singleAccessKeyPolicy, stack.resources, { config });

    it("passes two keys while two generations are configured, and one per generation", async () => {
        assertPasses(await run(readerWithGenerations("primary 2027-03=2027-03-01", ["primary", "2027-03"])));
        assertPasses(await run(readerWithGenerations("2027-03=2027-03-01", ["2027-03"])));
    });

    it("flags a stray third key beside two configured generations, at that key", async () => {
        const stack = readerWithGenerations("primary 2027-03", ["primary", "2027-03"]);
        const stray = addReaderKey(stack, "prod-reader-access-key-manual");
        const result = await run(stack);
        assertViolation(result, /Access key prod-reader-access-key-manual of IAM user prod-reader-user is not one of its configured role-import key generations \(primary, 2027-03\)/, stray.urn);
        assert.strictEqual(result.violations.length, 1, result.violations.map((violation) => violation.message).join("\n"));
    });

    it("flags the old key once its generation is removed from the config", async () => {
        const stack = readerWithGenerations("2027-03", ["primary", "2027-03"]);
        assertViolation(await run(stack), /Access key prod-reader-access-key of IAM user prod-reader-user is not one of its configured .* \(2027-03\)/, stack.find("prod-reader-access-key").urn);
    });

    it("flags more generations than IAM allows keys, naming the oldest to remove", async () => {
        const stack = readerWithGenerations("primary 2027-03 2027-06", ["primary", "2027-03", "2027-06"]);
        const result = await run(stack);
        assertViolation(result, /3 role-import key generations configured \(primary, 2027-03, 2027-06\); IAM allows 2 .* remove the oldest, "primary"/, stack.find("prod-reader-user").urn);
        assertViolation(result, /has 3 access keys of configured generations .* at most 2 allowed: remove the oldest, "primary"/);
    });

    it("flags a malformed generations tag, and maximumAccessKeys 0 still forbids every key", async () => {
        assertViolation(await run(readerWithGenerations("primary,2027-03", ["primary"])), /tag azuread-aws-sso:role-import-keys = "primary,2027-03"; expected generation names/);
        assertViolation(await run(readerWithGenerations("primary", ["primary"]), { maximumAccessKeys: 0 }), /has 1 access keys of configured generations .* at most 0 allowed/);
    });

    it("a second key without generations names the way to rotate", async () => {
        const stack = federationFixture();
        addReaderKey(stack, "prod-reader-access-key-2027-03");
        assertViolation(await run(stack), /has 2 access keys .* at most 1 allowed\. To rotate a role-import key, configure two roleImportKeys generations/);
    });

    it("defers when the reader's tags are unknown", async () => {
        const stack = readerWithGenerations("primary 2027-03", ["primary", "2027-03"]);
        stack.find("prod-reader-user").outputs.tags = UNKNOWN;
        addReaderKey(stack, "prod-reader-access-key-manual");
        assertDeferred(await run(stack));
    });
});

describe("aws-iam-access-key-age", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(accessKeyAgePolicy, stack.resources, { config });

    it("passes fresh keys, undated generations and generations dated within the period", async () => {
        assertPasses(await run(federationFixture()));
        assertPasses(await run(readerWithGenerations(`primary=${daysAgo(80)} ${daysAgo(10).slice(0, 7)}=${daysAgo(10)}`, ["primary", daysAgo(10).slice(0, 7)])));
        const stack = federationFixture();
        setProperty(stack.find("prod-reader-access-key"), "createDate", new Date().toISOString());
        assertPasses(await run(stack));
    });

    it("flags the active generation older than the period by its recorded date, at its key", async () => {
        const stack = readerWithGenerations(`primary=${daysAgo(120)}`, ["primary"]);
        assertViolation(
            await run(stack),
            new RegExp(`Role-import key generation "primary" \\(prod-reader-access-key\\) of IAM user prod-reader-user was created on ${daysAgo(120)}, 120 days ago, more than 90; add a new generation`),
            stack.find("prod-reader-access-key").urn,
        );
        assertPasses(await run(stack, { maximumAgeDays: 180 }));
    });

    it("names a superseded generation to remove", async () => {
        const stack = readerWithGenerations(`primary=${daysAgo(200)} 2027-03`, ["primary", "2027-03"]);
        const result = await run(stack);
        assertViolation(result, /generation "primary" .* it is superseded by "2027-03": remove "primary" from roleImportKeys/, stack.find("prod-reader-access-key").urn);
        assert.strictEqual(result.violations.length, 1);
    });

    it("prefers the key's own createDate, known once the key exists, to the recorded date", async () => {
        const renewed = readerWithGenerations(`primary=${daysAgo(300)}`, ["primary"]);
        setProperty(renewed.find("prod-reader-access-key"), "createDate", new Date().toISOString());
        assertPasses(await run(renewed));
        const untagged = federationFixture();
        const key = untagged.find("prod-reader-access-key");
        setProperty(key, "createDate", `${daysAgo(91)}T08:00:00Z`);
        assertViolation(await run(untagged), /Access key prod-reader-access-key of IAM user prod-reader-user was created on .*, 9[01] days ago/, key.urn);
        const foreign = new StackFixture();
        foreign.add(aws.iam.AccessKey, "ci-key", { user: "ci" }, { outputs: { createDate: `${daysAgo(400)}T00:00:00Z` } });
        assertViolation(await run(foreign), /Access key ci-key was created on .*, 400 days ago, more than 90; rotate it/);
    });

    it("never guesses an age: an unknown createDate with no recorded date passes", async () => {
        const stack = federationFixture();
        stack.find("prod-reader-access-key").outputs.createDate = UNKNOWN;
        assertPasses(await run(stack));
    });
});

describe("aws-account-password-policy-strength", () => {
    const policy = (inputs: Record<string, unknown>) => new StackFixture().add(aws.iam.AccountPasswordPolicy, "passwords", inputs);
    const strong = { minimumPasswordLength: 14, passwordReusePrevention: 24, maxPasswordAge: 90 };

    it("passes the CIS settings", async () => {
        assertPasses(await runResourcePolicy(strongPasswordPolicyPolicy, policy(strong)));
    });

    it("fires on short passwords, missing reuse prevention and no expiry", async () => {
        const result = await runResourcePolicy(strongPasswordPolicyPolicy, policy({ minimumPasswordLength: 8 }));
        assertViolation(result, /minimumPasswordLength is 8; it must be a number of at least 14/);
        assertViolation(result, /passwordReusePrevention is not set/);
        assertViolation(result, /maxPasswordAge is not set/);
        assertViolation(await runResourcePolicy(strongPasswordPolicyPolicy, policy({ ...strong, maxPasswordAge: 365 })), /expire within 90 days/);
    });

    it("takes thresholds from config", async () => {
        assertPasses(await runResourcePolicy(strongPasswordPolicyPolicy, policy({ ...strong, minimumPasswordLength: 12 }), { config: { minimumLength: 12 } }));
    });

    it("checks the known settings and defers the unknown one", async () => {
        const result = await runResourcePolicy(strongPasswordPolicyPolicy, policy({ ...strong, minimumPasswordLength: UNKNOWN, maxPasswordAge: 400 }));
        assert.ok(result.unknown !== undefined);
        assertViolation(result, /maxPasswordAge is 400/);
    });

    it("treats wrong types as unset", async () => {
        assertViolation(await runResourcePolicy(strongPasswordPolicyPolicy, policy({ ...strong, minimumPasswordLength: "14" })), /minimumPasswordLength is "14"; it must be a number of at least 14/);
    });
});
