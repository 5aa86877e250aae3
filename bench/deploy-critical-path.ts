import type { RegisteredResource } from "../offline/program/program-run";

/**
 * The deploy's critical path: the longest chain of cloud creations in which each must wait for the
 * one before, read from the dependency graph the program registered, as the engine schedules it.
 *
 * - A resource waits for its `dependsOn`, for every resource its inputs were computed from
 *   (property dependencies) and for its provider.
 * - Waiting for a component is waiting for every custom resource under it (the engine expands it).
 * - Custom resources count one step each; providers (`pulumi:providers:*`) count none: configuring
 *   one calls no cloud API, but whatever waits for a provider also waits for what the provider waits for.
 */

/** One step of the chain. */
export interface CriticalPathStep {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
}

export interface DeployCriticalPath {
    /** Cloud creations on the longest chain. */
    readonly length: number;
    /** That chain, first creation first. */
    readonly chain: readonly CriticalPathStep[];
}

const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** The longest chain of creations the registrations force; linear in resources plus dependencies. */
export function deployCriticalPath(resources: readonly RegisteredResource[]): DeployCriticalPath {
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    const children = new Map<string, RegisteredResource[]>();
    for (const resource of resources) {
        if (resource.parent !== undefined) {
            const siblings = children.get(resource.parent) ?? [];
            siblings.push(resource);
            children.set(resource.parent, siblings);
        }
    }
    const customUnder = new Map<string, readonly RegisteredResource[]>();
    const expand = (urn: string): readonly RegisteredResource[] => {
        const resource = byUrn.get(urn);
        if (resource === undefined) {
            return [];
        }
        if (resource.custom) {
            return [resource];
        }
        let found = customUnder.get(urn);
        if (found === undefined) {
            found = (children.get(urn) ?? []).flatMap((child) => expand(child.urn));
            customUnder.set(urn, found);
        }
        return found;
    };
    const waitsFor = (resource: RegisteredResource): Set<RegisteredResource> => {
        const urns = new Set([...resource.dependencies, ...Object.values(resource.propertyDependencies).flat()]);
        if (resource.provider !== undefined) {
            // `<provider urn>::<provider id>`
            urns.add(resource.provider.slice(0, resource.provider.lastIndexOf("::")));
        }
        return new Set([...urns].flatMap(expand).filter((dependency) => dependency !== resource));
    };

    // Longest chain ending at each custom resource, memoized; the graph is acyclic (the engine refuses cycles).
    const longest = new Map<RegisteredResource, { length: number; previous?: RegisteredResource }>();
    const visiting = new Set<RegisteredResource>();
    const chainTo = (resource: RegisteredResource): { length: number; previous?: RegisteredResource } => {
        const known = longest.get(resource);
        if (known !== undefined) {
            return known;
        }
        if (visiting.has(resource)) {
            throw new Error(`dependency cycle through ${resource.urn}`);
        }
        visiting.add(resource);
        let best: { length: number; previous?: RegisteredResource } = { length: 0 };
        for (const dependency of waitsFor(resource)) {
            const before = chainTo(dependency);
            if (best.previous === undefined || before.length > best.length) {
                best = { length: before.length, previous: dependency };
            }
        }
        visiting.delete(resource);
        const result = { length: best.length + (resource.type.startsWith(PROVIDER_TYPE_PREFIX) ? 0 : 1), previous: best.previous };
        longest.set(resource, result);
        return result;
    };

    let end: RegisteredResource | undefined;
    for (const resource of resources.filter((candidate) => candidate.custom)) {
        if (end === undefined || chainTo(resource).length > chainTo(end).length) {
            end = resource;
        }
    }
    const chain: CriticalPathStep[] = [];
    for (let step = end; step !== undefined; step = longest.get(step)?.previous) {
        if (!step.type.startsWith(PROVIDER_TYPE_PREFIX)) {
            chain.unshift({ urn: step.urn, type: step.type, name: step.name });
        }
    }
    return { length: end === undefined ? 0 : chainTo(end).length, chain };
}

/** `type name → type name → ...`, with the package prefixes shortened (`aws:iam/role:Role` → `iam.Role`). */
export function formatCriticalPath(path: DeployCriticalPath): string {
    return path.chain.map((step) => `${shortType(step.type)} ${step.name}`).join(" → ");
}

function shortType(type: string): string {
    const [provider, module, name] = type.split(":");
    const area = (module ?? "").split("/")[0];
    if (area === "dynamic") {
        return name;
    }
    return area === "index" || area === "" ? `${provider}.${name}` : `${area}.${name}`;
}
