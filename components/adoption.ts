import * as pulumi from "@pulumi/pulumi";
import { AdoptionConfig } from "./stack-config";

/** Thrown at registration when an import entry names a resource of another type: the id would be read as the wrong thing. */
export class AdoptionTypeMismatchError extends Error {
    constructor(name: string, expected: string, registered: string) {
        super(
            `adoptionImports.${name}: written for type ${expected}, but the program registers ${registered} under that name; ` +
                "re-run npm run adopt against this version of the program",
        );
        this.name = "AdoptionTypeMismatchError";
    }
}

/**
 * Sets the `import` option (and, for inputs `npm run adopt` listed as held, `ignoreChanges`) on every
 * resource named in the adoption config, so the first `pulumi up` takes over what exists instead of
 * creating it. Keyed by the registered resource name, which is unique in this program and stable. Pass
 * the result as `transformations` of each AccountFederation: a component's transformations apply to
 * everything registered under it, in the program itself, so the same code runs under the engine and
 * under mocks (the newer `transforms` need the engine's callback service). Once imported, the `import`
 * option is a no-op: removing the entries changes nothing; removing a hold lets the program apply that input.
 */
export function adoptionTransformations(adoption: AdoptionConfig): pulumi.ResourceTransformation[] {
    if (Object.keys(adoption.imports).length === 0 && Object.keys(adoption.holds).length === 0) {
        return [];
    }
    return [
        (args) => {
            const entry = adoption.imports[args.name];
            const held = adoption.holds[args.name];
            if (!entry && !held) {
                return undefined;
            }
            if (entry && entry.type !== args.type) {
                throw new AdoptionTypeMismatchError(args.name, entry.type, args.type);
            }
            const options = { ...args.opts } as pulumi.CustomResourceOptions;
            if (entry) {
                options.import = entry.id;
            }
            if (held) {
                options.ignoreChanges = [...new Set([...(options.ignoreChanges ?? []), ...held])];
            }
            return { props: args.props, opts: options };
        },
    ];
}
