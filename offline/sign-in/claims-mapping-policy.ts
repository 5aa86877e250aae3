import * as crypto from "crypto";
import { NAME_ID_FORMAT, NAME_IDENTIFIER_CLAIM_TYPE, azureAdIssuer } from "./saml-names";

/**
 * A user as Azure AD holds it, seen through the attribute IDs a claims mapping policy can name
 * with `"Source": "user"`.
 */
export interface DirectoryUser {
    /** Read by the policy ID `userprincipalname`, e.g. `B.Simon@contoso.com` or a guest's `..#EXT#@..` UPN. */
    readonly userPrincipalName: string;
    /** Read by the policy ID `objectid`. */
    readonly objectId: string;
    /**
     * Other attributes keyed by their claims-mapping ID, exactly as the policy spells it (`mail`,
     * `givenname`, `surname`, `displayname`, `onpremisessamaccountname`, `employeeid`, ...).
     * Missing or empty attributes produce no claim, as in Azure AD.
     */
    readonly attributes: Readonly<Record<string, string>>;
    /** Values of the app roles assigned to the user on this application: the policy ID `assignedroles`. */
    readonly assignedRoleValues: readonly string[];
}

/** Which NameID Azure AD sends when the policy does not map `nameidentifier`. */
export type DefaultNameIdFormat = "persistent" | "emailAddress";

export interface ClaimsMappingContext {
    readonly tenantId: string;
    /** The audience Azure AD sends (identifier URI without its `#...` suffix); pairwise NameIDs are per audience. */
    readonly audience: string;
    readonly defaultNameIdFormat: DefaultNameIdFormat;
}

export interface SamlAttributeClaim {
    readonly name: string;
    readonly values: readonly string[];
}

/** What Azure AD puts in the assertion's Subject and AttributeStatement for one user. */
export interface AzureClaimSet {
    readonly nameId: { readonly value: string; readonly format: string };
    readonly attributes: readonly SamlAttributeClaim[];
    /** Policy entries that produced no claim, and why: the clue when AWS later reports a missing attribute. */
    readonly notes: readonly string[];
}

export type ClaimsMappingOutcome = { readonly ok: true; readonly claims: AzureClaimSet } | { readonly ok: false; readonly problem: string };

/** Keys Azure AD reads in a ClaimsSchema entry. They are case-sensitive: `source` is not `Source`. */
const CLAIMS_SCHEMA_ENTRY_KEYS = new Set(["Source", "ID", "Value", "SamlClaimType", "JwtClaimType", "SamlNameIdFormat", "ExtensionID"]);

/** Claims Azure AD emits in every SAML token whatever the policy says. */
function coreClaims(user: DirectoryUser, tenantId: string): SamlAttributeClaim[] {
    return [
        { name: "http://schemas.microsoft.com/identity/claims/tenantid", values: [tenantId] },
        { name: "http://schemas.microsoft.com/identity/claims/objectidentifier", values: [user.objectId] },
        { name: "http://schemas.microsoft.com/identity/claims/identityprovider", values: [azureAdIssuer(tenantId)] },
        {
            name: "http://schemas.microsoft.com/claims/authnmethodsreferences",
            values: ["http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password"],
        },
    ];
}

/** The basic claim set added by `"IncludeBasicClaimSet": "true"` (the ones a SAML app gets by default). */
function basicClaims(user: DirectoryUser): SamlAttributeClaim[] {
    const optional: [string, string | undefined][] = [
        ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", user.attributes["givenname"]],
        ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", user.attributes["surname"]],
        ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", user.attributes["mail"]],
        ["http://schemas.microsoft.com/identity/claims/displayname", user.attributes["displayname"]],
    ];
    return [
        { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", values: [user.userPrincipalName] },
        ...optional.filter((pair): pair is [string, string] => !!pair[1]).map(([name, value]) => ({ name, values: [value] })),
    ];
}

/** Values of a `"Source": "user"` attribute ID; empty when the user has none (Azure then omits the claim). */
function userAttributeValues(user: DirectoryUser, id: string): string[] {
    switch (id) {
        case "userprincipalname":
            return [user.userPrincipalName];
        case "objectid":
            return [user.objectId];
        case "assignedroles":
            return [...user.assignedRoleValues];
        default: {
            const value = Object.prototype.hasOwnProperty.call(user.attributes, id) ? user.attributes[id] : undefined;
            return value ? [value] : [];
        }
    }
}

/**
 * Azure's persistent NameID is an opaque pairwise identifier, stable per user and audience.
 * This stand-in has the same properties; its value is not Azure's.
 */
function pairwisePersistentId(user: DirectoryUser, audience: string): string {
    return crypto.createHash("sha256").update(`${user.objectId}|${audience}`).digest("base64");
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Applies a claims mapping policy definition (the JSON string given to `azuread.ClaimsMappingPolicy`)
 * to a user as Azure AD does. Keys are read exactly as written: a wrong-cased key or an `ID` where a
 * constant `Value` was meant yields a missing claim, never a silently corrected one; `notes` says why.
 */
export function applyClaimsMappingPolicy(definition: string, user: DirectoryUser, context: ClaimsMappingContext): ClaimsMappingOutcome {
    let parsed: unknown;
    try {
        parsed = JSON.parse(definition);
    } catch (error) {
        return { ok: false, problem: `claims mapping policy definition is not valid JSON: ${(error as Error).message}` };
    }
    const notes: string[] = [];
    const policy = isRecord(parsed) ? parsed["ClaimsMappingPolicy"] : undefined;
    if (!isRecord(policy)) {
        notes.push(`no "ClaimsMappingPolicy" object at the top level (keys are case-sensitive): the policy maps nothing`);
    }
    const includeBasicSetting = isRecord(policy) ? policy["IncludeBasicClaimSet"] : undefined;
    const includeBasic = includeBasicSetting === true || String(includeBasicSetting).toLowerCase() === "true";
    const schema = isRecord(policy) ? policy["ClaimsSchema"] : undefined;
    if (isRecord(policy) && !Array.isArray(schema)) {
        notes.push(`no "ClaimsSchema" array in the policy (keys are case-sensitive): no custom claims`);
    }

    let nameId: { value: string; format: string } =
        context.defaultNameIdFormat === "emailAddress"
            ? { value: user.userPrincipalName, format: NAME_ID_FORMAT.emailAddress }
            : { value: pairwisePersistentId(user, context.audience), format: NAME_ID_FORMAT.persistent };
    const attributes: SamlAttributeClaim[] = [...coreClaims(user, context.tenantId), ...(includeBasic ? basicClaims(user) : [])];

    (Array.isArray(schema) ? schema : []).forEach((entry: unknown, index) => {
        const where = `ClaimsSchema[${index}]`;
        if (!isRecord(entry)) {
            notes.push(`${where} is not an object: ignored`);
            return;
        }
        const unknownKeys = Object.keys(entry).filter((key) => !CLAIMS_SCHEMA_ENTRY_KEYS.has(key));
        if (unknownKeys.length > 0) {
            notes.push(
                `${where} has unknown keys ${unknownKeys.map((key) => `"${key}"`).join(", ")} (keys are case-sensitive): Azure ignores them`,
            );
        }
        const claimType = entry["SamlClaimType"];
        if (typeof claimType !== "string" || claimType === "") {
            notes.push(`${where} has no "SamlClaimType": nothing emitted in SAML`);
            return;
        }
        const values = claimValues(entry, where, user, notes);
        if (values.length === 0) {
            return;
        }
        if (claimType === NAME_IDENTIFIER_CLAIM_TYPE) {
            const format = typeof entry["SamlNameIdFormat"] === "string" ? entry["SamlNameIdFormat"] : NAME_ID_FORMAT.unspecified;
            nameId = { value: values[0], format };
            return;
        }
        const existing = attributes.findIndex((attribute) => attribute.name === claimType);
        if (existing >= 0) {
            // A policy claim replaces the basic/core claim of the same type.
            attributes[existing] = { name: claimType, values };
        } else {
            attributes.push({ name: claimType, values });
        }
    });
    return { ok: true, claims: { nameId, attributes, notes } };
}

function claimValues(entry: Record<string, unknown>, where: string, user: DirectoryUser, notes: string[]): string[] {
    const claimType = String(entry["SamlClaimType"]);
    if ("Value" in entry) {
        if (typeof entry["Value"] !== "string") {
            notes.push(`${where} (${claimType}): "Value" must be a string: claim not emitted`);
            return [];
        }
        return [entry["Value"]];
    }
    const source = entry["Source"];
    const id = entry["ID"];
    if (source === undefined) {
        notes.push(
            typeof id === "string"
                ? `${where} (${claimType}): "ID": "${id}" without "Source" names no attribute (a constant needs "Value"): claim not emitted`
                : `${where} (${claimType}): neither "Value" nor "Source"/"ID": claim not emitted`,
        );
        return [];
    }
    if (source !== "user") {
        notes.push(`${where} (${claimType}): "Source": ${JSON.stringify(source)} is not simulated (only "user"): claim not emitted`);
        return [];
    }
    if (typeof id !== "string") {
        notes.push(`${where} (${claimType}): "Source": "user" without a string "ID": claim not emitted`);
        return [];
    }
    const values = userAttributeValues(user, id);
    if (values.length === 0) {
        notes.push(`${where} (${claimType}): user attribute "${id}" is empty or unknown for ${user.userPrincipalName}: claim not emitted`);
    }
    return values;
}
