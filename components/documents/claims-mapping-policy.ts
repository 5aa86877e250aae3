import { AWS_SAML_ATTRIBUTES } from "../../policies/vocabulary/saml-attributes";
import { RoleSessionNameSource, UserClaimSource } from "../../policies/vocabulary/claim-sources";
import { SESSION_DURATION_LIMITS } from "../../policies/vocabulary/sts-limits";

// The vocabulary shared with the policy pack lives once, in policies/vocabulary/.
export { AWS_SAML_ATTRIBUTES } from "../../policies/vocabulary/saml-attributes";
export {
    ROLE_SESSION_NAME_SOURCES,
    RoleSessionNameSource,
    USER_CLAIM_SOURCES,
    UserClaimSource,
} from "../../policies/vocabulary/claim-sources";
export { SESSION_DURATION_LIMITS } from "../../policies/vocabulary/sts-limits";

export interface AwsClaimsMappingPolicyArgs {
    /** User attribute that becomes RoleSessionName. */
    readonly roleSessionNameSource: RoleSessionNameSource;
    /** Constant SessionDuration in seconds (900..43200). */
    readonly sessionDuration: number;
    /** Session tag key to user attribute, emitted as `PrincipalTag:<key>`. */
    readonly sessionTags?: Readonly<Record<string, UserClaimSource>>;
}

type ClaimSchemaEntry =
    | { readonly Source: "user"; readonly ID: string; readonly SamlClaimType: string }
    | { readonly Value: string; readonly SamlClaimType: string };

/**
 * The claims mapping policy definition for an AWS gallery app, as a JSON string (what the
 * `definitions` input takes). Keys are case-sensitive in Azure, and a constant must use `Value`:
 * a constant under `ID` is silently dropped and STS rejects the session.
 */
export function awsClaimsMappingPolicy(args: AwsClaimsMappingPolicyArgs): string {
    const { min, max } = SESSION_DURATION_LIMITS;
    if (!Number.isInteger(args.sessionDuration) || args.sessionDuration < min || args.sessionDuration > max) {
        throw new Error(`sessionDuration: ${args.sessionDuration} is outside ${min}..${max} seconds`);
    }
    const schema: ClaimSchemaEntry[] = [
        { Source: "user", ID: "assignedroles", SamlClaimType: AWS_SAML_ATTRIBUTES.role },
        { Source: "user", ID: args.roleSessionNameSource, SamlClaimType: AWS_SAML_ATTRIBUTES.roleSessionName },
        { Value: String(args.sessionDuration), SamlClaimType: AWS_SAML_ATTRIBUTES.sessionDuration },
    ];
    for (const [tagKey, source] of Object.entries(args.sessionTags ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
        schema.push({ Source: "user", ID: source, SamlClaimType: AWS_SAML_ATTRIBUTES.principalTagPrefix + tagKey });
    }
    return JSON.stringify({
        ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: "true", ClaimsSchema: schema },
    });
}
