import * as assert from "assert";
import { parse as parseYaml } from "yaml";
import { AdoptionPlan, planAdoption } from "../../adopt/adoption-plan";
import { adoptionReport } from "../../adopt/change-report";
import { stackFileText } from "../../adopt/config-writer";
import { discoverSetup, useAdoptStandIns } from "./support/discovered-setup";
import { tutorialSetup } from "./support/hand-made-setup";

const NOW = new Date("2026-12-01T12:00:00Z");

describe("adopt config-writer (stackFileText)", function () {
    this.timeout(60_000);
    const standIns = useAdoptStandIns();
    let plan: AdoptionPlan;
    before(async () => {
        plan = planAdoption({ stack: "adopted", discovery: await discoverSetup(tutorialSetup(), standIns), now: NOW });
    });

    it("writes the contract's keys, then adoptionImports and adoptionHolds, as the report has them", () => {
        const report = adoptionReport(plan);
        const { config } = parseYaml(stackFileText(plan, report, NOW)) as { config: Record<string, unknown> };
        for (const [key, value] of Object.entries(plan.config)) assert.deepStrictEqual(config[key], value, key);
        assert.deepStrictEqual(
            config["azuread-aws-sso:adoptionImports"],
            Object.fromEntries(report.imports.map((entry) => [entry.name, { type: entry.type, id: entry.id }])),
        );
        assert.deepStrictEqual(config["azuread-aws-sso:adoptionHolds"], report.holds);
    });

    it("says in its header when it was written, what the first up does, and that something could not be adopted", () => {
        const report = adoptionReport(plan);
        const text = stackFileText(plan, report, NOW);
        assert.ok(
            text.startsWith("# Written by npm run adopt on 2026-12-01T12:00:00.000Z from what exists in Azure AD and AWS (read only).\n"),
        );
        assert.match(
            text,
            new RegExp(
                `\\n# First pulumi up: ${report.imports.length} import\\(s\\), ${report.creations.length} creation\\(s\\), 0 replacements; ${report.changes.length} in-place change\\(s\\) held in adoptionHolds\\.\\n`,
            ),
        );
        assert.match(text, /\n# 1 thing\(s\) could not be adopted as is: see the adoption report before pulumi up\.\n/);
        const clean = stackFileText(
            plan,
            { ...report, findings: report.findings.filter((finding) => finding.kind !== "cannot-adopt") },
            NOW,
        );
        assert.match(clean, /\n# Everything found could be adopted\.\n/);
    });

    it("quotes dates, so the Pulumi CLI reads them as the strings the certificates were compared with", () => {
        const text = stackFileText(plan, adoptionReport(plan), NOW);
        assert.match(text, /\n {10}endDate: "2029-01-05T10:00:00Z"\n/);
        assert.match(text, /\n {4}- name: "2026-12-01-adopted"\n/);
        assert.match(text, /\n {6}accountId: "111122223333"\n/);
    });

    it("leaves out the adoption maps when there is nothing to import or hold", () => {
        const report = { ...adoptionReport(plan), imports: [], holds: {} };
        const { config } = parseYaml(stackFileText(plan, report, NOW)) as { config: Record<string, unknown> };
        assert.ok(!("azuread-aws-sso:adoptionImports" in config));
        assert.ok(!("azuread-aws-sso:adoptionHolds" in config));
        assert.strictEqual(config["azuread-aws-sso:samlProviderName"], "WAAD");
    });
});
