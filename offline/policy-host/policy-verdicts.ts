import * as fs from "fs";
import { analyzeInputs, analyzeStackInputs } from "./analyzer-resources";
import { PolicyDiagnostic, PolicyHost, PolicyPackConfig, withPolicyHost } from "./policy-host";
import { ProgramRun } from "../program/program-run";

/** A diagnostic with the name of the resource it is about (`stack` only for a finding about no resource). */
export interface PolicyVerdict extends PolicyDiagnostic {
    readonly resource: string;
}

/** What the policy pack said about a program run, as `pulumi preview --policy-pack` would report it. */
export interface PolicyVerdicts {
    readonly packName: string;
    readonly policyCount: number;
    readonly diagnostics: readonly PolicyVerdict[];
    readonly mandatory: number;
    readonly advisory: number;
}

/** Reads a `--policy-pack-config` file (JSON, the CLI's format). */
export function readPolicyPackConfig(file: string): PolicyPackConfig {
    const text = fs.readFileSync(file, "utf8");
    try {
        return JSON.parse(text) as PolicyPackConfig;
    } catch (error) {
        throw new Error(`--policy-pack-config ${file}: not valid JSON: ${(error as Error).message}`);
    }
}

/**
 * Runs the compiled policy pack in Pulumi's own policy host, as the CLI does during a preview:
 * `Analyze` for every resource's inputs, then `AnalyzeStack` for the whole stack.
 */
export async function runPolicyPack(run: ProgramRun, config: PolicyPackConfig = {}, packDir?: string): Promise<PolicyVerdicts> {
    return withPolicyHost({ packDir, project: run.project, stack: run.stack, dryRun: true }, (host) =>
        analyzeWithPolicyHost(host, run, config),
    );
}

/** `runPolicyPack` on a host already started (the offline preview starts it while the program runs). */
export async function analyzeWithPolicyHost(host: PolicyHost, run: ProgramRun, config: PolicyPackConfig = {}): Promise<PolicyVerdicts> {
    const info = await host.getAnalyzerInfo();
    await host.configure(config);
    const perResource = await host.analyzeAll(analyzeInputs(run.resources));
    const stack = await host.analyzeStack(analyzeStackInputs(run.resources));
    const diagnostics = [...perResource.flatMap((result) => result.diagnostics), ...stack.diagnostics].map((diagnostic): PolicyVerdict => ({
        ...diagnostic,
        resource: resourceNameOf(diagnostic.urn),
    }));
    return {
        packName: info.name,
        policyCount: info.policies.length,
        diagnostics,
        mandatory: diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory").length,
        advisory: diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "advisory").length,
    };
}

/** One line per diagnostic: level, policy, resource, message. */
export function formatPolicyVerdicts(verdicts: PolicyVerdicts): string {
    const lines = [
        `Policies: ${verdicts.packName}, ${verdicts.policyCount} policies: ${verdicts.mandatory} mandatory, ${verdicts.advisory} advisory`,
    ];
    for (const diagnostic of verdicts.diagnostics) {
        lines.push(`  [${diagnostic.enforcementLevel}] ${diagnostic.policyName}  (${diagnostic.resource})`);
        lines.push(...diagnostic.message.split("\n").map((line) => `      ${line}`));
    }
    return lines.join("\n");
}

/** The resource name at the end of a URN; `stack` when a diagnostic names no resource. */
function resourceNameOf(urn: string | undefined): string {
    return urn ? urn.slice(urn.lastIndexOf("::") + 2) : "stack";
}
