import { AWS_SAML_ATTRIBUTE_NAMES, AWS_SAML_ATTRIBUTE_PREFIX, AWS_SAML_ATTRIBUTES } from "../vocabulary/saml-attributes";
/**
 * Reads Azure AD claims mapping policy definitions (`azuread.ClaimsMappingPolicy.definitions`). Azure
 * matches the policy keys case-sensitively and silently ignores a misspelt one, so casing is checked
 * here rather than left to a failed sign-in.
 */

export { AWS_SAML_ATTRIBUTE_PREFIX };
export const AWS_ROLE_ATTRIBUTE = AWS_SAML_ATTRIBUTES.role;
export const AWS_ROLE_SESSION_NAME_ATTRIBUTE = AWS_SAML_ATTRIBUTES.roleSessionName;
export const AWS_SESSION_DURATION_ATTRIBUTE = AWS_SAML_ATTRIBUTES.sessionDuration;

const AWS_ATTRIBUTE_NAMES: readonly string[] = AWS_SAML_ATTRIBUTE_NAMES;
const AWS_PRINCIPAL_TAG = /^PrincipalTag:[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

const POLICY_KEYS = ["ClaimsMappingPolicy"];
const BODY_KEYS = ["Version", "IncludeBasicClaimSet", "ClaimsSchema", "ClaimsTransformations"];
const ENTRY_KEYS = ["Source", "ID", "Value", "SamlClaimType", "SamlNameFormat", "JwtClaimType", "TransformationId", "ExtensionID"];

export interface ClaimsSchemaEntry {
    readonly index: number;
    readonly source?: string;
    readonly id?: string;
    /** A constant; Azure reads constants from `Value` only. */
    readonly value?: string;
    readonly samlClaimType?: string;
}

export interface ClaimsMappingPolicyReading {
    /** Absent when no definition could be read. */
    readonly entries?: readonly ClaimsSchemaEntry[];
    /** Structural problems, one sentence each. */
    readonly problems: readonly string[];
}

/** Reads the definitions list (Graph accepts exactly one JSON definition). */
export function readClaimsMappingPolicy(definitions: unknown): ClaimsMappingPolicyReading {
    if (!Array.isArray(definitions)) {
        return { problems: [`definitions must be a list of JSON strings, got ${kindOf(definitions)}`] };
    }
    if (definitions.length !== 1) {
        return { problems: [`definitions must hold exactly one JSON definition, got ${definitions.length}`] };
    }
    const definition: unknown = definitions[0];
    if (typeof definition !== "string") {
        return { problems: [`the definition must be a JSON string, got ${kindOf(definition)}`] };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(definition);
    } catch (error) {
        return { problems: [`the definition is not valid JSON (${(error as Error).message})`] };
    }
    const problems: string[] = [];
    const root = asRecord(parsed);
    if (root === undefined) {
        return { problems: [`the definition must be a JSON object, got ${kindOf(parsed)}`] };
    }
    checkKeyCasing(root, POLICY_KEYS, "the definition", problems);
    const body = asRecord(root.ClaimsMappingPolicy);
    if (body === undefined) {
        problems.push('the definition has no "ClaimsMappingPolicy" object');
        return { problems };
    }
    checkKeyCasing(body, BODY_KEYS, "ClaimsMappingPolicy", problems);
    if (body.Version !== 1 && body.Version !== "1") {
        problems.push(`ClaimsMappingPolicy.Version must be 1, got ${JSON.stringify(body.Version) ?? "nothing"}`);
    }
    if (!Array.isArray(body.ClaimsSchema)) {
        problems.push(`ClaimsMappingPolicy.ClaimsSchema must be a list, got ${kindOf(body.ClaimsSchema)}`);
        return { problems, entries: [] };
    }
    const entries: ClaimsSchemaEntry[] = [];
    body.ClaimsSchema.forEach((rawEntry: unknown, index: number) => {
        const entry = asRecord(rawEntry);
        if (entry === undefined) {
            problems.push(`ClaimsSchema entry ${index} must be an object, got ${kindOf(rawEntry)}`);
            return;
        }
        checkKeyCasing(entry, ENTRY_KEYS, `ClaimsSchema entry ${index}`, problems);
        entries.push({
            index,
            source: stringOrNumber(entry.Source),
            id: stringOrNumber(entry.ID),
            value: stringOrNumber(entry.Value),
            samlClaimType: stringOrNumber(entry.SamlClaimType),
        });
    });
    return { entries, problems };
}

/** True when any definition text mentions the AWS SAML attributes, in any casing. */
export function mentionsAwsSamlAttributes(definitions: unknown): boolean {
    if (!Array.isArray(definitions)) {
        return false;
    }
    return definitions.some(
        (definition: unknown) =>
            typeof definition === "string" && definition.toLowerCase().includes(AWS_SAML_ATTRIBUTE_PREFIX.toLowerCase()),
    );
}

/** True when `claimType` is a documented AWS attribute name, exactly cased. */
export function isKnownAwsAttribute(claimType: string): boolean {
    if (!claimType.startsWith(AWS_SAML_ATTRIBUTE_PREFIX)) {
        return false;
    }
    const name = claimType.slice(AWS_SAML_ATTRIBUTE_PREFIX.length);
    return AWS_ATTRIBUTE_NAMES.includes(name) || AWS_PRINCIPAL_TAG.test(name);
}

/** The constant SessionDuration (seconds) the policy sends, when it sends exactly one valid one. */
export function sessionDurationSeconds(reading: ClaimsMappingPolicyReading): number | undefined {
    const entries = (reading.entries ?? []).filter((entry) => entry.samlClaimType === AWS_SESSION_DURATION_ATTRIBUTE);
    if (entries.length !== 1 || entries[0].value === undefined || !/^\d+$/.test(entries[0].value.trim())) {
        return undefined;
    }
    return Number(entries[0].value.trim());
}

function checkKeyCasing(record: Record<string, unknown>, known: readonly string[], where: string, problems: string[]): void {
    for (const key of Object.keys(record)) {
        const expected = known.find((name) => name.toLowerCase() === key.toLowerCase());
        if (expected !== undefined && expected !== key) {
            problems.push(`${where} key "${key}" must be written "${expected}" (Azure ignores miscased keys)`);
        }
    }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringOrNumber(value: unknown): string | undefined {
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function kindOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    return Array.isArray(value) ? "a list" : typeof value;
}
