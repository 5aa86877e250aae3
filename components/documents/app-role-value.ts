import { parseIamArn } from "./iam-arns";

/** Azure's role import skips app roles whose value is longer than this. */
export const MAX_APP_ROLE_VALUE_LENGTH = 240;

/** The app role value AWS reads from the Role claim: `<role ARN>,<SAML provider ARN>`. */
export function appRoleValue(roleArn: string, samlProviderArn: string): string {
    return `${roleArn},${samlProviderArn}`;
}

/** The role and provider named by an app role value, in either order, as STS accepts them. */
export interface AppRoleValueParts {
    readonly roleArn: string;
    readonly samlProviderArn: string;
}

/** Splits an app role value; undefined when it is not one role ARN and one SAML provider ARN. */
export function parseAppRoleValue(value: string): AppRoleValueParts | undefined {
    const parts = value.split(",").map((part) => part.trim());
    if (parts.length !== 2) {
        return undefined;
    }
    const [first, second] = parts.map(parseIamArn);
    if (first?.resourceType === "role" && second?.resourceType === "saml-provider") {
        return { roleArn: parts[0], samlProviderArn: parts[1] };
    }
    if (first?.resourceType === "saml-provider" && second?.resourceType === "role") {
        return { roleArn: parts[1], samlProviderArn: parts[0] };
    }
    return undefined;
}
