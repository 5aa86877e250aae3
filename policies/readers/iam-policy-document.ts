/**
 * Reads IAM policy documents the way IAM evaluates them, for every rule that looks at permissions or
 * trust. A document arrives as a JSON string or an object (`aws.iam.PolicyDocument`); `Statement`,
 * `Action`, `Resource` and principal values may each be one value or a list; action names and
 * condition keys are case-insensitive and may use the `*` and `?` wildcards.
 *
 * Reading never throws on malformed input: structural problems are returned so a rule can report them.
 * Unknown values (preview) are not caught here: the SDK's proxy throws and the rule defers.
 */

export type Effect = "Allow" | "Deny";

export interface Principal {
    /** `"Principal": "*"` (or `{"AWS": "*"}`): anyone. */
    readonly anyone: boolean;
    /** Principal type (`AWS`, `Federated`, `Service`, `CanonicalUser`) to its values. */
    readonly byType: ReadonlyMap<string, readonly string[]>;
}

export interface ConditionEntry {
    /** Operator as written, e.g. `StringEquals` or `ForAnyValue:StringLike`. */
    readonly operator: string;
    /** Condition key as written, e.g. `SAML:aud`. */
    readonly key: string;
    readonly values: readonly string[];
}

export interface PolicyStatement {
    /** Position in the document, for messages. */
    readonly index: number;
    readonly sid?: string;
    /** `undefined` when the Effect is missing or not Allow/Deny. */
    readonly effect?: Effect;
    readonly actions: readonly string[];
    /** Present only when the statement uses `NotAction`. */
    readonly notActions?: readonly string[];
    readonly resources: readonly string[];
    /** Present only when the statement uses `NotResource`. */
    readonly notResources?: readonly string[];
    readonly principal?: Principal;
    readonly notPrincipal?: Principal;
    readonly conditions: readonly ConditionEntry[];
}

export interface PolicyDocument {
    readonly version?: string;
    readonly statements: readonly PolicyStatement[];
}

export interface PolicyDocumentReading {
    /** Absent when the input is not a policy document at all (bad JSON, not an object). */
    readonly document?: PolicyDocument;
    /** Structural problems, one sentence each; empty for a well-formed document. */
    readonly problems: readonly string[];
}

/** Reads a policy document from a JSON string or an object. */
export function readPolicyDocument(input: unknown): PolicyDocumentReading {
    let raw: unknown = input;
    if (typeof input === "string") {
        try {
            raw = JSON.parse(input);
        } catch (error) {
            return { problems: [`the policy is not valid JSON (${(error as Error).message})`] };
        }
    }
    if (!isRecord(raw)) {
        return { problems: [`the policy must be a JSON object, got ${kindOf(raw)}`] };
    }
    const problems: string[] = [];
    const version = typeof raw.Version === "string" ? raw.Version : undefined;
    if (raw.Statement === undefined) {
        problems.push("the policy has no Statement");
    }
    const rawStatements = raw.Statement === undefined ? [] : Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
    const statements: PolicyStatement[] = [];
    rawStatements.forEach((rawStatement: unknown, index: number) => {
        if (!isRecord(rawStatement)) {
            problems.push(`statement ${index} must be an object, got ${kindOf(rawStatement)}`);
            return;
        }
        statements.push(readStatement(rawStatement, index, problems));
    });
    return { document: { version, statements }, problems };
}

function readStatement(raw: Record<string, unknown>, index: number, problems: string[]): PolicyStatement {
    const where = `statement ${index}`;
    const effectValue = raw.Effect;
    let effect: Effect | undefined;
    if (typeof effectValue === "string" && /^allow$/i.test(effectValue)) {
        effect = "Allow";
    } else if (typeof effectValue === "string" && /^deny$/i.test(effectValue)) {
        effect = "Deny";
    } else {
        problems.push(`${where} has Effect ${JSON.stringify(effectValue) ?? "undefined"}; it must be Allow or Deny`);
    }
    const statement: {
        -readonly [K in keyof PolicyStatement]: PolicyStatement[K];
    } = {
        index,
        effect,
        actions: stringList(raw.Action, `${where} Action`, problems),
        resources: stringList(raw.Resource, `${where} Resource`, problems),
        conditions: readConditions(raw.Condition, where, problems),
    };
    if (typeof raw.Sid === "string") {
        statement.sid = raw.Sid;
    }
    if (raw.NotAction !== undefined) {
        statement.notActions = stringList(raw.NotAction, `${where} NotAction`, problems);
    }
    if (raw.NotResource !== undefined) {
        statement.notResources = stringList(raw.NotResource, `${where} NotResource`, problems);
    }
    if (raw.Principal !== undefined) {
        statement.principal = readPrincipal(raw.Principal, `${where} Principal`, problems);
    }
    if (raw.NotPrincipal !== undefined) {
        statement.notPrincipal = readPrincipal(raw.NotPrincipal, `${where} NotPrincipal`, problems);
    }
    return statement;
}

function readPrincipal(raw: unknown, where: string, problems: string[]): Principal {
    if (raw === "*") {
        return { anyone: true, byType: new Map() };
    }
    const byType = new Map<string, string[]>();
    if (!isRecord(raw)) {
        problems.push(`${where} must be "*" or an object, got ${kindOf(raw)}`);
        return { anyone: false, byType };
    }
    for (const [type, values] of Object.entries(raw)) {
        byType.set(type, stringList(values, `${where}.${type}`, problems));
    }
    const awsValues = [...byType.entries()].find(([type]) => type.toUpperCase() === "AWS")?.[1] ?? [];
    return { anyone: awsValues.includes("*"), byType };
}

function readConditions(raw: unknown, where: string, problems: string[]): ConditionEntry[] {
    if (raw === undefined) {
        return [];
    }
    if (!isRecord(raw)) {
        problems.push(`${where} Condition must be an object, got ${kindOf(raw)}`);
        return [];
    }
    const entries: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(raw)) {
        if (!isRecord(block)) {
            problems.push(`${where} Condition ${operator} must be an object, got ${kindOf(block)}`);
            continue;
        }
        for (const [key, values] of Object.entries(block)) {
            entries.push({ operator, key, values: stringList(values, `${where} Condition ${operator} ${key}`, problems, true) });
        }
    }
    return entries;
}

/** A value or list of values, as strings. Condition values may be booleans or numbers in IAM. */
function stringList(raw: unknown, where: string, problems: string[], scalarsAsStrings = false): string[] {
    if (raw === undefined) {
        return [];
    }
    const list = Array.isArray(raw) ? raw : [raw];
    const result: string[] = [];
    for (const item of list) {
        if (typeof item === "string") {
            result.push(item);
        } else if (scalarsAsStrings && (typeof item === "number" || typeof item === "boolean")) {
            result.push(String(item));
        } else {
            problems.push(`${where} must hold strings, got ${kindOf(item)}`);
        }
    }
    return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    return Array.isArray(value) ? "a list" : typeof value;
}

// ---------------------------------------------------------------------------------------------
// Matching, with IAM's wildcard and case rules.
// ---------------------------------------------------------------------------------------------

const globCache = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run of characters, `?` one character, case-insensitive. */
export function wildcardMatches(pattern: string, value: string): boolean {
    let regex = globCache.get(pattern);
    if (regex === undefined) {
        const source = pattern
            .split("")
            .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
            .join("");
        regex = new RegExp(`^${source}$`, "is");
        globCache.set(pattern, regex);
    }
    return regex.test(value);
}

/** True when an action pattern such as `iam:*` or `iam:Get*` covers the concrete action. */
export function actionCovers(pattern: string, action: string): boolean {
    return wildcardMatches(pattern, action);
}

/** `*`, `*:*` and the like: every action of every service. */
export function isEveryActionPattern(pattern: string): boolean {
    return /^\*+(:\*+)?$/.test(pattern.trim());
}

/** True when the pattern grants every action of `service`, e.g. `iam:*` (or `*`) for `iam`. */
export function coversWholeService(pattern: string, service: string): boolean {
    const trimmed = pattern.trim();
    if (isEveryActionPattern(trimmed)) {
        return true;
    }
    const colon = trimmed.indexOf(":");
    if (colon < 0) {
        return false;
    }
    return wildcardMatches(trimmed.slice(0, colon), service) && /^\*+$/.test(trimmed.slice(colon + 1));
}

/** `*` (or `**`): every resource. */
export function isEveryResourcePattern(resource: string): boolean {
    return /^\*+$/.test(resource.trim());
}

/** True when the pattern names no single action: it contains a wildcard. */
export function hasWildcard(pattern: string): boolean {
    return /[*?]/.test(pattern);
}

/** True when an Allow statement grants `action` (through Action, or through NotAction not excluding it). */
export function statementAllowsAction(statement: PolicyStatement, action: string): boolean {
    if (statement.effect !== "Allow") {
        return false;
    }
    if (statement.notActions !== undefined) {
        return !statement.notActions.some((pattern) => actionCovers(pattern, action));
    }
    return statement.actions.some((pattern) => actionCovers(pattern, action));
}

/** True when the statement applies to every resource (`*`, or any `NotResource`, which inverts a list). */
export function statementCoversEveryResource(statement: PolicyStatement): boolean {
    return statement.notResources !== undefined || statement.resources.some(isEveryResourcePattern);
}

/** Principal values of one type, matched case-insensitively on the type name. */
export function principalValues(principal: Principal | undefined, type: string): readonly string[] {
    if (principal === undefined) {
        return [];
    }
    for (const [name, values] of principal.byType) {
        if (name.toLowerCase() === type.toLowerCase()) {
            return values;
        }
    }
    return [];
}

/** Condition entries for a key (case-insensitive, as IAM compares condition keys). */
export function conditionsOnKey(statement: PolicyStatement, key: string): readonly ConditionEntry[] {
    return statement.conditions.filter((entry) => entry.key.toLowerCase() === key.toLowerCase());
}
