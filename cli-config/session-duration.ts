import { CliConfigError } from "./errors";

/** STS bounds for AssumeRoleWithSAML DurationSeconds, and IAM's for a role's MaxSessionDuration. */
export const STS_DURATION_LIMITS = { min: 900, max: 43200 } as const;
export const ROLE_MAX_SESSION_LIMITS = { min: 3600, max: 43200 } as const;

/**
 * The longest DurationSeconds a CLI tool may request for a role through SAML. STS rejects a
 * DurationSeconds above the role's MaxSessionDuration ("The requested DurationSeconds exceeds the
 * MaxSessionDuration set for this role"), and ends the session at the response's
 * SessionNotOnOrAfter whichever is shorter; the SessionDuration claim is the session length the
 * identity team chose for the app, so a tool never asks for more than that either.
 */
export function cliSessionSeconds(roleMaxSessionDuration: number, sessionDurationClaim: number, where: string): number {
    if (
        !Number.isInteger(roleMaxSessionDuration) ||
        roleMaxSessionDuration < ROLE_MAX_SESSION_LIMITS.min ||
        roleMaxSessionDuration > ROLE_MAX_SESSION_LIMITS.max
    ) {
        throw new CliConfigError(
            `${where}.maxSessionDuration: ${JSON.stringify(roleMaxSessionDuration)} is not an IAM MaxSessionDuration (${ROLE_MAX_SESSION_LIMITS.min}..${ROLE_MAX_SESSION_LIMITS.max} seconds)`,
        );
    }
    if (
        !Number.isInteger(sessionDurationClaim) ||
        sessionDurationClaim < STS_DURATION_LIMITS.min ||
        sessionDurationClaim > STS_DURATION_LIMITS.max
    ) {
        throw new CliConfigError(
            `sessionDuration: ${JSON.stringify(sessionDurationClaim)} is not a SessionDuration STS accepts (${STS_DURATION_LIMITS.min}..${STS_DURATION_LIMITS.max} seconds)`,
        );
    }
    return Math.min(roleMaxSessionDuration, sessionDurationClaim);
}

/**
 * aws-azure-login's `azure_default_duration_hours`: whole hours (it parses the value with
 * parseInt and accepts 1..12), rounded down so the request stays within `seconds`. One hour is
 * the floor: it is within every role's maximum (IAM's minimum MaxSessionDuration is 3600), so STS
 * accepts it even when a SessionDuration claim is shorter.
 */
export function awsAzureLoginHours(seconds: number): number {
    return Math.min(12, Math.max(1, Math.floor(seconds / 3600)));
}
