import * as assert from "assert";
import { RESOURCE_TYPES } from "../../adopt/import-plan";
import { awsClaimsMappingPolicy } from "../../components/documents/claims-mapping-policy";
import { buildPlanReport, formatPlanReport } from "../../offline/preview/plan-report";
import { ProgramRun } from "../../offline/program/program-run";
import { simulateStackSignIns } from "../../offline/sign-in/stack-sign-in";
import { GraphStandIn } from "../support/graph-stand-in";
import { IamStandIn } from "../support/iam-stand-in";
import {
    Adoption,
    adoptSetup,
    IN_PLACE_INPUTS,
    registered,
    REPLACEMENT_INPUTS,
    runAdoptedProgram,
    sameValue,
} from "../adopt/support/adopt-harness";
import {
    B_SIMON,
    consoleRoleTrust,
    handMadeCertificate,
    HandMadeSetup,
    TUTORIAL_POLICY_DESCRIPTION,
    tutorialSetup,
} from "../adopt/support/hand-made-setup";
import { liveInputs, registeredInput } from "../adopt/support/live-values";

const NOT_READ = "(not read)";

/** Checks that hold for every adoption: import ids land, nothing forces a replacement, the listed changes are exactly the differences. */
function assertAdoptedWithoutReplacement(adoption: Adoption, run: ProgramRun, setup: HandMadeSetup, iam: IamStandIn): void {
    const { report } = adoption;
    const imported = run.resources.filter((resource) => resource.importId !== undefined);
    // Every import entry lands on one registered resource of the same type and name, and nothing else is imported.
    for (const entry of report.imports) {
        assert.strictEqual(registered(run, entry.type, entry.name).importId, entry.id, `${entry.name} imports ${entry.id}`);
    }
    assert.deepStrictEqual(imported.map((resource) => resource.name).sort(), report.imports.map((entry) => entry.name).sort());
    // What is neither imported nor listed as created is not a cloud object (providers), so nothing is created unannounced.
    const announced = new Set([...report.imports, ...report.creations].map((entry) => entry.name));
    const unannounced = run.resources.filter(
        (resource) => resource.custom && !announced.has(resource.name) && !resource.type.startsWith("pulumi:providers:"),
    );
    assert.deepStrictEqual(
        unannounced.map((resource) => `${resource.type} ${resource.name}`),
        [],
    );

    const differences: string[] = [];
    for (const entry of report.imports) {
        const resource = registered(run, entry.type, entry.name);
        const live = liveInputs(setup, iam, entry.type, entry.id);
        assert.ok(live, `${entry.name}: the import id ${entry.id} names nothing in the hand-made setup`);
        for (const property of REPLACEMENT_INPUTS[entry.type] ?? []) {
            if (!(property in live)) continue;
            assert.ok(
                sameValue(registeredInput(entry.type, resource.inputs, property), live[property]),
                `${entry.name}.${property} forces a replacement: program ${JSON.stringify(resource.inputs[property])}, live ${JSON.stringify(live[property])}`,
            );
        }
        for (const property of IN_PLACE_INPUTS[entry.type] ?? []) {
            if (property in live && !sameValue(registeredInput(entry.type, resource.inputs, property), live[property]))
                differences.push(`${entry.name}.${property}`);
        }
        // While adopting, every listed change is held, so the import reads exactly what exists.
        const held = report.holds[entry.name] ?? [];
        assert.deepStrictEqual([...(resource.options.ignoreChanges ?? [])].sort(), [...held].sort(), `${entry.name} holds`);
    }
    const listed = report.changes.filter((change) => change.live !== NOT_READ).map((change) => `${change.name}.${change.property}`);
    assert.deepStrictEqual(listed.sort(), differences.sort(), "the listed in-place changes are exactly the differences");
    for (const change of report.changes) {
        assert.ok(report.holds[change.name]?.includes(change.property), `${change.name}.${change.property} is held`);
        assert.ok(change.signIn.length > 0 && change.step >= 1, `${change.name}.${change.property} says what sign-in does and when`);
    }
}

/** The run as it stands while the holds are in place: the SAML provider's metadata and the roles' trust as they are live. */
function withLiveValuesHeld(run: ProgramRun, setup: HandMadeSetup, iam: IamStandIn, adoption: Adoption): ProgramRun {
    const byName = new Map(adoption.report.imports.map((entry) => [entry.name, entry]));
    return {
        ...run,
        resources: run.resources.map((resource) => {
            const entry = byName.get(resource.name);
            const held = adoption.report.holds[resource.name];
            if (!entry || !held) return resource;
            const live = liveInputs(setup, iam, entry.type, entry.id) ?? {};
            const inputs = { ...resource.inputs };
            for (const property of held) {
                if (property in live)
                    inputs[property] =
                        typeof live[property] === "object" && property === "assumeRolePolicy"
                            ? JSON.stringify(live[property])
                            : live[property];
            }
            return { ...resource, inputs };
        }),
    };
}

describe("npm run adopt: a setup made by hand comes under the stack without replacement", function () {
    this.timeout(300_000);
    let graph: GraphStandIn;
    let iam: IamStandIn;

    before(async () => {
        graph = await GraphStandIn.start({ readOnly: true });
        iam = await IamStandIn.start();
    });
    after(async () => {
        await graph.stop();
        await iam.stop();
    });

    describe("the tutorial, followed once", () => {
        const setup = tutorialSetup();
        let adoption: Adoption;
        let run: ProgramRun;
        before(async () => {
            adoption = await adoptSetup(setup, graph, iam, ["sandbox"]);
            run = await runAdoptedProgram(adoption, setup);
        });

        it("reads both clouds without writing anything", () => {
            assert.deepStrictEqual(iam.refusedWrites, []);
            assert.deepStrictEqual(graph.refusedWrites, []);
            assert.ok(
                iam.actions().every((action) => /^(iam:(Get|List)|sts:GetCallerIdentity)/.test(action)),
                iam.actions().join(", "),
            );
            assert.ok(graph.requests.every((request) => request.method === "GET"));
            assert.ok(!graph.requests.some((request) => /secrets/i.test(request.path)), "no secret is ever read");
            assert.ok(
                graph.requests.some(
                    (request) => request.query.get("$filter") === "applicationTemplateId eq '8b1025e4-1dd2-430b-a150-2ef79cd700f5'",
                ),
                "apps are found by template id",
            );
        });

        it("writes the contract with the live names: WAAD, the bare identifier, the roles, B.Simon, the certificate and the tutorial's policy", () => {
            const config = adoption.stackConfig;
            assert.strictEqual(config["azuread:tenantId"], "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
            assert.strictEqual(config["azuread-aws-sso:samlProviderName"], "WAAD");
            assert.deepStrictEqual(config["azuread-aws-sso:notificationEmails"], ["identity-team@contoso.com"]);
            const [account] = config["azuread-aws-sso:accounts"] as Record<string, any>[];
            assert.strictEqual(account.identifierSuffix, "", "the tutorial's first instance has no #suffix");
            assert.deepStrictEqual(
                account.roles.map((role: any) => role.name),
                ["Developer", "ReadOnly"],
            );
            assert.deepStrictEqual(account.roles[0].assign, { users: [B_SIMON.userPrincipalName] });
            assert.deepStrictEqual(account.signingCertificate, [
                { name: "cert-2029-01-05", endDate: "2029-01-05T10:00:00Z", displayName: "CN=Microsoft Azure Federated SSO Certificate" },
            ]);
            assert.deepStrictEqual(account.roleImportReader, { policyDescription: TUTORIAL_POLICY_DESCRIPTION });
            assert.strictEqual(
                account.roles[0].appRoleId,
                undefined,
                "the role import's app roles cannot be imported, so the ids are the program's",
            );
            assert.match(
                adoption.stackFileText,
                /endDate: "2029-01-05T10:00:00Z"/,
                "dates are quoted: the Pulumi CLI would read a bare one as a timestamp",
            );
        });

        it("imports every existing object under the name and type the program registers, and replaces nothing", () => {
            assertAdoptedWithoutReplacement(adoption, run, setup, iam);
            const names = adoption.report.imports.map((entry) => entry.name);
            for (const name of [
                "sandbox-azuread-app",
                "sandbox-azuread-sp",
                "sandbox-azuread-identifier",
                "sandbox-azuread-signing-cert-2029-01-05",
                "sandbox-azuread-preferred-signing-key",
                "sandbox-aws-saml-provider",
                "sandbox-aws-role-Developer",
                "sandbox-role-reader-policy",
                "sandbox-role-reader-user",
                "sandbox-role-import-job",
            ]) {
                assert.ok(names.includes(name), `${name} is imported`);
            }
        });

        it("lists the in-place changes the tutorial's state needs: SAML:aud, metadata, display name, the reader's policy", () => {
            const changes = adoption.report.changes.map((change) => `${change.name}.${change.property}`);
            for (const expected of [
                "sandbox-aws-role-Developer.assumeRolePolicy",
                "sandbox-aws-role-ReadOnly.assumeRolePolicy",
                "sandbox-aws-saml-provider.samlMetadataDocument",
                "sandbox-azuread-app.displayName",
                "sandbox-role-reader-policy.policy",
            ]) {
                assert.ok(changes.includes(expected), `${expected} is listed`);
            }
            const trust = adoption.report.changes.find(
                (change) => change.name === "sandbox-aws-role-Developer" && change.property === "assumeRolePolicy",
            )!;
            assert.match(trust.desired, /SAML:aud/);
            assert.doesNotMatch(trust.live, /SAML:aud/);
            assert.strictEqual(trust.step, 4);
        });

        it("creates what cannot be imported, and says so: the claims policy, app roles with deterministic ids, B.Simon's new assignment, a new key", () => {
            const created = adoption.report.creations.map((entry) => entry.name).sort();
            assert.deepStrictEqual(created, [
                "sandbox-app-roles-Developer",
                "sandbox-app-roles-Developer-user-B.Simon@contoso.com",
                "sandbox-app-roles-ReadOnly",
                "sandbox-azuread-claims",
                "sandbox-azuread-claims-assignment",
                "sandbox-role-import-secret",
                "sandbox-role-reader-access-key-2026-12-01-adopted",
            ]);
            assert.deepStrictEqual(
                adoption.stackConfig["azuread-aws-sso:roleImportKeys"],
                [{ name: "2026-12-01-adopted" }],
                "a new key generation, dated",
            );
        });

        it("reports the role import's app roles on the service principal as not adoptable as is, and exits 1 having written the rest", () => {
            assert.strictEqual(adoption.code, 1);
            const finding = adoption.report.findings.find((entry) => entry.kind === "cannot-adopt" && /role import/.test(entry.subject));
            assert.ok(finding, JSON.stringify(adoption.report.findings, null, 2));
            assert.match(finding.problem, /Developer, ReadOnly/);
        });

        it("the offline preview's plan shows what is imported and what is held", () => {
            const plan = formatPlanReport(buildPlanReport(run));
            assert.match(
                plan,
                new RegExp(
                    `Plan for stack adopted: \\d+ resources, ${adoption.report.imports.length} to import, ${adoption.report.creations.length} to create`,
                ),
            );
            assert.match(
                plan,
                /= aws:Role {2}sandbox-aws-role-Developer {2}\(import Developer\)\n(?:.*\n)*? {8}held at the live value: [^\n]*assumeRolePolicy/,
            );
            assert.match(plan, /\+ azuread:ClaimsMappingPolicy {2}sandbox-azuread-claims\n/);
        });

        it("B.Simon signs in against the adopted metadata, both while the changes are held and after they are released", () => {
            const now = new Date();
            const released = simulateStackSignIns(run, { now });
            const bSimon = released.signIns.find((signIn) => signIn.principal === B_SIMON.userPrincipalName);
            assert.ok(bSimon, released.signIns.map((signIn) => signIn.principal).join(", "));
            assert.ok(
                bSimon.results.every((result) => result.ok),
                bSimon.lines.join("\n"),
            );
            assert.match(bSimon.lines.join("\n"), /assumed-role\/Developer\/B\.Simon@contoso\.com/);
            const held = simulateStackSignIns(withLiveValuesHeld(run, setup, iam, adoption), { now });
            const heldSimon = held.signIns.find((signIn) => signIn.principal === B_SIMON.userPrincipalName)!;
            assert.ok(
                heldSimon.results.every((result) => result.ok),
                heldSimon.lines.join("\n"),
            );
        });

        it("after the first up, removing adoptionImports changes nothing the program registers but the import option", async () => {
            const rest = Object.fromEntries(
                Object.entries(adoption.stackConfig).filter(([key]) => key !== "azuread-aws-sso:adoptionImports"),
            );
            assert.ok(Object.keys(rest).length < Object.keys(adoption.stackConfig).length);
            const second = await runAdoptedProgram(
                { ...adoption, stackConfig: rest, directory: writeStackFile(adoption.directory, rest) },
                setup,
                run,
            );
            const inputs = (programRun: ProgramRun) =>
                programRun.resources
                    .filter((resource) => resource.custom)
                    .map((resource) =>
                        [
                            resource.type,
                            resource.name,
                            JSON.stringify(resource.inputs),
                            JSON.stringify(resource.options.ignoreChanges),
                        ].join(" "),
                    );
            assert.ok(second.resources.every((resource) => resource.importId === undefined));
            assert.deepStrictEqual(inputs(second).sort(), inputs(run).sort());
        });
    });

    describe("two accounts, one with a rotated certificate and an app role in the manifest", () => {
        const setup = twoAccountSetup();
        let adoption: Adoption;
        let run: ProgramRun;
        before(async () => {
            adoption = await adoptSetup(setup, graph, iam, ["sandbox", "production"]);
            run = await runAdoptedProgram(adoption, setup);
        });

        it("matches each app to its account by the certificate its SAML provider trusts", () => {
            const accounts = adoption.stackConfig["azuread-aws-sso:accounts"] as Record<string, any>[];
            assert.deepStrictEqual(
                accounts.map((account) => [account.name, account.accountId, account.identifierSuffix]),
                [
                    ["sandbox", "111122223333", "1"],
                    ["production", "444455556666", "2"],
                ],
            );
            assert.strictEqual(accounts[1].samlProviderName, "AzureAD", "the second account's provider name differs from the stack's");
            assert.strictEqual(accounts[1].deployRoleArn, "arn:aws:iam::444455556666:role/AdoptReader");
        });

        it("keeps both certificates, the preferred (newer) one last, with their live end dates", () => {
            const production = (adoption.stackConfig["azuread-aws-sso:accounts"] as Record<string, any>[])[1];
            assert.deepStrictEqual(
                production.signingCertificate.map((certificate: any) => certificate.endDate),
                ["2027-02-01T00:00:00Z", "2029-11-01T00:00:00Z"],
            );
            const key = registered(run, RESOURCE_TYPES.preferredSigningKey, "production-azuread-preferred-signing-key");
            assert.strictEqual(key.inputs.thumbprint, setup.apps[1].preferred.certificate.thumbprint);
        });

        it("imports the manifest's app role with its live id and the group's assignment to it", () => {
            const production = (adoption.stackConfig["azuread-aws-sso:accounts"] as Record<string, any>[])[1];
            assert.strictEqual(production.roles[0].appRoleId, setup.accounts[1].roles[0].appRoleId);
            assert.ok(
                adoption.report.imports.some(
                    (entry) => entry.name === "production-app-roles-Operator-group-0c8e1d2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                ),
            );
        });

        it("replaces nothing in either account, and lists exactly the differences", () => {
            assertAdoptedWithoutReplacement(adoption, run, setup, iam);
        });

        it("takes over an existing claims mapping policy with its session tag, and lists the trust gaining sts:TagSession", () => {
            const names = adoption.report.imports.map((entry) => entry.name);
            assert.ok(names.includes("production-azuread-claims") && names.includes("production-azuread-claims-assignment"));
            const production = (adoption.stackConfig["azuread-aws-sso:accounts"] as Record<string, any>[])[1];
            assert.deepStrictEqual(production.roles[0].sessionTags, { CostCenter: "department" });
            const changes = adoption.report.changes
                .filter((change) => change.name.startsWith("production-"))
                .map((change) => `${change.name}.${change.property}`);
            assert.ok(!changes.includes("production-azuread-claims.definitions"), "the definition already is the program's");
            assert.ok(changes.includes("production-azuread-claims.displayName"));
            const trust = adoption.report.changes.find(
                (change) => change.name === "production-aws-role-Operator" && change.property === "assumeRolePolicy",
            );
            assert.match(trust?.desired ?? "", /sts:TagSession/);
        });
    });

    describe("something that cannot be adopted as is", () => {
        const setup = unadoptableSetup();
        let adoption: Adoption;
        let run: ProgramRun;
        before(async () => {
            adoption = await adoptSetup(setup, graph, iam, ["sandbox"]);
            run = await runAdoptedProgram(adoption, setup);
        });

        it("reports a role trusting two providers, claims transformations, the reader's console password and extra permissions, each with what to do", () => {
            const blockers = adoption.report.findings.filter((finding) => finding.kind === "cannot-adopt");
            const about = (pattern: RegExp) => blockers.find((finding) => pattern.test(`${finding.subject} ${finding.problem}`));
            assert.match(about(/role Shared/)?.problem ?? "", /2 SAML providers/);
            assert.match(about(/claims mapping policy/)?.problem ?? "", /transformations/);
            assert.match(about(/console password/)?.whatToDo ?? "", /delete-login-profile --user-name AzureADRoleManager/);
            assert.match(about(/permissions of AzureADRoleManager/)?.problem ?? "", /AdministratorAccess/);
            assert.strictEqual(adoption.code, 1);
        });

        it("still writes the rest: the role that can be adopted, imported without replacement", () => {
            const [account] = adoption.stackConfig["azuread-aws-sso:accounts"] as Record<string, any>[];
            assert.deepStrictEqual(
                account.roles.map((role: any) => role.name),
                ["Developer"],
            );
            assertAdoptedWithoutReplacement(adoption, run, setup, iam);
            assert.ok(!run.resources.some((resource) => resource.name.includes("Shared")));
        });
    });
});

function writeStackFile(directory: string, config: Record<string, unknown>): string {
    const fs = require("fs") as typeof import("fs");
    const path = require("path") as typeof import("path");
    const { stringify } = require("yaml") as typeof import("yaml");
    const next = fs.mkdtempSync(`${directory}-released-`);
    fs.copyFileSync(path.join(directory, "Pulumi.yaml"), path.join(next, "Pulumi.yaml"));
    fs.writeFileSync(path.join(next, "Pulumi.adopted.yaml"), stringify({ config }));
    return next;
}

/** Two instances (#1, #2), the second account with provider AzureAD, a rotated certificate and an app role in the app's manifest. */
function twoAccountSetup(): HandMadeSetup {
    const tutorial = tutorialSetup();
    const first = { ...tutorial.apps[0], identifierUris: ["https://signin.aws.amazon.com/saml#1"] };
    const old = handMadeCertificate("2024-02-01T00:00:00Z", "2027-02-01T00:00:00Z");
    const rotated = handMadeCertificate("2026-11-01T00:00:00Z", "2029-11-01T00:00:00Z");
    const accountId = "444455556666";
    const account = {
        accountId,
        providerName: "AzureAD",
        trusted: [old, rotated],
        roles: [
            {
                name: "Operator",
                description: "Operators",
                trustPolicy: consoleRoleTrust(accountId, "AzureAD", true),
                attachedPolicyArns: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
                maxSessionDuration: 7200,
                appRole: "application" as const,
                appRoleId: "5d2b8f7e-4a6c-4b9d-8e0f-1a2b3c4d5e6f",
                assigned: [
                    {
                        kind: "Group" as const,
                        id: "0c8e1d2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                        displayName: "AWS operators",
                        assignmentId: "gAssignmentOfOperators-000000000000000000000B",
                    },
                ],
            },
        ],
    };
    const second = {
        ...tutorial.apps[0],
        servicePrincipalId: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
        applicationObjectId: "3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f",
        clientId: "4d5e6f7a-8b9c-4dae-8f01-3b4c5d6e7f80",
        displayName: "AWS Single-Account Access",
        identifierUris: ["https://signin.aws.amazon.com/saml#2"],
        certificates: [old, rotated],
        preferred: rotated,
        account,
        roleImportJobId: undefined,
        // Made with PowerShell, as the older tutorial suggested: the program's claims plus a session tag.
        claimsMappingPolicy: {
            id: "8a5e1c0b-7d9f-4e2a-9b3c-4d5e6f7a8b92",
            displayName: "AWS claims",
            definition: awsClaimsMappingPolicy({
                roleSessionNameSource: "userprincipalname",
                sessionDuration: 3600,
                sessionTags: { CostCenter: "department" },
            }),
        },
    };
    return { apps: [first, second], accounts: [tutorial.accounts[0], { ...account, reader: undefined }] };
}

/** The tutorial, then: a role shared with a second provider, claims with a transformation, a console password on the reader. */
function unadoptableSetup(): HandMadeSetup {
    const tutorial = tutorialSetup();
    const account = tutorial.accounts[0];
    const shared = {
        name: "Shared",
        trustPolicy: {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: {
                        Federated: [
                            `arn:aws:iam::${account.accountId}:saml-provider/WAAD`,
                            `arn:aws:iam::${account.accountId}:saml-provider/Okta`,
                        ],
                    },
                    Action: "sts:AssumeRoleWithSAML",
                },
            ],
        },
        appRole: "none" as const,
        appRoleId: "6e3c9a8f-5b7d-4c0e-9f1a-2b3c4d5e6f70",
    };
    const reader = {
        ...account.reader!,
        user: {
            ...account.reader!.user,
            loginProfile: { createDate: new Date("2026-01-05T11:00:00Z") },
            attachedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        },
    };
    const changed = { ...account, roles: [account.roles[0], shared], reader, extraProviders: ["Okta"] };
    const app = {
        ...tutorial.apps[0],
        account: changed,
        claimsMappingPolicy: {
            id: "7f4d0b9a-6c8e-4d1f-8a2b-3c4d5e6f7a81",
            displayName: "AWS claims with a transformation",
            definition: JSON.stringify({
                ClaimsMappingPolicy: {
                    Version: 1,
                    IncludeBasicClaimSet: "true",
                    ClaimsSchema: [
                        { Source: "user", ID: "assignedroles", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/Role" },
                        {
                            Source: "transformation",
                            ID: "SessionName",
                            TransformationId: "Lower",
                            SamlClaimType: "https://aws.amazon.com/SAML/Attributes/RoleSessionName",
                        },
                    ],
                    ClaimsTransformations: [
                        {
                            ID: "Lower",
                            TransformationMethod: "ToLowercase",
                            InputClaims: [{ ClaimTypeReferenceId: "userprincipalname", TransformationClaimType: "inputClaim" }],
                            OutputClaims: [{ ClaimTypeReferenceId: "SessionName", TransformationClaimType: "outputClaim" }],
                        },
                    ],
                },
            }),
        },
    };
    return { apps: [app], accounts: [changed] };
}
