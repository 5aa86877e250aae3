/**
 * One measurement, in a fresh process so the Pulumi runtime's global state is clean and runs are
 * independent. `bench/run.ts` spawns it, as compiled JavaScript (`bin/bench/child.js`) or under
 * ts-node (`bench/child.ts`), and reads the one result line it prints (`RESULT_MARKER` + JSON).
 *
 *   child eval --program program --accounts N [--roles R] [--record FILE] [--policy] [--policy-reps K]
 *   child eval --program floor --accounts N --replay FILE        same registrations, bare (see floor-program.ts)
 *   child eval --program floor --accounts N --resources N        bare aws.iam.Roles
 *   child eval ... --count-promises     also count the promises created (slows the run; for the count only)
 *   child dev            run the dev stack (Pulumi.dev.yaml) once: load time of the program
 *   child keygen --count N    what the stand-ins' real RSA-2048 signing certificate costs, each
 *   child preview --accounts N [--roles R] [--sequential]   the offline preview of a generated stack, real keys;
 *                        --sequential: each step after the other, keys on the main thread (the preview before it overlapped them)
 *
 * `eval` answers signing certificates with one shared, pre-generated key (see TimedStandIns)
 * unless `--real-keys` is given.
 */
import { createHook } from "async_hooks";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { parseArgs } from "util";

import type { RegisteredResource } from "../offline/program/program-run";
import type { RecordedRegistration } from "./floor-program";

export const RESULT_MARKER = "@@bench-result ";

export interface EvalResult {
    readonly command: "eval";
    readonly program: "program" | "floor";
    /** Floor shape: the program's registrations replayed bare, or bare roles. */
    readonly floor?: "replay" | "roles";
    readonly accounts: number;
    /** Resources registered (components and the providers included). */
    readonly resources: number;
    readonly customResources: number;
    /** Loading the SDK modules both programs use, before the timed part. */
    readonly preloadMs: number;
    /** `runProgramUnderMocks`: program module load, registration, every registration answered. */
    readonly evalMs: number;
    /** CPU (user + system) of this process during `evalMs`. */
    readonly evalCpuMs: number;
    /** Of `evalMs`, the time the cloud stand-ins spent answering. */
    readonly standInMs: number;
    /** Milliseconds since the process started (node, the loader, ts-node if any) when the run ended. */
    readonly sinceProcessStartMs: number;
    readonly heapUsedMB: number;
    /** SHA-256 of every registration (URN, type, inputs), to check runners register the same thing. */
    readonly digest: string;
    /** With `--count-promises`: promises created during the run (async_hooks; the timings are then not comparable). */
    readonly promises?: number;
    readonly policy?: PolicyResult;
    /** Program runs: the deploy's critical path in the registered graph (bench/deploy-critical-path.ts). */
    readonly criticalPath?: { readonly length: number; readonly chain: string };
    /** 1-minute load average when the child started. */
    readonly loadAverage: number;
}

export interface PreviewResult {
    readonly command: "preview";
    readonly mode: "overlapped" | "sequential";
    readonly accounts: number;
    readonly roles: number;
    readonly resources: number;
    /** Process start until the preview's result (node, module loading, program, policy pack, sign-ins). */
    readonly sinceProcessStartMs: number;
    /** CPU (user + system, every thread of this process, not the policy pack's) until then. */
    readonly cpuMs: number;
    /** Peak resident set size of this process (the policy pack runs in its own). */
    readonly peakRssMB: number;
    readonly signIns: number;
    readonly failedSignIns: number;
    readonly mandatory: number;
    readonly loadAverage: number;
}

export interface PolicyResult {
    /** Spawn of the pack through Pulumi's policy host until GetAnalyzerInfo answered. */
    readonly startMs: number;
    /** `offline/analyzer-resources` turning the registrations into analyzer requests, in this process. */
    readonly conversionMs: number;
    readonly policies: number;
    readonly analyzedResources: number;
    readonly stackResources: number;
    /** `Analyze` on every custom resource (concurrently): first pass on the fresh pack. */
    readonly analyzeColdMs: number;
    /** One `AnalyzeStack` with every resource: first pass. */
    readonly analyzeStackColdMs: number;
    /** Median of the later passes on the same pack (the first pass when there is only one). */
    readonly analyzeMs: number;
    readonly analyzeStackMs: number;
    readonly diagnostics: number;
    readonly mandatoryDiagnostics: number;
    /** Names of the policies that reported a mandatory violation. */
    readonly mandatoryPolicies: readonly string[];
}

export interface DevResult {
    readonly command: "dev";
    readonly resources: number;
    /** Until the program run started: node, the loader (ts-node), the SDK and harness modules. */
    readonly toHarnessMs: number;
    /** `runProgramUnderMocks` for the dev stack: the program's modules load (and type-check) here. */
    readonly runMs: number;
    readonly sinceProcessStartMs: number;
}

export interface KeygenResult {
    readonly command: "keygen";
    readonly count: number;
    readonly medianMs: number;
    readonly minMs: number;
    readonly maxMs: number;
}

export type ChildResult = EvalResult | DevResult | KeygenResult | PreviewResult;

const LOAD_AT_START = os.loadavg()[0];

function report(result: ChildResult): void {
    process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

function cpuMs(usage: NodeJS.CpuUsage): number {
    return (usage.user + usage.system) / 1000;
}

function digestOf(resources: readonly RegisteredResource[]): string {
    const hash = createHash("sha256");
    for (const resource of [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))) {
        hash.update(JSON.stringify([resource.urn, resource.type, resource.inputs]));
    }
    return hash.digest("hex").slice(0, 16);
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Loads every SDK module either program touches, so the timed part compares registration, not
 * module loading (measured separately). The providers' resource classes load lazily on first
 * access; touching them here loads them the same way for both programs.
 */
function preloadSdk(): void {
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const azuread = require("@pulumi/azuread") as typeof import("@pulumi/azuread");
    const touched: unknown[] = [
        aws.Provider,
        aws.iam.Role,
        aws.iam.SamlProvider,
        aws.iam.RolePolicyAttachment,
        aws.iam.RolePolicy,
        aws.iam.Policy,
        aws.iam.User,
        aws.iam.UserPolicyAttachment,
        aws.iam.AccessKey,
        azuread.ApplicationFromTemplate,
        azuread.ServicePrincipal,
        azuread.ApplicationIdentifierUri,
        azuread.ApplicationRedirectUris,
        azuread.ApplicationOwner,
        azuread.ServicePrincipalTokenSigningCertificate,
        azuread.ClaimsMappingPolicy,
        azuread.ServicePrincipalClaimsMappingPolicyAssignment,
        azuread.ApplicationAppRole,
        azuread.AppRoleAssignment,
        azuread.SynchronizationSecret,
        azuread.SynchronizationJob,
        azuread.User,
        azuread.ConditionalAccessPolicy,
        azuread.getApplicationOutput,
        azuread.getClientConfigOutput,
        azuread.getUserOutput,
    ];
    if (touched.some((value) => value === undefined)) {
        throw new Error("an SDK class the benchmark preloads is missing");
    }
}

async function runEval(options: {
    program: "program" | "floor";
    accounts: number;
    roles: number;
    resources?: number;
    record?: string;
    replay?: string;
    realKeys: boolean;
    countPromises: boolean;
    policy: boolean;
    policyReps: number;
}): Promise<EvalResult> {
    const preloadStart = performance.now();
    const { runProgramUnderMocks } = require("../offline/program/program-run") as typeof import("../offline/program/program-run");
    const { TimedStandIns } = require("./timed-stand-ins") as typeof import("./timed-stand-ins");
    const { benchRawConfig, benchAccounts, BENCH_STACK, BENCH_TENANT_ID, FLOOR_CONFIG } =
        require("./fixtures") as typeof import("./fixtures");
    preloadSdk();
    const preloadMs = performance.now() - preloadStart;

    let config: Record<string, string>;
    let programPath: string | undefined;
    let floor: "replay" | "roles" | undefined;
    if (options.program === "floor") {
        config = { "azuread:tenantId": BENCH_TENANT_ID };
        if (options.replay !== undefined) {
            floor = "replay";
            config[FLOOR_CONFIG.recording] = path.resolve(options.replay);
        } else if (options.resources !== undefined) {
            floor = "roles";
            config[FLOOR_CONFIG.resources] = String(options.resources);
            config[FLOOR_CONFIG.accounts] = JSON.stringify(benchAccounts(options.accounts, 0).map((account) => account.accountId));
        } else {
            throw new Error("eval --program floor needs --replay FILE or --resources N");
        }
        programPath = path.join(__dirname, "floor-program");
    } else {
        config = benchRawConfig(options.accounts, options.roles);
    }
    const standIns = new TimedStandIns({ tenantId: BENCH_TENANT_ID, reuseSigningKey: !options.realKeys });

    let promises = 0;
    const promiseCounter = options.countPromises
        ? createHook({
              init: (_id, type) => {
                  if (type === "PROMISE") {
                      promises++;
                  }
              },
          }).enable()
        : undefined;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const run = await runProgramUnderMocks({ stack: BENCH_STACK, config, standIns, programPath, preview: false });
    const evalMs = performance.now() - start;
    const evalCpuMs = cpuMs(process.cpuUsage(cpuStart));
    promiseCounter?.disable();
    const sinceProcessStartMs = performance.now();

    if (options.record !== undefined) {
        const recording: RecordedRegistration[] = run.resources.map((resource) => ({
            type: resource.type,
            name: resource.name,
            custom: resource.custom,
            inputs: resource.inputs,
            secretInputs: resource.secretInputs,
            providerUrn: resource.provider === undefined ? undefined : resource.provider.slice(0, resource.provider.lastIndexOf("::")),
            urn: resource.urn,
        }));
        fs.writeFileSync(options.record, JSON.stringify(recording));
    }

    const result: EvalResult = {
        command: "eval",
        program: options.program,
        floor,
        accounts: options.accounts,
        resources: run.resources.length,
        customResources: run.resources.filter((resource) => resource.custom).length,
        preloadMs,
        evalMs,
        evalCpuMs,
        standInMs: standIns.standInMs,
        sinceProcessStartMs,
        heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20,
        digest: digestOf(run.resources),
        ...(options.countPromises ? { promises } : {}),
        ...(options.program === "program" ? { criticalPath: criticalPathOf(run.resources) } : {}),
        loadAverage: LOAD_AT_START,
    };
    if (!options.policy) {
        return result;
    }
    return { ...result, policy: await measurePolicy(run.resources, options.policyReps) };
}

async function measurePolicy(resources: readonly RegisteredResource[], reps: number): Promise<PolicyResult> {
    const host = require("../offline/policy-host/policy-host") as typeof import("../offline/policy-host/policy-host");
    const { BENCH_STACK } = require("./fixtures") as typeof import("./fixtures");
    // The offline preview's own conversion of registrations into analyzer requests.
    const { analyzeInputs, analyzeStackInputs } =
        require("../offline/policy-host/analyzer-resources") as typeof import("../offline/policy-host/analyzer-resources");
    const convertStart = performance.now();
    const perResource = analyzeInputs(resources);
    const stack = analyzeStackInputs(resources);
    const conversionMs = performance.now() - convertStart;

    const start = performance.now();
    const pack = await host.startPolicyHost({ project: "azuread-aws-sso", stack: BENCH_STACK, dryRun: true, callTimeoutMs: 600_000 });
    try {
        const info = await pack.getAnalyzerInfo();
        const startMs = performance.now() - start;
        await pack.configure({});
        const analyzeTimes: number[] = [];
        const stackTimes: number[] = [];
        let diagnostics: import("../offline/policy-host/policy-host").PolicyDiagnostic[] = [];
        for (let rep = 0; rep < reps; rep++) {
            let begin = performance.now();
            const results = await pack.analyzeAll(perResource);
            analyzeTimes.push(performance.now() - begin);
            begin = performance.now();
            const stackResult = await pack.analyzeStack(stack);
            stackTimes.push(performance.now() - begin);
            diagnostics = [...results.flatMap((entry) => entry.diagnostics), ...stackResult.diagnostics];
        }
        const mandatory = diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory");
        return {
            startMs,
            conversionMs,
            policies: info.policies.length,
            analyzedResources: perResource.length,
            stackResources: stack.length,
            analyzeColdMs: analyzeTimes[0],
            analyzeStackColdMs: stackTimes[0],
            analyzeMs: median(analyzeTimes.length > 1 ? analyzeTimes.slice(1) : analyzeTimes),
            analyzeStackMs: median(stackTimes.length > 1 ? stackTimes.slice(1) : stackTimes),
            diagnostics: diagnostics.length,
            mandatoryDiagnostics: mandatory.length,
            mandatoryPolicies: [...new Set(mandatory.map((diagnostic) => diagnostic.policyName))].sort(),
        };
    } finally {
        await pack.close();
    }
}

async function runDev(): Promise<DevResult> {
    const { runProgramUnderMocks, readStackConfigFile, STAND_IN_TENANT_ID } =
        require("../offline/program/program-run") as typeof import("../offline/program/program-run");
    const { TimedStandIns } = require("./timed-stand-ins") as typeof import("./timed-stand-ins");
    const { config, secretKeys } = readStackConfigFile("dev");
    const standIns = new TimedStandIns({ tenantId: config["azuread:tenantId"] ?? STAND_IN_TENANT_ID, reuseSigningKey: true });
    const toHarnessMs = performance.now();
    const run = await runProgramUnderMocks({ stack: "dev", config, secretKeys, standIns });
    const sinceProcessStartMs = performance.now();
    return { command: "dev", resources: run.resources.length, toHarnessMs, runMs: sinceProcessStartMs - toHarnessMs, sinceProcessStartMs };
}

function criticalPathOf(resources: readonly RegisteredResource[]): { length: number; chain: string } {
    const { deployCriticalPath, formatCriticalPath } = require("./deploy-critical-path") as typeof import("./deploy-critical-path");
    const found = deployCriticalPath(resources);
    return { length: found.length, chain: formatCriticalPath(found) };
}

async function runPreview(accounts: number, roles: number, sequential: boolean): Promise<PreviewResult> {
    const { benchRawConfig, BENCH_STACK } = require("./fixtures") as typeof import("./fixtures");
    const config = benchRawConfig(accounts, roles);
    let outcome: { resources: number; signIns: number; failedSignIns: number; mandatory: number };
    if (sequential) {
        // The preview's steps one after the other, every key generated on the main thread when its certificate registers.
        const { runProgramUnderMocks } = require("../offline/program/program-run") as typeof import("../offline/program/program-run");
        const { CloudStandIns } = require("../offline/program/cloud-stand-ins") as typeof import("../offline/program/cloud-stand-ins");
        const { generateSigningCertificate } =
            require("../offline/program/certificates") as typeof import("../offline/program/certificates");
        const { buildPlanReport } = require("../offline/preview/plan-report") as typeof import("../offline/preview/plan-report");
        const { simulateStackSignIns } = require("../offline/sign-in/stack-sign-in") as typeof import("../offline/sign-in/stack-sign-in");
        const { runPolicyPack } =
            require("../offline/policy-host/policy-verdicts") as typeof import("../offline/policy-host/policy-verdicts");
        const { BENCH_TENANT_ID } = require("./fixtures") as typeof import("./fixtures");
        const run = await runProgramUnderMocks({
            stack: BENCH_STACK,
            config,
            standIns: new CloudStandIns({ tenantId: BENCH_TENANT_ID, issueCertificate: generateSigningCertificate }),
        });
        const plan = buildPlanReport(run);
        const signIn = simulateStackSignIns(run);
        const policies = await runPolicyPack(run);
        outcome = {
            resources: plan.resourceCount,
            signIns: signIn.succeeded + signIn.failed,
            failedSignIns: signIn.failed,
            mandatory: policies.mandatory,
        };
    } else {
        const { runOfflinePreview } = require("../offline/preview/preview-command") as typeof import("../offline/preview/preview-command");
        const preview = await runOfflinePreview({ stack: BENCH_STACK, config });
        outcome = {
            resources: preview.plan.resourceCount,
            signIns: preview.signIn.succeeded + preview.signIn.failed,
            failedSignIns: preview.signIn.failed,
            mandatory: preview.policies.mandatory,
        };
    }
    const usage = process.resourceUsage();
    return {
        command: "preview",
        mode: sequential ? "sequential" : "overlapped",
        accounts,
        roles,
        ...outcome,
        sinceProcessStartMs: performance.now(),
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        peakRssMB: usage.maxRSS / 1024,
        loadAverage: LOAD_AT_START,
    };
}

function runKeygen(count: number): KeygenResult {
    const { generateSigningCertificate } = require("../offline/program/certificates") as typeof import("../offline/program/certificates");
    const times: number[] = [];
    for (let index = 0; index < count; index++) {
        const start = performance.now();
        generateSigningCertificate({ commonName: `Bench ${index}`, notAfter: new Date("2029-01-01T00:00:00Z") });
        times.push(performance.now() - start);
    }
    return { command: "keygen", count, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

async function main(): Promise<void> {
    const { values, positionals } = parseArgs({
        allowPositionals: true,
        options: {
            program: { type: "string", default: "program" },
            accounts: { type: "string", default: "1" },
            roles: { type: "string", default: "20" },
            resources: { type: "string" },
            record: { type: "string" },
            replay: { type: "string" },
            policy: { type: "boolean", default: false },
            "real-keys": { type: "boolean", default: false },
            "count-promises": { type: "boolean", default: false },
            count: { type: "string", default: "5" },
            "policy-reps": { type: "string", default: "3" },
            sequential: { type: "boolean", default: false },
        },
    });
    const command = positionals[0];
    if (command === "eval") {
        if (values.program !== "program" && values.program !== "floor") {
            throw new Error(`--program must be program or floor, got ${values.program}`);
        }
        report(
            await runEval({
                program: values.program,
                accounts: Number(values.accounts),
                roles: Number(values.roles),
                resources: values.resources === undefined ? undefined : Number(values.resources),
                record: values.record,
                replay: values.replay,
                realKeys: values["real-keys"] === true,
                countPromises: values["count-promises"] === true,
                policy: values.policy === true,
                policyReps: Number(values["policy-reps"]),
            }),
        );
    } else if (command === "dev") {
        report(await runDev());
    } else if (command === "keygen") {
        report(runKeygen(Number(values.count)));
    } else if (command === "preview") {
        report(await runPreview(Number(values.accounts), Number(values.roles), values.sequential === true));
    } else {
        throw new Error(`unknown command ${JSON.stringify(command)}: eval, dev, keygen or preview`);
    }
}

if (require.main === module) {
    main().then(
        // The Pulumi runtime may keep handles open; the result is out, so leave now.
        () => process.exit(0),
        (error: unknown) => {
            console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
            process.exit(1);
        },
    );
}
