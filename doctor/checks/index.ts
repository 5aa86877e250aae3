import { ExpectedDeployment } from "../expected-deployment";
import { Finding } from "../findings";
import { AccountSnapshot } from "../live-snapshot";
import { checkAccountHygiene } from "./account-hygiene";
import { AccountCheck, CheckContext } from "./check-context";
import { checkClaims } from "./claims";
import { checkReachability } from "./reachability";
import { checkRoleImport } from "./role-import";
import { checkRoles } from "./roles";
import { checkSigningCertificates } from "./signing-certificates";
import { checkTrustAnchor } from "./trust-anchor";

export { DEFAULT_THRESHOLDS } from "./check-context";
export type { CheckContext, DoctorThresholds } from "./check-context";

/** Every check: reachability first (an account that cannot be read is reported once), then the README findings table's order; the report sorts findings itself. */
export const ACCOUNT_CHECKS: readonly AccountCheck[] = [
    checkReachability,
    checkSigningCertificates,
    checkTrustAnchor,
    checkClaims,
    checkRoles,
    checkRoleImport,
    checkAccountHygiene,
];

/** All findings of a deployment: pure, from the expected state and the snapshots. */
export function checkDeployment(
    expected: ExpectedDeployment,
    snapshots: Readonly<Record<string, AccountSnapshot>>,
    context: CheckContext,
): Finding[] {
    const findings: Finding[] = expected.undeployedAccounts.map((account) => ({
        id: "account-not-in-outputs",
        severity: "error" as const,
        account: account.name,
        accountId: account.accountId,
        resource: `accounts.${account.name}`,
        message: `The config has account ${account.name}, but the stack outputs have no accounts.${account.name}: it has not been deployed (or the outputs are from another stack).`,
        fix: "Run `pulumi up`, or pass the outputs of this stack with --outputs.",
    }));
    for (const account of expected.accounts) {
        const snapshot = snapshots[account.name];
        if (!snapshot) continue;
        for (const check of ACCOUNT_CHECKS) findings.push(...check(account, snapshot, context));
    }
    return findings;
}
