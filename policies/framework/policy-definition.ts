import {
    EnforcementLevel,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { Resource, Unwrap } from "@pulumi/pulumi";
import { ConfigOf, ConfigProperties, readPolicyConfig, toPolicyConfigSchema } from "./policy-config";
import { wildcardMatches } from "../readers/iam-policy-document";

/**
 * How every policy of the pack is declared: metadata the meta-tests check, a typed config with
 * defaults, and one shared exemption mechanism (`excludeResources`) instead of a one-off per rule.
 */

/** Shared by every policy: resources (URN or name patterns, `*` wildcard) the policy skips. */
export const EXCLUDE_RESOURCES = {
    excludeResources: {
        type: "array",
        description: "URNs or resource names (the `*` wildcard matches any run of characters) this policy does not check.",
        default: [],
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
    },
} as const satisfies ConfigProperties;

type WithExclusions<P extends ConfigProperties> = P & typeof EXCLUDE_RESOURCES;

export interface PolicyMetadata<P extends ConfigProperties> {
    /** Kebab-case, unique in the pack: the key of `--policy-pack-config`. */
    readonly name: string;
    /** One sentence saying what the policy requires. */
    readonly description: string;
    /** `mandatory` where a violation breaks sign-in or opens access, `advisory` for hygiene. */
    readonly enforcementLevel: Extract<EnforcementLevel, "advisory" | "mandatory">;
    readonly severity: Severity;
    /** What to change when the policy fires. */
    readonly remediationSteps: string;
    /** Thresholds and allow-lists, each with a default. */
    readonly config: P;
    readonly url?: string;
}

type ResourceClass<TResource extends Resource, TArgs> = { new (name: string, args: TArgs, ...rest: never[]): TResource };

/** A check of one resource type; `props` are the resource inputs, possibly malformed. */
export type TypedResourceCheck<TProps, C> = (
    props: TProps,
    args: ResourceValidationArgs,
    reportViolation: ReportViolation,
    config: C,
) => void | Promise<void>;

/** A check bound to a resource type, waiting for the policy's config. */
export interface BoundResourceCheck<C> {
    readonly pulumiType: string;
    readonly check: (args: ResourceValidationArgs, reportViolation: ReportViolation, config: C) => void | Promise<void>;
}

/** Binds a check to a resource class; handed to `validateResource` so the config type flows in. */
export type ResourceCheckBinder<C> = <TResource extends Resource, TArgs>(
    resourceClass: ResourceClass<TResource, TArgs>,
    check: TypedResourceCheck<Unwrap<NonNullable<TArgs>>, C>,
) => BoundResourceCheck<C>;

function pulumiTypeOf(resourceClass: unknown): string {
    const type = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
    if (typeof type !== "string") {
        throw new Error("resource class has no Pulumi type token");
    }
    return type;
}

const bindResourceCheck =
    <C>(): ResourceCheckBinder<C> =>
    (resourceClass, check) => ({
        pulumiType: pulumiTypeOf(resourceClass),
        check: (args, reportViolation, config) => check(args.props as never, args, reportViolation, config),
    });

/** True when a URN or resource name matches one of the exclusion patterns. */
export function isExcluded(patterns: readonly string[], urn: string | undefined, name?: string): boolean {
    if (urn === undefined || patterns.length === 0) {
        return false;
    }
    const resourceName = name ?? urn.slice(urn.lastIndexOf("::") + 2);
    return patterns.some((pattern) => wildcardMatches(pattern, urn) || wildcardMatches(pattern, resourceName));
}

function configProperties<P extends ConfigProperties>(name: string, config: P): WithExclusions<P> {
    if ("excludeResources" in config || "enforcementLevel" in config) {
        throw new Error(`policy ${name}: "excludeResources" and "enforcementLevel" are reserved config keys`);
    }
    return { ...config, ...EXCLUDE_RESOURCES };
}

function metadataOf<P extends ConfigProperties>(metadata: PolicyMetadata<P>, properties: ConfigProperties) {
    return {
        name: metadata.name,
        description: metadata.description,
        enforcementLevel: metadata.enforcementLevel,
        severity: metadata.severity,
        remediationSteps: metadata.remediationSteps,
        configSchema: toPolicyConfigSchema(properties),
        ...(metadata.url === undefined ? {} : { url: metadata.url }),
    };
}

/** Declares a resource policy from checks bound to resource types. */
export function defineResourcePolicy<P extends ConfigProperties>(
    metadata: PolicyMetadata<P> & {
        readonly validateResource: (
            on: ResourceCheckBinder<ConfigOf<WithExclusions<P>>>,
        ) => readonly BoundResourceCheck<ConfigOf<WithExclusions<P>>>[];
    },
): ResourceValidationPolicy {
    const properties = configProperties(metadata.name, metadata.config);
    const checks = metadata.validateResource(bindResourceCheck<ConfigOf<WithExclusions<P>>>());
    const validations: ResourceValidation[] = checks.map((bound) => {
        const validation: ResourceValidation = (args, reportViolation) => {
            if (args.type !== bound.pulumiType) {
                args.notApplicable(`Policy only applies to resources of type '${bound.pulumiType}'`);
            }
            const config = readPolicyConfig(metadata.name, properties, args.getConfig());
            if (isExcluded(config.excludeResources, args.urn, args.name)) {
                args.notApplicable("Resource is listed in excludeResources");
            }
            return bound.check(args, reportViolation, config);
        };
        // The SDK skips a single typed validation cheaply for other types when it carries the token.
        (validation as { __pulumiType?: string }).__pulumiType = bound.pulumiType;
        return validation;
    });
    return {
        ...metadataOf(metadata, properties),
        validateResource: validations.length === 1 ? validations[0] : validations,
    };
}

/** Declares a stack policy; violations on excluded resources are dropped. */
export function defineStackPolicy<P extends ConfigProperties>(
    metadata: PolicyMetadata<P> & {
        readonly validateStack: (
            args: StackValidationArgs,
            reportViolation: ReportViolation,
            config: ConfigOf<WithExclusions<P>>,
        ) => void | Promise<void>;
    },
): StackValidationPolicy {
    const properties = configProperties(metadata.name, metadata.config);
    return {
        ...metadataOf(metadata, properties),
        validateStack: (args, reportViolation) => {
            const config = readPolicyConfig(metadata.name, properties, args.getConfig());
            const report: ReportViolation = (message, urn) => {
                if (!isExcluded(config.excludeResources, urn)) {
                    reportViolation(message, urn);
                }
            };
            return metadata.validateStack(args, report, config);
        },
    };
}
