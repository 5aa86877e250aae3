import { PolicyResource } from "@pulumi/policy";
import { MaybeKnown, readKnown, Unknown } from "../framework/unknown-values";

/**
 * Joins between resources of one stack, the way the engine records them: a property that was computed
 * from another resource lists it in `propertyDependencies`; otherwise the resolved values (an ARN, an
 * object id) must match. Never by resource name, which other programs are free to choose.
 */

/** A resource and the output properties that identify it (`arn`, `objectId`, ...). */
export interface LinkTarget {
    readonly resource: PolicyResource;
    readonly idProperties: readonly string[];
}

/** Resources found by a join, plus the unknown that kept the search from being complete. */
export interface Links {
    readonly resources: readonly PolicyResource[];
    readonly undetermined?: Unknown;
}

/** True when `resource.props[property]` was computed from `target` (engine-recorded dependency). */
export function dependsThrough(resource: PolicyResource, property: string, target: PolicyResource): boolean {
    const dependencies = resource.propertyDependencies?.[property] ?? [];
    return dependencies.some((dependency) => dependency?.urn === target.urn);
}

/** Resources the engine recorded as inputs of `resource.props[property]`. */
export function dependenciesOf(resource: PolicyResource, property: string): readonly PolicyResource[] {
    return (resource.propertyDependencies?.[property] ?? []).filter((dependency) => dependency !== undefined);
}

/** Strings in a value that may be one string or a list of them. */
export function stringsIn(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** An Azure AD object id, whether written bare or as a Graph path (`/servicePrincipals/<id>`). */
export function graphObjectId(value: string): string | undefined {
    const match = /^(?:\/[A-Za-z]+\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(value.trim());
    return match?.[1].toLowerCase();
}

/**
 * Targets indexed by their identifiers, so resolving a reference costs one lookup however large the
 * stack is (a stack may hold a thousand roles and as many attachments).
 */
export class TargetIndex {
    private readonly byIdentifier = new Map<string, PolicyResource[]>();
    private readonly byUrn = new Map<string, PolicyResource>();
    /** The first target identifier that is not known yet: any unmatched reference might be it. */
    private readonly unknownIdentifier: Unknown | undefined;

    constructor(targets: readonly LinkTarget[]) {
        let unknown: Unknown | undefined;
        for (const target of targets) {
            this.byUrn.set(target.resource.urn, target.resource);
            for (const property of target.idProperties) {
                const values = readKnown(() => stringsIn(target.resource.props[property]));
                if (!values.known) {
                    unknown ??= values;
                    continue;
                }
                for (const value of values.value) {
                    const key = identifierKey(value);
                    const list = this.byIdentifier.get(key) ?? [];
                    if (!list.includes(target.resource)) {
                        list.push(target.resource);
                    }
                    this.byIdentifier.set(key, list);
                }
            }
        }
        this.unknownIdentifier = unknown;
    }

    /** The targets with this identifier; `undetermined` when none has it but some identifier is unknown. */
    lookup(identifier: string): Links {
        const matches = this.byIdentifier.get(identifierKey(identifier));
        return matches === undefined ? { resources: [], undetermined: this.unknownIdentifier } : { resources: [...matches] };
    }

    /**
     * The targets `resource.props[property]` names: those the engine recorded as its dependencies (alone,
     * for a single computed string), and those whose identifier equals one of its values (or of their `partsOf`). `undetermined` when an
     * unknown value on either side might hide another match.
     */
    resolve(resource: PolicyResource, property: string, partsOf: (value: string) => readonly string[] = wholeValue): Links {
        const found = new Set<PolicyResource>();
        const dependencies = dependenciesOf(resource, property);
        for (const dependency of dependencies) {
            const target = this.byUrn.get(dependency.urn);
            if (target !== undefined) {
                found.add(target);
            }
        }
        const value = readKnown(() => resource.props[property]);
        if (value.known && typeof value.value === "string" && dependencies.length > 0 && partsOf === wholeValue) {
            // A single identifier computed from other resources names those, and only those: names such
            // as an IAM user's repeat across accounts, so matching by value would join two accounts.
            return { resources: [...found] };
        }
        if (!value.known) {
            // A computed value comes from its recorded dependencies; without any, it could be anything.
            return { resources: [...found], undetermined: dependencies.length === 0 ? value : undefined };
        }
        const values = readKnown(() => stringsIn(value.value));
        if (!values.known) {
            return { resources: [...found], undetermined: dependencies.length === 0 ? values : undefined };
        }
        let unmatched = false;
        for (const item of values.value.flatMap(partsOf)) {
            const matches = this.byIdentifier.get(identifierKey(item));
            if (matches === undefined) {
                unmatched = true;
            } else {
                matches.forEach((target) => found.add(target));
            }
        }
        // A single value computed from other resources names those, not a target still unknown.
        const settledByDependencies = dependencies.length > 0 && typeof value.value === "string";
        return { resources: [...found], undetermined: unmatched && !settledByDependencies ? this.unknownIdentifier : undefined };
    }
}

/** The default `partsOf`: the value is one identifier. */
function wholeValue(value: string): readonly string[] {
    return [value];
}

function identifierKey(value: string): string {
    return graphObjectId(value) ?? value;
}

/**
 * Does `resource.props[property]` refer to `target`? Known `true` by dependency or equal value; known
 * `false` when every value involved is known and none matches; unknown otherwise.
 */
export function refersTo(resource: PolicyResource, property: string, target: LinkTarget): MaybeKnown<boolean> {
    return refersToAny(resource, property, [target]);
}

/** True when the resource refers to any of the targets; unknown only if no known link was found. */
export function refersToAny(resource: PolicyResource, property: string, targets: readonly LinkTarget[]): MaybeKnown<boolean> {
    const links = new TargetIndex(targets).resolve(resource, property);
    if (links.resources.length > 0) {
        return { known: true, value: true };
    }
    return links.undetermined ?? { known: true, value: false };
}

/** The candidates whose `property` refers to any of the targets. */
export function referrers(candidates: readonly PolicyResource[], property: string, targets: readonly LinkTarget[]): Links {
    const index = new TargetIndex(targets);
    const resources: PolicyResource[] = [];
    let undetermined: Unknown | undefined;
    for (const candidate of candidates) {
        const links = index.resolve(candidate, property);
        if (links.resources.length > 0) {
            resources.push(candidate);
        } else {
            undetermined ??= links.undetermined;
        }
    }
    return { resources, undetermined };
}

/** The targets that `resource.props[property]` refers to. */
export function referencedBy(resource: PolicyResource, property: string, targets: readonly LinkTarget[]): Links {
    return new TargetIndex(targets).resolve(resource, property);
}

/** The stack name of a resource, from its URN (`urn:pulumi:<stack>::<project>::...`). */
export function stackOfUrn(urn: string): string | undefined {
    return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}
