import type * as grpcTypes from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { spawn } from "child_process";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import { createRequire } from "module";
import * as path from "path";
import { performance } from "perf_hooks";
import { startEngineStandIn } from "../offline/policy-host/policy-host";
import { projectDirectory } from "../offline/program/program-run";

/**
 * Start time of the policy pack through Pulumi's own policy host (`@pulumi/pulumi/cmd/run-policy-pack`),
 * from spawn until the analyzer answers `GetAnalyzerInfo`, with either entry:
 *
 * - `typescript`: `policies/index.ts`. The host registers ts-node with `typeCheck: true` and the
 *   pack's tsconfig.json, as the Pulumi CLI does for a TypeScript pack (it always type-checks).
 * - `compiled`: `policies/bin/index.js` (the package.json `main`). The host still registers
 *   ts-node, but nothing is compiled.
 *
 * `offline/policy-host/policy-host.ts` refuses a TypeScript entry on purpose, so this spawns the host itself,
 * the same way, with the policy host's stand-in engine.
 */

const requireFromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof grpcTypes = requireFromPulumi("@grpc/grpc-js");
const { Empty }: typeof emptyTypes = requireFromPulumi("google-protobuf/google/protobuf/empty_pb");

export const PACK_DIR = path.join(projectDirectory(), "policies");

export type PackEntry = "typescript" | "compiled";

export interface PackStartResult {
    readonly entry: PackEntry;
    /** Spawn until the analyzer printed its port (the pack is loaded and serving). */
    readonly portMs: number;
    /** Spawn until `GetAnalyzerInfo` answered. */
    readonly readyMs: number;
    readonly policies: number;
}

export async function measurePackStart(entry: PackEntry, timeoutMs = 180_000): Promise<PackStartResult> {
    const program = path.join(PACK_DIR, entry === "typescript" ? "index.ts" : path.join("bin", "index.js"));
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });
    const engine = await startEngineStandIn([]);
    const start = performance.now();
    const child = spawn(process.execPath, [runPolicyPack, engine.address, program], {
        cwd: PACK_DIR,
        env: {
            ...process.env,
            PULUMI_NODEJS_ENGINE: engine.address,
            PULUMI_CONFIG: "{}",
            PULUMI_NODEJS_PROJECT: "azuread-aws-sso",
            PULUMI_NODEJS_STACK: "bench",
            PULUMI_NODEJS_DRY_RUN: "true",
            PULUMI_PROJECT: "azuread-aws-sso",
            PULUMI_STACK: "bench",
            PULUMI_DRY_RUN: "true",
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const killOnExit = () => child.kill("SIGKILL");
    process.on("exit", killOnExit);
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let buffered = "";
            const timer = setTimeout(
                () => reject(new Error(`policy pack (${entry}) printed no port within ${timeoutMs} ms\n${stderr}`)),
                timeoutMs,
            );
            child.stdout.setEncoding("utf8");
            child.stdout.on("data", (chunk: string) => {
                buffered += chunk;
                const line = buffered.split(/\r?\n/).find((text) => /^\d+$/.test(text.trim()));
                if (line !== undefined) {
                    clearTimeout(timer);
                    resolve(Number(line.trim()));
                }
            });
            child.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`policy pack (${entry}) exited with code ${code} before serving\n${stderr}`));
            });
        });
        const portMs = performance.now() - start;
        const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const policies = await new Promise<number>((resolve, reject) =>
            client.getAnalyzerInfo(new Empty(), (error, response) => (error ? reject(error) : resolve(response.getPoliciesList().length))),
        );
        const readyMs = performance.now() - start;
        client.close();
        return { entry, portMs, readyMs, policies };
    } finally {
        process.removeListener("exit", killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
            child.kill("SIGKILL");
            await exited;
        }
        engine.server.forceShutdown();
    }
}
