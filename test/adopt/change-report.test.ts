import * as assert from "assert";
import { AdoptionPlan, planAdoption } from "../../adopt/adoption-plan";
import { adoptionReport, CHANGE_STEPS, formatAdoptionReport, programTags, same } from "../../adopt/change-report";
import { importPlan } from "../../adopt/import-plan";
import { discoverSetup, useAdoptStandIns } from "./support/discovered-setup";
import { tutorialSetup } from "./support/hand-made-setup";

const NOW = new Date("2026-12-01T12:00:00Z");

describe("adopt change-report (adoptionReport, formatAdoptionReport)", function () {
    this.timeout(60_000);
    const standIns = useAdoptStandIns();
    let plan: AdoptionPlan;
    before(async () => {
        plan = planAdoption({ stack: "adopted", discovery: await discoverSetup(tutorialSetup(), standIns), now: NOW });
    });

    it("releases held changes in seven steps, the signing key first and the role import last", () => {
        assert.deepStrictEqual(
            CHANGE_STEPS.map((step) => step.step),
            [1, 2, 3, 4, 5, 6, 7],
        );
        assert.match(CHANGE_STEPS[0].title, /signing key/);
        assert.match(CHANGE_STEPS[1].title, /SAML provider metadata/);
        assert.match(CHANGE_STEPS[6].title, /role import/);
    });

    it("lists every live difference on an imported resource with its step, and holds exactly those inputs", () => {
        const report = adoptionReport(plan);
        assert.deepStrictEqual(report.imports, importPlan(plan).imports);
        const changed = report.changes.map((change) => `${change.step} ${change.name}.${change.property}`);
        for (const expected of [
            "3 sandbox-azuread-app.displayName",
            "2 sandbox-aws-saml-provider.samlMetadataDocument",
            "4 sandbox-aws-role-Developer.assumeRolePolicy",
            "4 sandbox-aws-role-ReadOnly.description",
            "7 sandbox-role-reader-policy.policy",
        ])
            assert.ok(changed.includes(expected), `${expected} in\n${changed.join("\n")}`);
        const imported = new Set(report.imports.map((entry) => entry.name));
        assert.ok(
            report.changes.every((change) => imported.has(change.name)),
            "changes are on imported resources only",
        );
        const holds: Record<string, string[]> = {};
        for (const change of report.changes) holds[change.name] = [...new Set([...(holds[change.name] ?? []), change.property])];
        assert.deepStrictEqual(report.holds, holds);

        const trust = report.changes.find(
            (change) => change.name === "sandbox-aws-role-Developer" && change.property === "assumeRolePolicy",
        )!;
        assert.ok(!trust.live.includes("SAML:aud"));
        assert.match(trust.desired, /"SAML:aud":"https:\/\/signin\.aws\.amazon\.com\/saml"/);
        assert.match(trust.signIn, /unaffected: Azure addresses every response to https:\/\/signin\.aws\.amazon\.com\/saml/);
        const displayName = report.changes.find((change) => change.property === "displayName")!;
        assert.deepStrictEqual([displayName.live, displayName.desired], ["Amazon Web Services (AWS)", "AWS sandbox (adopted)"]);
    });

    it("gives each creation its step and what sign-in does meanwhile", () => {
        const steps = Object.fromEntries(adoptionReport(plan).creations.map((creation) => [creation.name, creation.step]));
        assert.strictEqual(steps["sandbox-azuread-claims"], 6);
        assert.strictEqual(steps["sandbox-app-roles-Developer"], 5);
        assert.strictEqual(steps["sandbox-app-roles-Developer-user-B.Simon@contoso.com"], 5);
        assert.strictEqual(steps["sandbox-role-import-secret"], 7);
    });

    it("a config the contract refuses gives no changes, only the findings", () => {
        const report = adoptionReport({ ...plan, resolved: undefined });
        assert.deepStrictEqual(report.changes, []);
        assert.deepStrictEqual(report.holds, {});
        assert.deepStrictEqual(report.findings, plan.findings);
    });

    it("prints the counts, what cannot be adopted, imports, creations, the changes grouped by step in order, and notes", () => {
        const text = formatAdoptionReport(adoptionReport(plan), "adopted");
        const report = adoptionReport(plan);
        assert.match(
            text,
            new RegExp(
                `^Adoption of stack adopted: ${report.imports.length} to import, ${report.creations.length} to create, ${report.changes.length} in-place change\\(s\\), 0 to replace\\n`,
            ),
        );
        assert.match(
            text,
            /\nCannot be adopted as is \(1\):\n {2}! \[sandbox\] app roles written by the role import on Amazon Web Services \(AWS\): /,
        );
        assert.match(text, /\n {2}= aws:iam\/role:Role {2}sandbox-aws-role-Developer {2}\(Developer\)\n/);
        assert.match(
            text,
            /\n {2}\+ azuread:index\/claimsMappingPolicy:ClaimsMappingPolicy {2}sandbox-azuread-claims: .*\n {8}step 6; sign-in: /,
        );
        const stepLines = text.split("\n").filter((line) => /^ {2}step \d:/.test(line));
        assert.deepStrictEqual(
            stepLines.map((line) => Number(line.slice(7, 8))),
            [...new Set(report.changes.map((change) => change.step))].sort(),
        );
        assert.match(text, /\nNotes:\n {2}- \[sandbox\] claims: no claims mapping policy is assigned/);
    });

    it("compares documents as IAM and Graph do, and tags like the program", () => {
        assert.ok(same({ b: [1], a: "x" }, { a: "x", b: 1 }));
        assert.ok(same({ a: null, b: undefined }, {}));
        assert.ok(!same(["a", "b"], ["b", "a"]), "list order matters beyond one element");
        assert.deepStrictEqual(programTags("adopted", "sandbox"), {
            "managed-by": "pulumi",
            project: "azuread-aws-sso",
            stack: "adopted",
            account: "sandbox",
        });
    });
});
