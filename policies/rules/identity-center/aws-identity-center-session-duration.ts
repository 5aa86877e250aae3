import * as aws from "@pulumi/aws";
import { defineResourcePolicy } from "../../framework/policy-definition";

/** Seconds of an ISO 8601 `PTnHnM` duration, or undefined. */
export function isoDurationSeconds(value: unknown): number | undefined {
    const match = typeof value === "string" ? /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(value) : null;
    if (!match || (match[1] === undefined && match[2] === undefined)) {
        return undefined;
    }
    return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60;
}

export const permissionSetSessionDurationPolicy = defineResourcePolicy({
    name: "aws-identity-center-session-duration",
    description: "Every permission set's session duration is an ISO 8601 duration within the configured bounds (PT1H to PT12H by default).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Set sessionDuration on the permission set to an ISO 8601 duration such as PT4H, between minimumSeconds and maximumSeconds; long sessions outlive a revoked Entra account, and Identity Center rejects values outside PT1H..PT12H.",
    config: {
        minimumSeconds: {
            type: "integer",
            description: "Shortest allowed session, in seconds.",
            default: 3600,
            minimum: 900,
            maximum: 43200,
        },
        maximumSeconds: {
            type: "integer",
            description: "Longest allowed session, in seconds.",
            default: 43200,
            minimum: 3600,
            maximum: 43200,
        },
    },
    validateResource: (on) => [
        on(aws.ssoadmin.PermissionSet, (permissionSet, args, reportViolation, config) => {
            const duration: unknown = permissionSet.sessionDuration;
            if (duration === undefined) {
                return; // Identity Center's default, PT1H
            }
            const seconds = isoDurationSeconds(duration);
            if (seconds === undefined) {
                reportViolation(
                    `Permission set ${String(permissionSet.name)} has sessionDuration ${JSON.stringify(duration)}, not an ISO 8601 duration such as PT4H.`,
                );
            } else if (seconds < config.minimumSeconds || seconds > config.maximumSeconds) {
                reportViolation(
                    `Permission set ${String(permissionSet.name)} has sessionDuration ${duration} (${seconds} s), outside ${config.minimumSeconds}..${config.maximumSeconds} s.`,
                );
            }
        }),
    ],
});
