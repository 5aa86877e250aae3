import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DoctorEnvironment, runDoctor } from "../../../doctor/command";
import { DoctorReport } from "../../../doctor/report";
import { ProgramRun, projectDirectory, runProgramUnderMocks } from "../../../offline/program/program-run";
import { withAwsEnvironment } from "../../support/aws-environment";
import { GraphStandIn } from "../../support/graph-stand-in";
import { IamStandIn } from "../../support/iam-stand-in";
import { deployToStandIns } from "./deployed-stack";

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

export async function doctor(
    argv: readonly string[],
    overrides: Omit<Partial<DoctorEnvironment>, "now"> & { readonly now: Date },
): Promise<DoctorRun> {
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

/** The ids of a report's findings, sorted (every unit: the accounts and Identity Center). */
export function findingIds(run: DoctorRun): string[] {
    return (run.report?.accounts ?? []).flatMap((account) => account.findings.map((finding) => finding.id)).sort();
}

/** The report entry of the Identity Center app, when the run printed JSON and the stack has one. */
export function identityCenterUnit(run: DoctorRun): DoctorReport["accounts"][number] | undefined {
    return run.report?.accounts.find((entry) => entry.kind === "identity-center");
}

/** A committed stack deployed to fresh stand-ins before every test, with the doctor pointed at them. */
export interface DeployedWorld {
    readonly stack: string;
    readonly iam: IamStandIn;
    readonly graph: GraphStandIn;
    readonly run: ProgramRun;
    /** `accounts.sandbox` of the outputs (empty for a stack without it). */
    readonly sandbox: Record<string, any>;
    /** `identityCenter` of the outputs (empty for a stack without it). */
    readonly identityCenter: Record<string, any>;
    readonly outputsFile: string;
    readonly now: Date;
    /** Runs the doctor on the stack with --json, the outputs file and the Graph stand-in, plus `extra` arguments. */
    doctor(extra?: readonly string[], overrides?: Omit<Partial<DoctorEnvironment>, "now">): Promise<DoctorRun>;
    /** Until the next test, the doctor reads an edited copy of the outputs, as a stack output that no longer matches the clouds. */
    editOutputs(edit: (outputs: Record<string, any>) => void): void;
}

export const DEV_ACCOUNT = "111122223333";
const AMBIENT = {
    ambientAccountId: DEV_ACCOUNT,
    ambientAccessKeyId: "AKIADOCTOR0000000001",
    ambientSecretAccessKey: "doctor-secret-key-not-a-real-one",
};

/** Registers mocha hooks that give each test a healthy deployment of the dev stack; afterEach proves nothing was written. */
export function useDeployedDevStack(now: Date): DeployedWorld {
    return useDeployedStack("dev", now);
}

/** The same for any committed stack (`Pulumi.<stack>.yaml`), deployed from the program's own registrations. */
export function useDeployedStack(stack: string, now: Date): DeployedWorld {
    let restore: () => void = () => undefined;
    let deployedOutputsFile = "";
    const world = {
        stack,
        now,
        sandbox: {} as Record<string, any>,
        identityCenter: {} as Record<string, any>,
        doctor(extra: readonly string[] = [], overrides: Omit<Partial<DoctorEnvironment>, "now"> = {}) {
            return doctor(["--stack", stack, "--outputs", world.outputsFile, "--json", "--graph-url", world.graph.baseUrl, ...extra], {
                ...overrides,
                now,
            });
        },
        editOutputs(edit: (outputs: Record<string, any>) => void) {
            const outputs = structuredClone(world.run.stackOutputs) as Record<string, any>;
            edit(outputs);
            world.outputsFile = writeOutputsFile(outputs);
        },
    } as DeployedWorld & {
        iam: IamStandIn;
        graph: GraphStandIn;
        run: ProgramRun;
        outputsFile: string;
        sandbox: Record<string, any>;
        identityCenter: Record<string, any>;
    };

    before(async function () {
        this.timeout(120_000);
        [world.iam, world.graph] = await Promise.all([IamStandIn.start(), GraphStandIn.start({ readOnly: true })]);
        world.run = await runProgramUnderMocks({ stack });
        deployedOutputsFile = writeOutputsFile(world.run.stackOutputs);
        world.sandbox = (world.run.stackOutputs.accounts as Record<string, any>).sandbox ?? {};
        world.identityCenter = (world.run.stackOutputs.identityCenter as Record<string, any> | undefined) ?? {};
    });
    after(async () => {
        await Promise.all([world.iam?.stop(), world.graph?.stop()]);
    });
    beforeEach(() => {
        world.outputsFile = deployedOutputsFile;
        world.iam.reset();
        world.graph.reset();
        deployToStandIns(world.run, world.iam, world.graph, { now, ...AMBIENT });
        restore = withAwsEnvironment({
            AWS_ENDPOINT_URL_IAM: world.iam.endpoint,
            AWS_ENDPOINT_URL_STS: world.iam.endpoint,
            AWS_ACCESS_KEY_ID: AMBIENT.ambientAccessKeyId,
            AWS_SECRET_ACCESS_KEY: AMBIENT.ambientSecretAccessKey,
            GRAPH_ACCESS_TOKEN: world.graph.acceptedToken,
        });
    });
    afterEach(() => {
        restore();
        assert.deepStrictEqual(
            world.iam.refusedWrites.map((request) => request.action),
            [],
            "the doctor sent no IAM or STS write",
        );
        assert.deepStrictEqual(
            world.graph.refusedWrites.map((request) => `${request.method} ${request.path}`),
            [],
            "the doctor sent no Graph write",
        );
    });
    return world;
}
