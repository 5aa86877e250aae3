import * as assert from "assert";
import { readAppRoleValue as readConfigAppRoleValue } from "../../components/documents/app-role-value";
import { StackConfigError } from "../../components/stack-config";
import { PolicyDiagnostic, PolicyHost, startPolicyHost } from "../../offline/policy-host/policy-host";
import { runPolicyPack } from "../../offline/policy-host/policy-verdicts";
import { ProgramRun, readStackConfigFile, runProgramUnderMocks } from "../../offline/program/program-run";
import { parseRoleValue } from "../../offline/sign-in";
import { simulateStackSignIns } from "../../offline/sign-in/stack-sign-in";
import { analyzeInputs, analyzeStackInputs } from "../../offline/policy-host/analyzer-resources";
import { readAppRoleValue as readPackAppRoleValue } from "../../policies/readers/aws-identifiers";
import { packPolicies } from "../../policies/registry";
import { ensurePackBuilt, PACK_DIR } from "../../policies/test/support/build-pack";
import { setProperty } from "../../policies/test/support/federation-fixture";
import { runPack, TestResource } from "../../policies/test/support/validation-args";

/**
 * The holes of issue #16, each broken on the real program's resources for a three-account stack and
 * sent through Pulumi's policy host and the in-process pack: the rule that must fire, on the resource
 * it must name, and nothing else mandatory.
 */

const ACCOUNTS = [
    { name: "sandbox", accountId: "111122223333" },
    { name: "production", accountId: "444455556666", signInRegion: "eu-central-1" },
    { name: "data", accountId: "777788889999" },
];

const TYPE = {
    role: "aws:iam/role:Role",
    provider: "aws:iam/samlProvider:SamlProvider",
    certificate: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
    appRole: "azuread:index/applicationAppRole:ApplicationAppRole",
    application: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
};

/** Dev config with three accounts (same roles), MFA required so the clean stack has no finding at all. */
function threeAccountConfig(
    changes: Record<string, unknown> = {},
    roles?: (accounts: Record<string, any>[]) => void,
): Record<string, string> {
    const { config } = readStackConfigFile("dev");
    const dev = JSON.parse(config["azuread-aws-sso:accounts"]) as Record<string, any>[];
    const accounts = ACCOUNTS.map((account) => ({ ...structuredClone(dev[0]), ...account }));
    roles?.(accounts);
    const changed: Record<string, string> = {
        ...config,
        "azuread-aws-sso:accounts": JSON.stringify(accounts),
        "azuread-aws-sso:requireMfa": "true",
    };
    for (const [key, value] of Object.entries(changes)) {
        changed[`azuread-aws-sso:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return changed;
}

function copyOf(run: ProgramRun): TestResource[] {
    return structuredClone(run.resources) as unknown as TestResource[];
}

/** The resource of a type whose name starts with the account's name (`production-aws-role-Developer`). */
function inAccount(resources: readonly TestResource[], type: string, account: string, nameIncludes = ""): TestResource {
    const found = resources.filter(
        (resource) => resource.type === type && resource.name.startsWith(`${account}-`) && resource.name.includes(nameIncludes),
    );
    assert.ok(found.length > 0, `no ${type} of account ${account} named *${nameIncludes}*`);
    return found[0];
}

async function hostDiagnostics(host: PolicyHost, resources: readonly TestResource[]): Promise<PolicyDiagnostic[]> {
    const perResource = await host.analyzeAll(analyzeInputs(resources));
    const stack = await host.analyzeStack(analyzeStackInputs(resources));
    return [...perResource.flatMap((result) => result.diagnostics), ...stack.diagnostics];
}

interface Expected {
    readonly policyName: string;
    readonly urn: string;
    readonly message: RegExp;
}

/** Both runners report exactly the expected mandatory findings (rule, resource, message), and every diagnostic names a resource. */
async function assertMandatory(host: PolicyHost, resources: readonly TestResource[], expected: readonly Expected[]): Promise<void> {
    const viaHost = await hostDiagnostics(host, resources);
    for (const diagnostic of viaHost) {
        assert.ok(diagnostic.urn, `diagnostic without a resource: ${JSON.stringify(diagnostic)}`);
    }
    const mandatory = viaHost.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory");
    const describe = (list: readonly { policyName: string; urn?: string; message: string }[]) => JSON.stringify(list, null, 2);
    assert.deepStrictEqual(
        [...new Set(mandatory.map((diagnostic) => `${diagnostic.policyName} ${diagnostic.urn}`))].sort(),
        [...new Set(expected.map((entry) => `${entry.policyName} ${entry.urn}`))].sort(),
        describe(mandatory),
    );
    for (const entry of expected) {
        assert.ok(
            mandatory.some(
                (diagnostic) =>
                    diagnostic.policyName === entry.policyName && diagnostic.urn === entry.urn && entry.message.test(diagnostic.message),
            ),
            `${entry.policyName} on ${entry.urn} does not match ${entry.message}:\n${describe(mandatory)}`,
        );
    }
    const { findings } = await runPack(packPolicies, resources);
    const inProcess = findings.filter(
        (finding) => packPolicies.find((policy) => policy.name === finding.policyName)?.enforcementLevel === "mandatory",
    );
    assert.deepStrictEqual(
        [...new Set(inProcess.map((finding) => `${finding.policyName} ${finding.urn}`))].sort(),
        [...new Set(expected.map((entry) => `${entry.policyName} ${entry.urn}`))].sort(),
        describe(inProcess),
    );
}

describe("issue #16's holes, on the program's three-account stack", function () {
    this.timeout(300_000);
    let host: PolicyHost;
    let program: ProgramRun;

    before(async () => {
        ensurePackBuilt();
        [host, program] = await Promise.all([
            startPolicyHost({ packDir: PACK_DIR, project: "azuread-aws-sso", stack: "dev" }),
            runProgramUnderMocks({ stack: "dev", config: threeAccountConfig() }),
        ]);
        await host.configure({});
    });

    after(async () => {
        await host?.close();
    });

    it("the clean three-account stack has no finding at all", async () => {
        assert.deepStrictEqual(await hostDiagnostics(host, copyOf(program)), []);
    });

    it("1. a second door in a role's trust: aws-saml-role-trust fires on that role", async () => {
        for (const asObject of [false, true]) {
            const resources = copyOf(program);
            const role = inAccount(resources, TYPE.role, "production", "Developer");
            const document = JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: unknown[] };
            document.Statement.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" });
            setProperty(role, "assumeRolePolicy", asObject ? document : JSON.stringify(document));
            await assertMandatory(host, resources, [
                { policyName: "aws-saml-role-trust", urn: role.urn, message: /allows sts:AssumeRole .* to any principal \("\*"\)/ },
            ]);
        }
    });

    it("2. another instance's certificate in a provider's metadata, pasted or recorded: the metadata rule names both apps", async () => {
        for (const recorded of [false, true]) {
            const resources = copyOf(program);
            const provider = inAccount(resources, TYPE.provider, "sandbox");
            const other = inAccount(resources, TYPE.provider, "data");
            const otherCertificate = inAccount(resources, TYPE.certificate, "data");
            // Built from the other account's certificate (the engine records that dependency), or its XML pasted (none).
            setProperty(provider, "samlMetadataDocument", other.inputs.samlMetadataDocument);
            provider.propertyDependencies.samlMetadataDocument = recorded ? [otherCertificate.urn] : [];
            const sandboxApp = inAccount(resources, TYPE.application, "sandbox").name;
            const dataApp = inAccount(resources, TYPE.application, "data").name;
            await assertMandatory(host, resources, [
                {
                    policyName: "federation-saml-metadata-matches-azure-certificate",
                    urn: provider.urn,
                    message: new RegExp(
                        `carries signing certificate ${otherCertificate.name} of AWS app ${dataApp}, but the app roles naming this provider belong to AWS app ${sandboxApp}`,
                    ),
                },
            ]);
        }
    });

    it("3. an expired active certificate: azuread-active-signing-certificate-current fires, mandatory, on the certificate", async () => {
        const resources = copyOf(program);
        const certificate = inAccount(resources, TYPE.certificate, "data");
        setProperty(certificate, "endDate", new Date(Date.now() - 86_400_000).toISOString());
        await assertMandatory(host, resources, [
            {
                policyName: "azuread-active-signing-certificate-current",
                urn: certificate.urn,
                message: /ended on .*every AWS sign-in of the app fails/,
            },
        ]);
    });

    it("4. provider-first app role values pass; whitespace around the comma fails with its reason", async () => {
        const reversed = copyOf(program);
        for (const appRole of reversed.filter((resource) => resource.type === TYPE.appRole && resource.name.startsWith("production-"))) {
            const [roleArn, providerArn] = String(appRole.inputs.value).split(",");
            setProperty(appRole, "value", `${providerArn},${roleArn}`);
        }
        assert.deepStrictEqual(await hostDiagnostics(host, reversed), []);

        const spaced = copyOf(program);
        const appRole = inAccount(spaced, TYPE.appRole, "production", "ReadOnly");
        setProperty(appRole, "value", String(appRole.inputs.value).replace(",", ", "));
        await assertMandatory(host, spaced, [
            {
                policyName: "azuread-aws-app-role-value",
                urn: appRole.urn,
                message: /contains whitespace; AWS reads "<role ARN>,<SAML provider ARN>" with nothing around the comma/,
            },
        ]);
    });

    it("5. an app role value over Graph's 120 characters: the pack fires on it, and config refuses it naming the key path, value and length", async () => {
        const resources = copyOf(program);
        const appRole = inAccount(resources, TYPE.appRole, "data", "Developer");
        const value = `arn:aws:iam::777788889999:role/${"R".repeat(42)},arn:aws:iam::777788889999:saml-provider/EntraID`;
        assert.strictEqual(value.length, 121);
        setProperty(appRole, "value", value);
        const findings = (await hostDiagnostics(host, resources)).filter(
            (diagnostic) => diagnostic.policyName === "azuread-aws-app-role-value",
        );
        assert.deepStrictEqual(
            findings.map((finding) => [finding.urn, finding.enforcementLevel]),
            [[appRole.urn, "mandatory"]],
        );
        assert.match(findings[0].message, /The value is 121 characters; Microsoft Graph accepts at most 120/);

        await assert.rejects(
            runProgramUnderMocks({
                stack: "dev",
                config: threeAccountConfig({ samlProviderName: "EntraID" }, (accounts) => accounts[2].roles.push({ name: "R".repeat(42) })),
            }),
            (error: unknown) =>
                error instanceof StackConfigError &&
                error.problems.some(
                    (problem) =>
                        problem.path === "accounts[2].roles[2].name" &&
                        problem.message ===
                            `the app role value "${value}" is 121 characters; Microsoft Graph accepts at most 120 for app roles on the application: shorten the role name or samlProviderName`,
                ),
        );
    });

    it("6. PowerUserAccess on a sandbox developer role is advisory only; AdministratorAccess and a full-admin inline policy stay mandatory", async () => {
        const powerUser = await runProgramUnderMocks({
            stack: "dev",
            config: threeAccountConfig({}, (accounts) =>
                accounts[0].roles[0].managedPolicyArns.push("arn:aws:iam::aws:policy/PowerUserAccess"),
            ),
        });
        const diagnostics = await hostDiagnostics(host, powerUser.resources as unknown as TestResource[]);
        assert.deepStrictEqual(
            diagnostics.map((diagnostic) => `${diagnostic.policyName}:${diagnostic.enforcementLevel}`),
            ["aws-sso-role-power-user-access:advisory"],
        );
        assert.match(String(diagnostics[0].urn), /::sandbox-aws-role-Developer-[0-9a-f]+$/);

        const admin = await runProgramUnderMocks({
            stack: "dev",
            config: threeAccountConfig({}, (accounts) => {
                accounts[1].roles[1].inlinePolicy = {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }],
                };
            }),
        });
        const adminResources = admin.resources as unknown as TestResource[];
        const inline = adminResources.find((resource) => resource.name === "production-aws-role-ReadOnly-inline");
        assert.ok(inline);
        await assertMandatory(host, adminResources, [
            {
                policyName: "aws-sso-role-no-privileged-managed-policies",
                urn: inline.urn,
                message: /production-aws-role-ReadOnly gets full control of the account through RolePolicy .*"iam:\*", every IAM action/,
            },
            { policyName: "aws-iam-no-wildcard-permissions", urn: inline.urn, message: /iam:\*/ },
        ]);
    });

    it("7. every diagnostic of the offline preview names its resource, in text and in JSON", async () => {
        const resources = copyOf(program);
        const appRole = inAccount(resources, TYPE.appRole, "production", "ReadOnly");
        setProperty(appRole, "value", String(appRole.inputs.value).replace(",", ", "));
        const verdicts = await runPolicyPack(
            { ...program, resources: resources as never },
            { "azuread-aws-app-conditional-access-mfa": "advisory" },
        );
        assert.ok(verdicts.diagnostics.length > 0);
        const resourceDiagnostic = verdicts.diagnostics.find((diagnostic) => diagnostic.policyName === "azuread-aws-app-role-value");
        assert.strictEqual(resourceDiagnostic?.urn, appRole.urn);
        assert.strictEqual(resourceDiagnostic?.resource, appRole.name);
        for (const diagnostic of verdicts.diagnostics) {
            assert.notStrictEqual(diagnostic.resource, "stack", JSON.stringify(diagnostic));
        }
    });

    it("a provider-first, 120-character app role value signs in and passes the pack", async () => {
        const longName = "R".repeat(41);
        const run = await runProgramUnderMocks({
            stack: "dev",
            config: threeAccountConfig({ samlProviderName: "EntraID" }, (accounts) => {
                accounts[2].roles.push({ name: longName, assign: { users: ["megan.bowen@contoso.com"] } });
            }),
        });
        const resources = run.resources as unknown as TestResource[];
        const appRole = inAccount(resources, TYPE.appRole, "data", longName);
        const [roleArn, providerArn] = String(appRole.inputs.value).split(",");
        const providerFirst = `${providerArn},${roleArn}`;
        assert.strictEqual(providerFirst.length, 120);
        setProperty(appRole, "value", providerFirst);
        assert.deepStrictEqual(await hostDiagnostics(host, resources), []);
        const signIn = simulateStackSignIns({ ...run, resources: resources as never });
        assert.strictEqual(signIn.failed, 0, JSON.stringify(signIn.signIns, null, 2));
        const megan = signIn.signIns.find((entry) => entry.principal === "megan.bowen@contoso.com");
        assert.ok(
            megan?.results.some((result) => result.ok && result.roleArn === roleArn),
            JSON.stringify(megan),
        );
    });

    it("the break-glass allow-list and the rotation lead time work through --policy-pack-config; a malformed entry is refused", async () => {
        const resources = copyOf(program);
        const role = inAccount(resources, TYPE.role, "production", "Developer");
        const document = JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: unknown[] };
        const responder = "arn:aws:iam::444455556666:role/IncidentResponder";
        document.Statement.push({ Effect: "Allow", Principal: { AWS: responder }, Action: "sts:AssumeRole" });
        setProperty(role, "assumeRolePolicy", JSON.stringify(document));
        const certificate = inAccount(resources, TYPE.certificate, "sandbox");
        setProperty(certificate, "endDate", new Date(Date.now() + 10 * 86_400_000).toISOString());
        try {
            await host.configure({ "aws-saml-role-trust": { allowedOtherPrincipals: [`Developer ${responder}`] } });
            assert.deepStrictEqual(
                (await hostDiagnostics(host, resources)).map((diagnostic) => `${diagnostic.policyName}:${diagnostic.enforcementLevel}`),
                ["azuread-signing-certificate-expiry:advisory"],
            );
            await host.configure({
                "aws-saml-role-trust": { allowedOtherPrincipals: [`Developer ${responder}`] },
                "azuread-active-signing-certificate-current": { rotationLeadDays: 30 },
            });
            const mandatory = (await hostDiagnostics(host, resources)).filter((diagnostic) => diagnostic.enforcementLevel === "mandatory");
            assert.deepStrictEqual(
                mandatory.map((diagnostic) => [diagnostic.policyName, diagnostic.urn]),
                [["azuread-active-signing-certificate-current", certificate.urn]],
            );
            await assert.rejects(
                host.configure({ "aws-saml-role-trust": { allowedOtherPrincipals: [responder] } }),
                /allowedOtherPrincipals/,
            );
        } finally {
            await host.configure({});
        }
    });

    it("the config contract, the pack and the sign-in simulation agree on order and whitespace", () => {
        const role = "arn:aws:iam::111122223333:role/Developer";
        const provider = "arn:aws:iam::111122223333:saml-provider/AzureAD";
        const cases: [string, boolean][] = [
            [`${role},${provider}`, true],
            [`${provider},${role}`, true],
            [`${role}, ${provider}`, false],
            [`${role} ,${provider}`, false],
            [`${provider},\t${role}`, false],
            [`${role},${role}`, false],
            [`${role},${provider},${provider}`, false],
            [role, false],
        ];
        for (const [value, accepted] of cases) {
            assert.strictEqual(readConfigAppRoleValue(value).ok, accepted, `config: ${value}`);
            assert.strictEqual(readPackAppRoleValue(value).ok, accepted, `pack: ${value}`);
            assert.strictEqual(parseRoleValue(value) !== undefined, accepted, `sign-in: ${value}`);
        }
    });
});
