import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { CloudStandIns } from "./cloud-stand-ins";
import { outputIsSecret, outputValue } from "./output-value";

/** The project name in Pulumi.yaml; also the config namespace. */
export const PROJECT_NAME = "azuread-aws-sso";
/** Tenant the stand-ins answer for when the stack config sets no `azuread:tenantId`. */
export const STAND_IN_TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
/** What an encrypted (`secure:`) config value becomes offline, where no decryption key exists. */
export const OFFLINE_SECRET_PLACEHOLDER = "Offline-Stand-In-Secret-1!";

/** A resource the program registered, as the engine would see it. */
export interface RegisteredResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** Parent URN. */
    readonly parent?: string;
    /** Explicit provider reference, `<provider urn>::<provider id>`. */
    readonly provider?: string;
    readonly id?: string;
    /** The `import` option: the cloud id the engine would import instead of creating. */
    readonly importId?: string;
    /** Inputs as registered, plain values (secrets unwrapped). */
    readonly inputs: Record<string, unknown>;
    /** Inputs merged with what the stand-ins returned. */
    readonly outputs: Record<string, unknown>;
    /** Top-level input names whose values were secrets. */
    readonly secretInputs: readonly string[];
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly options: {
        readonly protect?: boolean;
        readonly ignoreChanges?: readonly string[];
        readonly deleteBeforeReplace?: boolean;
        readonly additionalSecretOutputs?: readonly string[];
        readonly aliases?: readonly string[];
        readonly customTimeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
        readonly retainOnDelete?: boolean;
    };
}

/** One evaluation of the program under the stand-ins. */
export interface ProgramRun {
    readonly project: string;
    readonly stack: string;
    readonly resources: readonly RegisteredResource[];
    /** The program's exports, resolved to plain values (secrets unwrapped, so leaks are visible). */
    readonly stackOutputs: Record<string, unknown>;
    /** Export names whose values are secret. */
    readonly secretStackOutputs: readonly string[];
    readonly standIns: CloudStandIns;
}

export interface RunProgramOptions {
    readonly stack?: string;
    /** Raw config: `namespace:key` to string, objects JSON-encoded. Defaults to `Pulumi.<stack>.yaml`. */
    readonly config?: Readonly<Record<string, string>>;
    /** Config keys holding secrets. */
    readonly secretKeys?: readonly string[];
    /** The clouds; by default fresh stand-ins for the config's tenant. */
    readonly standIns?: CloudStandIns;
    /** Program entry; defaults to this package's `index` (TypeScript under ts-node, JavaScript when compiled). */
    readonly programPath?: string;
    /** Runs as `pulumi preview` would (the SDK's dry-run flag). */
    readonly preview?: boolean;
}

export interface StackConfigFile {
    /** The project name from Pulumi.yaml: the namespace of keys written without one. */
    readonly project: string;
    readonly config: Record<string, string>;
    /** Keys whose values were `secure:` and are replaced by `OFFLINE_SECRET_PLACEHOLDER`. */
    readonly secretKeys: string[];
}

/**
 * Reads `Pulumi.<stack>.yaml` into raw config as the engine passes it to a program: keys get the
 * project namespace when they have none, structured values are JSON-encoded, scalars become strings.
 */
export function readStackConfigFile(stack: string, projectDir: string = projectDirectory()): StackConfigFile {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new Error(`no stack config file ${file}; stacks here: ${listStacks(projectDir).join(", ") || "none"}`);
    }
    const document = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const project =
        (parseYaml(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { name?: string } | null)?.name ?? PROJECT_NAME;
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(document?.config ?? {})) {
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        if (value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            config[fullKey] = OFFLINE_SECRET_PLACEHOLDER;
            secretKeys.push(fullKey);
        } else {
            config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { project, config, secretKeys };
}

/** The folder holding Pulumi.yaml, found from this module whether it runs as TypeScript or from `bin/`. */
export function projectDirectory(): string {
    for (let directory = __dirname; ; directory = path.dirname(directory)) {
        if (fs.existsSync(path.join(directory, "Pulumi.yaml"))) {
            return directory;
        }
        if (path.dirname(directory) === directory) {
            throw new Error(`no Pulumi.yaml above ${__dirname}`);
        }
    }
}

/** Stack names that have a `Pulumi.<stack>.yaml` in the project. */
export function listStacks(projectDir: string = projectDirectory()): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined);
}

/**
 * Runs the Pulumi program unchanged under the cloud stand-ins and returns every registration with
 * its inputs, options and dependencies, as the engine would receive them.
 */
export async function runProgramUnderMocks(options: RunProgramOptions = {}): Promise<ProgramRun> {
    const stack = options.stack ?? "dev";
    const file = options.config ? undefined : readStackConfigFile(stack);
    const config = options.config ?? file!.config;
    const secretKeys = options.secretKeys ?? file?.secretKeys ?? [];
    const standIns =
        options.standIns ??
        new CloudStandIns({
            tenantId: config["azuread:tenantId"] ?? STAND_IN_TENANT_ID,
            directoryGroups: configuredIdentityCenterGroups(config),
        });

    pulumi.runtime.setAllConfig({ ...config }, [...secretKeys]);
    await pulumi.runtime.setMocks(standIns, PROJECT_NAME, stack, options.preview ?? false);
    const registrations = recordRegistrations();

    const programPath = require.resolve(options.programPath ?? path.join(__dirname, "..", "..", "index"));
    delete require.cache[programPath];
    const programExports = require(programPath) as Record<string, unknown>;

    const stackOutputs: Record<string, unknown> = {};
    const secretStackOutputs: string[] = [];
    for (const [name, value] of Object.entries(programExports)) {
        const output = pulumi.output(value);
        stackOutputs[name] = await outputValue(output);
        if (await outputIsSecret(output)) {
            secretStackOutputs.push(name);
        }
    }
    await waitForRegistrations();
    return { project: PROJECT_NAME, stack, resources: await registrations.settled(), stackOutputs, secretStackOutputs, standIns };
}

/**
 * Ends a command's process with the exit code its run settles on; a crash is exit 2 with its stack,
 * the code every command here uses for input it could not handle.
 */
export function exitWhenSettled(exitCode: Promise<number>): void {
    exitCode.then(
        (code) => process.exit(code),
        (error) => {
            process.stderr.write(`${(error as Error).stack ?? error}\n`);
            process.exit(2);
        },
    );
}

/** The directory holds the Entra groups an identityCenter block names, as the real tenant would. */
export function configuredIdentityCenterGroups(config: Readonly<Record<string, string>>): { objectId: string; displayName: string }[] {
    try {
        const groups = JSON.parse(config[`${PROJECT_NAME}:identityCenter`] ?? "{}").groups;
        return Array.isArray(groups)
            ? groups.filter((group) => typeof group?.objectId === "string" && typeof group?.displayName === "string")
            : [];
    } catch {
        return [];
    }
}

async function waitForRegistrations(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
    await settings.waitForRPCs?.();
}

type MonitorCall = (request: any, callback: (error: unknown, response: any) => void) => Promise<void>;

/**
 * Wraps the current mock monitor so every RegisterResource and ReadResource (stack references)
 * request is kept with its URN, parent, provider, options and dependencies, which the mocks
 * alone never see. Install after `setMocks`; `settled()` awaits every answer.
 */
export function recordRegistrations(): { settled(): Promise<RegisteredResource[]> } {
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: MonitorCall; readResource: MonitorCall };
    const pending: Promise<RegisteredResource | undefined>[] = [];
    const wrap =
        (original: MonitorCall, toResource: (request: any, response: any) => RegisteredResource): MonitorCall =>
        (request, callback) => {
            let done!: (resource: RegisteredResource | undefined) => void;
            pending.push(new Promise((resolve) => (done = resolve)));
            return original(request, (error, response) => {
                done(error ? undefined : toResource(request, response));
                callback(error, response);
            });
        };
    monitor.registerResource = wrap(monitor.registerResource.bind(monitor), toRegisteredResource);
    monitor.readResource = wrap(monitor.readResource.bind(monitor), toReadResource);
    return {
        async settled() {
            const resources = await Promise.all(pending);
            return resources.filter((resource): resource is RegisteredResource => resource !== undefined);
        },
    };
}

const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";

function toRegisteredResource(request: any, response: any): RegisteredResource {
    const rawInputs = request.getObject()?.toJavaScript() ?? {};
    const secretInputs = Object.keys(rawInputs).filter((key) => containsSecret(rawInputs[key]));
    const inputs = unwrapSecrets(rawInputs) as Record<string, unknown>;
    const state = unwrapSecrets(response.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const propertyDependencies: Record<string, string[]> = {};
    request.getPropertydependenciesMap().forEach((value: any, key: string) => {
        propertyDependencies[key] = value.getUrnsList();
    });
    const timeouts = request.getCustomtimeouts();
    return {
        urn: response.getUrn(),
        type: request.getType(),
        name: request.getName(),
        custom: request.getCustom(),
        parent: request.getParent() || undefined,
        provider: request.getProvider() || undefined,
        id: response.getId() || undefined,
        importId: request.getImportid() || undefined,
        inputs,
        outputs: { ...inputs, ...state },
        secretInputs,
        dependencies: request.getDependenciesList(),
        propertyDependencies,
        options: {
            protect: request.getProtect() || undefined,
            ignoreChanges: request.getIgnorechangesList(),
            deleteBeforeReplace: request.getDeletebeforereplace() || undefined,
            additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
            aliases: request.getAliasurnsList(),
            customTimeouts: timeouts
                ? {
                      create: timeouts.getCreate() || undefined,
                      update: timeouts.getUpdate() || undefined,
                      delete: timeouts.getDelete() || undefined,
                  }
                : undefined,
            retainOnDelete: request.getRetainondelete() || undefined,
        },
    };
}

function toReadResource(request: any, response: any): RegisteredResource {
    const inputs = unwrapSecrets(request.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const state = unwrapSecrets(response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
    return {
        urn: response.getUrn(),
        type: request.getType(),
        name: request.getName(),
        custom: true,
        parent: request.getParent() || undefined,
        provider: request.getProvider() || undefined,
        id: request.getId() || undefined,
        inputs,
        outputs: { ...inputs, ...state },
        secretInputs: [],
        dependencies: request.getDependenciesList(),
        propertyDependencies: {},
        options: {},
    };
}

function isSecretValue(value: unknown): boolean {
    return (
        typeof value === "object" &&
        value !== null &&
        (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === "1b47061264138c4ac30d75fd1eb44270"
    );
}

function containsSecret(value: unknown): boolean {
    if (isSecretValue(value)) {
        return true;
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).some(containsSecret);
    }
    return false;
}

function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (typeof value === "object" && value !== null) {
        if (isSecretValue(value)) {
            return unwrapSecrets((value as Record<string, unknown>).value);
        }
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]));
    }
    return value;
}
