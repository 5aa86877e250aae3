/** The global AWS sign-in SAML endpoint: the reply URL the gallery template sets and the default `SAML:aud`. */
export const GLOBAL_SIGN_IN_SAML_ENDPOINT = "https://signin.aws.amazon.com/saml";

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const SIGN_IN_SAML_ENDPOINT_PATTERN = /^https:\/\/(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})\.)?signin\.aws\.amazon\.com\/saml$/;

/** True for an AWS region code such as `eu-central-1`. */
export function isAwsRegion(value: string): boolean {
    return REGION_PATTERN.test(value);
}

/**
 * The reply URL (Assertion Consumer Service) and `SAML:aud` for an account: the global endpoint,
 * or the regional one when sign-in should stay in one region.
 */
export function signInSamlEndpoint(signInRegion?: string): string {
    if (signInRegion === undefined) {
        return GLOBAL_SIGN_IN_SAML_ENDPOINT;
    }
    if (!isAwsRegion(signInRegion)) {
        throw new Error(`signInRegion: "${signInRegion}" is not an AWS region code such as eu-central-1`);
    }
    return `https://${signInRegion}.signin.aws.amazon.com/saml`;
}

/** True for the global or a regional AWS sign-in SAML endpoint. */
export function isAwsSignInSamlEndpoint(url: string): boolean {
    return SIGN_IN_SAML_ENDPOINT_PATTERN.test(url);
}

/**
 * The identifier (entity id) of one gallery-app instance. Azure requires identifiers to be unique
 * per tenant, so each instance gets a `#suffix`; Azure strips it from the audience it sends. An
 * empty suffix is the bare endpoint, which the tutorial gives the first instance of a tenant.
 */
export function identifierUri(suffix: string): string {
    return suffix === "" ? GLOBAL_SIGN_IN_SAML_ENDPOINT : `${GLOBAL_SIGN_IN_SAML_ENDPOINT}#${suffix}`;
}

/** The My Apps link that starts an IdP-initiated sign-in to one app instance. */
export function userAccessUrl(clientId: string, tenantId: string): string {
    return `https://myapps.microsoft.com/signin/${clientId}?tenantId=${tenantId}`;
}
