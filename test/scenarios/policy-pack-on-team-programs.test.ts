import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PolicyDiagnostic, PolicyHost, startPolicyHost } from "../../offline/policy-host/policy-host";
import { ensurePackBuilt, PACK_DIR } from "../../policies/test/support/build-pack";
import { analyzeInputs, analyzeStackInputs } from "../../offline/policy-host/analyzer-resources";
import { SESSION_DURATION, SSO_STACK_NAME, TENANT_ID } from "../lib/support/sso-contract";
import { EngineRegistration, recordRegistrations, settled, stackConfig, TeamMocks, unwrap, useMocks } from "../lib/support/team-mocks";
import { EXAMPLE_DIR, runExampleProgram } from "../examples/team-program/support/example-program-run";

/**
 * The policy pack, run by the offline host as the CLI runs it, on what team programs register, with no
 * `--policy-pack-config`: the pack reads the SSO stack's contract from the stack reference's outputs,
 * so the SAML providers and roles it exports count as the team's own, and its SessionDuration claim
 * applies to every role trusting those providers.
 */

/** Runs `program` as project team-data, stack dev, under the mocks, and returns what the engine received. */
async function registrationsOf(program: () => Record<string, unknown> | void): Promise<EngineRegistration[]> {
    const { project, config } = stackConfig(EXAMPLE_DIR, "dev");
    pulumi.runtime.setAllConfig(config);
    await useMocks(new TeamMocks(), project, "dev");
    const recorder = recordRegistrations();
    for (const value of Object.values(program() ?? {})) {
        await unwrap(pulumi.output(value));
    }
    await settled();
    return recorder.settled();
}

async function analyze(host: PolicyHost, registrations: readonly EngineRegistration[]): Promise<PolicyDiagnostic[]> {
    const perResource = await host.analyzeAll(analyzeInputs(registrations));
    const stack = await host.analyzeStack(analyzeStackInputs(registrations));
    return [...perResource.flatMap((result) => result.diagnostics), ...stack.diagnostics];
}

describe("the policy pack on team programs", function () {
    this.timeout(180_000);
    let host: PolicyHost;

    before(async () => {
        ensurePackBuilt();
        host = await startPolicyHost({ packDir: PACK_DIR, project: "team-data", stack: "dev" });
        await host.configure();
    });
    after(async () => {
        await host?.close();
        pulumi.runtime.setAllConfig({});
        await useMocks(new TeamMocks());
    });

    it("reports nothing on examples/team-program, which needs no policy pack config", async () => {
        assert.ok(!fs.existsSync(path.join(EXAMPLE_DIR, "policy-pack-config.json")), "the example allow-lists nothing");
        const registrations = await registrationsOf(() => runExampleProgram());
        assert.ok(
            registrations.some((registration) => registration.type === "aws:iam/role:Role"),
            "the example registered its role",
        );
        // The engine also hands the pack the stack reference (a read) with the SSO stack's outputs.
        const reference = registrations.find((registration) => registration.type === "pulumi:pulumi:StackReference");
        assert.strictEqual((reference?.outputs.outputs as { sessionDuration?: number } | undefined)?.sessionDuration, SESSION_DURATION);
        assert.deepStrictEqual(await analyze(host, registrations), []);
    });

    it("reports the SSO role guard when a team role asks for AdministratorAccess", async () => {
        const registrations = await registrationsOf(() => {
            const lib = require("../../lib") as typeof import("../../lib");
            const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
            const azuread = require("@pulumi/azuread") as typeof import("@pulumi/azuread");
            const data = new lib.SsoStack("sso", { stackName: SSO_STACK_NAME }).account("data");
            const admins = new lib.TeamRole(
                "data-admins",
                { account: data, roleName: "Data-Admin", managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
                {
                    providers: [
                        new aws.Provider("data", {
                            region: "eu-central-1",
                            assumeRoles: [{ roleArn: "arn:aws:iam::210987654321:role/team-data-deploy" }],
                        }),
                        new azuread.Provider("sso-tenant", { tenantId: TENANT_ID }),
                    ],
                },
            );
            return { arn: admins.arn, appRoleId: admins.appRoleId };
        });
        const attachment = registrations.find((registration) => registration.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")!;
        const diagnostics = await analyze(host, registrations);
        assert.deepStrictEqual(
            diagnostics.map((diagnostic) => [diagnostic.policyName, diagnostic.enforcementLevel, diagnostic.urn]),
            [["aws-sso-role-no-privileged-managed-policies", "mandatory", attachment.urn]],
        );
        assert.match(diagnostics[0].message, /AdministratorAccess \(arn:aws:iam::aws:policy\/AdministratorAccess\)/);
    });

    it("reports the session guard when a team role allows a shorter session than the SSO stack sends", async () => {
        const registrations = await registrationsOf(() => {
            const lib = require("../../lib") as typeof import("../../lib");
            const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
            const data = new lib.SsoStack("sso", { stackName: SSO_STACK_NAME }).account("data");
            // A raw role: TeamRole refuses this before anything registers.
            const role = new aws.iam.Role(
                "data-short",
                {
                    name: "Data-Short",
                    maxSessionDuration: 3600,
                    assumeRolePolicy: pulumi
                        .all([data.samlProviderArn, data.replyUrl])
                        .apply(([samlProviderArn, replyUrl]) =>
                            JSON.stringify(lib.samlTrustPolicy({ samlProviderArn, audiences: [replyUrl] })),
                        ),
                },
                {
                    provider: new aws.Provider("data", {
                        region: "eu-central-1",
                        assumeRoles: [{ roleArn: "arn:aws:iam::210987654321:role/team-data-deploy" }],
                    }),
                },
            );
            return { arn: role.arn };
        });
        const role = registrations.find((registration) => registration.type === "aws:iam/role:Role")!;
        const diagnostics = await analyze(host, registrations);
        assert.deepStrictEqual(
            diagnostics.map((diagnostic) => [diagnostic.policyName, diagnostic.enforcementLevel, diagnostic.urn]),
            [["federation-role-session-covers-claim", "mandatory", role.urn]],
        );
        assert.match(
            diagnostics[0].message,
            new RegExp(
                `Role data-short allows sessions of at most 3600s, but the apps of stack reference sso \\(${SSO_STACK_NAME}\\) send SessionDuration ${SESSION_DURATION}s`,
            ),
        );
    });
});
