import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DoctorEnvironment, runDoctor } from "../../doctor/command";
import { DoctorReport } from "../../doctor/report";
import { projectDirectory } from "../../offline/program-run";

/** One doctor run as the command line would see it. */
export interface DoctorRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    /** Parsed when the run printed JSON. */
    readonly report?: DoctorReport;
}

/** Writes the outputs as `pulumi stack output --json` would, into a fresh temporary file. */
export function writeOutputsFile(outputs: unknown): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-outputs-"));
    const file = path.join(directory, "outputs.json");
    fs.writeFileSync(file, JSON.stringify(outputs, null, 2));
    return file;
}

export async function doctor(argv: readonly string[], overrides: Omit<Partial<DoctorEnvironment>, "now"> & { readonly now: Date }): Promise<DoctorRun> {
    let stdout = "";
    let stderr = "";
    const code = await runDoctor(argv, {
        env: process.env,
        projectDir: projectDirectory(),
        awsRetry: { maxAttempts: 3, backoffMs: () => 1 },
        graphRetry: { maxAttempts: 3, sleep: async () => undefined },
        ...overrides,
        now: () => overrides.now,
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
    });
    let report: DoctorReport | undefined;
    if (argv.includes("--json") && code !== 2) report = JSON.parse(stdout) as DoctorReport;
    return { code, stdout, stderr, report };
}

/** The ids of a report's findings, sorted. */
export function findingIds(run: DoctorRun): string[] {
    return (run.report?.accounts ?? []).flatMap((account) => account.findings.map((finding) => finding.id)).sort();
}
