import { parseSamlProviderArn } from "./aws-identifiers";
import { PolicyDocumentReading, PolicyStatement, principalValues, readPolicyDocument, statementAllowsAction } from "./iam-policy-document";

/** The STS action a SAML sign-in calls. */
export const ASSUME_ROLE_WITH_SAML = "sts:AssumeRoleWithSAML";

/** Actions a SAML trust may add: session tags (PrincipalTag attributes) and source identity. */
export const SAML_TRUST_ACTIONS = [ASSUME_ROLE_WITH_SAML, "sts:TagSession", "sts:SetSourceIdentity"] as const;

/** The condition key STS fills from the SAML Recipient; it pins the trust to the sign-in endpoint. */
export const SAML_AUDIENCE_KEY = "SAML:aud";

export interface SamlTrust {
    readonly reading: PolicyDocumentReading;
    /** Allow statements that let a SAML federation assume the role. */
    readonly samlStatements: readonly PolicyStatement[];
    /** Every other Allow statement: once SAML leads into the role, these are other doors. */
    readonly otherStatements: readonly PolicyStatement[];
    /** Every `Principal.Federated` value of those statements, as written. */
    readonly federatedPrincipals: readonly string[];
    /** The federated principals that are SAML provider ARNs. */
    readonly providerArns: readonly string[];
}

/**
 * A statement trusts SAML when it allows `sts:AssumeRoleWithSAML` (also through wildcards or
 * `NotAction`) or names a SAML provider as its federated principal.
 */
export function isSamlTrustStatement(statement: PolicyStatement): boolean {
    if (statement.effect !== "Allow") {
        return false;
    }
    if (statementAllowsAction(statement, ASSUME_ROLE_WITH_SAML)) {
        return true;
    }
    return principalValues(statement.principal, "Federated").some((value) => parseSamlProviderArn(value) !== undefined);
}

/** Reads a role's trust policy (`assumeRolePolicy`, string or object) for its SAML statements. */
export function readSamlTrust(assumeRolePolicy: unknown): SamlTrust {
    const reading = readPolicyDocument(assumeRolePolicy);
    const statements = reading.document?.statements ?? [];
    const samlStatements = statements.filter(isSamlTrustStatement);
    const otherStatements = statements.filter((statement) => statement.effect === "Allow" && !samlStatements.includes(statement));
    const federatedPrincipals = samlStatements.flatMap((statement) => principalValues(statement.principal, "Federated"));
    const providerArns = [...new Set(federatedPrincipals.filter((value) => parseSamlProviderArn(value) !== undefined))];
    return { reading, samlStatements, otherStatements, federatedPrincipals, providerArns };
}
