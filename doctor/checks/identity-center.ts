import { Finding } from "../findings";
import { DAY_MS, daysUntil, finding, IdentityCenterCheck, valueOf, wasRead } from "./check-context";
import { couldNotCheck, identityCenterReadings } from "./reachability";
import { signingKeyProblems } from "./signing-certificates";
import { describeSynchronizationError, synchronizationJobProblems } from "./synchronization-job";

// The Entra side of IAM Identity Center: its app's signing key, the SCIM token and provisioning job, and the
// group assignments provisioning is scoped by. The AWS side (permission sets, account assignments, the IdP
// certificate Identity Center holds) is not read, and a notice says so in every report.

const ROTATE =
    "Rotate it as the README says (Rotate the Identity Center signing certificate): add the next certificate to `signingCertificate`, `pulumi up`, activate it and upload the new `idpMetadataXml` to Identity Center in the same sitting.";

const RENEW_TOKEN =
    "Generate a new token in IAM Identity Center (Settings > Automatic provisioning), `pulumi config set --secret azuread-aws-sso:identityCenterScimToken <token>`, set `identityCenter.scimTokenExpiresAt` to its expiry and run `pulumi up` (README, Renew the SCIM token).";

/** Graph reads of the Identity Center app that failed: each is a could-not-check finding. */
export const checkIdentityCenterReads: IdentityCenterCheck = (expected, snapshot) =>
    couldNotCheck(expected, identityCenterReadings(snapshot));

/** The app exists, requires assignment, and has every configured group assigned (provisioning sends only assigned groups). */
export const checkIdentityCenterApp: IdentityCenterCheck = (expected, snapshot) => {
    if (wasRead(snapshot.servicePrincipal) && snapshot.servicePrincipal.value === undefined) {
        return [
            finding(
                expected,
                "identity-center-app-missing",
                "error",
                `servicePrincipal ${expected.servicePrincipalObjectId}`,
                "The Identity Center app's service principal no longer exists in Azure AD (the enterprise application was deleted): nobody can sign in to the access portal, and provisioning stopped.",
                "Run `pulumi refresh` and then `pulumi up` to recreate it; then upload its new `idpMetadataXml` to Identity Center (README, First setup, step 4).",
            ),
        ];
    }
    const sp = valueOf(snapshot.servicePrincipal);
    if (!sp) return [];
    const findings: Finding[] = [];
    const resource = `servicePrincipal ${sp.id} (${sp.displayName})`;
    if (!sp.appRoleAssignmentRequired) {
        findings.push(
            finding(
                expected,
                "identity-center-assignment-not-required",
                "error",
                resource,
                "Assignment required is off on the Identity Center app: every user of the tenant can start a sign-in to the access portal, not only the assigned groups.",
                "Run `pulumi up` (the program sets appRoleAssignmentRequired), or turn on Properties > Assignment required in the portal.",
            ),
        );
    }
    if (wasRead(snapshot.appRoleAssignedTo)) {
        const assigned = new Set(snapshot.appRoleAssignedTo.value.map((assignment) => assignment.principalId));
        for (const group of expected.groups.filter((candidate) => !assigned.has(candidate.objectId))) {
            findings.push(
                finding(
                    expected,
                    "identity-center-group-not-assigned",
                    "error",
                    `group ${group.objectId} (${group.displayName})`,
                    `The config provisions group ${group.displayName} to Identity Center, but it is not assigned to the app: provisioning never sends it (and removes it if it was sent), so its members get none of its permission sets.`,
                    "Run `pulumi up` to assign it again (Users and groups in the portal also works).",
                ),
            );
        }
    }
    return findings;
};

/** The app signs with the stack's active certificate, the one whose metadata Identity Center holds, and it is in date. */
export const checkIdentityCenterSigningCertificates: IdentityCenterCheck = (expected, snapshot, context) => {
    const sp = valueOf(snapshot.servicePrincipal);
    if (!sp) return [];
    const resource = `servicePrincipal ${sp.id} (${sp.displayName})`;
    return signingKeyProblems(sp, expected.activeThumbprint, context).map((problem): Finding => {
        switch (problem.kind) {
            case "preferred-key-missing":
                return finding(
                    expected,
                    "identity-center-preferred-signing-key-missing",
                    "error",
                    resource,
                    "The Identity Center app has no preferred token-signing key: Azure signs with the tenant's default key, which is not in the metadata Identity Center holds, so sign-in to the access portal fails.",
                    `Run \`pulumi up\` (the PreferredTokenSigningKey resource sets it to ${expected.activeThumbprint}), or activate that certificate under Single sign-on > SAML Certificates in the portal.`,
                );
            case "preferred-key-unknown":
                return finding(
                    expected,
                    "identity-center-preferred-signing-key-unknown",
                    "error",
                    resource,
                    `The preferred token-signing key ${problem.preferred} is not among the Identity Center app's certificates (${problem.onServicePrincipal.join(", ") || "none"}): Azure cannot sign, sign-in to the access portal fails.`,
                    "Run `pulumi up`: it recreates the stack's certificates and sets the preferred key; a new certificate needs its `idpMetadataXml` uploaded to Identity Center right after.",
                );
            case "not-stack-certificate":
                return finding(
                    expected,
                    "identity-center-preferred-signing-key-not-stack-certificate",
                    "error",
                    resource,
                    `Azure signs with ${problem.preferred}, not with the stack's active certificate ${expected.activeThumbprint}, whose metadata the runbook uploads to Identity Center: unless someone uploaded metadata with ${problem.preferred}, Identity Center rejects every sign-in.`,
                    "Run `pulumi up` to restore the stack's key; if the other certificate is meant to stay, add it to `signingCertificate`, `pulumi up`, and upload the new `idpMetadataXml` to Identity Center.",
                );
            case "expired":
                return finding(
                    expected,
                    "identity-center-signing-certificate-expired",
                    "error",
                    `certificate ${problem.thumbprint}`,
                    `The signing certificate ${problem.thumbprint} the Identity Center app signs with ended on ${problem.endDate.toISOString()}: sign-in to the access portal fails.`,
                    ROTATE,
                );
            case "expiring":
                return finding(
                    expected,
                    "identity-center-signing-certificate-expiring",
                    problem.severity,
                    `certificate ${problem.thumbprint}`,
                    `The signing certificate ${problem.thumbprint} the Identity Center app signs with ends on ${problem.endDate.toISOString()}, in ${problem.days} day(s).`,
                    ROTATE,
                );
        }
    });
};

/** The SCIM token's recorded expiry: not passed, not close, and no further away than a token can last. Needs no read. */
export const checkScimToken: IdentityCenterCheck = (expected, _snapshot, context) => {
    const resource = `SCIM access token of ${expected.instanceArn}`;
    const expiry = new Date(expected.scimTokenExpiresAt);
    const { scimTokenWarningDays, scimTokenMaxLifetimeDays } = context.thresholds;
    // A renewed token in the config that `pulumi up` has not deployed yet: the deployed one is what provisioning uses.
    const pending =
        expected.configuredScimTokenExpiresAt !== expected.scimTokenExpiresAt &&
        new Date(expected.configuredScimTokenExpiresAt).getTime() > expiry.getTime()
            ? ` The config already records a token expiring ${expected.configuredScimTokenExpiresAt}: run \`pulumi up\` to deploy it.`
            : "";
    if (Number.isNaN(expiry.getTime()) || expiry.getTime() - context.now.getTime() > scimTokenMaxLifetimeDays * DAY_MS) {
        return [
            finding(
                expected,
                "identity-center-scim-token-expiry-implausible",
                "warning",
                resource,
                `The recorded SCIM token expiry "${expected.scimTokenExpiresAt}" is ${Number.isNaN(expiry.getTime()) ? "not a date" : `more than ${scimTokenMaxLifetimeDays} days away`}, but Identity Center's tokens last at most a year: the real token may expire with no warning.`,
                "Read the token's expiry on IAM Identity Center's automatic provisioning page, set `identityCenter.scimTokenExpiresAt` to it and run `pulumi up`.",
            ),
        ];
    }
    if (expiry.getTime() <= context.now.getTime()) {
        return [
            finding(
                expected,
                "identity-center-scim-token-expired",
                "error",
                resource,
                `The SCIM access token expired on ${expected.scimTokenExpiresAt}: provisioning stops, new users and groups never reach Identity Center and changes to them are not applied.`,
                RENEW_TOKEN + pending,
            ),
        ];
    }
    if (expiry.getTime() - context.now.getTime() <= scimTokenWarningDays * DAY_MS) {
        return [
            finding(
                expected,
                "identity-center-scim-token-expiring",
                "warning",
                resource,
                `The SCIM token expires on ${expected.scimTokenExpiresAt}, in ${daysUntil(expiry, context.now)} day(s): provisioning stops then.`,
                RENEW_TOKEN + pending,
            ),
        ];
    }
    return [];
};

/** The SCIM job the stack created (else one of its template) runs, is accepted by Identity Center, and succeeded recently. */
export const checkIdentityCenterProvisioning: IdentityCenterCheck = (expected, snapshot, context) => {
    const sp = valueOf(snapshot.servicePrincipal);
    if (!sp || !wasRead(snapshot.synchronizationJobs)) return [];
    const jobs = snapshot.synchronizationJobs.value;
    const job =
        jobs.find((candidate) => candidate.id === expected.synchronizationJobId) ??
        jobs.find((candidate) => candidate.templateId === expected.synchronizationTemplateId);
    if (!job) {
        return [
            finding(
                expected,
                "identity-center-provisioning-job-missing",
                "error",
                `servicePrincipal ${sp.id} (${sp.displayName})`,
                `The Identity Center app has no SCIM provisioning job (neither ${expected.synchronizationJobId} nor one of template ${expected.synchronizationTemplateId}; it has ${jobs.map((candidate) => `${candidate.id} (${candidate.templateId})`).join(", ") || "none"}): nothing reaches Identity Center.`,
                "Run `pulumi refresh` and then `pulumi up` to create the job again.",
            ),
        ];
    }
    const resource = `synchronizationJob ${job.id}`;
    return synchronizationJobProblems(job, context.now, context.thresholds.provisioningMaxHoursWithoutSuccess).map((problem): Finding => {
        switch (problem.kind) {
            case "not-running":
                return finding(
                    expected,
                    "identity-center-provisioning-not-running",
                    "error",
                    resource,
                    `Provisioning to Identity Center is not running (schedule ${problem.scheduleState}, status ${problem.statusCode}): new users and groups, and changes to them, no longer reach it.`,
                    "Start provisioning under Enterprise applications > the Identity Center app > Provisioning, or run `pulumi up`, which enables the job.",
                );
            case "credentials-rejected":
                return finding(
                    expected,
                    "identity-center-provisioning-token-rejected",
                    "error",
                    resource,
                    `Identity Center rejects the SCIM token (${describeSynchronizationError(problem.error)}).`,
                    RENEW_TOKEN,
                );
            case "quarantined":
                return finding(
                    expected,
                    "identity-center-provisioning-quarantined",
                    "error",
                    resource,
                    `Provisioning to Identity Center is in quarantine (${problem.reason}; ${describeSynchronizationError(problem.error)}).`,
                    "Fix the cause in the provisioning logs, then restart provisioning (Provisioning > Restart) to lift the quarantine.",
                );
            case "failed":
                return finding(
                    expected,
                    "identity-center-provisioning-failed",
                    "error",
                    resource,
                    `The last provisioning run to Identity Center failed (${describeSynchronizationError(problem.error)}).`,
                    "Read the provisioning logs of the Identity Center app and fix the cause.",
                );
            case "stale":
                return finding(
                    expected,
                    "identity-center-provisioning-stale",
                    "warning",
                    resource,
                    problem.lastSuccess
                        ? `The last successful provisioning cycle to Identity Center ended ${problem.lastSuccess}, more than ${problem.maxHours} hours ago.`
                        : "Provisioning to Identity Center has never completed a successful cycle.",
                    "Check the provisioning logs; a cycle runs about every 40 minutes.",
                );
        }
    });
};

/** Always one notice: nothing of the AWS side was read, so the report must not read as if it had been. */
export const checkIdentityCenterAwsSide: IdentityCenterCheck = (expected) => {
    const { instanceArn, region, sampleAssignment } = expected;
    const accountId = sampleAssignment?.accountId ?? "<account id>";
    const permissionSetArn = sampleAssignment?.permissionSetArn ?? "<permission set ARN>";
    return [
        finding(
            expected,
            "identity-center-aws-side-not-checked",
            "notice",
            instanceArn,
            "Only the Entra side of Identity Center was checked: the doctor reads no permission set, account assignment or the IdP certificate Identity Center holds (sso-admin), so this report says nothing about them.",
            `Check them with the AWS CLI: \`aws sso-admin list-permission-sets --instance-arn ${instanceArn} --region ${region}\`, and for each row of the \`identityCenter.accessMatrix\` output \`aws sso-admin list-account-assignments --instance-arn ${instanceArn} --account-id ${accountId} --permission-set-arn ${permissionSetArn} --region ${region}\`.`,
        ),
    ];
};
