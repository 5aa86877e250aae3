import * as assert from "assert";
import { appRoleValue } from "../../components/documents/app-role-value";
import { appRoleTargets, readAccountSnapshot, readDeploymentSnapshot, readIdentityCenterSnapshot } from "../../doctor/live-snapshot";
import { AwsAccountReader } from "../../live/aws-account-reader";
import { GraphReader, GraphServicePrincipal } from "../../live/graph-reader";
import { awsReadFailure, LiveReadError } from "../../live/read-failure";
import {
    ACCOUNT_ID,
    expectedAccount,
    healthyJob,
    healthyRole,
    healthyServicePrincipal,
    healthySnapshot,
    PROVIDER_ARN,
    READER_KEY_ID,
    READER_NAME,
    SERVICE_PRINCIPAL_ID,
    TENANT_ID,
} from "./support/healthy-account";
import { expectedIdentityCenter, IC_SERVICE_PRINCIPAL_ID } from "./support/healthy-identity-center";

// The readers are replaced by recorders answering what the healthy fixture holds: these specs are about
// which reads are made, in what order, and how their failures are kept; the readers have their own specs.

type Calls = string[];

/** `servicePrincipal` "deleted": the object id names nothing any more. */
function graphAnswering(calls: Calls, servicePrincipal: GraphServicePrincipal | "deleted" = healthyServicePrincipal()): GraphReader {
    const healthy = healthySnapshot();
    const value = <T>(reading: { ok: boolean; value?: T } | undefined) => (reading as { value: T }).value;
    return {
        findServicePrincipal: async (id: string) => (
            calls.push(`graph sp ${id}`),
            servicePrincipal === "deleted" ? undefined : servicePrincipal
        ),
        listClaimsMappingPolicies: async () => (calls.push("graph claims"), value(healthy.claimsMappingPolicies)),
        listAppRoleAssignedTo: async () => (calls.push("graph assignments"), value(healthy.appRoleAssignedTo)),
        listSynchronizationJobs: async () => (calls.push("graph jobs"), [healthyJob()]),
    } as unknown as GraphReader;
}

function awsAnswering(calls: Calls, overrides: Record<string, (...args: any[]) => Promise<unknown>> = {}): AwsAccountReader {
    const healthy = healthySnapshot();
    const value = (reading: unknown) => (reading as { value: unknown }).value;
    const methods: Record<string, (...args: any[]) => Promise<unknown>> = {
        callerIdentity: async () => value(healthy.caller),
        findSamlProvider: async () => value(healthy.samlProvider),
        findRole: async (name: string) => healthyRole({ name, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}` }),
        findUser: async () => value(healthy.roleImportUser),
        listAccessKeys: async () => value(healthy.roleImportKeys),
        getAccessKeyLastUsed: async (id: string) => value(healthy.roleImportKeysLastUsed[id]),
        getAccountSummary: async () => value(healthy.accountSummary),
        findAccountPasswordPolicy: async () => value(healthy.passwordPolicy),
        listAccountAliases: async () => value(healthy.aliases),
        listUsers: async () => value(healthy.users),
        findLoginProfile: async () => undefined,
        ...overrides,
    };
    const recorded: Record<string, unknown> = { close: () => calls.push("aws close") };
    for (const [name, method] of Object.entries(methods)) {
        recorded[name] = async (...args: unknown[]) => {
            calls.push(`aws ${name}${args.length ? ` ${args.join(",")}` : ""}`);
            return method(...args);
        };
    }
    return recorded as unknown as AwsAccountReader;
}

describe("doctor live-snapshot (readAccountSnapshot, readDeploymentSnapshot)", () => {
    it("appRoleTargets: the role names app role values point at in this account only", () => {
        const sp = healthyServicePrincipal();
        const other = "arn:aws:iam::444455556666:role/Operator";
        const withOthers: GraphServicePrincipal = {
            ...sp,
            appRoles: [
                ...sp.appRoles,
                { ...sp.appRoles[0], id: "b1", value: appRoleValue(other, "arn:aws:iam::444455556666:saml-provider/AzureAD") },
                { ...sp.appRoles[0], id: "b2", value: "msiam_access" },
                { ...sp.appRoles[0], id: "b3", value: null },
            ],
        };
        assert.deepStrictEqual(appRoleTargets(withOthers, ACCOUNT_ID), ["Developer"]);
        assert.deepStrictEqual(appRoleTargets(undefined, ACCOUNT_ID), []);
    });

    it("reads Graph first, then AWS, Get/List only: the roles the config and the app roles name, the reader's keys, every user's login profile", async () => {
        const calls: Calls = [];
        const sp = healthyServicePrincipal();
        const withImported: GraphServicePrincipal = {
            ...sp,
            appRoles: [
                ...sp.appRoles,
                { ...sp.appRoles[0], id: "c1", value: appRoleValue(`arn:aws:iam::${ACCOUNT_ID}:role/Auditor`, PROVIDER_ARN) },
            ],
        };
        const snapshot = await readAccountSnapshot(expectedAccount(), graphAnswering(calls, withImported), awsAnswering(calls));
        assert.deepStrictEqual(calls, [
            `graph sp ${SERVICE_PRINCIPAL_ID}`,
            "graph claims",
            "graph assignments",
            "graph jobs",
            "aws callerIdentity",
            `aws findSamlProvider ${PROVIDER_ARN}`,
            "aws findRole Developer",
            "aws findRole Auditor",
            `aws findUser ${READER_NAME}`,
            `aws listAccessKeys ${READER_NAME}`,
            `aws getAccessKeyLastUsed ${READER_KEY_ID}`,
            "aws getAccountSummary",
            "aws findAccountPasswordPolicy",
            "aws listAccountAliases",
            "aws listUsers",
            `aws findLoginProfile ${READER_NAME}`,
        ]);
        assert.deepStrictEqual(Object.keys(snapshot.roles), ["Developer", "Auditor"]);
        assert.ok(Object.values(snapshot.roles).every((reading) => reading.ok));
        assert.deepStrictEqual(snapshot.loginProfiles, { [READER_NAME]: { ok: true, value: undefined } });
    });

    it("no service principal: no further Graph reads; no provisioning: no job and no reader reads", async () => {
        const calls: Calls = [];
        const snapshot = await readAccountSnapshot(
            expectedAccount({ provisioning: false }),
            graphAnswering(calls, "deleted"),
            awsAnswering(calls),
        );
        assert.deepStrictEqual(
            calls.filter((call) => call.startsWith("graph")),
            [`graph sp ${SERVICE_PRINCIPAL_ID}`],
        );
        assert.ok(!calls.some((call) => /findUser|listAccessKeys/.test(call)));
        assert.deepStrictEqual(snapshot.servicePrincipal, { ok: true, value: undefined });
        assert.strictEqual(snapshot.claimsMappingPolicies, undefined);
        assert.strictEqual(snapshot.roleImportUser, undefined);
    });

    it("credentials in another account: nothing in AWS is read after GetCallerIdentity", async () => {
        const calls: Calls = [];
        const snapshot = await readAccountSnapshot(
            expectedAccount(),
            graphAnswering(calls),
            awsAnswering(calls, {
                callerIdentity: async () => ({ account: "999988887777", arn: "arn:aws:iam::999988887777:user/doctor", userId: "AIDA" }),
            }),
        );
        assert.deepStrictEqual(
            calls.filter((call) => call.startsWith("aws")),
            ["aws callerIdentity"],
        );
        assert.strictEqual(snapshot.samlProvider, undefined);
        assert.deepStrictEqual(snapshot.roles, {});
    });

    it("a failed read is kept with what it blocks and its resource; a bug or malformed answer becomes a failed read, not a crash", async () => {
        const calls: Calls = [];
        const denied = awsReadFailure(
            Object.assign(new Error("User: arn:aws:iam::111122223333:user/doctor is not authorized to perform: iam:GetAccountSummary"), {
                name: "AccessDenied",
                $metadata: { httpStatusCode: 403, requestId: "4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f", attempts: 1 },
            }),
            "iam",
            "GetAccountSummary",
        );
        const snapshot = await readAccountSnapshot(
            expectedAccount(),
            graphAnswering(calls),
            awsAnswering(calls, {
                getAccountSummary: async () => {
                    throw denied;
                },
                listUsers: async () => {
                    throw new TypeError("Cannot read properties of undefined (reading 'Users')");
                },
            }),
        );
        assert.deepStrictEqual(snapshot.accountSummary, {
            ok: false,
            failure: denied,
            blocks: "root MFA and root access keys",
            resource: `AWS account ${ACCOUNT_ID}`,
        });
        const users = snapshot.users;
        assert.ok(users && !users.ok);
        assert.ok(users.failure instanceof LiveReadError);
        assert.deepStrictEqual([users.failure.kind, users.failure.service, users.failure.operation], ["failed", "iam", "iam:ListUsers"]);
        assert.match(users.failure.message, /iam:ListUsers failed: Cannot read properties of undefined/);
        assert.ok(snapshot.passwordPolicy?.ok && snapshot.aliases?.ok, "the other reads still ran");
    });

    it("reads the accounts one after the other, each with its own reader closed before the next opens; a failing account does not stop the rest", async () => {
        const calls: Calls = [];
        const production = expectedAccount({ name: "production", accountId: "444455556666" });
        const { accounts: snapshots, identityCenter } = await readDeploymentSnapshot(
            { stack: "dev", tenantId: TENANT_ID, accounts: [production, expectedAccount()], undeployedAccounts: [] },
            graphAnswering(calls),
            (account) => {
                calls.push(`open ${account.name}`);
                return awsAnswering(
                    calls,
                    account.name === "production"
                        ? {
                              callerIdentity: async () => {
                                  throw new Error("connect ECONNREFUSED 127.0.0.1:443");
                              },
                          }
                        : {},
                );
            },
        );
        assert.deepStrictEqual(Object.keys(snapshots), ["production", "sandbox"]);
        assert.strictEqual(identityCenter, undefined, "no identityCenter expected: none read");
        const caller = snapshots.production.caller;
        assert.ok(caller && !caller.ok);
        assert.strictEqual(caller.failure.kind, "failed");
        assert.ok(snapshots.sandbox.caller?.ok && snapshots.sandbox.accountSummary?.ok);
        const lifecycle = calls.filter((call) => call.startsWith("open") || call === "aws close");
        assert.deepStrictEqual(lifecycle, ["open production", "aws close", "open sandbox", "aws close"]);
    });

    describe("the Identity Center app (readIdentityCenterSnapshot)", () => {
        it("reads its service principal, then who is assigned and the SCIM job; nothing in AWS", async () => {
            const calls: Calls = [];
            const snapshot = await readIdentityCenterSnapshot(expectedIdentityCenter(), graphAnswering(calls));
            assert.deepStrictEqual(calls, [`graph sp ${IC_SERVICE_PRINCIPAL_ID}`, "graph assignments", "graph jobs"]);
            assert.ok(snapshot.servicePrincipal.ok && snapshot.appRoleAssignedTo?.ok && snapshot.synchronizationJobs?.ok);
        });

        it("a service principal that is gone or could not be read: no further reads, the failure kept with what it blocks", async () => {
            const gone: Calls = [];
            const deleted = await readIdentityCenterSnapshot(expectedIdentityCenter(), graphAnswering(gone, "deleted"));
            assert.deepStrictEqual(gone, [`graph sp ${IC_SERVICE_PRINCIPAL_ID}`]);
            assert.deepStrictEqual(deleted, { servicePrincipal: { ok: true, value: undefined } });
            const denied = new LiveReadError(
                "access-denied",
                "graph",
                "GET /v1.0/servicePrincipals/{id}",
                "Application.Read.All",
                "403 Authorization_RequestDenied",
                { status: 403, attempts: 1 },
            );
            const failing = {
                findServicePrincipal: async () => {
                    throw denied;
                },
            } as unknown as GraphReader;
            const unread = await readIdentityCenterSnapshot(expectedIdentityCenter(), failing);
            assert.deepStrictEqual(unread, {
                servicePrincipal: {
                    ok: false,
                    failure: denied,
                    blocks: "the Identity Center app's signing keys and assignment setting",
                    resource: `servicePrincipal ${IC_SERVICE_PRINCIPAL_ID}`,
                },
            });
        });

        it("readDeploymentSnapshot reads the Identity Center app after the accounts, only when the stack has one", async () => {
            const calls: Calls = [];
            const snapshot = await readDeploymentSnapshot(
                {
                    stack: "migration",
                    tenantId: TENANT_ID,
                    accounts: [expectedAccount()],
                    undeployedAccounts: [],
                    identityCenter: expectedIdentityCenter(),
                },
                graphAnswering(calls),
                () => awsAnswering(calls),
            );
            assert.deepStrictEqual(Object.keys(snapshot.accounts), ["sandbox"]);
            assert.ok(snapshot.identityCenter?.servicePrincipal.ok);
            const icCalls = calls.slice(calls.indexOf("aws close") + 1);
            assert.deepStrictEqual(icCalls, [`graph sp ${IC_SERVICE_PRINCIPAL_ID}`, "graph assignments", "graph jobs"]);
        });
    });
});
