import { parseArgs } from "util";
import { StackConfigError } from "../../components/stack-config";
import { SigningKeyPool } from "../program/certificates";
import { CloudStandIns } from "../program/cloud-stand-ins";
import { buildPlanReport, formatPlanReport, PlanReport } from "./plan-report";
import { formatIdentityCenterSignIns, IdentityCenterSignInReport, simulateIdentityCenterSignIns } from "../sign-in/identity-center-sign-in";
import { PolicyHost, PolicyPackConfig, startPolicyHost } from "../policy-host/policy-host";
import { analyzeWithPolicyHost, formatPolicyVerdicts, PolicyVerdicts, readPolicyPackConfig } from "../policy-host/policy-verdicts";
import {
    configuredIdentityCenterGroups,
    exitWhenSettled,
    listStacks,
    PROJECT_NAME,
    readStackConfigFile,
    runProgramUnderMocks,
    STAND_IN_TENANT_ID,
} from "../program/program-run";
import { simulateStackSignInsInTurns, StackSignInReport } from "../sign-in/stack-sign-in";

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
    /** Raw config (`namespace:key` to string) instead of `Pulumi.<stack>.yaml`: the benchmark's generated stacks. */
    readonly config?: Readonly<Record<string, string>>;
    /** Keys of `config` that hold secrets, as `Pulumi.<stack>.yaml` marks them `secure`. */
    readonly secretKeys?: readonly string[];
}

/**
 * The three sections of the offline preview for one stack. What can overlap does: the signing
 * keys are generated on the thread pool from the start, the policy pack loads in its process
 * while the program runs, and the sign-ins run while the pack analyzes.
 */
export async function runOfflinePreview(options: OfflinePreviewOptions): Promise<OfflinePreview> {
    const file = options.config === undefined ? readStackConfigFile(options.stack) : undefined;
    const config = options.config ?? file!.config;
    const signingKeys = new SigningKeyPool();
    signingKeys.prepare(expectedSigningCertificates(config));
    const starting = startPolicyHost({ project: PROJECT_NAME, stack: options.stack, dryRun: true });
    // Awaited below, or closed in `finally` if the program fails first.
    starting.catch(() => undefined);
    try {
        const run = await runProgramUnderMocks({
            stack: options.stack,
            config,
            secretKeys: options.secretKeys ?? file?.secretKeys ?? [],
            standIns: new CloudStandIns({
                tenantId: config["azuread:tenantId"] ?? STAND_IN_TENANT_ID,
                signingKeys,
                directoryGroups: configuredIdentityCenterGroups(config),
            }),
        });
        const plan = buildPlanReport(run);
        const host = await starting;
        const analyzing = analyzeWithPolicyHost(host, run, options.policyPackConfig);
        analyzing.catch(() => undefined);
        const signIn = await simulateStackSignInsInTurns(run, { now: options.now });
        const identityCenter = simulateIdentityCenterSignIns(run, { now: options.now });
        const policies = await analyzing;
        return {
            stack: options.stack,
            plan,
            policies,
            signIn,
            ...(identityCenter ? { identityCenter } : {}),
            ok: policies.mandatory === 0 && signIn.failed === 0 && (identityCenter?.failed ?? 0) === 0,
        };
    } finally {
        const host: PolicyHost | undefined = await starting.catch(() => undefined);
        await host?.close();
    }
}

/**
 * How many token-signing certificates the config asks for (accounts × certificates), so their keys
 * can start before the program runs; 0 when the config does not parse (the program reports it).
 */
export function expectedSigningCertificates(config: Readonly<Record<string, string>>): number {
    try {
        const accounts = JSON.parse(config[`${PROJECT_NAME}:accounts`] ?? "[]") as unknown;
        const certificates =
            config[`${PROJECT_NAME}:signingCertificate`] === undefined ? 1 : JSON.parse(config[`${PROJECT_NAME}:signingCertificate`]);
        const count = (list: unknown) => (Array.isArray(list) ? list.length : 1);
        // An adopted account lists its own certificates.
        return (Array.isArray(accounts) ? accounts : []).reduce<number>(
            (total, account) => total + count((account as { signingCertificate?: unknown } | null)?.signingCertificate ?? certificates),
            0,
        );
    } catch {
        return 0;
    }
}

/** The preview as a person reads it. */
export function formatOfflinePreview(preview: OfflinePreview): string {
    const signInLines = preview.signIn.signIns.flatMap((signIn) => signIn.lines.map((line) => `  [${signIn.account}] ${line}`));
    return [
        formatPlanReport(preview.plan),
        "",
        formatPolicyVerdicts(preview.policies),
        "",
        // An Identity-Center-only stack has no per-account sign-in to report.
        ...(preview.signIn.signIns.length === 0 && preview.identityCenter
            ? []
            : [`Sign-in: ${preview.signIn.succeeded} succeeded, ${preview.signIn.failed} failed`, ...signInLines]),
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
    exitWhenSettled(main(process.argv.slice(2)));
}
