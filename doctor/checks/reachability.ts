import { Finding } from "../findings";
import { AccountSnapshot, IdentityCenterSnapshot, Reading } from "../live-snapshot";
import { AccountCheck, finding, ReportUnit } from "./check-context";

/** Every reading of a snapshot, failed or not. */
export function allReadings(snapshot: AccountSnapshot): Reading<unknown>[] {
    const single: (Reading<unknown> | undefined)[] = [
        snapshot.caller,
        snapshot.servicePrincipal,
        snapshot.claimsMappingPolicies,
        snapshot.appRoleAssignedTo,
        snapshot.synchronizationJobs,
        snapshot.samlProvider,
        snapshot.roleImportUser,
        snapshot.roleImportKeys,
        snapshot.accountSummary,
        snapshot.passwordPolicy,
        snapshot.aliases,
        snapshot.users,
    ];
    return [
        ...single.filter((reading): reading is Reading<unknown> => reading !== undefined),
        ...Object.values(snapshot.roles),
        ...Object.values(snapshot.roleImportKeysLastUsed),
        ...Object.values(snapshot.loginProfiles),
    ];
}

/** Every reading of the Identity Center snapshot, failed or not. */
export function identityCenterReadings(snapshot: IdentityCenterSnapshot): Reading<unknown>[] {
    const readings: (Reading<unknown> | undefined)[] = [
        snapshot.servicePrincipal,
        snapshot.appRoleAssignedTo,
        snapshot.synchronizationJobs,
    ];
    return readings.filter((reading): reading is Reading<unknown> => reading !== undefined);
}

function fixFor(kind: string, permission: string, service: string): string {
    switch (kind) {
        case "access-denied":
            return service === "graph"
                ? `Grant the Microsoft Graph application permission ${permission} (with admin consent) to the identity the doctor runs as; see the README's least-privilege list.`
                : `Allow ${permission} to the identity the doctor runs as (the README has the whole read-only policy).`;
        case "throttled":
            return "Run the doctor again later or less often; nothing was wrong with the request.";
        case "unsupported":
            return "This API is not available in this partition, cloud or endpoint; check the endpoint variables (AWS_ENDPOINT_URL*, --graph-url).";
        case "unauthenticated":
        case "no-credentials":
            return service === "graph"
                ? "Check GRAPH_ACCESS_TOKEN or the azuread credentials (ARM_* / AZURE_*), the tenant, and that the token is for this Graph host."
                : "Check the AWS credentials (profile, keys, web identity) and, with deployRoleArn or --read-role, that the role can be assumed.";
        default:
            return "Run the doctor again; if it persists, give the request id to the cloud's support.";
    }
}

/** A finding per failed reading, naming what could not be checked and why: never silently healthy. */
export function couldNotCheck(unit: ReportUnit, readings: readonly Reading<unknown>[]): Finding[] {
    return readings.flatMap((reading) => {
        if (reading.ok) return [];
        const { failure } = reading;
        const kind = failure.kind === "no-credentials" ? "unauthenticated" : failure.kind === "not-found" ? "failed" : failure.kind;
        return [
            finding(
                unit,
                `could-not-check-${kind}`,
                "error",
                reading.resource,
                `Could not check ${reading.blocks}: ${failure.message}`,
                fixFor(failure.kind, failure.permission, failure.service),
            ),
        ];
    });
}

/** Reads that failed become findings naming what could not be checked and why; the credentials reach the right account; the service principal exists. */
export const checkReachability: AccountCheck = (expected, snapshot) => {
    const findings = couldNotCheck(expected, allReadings(snapshot));
    if (snapshot.caller?.ok && snapshot.caller.value.account !== expected.accountId) {
        findings.push(
            finding(
                expected,
                "aws-account-mismatch",
                "error",
                snapshot.caller.value.arn,
                `The AWS credentials${expected.deployRoleArn ? ` (after assuming ${expected.deployRoleArn})` : ""} are in account ${snapshot.caller.value.account}, not ${expected.accountId}: nothing in AWS was checked.`,
                "Use credentials for this account, or set the account's deployRoleArn (or --read-role) to a role in it.",
            ),
        );
    }
    if (snapshot.servicePrincipal?.ok && snapshot.servicePrincipal.value === undefined) {
        findings.push(
            finding(
                expected,
                "service-principal-missing",
                "error",
                `servicePrincipal ${expected.servicePrincipalObjectId}`,
                "The account's service principal no longer exists in Azure AD (the enterprise application was deleted): nobody can sign in.",
                "Run `pulumi refresh` and then `pulumi up` to recreate the gallery app instance.",
            ),
        );
    }
    return findings;
};
