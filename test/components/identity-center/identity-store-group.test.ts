import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import {
    DeadlineExceededError,
    groupNotProvisionedMessage,
    IdentityStoreGroupLookup,
    provisionedGroupId,
    withinDeadline,
} from "../../../components/identity-center/identity-store-group";
import { CloudStandIns, DirectoryGroup } from "../../../offline/program/cloud-stand-ins";
import { STAND_IN_TENANT_ID } from "../../../offline/program/program-run";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { IDENTITY_CENTER_GROUPS } from "../../support/stack-fixtures";

const IDENTITY_STORE_ID = "d-9067a1b2c3";
const SERVICE_PRINCIPAL_ID = "/servicePrincipals/c5b0792b-28ea-4a8e-b413-6d1f12b2d203";
const JOB_ID = `${SERVICE_PRINCIPAL_ID}/job/aWSSingleSignon.0f1e2d3c4b5a69788796a5b4c3d2e1f0`;
const AUDITORS: DirectoryGroup = { objectId: "0a1b2c3d-0000-4000-8000-000000000003", displayName: "aws-auditors" };

/** A clock the fake sleep advances, so deadlines are exact and the tests never wait. */
function fakeClock() {
    let now = 0;
    const sleeps: number[] = [];
    return {
        sleeps,
        now: () => now,
        sleep: async (milliseconds: number) => {
            sleeps.push(milliseconds);
            now += milliseconds;
        },
    };
}

/** An attempt that fails `failures` times with `error`, then returns `value`. */
function failingTimes<T>(failures: number, value: T, error: () => Error = () => new Error("")) {
    let calls = 0;
    const attempt = async () => {
        calls++;
        if (calls <= failures) {
            throw error();
        }
        return value;
    };
    return { attempt, calls: () => calls };
}

describe("identity-store-group", () => {
    describe("withinDeadline", () => {
        it("returns the first success without pausing", async () => {
            const clock = fakeClock();
            assert.strictEqual(await withinDeadline(async () => "g-1", { timeoutSeconds: 60, ...clock }), "g-1");
            assert.deepStrictEqual(clock.sleeps, []);
        });

        it("retries with pauses that double from the initial interval up to the maximum", async () => {
            const clock = fakeClock();
            const flaky = failingTimes(5, "g-1");
            const result = await withinDeadline(flaky.attempt, {
                timeoutSeconds: 600,
                initialIntervalSeconds: 2,
                maxIntervalSeconds: 5,
                ...clock,
            });
            assert.strictEqual(result, "g-1");
            assert.strictEqual(flaky.calls(), 6);
            assert.deepStrictEqual(clock.sleeps, [2000, 4000, 5000, 5000, 5000]);
        });

        it("never sleeps past the deadline, tries once more at it, then gives up with the last failure", async () => {
            const clock = fakeClock();
            let attempt = 0;
            const error = await withinDeadline(
                async () => {
                    throw new Error(`not yet (${++attempt})`);
                },
                { timeoutSeconds: 7, initialIntervalSeconds: 2, ...clock },
            ).catch((caught: unknown) => caught);
            assert.deepStrictEqual(clock.sleeps, [2000, 4000, 1000]);
            assert.ok(error instanceof DeadlineExceededError);
            assert.strictEqual(error.attempts, 4);
            assert.strictEqual((error.lastError as Error).message, "not yet (4)");
            assert.strictEqual(error.message, "gave up after 4 attempts; last answer: not yet (4)");
            assert.strictEqual(error.name, "DeadlineExceededError");
        });

        it("with a zero timeout tries exactly once", async () => {
            const clock = fakeClock();
            const never = failingTimes(Infinity, "g-1");
            const error = await withinDeadline(never.attempt, { timeoutSeconds: 0, ...clock }).catch((caught: unknown) => caught);
            assert.strictEqual(never.calls(), 1);
            assert.deepStrictEqual(clock.sleeps, []);
            // An empty answer is how the lookup says nothing matched.
            assert.strictEqual((error as Error).message, "gave up after 1 attempt; last answer: no group with that display name");
        });
    });

    describe("groupNotProvisionedMessage", () => {
        const lookup = {
            identityStoreId: IDENTITY_STORE_ID,
            displayName: "aws-developers",
            objectId: IDENTITY_CENTER_GROUPS.developers.objectId,
            applicationDisplayName: "AWS IAM Identity Center (org)",
            timeoutSeconds: 300,
        };

        it("names the group, the store, the bound, the app whose provisioning logs to read, and what to change", () => {
            const message = groupNotProvisionedMessage(lookup, new DeadlineExceededError(9, new Error("")));
            assert.strictEqual(
                message,
                `Identity Center group "aws-developers" (Entra group 0a1b2c3d-0000-4000-8000-000000000002) is not in Identity Store d-9067a1b2c3 ` +
                    `300 s after provisioning on demand (gave up after 9 attempts; last answer: no group with that display name). ` +
                    `Check the provisioning logs of the enterprise application "AWS IAM Identity Center (org)", that the SCIM token ` +
                    `(identityCenterScimToken) is valid and Identity Center's automatic provisioning is enabled, and that the Entra group is ` +
                    `named exactly "aws-developers"; then run pulumi up again (raise identityCenter.groupLookupTimeoutSeconds if SCIM is slow).`,
            );
        });

        it("quotes a failure that is not the deadline as the lookup's own", () => {
            const message = groupNotProvisionedMessage(
                lookup,
                new Error("AccessDeniedException: not authorized to perform identitystore:GetGroupId"),
            );
            assert.match(message, /\(lookup failed: AccessDeniedException: not authorized to perform identitystore:GetGroupId\)/);
        });
    });

    describe("provisionedGroupId", function () {
        this.timeout(60_000);

        type LookupArgs = Pick<IdentityStoreGroupLookup, "displayName" | "objectId" | "timeoutSeconds"> & {
            verifiedDisplayName?: pulumi.Input<string>;
        };

        /** The lookup as IdentityCenterFederation makes it: after the group's provisioning, on the Identity Center provider. */
        function lookUp(group: DirectoryGroup, lookup: LookupArgs) {
            const parent = new pulumi.ComponentResource("azuread-aws-sso:identity-center:IdentityCenterFederation", "identity-center");
            const provider = new aws.Provider(
                "identity-center-aws",
                { region: "eu-west-1", allowedAccountIds: ["111111111111"] },
                { parent },
            );
            const provisioned = new azuread.SynchronizationJobProvisionOnDemand(
                `provision-${group.objectId}`,
                {
                    servicePrincipalId: SERVICE_PRINCIPAL_ID,
                    synchronizationJobId: JOB_ID,
                    parameters: [
                        {
                            ruleId: "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8",
                            subjects: [{ objectId: group.objectId, objectTypeName: "Group" }],
                        },
                    ],
                },
                { parent },
            );
            const groupId = provisionedGroupId({
                identityStoreId: IDENTITY_STORE_ID,
                applicationDisplayName: "AWS IAM Identity Center (org)",
                verifiedDisplayName: lookup.displayName,
                provisioned,
                provider,
                parent,
                ...lookup,
            });
            const assignment = new aws.ssoadmin.AccountAssignment(
                "assignment",
                {
                    instanceArn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
                    permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-0123456789abcdef",
                    principalId: groupId,
                    principalType: "GROUP",
                    targetId: "123456789012",
                    targetType: "AWS_ACCOUNT",
                },
                { provider, parent },
            );
            return { groupId, assignment };
        }

        /** Runs `body` recording every invoke the stand-ins answer. */
        async function recordingInvokes<T>(body: (invokes: pulumi.runtime.MockCallArgs[]) => Promise<T>): Promise<T> {
            const original = CloudStandIns.prototype.call;
            const invokes: pulumi.runtime.MockCallArgs[] = [];
            CloudStandIns.prototype.call = function (this: CloudStandIns, args) {
                invokes.push(args);
                return original.call(this, args);
            };
            try {
                return await body(invokes);
            } finally {
                CloudStandIns.prototype.call = original;
            }
        }

        const standIns = { tenantId: STAND_IN_TENANT_ID, directoryGroups: [IDENTITY_CENTER_GROUPS.developers] };

        it("is the Identity Store id of the group SCIM created, looked up by display name on the given provider", async () => {
            await recordingInvokes(async (invokes) => {
                const group = IDENTITY_CENTER_GROUPS.developers;
                const run = await constructUnderStandIns(
                    () => lookUp(group, { displayName: group.displayName, objectId: group.objectId, timeoutSeconds: 0 }),
                    { standIns },
                );
                assert.strictEqual(
                    await outputValue(run.component.groupId),
                    run.standIns.identityStoreGroups.get("aws-developers")!.groupId,
                );
                const lookups = invokes.filter((invoke) => invoke.token === "aws:identitystore/getGroup:getGroup");
                assert.strictEqual(lookups.length, 1);
                assert.deepStrictEqual(lookups[0].inputs, {
                    identityStoreId: IDENTITY_STORE_ID,
                    alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: "aws-developers" } },
                });
                assert.strictEqual(
                    lookups[0].provider,
                    `${registered(run.resources, "identity-center-aws").urn}::${registered(run.resources, "identity-center-aws").id}`,
                );
            });
        });

        it("carries the provisioning as a dependency into whatever is built from it", async () => {
            const group = IDENTITY_CENTER_GROUPS.developers;
            const { resources } = await constructUnderStandIns(
                () => lookUp(group, { displayName: group.displayName, objectId: group.objectId, timeoutSeconds: 0 }),
                { standIns },
            );
            assert.deepStrictEqual(registered(resources, "assignment").propertyDependencies.principalId, [
                registered(resources, `provision-${group.objectId}`).urn,
            ]);
        });

        it("does not ask AWS when Entra refused the group's display name", async () => {
            await recordingInvokes(async (invokes) => {
                const group = IDENTITY_CENTER_GROUPS.developers;
                const refused = pulumi.output("AWS Developers").apply((actual): string => {
                    throw new Error(`Entra group ${group.objectId} is named "${actual}", not "${group.displayName}"`);
                });
                const run = await constructUnderStandIns(
                    () =>
                        lookUp(group, {
                            displayName: group.displayName,
                            objectId: group.objectId,
                            timeoutSeconds: 0,
                            verifiedDisplayName: refused,
                        }),
                    { standIns },
                );
                await assert.rejects(outputValue(run.component.groupId), /is named "AWS Developers", not "aws-developers"/);
                assert.deepStrictEqual(
                    invokes.filter((invoke) => invoke.token === "aws:identitystore/getGroup:getGroup"),
                    [],
                );
            });
        });

        it("fails with the group, the store and what to check when the group never arrives", async () => {
            // The directory does not hold the group, so provisioning on demand creates nothing in the Identity Store.
            const run = await constructUnderStandIns(
                () =>
                    lookUp(IDENTITY_CENTER_GROUPS.developers, {
                        displayName: AUDITORS.displayName,
                        objectId: AUDITORS.objectId,
                        timeoutSeconds: 0,
                    }),
                { standIns },
            );
            await assert.rejects(
                outputValue(run.component.groupId),
                (error: Error) =>
                    error.message.includes(
                        `Identity Center group "aws-auditors" (Entra group ${AUDITORS.objectId}) is not in Identity Store d-9067a1b2c3 0 s after provisioning on demand ` +
                            `(gave up after 1 attempt; last answer: `,
                    ) && error.message.includes('the Entra group is named exactly "aws-auditors"'),
            );
        });
    });
});

describe("identity-store-group: the bounded wait with its default pauses", () => {
    it("returns as soon as an attempt succeeds", async () => {
        const clock = fakeClock();
        let calls = 0;
        const value = await withinDeadline(
            async () => {
                if (++calls < 3) {
                    throw new Error("not yet");
                }
                return "group-id";
            },
            { timeoutSeconds: 120, ...clock },
        );
        assert.strictEqual(value, "group-id");
        assert.deepStrictEqual(clock.sleeps, [2000, 4000]);
    });

    it("doubles its pauses up to the cap and never sleeps past the deadline, then gives up with the last answer", async () => {
        const clock = fakeClock();
        await assert.rejects(
            withinDeadline(
                async () => {
                    throw new Error("no Identity Store Group found matching criteria");
                },
                { timeoutSeconds: 100, maxIntervalSeconds: 30, ...clock },
            ),
            (error: unknown) =>
                error instanceof DeadlineExceededError &&
                error.attempts === 8 &&
                /last answer: no Identity Store Group found/.test(error.message),
        );
        assert.deepStrictEqual(clock.sleeps, [2000, 4000, 8000, 16000, 30000, 30000, 10000]);
        assert.strictEqual(clock.now(), 100_000);
    });

    it("tries once with a timeout of 0", async () => {
        const clock = fakeClock();
        let calls = 0;
        await assert.rejects(
            withinDeadline(
                async () => {
                    calls++;
                    throw new Error("not there");
                },
                { timeoutSeconds: 0, ...clock },
            ),
            DeadlineExceededError,
        );
        assert.strictEqual(calls, 1);
        assert.deepStrictEqual(clock.sleeps, []);
    });

    it("says what to check", () => {
        const message = groupNotProvisionedMessage(
            {
                identityStoreId: "d-9067a1b2c3",
                displayName: "aws-developers",
                objectId: "0a1b",
                applicationDisplayName: "AWS IAM Identity Center (org)",
                timeoutSeconds: 120,
            },
            new DeadlineExceededError(5, new Error("")),
        );
        assert.match(
            message,
            /"aws-developers" \(Entra group 0a1b\) is not in Identity Store d-9067a1b2c3 120 s after provisioning on demand \(gave up after 5 attempts; last answer: no group with that display name\)/,
        );
        assert.match(message, /identityCenter\.groupLookupTimeoutSeconds/);
    });
});
