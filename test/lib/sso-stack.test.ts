import * as assert from "assert";
import type * as lib from "../../lib";
import { runProgramUnderMocks } from "../../offline/program/program-run";
import { identityCenterOnlyConfig } from "../support/stack-fixtures";
import { ACCOUNTS, providerArnOf, SESSION_DURATION, ssoStackOutputs, SSO_STACK_NAME, TENANT_ID } from "./support/sso-contract";
import { TeamMocks, TYPES, unwrap, useMocks } from "./support/team-mocks";

/** The module and the package entry, loaded once the mocks are in place (the library registers resources at use). */
function loadLibrary(): { sso: typeof import("../../lib/sso-stack"); entry: typeof lib } {
    return { sso: require("../../lib/sso-stack"), entry: require("../../lib") };
}

describe("SsoStack", () => {
    describe("typed access to the SSO stack's outputs", () => {
        let mocks: TeamMocks;
        let sso: typeof import("../../lib/sso-stack");
        let entry: typeof lib;

        before(async () => {
            mocks = await useMocks(new TeamMocks());
            ({ sso, entry } = loadLibrary());
        });
        after(() => useMocks(new TeamMocks()));

        it("is what the package entry exports, beside the rest of the library's runtime API", () => {
            assert.strictEqual(entry.SsoStack, sso.SsoStack);
            assert.strictEqual(entry.SsoAccount, sso.SsoAccount);
            assert.strictEqual(entry.SsoRole, sso.SsoRole);
            assert.strictEqual(entry.SsoIdentityCenter, sso.SsoIdentityCenter);
            assert.deepStrictEqual(Object.keys(entry).sort(), [
                "MAX_APP_ROLE_VALUE_LENGTH",
                "ROLE_IMPORT_MAX_APP_ROLE_VALUE_LENGTH",
                "ROLE_MAX_SESSION_LIMITS",
                "RoleAssignment",
                "SSO_STACK_OUTPUT_NAMES",
                "SsoAccount",
                "SsoIdentityCenter",
                "SsoRole",
                "SsoStack",
                "SsoStackError",
                "TeamArgumentError",
                "TeamRole",
                "appRoleId",
                "appRoleValue",
                "parseAppRoleValue",
                "readAppRoleValue",
                "samlTrustPolicy",
                "validateRoleAssignmentArgs",
                "validateTeamRoleArgs",
            ]);
        });

        it("references the named stack through one pulumi:pulumi:StackReference", async () => {
            const stack = new sso.SsoStack("sso-reference", { stackName: SSO_STACK_NAME });
            await unwrap(stack.tenantId);
            const reference = mocks.one(TYPES.stackReference, "sso-reference");
            assert.strictEqual(reference.inputs.name, SSO_STACK_NAME);
            assert.strictEqual(stack.stackName, SSO_STACK_NAME);
        });

        it("returns the stack-wide outputs typed", async () => {
            const stack = new sso.SsoStack("sso-stack-wide", { stackName: SSO_STACK_NAME });
            assert.deepStrictEqual(
                {
                    tenantId: await unwrap(stack.tenantId),
                    sessionDuration: await unwrap(stack.sessionDuration),
                    samlProviderName: await unwrap(stack.samlProviderName),
                    accountNames: await unwrap(stack.accountNames),
                },
                { tenantId: TENANT_ID, sessionDuration: SESSION_DURATION, samlProviderName: "AzureAD", accountNames: ["data", "sandbox"] },
            );
        });

        it("returns an account's outputs, exactly as the SSO stack exports them", async () => {
            const data = new sso.SsoStack("sso-account", { stackName: SSO_STACK_NAME }).account("data");
            const exported = ssoStackOutputs().accounts.data;
            assert.deepStrictEqual(
                {
                    accountId: await unwrap(data.accountId),
                    samlProviderArn: await unwrap(data.samlProviderArn),
                    identifierUri: await unwrap(data.identifierUri),
                    replyUrl: await unwrap(data.replyUrl),
                    sessionTagKeys: await unwrap(data.sessionTagKeys),
                    applicationId: await unwrap(data.applicationId),
                    applicationObjectId: await unwrap(data.applicationObjectId),
                    servicePrincipalObjectId: await unwrap(data.servicePrincipalObjectId),
                    signingCertificateThumbprint: await unwrap(data.signingCertificateThumbprint),
                    signingCertificateEndDate: await unwrap(data.signingCertificateEndDate),
                    signingCertificates: await unwrap(data.signingCertificates),
                    userAccessUrl: await unwrap(data.userAccessUrl),
                    roles: await unwrap(data.roles),
                    roleManagerAccessKeyId: await unwrap(data.roleManagerAccessKeyId),
                },
                exported,
            );
            assert.strictEqual(await unwrap(data.applicationResourceId), `/applications/${ACCOUNTS.data.applicationObjectId}`);
            assert.deepStrictEqual(await unwrap(data.roleNames), ["Data-Engineer", "ReadOnly"]);
            assert.strictEqual(await unwrap(data.roleManagerAccessKeyId), "AKIATESTROLEREADER01");
            assert.strictEqual(
                await unwrap(new sso.SsoStack("sso-sandbox", { stackName: SSO_STACK_NAME }).account("sandbox").roleManagerAccessKeyId),
                undefined,
            );
        });

        it("returns a role's ARN, app role id and value", async () => {
            const data = new sso.SsoStack("sso-role", { stackName: SSO_STACK_NAME }).account("data");
            const exported = ssoStackOutputs().accounts.data.roles["Data-Engineer"];
            assert.strictEqual(await unwrap(data.roleArn("Data-Engineer")), "arn:aws:iam::210987654321:role/Data-Engineer");
            assert.strictEqual(await unwrap(data.appRoleId("Data-Engineer")), exported.appRoleId);
            assert.strictEqual(
                await unwrap(data.appRoleValue("Data-Engineer")),
                `arn:aws:iam::210987654321:role/Data-Engineer,${providerArnOf("data")}`,
            );
            const role = data.role("Data-Engineer");
            assert.strictEqual(await unwrap(role.maxSessionDuration), 14400);
            assert.strictEqual(await unwrap(role.servicePrincipalObjectId), ACCOUNTS.data.servicePrincipalObjectId);
            assert.strictEqual(data.role("Data-Engineer"), role, "one SsoRole per name");
        });

        describe("a name the SSO stack does not have", () => {
            it("rejects an account with the stack, the account and the available accounts", async () => {
                const stack = new sso.SsoStack("sso-missing-account", { stackName: SSO_STACK_NAME });
                await assert.rejects(unwrap(stack.account("analytics").roleArn("ReadOnly")), (error: Error) => {
                    assert.strictEqual(
                        error.message,
                        'SSO stack "org/azuread-aws-sso/dev" has no account "analytics"; available accounts: data, sandbox',
                    );
                    return true;
                });
            });

            it("rejects a role with the stack, the account and the account's roles, suggesting a near name", async () => {
                const data = new sso.SsoStack("sso-missing-role", { stackName: SSO_STACK_NAME }).account("data");
                await assert.rejects(unwrap(data.roleArn("Data-Analyst")), {
                    message:
                        'SSO stack "org/azuread-aws-sso/dev" has no role "Data-Analyst" in account "data"; available roles: Data-Engineer, ReadOnly',
                });
                await assert.rejects(unwrap(data.appRoleId("readonly")), {
                    message:
                        'SSO stack "org/azuread-aws-sso/dev" has no role "readonly" in account "data" (did you mean "ReadOnly"?); available roles: Data-Engineer, ReadOnly',
                });
            });

            it("reports under the stack reference, without a stack trace, with the message intact after the runtime serializes it", async () => {
                const stack = new sso.SsoStack("sso-error-shape", { stackName: SSO_STACK_NAME });
                const error = await unwrap(stack.account("analytics").accountId).then(
                    () => assert.fail("resolved"),
                    (reason: lib.SsoStackError) => reason,
                );
                assert.ok(error instanceof entry.SsoStackError);
                assert.strictEqual(error.resource, stack.stackReference);
                assert.strictEqual(error.hideStack, true);
                const original = error.message;
                // What the runtime does to a rejection each time it reaches a resource input.
                error.message = `error serializing property "resourceObjectId": ${error.message}`;
                assert.strictEqual(error.message, original);
            });

            it("rejects a stack that lacks a contract output, naming it", async () => {
                const outputs: Record<string, unknown> = { ...ssoStackOutputs() };
                delete outputs.sessionDuration;
                await useMocks(new TeamMocks(outputs));
                try {
                    const stack = new sso.SsoStack("sso-old", { stackName: SSO_STACK_NAME });
                    await assert.rejects(
                        unwrap(stack.sessionDuration),
                        /^SsoStackError: SSO stack "org\/azuread-aws-sso\/dev" has no output "sessionDuration": check the stack name/,
                    );
                } finally {
                    mocks = await useMocks(new TeamMocks());
                }
            });

            it("rejects an account entry without applicationObjectId (a stack deployed before it was exported)", async () => {
                const outputs = ssoStackOutputs() as unknown as { accounts: Record<string, Record<string, unknown>> };
                delete outputs.accounts.data.applicationObjectId;
                await useMocks(new TeamMocks(outputs));
                try {
                    const data = new sso.SsoStack("sso-older", { stackName: SSO_STACK_NAME }).account("data");
                    await assert.rejects(
                        unwrap(data.applicationObjectId),
                        /exports no accounts\.data\.applicationObjectId: .*run pulumi up on the SSO stack/,
                    );
                    assert.strictEqual(await unwrap(data.accountId), ACCOUNTS.data.accountId, "other fields still resolve");
                } finally {
                    mocks = await useMocks(new TeamMocks());
                }
            });
        });

        it("throws at once, naming the argument, for a stack name that is not fully qualified", () => {
            const before = mocks.resources.length;
            assert.throws(
                () => new sso.SsoStack("sso-short", { stackName: "dev" }),
                (error: Error) => {
                    assert.ok(error instanceof entry.TeamArgumentError);
                    assert.match(
                        error.message,
                        /^Invalid SsoStack "sso-short" arguments \(1 problem\):\n {2}- stackName: "dev" is not allowed: the fully qualified <organization>\/<project>\/<stack>/,
                    );
                    return true;
                },
            );
            assert.strictEqual(mocks.resources.length, before, "nothing registered");
        });
    });

    describe("the identityCenter outputs", function () {
        this.timeout(120_000);
        let exported: Record<string, unknown>;
        let sso: typeof import("../../lib/sso-stack");

        before(async () => {
            // The outputs exactly as the program exports them for an Identity-Center-only stack.
            exported = (await runProgramUnderMocks({ stack: "org", config: identityCenterOnlyConfig() })).stackOutputs;
            await useMocks(new TeamMocks(exported));
            ({ sso } = loadLibrary());
        });
        after(() => useMocks(new TeamMocks()));

        it("reads the start URL, region and ids a CLI profile and other programs need", async () => {
            const identityCenter = new sso.SsoStack("sso-ic", { stackName: SSO_STACK_NAME }).identityCenter();
            const outputs = exported.identityCenter as any;
            assert.deepStrictEqual(
                {
                    startUrl: await unwrap(identityCenter.startUrl),
                    region: await unwrap(identityCenter.region),
                    instanceArn: await unwrap(identityCenter.instanceArn),
                    identityStoreId: await unwrap(identityCenter.identityStoreId),
                    applicationId: await unwrap(identityCenter.applicationId),
                    servicePrincipalObjectId: await unwrap(identityCenter.servicePrincipalObjectId),
                    permissionSetNames: await unwrap(identityCenter.permissionSetNames),
                },
                {
                    startUrl: "https://d-9067a1b2c3.awsapps.com/start",
                    region: "eu-west-1",
                    instanceArn: outputs.instanceArn,
                    identityStoreId: "d-9067a1b2c3",
                    applicationId: outputs.applicationId,
                    servicePrincipalObjectId: outputs.servicePrincipalObjectId,
                    permissionSetNames: ["Developer", "PlatformReadOnly"],
                },
            );
            assert.strictEqual(await unwrap(identityCenter.permissionSetArn("Developer")), outputs.permissionSets.Developer.arn);
            assert.strictEqual((await unwrap(identityCenter.accessMatrix)).length, 3);
        });

        it("names the permission sets that exist when asked for one that does not", async () => {
            const identityCenter = new sso.SsoStack("sso-ic-missing", { stackName: SSO_STACK_NAME }).identityCenter();
            await assert.rejects(
                unwrap(identityCenter.permissionSetArn("developer")),
                /has no permission set "developer" \(did you mean "Developer"\?\); available permission sets: Developer, PlatformReadOnly/,
            );
        });

        it("says so when the SSO stack has no identityCenter block, and reads its accounts as before", async () => {
            await useMocks(new TeamMocks(ssoStackOutputs() as unknown as Record<string, unknown>));
            const stack = new sso.SsoStack("sso-no-ic", { stackName: SSO_STACK_NAME });
            await assert.rejects(
                unwrap(stack.identityCenter().startUrl),
                new RegExp(`SSO stack "${SSO_STACK_NAME}" has no output "identityCenter"`),
            );
            assert.deepStrictEqual(await unwrap(stack.accountNames), ["data", "sandbox"]);
        });
    });
});
