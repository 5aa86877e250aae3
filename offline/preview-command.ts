import { parseArgs } from "util";
import { StackConfigError } from "../components/stack-config";
import { buildPlanReport, formatPlanReport, PlanReport } from "./plan-report";
import { PolicyPackConfig } from "./policy-host";
import { formatPolicyVerdicts, PolicyVerdicts, readPolicyPackConfig, runPolicyPack } from "./policy-verdicts";
import { listStacks, runProgramUnderMocks } from "./program-run";
import { simulateStackSignIns, StackSignInReport } from "./stack-sign-in";
import { formatIdentityCenterSignIns, IdentityCenterSignInReport, simulateIdentityCenterSignIns } from "./identity-center-sign-in";

const USAGE = `Usage: npm run preview:offline -- [--stack dev] [--json] [--policy-pack-config FILE]

Runs the program under stand-ins for Azure AD and AWS, with no cloud account and no network:
prints the plan, runs the policy pack in Pulumi's policy host, and signs every assigned user in.
Exits 1 on a mandatory policy violation or a failed sign-in, 2 on bad config or arguments.`;

/** Everything the offline preview found, as `--json` prints it. */
export interface OfflinePreview {
    readonly stack: string;
    readonly plan: PlanReport;
    readonly policies: PolicyVerdicts;
    readonly signIn: StackSignInReport;
    /** Per configured group, the sign-in to IAM Identity Center and the access it resolves to; absent without an identityCenter block. */
    readonly identityCenter?: IdentityCenterSignInReport;
    /** False when a mandatory policy failed or a sign-in failed. */
    readonly ok: boolean;
}

export interface OfflinePreviewOptions {
    readonly stack: string;
    readonly policyPackConfig?: PolicyPackConfig;
    /** The sign-in clock; now by default. */
    readonly now?: Date;
}

/** The three sections of the offline preview for one stack. */
export async function runOfflinePreview(options: OfflinePreviewOptions): Promise<OfflinePreview> {
    const run = await runProgramUnderMocks({ stack: options.stack });
    const plan = buildPlanReport(run);
    const signIn = simulateStackSignIns(run, { now: options.now });
    const identityCenter = simulateIdentityCenterSignIns(run, { now: options.now });
    const policies = await runPolicyPack(run, options.policyPackConfig);
    return {
        stack: options.stack,
        plan,
        policies,
        signIn,
        ...(identityCenter ? { identityCenter } : {}),
        ok: policies.mandatory === 0 && signIn.failed === 0 && (identityCenter?.failed ?? 0) === 0,
    };
}

/** The preview as a person reads it. */
export function formatOfflinePreview(preview: OfflinePreview): string {
    const signInLines = preview.signIn.signIns.flatMap((signIn) => signIn.lines.map((line) => `  [${signIn.account}] ${line}`));
    return [
        formatPlanReport(preview.plan),
        "",
        formatPolicyVerdicts(preview.policies),
        "",
        `Sign-in: ${preview.signIn.succeeded} succeeded, ${preview.signIn.failed} failed`,
        ...signInLines,
        ...(preview.identityCenter ? ["", ...formatIdentityCenterSignIns(preview.identityCenter)] : []),
        "",
        preview.ok ? "Offline preview passed." : "Offline preview FAILED: fix the mandatory policy violations and failed sign-ins above.",
    ].join("\n");
}

async function main(argv: string[]): Promise<number> {
    let values: { stack?: string; json?: boolean; "policy-pack-config"?: string; help?: boolean };
    try {
        values = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s", default: "dev" },
                json: { type: "boolean", default: false },
                "policy-pack-config": { type: "string" },
                help: { type: "boolean", short: "h", default: false },
            },
            strict: true,
        }).values;
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const stack = values.stack ?? "dev";
    if (!listStacks().includes(stack)) {
        process.stderr.write(`--stack: no Pulumi.${stack}.yaml; allowed: ${listStacks().join(", ")}\n`);
        return 2;
    }
    try {
        const policyPackConfig = values["policy-pack-config"] ? readPolicyPackConfig(values["policy-pack-config"]) : undefined;
        const preview = await runOfflinePreview({ stack, policyPackConfig });
        process.stdout.write(values.json ? `${JSON.stringify(preview, null, 2)}\n` : `${formatOfflinePreview(preview)}\n`);
        return preview.ok ? 0 : 1;
    } catch (error) {
        if (error instanceof StackConfigError) {
            process.stderr.write(`${error.message}\n`);
            return 2;
        }
        throw error;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            process.stderr.write(`${(error as Error).stack ?? error}\n`);
            process.exit(2);
        },
    );
}
