/** The `#<suffix>` of an AWS app's identifier URI, which tells several instances in one tenant apart. */
export const IDENTIFIER_SUFFIX_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;
