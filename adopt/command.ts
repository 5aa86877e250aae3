import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { AccessTokenSource, DEFAULT_GRAPH_BASE_URL, RetryPolicy } from "../components/azure-ad/preferred-token-signing-key";
import { AwsAccountReader, AwsCredentialIdentity, AwsRetryOptions } from "../live/aws-account-reader";
import { graphAccessTokenFromEnvironment, graphBaseUrlProblem, GraphReader } from "../live/graph-reader";
import { LiveReadError } from "../live/read-failure";
import { exitWhenSettled, projectDirectory } from "../offline/program/program-run";
import { planAdoption } from "./adoption-plan";
import { adoptionReport, formatAdoptionReport } from "./change-report";
import { stackFileText } from "./config-writer";
import { AccountArgument, discoverAccount, discoverApps } from "./discovery";

const USAGE = `Usage: npm run adopt -- --stack <new stack> --account <name>=<account id>[:<deployRoleArn>] ... [--tenant ID]
         [--graph-url URL] [--region REGION] [--out DIR] [--json] [--force]

Reads an Azure AD (Entra ID) to AWS setup made by hand (the tutorial: gallery apps, SAML providers, console roles,
the role import) and writes Pulumi.<stack>.yaml whose first pulumi up imports it: nothing replaced, every in-place
change held and listed in the order that keeps sign-in working. Read only: Get/List calls on IAM and STS, GETs on Graph.

  --stack NAME               name of the new stack (Pulumi.NAME.yaml)
  --account NAME=ID[:ROLE]   logical account name, 12-digit account id, and optionally a role ARN to assume there (repeatable)
  --tenant ID                Azure AD tenant id (default: the one the SAML providers' metadata names)
  --graph-url URL            Microsoft Graph origin (default ${DEFAULT_GRAPH_BASE_URL})
  --region REGION            region of the AWS clients, written as aws:region (default AWS_REGION, else us-east-1)
  --out DIR                  folder to write Pulumi.<stack>.yaml and adopt-<stack>.txt (default the project folder)
  --json                     print the report as JSON
  --force                    overwrite an existing Pulumi.<stack>.yaml

Credentials: AWS from the SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...; endpoints AWS_ENDPOINT_URL*), then each
account's role; Graph from GRAPH_ACCESS_TOKEN, else the azuread credentials (ARM_* / AZURE_* / managed identity / Azure CLI).
Graph permissions: Application.Read.All, Policy.Read.All, Synchronization.Read.All, User.Read.All.
Exit codes: 0 written, 1 written but something cannot be adopted as is, 2 bad input, no credentials or nothing found.`;

/** What the command needs from its surroundings; tests pass stand-in endpoints and instant retries. */
export interface AdoptEnvironment {
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly now: () => Date;
    /** Folder with Pulumi.yaml: the default --out. */
    readonly projectDir: string;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    readonly graphAccessToken?: AccessTokenSource;
    readonly awsCredentials?: AwsCredentialIdentity;
    readonly awsRetry?: Partial<AwsRetryOptions>;
    readonly graphRetry?: Partial<RetryPolicy>;
}

/** Bad command-line input: exit 2 with the message. */
export class AdoptInputError extends Error {}

interface AdoptArguments {
    readonly stack: string;
    readonly accounts: readonly AccountArgument[];
    readonly tenant?: string;
    readonly graphUrl: string;
    readonly region: string;
    readonly out?: string;
    readonly json: boolean;
    readonly force: boolean;
}

const ACCOUNT_ARGUMENT = /^([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)=(\d{12})(?::(arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+))?$/;
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseAdoptArguments(argv: readonly string[], env: AdoptEnvironment["env"]): AdoptArguments | "help" {
    let values;
    try {
        values = parseArgs({
            args: [...argv],
            options: {
                stack: { type: "string" },
                account: { type: "string", multiple: true },
                tenant: { type: "string" },
                "graph-url": { type: "string" },
                region: { type: "string" },
                out: { type: "string" },
                json: { type: "boolean" },
                force: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }).values;
    } catch (error) {
        throw new AdoptInputError(`${(error as Error).message}\n\n${USAGE}`);
    }
    if (values.help) return "help";
    if (!values.stack) throw new AdoptInputError(`--stack is required\n\n${USAGE}`);
    if (!STACK_NAME.test(values.stack))
        throw new AdoptInputError(`--stack: "${values.stack}" is not a stack name (letters, digits, _ . -)`);
    const accounts = (values.account ?? []).map((text) => {
        const match = ACCOUNT_ARGUMENT.exec(text);
        if (!match) {
            throw new AdoptInputError(
                `--account: "${text}" is not allowed; use name=<12-digit account id>[:<role ARN>], the name lower-case letters, digits and hyphens (1-40)`,
            );
        }
        if (match[3] && !match[3].includes(`::${match[2]}:`))
            throw new AdoptInputError(`--account: ${match[3]} is in another account than ${match[2]}`);
        return { name: match[1], accountId: match[2], ...(match[3] ? { deployRoleArn: match[3] } : {}) };
    });
    if (accounts.length === 0) throw new AdoptInputError(`--account is required at least once\n\n${USAGE}`);
    for (const key of ["name", "accountId"] as const) {
        const seen = new Set<string>();
        for (const account of accounts) {
            if (seen.has(account[key]))
                throw new AdoptInputError(`--account: duplicate ${key === "name" ? "account name" : "account id"} ${account[key]}`);
            seen.add(account[key]);
        }
    }
    if (values.tenant !== undefined && !UUID.test(values.tenant))
        throw new AdoptInputError(`--tenant: "${values.tenant}" is not a tenant id (UUID)`);
    const graphUrl = (values["graph-url"] ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, "");
    const urlProblem = graphBaseUrlProblem(graphUrl);
    if (urlProblem) throw new AdoptInputError(`--graph-url ${urlProblem}`);
    const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/.test(region))
        throw new AdoptInputError(`--region: "${region}" is not an AWS region code such as eu-central-1`);
    return {
        stack: values.stack,
        accounts,
        tenant: values.tenant,
        graphUrl,
        region,
        out: values.out,
        json: values.json ?? false,
        force: values.force ?? false,
    };
}

/** Runs the adoption; returns the exit code. Nothing in either cloud is written. */
export async function runAdopt(argv: readonly string[], environment: AdoptEnvironment): Promise<number> {
    let args: AdoptArguments | "help";
    try {
        args = parseAdoptArguments(argv, environment.env);
    } catch (error) {
        if (error instanceof AdoptInputError) {
            environment.stderr(`${error.message}\n`);
            return 2;
        }
        throw error;
    }
    if (args === "help") {
        environment.stdout(`${USAGE}\n`);
        return 0;
    }
    const outDir = path.resolve(args.out ?? environment.projectDir);
    const stackFile = path.join(outDir, `Pulumi.${args.stack}.yaml`);
    if (fs.existsSync(stackFile) && !args.force) {
        environment.stderr(`${stackFile} exists; adopt writes a new stack. Choose another --stack, or pass --force to overwrite it.\n`);
        return 2;
    }
    const graph = new GraphReader({
        baseUrl: args.graphUrl,
        accessToken: environment.graphAccessToken ?? graphAccessTokenFromEnvironment(environment.env, args.graphUrl).accessToken,
        retry: environment.graphRetry,
    });
    let discovery;
    try {
        const apps = await discoverApps(graph);
        const accounts = [];
        for (const account of args.accounts) {
            const reader = AwsAccountReader.open(
                {
                    accountId: account.accountId,
                    region: args.region,
                    roleArn: account.deployRoleArn,
                    roleSessionName: `azuread-aws-sso-adopt-${args.stack}`.slice(0, 64),
                },
                { retry: environment.awsRetry, ...(environment.awsCredentials ? { credentials: environment.awsCredentials } : {}) },
            );
            try {
                accounts.push(await discoverAccount(account, reader));
            } finally {
                reader.close();
            }
        }
        discovery = { accounts, apps };
    } catch (error) {
        if (error instanceof LiveReadError) {
            environment.stderr(`Could not read what exists, so nothing was written: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
    const plan = planAdoption({ stack: args.stack, discovery, tenantId: args.tenant, region: args.region, now: environment.now() });
    if (plan.accounts.length === 0) {
        environment.stderr(
            `${formatAdoptionReport(adoptionReport(plan), args.stack)}\n\nNothing to adopt: no account matched an AWS gallery-app instance; nothing was written.\n`,
        );
        return 2;
    }
    const report = adoptionReport(plan);
    const text = formatAdoptionReport(report, args.stack);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(stackFile, stackFileText(plan, report, environment.now()));
    fs.writeFileSync(path.join(outDir, `adopt-${args.stack}.txt`), `${text}\n`);
    environment.stdout(args.json ? `${JSON.stringify({ stackFile, ...report }, null, 2)}\n` : `${text}\n\nWrote ${stackFile}\n`);
    return report.findings.some((finding) => finding.kind === "cannot-adopt") ? 1 : 0;
}

if (require.main === module) {
    exitWhenSettled(
        runAdopt(process.argv.slice(2), {
            env: process.env,
            now: () => new Date(),
            projectDir: projectDirectory(),
            stdout: (text) => process.stdout.write(text),
            stderr: (text) => process.stderr.write(text),
        }),
    );
}
