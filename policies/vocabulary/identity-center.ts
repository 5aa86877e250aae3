/**
 * How the program's note on the Identity Center service principal starts, before the SCIM token's expiry:
 * the one place either cloud records it, read back by the policy pack.
 */
export const SCIM_TOKEN_NOTE_PREFIX = "SCIM access token expires ";
