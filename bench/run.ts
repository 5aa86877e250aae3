/**
 * `npm run bench`: the offline program's performance against its floors, as one Markdown report.
 *
 *   1. Program evaluation under mocks (compiled JS) for 1, 10, 50 and 200 accounts of 20 roles, against
 *      the SDK floor: the same registrations replayed as bare resources (bench/floor-program.ts),
 *      and the deploy's critical path in the registered graph (bench/deploy-critical-path.ts).
 *   2. Policy pack time per resource at those sizes, through Pulumi's policy host (offline/policy-host/policy-host.ts).
 *   3. Load time: the program under ts-node with type-check, transpile-only, and compiled; the
 *      policy pack with its TypeScript entry (type-checked by the host) and compiled.
 *   4. The SDK's per-promise stack capture: the same bare roles under each runner.
 *   5. The offline preview end to end (dev stack): prebuilt, under ts-node, and with each way to build first;
 *      and at organization scale (1, 10, 50 accounts of 2 roles, real keys): time, CPU, peak RSS.
 *
 * Every measurement runs in a fresh child process (bench/child.ts), sequentially; figures are
 * medians over the repetitions, and every comparison is a ratio against a baseline measured in the
 * same run. Progress goes to stderr, the report to stdout. Exits 0 whether goals are met or not.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { parseArgs } from "util";
import type { ChildResult, DevResult, EvalResult, KeygenResult, PreviewResult } from "./child";
import type { PackEntry, PackStartResult } from "./pack-start";

const RESULT_MARKER = "@@bench-result ";
const CHILD_TIMEOUT_MS = 15 * 60_000;

const USAGE = `Usage: node bin/bench/run.js [options]

  --quick             smaller run: one repetition, bare-roles workload of 300 (about 2 minutes)
  --reps N            repetitions of program/floor/policy measurements (default 3; --quick 1)
  --slow-reps N       repetitions of the runner, load and preview measurements (default 2; --quick 1)
  --sizes LIST        account counts, comma-separated (default 1,10,50,200)
  --preview-sizes LIST  account counts of the offline preview at scale (default 1,10,50)
  --preview-roles N   roles per account there (default 2)
  --roles N           roles per account (default 20)
  --bare-roles N      bare aws.iam.Roles in the stack-capture workload (default 1000; --quick 300)
  --policy-passes N   Analyze + AnalyzeStack passes per fresh pack; the first is cold, later ones are
                      reported (median) when N > 1 (default 1)
  --only LIST         sections to run: eval,policy,load,stack,preview (default all)
  --real-keys         let the stand-ins generate a real RSA key pair per signing certificate
                      (default: one pre-generated certificate; see bench/timed-stand-ins.ts)
  --json FILE         also write every raw measurement to FILE
  --verbose           pass the children's stderr through
  -h, --help          this text

Run it compiled (npm run build first): the children run bin/bench/child.js, or bench/child.ts under ts-node.
The report (Markdown) goes to stdout, progress to stderr; the exit code is 0 whether goals are met or not.
`;

interface Options {
    readonly quick: boolean;
    readonly reps: number;
    readonly slowReps: number;
    readonly sizes: readonly number[];
    readonly roles: number;
    readonly previewSizes: readonly number[];
    readonly previewRoles: number;
    readonly bareRoles: number;
    readonly policyPasses: number;
    readonly sections: ReadonlySet<Section>;
    readonly realKeys: boolean;
    readonly json?: string;
    readonly verbose: boolean;
}

type Section = "eval" | "policy" | "load" | "stack" | "preview";
const SECTIONS: readonly Section[] = ["eval", "policy", "load", "stack", "preview"];

function positiveInteger(text: string, flag: string): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) {
        throw new Error(`${flag} needs a positive whole number, got ${JSON.stringify(text)}`);
    }
    return value;
}

function readOptions(): Options | undefined {
    const { values } = parseArgs({
        options: {
            quick: { type: "boolean", default: false },
            reps: { type: "string" },
            "slow-reps": { type: "string" },
            sizes: { type: "string", default: "1,10,50,200" },
            roles: { type: "string", default: "20" },
            "preview-sizes": { type: "string", default: "1,10,50" },
            "preview-roles": { type: "string", default: "2" },
            "bare-roles": { type: "string" },
            "policy-passes": { type: "string", default: "1" },
            only: { type: "string", default: SECTIONS.join(",") },
            "real-keys": { type: "boolean", default: false },
            json: { type: "string" },
            verbose: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
    });
    if (values.help) {
        process.stdout.write(USAGE);
        return undefined;
    }
    const quick = values.quick === true;
    const sections = new Set(
        values.only.split(",").map((name) => {
            const section = name.trim() as Section;
            if (!SECTIONS.includes(section)) {
                throw new Error(`--only: unknown section ${JSON.stringify(name)}; sections: ${SECTIONS.join(", ")}`);
            }
            return section;
        }),
    );
    const sizes = [...new Set(values.sizes.split(",").map((size) => positiveInteger(size.trim(), "--sizes")))].sort((a, b) => a - b);
    const previewSizes = [
        ...new Set(values["preview-sizes"].split(",").map((size) => positiveInteger(size.trim(), "--preview-sizes"))),
    ].sort((a, b) => a - b);
    return {
        quick,
        reps: positiveInteger(values.reps ?? (quick ? "1" : "3"), "--reps"),
        slowReps: positiveInteger(values["slow-reps"] ?? (quick ? "1" : "2"), "--slow-reps"),
        sizes,
        roles: positiveInteger(values.roles, "--roles"),
        previewSizes,
        previewRoles: positiveInteger(values["preview-roles"], "--preview-roles"),
        bareRoles: positiveInteger(values["bare-roles"] ?? (quick ? "300" : "1000"), "--bare-roles"),
        policyPasses: positiveInteger(values["policy-passes"], "--policy-passes"),
        sections,
        realKeys: values["real-keys"] === true,
        json: values.json,
        verbose: values.verbose === true,
    };
}

// ---------------------------------------------------------------------------------------------
// Children.
// ---------------------------------------------------------------------------------------------

function findProjectDirectory(): string {
    for (let directory = __dirname; ; directory = path.dirname(directory)) {
        if (fs.existsSync(path.join(directory, "Pulumi.yaml"))) {
            return directory;
        }
        if (path.dirname(directory) === directory) {
            throw new Error(`no Pulumi.yaml above ${__dirname}`);
        }
    }
}

const PROJECT_DIR = findProjectDirectory();
const PULUMI_PACKAGE_JSON = require.resolve("@pulumi/pulumi/package.json", { paths: [PROJECT_DIR] });

interface Runner {
    readonly id: string;
    readonly label: string;
    readonly nodeArgs: readonly string[];
    /** Which child entry: compiled `bin/bench/child.js`, or `bench/child.ts` under ts-node. */
    readonly entry: "compiled" | "typescript";
}

const RUNNERS = {
    compiled: { id: "compiled", label: "compiled JS, plain `node` (no source maps)", nodeArgs: [], entry: "compiled" },
    tsNodeTranspile: {
        id: "ts-node-transpile",
        label: "ts-node, transpile-only",
        nodeArgs: ["-r", require.resolve("ts-node/register/transpile-only", { paths: [PROJECT_DIR] })],
        entry: "typescript",
    },
    tsNodeCheck: {
        id: "ts-node-check",
        label: "ts-node, type-check",
        nodeArgs: ["-r", require.resolve("ts-node/register", { paths: [PROJECT_DIR] })],
        entry: "typescript",
    },
    sourceMapSupport: {
        id: "source-map-support",
        label: "compiled JS + `source-map-support/register` (what Pulumi's `cmd/run` loads)",
        nodeArgs: ["-r", require.resolve("source-map-support/register", { paths: [path.dirname(PULUMI_PACKAGE_JSON)] })],
        entry: "compiled",
    },
    enableSourceMaps: {
        id: "enable-source-maps",
        label: "compiled JS + `node --enable-source-maps`",
        nodeArgs: ["--enable-source-maps"],
        entry: "compiled",
    },
    stackTraceLimit: {
        id: "stack-trace-limit",
        label: "compiled JS + `node --stack-trace-limit=1`",
        nodeArgs: ["--stack-trace-limit=1"],
        entry: "compiled",
    },
} as const satisfies Record<string, Runner>;

interface ChildRun<T extends ChildResult> {
    readonly result?: T;
    /** Spawn to exit, measured here. */
    readonly wallMs: number;
    readonly error?: string;
}

const liveChildren = new Set<ChildProcess>();
process.on("exit", () => liveChildren.forEach((child) => child.kill("SIGKILL")));

function childEntry(runner: Runner): string {
    return runner.entry === "compiled" ? path.join(__dirname, "child.js") : path.join(PROJECT_DIR, "bench", "child.ts");
}

function runChild<T extends ChildResult>(runner: Runner, args: readonly string[], verbose: boolean): Promise<ChildRun<T>> {
    // NODE_OPTIONS could add source maps or a loader to every child and skew the comparison.
    const { NODE_OPTIONS: _ignored, ...environment } = process.env;
    const start = performance.now();
    const child = spawn(process.execPath, [...runner.nodeArgs, childEntry(runner), ...args], {
        cwd: PROJECT_DIR,
        env: environment,
        stdio: ["ignore", "pipe", "pipe"],
    });
    liveChildren.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-8_000);
        if (verbose) {
            process.stderr.write(chunk);
        }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    return new Promise((resolve) => {
        child.once("close", (code, signal) => {
            clearTimeout(timer);
            liveChildren.delete(child);
            const wallMs = performance.now() - start;
            const line = stdout.split("\n").find((text) => text.startsWith(RESULT_MARKER));
            if (code === 0 && line !== undefined) {
                resolve({ result: JSON.parse(line.slice(RESULT_MARKER.length)) as T, wallMs });
            } else {
                const reason = signal ? `killed by ${signal}` : `exit code ${code}`;
                resolve({ wallMs, error: `${reason}: ${stderr.trim().split("\n").slice(-6).join(" | ") || "no output"}` });
            }
        });
    });
}

interface ProcessRun {
    readonly wallMs: number;
    readonly code: number | null;
    readonly stderrTail: string;
}

/** Runs `node <nodeArgs> <args>` in the project directory and times it, spawn to exit. */
function runProcess(nodeArgs: readonly string[], args: readonly string[], verbose: boolean): Promise<ProcessRun> {
    const { NODE_OPTIONS: _ignored, ...environment } = process.env;
    const start = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
        cwd: PROJECT_DIR,
        env: environment,
        stdio: ["ignore", "ignore", "pipe"],
    });
    liveChildren.add(child);
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-4_000);
        if (verbose) {
            process.stderr.write(chunk);
        }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    return new Promise((resolve) => {
        child.once("close", (code) => {
            clearTimeout(timer);
            liveChildren.delete(child);
            resolve({ wallMs: performance.now() - start, code, stderrTail: stderr.trim().split("\n").slice(-4).join(" | ") });
        });
    });
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting.
// ---------------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
    if (values.length === 0) {
        return Number.NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function ms(value: number): string {
    return Number.isFinite(value) ? integer.format(value) : "n/a";
}

function seconds(value: number): string {
    return Number.isFinite(value) ? `${(value / 1000).toFixed(1)} s` : "n/a";
}

function ratio(value: number, digits = 2): string {
    return Number.isFinite(value) ? `${value.toFixed(digits)}×` : "n/a";
}

function spread(values: readonly number[]): string {
    return values.length > 1 ? ` (${ms(Math.min(...values))}–${ms(Math.max(...values))})` : "";
}

function verdict(met: boolean | undefined): string {
    return met === undefined ? "n/a" : met ? "✅ met" : "❌ missed";
}

function table(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ("l" | "r")[]): string {
    const separator = header.map((_, index) => ((align?.[index] ?? "r") === "l" ? ":--" : "--:"));
    return [header, separator, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function packageVersion(name: string): string {
    try {
        return (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "node_modules", name, "package.json"), "utf8")) as { version: string })
            .version;
    } catch {
        return "?";
    }
}

function machineLines(options: Options, startedAt: Date, elapsedMs: number, loadBefore: number, loadAfter: number): string[] {
    const cpus = os.cpus();
    return [
        `- **Machine:** ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
            `${os.type()} ${os.release()} ${os.arch()}`,
        `- **Runtime:** Node ${process.version}; @pulumi/pulumi ${packageVersion("@pulumi/pulumi")}, @pulumi/aws ${packageVersion("@pulumi/aws")}, ` +
            `@pulumi/azuread ${packageVersion("@pulumi/azuread")}, @pulumi/policy ${packageVersion("@pulumi/policy")}, ` +
            `TypeScript ${packageVersion("typescript")}, ts-node ${packageVersion("ts-node")}`,
        `- **Run:** ${startedAt.toISOString().replace(/\.\d+Z$/, "Z")}, ${options.quick ? "`--quick`" : "default"}: ` +
            `${options.reps} repetition(s) of each program/floor/policy measurement, ${options.slowReps} of each load/runner measurement, ` +
            `every one in a fresh child process; ${seconds(elapsedMs)} in total; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
    ];
}

// ---------------------------------------------------------------------------------------------
// Sections.
// ---------------------------------------------------------------------------------------------

interface Measurements {
    keygen?: ChildRun<KeygenResult>;
    program: Map<number, ChildRun<EvalResult>[]>;
    floor: Map<number, ChildRun<EvalResult>[]>;
    /** One counting run each of program and floor, at one size. */
    promises: Map<string, ChildRun<EvalResult>[]>;
    stack: Map<string, ChildRun<EvalResult>[]>;
    dev: Map<string, ChildRun<DevResult>[]>;
    pack: Map<PackEntry, { result?: PackStartResult; error?: string }[]>;
    preview: Map<string, ProcessRun[]>;
    /** The offline preview of generated stacks, by `<mode>-<accounts>`. */
    previewScale: Map<string, ChildRun<PreviewResult>[]>;
    build: Map<string, ProcessRun[]>;
    errors: string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    map.set(key, [...(map.get(key) ?? []), value]);
}

function ok<T extends ChildResult>(runs: readonly ChildRun<T>[] | undefined): T[] {
    return (runs ?? []).flatMap((run) => (run.result ? [run.result] : []));
}

function progress(text: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

function note<T extends ChildResult>(measurements: Measurements, what: string, run: ChildRun<T>): ChildRun<T> {
    if (run.error) {
        measurements.errors.push(`${what}: ${run.error}`);
        progress(`${what}: FAILED (${run.error.slice(0, 300)})`);
    } else {
        progress(`${what}: ${seconds(run.wallMs)}`);
    }
    return run;
}

/** The policy pack is measured at these sizes and below. */
const POLICY_MAX_ACCOUNTS = 50;

async function measureEval(options: Options, measurements: Measurements, scratch: string): Promise<void> {
    const policyWanted = options.sections.has("policy");
    const withEval = options.sections.has("eval");
    const recordings = new Map<number, string>();
    for (let rep = 0; rep < options.reps; rep++) {
        for (const accounts of options.sizes) {
            // Beyond that size the policy pack's figures add minutes and nothing the smaller sizes do not show.
            const withPolicy = policyWanted && accounts <= POLICY_MAX_ACCOUNTS;
            const recording = path.join(scratch, `registrations-${accounts}.json`);
            const args = ["eval", "--program", "program", "--accounts", String(accounts), "--roles", String(options.roles)];
            if (!recordings.has(accounts) && withEval) {
                args.push("--record", recording);
            }
            if (withPolicy) {
                args.push("--policy", "--policy-reps", String(options.policyPasses));
            }
            if (options.realKeys) {
                args.push("--real-keys");
            }
            const program = note(
                measurements,
                `program, ${accounts} account(s) × ${options.roles} roles${withPolicy ? " + policy pack" : ""}, rep ${rep + 1}/${options.reps}`,
                await runChild<EvalResult>(RUNNERS.compiled, args, options.verbose),
            );
            push(measurements.program, accounts, program);
            if (program.result && args.includes("--record")) {
                recordings.set(accounts, recording);
            }
            if (!withEval || !recordings.has(accounts)) {
                continue;
            }
            const floorArgs = ["eval", "--program", "floor", "--accounts", String(accounts), "--replay", recording];
            if (options.realKeys) {
                floorArgs.push("--real-keys");
            }
            push(
                measurements.floor,
                accounts,
                note(
                    measurements,
                    `floor, ${accounts} account(s), rep ${rep + 1}/${options.reps}`,
                    await runChild<EvalResult>(RUNNERS.compiled, floorArgs, options.verbose),
                ),
            );
        }
    }
}

/** The size the promise count runs at: 10 accounts if measured, else the smallest. */
function promiseCountSize(options: Options): number {
    return options.sizes.includes(10) ? 10 : options.sizes[0];
}

async function measurePromiseCounts(options: Options, measurements: Measurements, scratch: string): Promise<void> {
    const accounts = promiseCountSize(options);
    const recording = path.join(scratch, `registrations-${accounts}.json`);
    if (!fs.existsSync(recording)) {
        return;
    }
    for (const [id, args] of [
        ["program", ["eval", "--program", "program", "--accounts", String(accounts), "--roles", String(options.roles)]],
        ["floor", ["eval", "--program", "floor", "--accounts", String(accounts), "--replay", recording]],
    ] as const) {
        push(
            measurements.promises,
            id,
            note(
                measurements,
                `${id}, ${accounts} account(s), counting promises`,
                await runChild<EvalResult>(RUNNERS.compiled, [...args, "--count-promises"], options.verbose),
            ),
        );
    }
}

const STACK_RUNNERS: readonly Runner[] = [
    RUNNERS.compiled,
    RUNNERS.tsNodeTranspile,
    RUNNERS.sourceMapSupport,
    RUNNERS.enableSourceMaps,
    RUNNERS.stackTraceLimit,
];

async function measureStackCapture(options: Options, measurements: Measurements): Promise<void> {
    const args = ["eval", "--program", "floor", "--accounts", "1", "--resources", String(options.bareRoles + 1)];
    for (let rep = 0; rep < options.slowReps; rep++) {
        for (const runner of STACK_RUNNERS) {
            push(
                measurements.stack,
                runner.id,
                note(
                    measurements,
                    `${options.bareRoles} bare roles, ${runner.id}, rep ${rep + 1}/${options.slowReps}`,
                    await runChild<EvalResult>(runner, args, options.verbose),
                ),
            );
        }
    }
}

const LOAD_RUNNERS: readonly Runner[] = [RUNNERS.tsNodeCheck, RUNNERS.tsNodeTranspile, RUNNERS.compiled];

async function measureLoad(options: Options, measurements: Measurements): Promise<void> {
    const packStart =
        fs.existsSync(path.join(PROJECT_DIR, "policies", "index.ts")) &&
        fs.existsSync(path.join(PROJECT_DIR, "policies", "bin", "index.js"))
            ? (require("./pack-start") as typeof import("./pack-start"))
            : undefined;
    if (packStart === undefined) {
        measurements.errors.push("policy pack load: policies/index.ts or policies/bin/index.js is missing; not measured");
    }
    for (let rep = 0; rep < options.slowReps; rep++) {
        for (const runner of LOAD_RUNNERS) {
            push(
                measurements.dev,
                runner.id,
                note(
                    measurements,
                    `dev stack, ${runner.id}, rep ${rep + 1}/${options.slowReps}`,
                    await runChild<DevResult>(runner, ["dev"], options.verbose),
                ),
            );
        }
        for (const entry of ["typescript", "compiled"] as const) {
            if (packStart === undefined) {
                continue;
            }
            try {
                const result = await packStart.measurePackStart(entry);
                progress(`policy pack start, ${entry} entry, rep ${rep + 1}/${options.slowReps}: ${seconds(result.readyMs)}`);
                push(measurements.pack, entry, { result });
            } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                measurements.errors.push(`policy pack start (${entry}): ${message}`);
                progress(`policy pack start, ${entry} entry: FAILED (${message.slice(0, 300)})`);
                push(measurements.pack, entry, { error: message });
            }
        }
    }
}

const PREVIEW_ARGS = ["--stack", "dev", "--json"];

async function measurePreview(options: Options, measurements: Measurements, scratch: string): Promise<void> {
    const compiledPreview = path.join(__dirname, "..", "offline", "preview", "preview-command.js");
    const sourcePreview = path.join(PROJECT_DIR, "offline", "preview", "preview-command.ts");
    if (!fs.existsSync(compiledPreview) || !fs.existsSync(sourcePreview)) {
        measurements.errors.push(
            "preview: offline/preview/preview-command.ts (or its compiled bin/offline/preview/preview-command.js) is missing; not measured",
        );
        return;
    }
    const ways: [string, readonly string[], string][] = [
        ["compiled", [], compiledPreview],
        ["ts-node-transpile", RUNNERS.tsNodeTranspile.nodeArgs, sourcePreview],
    ];
    for (let rep = 0; rep < options.slowReps; rep++) {
        for (const [id, nodeArgs, script] of ways) {
            const run = await runProcess(nodeArgs, [script, ...PREVIEW_ARGS], options.verbose);
            // 0: passed, 1: a mandatory violation or a failed sign-in; both ran the whole preview.
            if (run.code !== 0 && run.code !== 1) {
                measurements.errors.push(`preview (${id}): exit code ${run.code}: ${run.stderrTail}`);
            }
            progress(`offline preview (dev), ${id}, rep ${rep + 1}/${options.slowReps}: ${seconds(run.wallMs)} (exit ${run.code})`);
            push(measurements.preview, id, run);
        }
    }
    // At scale: generated stacks, real keys, in a child each; the preview as it is (overlapped) at every
    // size, and at the largest also its steps one after the other, as the baseline of the same run.
    const largest = options.previewSizes[options.previewSizes.length - 1];
    for (let rep = 0; rep < options.slowReps; rep++) {
        for (const accounts of options.previewSizes) {
            for (const mode of accounts === largest ? (["overlapped", "sequential"] as const) : (["overlapped"] as const)) {
                const args = [
                    "preview",
                    "--accounts",
                    String(accounts),
                    "--roles",
                    String(options.previewRoles),
                    ...(mode === "sequential" ? ["--sequential"] : []),
                ];
                push(
                    measurements.previewScale,
                    `${mode}-${accounts}`,
                    note(
                        measurements,
                        `offline preview, ${accounts} account(s) × ${options.previewRoles} roles, ${mode}, rep ${rep + 1}/${options.slowReps}`,
                        await runChild<PreviewResult>(RUNNERS.compiled, args, options.verbose),
                    ),
                );
            }
        }
    }
    // What `npm run build` compiles (the program and the pack), into a scratch directory so bin/ and
    // policies/bin stay untouched: once from nothing, then again with nothing changed, in build mode
    // (`tsc -b`), which skips a project whose outputs are newer than its inputs.
    const tsc = require.resolve("typescript/bin/tsc", { paths: [PROJECT_DIR] });
    const typeRoots = [path.join(PROJECT_DIR, "node_modules", "@types")];
    const configs = [
        ["program", path.join(PROJECT_DIR, "tsconfig.build.json")],
        ["policies", path.join(PROJECT_DIR, "policies", "tsconfig.json")],
    ].map(([id, base]) => {
        const file = path.join(scratch, `tsconfig.${id}.json`);
        const compilerOptions = {
            outDir: path.join(scratch, `${id}-bin`),
            tsBuildInfoFile: path.join(scratch, `${id}.tsbuildinfo`),
            typeRoots,
        };
        fs.writeFileSync(file, JSON.stringify({ extends: base, compilerOptions }));
        return file;
    });
    // `npm run build`: two `tsc -p` (the program, then the pack through npm's workspace), npm itself not counted.
    let total = 0;
    let failed: number | null = 0;
    for (const config of configs) {
        const run = await runProcess([], [tsc, "-p", config], options.verbose);
        total += run.wallMs;
        failed = run.code !== 0 ? run.code : failed;
    }
    if (failed !== 0) {
        measurements.errors.push(
            `build (tsc -p): exit code ${failed} (type errors in the working tree; tsc emits anyway, the time counts)`,
        );
    }
    progress(`tsc -p program, then pack (as npm run build): ${seconds(total)}`);
    push(measurements.build, "npm-run-build", { wallMs: total, code: failed, stderrTail: "" });
    // Start build mode from nothing: no outputs, no build info (tsc -p may have written it).
    for (const id of ["program", "policies"]) {
        fs.rmSync(path.join(scratch, `${id}-bin`), { recursive: true, force: true });
        fs.rmSync(path.join(scratch, `${id}.tsbuildinfo`), { force: true });
    }
    for (const id of ["full", "up-to-date"]) {
        const run = await runProcess([], [tsc, "-b", ...configs], options.verbose);
        if (run.code !== 0) {
            measurements.errors.push(
                `build (${id}): tsc -b exit code ${run.code} (type errors in the working tree?): ${run.stderrTail.slice(0, 300)}`,
            );
        }
        progress(`tsc -b program + pack, ${id}: ${seconds(run.wallMs)} (exit ${run.code})`);
        push(measurements.build, id, run);
    }
}

// ---------------------------------------------------------------------------------------------
// Report.
// ---------------------------------------------------------------------------------------------

interface Verdict {
    readonly goal: string;
    /** The figure from wall-clock medians, formatted, and whether it meets the goal. */
    readonly wall: string;
    readonly wallMet: boolean | undefined;
    /** The same figure from CPU-time medians (this process's user + system), when it applies. */
    readonly cpu?: string;
    readonly cpuMet?: boolean | undefined;
}

function check(value: number, test: (value: number) => boolean): boolean | undefined {
    return Number.isFinite(value) ? test(value) : undefined;
}

function evalReport(options: Options, measurements: Measurements, verdicts: Verdict[]): string[] {
    const lines: string[] = ["## 1. Program evaluation under mocks vs the SDK floor (compiled JS)", ""];
    const rows: string[][] = [];
    const wall = { program: new Map<number, number>(), floor: new Map<number, number>() };
    const cpu = { program: new Map<number, number>(), floor: new Map<number, number>() };
    const withinGoal = (value: number) => value <= 1.25;
    const marginalGoal = (value: number) => value <= 1.2;
    for (const accounts of options.sizes) {
        const program = ok(measurements.program.get(accounts));
        const floor = ok(measurements.floor.get(accounts));
        const programMs = program.map((run) => run.evalMs);
        const floorMs = floor.map((run) => run.evalMs);
        wall.program.set(accounts, median(programMs));
        wall.floor.set(accounts, median(floorMs));
        cpu.program.set(accounts, median(program.map((run) => run.evalCpuMs)));
        cpu.floor.set(accounts, median(floor.map((run) => run.evalCpuMs)));
        const wallRatio = wall.program.get(accounts)! / wall.floor.get(accounts)!;
        const cpuRatio = cpu.program.get(accounts)! / cpu.floor.get(accounts)!;
        verdicts.push({
            goal: `Program / floor ≤ 1.25 at ${accounts} account${accounts === 1 ? "" : "s"} (${program[0] ? ms(program[0].resources) : "?"} resources)`,
            wall: ratio(wallRatio),
            wallMet: check(wallRatio, withinGoal),
            cpu: ratio(cpuRatio),
            cpuMet: check(cpuRatio, withinGoal),
        });
        rows.push([
            `${accounts} × ${options.roles}`,
            program[0] ? ms(program[0].resources) : "n/a",
            `${ms(wall.program.get(accounts)!)}${spread(programMs)}`,
            `${ms(wall.floor.get(accounts)!)}${spread(floorMs)}`,
            `${ratio(wallRatio)} ${verdict(check(wallRatio, withinGoal)).split(" ")[0]}`,
            `${ms(cpu.program.get(accounts)!)} / ${ms(cpu.floor.get(accounts)!)}`,
            `${ratio(cpuRatio)} ${verdict(check(cpuRatio, withinGoal)).split(" ")[0]}`,
            program[0] ? ms(median(program.map((run) => run.standInMs))) : "n/a",
            median([...program, ...floor].map((run) => run.loadAverage)).toFixed(1),
        ]);
    }
    const sizes = options.sizes;
    if (sizes.length >= 2) {
        const [small, large] = [sizes[sizes.length - 2], sizes[sizes.length - 1]];
        const marginal = (table: { program: Map<number, number>; floor: Map<number, number> }) =>
            (table.program.get(large)! - table.program.get(small)!) / (table.floor.get(large)! - table.floor.get(small)!);
        const wallMarginal = marginal(wall);
        const cpuMarginal = marginal(cpu);
        rows.push([
            `one more account (${small} → ${large})`,
            "",
            ms((wall.program.get(large)! - wall.program.get(small)!) / (large - small)),
            ms((wall.floor.get(large)! - wall.floor.get(small)!) / (large - small)),
            `${ratio(wallMarginal)} ${verdict(check(wallMarginal, marginalGoal)).split(" ")[0]}`,
            `${ms((cpu.program.get(large)! - cpu.program.get(small)!) / (large - small))} / ${ms((cpu.floor.get(large)! - cpu.floor.get(small)!) / (large - small))}`,
            `${ratio(cpuMarginal)} ${verdict(check(cpuMarginal, marginalGoal)).split(" ")[0]}`,
            "",
            "",
        ]);
        verdicts.push({
            goal: `Program / floor ≤ 1.2 for one more account (${small} → ${large}; one-off costs cancel out)`,
            wall: ratio(wallMarginal),
            wallMet: check(wallMarginal, marginalGoal),
            cpu: ratio(cpuMarginal),
            cpuMet: check(cpuMarginal, marginalGoal),
        });
    }
    lines.push(
        table(
            [
                "Accounts × roles",
                "Resources",
                "Program ms (median, range)",
                "Floor ms (median, range)",
                "Program / floor",
                "CPU ms program / floor",
                "CPU ratio",
                "Stand-ins ms",
                "Load (1 min)",
            ],
            rows,
            ["l"],
        ),
        "",
        "Program: `runProgramUnderMocks` on `bin/index.js` with the cloud stand-ins (loading the program's own modules, config validation, " +
            "registration, every registration answered). Floor: the same registrations (same order, types, SDK classes and input values) " +
            "replayed as bare resources by `bench/floor-program.ts`, through the same harness, SDK and stand-ins: no components, parents, applies, " +
            "invokes or dynamic-provider serialization. SDK modules are loaded before the clock starts in both. CPU is the child's user + system time " +
            "(GC helper threads included): it leaves out waiting for a core, so other load moves it less than wall-clock time, though not to zero." +
            (sizes.length >= 2
                ? " The last row is the cost of one more account (difference between the two largest sizes), in which the program's one-off costs cancel out."
                : ""),
        "",
    );
    if (sizes.includes(10) && sizes.includes(50)) {
        const linear = (value: number) => value >= 4.5 && value <= 5.5;
        const growth = { wall: wall.program.get(50)! / wall.program.get(10)!, cpu: cpu.program.get(50)! / cpu.program.get(10)! };
        const floorGrowth = { wall: wall.floor.get(50)! / wall.floor.get(10)!, cpu: cpu.floor.get(50)! / cpu.floor.get(10)! };
        verdicts.push({
            goal: "Growth 10 → 50 accounts: time(50) / time(10) within 5× ± 10% (4.50×–5.50×)",
            wall: ratio(growth.wall),
            wallMet: check(growth.wall, linear),
            cpu: ratio(growth.cpu),
            cpuMet: check(growth.cpu, linear),
        });
        const parts = [
            `**Growth 10 → 50 accounts:** program ${ratio(growth.wall)} wall, ${ratio(growth.cpu)} CPU (goal 4.50×–5.50×); ` +
                `floor ${ratio(floorGrowth.wall)} wall, ${ratio(floorGrowth.cpu)} CPU.`,
        ];
        if (sizes.includes(1)) {
            const expected = 49 / 9;
            const within = (value: number) => Math.abs(value / expected - 1) <= 0.1;
            const corrected = (table: Map<number, number>) => (table.get(50)! - table.get(1)!) / (table.get(10)! - table.get(1)!);
            const correctedWall = corrected(wall.program);
            const correctedCpu = corrected(cpu.program);
            parts.push(
                `A fixed cost (loading the program's modules, serializing the dynamic provider once) pulls that ratio below 5×; ` +
                    `with the 1-account time taken off both, (t50 − t1) / (t10 − t1) is ${ratio(correctedWall)} wall, ${ratio(correctedCpu)} CPU, ` +
                    `against ${ratio(expected)} for exactly linear.`,
            );
            verdicts.push({
                goal: `Growth with the fixed cost removed: (t50 − t1) / (t10 − t1) within ${ratio(expected)} ± 10%`,
                wall: ratio(correctedWall),
                wallMet: check(correctedWall, within),
                cpu: ratio(correctedCpu),
                cpuMet: check(correctedCpu, within),
            });
        }
        lines.push(parts.join(" "), "");
    }
    const paths = sizes.flatMap((accounts) => {
        const found = ok(measurements.program.get(accounts)).find((run) => run.criticalPath !== undefined)?.criticalPath;
        return found === undefined ? [] : [{ accounts, ...found }];
    });
    if (paths.length > 0) {
        const constant = new Set(paths.map((entry) => entry.length)).size === 1;
        verdicts.push({
            goal: `Deploy critical path constant in the number of accounts (${paths.map((entry) => entry.accounts).join(", ")})`,
            wall: paths.map((entry) => String(entry.length)).join(" / "),
            wallMet: paths.length >= 2 ? constant : undefined,
        });
        lines.push(
            `**Deploy critical path** (the longest chain of creations that wait for each other, from the registered graph; ` +
                `\`bench/deploy-critical-path.ts\`): ${paths.map((entry) => `${entry.length} at ${entry.accounts} account${entry.accounts === 1 ? "" : "s"}`).join(", ")}. ` +
                `At ${paths[paths.length - 1].accounts}: ${paths[paths.length - 1].chain}.`,
            "",
        );
    }
    const programPromises = ok(measurements.promises.get("program"))[0];
    const floorPromises = ok(measurements.promises.get("floor"))[0];
    if (programPromises?.promises !== undefined && floorPromises?.promises !== undefined) {
        const perProgram = programPromises.promises / programPromises.resources;
        const perFloor = floorPromises.promises / floorPromises.resources;
        lines.push(
            `**Promises per registered resource** (counted with \`async_hooks\` in one extra, untimed run each, ${programPromises.accounts} accounts): ` +
                `program ${ms(perProgram)}, floor ${ms(perFloor)}, ratio ${ratio(perProgram / perFloor)}. The SDK builds every Output from promises and passes ` +
                "most of them through `debuggablePromise`, which captures a `new Error().stack` for each, so registration cost largely follows the promise count.",
            "",
        );
    }
    if (measurements.keygen?.result) {
        const keygen = measurements.keygen.result;
        const largest = sizes[sizes.length - 1];
        lines.push(
            `**Stand-in key generation** (${options.realKeys ? "included above: `--real-keys`" : "not in the figures above"}): ` +
                `a real RSA-2048 signing certificate costs ${ms(keygen.medianMs)} ms (median of ${keygen.count}, ${ms(keygen.minMs)}–${ms(keygen.maxMs)}: random prime search), ` +
                `one per account, so about ${seconds(keygen.medianMs * largest)} at ${largest} account${largest === 1 ? "" : "s"}, in the offline preview and in the floor alike.` +
                (options.realKeys
                    ? ""
                    : " The benchmark answers every certificate with one pre-generated real certificate (`--real-keys` generates each)."),
            "",
        );
    }
    return lines;
}

function policyReport(options: Options, measurements: Measurements, verdicts: Verdict[]): string[] {
    const lines: string[] = ["## 2. Policy pack time per resource (Pulumi's policy host, compiled pack)", ""];
    const perResource = new Map<number, { analyze: number; stack: number }>();
    const rows: string[][] = [];
    let lastPolicies: NonNullable<EvalResult["policy"]> | undefined;
    for (const accounts of options.sizes.filter((size) => size <= POLICY_MAX_ACCOUNTS)) {
        const policies = ok(measurements.program.get(accounts)).flatMap((run) => (run.policy ? [run.policy] : []));
        if (policies.length === 0) {
            rows.push([`${accounts}`, "n/a", "", "", "", "", "", "", "", ""]);
            continue;
        }
        const analyzeMs = median(policies.map((policy) => policy.analyzeMs));
        const stackMs = median(policies.map((policy) => policy.analyzeStackMs));
        const analyzed = policies[0].analyzedResources;
        const stacked = policies[0].stackResources;
        perResource.set(accounts, { analyze: (analyzeMs * 1000) / analyzed, stack: (stackMs * 1000) / stacked });
        rows.push([
            `${accounts}`,
            ms(median(policies.map((policy) => policy.startMs))),
            ms(analyzed),
            ms(analyzeMs),
            ms((analyzeMs * 1000) / analyzed),
            ms(stacked),
            ms(stackMs),
            ms((stackMs * 1000) / stacked),
            ms(median(policies.map((policy) => policy.conversionMs))),
            `${policies[0].mandatoryDiagnostics} / ${policies[0].diagnostics}`,
        ]);
        lastPolicies = policies[0];
    }
    if (rows.every((row) => row[1] === "n/a")) {
        return [
            ...lines,
            "Not measured: the policy host (`offline/policy-host/policy-host.ts`) or the compiled pack (`policies/bin/index.js`) was not available.",
            "",
        ];
    }
    lines.push(
        table(
            [
                "Accounts",
                "Pack start ms",
                "Analyze resources",
                "Analyze ms",
                "µs / resource",
                "AnalyzeStack resources",
                "AnalyzeStack ms",
                "µs / resource",
                "Conversion ms",
                "Mandatory / all diagnostics",
            ],
            rows,
        ),
        "",
        `Medians over the runs, each run on a fresh pack: pack start is spawn until GetAnalyzerInfo answers; Analyze sends every custom ` +
            `resource's inputs (concurrently), AnalyzeStack one call with every resource's outputs and dependencies` +
            `${options.policyPasses > 1 ? `; pass ${options.policyPasses > 2 ? "2 and later" : "2"} on the same pack (warm)` : ", first pass (includes the pack's JIT warm-up)"}. ` +
            "Conversion is `offline/policy-host/analyzer-resources.ts` turning the registrations into analyzer requests, in the preview's own process.",
        "",
    );
    if (lastPolicies !== undefined && lastPolicies.mandatoryPolicies.length > 0) {
        lines.push(
            `Mandatory findings at the largest size come from: ${lastPolicies.mandatoryPolicies.map((name) => `\`${name}\``).join(", ")}.`,
            "",
        );
    }
    const sizes = options.sizes.filter((size) => perResource.has(size));
    if (sizes.length >= 2) {
        const [small, large] = [sizes[sizes.length - 2], sizes[sizes.length - 1]];
        const analyzeGrowth = perResource.get(large)!.analyze / perResource.get(small)!.analyze;
        const stackGrowth = perResource.get(large)!.stack / perResource.get(small)!.stack;
        const scale = large / small;
        verdicts.push({
            goal: `Stack rules linear: AnalyzeStack time per resource at ${large} accounts ≤ 1.5 × at ${small} (quadratic: about ${ratio(scale, 0)})`,
            wall: ratio(stackGrowth),
            wallMet: check(stackGrowth, (value) => value <= 1.5),
        });
        verdicts.push({
            goal: `Resource rules linear: Analyze time per resource at ${large} accounts ≤ 1.5 × at ${small}`,
            wall: ratio(analyzeGrowth),
            wallMet: check(analyzeGrowth, (value) => value <= 1.5),
        });
        lines.push(
            `**Per-resource time, ${small} → ${large} accounts:** AnalyzeStack ${ratio(stackGrowth)}, Analyze ${ratio(analyzeGrowth)} ` +
                `(1× is linear; rules quadratic in the resource count would give about ${ratio(scale, 0)}).`,
            "",
        );
    }
    return lines;
}

function loadReport(options: Options, measurements: Measurements): string[] {
    const lines: string[] = ["## 3. Load time: type-checked vs transpile-only vs compiled", ""];
    const baseline = median(ok(measurements.dev.get(RUNNERS.compiled.id)).map((run) => run.sinceProcessStartMs));
    const rows = LOAD_RUNNERS.map((runner) => {
        const runs = ok(measurements.dev.get(runner.id));
        const total = runs.map((run) => run.sinceProcessStartMs);
        return [
            runner.label,
            `${ms(median(total))}${spread(total)}`,
            ms(median(runs.map((run) => run.toHarnessMs))),
            ms(median(runs.map((run) => run.runMs))),
            ratio(median(total) / baseline, 1),
        ];
    });
    lines.push(
        "**(a) The program, dev stack (Pulumi.dev.yaml), one run under the stand-ins in a fresh process:**",
        "",
        table(["Entry", "Process start → result ms", "of which harness + SDK load ms", "of which program run ms", "vs compiled"], rows, [
            "l",
        ]),
        "",
        "Under ts-node with type-check, the first TypeScript file pays for building the type-checker's program (the SDKs' declarations); " +
            "the rest is paid file by file as the program's modules load.",
        "",
    );
    const packRuns = (entry: PackEntry) => (measurements.pack.get(entry) ?? []).flatMap((run) => (run.result ? [run.result] : []));
    const compiledPack = median(packRuns("compiled").map((run) => run.readyMs));
    if (packRuns("typescript").length + packRuns("compiled").length === 0) {
        lines.push(
            "**(b) Policy pack:** not measured (`policies/index.ts` or the compiled pack missing, or the pack failed to start).",
            "",
        );
        return lines;
    }
    const packRows = (["typescript", "compiled"] as const).map((entry) => {
        const runs = packRuns(entry);
        const ready = runs.map((run) => run.readyMs);
        return [
            entry === "typescript"
                ? "`policies/index.ts` (the host type-checks it, as the Pulumi CLI always does)"
                : "`policies/bin/index.js` (compiled)",
            `${ms(median(ready))}${spread(ready)}`,
            ms(median(runs.map((run) => run.portMs))),
            runs[0] ? String(runs[0].policies) : "n/a",
            ratio(median(ready) / compiledPack, 1),
        ];
    });
    lines.push(
        "**(b) The policy pack through Pulumi's policy host (`@pulumi/pulumi/cmd/run-policy-pack`):**",
        "",
        table(["Entry", "Spawn → GetAnalyzerInfo ms", "Spawn → port printed ms", "Policies", "vs compiled"], packRows, ["l"]),
        "",
    );
    return lines;
}

function stackReport(options: Options, measurements: Measurements): string[] {
    const lines: string[] = [
        `## 4. The SDK's per-promise stack capture: ${integer.format(options.bareRoles)} bare \`aws.iam.Role\`s by runner`,
        "",
    ];
    const baseline = median(ok(measurements.stack.get(RUNNERS.compiled.id)).map((run) => run.evalMs));
    const digests = new Set<string>();
    const rows = STACK_RUNNERS.map((runner) => {
        const runs = ok(measurements.stack.get(runner.id));
        runs.forEach((run) => digests.add(run.digest));
        const registration = runs.map((run) => run.evalMs);
        return [
            runner.label,
            `${ms(median(registration))}${spread(registration)}`,
            ms(median(runs.map((run) => run.evalCpuMs))),
            ms(median(runs.map((run) => run.preloadMs))),
            ratio(median(registration) / baseline, 2),
        ];
    });
    lines.push(
        table(["Runner", "Registration ms (median, range)", "CPU ms", "SDK load ms", "vs compiled"], rows, ["l"]),
        "",
        digests.size === 1
            ? "Every runner registered byte-identical resources (same digest of URNs, types and inputs)."
            : `**Runners registered different resources** (${digests.size} digests): check the runs.`,
        "",
        "`@pulumi/pulumi` ships `.js.map` files next to its JavaScript. Whatever installs a source-map handler (ts-node always does; " +
            "so do `source-map-support/register` and `--enable-source-maps`) maps every frame of the `new Error().stack` the SDK takes " +
            "for each promise (`runtime/debuggable.js`) and each resource (`Resource.callsites()`) through those maps. " +
            "`--stack-trace-limit=1` shortens the per-promise captures only (`callsites()` lifts the limit itself, so source positions are unchanged), " +
            "but it also truncates the stack traces of any error to one frame.",
        "",
    );
    return lines;
}

function previewReport(options: Options, measurements: Measurements): string[] {
    const lines: string[] = ["## 5. The offline preview end to end (`offline/preview-command`, dev stack, `--json`)", ""];
    const wall = (runs: readonly ProcessRun[] | undefined) => median((runs ?? []).map((run) => run.wallMs));
    const compiled = wall(measurements.preview.get("compiled"));
    const tsNode = wall(measurements.preview.get("ts-node-transpile"));
    const build = wall(measurements.build.get("npm-run-build"));
    const buildMode = wall(measurements.build.get("full"));
    const upToDate = wall(measurements.build.get("up-to-date"));
    if (!Number.isFinite(compiled) && !Number.isFinite(tsNode)) {
        return [...lines, "Not measured (see Problems below).", ""];
    }
    const values = (id: string) => (measurements.preview.get(id) ?? []).map((run) => run.wallMs);
    lines.push(
        table(
            ["Way to run it", "Spawn → exit ms (median, range)", "vs prebuilt"],
            [
                [
                    "`node bin/offline/preview/preview-command.js` (bin/ as `npm ci` built it)",
                    `${ms(compiled)}${spread(values("compiled"))}`,
                    ratio(1, 1),
                ],
                [
                    "`node -r ts-node/register/transpile-only offline/preview/preview-command.ts` (pack still compiled)",
                    `${ms(tsNode)}${spread(values("ts-node-transpile"))}`,
                    ratio(tsNode / compiled, 1),
                ],
                [
                    "`npm run build` alone: `tsc -p` for the program, then for the pack (npm's own overhead not counted)",
                    ms(build),
                    ratio(build / compiled, 1),
                ],
                [
                    "`tsc -b` of both after a change (compiles; one process for both projects)",
                    ms(buildMode),
                    ratio(buildMode / compiled, 1),
                ],
                ["`tsc -b` of both when nothing changed (up-to-date check only)", ms(upToDate), ratio(upToDate / compiled, 2)],
                [
                    "**now:** `npm run build --silent && node bin/offline/preview/preview-command.js`",
                    ms(build + compiled),
                    ratio((build + compiled) / compiled, 1),
                ],
                [
                    "`tsc -b tsconfig.build.json policies/tsconfig.json && node bin/offline/preview/preview-command.js`, nothing changed",
                    ms(upToDate + compiled),
                    ratio((upToDate + compiled) / compiled, 2),
                ],
            ],
            ["l"],
        ),
        "",
    );
    return lines;
}

function previewScaleReport(options: Options, measurements: Measurements, verdicts: Verdict[]): string[] {
    const runs = (mode: string, accounts: number) => ok(measurements.previewScale.get(`${mode}-${accounts}`));
    const sizes = options.previewSizes.filter((accounts) => runs("overlapped", accounts).length > 0);
    const lines: string[] = [
        `## 6. The offline preview at organization scale (generated stacks, ${options.previewRoles} roles per account, real keys)`,
        "",
    ];
    if (sizes.length === 0) {
        return [...lines, "Not measured (see Problems below).", ""];
    }
    const figure = (mode: string, accounts: number, pick: (run: PreviewResult) => number) => median(runs(mode, accounts).map(pick));
    const rows = sizes.map((accounts) => {
        const wall = runs("overlapped", accounts).map((run) => run.sinceProcessStartMs);
        return [
            `${accounts} × ${options.previewRoles}`,
            ms(runs("overlapped", accounts)[0].resources),
            `${ms(median(wall))}${spread(wall)}`,
            ms(figure("overlapped", accounts, (run) => run.cpuMs)),
            ms(figure("overlapped", accounts, (run) => run.peakRssMB)),
            `${runs("overlapped", accounts)[0].signIns - runs("overlapped", accounts)[0].failedSignIns} / ${runs("overlapped", accounts)[0].signIns}`,
            figure("overlapped", accounts, (run) => run.loadAverage).toFixed(1),
        ];
    });
    const largest = sizes[sizes.length - 1];
    const sequential = runs("sequential", largest);
    if (sequential.length > 0) {
        const wall = sequential.map((run) => run.sinceProcessStartMs);
        rows.push([
            `${largest} × ${options.previewRoles}, steps in sequence (baseline)`,
            ms(sequential[0].resources),
            `${ms(median(wall))}${spread(wall)}`,
            ms(figure("sequential", largest, (run) => run.cpuMs)),
            ms(figure("sequential", largest, (run) => run.peakRssMB)),
            `${sequential[0].signIns - sequential[0].failedSignIns} / ${sequential[0].signIns}`,
            figure("sequential", largest, (run) => run.loadAverage).toFixed(1),
        ]);
    }
    lines.push(
        table(
            [
                "Accounts × roles",
                "Resources",
                "Process start → result ms (median, range)",
                "CPU ms",
                "Peak RSS MB",
                "Sign-ins ok",
                "Load (1 min)",
            ],
            rows,
            ["l"],
        ),
        "",
        "Each run is `runOfflinePreview` (offline/preview/preview-command.ts) in a fresh child on a generated stack shaped like the benchmark's " +
            "(one group assignment per role, provisioning on): the program under the stand-ins with a real RSA-2048 key per signing certificate, " +
            "the policy pack in Pulumi's policy host, every sign-in. CPU and peak RSS are the preview's own process; the policy pack runs in its own. " +
            "The baseline runs the same steps one after the other with each key generated on the main thread when its certificate registers, as the preview did before.",
        "",
    );
    const wallAt = (mode: string, accounts: number) => figure(mode, accounts, (run) => run.sinceProcessStartMs);
    if (largest === 50 || sizes.includes(50)) {
        const at50 = wallAt("overlapped", 50);
        verdicts.push({
            goal: `Offline preview of 50 accounts × ${options.previewRoles} roles ≤ 8 s (process start → result)`,
            wall: seconds(at50),
            wallMet: check(at50, (value) => value <= 8_000),
            cpu: seconds(figure("overlapped", 50, (run) => run.cpuMs)),
        });
    }
    if (sequential.length > 0) {
        const speedup = wallAt("overlapped", largest) / wallAt("sequential", largest);
        lines.push(
            `**Overlapped / in sequence at ${largest} accounts:** ${ratio(speedup)} wall, ` +
                `${ratio(figure("overlapped", largest, (run) => run.cpuMs) / figure("sequential", largest, (run) => run.cpuMs))} CPU.` +
                (figure("sequential", largest, (run) => run.loadAverage) >= os.cpus().length
                    ? ` Overlapping gains wall time only where a core is idle; with a load average (${figure("sequential", largest, (run) => run.loadAverage).toFixed(1)}) above the ${os.cpus().length} cores, there was little idle time to gain.`
                    : ""),
            "",
        );
    }
    if (sizes.length >= 3) {
        const [first, middle, last] = [sizes[0], sizes[sizes.length - 2], largest];
        const rss = (accounts: number) => figure("overlapped", accounts, (run) => run.peakRssMB);
        const early = (rss(middle) - rss(first)) / (middle - first);
        const late = (rss(last) - rss(middle)) / (last - middle);
        verdicts.push({
            goal: `Preview memory proportional: peak RSS per added account ${middle} → ${last} ≤ 1.25 × ${first} → ${middle}`,
            wall: `${late.toFixed(1)} / ${early.toFixed(1)} MB = ${ratio(late / early)}`,
            wallMet: check(late / early, (value) => value <= 1.25),
        });
        lines.push(
            `**Peak RSS per added account:** ${early.toFixed(1)} MB (${first} → ${middle}), ${late.toFixed(1)} MB (${middle} → ${last}).`,
            "",
        );
    }
    return lines;
}

function summaryReport(verdicts: readonly Verdict[]): string[] {
    if (verdicts.length === 0) {
        return [];
    }
    const cell = (value: string | undefined, met: boolean | undefined) => (value === undefined ? "—" : `${value} ${verdict(met)}`);
    return [
        "## Goals",
        "",
        table(
            ["Goal", "Wall-clock medians", "CPU-time medians"],
            verdicts.map((entry) => [entry.goal, cell(entry.wall, entry.wallMet), cell(entry.cpu, entry.cpuMet)]),
            ["l", "l", "l"],
        ),
        "",
    ];
}

async function main(): Promise<void> {
    const options = readOptions();
    if (options === undefined) {
        return;
    }
    const compiledChild = path.join(__dirname, "child.js");
    if (!fs.existsSync(compiledChild)) {
        throw new Error(`${compiledChild} is missing: run this as bin/bench/run.js after \`npm run build\`.`);
    }
    const startedAt = new Date();
    const loadBefore = os.loadavg()[0];
    const start = performance.now();
    const measurements: Measurements = {
        program: new Map(),
        floor: new Map(),
        promises: new Map(),
        stack: new Map(),
        dev: new Map(),
        pack: new Map(),
        preview: new Map(),
        previewScale: new Map(),
        build: new Map(),
        errors: [],
    };
    const policyAvailable =
        fs.existsSync(path.join(__dirname, "..", "offline", "policy-host", "policy-host.js")) &&
        fs.existsSync(path.join(PROJECT_DIR, "policies", "bin", "index.js"));
    const sections = new Set(options.sections);
    if (sections.has("policy") && !policyAvailable) {
        sections.delete("policy");
        measurements.errors.push(
            "policy: offline/policy-host/policy-host.js or policies/bin/index.js is missing; policy time not measured",
        );
    }
    const effective: Options = { ...options, sections };
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "azuread-aws-sso-bench-"));
    try {
        if (sections.has("eval")) {
            measurements.keygen = note(
                measurements,
                "stand-in key generation",
                await runChild<KeygenResult>(RUNNERS.compiled, ["keygen", "--count", options.quick ? "3" : "6"], options.verbose),
            );
        }
        if (sections.has("eval") || sections.has("policy")) {
            await measureEval(effective, measurements, scratch);
        }
        if (sections.has("eval")) {
            await measurePromiseCounts(effective, measurements, scratch);
        }
        if (sections.has("stack")) {
            await measureStackCapture(effective, measurements);
        }
        if (sections.has("load")) {
            await measureLoad(effective, measurements);
        }
        if (sections.has("preview")) {
            await measurePreview(effective, measurements, scratch);
        }
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    const elapsedMs = performance.now() - start;

    const verdicts: Verdict[] = [];
    const report: string[] = [
        "# azuread-aws-sso benchmark",
        "",
        ...machineLines(effective, startedAt, elapsedMs, loadBefore, os.loadavg()[0]),
        "",
    ];
    const body: string[] = [];
    if (sections.has("eval")) {
        body.push(...evalReport(effective, measurements, verdicts));
    }
    if (sections.has("policy")) {
        body.push(...policyReport(effective, measurements, verdicts));
    }
    if (sections.has("load")) {
        body.push(...loadReport(effective, measurements));
    }
    if (sections.has("stack")) {
        body.push(...stackReport(effective, measurements));
    }
    if (sections.has("preview")) {
        body.push(...previewReport(effective, measurements), ...previewScaleReport(effective, measurements, verdicts));
    }
    report.push(...summaryReport(verdicts), ...body);
    if (measurements.errors.length > 0) {
        report.push("## Problems during the run", "", ...measurements.errors.map((error) => `- ${error}`), "");
    }
    process.stdout.write(`${report.join("\n")}\n`);
    if (options.json !== undefined) {
        const serializable = Object.fromEntries(
            Object.entries(measurements).map(([key, value]) => [key, value instanceof Map ? Object.fromEntries(value) : value]),
        );
        fs.writeFileSync(
            options.json,
            `${JSON.stringify({ options: { ...effective, sections: [...sections] }, startedAt, elapsedMs, verdicts, measurements: serializable }, null, 2)}\n`,
        );
    }
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        // A broken setup (no build, bad flags) is an error; a missed goal is not.
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
