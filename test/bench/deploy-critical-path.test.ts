import * as assert from "assert";
import { deployCriticalPath, formatCriticalPath } from "../../bench/deploy-critical-path";
import { benchRawConfig, BENCH_STACK, BENCH_TENANT_ID } from "../../bench/fixtures";
import { generateSigningCertificate } from "../../offline/program/certificates";
import { CloudStandIns } from "../../offline/program/cloud-stand-ins";
import { ProgramRun, RegisteredResource, runProgramUnderMocks } from "../../offline/program/program-run";

/** The chain today: the AWS side waits for Azure's certificate; nothing waits for the IAM roles but their policies. */
const EXPECTED_CHAIN = [
    "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    "azuread:index/servicePrincipal:ServicePrincipal",
    "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
    "aws:iam/samlProvider:SamlProvider",
    "aws:iam/role:Role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
];

function registered(partial: Partial<RegisteredResource> & Pick<RegisteredResource, "urn" | "type">): RegisteredResource {
    return {
        name: partial.urn.split("::").pop()!,
        custom: true,
        inputs: {},
        outputs: {},
        secretInputs: [],
        dependencies: [],
        propertyDependencies: {},
        options: {},
        ...partial,
    };
}

describe("deployCriticalPath (the deploy's critical path)", function () {
    this.timeout(180_000);

    describe("read from a registered graph", () => {
        const urn = (name: string) => `urn:pulumi:s::p::t::${name}`;
        it("follows dependsOn, property dependencies and providers, expands components and counts no provider", () => {
            const resources = [
                registered({ urn: urn("provider"), type: "pulumi:providers:aws", dependencies: [urn("a")] }),
                registered({ urn: urn("a"), type: "t:a:A" }),
                registered({ urn: urn("component"), type: "t:c:C", custom: false }),
                registered({ urn: urn("b"), type: "t:b:B", parent: urn("component"), propertyDependencies: { x: [urn("a")] } }),
                registered({ urn: urn("c"), type: "t:c:D", provider: `${urn("provider")}::id`, dependencies: [urn("component")] }),
                registered({ urn: urn("d"), type: "t:d:D" }),
            ];
            const path = deployCriticalPath(resources);
            assert.deepStrictEqual(
                path.chain.map((step) => step.name),
                ["a", "b", "c"],
            );
            assert.strictEqual(path.length, 3);
        });

        it("refuses a cycle instead of looping", () => {
            const resources = [
                registered({ urn: urn("a"), type: "t:a:A", dependencies: [urn("b")] }),
                registered({ urn: urn("b"), type: "t:b:B", dependencies: [urn("a")] }),
            ];
            assert.throws(() => deployCriticalPath(resources), /dependency cycle/);
        });
    });

    describe("of the program", () => {
        const certificate = generateSigningCertificate({
            commonName: "Microsoft Azure Federated SSO Certificate",
            notAfter: new Date("2029-01-01T00:00:00Z"),
        });
        const runs = new Map<number, ProgramRun>();
        before(async () => {
            for (const accounts of [1, 3, 10]) {
                const standIns = new CloudStandIns({ tenantId: BENCH_TENANT_ID, issueCertificate: () => certificate });
                runs.set(accounts, await runProgramUnderMocks({ stack: BENCH_STACK, config: benchRawConfig(accounts, 2), standIns }));
            }
        });

        it("does not grow with the number of accounts (1, 3, 10)", () => {
            const lengths = [...runs].map(([accounts, run]) => [accounts, deployCriticalPath(run.resources).length]);
            assert.deepStrictEqual(lengths, [
                [1, EXPECTED_CHAIN.length],
                [3, EXPECTED_CHAIN.length],
                [10, EXPECTED_CHAIN.length],
            ]);
        });

        it("is Azure's app, service principal and certificate, then AWS's provider, role and role policy", () => {
            const path = deployCriticalPath(runs.get(3)!.resources);
            assert.deepStrictEqual(
                path.chain.map((step) => step.type),
                EXPECTED_CHAIN,
                formatCriticalPath(path),
            );
        });

        it("publishes app roles without waiting for AWS, with the ARNs IAM reports", () => {
            const run = runs.get(3)!;
            const byUrn = new Map(run.resources.map((resource) => [resource.urn, resource]));
            const appRoles = run.resources.filter((resource) => resource.type === "azuread:index/applicationAppRole:ApplicationAppRole");
            assert.strictEqual(appRoles.length, 6);
            for (const appRole of appRoles) {
                const waitsFor = [...appRole.dependencies, ...Object.values(appRole.propertyDependencies).flat()].map(
                    (dependency) => byUrn.get(dependency)!.type,
                );
                assert.ok(
                    waitsFor.every((type) => type.startsWith("azuread:")),
                    `${appRole.name} waits for ${waitsFor.join(", ")}`,
                );
                const [roleArn, providerArn] = String(appRole.inputs.value).split(",");
                const role = run.resources.find((resource) => resource.type === "aws:iam/role:Role" && resource.outputs.arn === roleArn);
                const provider = run.resources.find(
                    (resource) => resource.type === "aws:iam/samlProvider:SamlProvider" && resource.outputs.arn === providerArn,
                );
                assert.ok(role, `${appRole.name}: no IAM role has ARN ${roleArn}`);
                assert.ok(provider, `${appRole.name}: no SAML provider has ARN ${providerArn}`);
                assert.strictEqual(role.parent, provider.parent, `${appRole.name}: role and provider of different accounts`);
                assert.strictEqual(role.inputs.name, appRole.inputs.displayName);
            }
        });
    });
});
