import {
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";
import { durationSeconds } from "../../../offline/policy-host/policy-host";
import type { RegisteredResource } from "../../../offline/program/program-run";
import { isUnknownValueError, UnknownValueError } from "../../framework/unknown-values";
import { UNKNOWN_SENTINEL } from "../../vocabulary/engine";

/**
 * Complete validation args, built the way @pulumi/policy's analyzer server builds them: props behind
 * the SDK's unknown-checking proxy, `isType`/`asType` by type token, `getConfig` returning only what
 * was configured, `notApplicable` throwing, parents and dependencies resolved to resource objects.
 */

/** The engine's sentinel for an unknown value, as it arrives in a preview. */
export const UNKNOWN = UNKNOWN_SENTINEL;

export interface Violation {
    readonly message: string;
    readonly urn?: string;
}

export interface PolicyRun {
    readonly violations: Violation[];
    readonly notApplicable: string[];
    /** Set when the policy hit an unknown value: the SDK reports it as an advisory note. */
    unknown?: UnknownValueError;
}

/** A resource as a test declares it. */
export interface TestResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** False for component resources, which only the stack policies see. */
    readonly custom?: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Resource options as the program registers them (timeouts as duration strings). */
    options?: RegisteredResource["options"];
}

export interface RunOptions {
    /** Policy config as the engine sends it (only the properties; defaults are the policy's job). */
    readonly config?: Readonly<Record<string, unknown>>;
    readonly stackTags?: ReadonlyMap<string, string>;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

function typeOf(resourceClass: unknown): string | undefined {
    return (resourceClass as { __pulumiType?: string }).__pulumiType;
}

function isTypeFunction(type: string) {
    return <TResource extends Resource>(resourceClass: { new (...rest: any[]): TResource }): boolean => typeOf(resourceClass) === type;
}

function options(resource: TestResource): PolicyResourceOptions {
    const registered = resource.options ?? {};
    return {
        protect: registered.protect ?? false,
        ignoreChanges: [...(registered.ignoreChanges ?? [])],
        aliases: [...(registered.aliases ?? [])],
        additionalSecretOutputs: [...(registered.additionalSecretOutputs ?? [])],
        customTimeouts: {
            createSeconds: durationSeconds(registered.customTimeouts?.create),
            updateSeconds: durationSeconds(registered.customTimeouts?.update),
            deleteSeconds: durationSeconds(registered.customTimeouts?.delete),
        },
        ...(registered.deleteBeforeReplace === undefined ? {} : { deleteBeforeReplace: registered.deleteBeforeReplace }),
        ...(resource.parent ? { parent: resource.parent } : {}),
    };
}

/** ResourceValidationArgs for a resource's inputs. */
export function resourceValidationArgs(resource: TestResource, runOptions: RunOptions = {}): ResourceValidationArgs {
    const props = unknownCheckingProxy(structuredClone(resource.inputs));
    return {
        type: resource.type,
        props,
        urn: resource.urn,
        name: resource.name,
        opts: options(resource),
        stackTags: runOptions.stackTags ?? new Map(),
        isType: isTypeFunction(resource.type),
        asType: ((resourceClass: unknown) =>
            typeOf(resourceClass) === resource.type ? props : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => ({ ...(runOptions.config ?? {}) }) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** PolicyResources for a stack's outputs, with parents and dependencies resolved. */
export function policyResources(resources: readonly TestResource[]): PolicyResource[] {
    const built = resources.map((resource) => {
        const props = unknownCheckingProxy(structuredClone(resource.outputs));
        const policyResource: PolicyResource = {
            type: resource.type,
            props,
            urn: resource.urn,
            name: resource.name,
            opts: options(resource),
            dependencies: [],
            propertyDependencies: {},
            isType: isTypeFunction(resource.type),
            asType: ((resourceClass: unknown) => (typeOf(resourceClass) === resource.type ? props : undefined)) as PolicyResource["asType"],
        };
        return { resource, policyResource };
    });
    const byUrn = new Map(built.map(({ policyResource }) => [policyResource.urn, policyResource]));
    for (const { resource, policyResource } of built) {
        if (resource.parent !== undefined && byUrn.has(resource.parent)) {
            policyResource.parent = byUrn.get(resource.parent);
        }
        policyResource.dependencies = resource.dependencies.flatMap((urn) => byUrn.get(urn) ?? []);
        for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
            policyResource.propertyDependencies[property] = urns.flatMap((urn) => byUrn.get(urn) ?? []);
        }
    }
    return built.map(({ policyResource }) => policyResource);
}

function collect(run: PolicyRun): ReportViolation {
    return (message: string, urn?: string) => {
        run.violations.push({ message, ...(urn === undefined ? {} : { urn }) });
    };
}

function settle(run: PolicyRun, error: unknown): void {
    if (error instanceof NotApplicable) {
        run.notApplicable.push(error.reason ?? "");
    } else if (isUnknownValueError(error)) {
        run.unknown = error;
    } else {
        throw error;
    }
}

/** Runs every validation of a resource policy on one resource's inputs, awaiting async ones. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    resource: TestResource,
    runOptions: RunOptions = {},
): Promise<PolicyRun> {
    const run: PolicyRun = { violations: [], notApplicable: [] };
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : policy.validateResource
          ? [policy.validateResource]
          : [];
    for (const validation of validations) {
        try {
            // Mirrors the SDK's fast path: a typed validation is skipped for other types.
            const pulumiType = (validation as { __pulumiType?: string }).__pulumiType;
            if (validations.length === 1 && pulumiType !== undefined && pulumiType !== resource.type) {
                throw new NotApplicable(`Policy only applies to resources of type '${pulumiType}'`);
            }
            await validation(resourceValidationArgs(resource, runOptions), collect(run));
        } catch (error) {
            settle(run, error);
        }
    }
    return run;
}

/** Runs a stack policy on the stack's outputs. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: readonly TestResource[],
    runOptions: RunOptions = {},
): Promise<PolicyRun> {
    const run: PolicyRun = { violations: [], notApplicable: [] };
    const args: StackValidationArgs = {
        resources: policyResources(resources),
        stackTags: runOptions.stackTags ?? new Map(),
        getConfig: <T extends object>() => ({ ...(runOptions.config ?? {}) }) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    try {
        await policy.validateStack(args, collect(run));
    } catch (error) {
        settle(run, error);
    }
    return run;
}

export function isResourcePolicy(policy: ResourceValidationPolicy | StackValidationPolicy): policy is ResourceValidationPolicy {
    return (policy as ResourceValidationPolicy).validateResource !== undefined;
}

export interface PackFinding extends Violation {
    readonly policyName: string;
}

/**
 * Runs every policy as the engine does: resource policies on each resource's inputs, stack policies on
 * all outputs. Returns violations and the names of policies that could not run (unknown values).
 */
export async function runPack(
    policies: readonly (ResourceValidationPolicy | StackValidationPolicy)[],
    resources: readonly TestResource[],
    config: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
): Promise<{ findings: PackFinding[]; deferred: string[] }> {
    const findings: PackFinding[] = [];
    const deferred = new Set<string>();
    for (const policy of policies) {
        const runOptions = { config: config[policy.name] };
        const runs = isResourcePolicy(policy)
            ? await Promise.all(
                  // The engine analyzes custom resources only; components have no step of their own.
                  resources
                      .filter((resource) => resource.custom !== false)
                      .map(async (resource) => {
                          const run = await runResourcePolicy(policy, resource, runOptions);
                          return { run, urn: resource.urn };
                      }),
              )
            : [{ run: await runStackPolicy(policy, resources, runOptions), urn: undefined }];
        for (const { run, urn } of runs) {
            findings.push(
                ...run.violations.map((violation) => ({ policyName: policy.name, message: violation.message, urn: violation.urn ?? urn })),
            );
            if (run.unknown !== undefined) {
                deferred.add(policy.name);
            }
        }
    }
    return { findings, deferred: [...deferred] };
}
