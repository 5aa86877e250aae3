import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { samlRoleTrustsStackProviderPolicy } from "../rules/aws-saml/aws-saml-role-trusts-stack-provider";
import { appRoleTargetsPolicy } from "../rules/federation/federation-app-role-targets-stack";
import { sessionDurationPolicy } from "../rules/federation/federation-role-session-covers-claim";
import { STACK_REFERENCE_TYPE } from "../model/sso-stack-references";
import { assertDeferred, assertPasses, assertViolation } from "./support/assertions";
import { federationFixture, samlTrustPolicy, setProperty, StackFixture } from "./support/federation-fixture";
import { runStackPolicy, TestResource, UNKNOWN } from "./support/validation-args";

/**
 * A team program: no SAML provider and no gallery app of its own, only a stack reference to the SSO
 * stack, a role in one of its accounts trusting that account's exported provider, and an app role on
 * that account's exported gallery app. The pack must see the SSO stack's contract through the
 * reference's outputs, with no allow-list config.
 */

const SSO_STACK = "org/azuread-aws-sso/dev";
const SESSION_DURATION = 7200;
const DATA_ACCOUNT_ID = "210987654321";
const SANDBOX_ACCOUNT_ID = "444455556666";
const DATA_PROVIDER_ARN = `arn:aws:iam::${DATA_ACCOUNT_ID}:saml-provider/AzureAD`;
const SANDBOX_PROVIDER_ARN = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:saml-provider/AzureAD`;
const DATA_REPLY_URL = "https://eu-central-1.signin.aws.amazon.com/saml";
const DATA_APPLICATION_OBJECT_ID = "9f1e3d5c-7b2a-4c8e-a6d4-2f0b8e6c4a17";
const DATA_ENGINEER_ARN = `arn:aws:iam::${DATA_ACCOUNT_ID}:role/Data-Engineer`;
const TEAM_ROLE_ARN = `arn:aws:iam::${DATA_ACCOUNT_ID}:role/Data-Analyst`;

function accountOutputs(accountId: string, providerArn: string, applicationObjectId: string, roleNames: readonly string[]) {
    return {
        accountId,
        samlProviderArn: providerArn,
        replyUrl: DATA_REPLY_URL,
        applicationObjectId,
        servicePrincipalObjectId: "c3a5e7f9-1b2d-4f6e-8a0c-5d7e9f1b3a26",
        roles: Object.fromEntries(
            roleNames.map((name) => {
                const arn = `arn:aws:iam::${accountId}:role/${name}`;
                return [
                    name,
                    {
                        arn,
                        appRoleId: "0a1b2c3d-0000-4000-8000-000000000001",
                        appRoleValue: `${arn},${providerArn}`,
                        maxSessionDuration: 14400,
                    },
                ];
            }),
        ),
    };
}

/** The central stack's outputs, as the stack reference returns them. */
function ssoContract() {
    return {
        tenantId: "2c7d4e1f-9a3b-4c5d-8e6f-7a8b9c0d1e2f",
        sessionDuration: SESSION_DURATION,
        samlProviderName: "AzureAD",
        accounts: {
            data: accountOutputs(DATA_ACCOUNT_ID, DATA_PROVIDER_ARN, DATA_APPLICATION_OBJECT_ID, ["Data-Engineer"]),
            sandbox: accountOutputs(SANDBOX_ACCOUNT_ID, SANDBOX_PROVIDER_ARN, "1a3c5e7a-9b1d-4f3e-b5a7-9c1e3a5c7e92", ["Developer"]),
        },
    };
}

interface TeamProgram {
    readonly stack: StackFixture;
    readonly reference: TestResource;
    readonly role: TestResource;
    readonly appRole: TestResource;
}

/** The compliant team program; `referenceName` is the team's own choice. */
function teamProgram(maxSessionDuration = SESSION_DURATION, referenceName = "sso"): TeamProgram {
    const stack = new StackFixture("dev", "team-data");
    const reference = stack.add(
        STACK_REFERENCE_TYPE,
        referenceName,
        { name: SSO_STACK },
        { outputs: { outputs: ssoContract(), secretOutputNames: [] } },
    );
    const parent = stack.add("azuread-aws-sso:team:TeamRole", "data-analyst", {}, { custom: false });
    const role = stack.add(
        aws.iam.Role,
        "data-analyst",
        { name: "Data-Analyst", assumeRolePolicy: samlTrustPolicy(DATA_PROVIDER_ARN, DATA_REPLY_URL), maxSessionDuration },
        { parent, outputs: { arn: TEAM_ROLE_ARN }, deps: { assumeRolePolicy: [reference], maxSessionDuration: [reference] } },
    );
    const appRole = stack.add(
        azuread.ApplicationAppRole,
        "data-analyst",
        {
            applicationId: `/applications/${DATA_APPLICATION_OBJECT_ID}`,
            roleId: "5d0c1f2e-0000-4000-8000-000000000009",
            allowedMemberTypes: ["User"],
            displayName: "Data-Analyst",
            value: `${TEAM_ROLE_ARN},${DATA_PROVIDER_ARN}`,
        },
        { parent, deps: { applicationId: [reference], value: [role, reference] } },
    );
    return { stack, reference, role, appRole };
}

/** The contract inside the reference's outputs, to break in place. */
function contractOf(program: TeamProgram): ReturnType<typeof ssoContract> {
    return program.reference.outputs.outputs as ReturnType<typeof ssoContract>;
}

describe("SSO stack references (team programs)", () => {
    const sessionRun = (program: TeamProgram) => runStackPolicy(sessionDurationPolicy, program.stack.resources);
    const trustRun = (program: TeamProgram, config?: Record<string, unknown>) =>
        runStackPolicy(samlRoleTrustsStackProviderPolicy, program.stack.resources, { config });
    const appRoleRun = (program: TeamProgram, config?: Record<string, unknown>) =>
        runStackPolicy(appRoleTargetsPolicy, program.stack.resources, { config });

    it("passes a compliant team program with no allow-list config", async () => {
        const program = teamProgram();
        assertPasses(await sessionRun(program));
        assertPasses(await trustRun(program));
        assertPasses(await appRoleRun(program));
    });

    describe("federation-role-session-covers-claim", () => {
        it("fires on the role only when it allows a shorter session than the referenced stack sends", async () => {
            const program = teamProgram(3600);
            const result = await sessionRun(program);
            assertViolation(
                result,
                /^Role data-analyst allows sessions of at most 3600s, but the apps of stack reference sso \(org\/azuread-aws-sso\/dev\) send SessionDuration 7200s to its SAML provider arn:aws:iam::210987654321:saml-provider\/AzureAD/,
                program.role.urn,
            );
            assert.strictEqual(result.violations.length, 1);
            assert.strictEqual(result.unknown, undefined);
        });

        it("counts IAM's default of 3600 seconds when the role sets none", async () => {
            const program = teamProgram();
            setProperty(program.role, "maxSessionDuration", undefined);
            assertViolation(await sessionRun(program), /data-analyst allows sessions of at most 3600s/);
        });

        it("recognises the SSO stack by its outputs, whatever the reference is called", async () => {
            const program = teamProgram(3600, "identity-team");
            setProperty(program.reference, "name", "identity-team");
            assertViolation(await sessionRun(program), /but the apps of stack reference identity-team send SessionDuration 7200s/);
        });

        it("ignores references whose outputs are not an SSO stack's, and roles trusting providers it does not export", async () => {
            const other = teamProgram(3600);
            other.reference.outputs.outputs = {
                accounts: { data: { accountId: DATA_ACCOUNT_ID, vpcId: "vpc-0123" } },
                sessionDuration: SESSION_DURATION,
            };
            assertPasses(await sessionRun(other));

            const foreign = teamProgram(3600);
            setProperty(
                foreign.role,
                "assumeRolePolicy",
                samlTrustPolicy(`arn:aws:iam::${DATA_ACCOUNT_ID}:saml-provider/Okta`, DATA_REPLY_URL),
            );
            assertPasses(await sessionRun(foreign));
        });

        it("defers, never fires, while the reference's outputs or the role's trust are unknown", async () => {
            const outputs = teamProgram(3600);
            outputs.reference.outputs.outputs = UNKNOWN;
            assertDeferred(await sessionRun(outputs));

            const duration = teamProgram(3600);
            (contractOf(duration) as Record<string, unknown>).sessionDuration = UNKNOWN;
            assertDeferred(await sessionRun(duration));

            const provider = teamProgram(3600);
            (contractOf(provider).accounts.data as Record<string, unknown>).samlProviderArn = UNKNOWN;
            assertDeferred(await sessionRun(provider));

            const trust = teamProgram(3600);
            trust.role.outputs.assumeRolePolicy = UNKNOWN;
            assertDeferred(await sessionRun(trust));
        });

        it("does not crash on a malformed contract", async () => {
            for (const breakContract of [
                (contract: Record<string, unknown>) => (contract.sessionDuration = "7200"),
                (contract: Record<string, unknown>) => (contract.accounts = [{ samlProviderArn: DATA_PROVIDER_ARN }]),
                (contract: Record<string, unknown>) => (contract.accounts = { data: { samlProviderArn: 42, roles: "none" } }),
            ]) {
                const program = teamProgram(3600);
                breakContract(contractOf(program) as Record<string, unknown>);
                assertPasses(await sessionRun(program));
            }
            const program = teamProgram(3600);
            program.reference.outputs.outputs = null;
            assertPasses(await sessionRun(program));
        });
    });

    describe("aws-saml-role-trusts-stack-provider", () => {
        it("accepts a provider the referenced SSO stack exports, and still fires on others unless allow-listed", async () => {
            assertPasses(await trustRun(teamProgram()));
            const program = teamProgram();
            const okta = `arn:aws:iam::${DATA_ACCOUNT_ID}:saml-provider/Okta`;
            setProperty(program.role, "assumeRolePolicy", samlTrustPolicy(okta, DATA_REPLY_URL));
            assertViolation(
                await trustRun(program),
                /Role data-analyst trusts arn:aws:iam::210987654321:saml-provider\/Okta, which is neither/,
                program.role.urn,
            );
            assertPasses(await trustRun(program, { allowedProviderArns: [okta] }));
        });

        it("does not count a reference whose accounts export no SAML provider", async () => {
            const program = teamProgram();
            contractOf(program).accounts = { data: { accountId: DATA_ACCOUNT_ID } } as never;
            assertViolation(await trustRun(program), /trusts arn:aws:iam::210987654321:saml-provider\/AzureAD, which is neither/);
        });

        it("defers while the reference's outputs are unknown", async () => {
            const program = teamProgram();
            program.reference.outputs.outputs = UNKNOWN;
            assertDeferred(await trustRun(program));
        });
    });

    describe("federation-app-role-targets-stack", () => {
        it("checks app roles on the referenced stack's gallery app against its exported roles and providers", async () => {
            const central = teamProgram();
            setProperty(central.appRole, "value", `${DATA_ENGINEER_ARN},${DATA_PROVIDER_ARN}`);
            assertPasses(await appRoleRun(central));

            const wrongAccount = teamProgram();
            setProperty(wrongAccount.appRole, "value", `${DATA_ENGINEER_ARN},${SANDBOX_PROVIDER_ARN}`);
            assertViolation(
                await appRoleRun(wrongAccount),
                /pairs role .*Data-Engineer with provider .*444455556666.*does not trust that provider/,
                wrongAccount.appRole.urn,
            );

            const teamRoleElsewhere = teamProgram();
            setProperty(teamRoleElsewhere.appRole, "value", `${TEAM_ROLE_ARN},${SANDBOX_PROVIDER_ARN}`);
            assertViolation(await appRoleRun(teamRoleElsewhere), /pairs role .*Data-Analyst with provider .*444455556666/);

            const unknownRole = teamProgram();
            setProperty(unknownRole.appRole, "value", `arn:aws:iam::${DATA_ACCOUNT_ID}:role/Nobody,${DATA_PROVIDER_ARN}`);
            assertViolation(await appRoleRun(unknownRole), /role\/Nobody, which is not a role of this stack or of a referenced SSO stack/);
            assertPasses(await appRoleRun(unknownRole, { allowedRoleArns: [`arn:aws:iam::${DATA_ACCOUNT_ID}:role/Nobody`] }));
        });

        it("defers while the reference's outputs are unknown", async () => {
            const program = teamProgram();
            program.reference.outputs.outputs = UNKNOWN;
            assertDeferred(await appRoleRun(program));
            const applicationId = teamProgram();
            applicationId.appRole.outputs.applicationId = UNKNOWN;
            assertDeferred(await appRoleRun(applicationId));
        });
    });

    it("leaves the SSO stack itself as it was: its own providers and apps", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        assertViolation(
            await runStackPolicy(sessionDurationPolicy, stack.resources),
            /Role prod-role-ReadOnly allows sessions of at most 3600s, but AWS app prod-app/,
        );
        assertPasses(await runStackPolicy(samlRoleTrustsStackProviderPolicy, stack.resources));
        assertPasses(await runStackPolicy(appRoleTargetsPolicy, stack.resources));
    });
});
