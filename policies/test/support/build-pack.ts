import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The policy pack directory (policies/). */
export const PACK_DIR = path.resolve(__dirname, "..", "..");

/** Folders of the pack that hold no pack source: the compiled output, the tests and installed packages. */
const NOT_PACK_SOURCE = new Set(["bin", "test", "node_modules"]);

function modified(file: string): number {
    return fs.statSync(file).mtimeMs;
}

/** Every source file the pack build compiles, as paths relative to the pack directory, nested folders included. */
export function packSources(packDir = PACK_DIR, folder = ""): string[] {
    return fs.readdirSync(path.join(packDir, folder), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.join(folder, entry.name);
        if (entry.isDirectory()) {
            return folder === "" && NOT_PACK_SOURCE.has(entry.name) ? [] : packSources(packDir, relative);
        }
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative] : [];
    });
}

/** True when a compiled file is missing or older than its source or the build configuration. */
export function isPackStale(packDir = PACK_DIR): boolean {
    const configuration = Math.max(modified(path.join(packDir, "tsconfig.json")), modified(path.join(packDir, "package.json")));
    return packSources(packDir).some((file) => {
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
