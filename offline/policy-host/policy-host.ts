import type * as grpcTypes from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import { createRequire } from "module";
import * as path from "path";
import { UNKNOWN_SENTINEL } from "../../policies/vocabulary/engine";

/**
 * Runs a Node.js CrossGuard policy pack the way the Pulumi CLI does, without the CLI: spawns
 * `@pulumi/pulumi/cmd/run-policy-pack <engine address> .` in the pack directory, answers its engine
 * calls with an in-process stand-in Engine server, reads the analyzer port it prints, and drives
 * the analyzer gRPC protocol. Everything listens on and connects to 127.0.0.1 only.
 *
 * The pack is loaded from its compiled `main` (see `assertCompiledEntry`): the policy host
 * type-checks a TypeScript entry with ts-node, which costs about ten seconds per start.
 */

// grpc-js and google-protobuf must be the copies the generated proto code uses, so load them
// through @pulumi/pulumi rather than relying on how npm happened to hoist them.
const requireFromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof grpcTypes = requireFromPulumi("@grpc/grpc-js");
const { Struct }: typeof structTypes = requireFromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty }: typeof emptyTypes = requireFromPulumi("google-protobuf/google/protobuf/empty_pb");

/** The engine's sentinel for a value not known until the update (`resource.UnknownStringValue`). */
export { UNKNOWN_SENTINEL };
/** Signature key and value the engine uses to mark a secret (`{sig: secretSig, value}`). */
export const SPECIAL_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** Marks a property value as unknown (computed), encoded as the engine's unknown sentinel. */
export const UNKNOWN: unique symbol = Symbol("pulumi.unknown");

/** A secret property value; sent with the engine's secret signature. */
export class SecretValue {
    constructor(readonly value: unknown) {}
}

export function secret(value: unknown): SecretValue {
    return new SecretValue(value);
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type PolicySeverity = "low" | "medium" | "high" | "critical";

export interface AnalyzerResourceOptions {
    readonly protect?: boolean;
    readonly ignoreChanges?: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    readonly additionalSecretOutputs?: readonly string[];
    readonly aliases?: readonly string[];
    /** Durations as Pulumi writes them (`"5m"`, `"1h30m"`, `"90s"`) or in seconds. */
    readonly customTimeouts?: { readonly create?: string | number; readonly update?: string | number; readonly delete?: string | number };
    readonly parent?: string;
}

export interface AnalyzerProvider {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties?: Readonly<Record<string, unknown>>;
}

/** A resource as `Analyze` receives it: its inputs. */
export interface AnalyzerResourceInput {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Plain values; use `UNKNOWN` and `secret()` (or the engine's encodings) for the special ones. */
    readonly properties: Readonly<Record<string, unknown>>;
    readonly options?: AnalyzerResourceOptions;
    readonly provider?: AnalyzerProvider;
}

/** A resource as `AnalyzeStack` receives it: its outputs and how it relates to the others. */
export interface AnalyzerStackResourceInput extends AnalyzerResourceInput {
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface PolicyDiagnostic {
    readonly policyName: string;
    readonly policyPackName: string;
    readonly policyPackVersion: string;
    readonly description: string;
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    /** The resource the diagnostic is about; absent for stack-wide findings. */
    readonly urn?: string;
    readonly severity?: PolicySeverity;
}

export interface NotApplicablePolicy {
    readonly policyName: string;
    readonly reason?: string;
}

export interface AnalysisResult {
    readonly diagnostics: readonly PolicyDiagnostic[];
    readonly notApplicable: readonly NotApplicablePolicy[];
}

export interface PolicyConfigSchema {
    readonly properties: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
}

export type JsonSchema = Readonly<Record<string, unknown>>;

export interface PolicyInfo {
    readonly name: string;
    readonly displayName?: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly policyType: "resource" | "stack" | "unknown";
    readonly severity?: PolicySeverity;
    readonly remediationSteps?: string;
    readonly url?: string;
    readonly tags: readonly string[];
    readonly configSchema?: PolicyConfigSchema;
}

export interface PolicyConfigValue {
    readonly enforcementLevel?: EnforcementLevel;
    readonly properties?: Readonly<Record<string, unknown>>;
}

export interface AnalyzerInfo {
    readonly name: string;
    readonly version: string;
    readonly displayName?: string;
    readonly description?: string;
    readonly supportsConfig: boolean;
    readonly policies: readonly PolicyInfo[];
    readonly initialConfig: Readonly<Record<string, PolicyConfigValue>>;
}

/** `--policy-pack-config` file content: a level, or a level plus properties, per policy (or `all`). */
export type PolicyPackConfig = Readonly<
    Record<string, EnforcementLevel | ({ readonly enforcementLevel?: EnforcementLevel } & Readonly<Record<string, unknown>>)>
>;

/** The config the host sent for one policy after reconciling defaults, pack config and user config. */
export interface EffectivePolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Readonly<Record<string, unknown>>;
}

export interface StackSettings {
    readonly stack: string;
    readonly project: string;
    readonly organization?: string;
    readonly dryRun?: boolean;
    readonly tags?: Readonly<Record<string, string>>;
    /** Program config, `namespace:key` to value. */
    readonly config?: Readonly<Record<string, string>>;
    readonly configSecretKeys?: readonly string[];
}

export interface HostLogEntry {
    readonly source: "engine" | "stderr";
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    readonly urn?: string;
}

export interface PolicyHostOptions {
    /** Policy pack directory (with PulumiPolicy.yaml and package.json). Defaults to `defaultPackDir()`. */
    readonly packDir?: string;
    /** Environment the CLI gives the pack: project, stack, dry run and program config. */
    readonly project?: string;
    readonly stack?: string;
    readonly dryRun?: boolean;
    readonly programConfig?: Readonly<Record<string, string>>;
    /** How long to wait for the analyzer port. */
    readonly startTimeoutMs?: number;
    /** Deadline of each RPC. */
    readonly callTimeoutMs?: number;
}

export class PolicyHostError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyHostError";
    }
}

/** Thrown by `configure` when the config does not match the policies' schemas (as the CLI refuses it). */
export class PolicyConfigValidationError extends PolicyHostError {
    constructor(readonly problems: readonly string[]) {
        super(`Invalid policy pack config:\n  ${problems.join("\n  ")}`);
        this.name = "PolicyConfigValidationError";
    }
}

/** `<repo>/policies`, found from this module whether it runs as TypeScript or compiled under `bin/`. */
export function defaultPackDir(): string {
    for (let directory = __dirname; ; directory = path.dirname(directory)) {
        const candidate = path.join(directory, "policies");
        if (fs.existsSync(path.join(candidate, "PulumiPolicy.yaml"))) {
            return candidate;
        }
        if (path.dirname(directory) === directory) {
            throw new PolicyHostError(`No policies/PulumiPolicy.yaml above ${__dirname}; pass packDir.`);
        }
    }
}
const LEVEL_NAMES: Record<number, EnforcementLevel> = {
    [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_VALUES: Record<EnforcementLevel, analyzerProto.EnforcementLevel> = {
    advisory: analyzerProto.EnforcementLevel.ADVISORY,
    mandatory: analyzerProto.EnforcementLevel.MANDATORY,
    disabled: analyzerProto.EnforcementLevel.DISABLED,
    remediate: analyzerProto.EnforcementLevel.REMEDIATE,
};
const SEVERITY_NAMES: Record<number, PolicySeverity | undefined> = {
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};
const LOG_SEVERITIES: Record<number, HostLogEntry["severity"]> = {
    [engineProto.LogSeverity.DEBUG]: "debug",
    [engineProto.LogSeverity.INFO]: "info",
    [engineProto.LogSeverity.WARNING]: "warning",
    [engineProto.LogSeverity.ERROR]: "error",
};
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/**
 * Fails unless the pack's package.json `main` names an existing JavaScript file, so the host never
 * falls back to loading (and type-checking) TypeScript. Returns the entry's absolute path.
 */
export function assertCompiledEntry(packDir: string): string {
    const manifestPath = path.join(packDir, "package.json");
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { main?: unknown; version?: unknown };
    if (typeof manifest.version !== "string" || manifest.version === "") {
        throw new PolicyHostError(`${manifestPath} has no version; @pulumi/policy requires one.`);
    }
    if (typeof manifest.main !== "string" || !/\.c?js$/.test(manifest.main)) {
        throw new PolicyHostError(`${manifestPath} "main" must name the compiled JavaScript entry, got ${JSON.stringify(manifest.main)}.`);
    }
    const entry = path.resolve(packDir, manifest.main);
    if (!fs.existsSync(entry)) {
        throw new PolicyHostError(
            `The compiled policy pack entry ${entry} does not exist; build it first (npm run build --workspace policies).`,
        );
    }
    return entry;
}

/** Starts the policy pack and returns a connected host. Always `close()` it (or use `withPolicyHost`). */
export async function startPolicyHost(options: PolicyHostOptions = {}): Promise<PolicyHost> {
    const packDir = path.resolve(options.packDir ?? defaultPackDir());
    assertCompiledEntry(packDir);
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });

    const logs: HostLogEntry[] = [];
    const engine = await startEngineStandIn(logs);
    const environment: NodeJS.ProcessEnv = {
        ...process.env,
        // The Node.js SDK reads the engine address from here (the argument only satisfies the CLI contract).
        PULUMI_NODEJS_ENGINE: engine.address,
        PULUMI_CONFIG: JSON.stringify(options.programConfig ?? {}),
        PULUMI_NODEJS_PROJECT: options.project ?? "project",
        PULUMI_NODEJS_STACK: options.stack ?? "stack",
        PULUMI_NODEJS_DRY_RUN: String(options.dryRun ?? true),
        PULUMI_PROJECT: options.project ?? "project",
        PULUMI_STACK: options.stack ?? "stack",
        PULUMI_DRY_RUN: String(options.dryRun ?? true),
    };
    const child = spawn(process.execPath, [runPolicyPack, engine.address, "."], {
        cwd: packDir,
        env: environment,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const killOnExit = () => child.kill("SIGKILL");
    process.on("exit", killOnExit);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
        for (const line of chunk.split(/\r?\n/).filter((text) => text.trim() !== "")) {
            logs.push({ source: "stderr", severity: "error", message: line });
        }
    });

    let port: number;
    try {
        port = await readPort(child, logs, options.startTimeoutMs ?? 60_000);
    } catch (error) {
        process.removeListener("exit", killOnExit);
        await stopChild(child);
        engine.server.forceShutdown();
        throw error;
    }
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
    return new PolicyHost(child, client, engine.server, logs, killOnExit, options.callTimeoutMs ?? 60_000, packDir);
}

/** Starts a host, runs `use`, and always closes the host. */
export async function withPolicyHost<T>(options: PolicyHostOptions, use: (host: PolicyHost) => Promise<T>): Promise<T> {
    const host = await startPolicyHost(options);
    try {
        return await use(host);
    } finally {
        await host.close();
    }
}

export class PolicyHost {
    private info: AnalyzerInfo | undefined;
    private closed = false;

    /** @internal Use `startPolicyHost`. */
    constructor(
        private readonly child: ChildProcess,
        private readonly client: analyzerRpc.AnalyzerClient,
        private readonly engineServer: grpcTypes.Server,
        /** Engine log calls and stderr lines of the pack process, in arrival order. */
        readonly logs: HostLogEntry[],
        private readonly killOnExit: () => void,
        private readonly callTimeoutMs: number,
        /** The pack directory the host runs. */
        readonly packDir: string,
    ) {}

    /** Process id of the pack, for diagnostics. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const response = await this.call<emptyTypes.Empty, analyzerProto.AnalyzerInfo>(
            (request, metadata, options, callback) => this.client.getAnalyzerInfo(request, metadata, options, callback),
            new Empty(),
        );
        this.info = convertAnalyzerInfo(response);
        return this.info;
    }

    /**
     * Configures the pack like `--policy-pack-config`: starts from each policy's level and schema
     * defaults, applies the pack's initial config, then `config` (`all` sets every level), validates
     * the result against the schemas, and sends it. Returns what was sent.
     */
    async configure(config: PolicyPackConfig = {}): Promise<Readonly<Record<string, EffectivePolicyConfig>>> {
        const info = this.info ?? (await this.getAnalyzerInfo());
        const effective = reconcilePolicyPackConfig(info, config);
        const request = new analyzerProto.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [name, value] of Object.entries(effective)) {
            const policyConfig = new analyzerProto.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVEL_VALUES[value.enforcementLevel]);
            policyConfig.setProperties(Struct.fromJavaScript(toEngineObject(value.properties) as Record<string, never>));
            map.set(name, policyConfig);
        }
        await this.call((message, metadata, options, callback) => this.client.configure(message, metadata, options, callback), request);
        return effective;
    }

    /** Sends stack settings (`ConfigureStack`); the pack sees the tags as `args.stackTags`. */
    async configureStack(settings: StackSettings): Promise<void> {
        const request = new analyzerProto.AnalyzerStackConfigureRequest();
        request.setStack(settings.stack);
        request.setProject(settings.project);
        request.setOrganization(settings.organization ?? "");
        request.setDryRun(settings.dryRun ?? true);
        request.setConfigSecretKeysList([...(settings.configSecretKeys ?? [])]);
        for (const [key, value] of Object.entries(settings.config ?? {})) {
            request.getConfigMap().set(key, value);
        }
        for (const [key, value] of Object.entries(settings.tags ?? {})) {
            request.getTagsMap().set(key, value);
        }
        await this.call(
            (message, metadata, options, callback) => this.client.configureStack(message, metadata, options, callback),
            request,
        );
    }

    /** Runs the resource policies on one resource's inputs, as the engine does before each step. */
    async analyze(resource: AnalyzerResourceInput): Promise<AnalysisResult> {
        const request = new analyzerProto.AnalyzeRequest();
        request.setUrn(resource.urn);
        request.setType(resource.type);
        request.setName(resource.name);
        request.setProperties(toStruct(resource.properties));
        request.setOptions(toResourceOptions(resource.options));
        if (resource.provider !== undefined) {
            request.setProvider(toProvider(resource.provider));
        }
        const response = await this.call<analyzerProto.AnalyzeRequest, analyzerProto.AnalyzeResponse>(
            (message, metadata, options, callback) => this.client.analyze(message, metadata, options, callback),
            request,
        );
        // The SDK leaves `urn` empty on Analyze answers (the engine knows which resource it asked about);
        // fill it in as the CLI does, so every diagnostic names its resource.
        const result = convertAnalyzeResponse(response);
        return {
            ...result,
            diagnostics: result.diagnostics.map((diagnostic) => (diagnostic.urn ? diagnostic : { ...diagnostic, urn: resource.urn })),
        };
    }

    /** Runs `analyze` for many resources concurrently; results in input order. */
    async analyzeAll(resources: readonly AnalyzerResourceInput[]): Promise<AnalysisResult[]> {
        return Promise.all(resources.map((resource) => this.analyze(resource)));
    }

    /** Runs the stack policies on every resource's outputs, as the engine does at the end. */
    async analyzeStack(resources: readonly AnalyzerStackResourceInput[]): Promise<AnalysisResult> {
        const request = new analyzerProto.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((resource) => {
                const message = new analyzerProto.AnalyzerResource();
                message.setUrn(resource.urn);
                message.setType(resource.type);
                message.setName(resource.name);
                message.setProperties(toStruct(resource.properties));
                message.setOptions(toResourceOptions(resource.options));
                if (resource.provider !== undefined) {
                    message.setProvider(toProvider(resource.provider));
                }
                message.setParent(resource.parent ?? resource.options?.parent ?? "");
                message.setDependenciesList([...(resource.dependencies ?? [])]);
                for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
                    if (urns.length > 0) {
                        const dependencies = new analyzerProto.AnalyzerPropertyDependencies();
                        dependencies.setUrnsList([...urns]);
                        message.getPropertydependenciesMap().set(property, dependencies);
                    }
                }
                return message;
            }),
        );
        const response = await this.call<analyzerProto.AnalyzeStackRequest, analyzerProto.AnalyzeResponse>(
            (message, metadata, options, callback) => this.client.analyzeStack(message, metadata, options, callback),
            request,
        );
        return convertAnalyzeResponse(response);
    }

    /** Stops the pack process and the stand-in engine. Safe to call more than once. */
    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.client.close();
        await stopChild(this.child);
        process.removeListener("exit", this.killOnExit);
        this.engineServer.forceShutdown();
    }

    private call<Request, Response>(
        invoke: (
            request: Request,
            metadata: grpcTypes.Metadata,
            options: Partial<grpcTypes.CallOptions>,
            callback: (error: grpcTypes.ServiceError | null, response: Response) => void,
        ) => unknown,
        request: Request,
    ): Promise<Response> {
        if (this.closed) {
            return Promise.reject(new PolicyHostError("The policy host is closed."));
        }
        return new Promise((resolve, reject) => {
            invoke(request, new grpc.Metadata(), { deadline: Date.now() + this.callTimeoutMs }, (error, response) => {
                if (error) {
                    reject(new PolicyHostError(`Policy pack call failed: ${error.details || error.message}`));
                } else {
                    resolve(response);
                }
            });
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Process and engine plumbing.
// ---------------------------------------------------------------------------------------------

export interface EngineStandIn {
    readonly server: grpcTypes.Server;
    readonly address: string;
}

/** An in-process Engine server for a policy host: records log calls, answers the rest as the engine would. */
export async function startEngineStandIn(logs: HostLogEntry[]): Promise<EngineStandIn> {
    const server = new grpc.Server();
    const implementation: engineRpc.IEngineServer = {
        log: (call, callback) => {
            const request = call.request;
            logs.push({
                source: "engine",
                severity: LOG_SEVERITIES[request.getSeverity()] ?? "info",
                message: request.getMessage(),
                urn: request.getUrn() || undefined,
            });
            callback(null, new Empty());
        },
        getRootResource: (call, callback) => callback(null, new engineProto.GetRootResourceResponse()),
        setRootResource: (call, callback) => callback(null, new engineProto.SetRootResourceResponse()),
        startDebugging: (call, callback) => callback(null, new Empty()),
        requirePulumiVersion: (call, callback) => callback(null, new engineProto.RequirePulumiVersionResponse()),
    };
    server.addService(engineRpc.EngineService, implementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
        ),
    );
    return { server, address: `127.0.0.1:${port}` };
}

/** Reads the analyzer port, the first all-digits line the pack prints. */
function readPort(child: ChildProcess, logs: readonly HostLogEntry[], timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
        let buffered = "";
        const cleanup = () => {
            clearTimeout(timer);
            child.stdout?.removeListener("data", onData);
            child.removeListener("exit", onExit);
            child.removeListener("error", onError);
        };
        const failure = (reason: string) => {
            const stderr = logs.map((entry) => entry.message).join("\n");
            return new PolicyHostError(`${reason}${stderr ? `\n${stderr}` : ""}`);
        };
        const onData = (chunk: Buffer | string) => {
            buffered += chunk.toString();
            const lines = buffered.split(/\r?\n/);
            buffered = lines.pop() ?? "";
            const portLine = lines.find((line) => /^\d+$/.test(line.trim()));
            if (portLine !== undefined) {
                cleanup();
                resolve(Number(portLine.trim()));
            }
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
            cleanup();
            // Give stderr a moment to drain so the error carries the pack's message.
            setTimeout(() => reject(failure(`The policy pack exited before serving (code ${code}, signal ${signal}).`)), 50);
        };
        const onError = (error: Error) => {
            cleanup();
            reject(failure(`The policy pack could not be started: ${error.message}`));
        };
        const timer = setTimeout(() => {
            cleanup();
            reject(failure(`The policy pack did not print its port within ${timeoutMs} ms.`));
        }, timeoutMs);
        child.stdout?.on("data", onData);
        child.once("exit", onExit);
        child.once("error", onError);
    });
}

/** Stops the pack: SIGTERM, then SIGKILL if it has not exited within three seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    const exited = new Promise<"exited">((resolve) => child.once("exit", () => resolve("exited")));
    const within = (milliseconds: number) =>
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), milliseconds).unref());
    child.kill("SIGTERM");
    if ((await Promise.race([exited, within(3000)])) === "timeout") {
        child.kill("SIGKILL");
        await Promise.race([exited, within(3000)]);
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding, as the engine marshals properties (KeepUnknowns, KeepSecrets, SkipInternalKeys).
// ---------------------------------------------------------------------------------------------

type EngineValue = null | boolean | number | string | EngineValue[] | { [key: string]: EngineValue };

function toEngineValue(value: unknown, where: string): EngineValue | undefined {
    if (value === UNKNOWN) {
        return UNKNOWN_SENTINEL;
    }
    if (value instanceof SecretValue) {
        return { [SPECIAL_SIGNATURE_KEY]: SECRET_SIGNATURE, value: toEngineValue(value.value, where) ?? null };
    }
    if (value === undefined) {
        return undefined;
    }
    if (value === null || typeof value === "boolean" || typeof value === "string") {
        return value;
    }
    if (typeof value === "number") {
        if (!Number.isFinite(value)) {
            throw new PolicyHostError(`${where}: ${value} cannot be sent to a policy pack.`);
        }
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((item, index) => toEngineValue(item, `${where}[${index}]`) ?? null);
    }
    if (typeof value === "object") {
        return toEngineObject(value as Record<string, unknown>, where);
    }
    throw new PolicyHostError(`${where}: a ${typeof value} cannot be sent to a policy pack.`);
}

function toEngineObject(value: Readonly<Record<string, unknown>>, where = "properties"): { [key: string]: EngineValue } {
    const result: { [key: string]: EngineValue } = {};
    for (const [key, item] of Object.entries(value)) {
        // The engine never sends internal keys such as a dynamic resource's `__provider`.
        if (key.startsWith("__")) {
            continue;
        }
        const encoded = toEngineValue(item, `${where}.${key}`);
        if (encoded !== undefined) {
            result[key] = encoded;
        }
    }
    return result;
}

function toStruct(properties: Readonly<Record<string, unknown>>): structTypes.Struct {
    return Struct.fromJavaScript(toEngineObject(properties) as Record<string, never>);
}

function toResourceOptions(options: AnalyzerResourceOptions = {}): analyzerProto.AnalyzerResourceOptions {
    const message = new analyzerProto.AnalyzerResourceOptions();
    message.setProtect(options.protect ?? false);
    message.setIgnorechangesList([...(options.ignoreChanges ?? [])]);
    if (options.deleteBeforeReplace !== undefined) {
        message.setDeletebeforereplace(options.deleteBeforeReplace);
        message.setDeletebeforereplacedefined(true);
    }
    message.setAdditionalsecretoutputsList([...(options.additionalSecretOutputs ?? [])]);
    message.setAliasesList([...(options.aliases ?? [])]);
    const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(durationSeconds(options.customTimeouts?.create));
    timeouts.setUpdate(durationSeconds(options.customTimeouts?.update));
    timeouts.setDelete(durationSeconds(options.customTimeouts?.delete));
    message.setCustomtimeouts(timeouts);
    message.setParent(options.parent ?? "");
    return message;
}

/** Seconds of a Go-style duration (`"1h30m"`, `"5m"`, `"90s"`, `"250ms"`), as the engine converts them. */
export function durationSeconds(duration: string | number | undefined): number {
    if (duration === undefined || duration === "") {
        return 0;
    }
    if (typeof duration === "number") {
        return duration;
    }
    const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, µs: 0.000001, ns: 0.000000001 };
    let total = 0;
    let rest = duration.trim();
    while (rest.length > 0) {
        const match = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/.exec(rest);
        if (match === null) {
            throw new PolicyHostError(`${JSON.stringify(duration)} is not a duration such as "5m" or "1h30m".`);
        }
        total += Number(match[1]) * units[match[2]];
        rest = rest.slice(match[0].length);
    }
    return total;
}

function toProvider(provider: AnalyzerProvider): analyzerProto.AnalyzerProviderResource {
    const message = new analyzerProto.AnalyzerProviderResource();
    message.setUrn(provider.urn);
    message.setType(provider.type);
    message.setName(provider.name);
    message.setProperties(toStruct(provider.properties ?? {}));
    return message;
}

// ---------------------------------------------------------------------------------------------
// Decoding.
// ---------------------------------------------------------------------------------------------

function convertAnalyzeResponse(response: analyzerProto.AnalyzeResponse): AnalysisResult {
    return {
        diagnostics: response.getDiagnosticsList().map((diagnostic) => ({
            policyName: diagnostic.getPolicyname(),
            policyPackName: diagnostic.getPolicypackname(),
            policyPackVersion: diagnostic.getPolicypackversion(),
            description: diagnostic.getDescription(),
            message: diagnostic.getMessage(),
            enforcementLevel: LEVEL_NAMES[diagnostic.getEnforcementlevel()] ?? "advisory",
            ...(diagnostic.getUrn() ? { urn: diagnostic.getUrn() } : {}),
            ...(SEVERITY_NAMES[diagnostic.getSeverity()] ? { severity: SEVERITY_NAMES[diagnostic.getSeverity()] } : {}),
        })),
        notApplicable: response.getNotApplicableList().map((entry) => ({
            policyName: entry.getPolicyName(),
            ...(entry.getReason() ? { reason: entry.getReason() } : {}),
        })),
    };
}

function convertAnalyzerInfo(response: analyzerProto.AnalyzerInfo): AnalyzerInfo {
    const initialConfig: Record<string, PolicyConfigValue> = {};
    response.getInitialconfigMap().forEach((value, key) => {
        initialConfig[key] = {
            enforcementLevel: LEVEL_NAMES[value.getEnforcementlevel()],
            properties: value.getProperties()?.toJavaScript() ?? {},
        };
    });
    return {
        name: response.getName(),
        version: response.getVersion(),
        displayName: response.getDisplayname() || undefined,
        description: response.getDescription() || undefined,
        supportsConfig: response.getSupportsconfig(),
        initialConfig,
        policies: response.getPoliciesList().map((policy): PolicyInfo => {
            const schema = policy.getConfigschema();
            const policyType = policy.getPolicyType();
            return {
                name: policy.getName(),
                displayName: policy.getDisplayname() || undefined,
                description: policy.getDescription(),
                enforcementLevel: LEVEL_NAMES[policy.getEnforcementlevel()] ?? "advisory",
                policyType:
                    policyType === analyzerProto.PolicyType.POLICY_TYPE_RESOURCE
                        ? "resource"
                        : policyType === analyzerProto.PolicyType.POLICY_TYPE_STACK
                          ? "stack"
                          : "unknown",
                severity: SEVERITY_NAMES[policy.getSeverity()],
                remediationSteps: policy.getRemediationSteps() || undefined,
                url: policy.getUrl() || undefined,
                tags: policy.getTagsList(),
                configSchema:
                    schema === undefined
                        ? undefined
                        : {
                              properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>,
                              required: schema.getRequiredList(),
                          },
            };
        }),
    };
}

// ---------------------------------------------------------------------------------------------
// Config reconciliation and validation, as the CLI does before `Configure`.
// ---------------------------------------------------------------------------------------------

const VALID_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function splitConfigValue(name: string, value: unknown, problems: string[]): PolicyConfigValue | undefined {
    if (typeof value === "string") {
        if (!VALID_LEVELS.includes(value as EnforcementLevel)) {
            problems.push(`"${name}": ${JSON.stringify(value)} is not a valid enforcement level`);
            return undefined;
        }
        return { enforcementLevel: value as EnforcementLevel };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`"${name}": must be an enforcement level or an object`);
        return undefined;
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && !VALID_LEVELS.includes(enforcementLevel as EnforcementLevel)) {
        problems.push(`"${name}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`);
        return undefined;
    }
    return { enforcementLevel: enforcementLevel as EnforcementLevel | undefined, properties };
}

/** Effective per-policy config: defaults, then the pack's initial config, then `config`, validated. */
export function reconcilePolicyPackConfig(info: AnalyzerInfo, config: PolicyPackConfig): Record<string, EffectivePolicyConfig> {
    const problems: string[] = [];
    const result: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> = {};
    for (const policy of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema.default !== undefined) {
                properties[key] = structuredClone(schema.default);
            }
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
    }
    const apply = (layer: Readonly<Record<string, PolicyConfigValue | undefined>>) => {
        const all = layer.all?.enforcementLevel;
        if (all !== undefined) {
            Object.values(result).forEach((entry) => (entry.enforcementLevel = all));
        }
        for (const [name, value] of Object.entries(layer)) {
            const entry = result[name];
            if (entry === undefined || value === undefined) {
                continue; // The CLI ignores config for policies the pack does not have.
            }
            if (value.enforcementLevel !== undefined) {
                entry.enforcementLevel = value.enforcementLevel;
            }
            Object.assign(entry.properties, value.properties ?? {});
        }
    };
    apply(info.initialConfig);
    const userLayer: Record<string, PolicyConfigValue | undefined> = {};
    for (const [name, value] of Object.entries(config)) {
        userLayer[name] = splitConfigValue(name, value, problems);
    }
    apply(userLayer);
    for (const policy of info.policies) {
        const schema: JsonSchema = {
            type: "object",
            properties: policy.configSchema?.properties ?? {},
            ...(policy.configSchema?.required?.length ? { required: policy.configSchema.required } : {}),
        };
        problems.push(
            ...jsonSchemaProblems(schema, result[policy.name].properties, "").map((problem) => `Policy "${policy.name}": ${problem}`),
        );
    }
    if (problems.length > 0) {
        throw new PolicyConfigValidationError(problems);
    }
    return result;
}

/** Validates the JSON-schema subset policy config schemas use; returns one message per problem. */
export function jsonSchemaProblems(schema: JsonSchema, value: unknown, where: string): string[] {
    const at = where === "" ? "" : `${where}: `;
    const problems: string[] = [];
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (types.length > 0 && !types.some((type) => matchesType(type, value))) {
        return [`${at}${describeValue(value)} is not of type ${types.join(" or ")}`];
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((candidate) => JSON.stringify(candidate) === JSON.stringify(value))) {
        problems.push(
            `${at}${JSON.stringify(value)} is not one of ${schema.enum.map((candidate) => JSON.stringify(candidate)).join(", ")}`,
        );
    }
    if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
        problems.push(`${at}must be ${JSON.stringify(schema.const)}`);
    }
    if (typeof value === "number") {
        const bound = (key: string, fails: (limit: number) => boolean, text: string) => {
            const limit = schema[key];
            if (typeof limit === "number" && fails(limit)) {
                problems.push(`${at}${value} must be ${text} ${limit}`);
            }
        };
        bound("minimum", (limit) => value < limit, "at least");
        bound("maximum", (limit) => value > limit, "at most");
        bound("exclusiveMinimum", (limit) => value <= limit, "greater than");
        bound("exclusiveMaximum", (limit) => value >= limit, "less than");
        if (typeof schema.multipleOf === "number" && value % schema.multipleOf !== 0) {
            problems.push(`${at}${value} must be a multiple of ${schema.multipleOf}`);
        }
    }
    if (typeof value === "string") {
        if (typeof schema.minLength === "number" && [...value].length < schema.minLength) {
            problems.push(`${at}must be at least ${schema.minLength} characters`);
        }
        if (typeof schema.maxLength === "number" && [...value].length > schema.maxLength) {
            problems.push(`${at}must be at most ${schema.maxLength} characters`);
        }
        if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
            problems.push(`${at}${JSON.stringify(value)} does not match ${schema.pattern}`);
        }
    }
    if (Array.isArray(value)) {
        if (typeof schema.minItems === "number" && value.length < schema.minItems) {
            problems.push(`${at}must have at least ${schema.minItems} items`);
        }
        if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
            problems.push(`${at}must have at most ${schema.maxItems} items`);
        }
        if (schema.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
            problems.push(`${at}items must be unique`);
        }
        if (typeof schema.items === "object" && schema.items !== null && !Array.isArray(schema.items)) {
            value.forEach((item, index) => problems.push(...jsonSchemaProblems(schema.items as JsonSchema, item, `${where}[${index}]`)));
        }
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
        for (const required of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
            if (record[required] === undefined) {
                problems.push(`${at}${required} is required`);
            }
        }
        for (const [key, item] of Object.entries(record)) {
            const childWhere = where === "" ? key : `${where}.${key}`;
            if (properties[key] !== undefined) {
                problems.push(...jsonSchemaProblems(properties[key], item, childWhere));
            } else if (schema.additionalProperties === false) {
                problems.push(`${childWhere}: is not allowed`);
            } else if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null) {
                problems.push(...jsonSchemaProblems(schema.additionalProperties as JsonSchema, item, childWhere));
            }
        }
    }
    return problems;
}

function matchesType(type: string, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "array":
            return Array.isArray(value);
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value);
        case "null":
            return value === null;
        default:
            return true;
    }
}

function describeValue(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    return typeof value === "object" ? "an object" : JSON.stringify(value);
}
