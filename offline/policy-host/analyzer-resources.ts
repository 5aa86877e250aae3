import { AnalyzerProvider, AnalyzerResourceInput, AnalyzerStackResourceInput, secret } from "./policy-host";
import type { RegisteredResource } from "../program/program-run";

/** A registration as the engine holds it: what the program under mocks captures, or a test fixture (which may leave out kind, secrets and options). */
export type EngineResource = Pick<
    RegisteredResource,
    "urn" | "type" | "name" | "parent" | "provider" | "inputs" | "outputs" | "dependencies" | "propertyDependencies"
> &
    Partial<Pick<RegisteredResource, "custom" | "secretInputs" | "options">>;

/** The engine analyzes custom resources only; components have no step of their own. */
function isCustom(resource: EngineResource): boolean {
    return resource.custom !== false;
}

function providerOf(resource: EngineResource, all: readonly EngineResource[]): AnalyzerProvider | undefined {
    if (resource.provider === undefined) {
        return undefined;
    }
    const urn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
    const provider = all.find((candidate) => candidate.urn === urn);
    return provider === undefined
        ? undefined
        : { urn: provider.urn, type: provider.type, name: provider.name, properties: provider.outputs };
}

/** Marks the properties registered as secrets so they travel with the engine's secret signature. */
function withSecrets(properties: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, secretKeys.includes(key) ? secret(value) : value]));
}

function options(resource: EngineResource) {
    return { ...resource.options, parent: resource.parent };
}

/** `Analyze` inputs: each custom resource's inputs, with its options and provider. */
export function analyzeInputs(resources: readonly EngineResource[]): AnalyzerResourceInput[] {
    return resources.filter(isCustom).map((resource) => ({
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        properties: withSecrets(resource.inputs, resource.secretInputs ?? []),
        options: options(resource),
        provider: providerOf(resource, resources),
    }));
}

/** `AnalyzeStack` resources: every resource's outputs with parent and dependencies. */
export function analyzeStackInputs(resources: readonly EngineResource[]): AnalyzerStackResourceInput[] {
    return resources.map((resource) => ({
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        properties: withSecrets(resource.outputs, [...(resource.secretInputs ?? []), ...(resource.options?.additionalSecretOutputs ?? [])]),
        options: options(resource),
        provider: providerOf(resource, resources),
        parent: resource.parent,
        dependencies: resource.dependencies,
        propertyDependencies: resource.propertyDependencies,
    }));
}
