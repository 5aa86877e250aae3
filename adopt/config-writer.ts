import { Document, isScalar, visit } from "yaml";
import { CONFIG_NAMESPACE } from "../components/stack-config";
import { AdoptionPlan } from "./adoption-plan";
import { AdoptionReport } from "./change-report";

/**
 * `Pulumi.<stack>.yaml` for an adopted setup: the config contract's keys as read from the clouds, then
 * `adoptionImports` (what the first `pulumi up` imports; remove it afterwards, nothing changes) and
 * `adoptionHolds` (inputs kept at their live value; remove entries step by step to apply the changes).
 */
export function stackFileText(plan: AdoptionPlan, report: AdoptionReport, generatedAt: Date): string {
    const config: Record<string, unknown> = { ...plan.config };
    const imports = Object.fromEntries(report.imports.map((entry) => [entry.name, { type: entry.type, id: entry.id }]));
    if (report.imports.length > 0) config[`${CONFIG_NAMESPACE}:adoptionImports`] = imports;
    if (Object.keys(report.holds).length > 0) config[`${CONFIG_NAMESPACE}:adoptionHolds`] = report.holds;
    const document = new Document({ config });
    const blockers = report.findings.filter((finding) => finding.kind === "cannot-adopt").length;
    document.commentBefore = [
        ` Written by npm run adopt on ${generatedAt.toISOString()} from what exists in Azure AD and AWS (read only).`,
        ` First pulumi up: ${report.imports.length} import(s), ${report.creations.length} creation(s), 0 replacements; ${report.changes.length} in-place change(s) held in adoptionHolds.`,
        blockers > 0
            ? ` ${blockers} thing(s) could not be adopted as is: see the adoption report before pulumi up.`
            : " Everything found could be adopted.",
        " After the first pulumi up: delete adoptionImports (no diff), then release adoptionHolds in the report's order.",
    ].join("\n");
    // Dates stay strings: an unquoted one is a YAML timestamp to the Pulumi CLI, and an end date that
    // comes back reformatted would replace the certificate.
    visit(document, {
        Scalar(_key, node) {
            if (isScalar(node) && typeof node.value === "string" && /^\d{4}-\d{2}-\d{2}/.test(node.value)) node.type = "QUOTE_DOUBLE";
        },
    });
    return document.toString({ lineWidth: 0 });
}
