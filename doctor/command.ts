import { parseArgs } from "util";
import { AccessTokenSource, DEFAULT_GRAPH_BASE_URL, RetryPolicy } from "../components/azure-ad/preferred-token-signing-key";
import { parseStackConfig, StackConfig, StackConfigError } from "../components/stack-config";
import { AwsAccountReader, AwsRetryOptions } from "../live/aws-account-reader";
import { graphAccessTokenFromEnvironment, graphBaseUrlProblem, GraphReader } from "../live/graph-reader";
import { exitWhenSettled, projectDirectory, readStackConfigFile } from "../offline/program/program-run";
import { checkDeployment, DEFAULT_THRESHOLDS, DoctorThresholds } from "./checks";
import { allReadings, identityCenterReadings } from "./checks/reachability";
import { expectedDeployment, parseStackOutputs, StackOutputsError } from "./expected-deployment";
import { FINDING_KINDS, isFindingId } from "./findings";
import { readDeploymentSnapshot } from "./live-snapshot";
import { buildReport, DoctorReport, FailOn, formatReport } from "./report";
import { DoctorInputError, readOutputsFile, readOutputsWithAutomation } from "./stack-outputs-source";

const USAGE = `Usage: npm run doctor -- --stack <name> [--outputs FILE] [--json] [--fail-on warning|error] [--graph-url URL]
         [--read-role NAME] [--certificate-days 60,30,7] [--access-key-days 90] [--break-glass-user NAME]... [--ignore ID]...

Checks the live deployment of a stack on both clouds, read-only (Get/List calls only), against its config
(Pulumi.<stack>.yaml) and outputs (--outputs FILE from \`pulumi stack output --json\`, else the Pulumi CLI):
every account, and the Entra side of IAM Identity Center (its AWS side is not read: a notice says so).

  --stack NAME            stack whose config and outputs describe the deployment (org/project/NAME works too)
  --outputs FILE          the stack outputs as \`pulumi stack output --json\` prints them
  --json                  print the report as JSON
  --fail-on LEVEL         exit 1 when a finding is at least this severe: error (default) or warning
  --graph-url URL         Microsoft Graph origin (default ${DEFAULT_GRAPH_BASE_URL})
  --read-role NAME        assume the role NAME in every account instead of its deployRoleArn (a read-only role)
  --certificate-days L    days before a certificate's end that give a notice, a warning, an error (default 60,30,7)
  --access-key-days N     age, and time unused, after which the role-import key is flagged (default 90)
  --break-glass-user NAME an IAM user allowed a console password (repeatable)
  --ignore ID             leave out findings with this id (repeatable)

Credentials: AWS from the SDK's default chain (then deployRoleArn or --read-role is assumed per account);
Microsoft Graph from GRAPH_ACCESS_TOKEN, else the azuread provider's (ARM_*, AZURE_*, managed identity, Azure CLI).
Exit codes: 0 healthy, 1 a finding at or above --fail-on, 2 bad input or no credentials.`;

/** What the command needs from its surroundings; tests pass stand-in endpoints and instant retries. */
export interface DoctorEnvironment {
    /** Where GRAPH_ACCESS_TOKEN and the azuread credentials are read; the AWS SDK reads process.env itself. */
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly now: () => Date;
    /** Folder with Pulumi.yaml and the stack files. */
    readonly projectDir: string;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** Outputs when no --outputs is given; default the Automation API. */
    readonly readOutputs?: (stack: string, projectDir: string) => Promise<unknown>;
    /** Graph token source; default GRAPH_ACCESS_TOKEN, else the credential chain. */
    readonly graphAccessToken?: AccessTokenSource;
    readonly awsRetry?: Partial<AwsRetryOptions>;
    readonly graphRetry?: Partial<RetryPolicy>;
}

interface DoctorArguments {
    readonly stack: string;
    readonly outputs?: string;
    readonly json: boolean;
    readonly failOn: FailOn;
    readonly graphUrl: string;
    readonly readRole?: string;
    readonly thresholds: DoctorThresholds;
    readonly ignore: readonly string[];
}

function parseDoctorArguments(argv: readonly string[]): DoctorArguments | "help" {
    let values;
    try {
        values = parseArgs({
            args: [...argv],
            options: {
                stack: { type: "string", short: "s" },
                outputs: { type: "string" },
                json: { type: "boolean", default: false },
                "fail-on": { type: "string", default: "error" },
                "graph-url": { type: "string", default: DEFAULT_GRAPH_BASE_URL },
                "read-role": { type: "string" },
                "certificate-days": { type: "string" },
                "access-key-days": { type: "string" },
                "break-glass-user": { type: "string", multiple: true, default: [] },
                ignore: { type: "string", multiple: true, default: [] },
                help: { type: "boolean", short: "h", default: false },
            },
            strict: true,
            allowPositionals: false,
        }).values;
    } catch (error) {
        throw new DoctorInputError(`${(error as Error).message}\n\n${USAGE}`);
    }
    if (values.help) return "help";
    if (!values.stack) throw new DoctorInputError(`--stack is required\n\n${USAGE}`);
    const failOn = values["fail-on"];
    if (failOn !== "error" && failOn !== "warning")
        throw new DoctorInputError(`--fail-on: "${failOn}" is not allowed; allowed: error, warning`);
    const graphUrl = (values["graph-url"] ?? DEFAULT_GRAPH_BASE_URL).trim().replace(/\/+$/, "");
    const urlProblem = graphBaseUrlProblem(graphUrl);
    if (urlProblem) throw new DoctorInputError(`--graph-url ${urlProblem}`);
    if (values["read-role"] !== undefined && !/^[\w+=,.@-]{1,64}$/.test(values["read-role"])) {
        throw new DoctorInputError(
            `--read-role: "${values["read-role"]}" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`,
        );
    }
    let certificateDays = DEFAULT_THRESHOLDS.certificateDays;
    if (values["certificate-days"] !== undefined) {
        const parts = values["certificate-days"].split(",").map((part) => part.trim());
        if (parts.length !== 3 || parts.some((part) => !/^\d+$/.test(part) || Number(part) === 0)) {
            throw new DoctorInputError(
                `--certificate-days: "${values["certificate-days"]}" is not allowed; give three whole numbers of days for notice, warning and error, such as 60,30,7`,
            );
        }
        const [notice, warning, error] = parts.map(Number).sort((a, b) => b - a);
        certificateDays = [notice, warning, error];
    }
    let accessKeyDays = DEFAULT_THRESHOLDS.accessKeyMaxAgeDays;
    if (values["access-key-days"] !== undefined) {
        if (!/^\d+$/.test(values["access-key-days"]) || Number(values["access-key-days"]) === 0) {
            throw new DoctorInputError(
                `--access-key-days: "${values["access-key-days"]}" is not allowed; give a whole number of days such as 90`,
            );
        }
        accessKeyDays = Number(values["access-key-days"]);
    }
    const ignore = values.ignore ?? [];
    const unknown = ignore.filter((id) => !isFindingId(id));
    if (unknown.length > 0) {
        throw new DoctorInputError(
            `--ignore: unknown finding id ${unknown.map((id) => `"${id}"`).join(", ")}; allowed: ${FINDING_KINDS.map((kind) => kind.id).join(", ")}`,
        );
    }
    return {
        stack: values.stack,
        outputs: values.outputs,
        json: values.json ?? false,
        failOn,
        graphUrl,
        readRole: values["read-role"],
        thresholds: {
            ...DEFAULT_THRESHOLDS,
            certificateDays,
            accessKeyMaxAgeDays: accessKeyDays,
            accessKeyMaxUnusedDays: accessKeyDays,
            breakGlassUsers: values["break-glass-user"] ?? [],
        },
        ignore,
    };
}

function loadConfig(stack: string, projectDir: string): { config: StackConfig; tenantId?: string } {
    let file;
    try {
        file = readStackConfigFile(stack, projectDir);
    } catch (error) {
        throw new DoctorInputError(`--stack: ${(error as Error).message}`);
    }
    try {
        return {
            config: parseStackConfig(file.config, { stack, defaultRegion: file.config["aws:region"] }),
            tenantId: file.config["azuread:tenantId"],
        };
    } catch (error) {
        if (error instanceof StackConfigError) throw new DoctorInputError(error.message);
        throw error;
    }
}

/** Runs the doctor; returns the exit code. Everything it reads of the clouds goes through Get/List calls. */
export async function runDoctor(argv: readonly string[], environment: DoctorEnvironment): Promise<number> {
    let report: DoctorReport;
    let json = false;
    try {
        const args = parseDoctorArguments(argv);
        if (args === "help") {
            environment.stdout(`${USAGE}\n`);
            return 0;
        }
        json = args.json;
        const shortStack = args.stack.split("/").pop() ?? args.stack;
        const { config, tenantId } = loadConfig(shortStack, environment.projectDir);
        const rawOutputs = args.outputs
            ? readOutputsFile(args.outputs)
            : await (environment.readOutputs ?? readOutputsWithAutomation)(args.stack, environment.projectDir);
        let outputs;
        try {
            outputs = parseStackOutputs(rawOutputs);
        } catch (error) {
            if (error instanceof StackOutputsError)
                throw new DoctorInputError(`${args.outputs ? `--outputs ${args.outputs}` : `stack ${args.stack}`}: ${error.message}`);
            throw error;
        }
        if (tenantId && tenantId.toLowerCase() !== outputs.tenantId.toLowerCase()) {
            throw new DoctorInputError(
                `The outputs are for tenant ${outputs.tenantId}, but Pulumi.${shortStack}.yaml sets azuread:tenantId ${tenantId}: are they from another stack?`,
            );
        }
        const expected = expectedDeployment(shortStack, config, outputs);
        const graph = new GraphReader({
            baseUrl: args.graphUrl,
            accessToken: environment.graphAccessToken ?? graphAccessTokenFromEnvironment(environment.env, args.graphUrl).accessToken,
            retry: environment.graphRetry,
        });
        const snapshot = await readDeploymentSnapshot(expected, graph, (account) =>
            AwsAccountReader.open(
                {
                    accountId: account.accountId,
                    region: account.region,
                    roleArn: args.readRole ? `arn:aws:iam::${account.accountId}:role/${args.readRole}` : account.deployRoleArn,
                    roleSessionName: `azuread-aws-sso-doctor-${shortStack}`.slice(0, 64),
                },
                { retry: environment.awsRetry },
            ),
        );
        const readings = [
            ...Object.values(snapshot.accounts).flatMap(allReadings),
            ...(snapshot.identityCenter ? identityCenterReadings(snapshot.identityCenter) : []),
        ];
        const missing = [
            ...new Set(
                readings.flatMap((reading) => (!reading.ok && reading.failure.kind === "no-credentials" ? [reading.failure.message] : [])),
            ),
        ];
        if (missing.length > 0) {
            environment.stderr(`No credentials:\n${missing.map((message) => `  - ${message}`).join("\n")}\n`);
            return 2;
        }
        const now = environment.now();
        const findings = checkDeployment(expected, snapshot, { now, tenantId: outputs.tenantId, thresholds: args.thresholds });
        const identityCenter = expected.identityCenter ?? expected.undeployedIdentityCenter;
        report = buildReport(
            [
                ...[...expected.accounts, ...expected.undeployedAccounts].map((account) => ({
                    name: account.name,
                    accountId: account.accountId,
                    kind: "account" as const,
                })),
                ...(identityCenter
                    ? [{ name: identityCenter.name, accountId: identityCenter.accountId, kind: "identity-center" as const }]
                    : []),
            ],
            findings,
            { stack: shortStack, now, failOn: args.failOn, ignore: args.ignore },
        );
    } catch (error) {
        if (error instanceof DoctorInputError) {
            environment.stderr(`${error.message}\n`);
            return 2;
        }
        throw error;
    }
    environment.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.exitCode;
}

if (require.main === module) {
    exitWhenSettled(
        runDoctor(process.argv.slice(2), {
            env: process.env,
            now: () => new Date(),
            projectDir: projectDirectory(),
            stdout: (text) => process.stdout.write(text),
            stderr: (text) => process.stderr.write(text),
        }),
    );
}
