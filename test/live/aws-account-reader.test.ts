import * as assert from "assert";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { AwsAccountReader } from "../../live/aws-account-reader";
import { LiveReadError } from "../../live/read-failure";
import { IAM_FAILURES, IamStandIn } from "../support/iam-stand-in";
import { withAwsEnvironment } from "../support/aws-environment";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const AMBIENT_KEY = "AKIAIOSFODNN7EXAMPLE";
const AMBIENT_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/AzureAD` },
            Action: "sts:AssumeRoleWithSAML",
            Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
        },
    ],
};
const FAST = { retry: { maxAttempts: 3, backoffMs: () => 1 } };

describe("live AWS reader (real SDK clients against the IAM and STS Query API stand-in)", () => {
    let standIn: IamStandIn;
    let restore: () => void;

    before(async () => {
        standIn = await IamStandIn.start();
    });
    after(async () => {
        await standIn.stop();
    });
    beforeEach(() => {
        standIn.reset();
        standIn.addUserCredentials(ACCOUNT, "doctor", AMBIENT_KEY, AMBIENT_SECRET);
        standIn.account(ACCOUNT).addRole({ name: "Developer", trustPolicy: TRUST, maxSessionDuration: 14400, description: "Build things" });
        restore = withAwsEnvironment({
            AWS_ENDPOINT_URL_IAM: standIn.endpoint,
            AWS_ENDPOINT_URL_STS: standIn.endpoint,
            AWS_ACCESS_KEY_ID: AMBIENT_KEY,
            AWS_SECRET_ACCESS_KEY: AMBIENT_SECRET,
        });
    });
    afterEach(() => restore());

    const open = (roleArn?: string) =>
        AwsAccountReader.open({ accountId: roleArn ? OTHER_ACCOUNT : ACCOUNT, region: "eu-central-1", roleArn }, FAST);

    it("reaches IAM and STS through AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS with form-encoded, SigV4-signed Query requests", async () => {
        const reader = open();
        assert.deepStrictEqual(await reader.callerIdentity(), {
            account: ACCOUNT,
            arn: `arn:aws:iam::${ACCOUNT}:user/doctor`,
            userId: `AIDA${AMBIENT_KEY.slice(4)}`,
        });
        const role = await reader.findRole("Developer");
        assert.strictEqual(role?.arn, `arn:aws:iam::${ACCOUNT}:role/Developer`);
        assert.strictEqual(role?.maxSessionDuration, 14400);
        assert.deepStrictEqual(role?.trustPolicy, TRUST, "the trust policy is decoded from IAM's URL encoding");
        assert.deepStrictEqual(standIn.actions(), ["sts:GetCallerIdentity", "iam:GetRole"]);
        for (const request of standIn.requests) {
            assert.match(request.contentType, /^application\/x-www-form-urlencoded/);
            assert.strictEqual(request.accessKeyId, AMBIENT_KEY);
        }
        assert.strictEqual(standIn.requests[1].params.Version, "2010-05-08");
        assert.strictEqual(standIn.requests[0].params.Version, "2011-06-15");
        reader.close();
    });

    it("honours the generic AWS_ENDPOINT_URL as well", async () => {
        restore();
        restore = withAwsEnvironment({
            AWS_ENDPOINT_URL: standIn.endpoint,
            AWS_ACCESS_KEY_ID: AMBIENT_KEY,
            AWS_SECRET_ACCESS_KEY: AMBIENT_SECRET,
        });
        const reader = open();
        assert.strictEqual((await reader.findRole("Developer"))?.name, "Developer");
        assert.strictEqual((await reader.callerIdentity()).account, ACCOUNT);
        reader.close();
    });

    it("assumes the account's role with the ambient credentials and reads that account with the role's session", async () => {
        standIn
            .account(OTHER_ACCOUNT)
            .addRole({ name: "PulumiDeploy", trustPolicy: { Version: "2012-10-17", Statement: [] } })
            .addRole({ name: "Operator", trustPolicy: TRUST });
        const reader = open(`arn:aws:iam::${OTHER_ACCOUNT}:role/PulumiDeploy`);
        assert.strictEqual((await reader.callerIdentity()).account, OTHER_ACCOUNT);
        assert.strictEqual((await reader.findRole("Operator"))?.arn, `arn:aws:iam::${OTHER_ACCOUNT}:role/Operator`);
        assert.deepStrictEqual(
            standIn.actions(),
            ["sts:AssumeRole", "sts:GetCallerIdentity", "iam:GetRole"],
            "the role is assumed once and reused",
        );
        assert.strictEqual(standIn.requests[0].accessKeyId, AMBIENT_KEY);
        assert.match(standIn.requests[2].accessKeyId, /^ASIA/);
        assert.strictEqual(standIn.requests[2].accountId, OTHER_ACCOUNT);
        reader.close();
    });

    it("reports a refused sts:AssumeRole as access denied naming sts:AssumeRole and the role", async () => {
        const roleArn = `arn:aws:iam::${OTHER_ACCOUNT}:role/Missing`;
        const error = await open(roleArn)
            .findRole("Operator")
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(error instanceof LiveReadError, String(error));
        assert.strictEqual(error.kind, "access-denied");
        assert.strictEqual(error.permission, "sts:AssumeRole");
        assert.match(error.message, /Missing/);
    });

    it("returns undefined for what does not exist, and reads every page of a list", async () => {
        const reader = open();
        assert.strictEqual(await reader.findRole("Nope"), undefined);
        assert.strictEqual(await reader.findAccountPasswordPolicy(), undefined);
        standIn
            .account(ACCOUNT)
            .addUser({ name: "alice" })
            .addUser({ name: "bob", loginProfile: { createDate: new Date("2026-02-01T00:00:00Z") } });
        assert.strictEqual(await reader.findLoginProfile("alice"), undefined);
        assert.strictEqual((await reader.findLoginProfile("bob"))?.userName, "bob");
        standIn.pageSize = 1;
        standIn.account(ACCOUNT).addRole({ name: "ReadOnly", trustPolicy: TRUST }).addRole({ name: "Auditor", trustPolicy: TRUST });
        assert.deepStrictEqual(
            (await reader.listRoles()).map((role) => role.name),
            ["Developer", "ReadOnly", "Auditor"],
        );
        assert.strictEqual(standIn.actions().filter((action) => action === "iam:ListRoles").length, 3);
        assert.deepStrictEqual(
            standIn.requests.filter((r) => r.action === "ListRoles").map((r) => r.params.Marker),
            [undefined, "1", "2"],
        );
    });

    it("reads the account summary, aliases, access keys and their last use", async () => {
        const account = standIn.account(ACCOUNT);
        account.summary = { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 };
        account.aliases = ["contoso-sandbox"];
        account.passwordPolicy = { MinimumPasswordLength: 14, PasswordReusePrevention: 24, MaxPasswordAge: 90, ExpirePasswords: true };
        const used = new Date("2026-11-30T08:00:00Z");
        account.addUser({
            name: "AzureADRoleManager",
            accessKeys: [
                {
                    accessKeyId: "AKIAROLEMANAGER00001",
                    createDate: new Date("2026-01-05T10:00:00Z"),
                    lastUsed: { date: used, serviceName: "iam", region: "us-east-1" },
                },
                { accessKeyId: "AKIAROLEMANAGER00002", status: "Inactive", createDate: new Date("2026-02-05T10:00:00Z") },
            ],
        });
        const reader = open();
        const summary = await reader.getAccountSummary();
        assert.strictEqual(summary.AccountMFAEnabled, 0);
        assert.strictEqual(summary.AccountAccessKeysPresent, 1);
        assert.deepStrictEqual(await reader.listAccountAliases(), ["contoso-sandbox"]);
        assert.deepStrictEqual(await reader.findAccountPasswordPolicy(), {
            minimumPasswordLength: 14,
            requireSymbols: undefined,
            requireNumbers: undefined,
            requireUppercaseCharacters: undefined,
            requireLowercaseCharacters: undefined,
            allowUsersToChangePassword: undefined,
            expirePasswords: true,
            maxPasswordAge: 90,
            passwordReusePrevention: 24,
            hardExpiry: undefined,
        });
        const keys = await reader.listAccessKeys("AzureADRoleManager");
        assert.deepStrictEqual(
            keys.map((key) => [key.accessKeyId, key.status]),
            [
                ["AKIAROLEMANAGER00001", "Active"],
                ["AKIAROLEMANAGER00002", "Inactive"],
            ],
        );
        assert.strictEqual((await reader.getAccessKeyLastUsed("AKIAROLEMANAGER00001")).lastUsedDate?.toISOString(), used.toISOString());
        assert.strictEqual((await reader.getAccessKeyLastUsed("AKIAROLEMANAGER00002")).lastUsedDate, undefined);
    });

    it("classifies AccessDenied without retrying, naming the IAM action", async () => {
        standIn.fail("GetAccountSummary", IAM_FAILURES.accessDenied(`arn:aws:iam::${ACCOUNT}:user/doctor`, "iam:GetAccountSummary"));
        const error = await open()
            .getAccountSummary()
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(error instanceof LiveReadError);
        assert.strictEqual(error.kind, "access-denied");
        assert.strictEqual(error.permission, "iam:GetAccountSummary");
        assert.strictEqual(error.detail.status, 403);
        assert.strictEqual(error.detail.attempts, 1);
        assert.match(error.message, /Allow iam:GetAccountSummary/);
        assert.strictEqual(standIn.requests.length, 1);
    });

    it("retries Throttling and succeeds, and gives up on throttling or server failures after every attempt", async () => {
        standIn.fail("GetRole", IAM_FAILURES.throttling(), IAM_FAILURES.throttling());
        assert.strictEqual((await open().findRole("Developer"))?.name, "Developer");
        assert.strictEqual(standIn.requests.length, 3);

        standIn.fail("ListAccountAliases", IAM_FAILURES.throttling(), IAM_FAILURES.throttling(), IAM_FAILURES.throttling());
        const throttled = await open()
            .listAccountAliases()
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(throttled instanceof LiveReadError);
        assert.strictEqual(throttled.kind, "throttled");
        assert.strictEqual(throttled.detail.attempts, 3);

        standIn.fail("GetAccountSummary", IAM_FAILURES.serviceFailure(), IAM_FAILURES.serviceFailure(), IAM_FAILURES.serviceFailure());
        const failed = await open()
            .getAccountSummary()
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(failed instanceof LiveReadError);
        assert.strictEqual(failed.kind, "failed");
        assert.strictEqual(failed.detail.status, 500);
        assert.strictEqual(failed.detail.attempts, 3);
    });

    it("classifies an action the endpoint does not have as unsupported, and unknown credentials as unauthenticated", async () => {
        standIn.fail("ListAccountAliases", IAM_FAILURES.invalidAction("ListAccountAliases"));
        const unsupported = await open()
            .listAccountAliases()
            .then(
                () => undefined,
                (err: unknown) => err,
            );
        assert.ok(unsupported instanceof LiveReadError);
        assert.strictEqual(unsupported.kind, "unsupported");

        const forger = AwsAccountReader.open(
            { accountId: ACCOUNT, region: "eu-central-1" },
            { ...FAST, credentials: { accessKeyId: AMBIENT_KEY, secretAccessKey: "not-the-secret" } },
        );
        const forged = await forger.callerIdentity().then(
            () => undefined,
            (err: unknown) => err,
        );
        assert.ok(forged instanceof LiveReadError);
        assert.strictEqual(forged.kind, "unauthenticated");
        assert.strictEqual(forged.detail.code, "SignatureDoesNotMatch", "the stand-in checks the SigV4 signature, not only the key id");

        const stranger = AwsAccountReader.open(
            { accountId: ACCOUNT, region: "eu-central-1" },
            { ...FAST, credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } },
        );
        const unauthenticated = await stranger.callerIdentity().then(
            () => undefined,
            (err: unknown) => err,
        );
        assert.ok(unauthenticated instanceof LiveReadError);
        assert.strictEqual(unauthenticated.kind, "unauthenticated");
    });

    it("reads what adoption needs: SAML providers, a role's policies, users and their attached policies", async () => {
        const account = standIn.account(ACCOUNT);
        account.addSamlProvider({ name: "AzureAD", metadataDocument: "<EntityDescriptor/>", validUntil: new Date("2126-01-05T10:00:00Z") });
        account.addRole({
            name: "Auditor",
            path: "/sso/",
            trustPolicy: TRUST,
            permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Boundary`,
            attachedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
            inlinePolicies: {
                "Auditor-inline": { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
            },
            tags: { team: "audit" },
        });
        account.addUser({ name: "AzureADRoleManager", attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/AzureAD_SSOUserRole_Policy`] });
        const reader = open();
        const [provider] = await reader.listSamlProviders();
        assert.strictEqual(provider.arn, `arn:aws:iam::${ACCOUNT}:saml-provider/AzureAD`);
        assert.strictEqual(provider.validUntil?.toISOString(), "2126-01-05T10:00:00.000Z");
        assert.strictEqual((await reader.findSamlProvider(provider.arn))?.metadataDocument, "<EntityDescriptor/>");
        assert.strictEqual(await reader.findSamlProvider(`arn:aws:iam::${ACCOUNT}:saml-provider/Okta`), undefined);
        const role = await reader.findRole("Auditor");
        assert.strictEqual(role?.arn, `arn:aws:iam::${ACCOUNT}:role/sso/Auditor`);
        assert.strictEqual(role?.path, "/sso/");
        assert.strictEqual(role?.permissionsBoundaryArn, `arn:aws:iam::${ACCOUNT}:policy/Boundary`);
        assert.deepStrictEqual(role?.tags, { team: "audit" });
        assert.deepStrictEqual(
            (await reader.listRoles("/sso/")).map((entry) => entry.name),
            ["Auditor"],
        );
        standIn.pageSize = 1;
        assert.deepStrictEqual(
            (await reader.listAttachedRolePolicies("Auditor")).map((policy) => policy.policyName),
            ["ReadOnlyAccess", "ViewOnlyAccess"],
        );
        assert.deepStrictEqual(await reader.listRoleInlinePolicies("Auditor"), [
            {
                policyName: "Auditor-inline",
                document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
            },
        ]);
        assert.strictEqual((await reader.findUser("AzureADRoleManager"))?.arn, `arn:aws:iam::${ACCOUNT}:user/AzureADRoleManager`);
        assert.strictEqual(await reader.findUser("nobody"), undefined);
        assert.deepStrictEqual(
            (await reader.listUsers()).map((user) => user.name),
            ["AzureADRoleManager"],
        );
        assert.deepStrictEqual(
            (await reader.listAttachedUserPolicies("AzureADRoleManager")).map((policy) => policy.policyArn),
            [`arn:aws:iam::${ACCOUNT}:policy/AzureAD_SSOUserRole_Policy`],
        );
    });

    it("the stand-in refuses any write call and records it", async () => {
        const client = new IAMClient({ region: "eu-central-1" });
        await assert.rejects(
            client.send(new CreateRoleCommand({ RoleName: "Evil", AssumeRolePolicyDocument: "{}" })),
            /not authorized to perform: iam:CreateRole/,
        );
        client.destroy();
        assert.deepStrictEqual(
            standIn.refusedWrites.map((request) => request.action),
            ["CreateRole"],
        );
        assert.strictEqual(standIn.account(ACCOUNT).roles.has("Evil"), false);
    });
});
