import { parseIamArn } from "./iam-arns";

import { MAX_APP_ROLE_VALUE_LENGTH } from "../../policies/vocabulary/iam-names";

export { MAX_APP_ROLE_VALUE_LENGTH, ROLE_IMPORT_MAX_APP_ROLE_VALUE_LENGTH } from "../../policies/vocabulary/iam-names";

/** The app role value AWS reads from the Role claim: `<role ARN>,<SAML provider ARN>`. */
export function appRoleValue(roleArn: string, samlProviderArn: string): string {
    return `${roleArn},${samlProviderArn}`;
}

/** The role and provider named by an app role value, in either order, as STS accepts them. */
export interface AppRoleValueParts {
    readonly roleArn: string;
    readonly samlProviderArn: string;
}

/** An app role value as AWS reads it, or the one reason it cannot. */
export type AppRoleValueReading =
    | (AppRoleValueParts & { readonly ok: true; readonly order: "role-first" | "provider-first" })
    | { readonly ok: false; readonly problem: string };

/**
 * Reads an app role value. Either order is accepted: STS takes the Role attribute as
 * `roleArn,providerArn` or `providerArn,roleArn`.
 *
 * Whitespace anywhere, around the comma included, is refused. AWS documents the Role attribute as "a
 * comma-delimited pair of ARNs in the same format as the RoleArn and PrincipalArn parameters that are
 * passed to AssumeRoleWithSAML" (IAM User Guide, "Configure SAML assertions for the authentication
 * response", docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html),
 * and an ARN has no whitespace; Microsoft Graph refuses a space in an appRole value anyway ("No other
 * characters, including the space character, are allowed", learn.microsoft.com/graph/api/resources/approle).
 * The policy pack (`policies/readers/aws-identifiers.ts`) and the sign-in simulation decide the same way.
 */
export function readAppRoleValue(value: string): AppRoleValueReading {
    if (/\s/.test(value)) {
        return {
            ok: false,
            problem: `${JSON.stringify(value)} contains whitespace; AWS reads "<role ARN>,<SAML provider ARN>" with nothing around the comma, and Microsoft Graph refuses spaces in app role values`,
        };
    }
    const parts = value.split(",");
    if (parts.length !== 2) {
        return { ok: false, problem: `${JSON.stringify(value)} is not one role ARN and one SAML provider ARN separated by one comma` };
    }
    const [first, second] = parts.map(parseIamArn);
    if (first?.resourceType === "role" && second?.resourceType === "saml-provider") {
        return { ok: true, order: "role-first", roleArn: parts[0], samlProviderArn: parts[1] };
    }
    if (first?.resourceType === "saml-provider" && second?.resourceType === "role") {
        return { ok: true, order: "provider-first", roleArn: parts[1], samlProviderArn: parts[0] };
    }
    return {
        ok: false,
        problem: `${JSON.stringify(value)} does not name one IAM role ARN and one IAM SAML provider ARN (in either order)`,
    };
}

/** Splits an app role value; undefined when it is not one role ARN and one SAML provider ARN. */
export function parseAppRoleValue(value: string): AppRoleValueParts | undefined {
    const reading = readAppRoleValue(value);
    return reading.ok ? { roleArn: reading.roleArn, samlProviderArn: reading.samlProviderArn } : undefined;
}

/**
 * Why an app role value this program (or `TeamRole`) would write cannot be written or read: unreadable
 * by AWS, or over Graph's 120 characters. `undefined` when it is fine.
 */
export function appRoleValueProblem(value: string): string | undefined {
    const reading = readAppRoleValue(value);
    if (!reading.ok) {
        return reading.problem;
    }
    if (value.length > MAX_APP_ROLE_VALUE_LENGTH) {
        return `the app role value "${value}" is ${value.length} characters; Microsoft Graph accepts at most ${MAX_APP_ROLE_VALUE_LENGTH} for app roles on the application`;
    }
    return undefined;
}
