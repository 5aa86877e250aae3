/**
 * Evaluates an IAM role trust policy for a federated (SAML) caller the way IAM does for
 * AssumeRoleWithSAML: an explicit Deny wins, otherwise an Allow is needed, otherwise an implicit deny.
 * What the simulation cannot decide (an unmodelled operator, condition key, policy variable or
 * NotPrincipal) makes the policy undecidable, which callers treat as a denial naming the construct.
 */

export type ConditionContextValue = string | readonly string[];

export interface TrustPolicyRequest {
    /** The caller's principal: for SAML, the SAML provider ARN, matched against `Principal.Federated`. */
    readonly federatedPrincipal: string;
    /** E.g. `sts:AssumeRoleWithSAML`. */
    readonly action: string;
    /** Condition keys (case-insensitive, as in IAM) and their values in this request. */
    readonly context: Readonly<Record<string, ConditionContextValue>>;
    /**
     * Keys the caller models. A condition on any other key is undecidable; a modelled key missing
     * from `context` is absent from the request. Defaults to the keys of `context`.
     */
    readonly modelledKeys?: readonly string[];
}

export type TrustPolicyDecision =
    | { readonly effect: "allow"; readonly allowedBy: string }
    | { readonly effect: "explicit-deny"; readonly deniedBy: string; readonly reasons: readonly string[] }
    | { readonly effect: "implicit-deny"; readonly reasons: readonly string[] }
    /** Fail closed: the reasons name the constructs the simulation does not model. */
    | { readonly effect: "undecidable"; readonly reasons: readonly string[] }
    /** A document IAM would not have accepted. */
    | { readonly effect: "malformed"; readonly reasons: readonly string[] };

/** Three-valued truth, so that a statement that certainly fails is not reported as undecidable. */
type Truth = "yes" | "no" | "unknown";

interface Verdict {
    readonly truth: Truth;
    readonly reasons: readonly string[];
}

const YES: Verdict = { truth: "yes", reasons: [] };
const no = (reason: string): Verdict => ({ truth: "no", reasons: [reason] });
const unknown = (reason: string): Verdict => ({ truth: "unknown", reasons: [reason] });

/** AND over verdicts: any "no" decides, else any "unknown" leaves it open. */
function allOf(verdicts: readonly Verdict[]): Verdict {
    for (const truth of ["no", "unknown"] as const) {
        const matching = verdicts.filter((verdict) => verdict.truth === truth);
        if (matching.length > 0) {
            return { truth, reasons: matching.flatMap((verdict) => verdict.reasons) };
        }
    }
    return YES;
}

class MalformedPolicy extends Error {}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** IAM accepts a single string or an array for most fields; condition values may also be numbers or booleans. */
function stringList(value: unknown, where: string, allowScalars = false): string[] {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => {
        if (typeof item === "string") {
            return item;
        }
        if (allowScalars && (typeof item === "number" || typeof item === "boolean")) {
            return String(item);
        }
        throw new MalformedPolicy(`${where} must be a string or a list of strings, got ${JSON.stringify(item)}`);
    });
}

/** IAM wildcards: `*` any run of characters, `?` exactly one. */
function wildcardPattern(pattern: string, ignoreCase: boolean): RegExp {
    const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (character) =>
        character === "*" ? ".*" : character === "?" ? "." : `\\${character}`,
    );
    return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

export function evaluateTrustPolicy(policy: string | object, request: TrustPolicyRequest): TrustPolicyDecision {
    try {
        const document: unknown = typeof policy === "string" ? parsePolicyJson(policy) : policy;
        if (!isObject(document)) {
            throw new MalformedPolicy("policy document is not a JSON object");
        }
        const statementField = document["Statement"];
        if (statementField === undefined) {
            throw new MalformedPolicy("policy document has no Statement");
        }
        const statements = Array.isArray(statementField) ? statementField : [statementField];
        const evaluated = statements.map((statement: unknown, index) => evaluateStatement(statement, index, request));

        const denies = evaluated.filter((statement) => statement.effect === "Deny");
        const deny = denies.find((statement) => statement.verdict.truth === "yes");
        if (deny) {
            return { effect: "explicit-deny", deniedBy: deny.label, reasons: [`${deny.label} denies ${request.action}`] };
        }
        const undecidedDenies = denies.filter((statement) => statement.verdict.truth === "unknown");
        if (undecidedDenies.length > 0) {
            return { effect: "undecidable", reasons: labelled(undecidedDenies) };
        }
        const allows = evaluated.filter((statement) => statement.effect === "Allow");
        const allow = allows.find((statement) => statement.verdict.truth === "yes");
        if (allow) {
            return { effect: "allow", allowedBy: allow.label };
        }
        const undecidedAllows = allows.filter((statement) => statement.verdict.truth === "unknown");
        if (undecidedAllows.length > 0) {
            return { effect: "undecidable", reasons: labelled(undecidedAllows) };
        }
        return {
            effect: "implicit-deny",
            reasons: allows.length > 0 ? labelled(allows) : ["the policy has no Allow statement"],
        };
    } catch (error) {
        if (error instanceof MalformedPolicy) {
            return { effect: "malformed", reasons: [error.message] };
        }
        throw error;
    }
}

function parsePolicyJson(policy: string): unknown {
    try {
        return JSON.parse(policy);
    } catch (error) {
        throw new MalformedPolicy(`policy is not valid JSON: ${(error as Error).message}`);
    }
}

interface EvaluatedStatement {
    readonly label: string;
    readonly effect: "Allow" | "Deny";
    readonly verdict: Verdict;
}

function labelled(statements: readonly EvaluatedStatement[]): string[] {
    return statements.flatMap((statement) => statement.verdict.reasons.map((reason) => `${statement.label}: ${reason}`));
}

function evaluateStatement(statement: unknown, index: number, request: TrustPolicyRequest): EvaluatedStatement {
    if (!isObject(statement)) {
        throw new MalformedPolicy(`Statement[${index}] is not an object`);
    }
    const sid = typeof statement["Sid"] === "string" ? ` (Sid "${statement["Sid"]}")` : "";
    const label = `Statement[${index}]${sid}`;
    const effect = statement["Effect"];
    if (effect !== "Allow" && effect !== "Deny") {
        throw new MalformedPolicy(`${label} has Effect ${JSON.stringify(effect)}; IAM accepts only "Allow" or "Deny"`);
    }
    const verdict = allOf([
        principalVerdict(statement, label, request.federatedPrincipal),
        actionVerdict(statement, label, request.action),
        conditionVerdict(statement["Condition"], label, request),
    ]);
    return { label, effect, verdict };
}

function principalVerdict(statement: JsonObject, label: string, federatedPrincipal: string): Verdict {
    if ("NotPrincipal" in statement) {
        return unknown("NotPrincipal is not simulated");
    }
    const principal = statement["Principal"];
    if (principal === undefined) {
        return no("has no Principal");
    }
    if (principal === "*") {
        return YES;
    }
    if (!isObject(principal)) {
        throw new MalformedPolicy(`${label} Principal must be "*" or an object`);
    }
    if (principal["Federated"] === undefined) {
        const named = Object.keys(principal).join(", ") || "nothing";
        return no(`Principal names no Federated principal (has ${named}), so ${federatedPrincipal} is not trusted`);
    }
    const federated = stringList(principal["Federated"], `${label} Principal.Federated`);
    // Principal ARNs match exactly: IAM allows no wildcards inside them.
    return federated.includes(federatedPrincipal)
        ? YES
        : no(`Principal.Federated ${JSON.stringify(federated)} does not include ${federatedPrincipal}`);
}

function actionVerdict(statement: JsonObject, label: string, action: string): Verdict {
    const matches = (pattern: string) => wildcardPattern(pattern, true).test(action);
    if (statement["Action"] !== undefined) {
        const actions = stringList(statement["Action"], `${label} Action`);
        return actions.some(matches) ? YES : no(`Action ${JSON.stringify(actions)} does not include ${action}`);
    }
    if (statement["NotAction"] !== undefined) {
        const excluded = stringList(statement["NotAction"], `${label} NotAction`);
        return excluded.some(matches) ? no(`NotAction ${JSON.stringify(excluded)} excludes ${action}`) : YES;
    }
    throw new MalformedPolicy(`${label} has neither Action nor NotAction`);
}

type StringOperator =
    "StringEquals" | "StringNotEquals" | "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase" | "StringLike" | "StringNotLike";

const STRING_OPERATORS: Record<StringOperator, { negated: boolean; matches: (policyValue: string, requestValue: string) => boolean }> = {
    StringEquals: { negated: false, matches: (policyValue, requestValue) => policyValue === requestValue },
    StringNotEquals: { negated: true, matches: (policyValue, requestValue) => policyValue === requestValue },
    StringEqualsIgnoreCase: {
        negated: false,
        matches: (policyValue, requestValue) => policyValue.toLowerCase() === requestValue.toLowerCase(),
    },
    StringNotEqualsIgnoreCase: {
        negated: true,
        matches: (policyValue, requestValue) => policyValue.toLowerCase() === requestValue.toLowerCase(),
    },
    StringLike: { negated: false, matches: (policyValue, requestValue) => wildcardPattern(policyValue, false).test(requestValue) },
    StringNotLike: { negated: true, matches: (policyValue, requestValue) => wildcardPattern(policyValue, false).test(requestValue) },
};

const OPERATOR_SYNTAX = /^(?:(ForAnyValue|ForAllValues):)?([A-Za-z]+?)(IfExists)?$/;

function conditionVerdict(condition: unknown, label: string, request: TrustPolicyRequest): Verdict {
    if (condition === undefined) {
        return YES;
    }
    if (!isObject(condition)) {
        throw new MalformedPolicy(`${label} Condition must be an object`);
    }
    const modelledKeys = new Set((request.modelledKeys ?? Object.keys(request.context)).map((key) => key.toLowerCase()));
    const requestValues = new Map(Object.entries(request.context).map(([key, value]) => [key.toLowerCase(), value]));
    const verdicts: Verdict[] = [];
    for (const [operator, block] of Object.entries(condition)) {
        if (!isObject(block)) {
            throw new MalformedPolicy(`${label} Condition "${operator}" must map condition keys to values`);
        }
        for (const [key, rawValues] of Object.entries(block)) {
            const policyValues = stringList(rawValues, `${label} Condition ${operator} ${key}`, true);
            verdicts.push(
                keyVerdict(operator, key, policyValues, modelledKeys.has(key.toLowerCase()), requestValues.get(key.toLowerCase())),
            );
        }
    }
    return allOf(verdicts);
}

function keyVerdict(
    operator: string,
    key: string,
    policyValues: readonly string[],
    keyIsModelled: boolean,
    requestValue: ConditionContextValue | undefined,
): Verdict {
    const syntax = OPERATOR_SYNTAX.exec(operator);
    const setOperator = syntax?.[1] as "ForAnyValue" | "ForAllValues" | undefined;
    const baseOperator = syntax?.[2];
    const ifExists = syntax?.[3] !== undefined;
    const isNull = baseOperator === "Null" && !setOperator && !ifExists;
    if (!syntax || (!isNull && !Object.hasOwn(STRING_OPERATORS, baseOperator!))) {
        return unknown(`condition operator "${operator}" is not simulated`);
    }
    if (!keyIsModelled) {
        return unknown(`condition key "${key}" is not simulated`);
    }
    if (policyValues.some((value) => value.includes("${"))) {
        return unknown(`policy variables in ${operator} ${key} ${JSON.stringify(policyValues)} are not simulated`);
    }
    const requestValues: readonly string[] | undefined =
        requestValue === undefined ? undefined : typeof requestValue === "string" ? [requestValue] : requestValue;
    const describe = () => {
        const actual =
            requestValues === undefined
                ? "(key absent from the request)"
                : JSON.stringify(requestValues.length === 1 ? requestValues[0] : requestValues);
        return `Condition ${operator} ${key} ${JSON.stringify(policyValues)} does not match ${actual}`;
    };

    if (isNull) {
        const expectAbsent = policyValues.map((value) => value.toLowerCase()).includes("true");
        return (requestValues === undefined) === expectAbsent ? YES : no(describe());
    }
    const { negated, matches } = STRING_OPERATORS[baseOperator as StringOperator];
    if (requestValues === undefined) {
        // IAM: IfExists and ForAllValues hold vacuously on an absent key, negated operators hold, the rest fail.
        const holds = ifExists || setOperator === "ForAllValues" || (setOperator !== "ForAnyValue" && negated);
        return holds ? YES : no(describe());
    }
    const satisfied = (value: string) => policyValues.some((policyValue) => matches(policyValue, value)) !== negated;
    // A negated operator on a plain key must hold for every value; ForAnyValue needs one.
    const everyValueMustHold = setOperator === "ForAllValues" || (setOperator === undefined && negated);
    const holds = everyValueMustHold ? requestValues.every(satisfied) : requestValues.some(satisfied);
    return holds ? YES : no(describe());
}
