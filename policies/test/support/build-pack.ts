import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The policy pack directory (policies/). */
export const PACK_DIR = path.resolve(__dirname, "..", "..");

function modified(file: string): number {
    return fs.statSync(file).mtimeMs;
}

/** True when a compiled file is missing or older than its source or the build configuration. */
export function isPackStale(packDir = PACK_DIR): boolean {
    const configuration = Math.max(modified(path.join(packDir, "tsconfig.json")), modified(path.join(packDir, "package.json")));
    return fs
        .readdirSync(packDir)
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
        .some((file) => {
            const compiled = path.join(packDir, "bin", file.replace(/\.ts$/, ".js"));
            return !fs.existsSync(compiled) || modified(compiled) < Math.max(modified(path.join(packDir, file)), configuration);
        });
}

/** Compiles the pack with its own build (`tsc -p policies/tsconfig.json`) when it is missing or stale. */
export function ensurePackBuilt(packDir = PACK_DIR): void {
    if (!isPackStale(packDir)) {
        return;
    }
    try {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(packDir, "tsconfig.json")], {
            cwd: packDir,
            stdio: "pipe",
            encoding: "utf8",
        });
    } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(`building the policy pack failed:\n${stdout ?? ""}${stderr ?? ""}`);
    }
}
