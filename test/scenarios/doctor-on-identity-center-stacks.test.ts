import * as assert from "assert";
import { GRAPH_FAILURES } from "../support/graph-stand-in";
import { doctor, findingIds, identityCenterUnit, useDeployedStack } from "../doctor/support/doctor-harness";

// The doctor on the committed stacks that use IAM Identity Center: the org stack (identityCenter only) used to
// report "no findings in 0 account(s)" having read nothing; the migration stack has both paths.

const NOW = new Date("2027-06-01T12:00:00Z");
const DAY = 86_400_000;
const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6";
const AWS_SIDE = "identity-center-aws-side-not-checked";

describe("doctor on the org stack (identityCenter only)", function () {
    this.timeout(60_000);
    const world = useDeployedStack("org", NOW);
    const icSp = () => world.identityCenter.servicePrincipalObjectId as string;
    const text = (extra: readonly string[] = []) =>
        doctor(["--stack", "org", "--outputs", world.outputsFile, "--graph-url", world.graph.baseUrl, ...extra], { now: NOW });

    it("reads the Identity Center app, GET only, and exits 0 with only the notice that the AWS side was not read", async () => {
        const result = await world.doctor();
        assert.strictEqual(result.stderr, "");
        assert.deepStrictEqual(findingIds(result), [AWS_SIDE]);
        assert.strictEqual(result.code, 0);
        const notice = identityCenterUnit(result)!.findings[0];
        assert.strictEqual(notice.severity, "notice");
        assert.match(
            notice.fix,
            new RegExp(
                `aws sso-admin list-account-assignments --instance-arn ${INSTANCE_ARN} --account-id \\d{12} --permission-set-arn arn:aws:sso:::permissionSet/`,
            ),
        );
        assert.ok(world.graph.requests.every((request) => request.method === "GET"));
        assert.deepStrictEqual([...new Set(world.graph.requests.map((request) => request.path.replace(icSp(), "{id}")))].sort(), [
            "/v1.0/servicePrincipals/{id}",
            "/v1.0/servicePrincipals/{id}/appRoleAssignedTo",
            "/v1.0/servicePrincipals/{id}/synchronization/jobs",
        ]);
        assert.strictEqual(world.iam.requests.length, 0, "no AWS read: the doctor has no sso-admin client");
    });

    it("prints Identity Center as its own unit, never an all-clear of 0 accounts", async () => {
        const result = await text();
        assert.strictEqual(result.code, 0);
        assert.match(result.stdout, /^Doctor for stack org at 2027-06-01T12:00:00\.000Z: 1 notice in 0 account\(s\) and Identity Center\n/);
        assert.match(
            result.stdout,
            new RegExp(`\\nIdentity Center identity-center \\(${INSTANCE_ARN}\\): 1 notice\\n {2}NOTICE {2}${AWS_SIDE} {2}`),
        );
        assert.doesNotMatch(result.stdout, /no findings in 0 account/);
        const strict = await text(["--fail-on", "warning"]);
        assert.strictEqual(strict.code, 0, "a notice fails no run");
    });

    it("an expired SCIM token exits 1 with --fail-on error, in JSON and text alike", async () => {
        world.editOutputs((outputs) => void (outputs.identityCenter.scimTokenExpiresAt = "2027-05-01T00:00:00Z"));
        const result = await world.doctor(["--fail-on", "error"]);
        assert.deepStrictEqual(findingIds(result), [AWS_SIDE, "identity-center-scim-token-expired"]);
        assert.strictEqual(result.code, 1);
        assert.deepStrictEqual(result.report!.counts, { error: 1, warning: 0, notice: 1 });
        const printed = await text(["--fail-on", "error"]);
        assert.strictEqual(printed.code, 1);
        assert.match(printed.stdout, /ERROR {3}identity-center-scim-token-expired {2}SCIM access token of arn:aws:sso:::instance\//);
        assert.match(printed.stdout, /Unhealthy: 1 error\(s\) at or above --fail-on error\./);
        const ignored = await world.doctor(["--ignore", "identity-center-scim-token-expired"]);
        assert.strictEqual(ignored.code, 0);
        assert.deepStrictEqual(ignored.report!.ignored, { "identity-center-scim-token-expired": 1 });
    });

    it("Graph reads that fail are could-not-check findings of the Identity Center unit, and nothing they block is reported", async () => {
        world.graph.failPath(/synchronization\/jobs$/, GRAPH_FAILURES.forbidden());
        world.graph.failPath(/appRoleAssignedTo$/, GRAPH_FAILURES.throttled(1), GRAPH_FAILURES.throttled(1), GRAPH_FAILURES.throttled(1));
        const result = await world.doctor();
        assert.deepStrictEqual(findingIds(result), ["could-not-check-access-denied", "could-not-check-throttled", AWS_SIDE]);
        assert.strictEqual(result.code, 1);
        const unit = identityCenterUnit(result)!;
        const denied = unit.findings.find((finding) => finding.id === "could-not-check-access-denied")!;
        assert.match(denied.message, /Could not check the SCIM provisioning job/);
        assert.match(denied.fix, /Synchronization\.Read\.All/);
        assert.ok(unit.findings.every((finding) => finding.account === "identity-center" && finding.accountId === INSTANCE_ARN));
    });

    it("a service principal Graph cannot read (500 after every retry) is not reported missing; the token check needs no read", async () => {
        world.graph.failPath(
            new RegExp(`/servicePrincipals/${icSp()}$`),
            GRAPH_FAILURES.serverError(),
            GRAPH_FAILURES.serverError(),
            GRAPH_FAILURES.serverError(),
        );
        world.editOutputs((outputs) => void (outputs.identityCenter.scimTokenExpiresAt = new Date(NOW.getTime() + 10 * DAY).toISOString()));
        const result = await world.doctor();
        assert.deepStrictEqual(findingIds(result), ["could-not-check-failed", AWS_SIDE, "identity-center-scim-token-expiring"]);
        assert.match(identityCenterUnit(result)!.findings[0].message, /Could not check the Identity Center app's signing keys/);
        assert.strictEqual(
            world.graph.requests.filter((request) => request.path.includes("/appRoleAssignedTo") || request.path.includes("/jobs")).length,
            0,
            "nothing under a service principal that could not be read",
        );
    });

    it("no Graph token at all is exit 2, as for the per-account checks", async () => {
        const result = await world.doctor([], {
            graphAccessToken: async () => {
                throw new Error("DefaultAzureCredential: no credential in the chain");
            },
        });
        assert.strictEqual(result.code, 2);
        assert.match(result.stderr, /No credentials:\n {2}- No Microsoft Graph token: DefaultAzureCredential/);
    });
});

describe("doctor on the migration stack (per-account apps and Identity Center)", function () {
    this.timeout(60_000);
    const world = useDeployedStack("migration", NOW);

    it("reports both units: the sandbox account healthy, Identity Center with its notice", async () => {
        const result = await world.doctor();
        assert.strictEqual(result.stderr, "");
        assert.deepStrictEqual(
            result.report!.accounts.map((entry) => [entry.kind, entry.account, entry.findings.map((finding) => finding.id)]),
            [
                ["identity-center", "identity-center", [AWS_SIDE]],
                ["account", "sandbox", []],
            ],
        );
        assert.strictEqual(result.code, 0);
        const paths = new Set(world.graph.requests.map((request) => request.path));
        for (const objectId of [world.sandbox.servicePrincipalObjectId, world.identityCenter.servicePrincipalObjectId])
            assert.ok(paths.has(`/v1.0/servicePrincipals/${objectId}`), `read ${objectId}`);
    });

    it("a broken Identity Center app stays in its unit, and the account's findings in the account's", async () => {
        world.graph.updateServicePrincipal(world.identityCenter.servicePrincipalObjectId, { appRoleAssignmentRequired: false });
        world.graph.updateServicePrincipal(world.sandbox.servicePrincipalObjectId, { appRoleAssignmentRequired: false });
        const result = await world.doctor();
        assert.deepStrictEqual(
            result.report!.accounts.map((entry) => [entry.account, entry.findings.map((finding) => finding.id)]),
            [
                ["identity-center", ["identity-center-assignment-not-required", AWS_SIDE]],
                ["sandbox", ["app-role-assignment-not-required"]],
            ],
        );
        const printed = await doctor(["--stack", "migration", "--outputs", world.outputsFile, "--graph-url", world.graph.baseUrl], {
            now: NOW,
        });
        assert.match(printed.stdout, /: 2 errors, 1 notice in 1 account\(s\) and Identity Center\n/);
        assert.match(printed.stdout, /\naccount sandbox \(111122223333\): 1 error\n/);
    });
});
