import { AWS_SAML_ATTRIBUTES } from "../../components/documents/claims-mapping-policy";
import { GraphClaimsMappingPolicy } from "../../live/graph-reader";
import { AccountCheck, finding, valueOf, wasRead } from "./check-context";

/** The AWS claims a live claims mapping policy emits. */
export interface LiveAwsClaims {
    /** `Source:user ID` that feeds the Role claim, or undefined. */
    readonly roleSource?: string;
    readonly roleSessionNameSource?: string;
    /** The SessionDuration constant, in seconds; undefined when absent or not a constant. */
    readonly sessionDuration?: number;
    /** PrincipalTag key to user attribute. */
    readonly sessionTags: Readonly<Record<string, string>>;
    /** Why the definition could not be read, when it could not. */
    readonly problem?: string;
}

/** Reads the AWS claims out of one claims mapping policy definition (JSON). */
export function readAwsClaims(policy: GraphClaimsMappingPolicy): LiveAwsClaims {
    let schema: unknown;
    try {
        schema = (JSON.parse(policy.definition[0] ?? "") as { ClaimsMappingPolicy?: { ClaimsSchema?: unknown } }).ClaimsMappingPolicy
            ?.ClaimsSchema;
    } catch (error) {
        return { sessionTags: {}, problem: `its definition is not JSON (${(error as Error).message})` };
    }
    if (!Array.isArray(schema)) return { sessionTags: {}, problem: "its definition has no ClaimsMappingPolicy.ClaimsSchema list" };
    const entries = schema.filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null);
    const claim = (type: string) => entries.find((entry) => entry.SamlClaimType === type);
    const userSource = (entry: Record<string, unknown> | undefined) =>
        entry && entry.Source === "user" && typeof entry.ID === "string" ? entry.ID.toLowerCase() : undefined;
    const duration = claim(AWS_SAML_ATTRIBUTES.sessionDuration);
    const sessionTags: Record<string, string> = {};
    for (const entry of entries) {
        if (typeof entry.SamlClaimType === "string" && entry.SamlClaimType.startsWith(AWS_SAML_ATTRIBUTES.principalTagPrefix)) {
            sessionTags[entry.SamlClaimType.slice(AWS_SAML_ATTRIBUTES.principalTagPrefix.length)] = userSource(entry) ?? "?";
        }
    }
    const seconds = duration && typeof duration.Value === "string" && /^\d+$/.test(duration.Value) ? Number(duration.Value) : undefined;
    return {
        roleSource: userSource(claim(AWS_SAML_ATTRIBUTES.role)),
        roleSessionNameSource: userSource(claim(AWS_SAML_ATTRIBUTES.roleSessionName)),
        sessionDuration: seconds,
        sessionTags,
    };
}

/** The SessionDuration Azure sends: the live claim when readable, else the config's. */
export function liveSessionDuration(policies: readonly GraphClaimsMappingPolicy[] | undefined, configured: number): number {
    const live = policies?.[0] ? readAwsClaims(policies[0]).sessionDuration : undefined;
    return live ?? configured;
}

/** A claims mapping policy is assigned and emits what the config says. */
export const checkClaims: AccountCheck = (expected, snapshot) => {
    const sp = valueOf(snapshot.servicePrincipal);
    if (!sp || !wasRead(snapshot.claimsMappingPolicies)) return [];
    const resource = `servicePrincipal ${sp.id} (${sp.displayName})`;
    const [policy] = snapshot.claimsMappingPolicies.value;
    if (!policy) {
        return [
            finding(
                expected,
                "claims-mapping-policy-missing",
                "error",
                resource,
                "No claims mapping policy is assigned: Azure sends no Role claim AWS can read, sign-in fails.",
                "Run `pulumi up` to assign the stack's claims mapping policy again.",
            ),
        ];
    }
    const live = readAwsClaims(policy);
    const differences: string[] = [];
    let breaksSignIn = false;
    if (live.problem) {
        differences.push(live.problem);
        breaksSignIn = true;
    } else {
        if (live.roleSource !== "assignedroles") {
            differences.push(`Role comes from ${live.roleSource ?? "nothing"}, not user.assignedroles`);
            breaksSignIn = true;
        }
        if (live.roleSessionNameSource !== expected.roleSessionNameSource) {
            differences.push(
                `RoleSessionName comes from ${live.roleSessionNameSource ?? "nothing"}, not user.${expected.roleSessionNameSource}`,
            );
            breaksSignIn ||= live.roleSessionNameSource === undefined;
        }
        if (live.sessionDuration !== expected.sessionDuration) {
            differences.push(`SessionDuration is ${live.sessionDuration ?? "not a constant"}, not ${expected.sessionDuration}`);
        }
        const expectedTags = Object.entries(expected.sessionTags)
            .map(([key, source]) => `${key}=${source}`)
            .sort()
            .join(", ");
        const liveTags = Object.entries(live.sessionTags)
            .map(([key, source]) => `${key}=${source}`)
            .sort()
            .join(", ");
        if (expectedTags !== liveTags) differences.push(`PrincipalTag claims are {${liveTags}}, not {${expectedTags}}`);
    }
    if (differences.length === 0) return [];
    return [
        finding(
            expected,
            "claims-mapping-policy-drift",
            breaksSignIn ? "error" : "warning",
            `claimsMappingPolicy ${policy.id} (${policy.displayName})`,
            `The assigned claims mapping policy differs from the config: ${differences.join("; ")}.`,
            "Run `pulumi up` to restore the stack's claims, or change `sessionDuration` / `roleSessionNameSource` / `sessionTags` in the config if the live values are meant.",
        ),
    ];
};
