import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { runAdopt } from "../../../adopt/command";
import { AdoptionReport } from "../../../adopt/change-report";
import { RESOURCE_TYPES } from "../../../adopt/import-plan";
import { generateSigningCertificate } from "../../../offline/program/certificates";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";
import {
    projectDirectory,
    ProgramRun,
    readStackConfigFile,
    RegisteredResource,
    runProgramUnderMocks,
} from "../../../offline/program/program-run";
import { withAwsEnvironment } from "../../support/aws-environment";
import { GraphStandIn } from "../../support/graph-stand-in";
import { IamStandIn } from "../../support/iam-stand-in";
import {
    AMBIENT_KEY,
    AMBIENT_SECRET,
    certificatesByEndDate,
    GRAPH_TOKEN,
    HandMadeSetup,
    installSetup,
    READ_ROLE,
    TENANT_ID,
} from "./hand-made-setup";

export const STACK = "adopted";

/** One adoption against the stand-ins: what the command printed and wrote. */
export interface Adoption {
    readonly code: number;
    readonly stderr: string;
    readonly report: AdoptionReport & { readonly stackFile: string };
    readonly directory: string;
    /** `config` of the written Pulumi.<stack>.yaml. */
    readonly stackConfig: Record<string, unknown>;
    readonly stackFileText: string;
}

/** Installs the setup, runs `npm run adopt` (in process) against the Graph and IAM stand-ins, and reads what it wrote. */
export async function adoptSetup(
    setup: HandMadeSetup,
    graph: GraphStandIn,
    iam: IamStandIn,
    accountNames: readonly string[],
): Promise<Adoption> {
    graph.reset();
    iam.reset();
    installSetup(setup, graph, iam);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-"));
    fs.copyFileSync(path.join(projectDirectory(), "Pulumi.yaml"), path.join(directory, "Pulumi.yaml"));
    const accounts = setup.accounts.flatMap((account, index) => [
        "--account",
        `${accountNames[index]}=${account.accountId}${index === 0 ? "" : `:arn:aws:iam::${account.accountId}:role/${READ_ROLE}`}`,
    ]);
    const restore = withAwsEnvironment({
        AWS_ENDPOINT_URL_IAM: iam.endpoint,
        AWS_ENDPOINT_URL_STS: iam.endpoint,
        AWS_ACCESS_KEY_ID: AMBIENT_KEY,
        AWS_SECRET_ACCESS_KEY: AMBIENT_SECRET,
    });
    let stdout = "";
    let stderr = "";
    let code: number;
    try {
        code = await runAdopt(["--stack", STACK, ...accounts, "--graph-url", graph.baseUrl, "--out", directory, "--json"], {
            env: {},
            now: () => new Date("2026-12-01T12:00:00Z"),
            projectDir: directory,
            stdout: (text) => (stdout += text),
            stderr: (text) => (stderr += text),
            graphAccessToken: async () => GRAPH_TOKEN,
            awsRetry: { maxAttempts: 2, backoffMs: () => 1 },
            graphRetry: { sleep: async () => undefined, maxAttempts: 2 },
        });
    } finally {
        restore();
    }
    assert.ok(stdout, `adopt printed nothing; stderr: ${stderr}`);
    const stackFile = fs.readFileSync(path.join(directory, `Pulumi.${STACK}.yaml`), "utf8");
    return {
        code,
        stderr,
        report: JSON.parse(stdout),
        directory,
        stackConfig: (parseYaml(stackFile) as { config: Record<string, unknown> }).config,
        stackFileText: stackFile,
    };
}

/**
 * Runs the program unchanged under the mocks with the written stack file. The stand-in answers each
 * adopted certificate with the live one (same end date), as an import would read it.
 */
export async function runAdoptedProgram(adoption: Adoption, setup: HandMadeSetup, previous?: ProgramRun): Promise<ProgramRun> {
    const file = readStackConfigFile(STACK, adoption.directory);
    const live = certificatesByEndDate(setup);
    // A later run of the same stack keeps the clouds' state (the issued key, for one).
    const standIns =
        previous?.standIns ??
        new CloudStandIns({
            tenantId: TENANT_ID,
            issueCertificate: (options) => live.get(options.notAfter.toISOString()) ?? generateSigningCertificate(options),
        });
    return runProgramUnderMocks({ stack: STACK, config: file.config, secretKeys: file.secretKeys, standIns });
}

/** The registered resource of this name and type; fails when there is none or several. */
export function registered(run: ProgramRun, type: string, name: string): RegisteredResource {
    const found = run.resources.filter((resource) => resource.type === type && resource.name === name);
    assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

/**
 * Inputs of each program resource type that force a replacement, and those that change in place, as the
 * providers declare them (Pulumi registry docs: "Changing this forces a new resource").
 */
export const REPLACEMENT_INPUTS: Readonly<Record<string, readonly string[]>> = {
    [RESOURCE_TYPES.applicationFromTemplate]: ["templateId"],
    [RESOURCE_TYPES.identifierUri]: ["identifierUri"],
    [RESOURCE_TYPES.signingCertificate]: ["displayName", "endDate"],
    [RESOURCE_TYPES.appRole]: ["roleId"],
    [RESOURCE_TYPES.assignment]: ["appRoleId", "principalObjectId"],
    [RESOURCE_TYPES.synchronizationJob]: ["templateId"],
    [RESOURCE_TYPES.samlProvider]: ["name"],
    [RESOURCE_TYPES.role]: ["name", "path"],
    [RESOURCE_TYPES.rolePolicyAttachment]: ["role", "policyArn"],
    [RESOURCE_TYPES.rolePolicy]: ["role", "name"],
    [RESOURCE_TYPES.policy]: ["name", "path", "description"],
    [RESOURCE_TYPES.userPolicyAttachment]: ["user", "policyArn"],
};

export const IN_PLACE_INPUTS: Readonly<Record<string, readonly string[]>> = {
    [RESOURCE_TYPES.applicationFromTemplate]: ["displayName"],
    [RESOURCE_TYPES.servicePrincipal]: ["appRoleAssignmentRequired", "preferredSingleSignOnMode", "notificationEmailAddresses"],
    [RESOURCE_TYPES.redirectUris]: ["redirectUris"],
    [RESOURCE_TYPES.preferredSigningKey]: ["thumbprint"],
    [RESOURCE_TYPES.appRole]: ["value", "displayName", "description", "allowedMemberTypes"],
    [RESOURCE_TYPES.synchronizationJob]: ["enabled"],
    [RESOURCE_TYPES.claimsMappingPolicy]: ["definitions", "displayName"],
    [RESOURCE_TYPES.samlProvider]: ["samlMetadataDocument"],
    [RESOURCE_TYPES.role]: ["assumeRolePolicy", "description", "maxSessionDuration", "permissionsBoundary", "tags"],
    [RESOURCE_TYPES.rolePolicy]: ["policy"],
    [RESOURCE_TYPES.policy]: ["policy"],
    [RESOURCE_TYPES.user]: ["name"],
};

/** Equal as the providers compare: JSON documents by value, key order and one-element lists aside, absent and empty alike. */
export function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(value: unknown): unknown {
    if (typeof value === "string" && /^\s*[{[]/.test(value)) {
        try {
            return normalize(JSON.parse(value));
        } catch {
            return value;
        }
    }
    if (Array.isArray(value)) return value.length === 1 ? normalize(value[0]) : value.map(normalize);
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== null);
        return entries.length === 0
            ? undefined
            : Object.fromEntries(entries.sort(([x], [y]) => x.localeCompare(y)).map(([key, entry]) => [key, normalize(entry)]));
    }
    return value === null || value === "" ? undefined : value;
}
