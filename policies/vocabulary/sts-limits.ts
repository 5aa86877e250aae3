/** STS bounds for the SessionDuration attribute, in seconds. */
export const SESSION_DURATION_LIMITS = { min: 900, max: 43200 } as const;

/** IAM bounds for a role's MaxSessionDuration, in seconds. */
export const ROLE_MAX_SESSION_LIMITS = { min: 3600, max: 43200 } as const;

/** IAM's MaxSessionDuration when a role does not set one. */
export const DEFAULT_ROLE_MAX_SESSION_DURATION = 3600;

/** What STS accepts as RoleSessionName: 2 to 64 of letters, digits and `+=,.@_-`. */
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
