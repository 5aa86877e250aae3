import * as assert from "assert";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import { benchRawConfig, BENCH_STACK, BENCH_TENANT_ID } from "../../../bench/fixtures";
import { generateSigningCertificate } from "../../../offline/program/certificates";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";
import { ProgramRun, RegisteredResource, runProgramUnderMocks } from "../../../offline/program/program-run";
import { accountFinder, simulateStackSignIns, simulateStackSignInsInTurns } from "../../../offline/sign-in/stack-sign-in";
import { AWS_SIGN_IN_MESSAGE } from "../../../offline/sign-in/sts-assume-role-with-saml";
import { COMPONENT_TYPES } from "../../../policies/vocabulary/type-tokens";
import { baseStackConfig, rawConfig, TENANT_ID, TYPES } from "../../support/stack-fixtures";

/** A copy of the run with one resource's inputs changed, as if the program had built it that way. */
function breakResource(
    program: ProgramRun,
    predicate: (resource: RegisteredResource) => boolean,
    change: (inputs: Record<string, any>) => void,
): ProgramRun {
    let changed = 0;
    const resources = program.resources.map((resource) => {
        if (!predicate(resource)) {
            return resource;
        }
        changed++;
        const inputs = JSON.parse(JSON.stringify(resource.inputs));
        change(inputs);
        return { ...resource, inputs, outputs: { ...resource.outputs, ...inputs } };
    });
    assert.ok(changed > 0, "the break touched nothing");
    return { ...program, resources };
}

const isRole = (name: string) => (resource: RegisteredResource) => resource.type === TYPES.role && resource.inputs.name === name;

/** The failures of a run's sign-ins, as `check: message` per principal. */
function failures(program: ProgramRun): string[] {
    return simulateStackSignIns(program)
        .signIns.flatMap((signIn) => signIn.results)
        .filter((result) => !result.ok)
        .map((result) => (result.ok ? "" : `${result.userPrincipalName} ${result.roleArn ?? ""}: ${result.check}: ${result.message}`));
}

describe("simulateStackSignIns", function () {
    this.timeout(180_000);

    describe("one break at a time fails sign-in as AWS would", () => {
        let dev: ProgramRun;
        before(async () => {
            dev = await runProgramUnderMocks({ stack: "dev" });
            assert.deepStrictEqual(failures(dev), []);
        });

        it("metadata carrying a different certificate: the signature fails", () => {
            const stranger = generateSigningCertificate({ commonName: "stranger", notAfter: new Date(Date.now() + 86400e3 * 365) });
            const broken = breakResource(
                dev,
                (resource) => resource.type === TYPES.samlProvider,
                (inputs) => {
                    inputs.samlMetadataDocument = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [stranger.base64Der] });
                },
            );
            const found = failures(broken);
            assert.strictEqual(found.length, 3);
            assert.ok(
                found.every((failure) => failure.endsWith(`signature: ${AWS_SIGN_IN_MESSAGE.signatureInvalid}`)),
                found.join("\n"),
            );
        });

        it("an aud condition for a regional endpoint while the reply URL is global: not authorized", () => {
            const broken = breakResource(dev, isRole("ReadOnly"), (inputs) => {
                inputs.assumeRolePolicy = inputs.assumeRolePolicy.replace(
                    "https://signin.aws.amazon.com/saml",
                    "https://eu-central-1.signin.aws.amazon.com/saml",
                );
            });
            assert.deepStrictEqual(failures(broken), [
                `alex.wilber@contoso.com arn:aws:iam::111122223333:role/ReadOnly: trust-policy: ${AWS_SIGN_IN_MESSAGE.notAuthorized}`,
            ]);
        });

        it("a role value pointing at another account's provider: the provider does not exist", () => {
            const broken = breakResource(
                dev,
                (resource) => resource.type === TYPES.appRole && resource.inputs.displayName === "ReadOnly",
                (inputs) => {
                    inputs.value = "arn:aws:iam::111122223333:role/ReadOnly,arn:aws:iam::444455556666:saml-provider/AzureAD";
                },
            );
            assert.deepStrictEqual(failures(broken), [
                `alex.wilber@contoso.com arn:aws:iam::111122223333:role/ReadOnly: saml-provider: ${AWS_SIGN_IN_MESSAGE.providerDoesNotExist}`,
            ]);
        });

        it("a SessionDuration above the role's maximum: DurationSeconds exceeds MaxSessionDuration", () => {
            const broken = breakResource(
                dev,
                (resource) => resource.type === TYPES.claimsMappingPolicy,
                (inputs) => {
                    inputs.definitions = [inputs.definitions[0].replace('"Value":"3600"', '"Value":"7200"')];
                },
            );
            // Developer allows 14400 s, ReadOnly 3600 s.
            assert.deepStrictEqual(failures(broken), [
                `alex.wilber@contoso.com arn:aws:iam::111122223333:role/ReadOnly: max-session-duration: ${AWS_SIGN_IN_MESSAGE.durationExceedsMax}`,
            ]);
        });

        it("a RoleSessionName source producing a guest's #EXT# UPN: RoleSessionName is invalid", async () => {
            const config = baseStackConfig();
            config.accounts[0].roles[1].assign = { users: ["b.simon_fabrikam.com#EXT#@contoso.onmicrosoft.com"] };
            const guest = await runProgramUnderMocks({ stack: "dev", config: rawConfig(config) });
            assert.deepStrictEqual(failures(guest), [
                `b.simon_fabrikam.com#EXT#@contoso.onmicrosoft.com arn:aws:iam::111122223333:role/ReadOnly: role-session-name: ${AWS_SIGN_IN_MESSAGE.roleSessionNameInvalid}`,
            ]);
        });

        it("a role removed from the trust: not authorized", () => {
            const broken = breakResource(dev, isRole("Developer"), (inputs) => {
                inputs.assumeRolePolicy = inputs.assumeRolePolicy.replace("saml-provider/AzureAD", "saml-provider/Okta");
            });
            const found = failures(broken);
            assert.strictEqual(found.length, 2);
            assert.ok(
                found.every((failure) => failure.includes(`role/Developer: trust-policy: ${AWS_SIGN_IN_MESSAGE.notAuthorized}`)),
                found.join("\n"),
            );
        });

        it("no preferred signing key: Azure refuses with AADSTS50146 before AWS sees anything", () => {
            const broken = { ...dev, resources: dev.resources.filter((resource) => !resource.type.includes("PreferredTokenSigningKey")) };
            const found = failures(broken);
            assert.strictEqual(found.length, 3);
            assert.ok(
                found.every((failure) => failure.includes("azure-ad-response: AADSTS50146")),
                found.join("\n"),
            );
        });
    });

    describe("reading the registered resources", () => {
        let dev: ProgramRun;
        before(async () => {
            dev = await runProgramUnderMocks({ stack: "dev" });
        });

        it("signs in every assigned principal per account, with one line per role as the preview prints it", () => {
            const report = simulateStackSignIns(dev);
            assert.strictEqual(report.failed, 0);
            assert.strictEqual(
                report.succeeded,
                report.signIns.reduce((count, signIn) => count + signIn.results.length, 0),
            );
            const bSimon = report.signIns.find((signIn) => signIn.principal === "B.Simon@contoso.com")!;
            assert.strictEqual(bSimon.account, "sandbox");
            assert.strictEqual(bSimon.principalKind, "user");
            assert.deepStrictEqual(bSimon.lines, [
                "B.Simon@contoso.com -> arn:aws:sts::111122223333:assumed-role/Developer/B.Simon@contoso.com (3600 s)",
            ]);
        });

        it("gives the same report when it yields to the event loop between accounts", async () => {
            assert.deepStrictEqual(await simulateStackSignInsInTurns(dev), simulateStackSignIns(dev));
        });

        it("finds the account component a resource belongs to through its parents, and none for a shared resource", () => {
            const findAccount = accountFinder(dev);
            const role = dev.resources.find((resource) => resource.type === TYPES.role)!;
            const account = findAccount(role);
            assert.strictEqual(account?.type, COMPONENT_TYPES.accountFederation);
            assert.notStrictEqual(role.parent, account?.urn, "the role sits below the account component, not directly in it");
            const testUser = dev.resources.find((resource) => resource.type === "azuread-aws-sso:azuread:TestUser");
            assert.ok(testUser && testUser.parent === undefined, "the test user is shared by every account");
            assert.strictEqual(findAccount(testUser), undefined);
        });
    });

    describe("during the deploy window (3 accounts)", () => {
        const certificate = generateSigningCertificate({
            commonName: "Microsoft Azure Federated SSO Certificate",
            notAfter: new Date("2029-01-01T00:00:00Z"),
        });
        const runs = new Map<number, ProgramRun>();
        before(async () => {
            const standIns = new CloudStandIns({ tenantId: BENCH_TENANT_ID, issueCertificate: () => certificate });
            runs.set(3, await runProgramUnderMocks({ stack: BENCH_STACK, config: benchRawConfig(3, 2), standIns }));
        });

        it("refuses, never grants, a sign-in during the deploy window before the AWS side exists", () => {
            const run = runs.get(3)!;
            const without = (...types: string[]): ProgramRun => ({
                ...run,
                resources: run.resources.filter((resource) => !types.includes(resource.type)),
            });
            const beforeProvider = simulateStackSignIns(without("aws:iam/samlProvider:SamlProvider", "aws:iam/role:Role"));
            const beforeRole = simulateStackSignIns(without("aws:iam/role:Role"));
            const after = simulateStackSignIns(run);
            assert.strictEqual(after.failed, 0);
            assert.ok(after.succeeded > 0);
            for (const [report, message] of [
                [beforeProvider, AWS_SIGN_IN_MESSAGE.providerDoesNotExist],
                [beforeRole, AWS_SIGN_IN_MESSAGE.notAuthorized],
            ] as const) {
                const results = report.signIns.flatMap((signIn) => signIn.results);
                assert.strictEqual(report.succeeded, 0);
                assert.strictEqual(results.length, after.succeeded);
                assert.deepStrictEqual([...new Set(results.map((result) => (result.ok ? "granted" : result.message)))], [message]);
            }
        });
    });
});
