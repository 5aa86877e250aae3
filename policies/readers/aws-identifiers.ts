/** Formats of the AWS identifiers the rules compare: IAM ARNs and the sign-in SAML endpoints. */

import { IDENTIFIER_SUFFIX_PATTERN } from "../vocabulary/app-identifiers";
import {
    AWS_MANAGED_POLICY_ARN_PATTERN as AWS_MANAGED_POLICY_ARN,
    ROLE_ARN_PATTERN as ROLE_ARN,
    SAML_PROVIDER_ARN_PATTERN as SAML_PROVIDER_ARN,
    SAML_PROVIDER_NAME_PATTERN,
} from "../vocabulary/iam-names";

export interface SamlProviderArn {
    readonly partition: string;
    readonly accountId: string;
    readonly name: string;
}

export interface RoleArn {
    readonly partition: string;
    readonly accountId: string;
    /** Path between `role/` and the name, `""` or `a/b/`. */
    readonly path: string;
    readonly name: string;
}

export function parseSamlProviderArn(value: string): SamlProviderArn | undefined {
    const match = SAML_PROVIDER_ARN.exec(value);
    return match ? { partition: match[1], accountId: match[2], name: match[3] } : undefined;
}

export function parseRoleArn(value: string): RoleArn | undefined {
    const match = ROLE_ARN.exec(value);
    return match ? { partition: match[1], accountId: match[2], path: match[3], name: match[4] } : undefined;
}

/** The policy name of an AWS managed policy ARN (`arn:aws:iam::aws:policy/job-function/X` gives `X`). */
export function awsManagedPolicyName(arn: string): string | undefined {
    return AWS_MANAGED_POLICY_ARN.exec(arn)?.[2];
}

/** IAM SAML provider names: 1 to 128 of letters, digits and `+=,.@_-`. */
export function isValidSamlProviderName(name: string): boolean {
    return SAML_PROVIDER_NAME_PATTERN.test(name);
}

const REGION = "[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d{1,2}";
/** AWS sign-in SAML endpoints (assertion consumer services): global, regional, China and GovCloud. */
const SIGN_IN_SAML_ENDPOINT = new RegExp(
    `^https://(?:(?:${REGION}\\.)?signin\\.aws\\.amazon\\.com|signin\\.amazonaws\\.cn|(?:${REGION}\\.)?signin\\.amazonaws-us-gov\\.com)/saml$`,
);

/** True for an AWS sign-in SAML endpoint, the only valid `SAML:aud` values. */
export function isAwsSignInSamlEndpoint(value: string): boolean {
    return SIGN_IN_SAML_ENDPOINT.test(value);
}

/**
 * True for an identifier URI (entity id) of an AWS SAML app: a sign-in SAML endpoint, optionally
 * with `#<suffix>` so several instances can live in one tenant (Azure strips the fragment it sends).
 */
export function isAwsSignInIdentifierUri(value: string): boolean {
    const hash = value.indexOf("#");
    if (hash < 0) {
        return isAwsSignInSamlEndpoint(value);
    }
    const suffix = value.slice(hash + 1);
    return isAwsSignInSamlEndpoint(value.slice(0, hash)) && IDENTIFIER_SUFFIX_PATTERN.test(suffix);
}

/** True when a URI points at an AWS sign-in SAML endpoint at all (used to recognise AWS apps). */
export function mentionsAwsSignIn(value: string): boolean {
    return /signin\.(aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\/saml/i.test(value);
}

/** An app role value split as AWS reads it, or the one reason it cannot be. */
export type AppRoleValueReading =
    | { readonly ok: true; readonly roleArn: string; readonly providerArn: string; readonly order: "role-first" | "provider-first" }
    | { readonly ok: false; readonly problem: string };

/**
 * Reads an app role value the way the program's config contract (components/documents/app-role-value.ts)
 * and the sign-in simulation do: either order, since STS accepts `roleArn,providerArn` and
 * `providerArn,roleArn`; no whitespace, since AWS documents the Role attribute as "a comma-delimited pair
 * of ARNs in the same format as the RoleArn and PrincipalArn parameters that are passed to
 * AssumeRoleWithSAML" (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html)
 * and Microsoft Graph refuses spaces in app role values (learn.microsoft.com/graph/api/resources/approle).
 */
export function readAppRoleValue(value: string): AppRoleValueReading {
    if (/\s/.test(value)) {
        return {
            ok: false,
            problem: `The value ${JSON.stringify(value)} contains whitespace; AWS reads "<role ARN>,<SAML provider ARN>" with nothing around the comma, and Microsoft Graph refuses spaces in app role values.`,
        };
    }
    const parts = value.split(",");
    if (parts.length !== 2) {
        return {
            ok: false,
            problem: `The value ${JSON.stringify(value)} must be one IAM role ARN and one SAML provider ARN separated by one comma.`,
        };
    }
    if (parseRoleArn(parts[0]) !== undefined && parseSamlProviderArn(parts[1]) !== undefined) {
        return { ok: true, order: "role-first", roleArn: parts[0], providerArn: parts[1] };
    }
    if (parseSamlProviderArn(parts[0]) !== undefined && parseRoleArn(parts[1]) !== undefined) {
        return { ok: true, order: "provider-first", roleArn: parts[1], providerArn: parts[0] };
    }
    const described = parts.map((part) =>
        parseRoleArn(part) !== undefined
            ? "an IAM role ARN"
            : parseSamlProviderArn(part) !== undefined
              ? "a SAML provider ARN"
              : "neither a role nor a SAML provider ARN",
    );
    return {
        ok: false,
        problem: `The value ${JSON.stringify(value)} names ${described[0]} and ${described[1]}; it must name one IAM role ARN and one SAML provider ARN, in either order.`,
    };
}
