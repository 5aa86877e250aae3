/**
 * The value the Pulumi engine sends for an unknown (computed, not yet known) property, in previews and
 * in the policy host's Analyze calls; the policy SDK turns it into its unknown-checking proxy.
 */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
