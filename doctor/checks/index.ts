import { ExpectedDeployment } from "../expected-deployment";
import { Finding } from "../findings";
import { DeploymentSnapshot } from "../live-snapshot";
import { checkAccountHygiene } from "./account-hygiene";
import { AccountCheck, CheckContext, finding, IdentityCenterCheck } from "./check-context";
import { checkClaims } from "./claims";
import {
    checkIdentityCenterApp,
    checkIdentityCenterAwsSide,
    checkIdentityCenterProvisioning,
    checkIdentityCenterReads,
    checkIdentityCenterSigningCertificates,
    checkScimToken,
} from "./identity-center";
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

/** Every check of the Identity Center app, in the same order: its failed reads first, the AWS-side notice last. */
export const IDENTITY_CENTER_CHECKS: readonly IdentityCenterCheck[] = [
    checkIdentityCenterReads,
    checkIdentityCenterApp,
    checkIdentityCenterSigningCertificates,
    checkScimToken,
    checkIdentityCenterProvisioning,
    checkIdentityCenterAwsSide,
];

/** All findings of a deployment: pure, from the expected state and the snapshots. */
export function checkDeployment(expected: ExpectedDeployment, snapshot: DeploymentSnapshot, context: CheckContext): Finding[] {
    const deployAgain = "Run `pulumi up`, or pass the outputs of this stack with --outputs.";
    const findings: Finding[] = expected.undeployedAccounts.map((account) =>
        finding(
            account,
            "account-not-in-outputs",
            "error",
            `accounts.${account.name}`,
            `The config has account ${account.name}, but the stack outputs have no accounts.${account.name}: it has not been deployed (or the outputs are from another stack).`,
            deployAgain,
        ),
    );
    for (const account of expected.accounts) {
        const accountSnapshot = snapshot.accounts[account.name];
        if (!accountSnapshot) continue;
        for (const check of ACCOUNT_CHECKS) findings.push(...check(account, accountSnapshot, context));
    }
    if (expected.undeployedIdentityCenter) {
        findings.push(
            finding(
                expected.undeployedIdentityCenter,
                "identity-center-not-in-outputs",
                "error",
                "identityCenter",
                "The config has an identityCenter block, but the stack outputs have no identityCenter: it has not been deployed (or the outputs are from another stack), so nothing of Identity Center was checked.",
                deployAgain,
            ),
        );
    }
    if (expected.identityCenter && snapshot.identityCenter) {
        for (const check of IDENTITY_CENTER_CHECKS) findings.push(...check(expected.identityCenter, snapshot.identityCenter, context));
    }
    return findings;
}
