import * as aws from "@pulumi/aws";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { isAwsSignInSamlEndpoint, parseSamlProviderArn } from "../../readers/aws-identifiers";
import {
    conditionsOnKey,
    hasWildcard,
    PolicyStatement,
    principalValues,
    statementAllowsAction,
    wildcardMatches,
} from "../../readers/iam-policy-document";
import { ASSUME_ROLE_WITH_SAML, readSamlTrust, SAML_AUDIENCE_KEY, SAML_TRUST_ACTIONS } from "../../readers/saml-trust";

/** Operators that pin `SAML:aud` to exact values; `IfExists`, set and pattern operators do not. */
const PINNING_OPERATORS = ["StringEquals", "StringEqualsIgnoreCase"];

export const samlRoleTrustPolicy = defineResourcePolicy({
    name: "aws-saml-role-trust",
    description:
        "Roles that trust a SAML provider are entered only by sts:AssumeRoleWithSAML from a SAML provider ARN on the AWS sign-in audience; no other statement lets anyone in.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        'Give the trust statement exactly `"Principal": {"Federated": "<SAML provider ARN>"}`, `"Action": "sts:AssumeRoleWithSAML"` (add `sts:TagSession` or `sts:SetSourceIdentity` only when you send those attributes) and `"Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}` (or a regional `https://<region>.signin.aws.amazon.com/saml`). Trust one SAML provider per role so Azure AD role import can read it.',
    config: {
        allowedActions: {
            type: "array",
            description: "Actions a SAML trust statement may allow.",
            default: [...SAML_TRUST_ACTIONS],
            items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9]+$" },
            uniqueItems: true,
        },
        additionalAudiences: {
            type: "array",
            description: "SAML:aud values accepted besides the AWS sign-in SAML endpoints.",
            default: [],
            items: { type: "string", pattern: "^https://" },
            uniqueItems: true,
        },
        requireSingleProvider: {
            type: "boolean",
            description: "Require each role to trust exactly one SAML provider (Azure AD role import skips others).",
            default: true,
        },
        allowedOtherPrincipals: {
            type: "array",
            description:
                'Break-glass entries "<role name pattern> <principal pattern>" (`*` wildcard, one space between): a SAML role whose name matches may also be assumed by the principal (an AWS ARN or account id, a service, a federated provider, or "*").',
            default: [],
            items: { type: "string", pattern: "^[\\w+=,.@*?-]+ \\S+$" },
            uniqueItems: true,
        },
    },
    validateResource: (on) => [
        on(aws.iam.Role, (role, args, reportViolation, config) => {
            const trust = readSamlTrust(role.assumeRolePolicy);
            for (const statement of trust.samlStatements) {
                for (const problem of samlStatementProblems(statement, config.allowedActions, config.additionalAudiences)) {
                    reportViolation(`Trust statement ${statement.sid ?? statement.index}: ${problem}`);
                }
            }
            if (trust.samlStatements.length > 0) {
                // Once SAML sign-in leads into the role, no other door may: every other Allow is checked.
                const name: unknown = role.name;
                const roleName = typeof name === "string" ? name : args.name;
                const allowed = config.allowedOtherPrincipals.map(parseAllowedPrincipal);
                for (const statement of trust.otherStatements) {
                    for (const door of otherDoors(statement)) {
                        if (
                            door.principal !== undefined &&
                            allowed.some(
                                (entry) =>
                                    wildcardMatches(entry.roleName, roleName) && wildcardMatches(entry.principal, door.principal ?? ""),
                            )
                        ) {
                            continue;
                        }
                        reportViolation(
                            `Trust statement ${statement.sid ?? statement.index}: ${door.description}; an SSO role is entered only through SAML sign-in. Remove the statement, or allow-list "${roleName} ${door.principal ?? "<principal>"}" in allowedOtherPrincipals for a break-glass path.`,
                        );
                    }
                }
            }
            if (config.requireSingleProvider && trust.providerArns.length > 1) {
                reportViolation(
                    `The role trusts ${trust.providerArns.length} SAML providers (${trust.providerArns.join(", ")}); Azure AD role import only reads roles that trust exactly one.`,
                );
            }
        }),
    ],
});

/** Actions that let a principal become the role; `sts:TagSession` and the like only ride along. */
const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", ASSUME_ROLE_WITH_SAML];

interface OtherDoor {
    /** What the statement lets in, for the message. */
    readonly description: string;
    /** The principal value an allow-list entry may name; absent for NotPrincipal, which cannot be allow-listed. */
    readonly principal?: string;
}

/** The principals a non-SAML Allow statement lets assume the role, each a separate door. */
function otherDoors(statement: PolicyStatement): OtherDoor[] {
    const actions = ASSUME_ACTIONS.filter((action) => statementAllowsAction(statement, action));
    if (actions.length === 0) {
        return [];
    }
    const via =
        statement.notActions !== undefined
            ? ` (through NotAction ${JSON.stringify(statement.notActions)})`
            : ` (through ${JSON.stringify(statement.actions)})`;
    const allows = `allows ${actions.join(", ")}${via}`;
    if (statement.notPrincipal !== undefined) {
        return [{ description: `${allows} to every principal NotPrincipal does not list` }];
    }
    if (statement.principal === undefined || statement.principal.anyone) {
        return [{ description: `${allows} to any principal ("*")`, principal: "*" }];
    }
    const doors: OtherDoor[] = [];
    for (const [type, values] of statement.principal.byType) {
        for (const value of values) {
            doors.push({ description: `${allows} to ${type} principal ${JSON.stringify(value)}`, principal: value });
        }
    }
    return doors;
}

function parseAllowedPrincipal(entry: string): { roleName: string; principal: string } {
    const space = entry.indexOf(" ");
    return { roleName: entry.slice(0, space), principal: entry.slice(space + 1) };
}

function samlStatementProblems(
    statement: PolicyStatement,
    allowedActions: readonly string[],
    additionalAudiences: readonly string[],
): string[] {
    const problems: string[] = [];
    if (statement.notActions !== undefined) {
        problems.push("uses NotAction, which allows every action it does not list; list the SAML actions in Action instead.");
    }
    for (const action of statement.actions) {
        const allowed = !hasWildcard(action) && allowedActions.some((candidate) => candidate.toLowerCase() === action.toLowerCase());
        if (!allowed) {
            problems.push(`allows ${JSON.stringify(action)}; a SAML trust may allow only ${allowedActions.join(", ")}.`);
        }
    }
    if (!statement.actions.some((action) => action.toLowerCase() === ASSUME_ROLE_WITH_SAML.toLowerCase())) {
        problems.push(`does not name ${ASSUME_ROLE_WITH_SAML}.`);
    }
    if (statement.notPrincipal !== undefined) {
        problems.push("uses NotPrincipal, which trusts everyone it does not list.");
    }
    if (statement.principal === undefined || statement.principal.anyone) {
        problems.push('trusts any principal ("*"); name the SAML provider ARN as Principal.Federated.');
    } else {
        for (const type of statement.principal.byType.keys()) {
            if (type.toLowerCase() !== "federated") {
                problems.push(`also trusts ${type} principals; a SAML trust names only Principal.Federated.`);
            }
        }
        const federated = principalValues(statement.principal, "Federated");
        if (federated.length === 0) {
            problems.push("names no Principal.Federated SAML provider.");
        }
        for (const value of federated) {
            if (parseSamlProviderArn(value) === undefined) {
                problems.push(`trusts the federated principal ${JSON.stringify(value)}, which is not a SAML provider ARN.`);
            }
        }
    }
    const audienceConditions = conditionsOnKey(statement, SAML_AUDIENCE_KEY);
    const pinned = audienceConditions.filter((entry) =>
        PINNING_OPERATORS.some((operator) => operator.toLowerCase() === entry.operator.toLowerCase()),
    );
    if (pinned.length === 0) {
        const others = audienceConditions.map((entry) => entry.operator);
        problems.push(
            others.length === 0
                ? `has no StringEquals condition on ${SAML_AUDIENCE_KEY}; without it any SAML recipient can assume the role.`
                : `checks ${SAML_AUDIENCE_KEY} only with ${others.join(", ")}; use StringEquals or StringEqualsIgnoreCase.`,
        );
    }
    for (const entry of pinned) {
        if (entry.values.length === 0) {
            problems.push(`has an empty ${entry.operator} ${SAML_AUDIENCE_KEY} condition.`);
        }
        for (const value of entry.values) {
            if (!isAwsSignInSamlEndpoint(value) && !additionalAudiences.includes(value)) {
                problems.push(`accepts the audience ${JSON.stringify(value)}, which is not an AWS sign-in SAML endpoint.`);
            }
        }
    }
    return problems;
}
