import { PolicyConfigSchema } from "@pulumi/policy";

/**
 * Config properties a policy can declare. Every property has a default, so a policy behaves the same
 * whether or not the engine sends config, and the schema stays a small JSON-schema subset that the
 * engine, the offline host and `readPolicyConfig` all agree on.
 */
export type ConfigPropertySchema =
    | {
          readonly type: "string";
          readonly description: string;
          readonly default: string;
          readonly enum?: readonly string[];
          readonly pattern?: string;
          readonly minLength?: number;
      }
    | {
          readonly type: "integer" | "number";
          readonly description: string;
          readonly default: number;
          readonly minimum?: number;
          readonly maximum?: number;
      }
    | { readonly type: "boolean"; readonly description: string; readonly default: boolean }
    | {
          readonly type: "array";
          readonly description: string;
          readonly default: readonly string[];
          readonly items: { readonly type: "string"; readonly pattern?: string; readonly minLength?: number };
          readonly uniqueItems?: boolean;
          readonly minItems?: number;
      };

export type ConfigProperties = Readonly<Record<string, ConfigPropertySchema>>;

type ConfigValue<S extends ConfigPropertySchema> = S extends { type: "string" }
    ? string
    : S extends { type: "integer" | "number" }
      ? number
      : S extends { type: "boolean" }
        ? boolean
        : readonly string[];

/** The typed config a policy reads, derived from its declared properties. */
export type ConfigOf<P extends ConfigProperties> = { readonly [K in keyof P]: ConfigValue<P[K]> };

/** The default value of every declared property. */
export function configDefaults<P extends ConfigProperties>(properties: P): ConfigOf<P> {
    const result: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(properties)) {
        result[key] = Array.isArray(schema.default) ? [...schema.default] : schema.default;
    }
    return result as ConfigOf<P>;
}

/** The schema in the shape `PolicyPack` publishes (mutable copies, as the SDK's types ask). */
export function toPolicyConfigSchema(properties: ConfigProperties): PolicyConfigSchema {
    return { properties: JSON.parse(JSON.stringify(properties)) };
}

/** Problems of one value against its property schema; empty when valid. */
export function configValueProblems(schema: ConfigPropertySchema, value: unknown): string[] {
    switch (schema.type) {
        case "string":
            if (typeof value !== "string") {
                return [`must be a string, got ${describe(value)}`];
            }
            return stringProblems(schema, value);
        case "integer":
        case "number": {
            if (typeof value !== "number" || !Number.isFinite(value)) {
                return [`must be a number, got ${describe(value)}`];
            }
            const problems: string[] = [];
            if (schema.type === "integer" && !Number.isInteger(value)) {
                problems.push(`must be a whole number, got ${value}`);
            }
            if (schema.minimum !== undefined && value < schema.minimum) {
                problems.push(`must be at least ${schema.minimum}, got ${value}`);
            }
            if (schema.maximum !== undefined && value > schema.maximum) {
                problems.push(`must be at most ${schema.maximum}, got ${value}`);
            }
            return problems;
        }
        case "boolean":
            return typeof value === "boolean" ? [] : [`must be true or false, got ${describe(value)}`];
        case "array": {
            if (!Array.isArray(value)) {
                return [`must be a list of strings, got ${describe(value)}`];
            }
            const problems: string[] = [];
            if (schema.minItems !== undefined && value.length < schema.minItems) {
                problems.push(`must have at least ${schema.minItems} item(s)`);
            }
            if (schema.uniqueItems && new Set(value).size !== value.length) {
                problems.push("must not repeat items");
            }
            value.forEach((item, index) => {
                if (typeof item !== "string") {
                    problems.push(`item ${index} must be a string, got ${describe(item)}`);
                } else {
                    problems.push(...stringProblems(schema.items, item).map((problem) => `item ${index} ${problem}`));
                }
            });
            return problems;
        }
    }
}

function stringProblems(
    schema: { readonly pattern?: string; readonly minLength?: number; readonly enum?: readonly string[] },
    value: string,
): string[] {
    const problems: string[] = [];
    if (schema.minLength !== undefined && value.length < schema.minLength) {
        problems.push(`must be at least ${schema.minLength} character(s) long`);
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
        problems.push(`${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
        problems.push(`${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
    }
    return problems;
}

function describe(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

/** Thrown when a stack's policy config does not match the policy's schema. */
export class PolicyConfigError extends Error {
    constructor(
        readonly policyName: string,
        readonly problems: readonly string[],
    ) {
        super(`Invalid config for policy "${policyName}": ${problems.join("; ")}`);
        this.name = "PolicyConfigError";
    }
}

/**
 * Reads a policy's config: declared properties fall back to their defaults, unknown keys are ignored
 * (the engine passes them through too). The engine validates config before a run; validating again
 * here means a pack driven by anything else still fails loudly instead of guessing.
 */
export function readPolicyConfig<P extends ConfigProperties>(
    policyName: string,
    properties: P,
    given: Readonly<Record<string, unknown>>,
): ConfigOf<P> {
    const result: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const [key, schema] of Object.entries(properties)) {
        const value = given[key] === undefined || given[key] === null ? schema.default : given[key];
        const valueProblems = configValueProblems(schema, value);
        problems.push(...valueProblems.map((problem) => `${key} ${problem}`));
        result[key] = Array.isArray(value) ? [...value] : value;
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(policyName, problems);
    }
    return result as ConfigOf<P>;
}
