/** How bad a finding is: `error` breaks (or will break) sign-in or security, `warning` will, given time, `notice` is advice. */
export type Severity = "error" | "warning" | "notice";

/** Worst first. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];

export function severityRank(severity: Severity): number {
    return SEVERITIES.indexOf(severity);
}

/** One thing the doctor found in a live deployment. */
export interface Finding {
    /** Stable identifier of the kind of finding, e.g. `saml-metadata-lacks-active-certificate`. */
    readonly id: string;
    readonly severity: Severity;
    /** Logical account name from the stack config, or `identity-center` for the Identity Center app. */
    readonly account: string;
    /** The account's id; for Identity Center, its instance ARN. */
    readonly accountId: string;
    /** What the finding is about: an ARN, a Graph object, a user. */
    readonly resource: string;
    readonly message: string;
    /** What to do about it. */
    readonly fix: string;
}

/** What every finding of one id is about, for the README's table and `--ignore`. */
export interface FindingKind {
    readonly id: string;
    /** The severity, or a sentence saying how it is chosen. */
    readonly severity: Severity | string;
    readonly area:
        | "Signing certificates"
        | "Trust anchor"
        | "Claims"
        | "Roles"
        | "Role import"
        | "Account hygiene"
        | "Identity Center"
        | "Reachability";
    readonly summary: string;
}

/** Every finding the doctor can report. Ids are a contract: scripts filter on them. */
export const FINDING_KINDS: readonly FindingKind[] = [
    {
        id: "signing-certificate-expired",
        severity: "error",
        area: "Signing certificates",
        summary: "The certificate Azure signs with (the preferred key) has ended: sign-in fails.",
    },
    {
        id: "signing-certificate-expiring",
        severity: "notice within 60 days, warning within 30, error within 7 (`--certificate-days`)",
        area: "Signing certificates",
        summary: "The preferred signing certificate ends soon: add the next one and rotate.",
    },
    {
        id: "preferred-signing-key-missing",
        severity: "error",
        area: "Signing certificates",
        summary: "The service principal has no preferred token-signing key: sign-in fails with AADSTS50146.",
    },
    {
        id: "preferred-signing-key-unknown",
        severity: "error",
        area: "Signing certificates",
        summary: "The preferred key names a certificate that is no longer on the service principal.",
    },
    {
        id: "preferred-signing-key-not-stack-certificate",
        severity: "warning",
        area: "Signing certificates",
        summary: "The preferred key is not the stack's active certificate (someone activated another key in the portal).",
    },

    {
        id: "saml-provider-missing",
        severity: "error",
        area: "Trust anchor",
        summary: "The IAM SAML provider of the stack no longer exists.",
    },
    {
        id: "saml-metadata-lacks-active-certificate",
        severity: "error",
        area: "Trust anchor",
        summary: "The SAML provider's metadata lacks the certificate Azure signs with: sign-in fails now.",
    },
    {
        id: "saml-metadata-lacks-next-certificate",
        severity: "warning",
        area: "Trust anchor",
        summary:
            "The metadata lacks a certificate Azure will activate next (a newer one on the service principal, or the stack's active one).",
    },
    {
        id: "saml-metadata-issuer-mismatch",
        severity: "error",
        area: "Trust anchor",
        summary: "The metadata's entityID is not the tenant's issuer `https://sts.windows.net/<tenant>/`.",
    },
    { id: "saml-provider-expired", severity: "error", area: "Trust anchor", summary: "The SAML provider's ValidUntil has passed." },
    {
        id: "saml-provider-expiring",
        severity: "warning",
        area: "Trust anchor",
        summary: "The SAML provider's ValidUntil is within the first certificate threshold (60 days).",
    },

    {
        id: "claims-mapping-policy-missing",
        severity: "error",
        area: "Claims",
        summary: "No claims mapping policy is assigned to the service principal.",
    },
    {
        id: "claims-mapping-policy-drift",
        severity: "error when the Role or RoleSessionName claim is gone, else warning",
        area: "Claims",
        summary: "The assigned claims differ from the config (Role source, RoleSessionName source, SessionDuration, PrincipalTag claims).",
    },

    {
        id: "iam-role-missing",
        severity: "error",
        area: "Roles",
        summary: "A configured role, or the role an app role names, no longer exists.",
    },
    {
        id: "role-trust-missing-provider",
        severity: "error",
        area: "Roles",
        summary: "The role no longer allows sts:AssumeRoleWithSAML from the SAML provider.",
    },
    {
        id: "role-trust-missing-audience",
        severity: "error",
        area: "Roles",
        summary: "The role's SAML trust lost its `SAML:aud` condition, or names another sign-in endpoint.",
    },
    {
        id: "role-session-shorter-than-claim",
        severity: "error",
        area: "Roles",
        summary: "The role's MaxSessionDuration is below the SessionDuration claim: STS refuses the session.",
    },
    { id: "role-trust-drift", severity: "warning", area: "Roles", summary: "The trust policy differs from the one the program writes." },
    {
        id: "app-role-missing",
        severity: "error",
        area: "Roles",
        summary: "A configured role's app role is gone from the service principal, or disabled.",
    },
    {
        id: "app-role-value-drift",
        severity: "error",
        area: "Roles",
        summary: "A configured role's app role value no longer names `<role ARN>,<provider ARN>`.",
    },
    {
        id: "app-role-assignment-not-required",
        severity: "error",
        area: "Roles",
        summary: "Assignment required is off on the service principal: anyone in the tenant may start a sign-in.",
    },
    {
        id: "assignment-missing",
        severity: "warning",
        area: "Roles",
        summary: "A group the config assigns to a role holds no assignment to that app role.",
    },
    {
        id: "assignment-orphaned",
        severity: "warning",
        area: "Roles",
        summary: "An assignment points at an app role the service principal no longer has.",
    },

    {
        id: "role-import-job-missing",
        severity: "error",
        area: "Role import",
        summary: "Provisioning is on but the service principal has no `aws` synchronization job.",
    },
    {
        id: "role-import-not-running",
        severity: "error",
        area: "Role import",
        summary: "The job's schedule is not Active, or its status is Paused or NotConfigured.",
    },
    { id: "role-import-quarantined", severity: "error", area: "Role import", summary: "The job is in quarantine." },
    {
        id: "role-import-credentials-rejected",
        severity: "error",
        area: "Role import",
        summary: "The job's last error (or quarantine) says AWS rejected its access key.",
    },
    { id: "role-import-failed", severity: "error", area: "Role import", summary: "The job's last run failed for another reason." },
    { id: "role-import-stale", severity: "warning", area: "Role import", summary: "No successful cycle within 24 hours." },
    {
        id: "role-import-reader-missing",
        severity: "error",
        area: "Role import",
        summary: "The role-import reader IAM user no longer exists.",
    },
    {
        id: "role-import-key-missing",
        severity: "error",
        area: "Role import",
        summary: "The access key the stack gave Azure is gone or inactive.",
    },
    {
        id: "role-import-key-old",
        severity: "warning",
        area: "Role import",
        summary: "The reader's access key is older than 90 days (`--access-key-days`).",
    },
    {
        id: "role-import-key-never-used",
        severity: "warning",
        area: "Role import",
        summary: "The reader's access key has never been used, a day or more after it was created.",
    },
    {
        id: "role-import-key-unused",
        severity: "warning",
        area: "Role import",
        summary: "The reader's access key has not been used for 90 days.",
    },
    { id: "role-import-key-multiple", severity: "warning", area: "Role import", summary: "The reader has more than one access key." },

    { id: "root-mfa-disabled", severity: "error", area: "Account hygiene", summary: "The root user has no MFA device." },
    { id: "root-access-keys-present", severity: "error", area: "Account hygiene", summary: "The root user has access keys." },
    {
        id: "iam-user-console-password",
        severity: "warning",
        area: "Account hygiene",
        summary: "An IAM user has a console password and is not an allow-listed break-glass user (`--break-glass-user`).",
    },
    { id: "password-policy-missing", severity: "warning", area: "Account hygiene", summary: "The account has no password policy." },
    {
        id: "password-policy-weak",
        severity: "warning",
        area: "Account hygiene",
        summary: "The password policy is weaker than the policy pack's: length < 14, reuse prevention < 24, or expiry over 90 days.",
    },
    {
        id: "account-alias-missing",
        severity: "notice",
        area: "Account hygiene",
        summary: "The account has no alias (the sign-in URL shows the bare account id).",
    },

    {
        id: "identity-center-not-in-outputs",
        severity: "error",
        area: "Identity Center",
        summary: "The config has an `identityCenter` block but the stack outputs have no `identityCenter`: it was never deployed.",
    },
    {
        id: "identity-center-app-missing",
        severity: "error",
        area: "Identity Center",
        summary: "The Identity Center app's service principal no longer exists in Azure AD.",
    },
    {
        id: "identity-center-signing-certificate-expired",
        severity: "error",
        area: "Identity Center",
        summary: "The certificate the Identity Center app signs with has ended: sign-in to the access portal fails.",
    },
    {
        id: "identity-center-signing-certificate-expiring",
        severity: "notice within 60 days, warning within 30, error within 7 (`--certificate-days`)",
        area: "Identity Center",
        summary: "The Identity Center app's signing certificate ends soon: rotate it (with a metadata upload).",
    },
    {
        id: "identity-center-preferred-signing-key-missing",
        severity: "error",
        area: "Identity Center",
        summary: "The Identity Center app has no preferred token-signing key: Azure signs with a key Identity Center does not trust.",
    },
    {
        id: "identity-center-preferred-signing-key-unknown",
        severity: "error",
        area: "Identity Center",
        summary: "The Identity Center app's preferred key names a certificate that is no longer on its service principal.",
    },
    {
        id: "identity-center-preferred-signing-key-not-stack-certificate",
        severity: "error",
        area: "Identity Center",
        summary:
            "The Identity Center app signs with another certificate than the stack's active one, whose metadata Identity Center holds.",
    },
    {
        id: "identity-center-scim-token-expired",
        severity: "error",
        area: "Identity Center",
        summary: "The SCIM access token has expired (`scimTokenExpiresAt`): provisioning to Identity Center stops.",
    },
    {
        id: "identity-center-scim-token-expiring",
        severity: "warning",
        area: "Identity Center",
        summary: "The SCIM token expires within 30 days.",
    },
    {
        id: "identity-center-scim-token-expiry-implausible",
        severity: "warning",
        area: "Identity Center",
        summary: "The recorded SCIM token expiry is more than a year away, longer than Identity Center's tokens last: the date is wrong.",
    },
    {
        id: "identity-center-provisioning-job-missing",
        severity: "error",
        area: "Identity Center",
        summary: "The Identity Center app has no SCIM provisioning job (the stack's `synchronizationJobId`, or one of its template).",
    },
    {
        id: "identity-center-provisioning-not-running",
        severity: "error",
        area: "Identity Center",
        summary: "The provisioning job's schedule is not Active, or its status is Paused or NotConfigured.",
    },
    {
        id: "identity-center-provisioning-quarantined",
        severity: "error",
        area: "Identity Center",
        summary: "The provisioning job is in quarantine.",
    },
    {
        id: "identity-center-provisioning-token-rejected",
        severity: "error",
        area: "Identity Center",
        summary: "The provisioning job's last error (or quarantine) says Identity Center rejected the SCIM token.",
    },
    {
        id: "identity-center-provisioning-failed",
        severity: "error",
        area: "Identity Center",
        summary: "The provisioning job's last run failed for another reason.",
    },
    {
        id: "identity-center-provisioning-stale",
        severity: "warning",
        area: "Identity Center",
        summary: "No successful provisioning cycle within 24 hours.",
    },
    {
        id: "identity-center-assignment-not-required",
        severity: "error",
        area: "Identity Center",
        summary: "Assignment required is off on the Identity Center app: anyone in the tenant may start a sign-in.",
    },
    {
        id: "identity-center-group-not-assigned",
        severity: "error",
        area: "Identity Center",
        summary: "A configured `identityCenter.groups` group is not assigned to the app: provisioning never sends it to Identity Center.",
    },
    {
        id: "identity-center-aws-side-not-checked",
        severity: "notice",
        area: "Identity Center",
        summary:
            "Always reported: the doctor reads no permission set or account assignment (sso-admin); the finding says what to run instead.",
    },

    {
        id: "aws-account-mismatch",
        severity: "error",
        area: "Reachability",
        summary: "The AWS credentials (or the assumed role) reach another account than the config's accountId.",
    },
    {
        id: "account-not-in-outputs",
        severity: "error",
        area: "Reachability",
        summary: "An account of the config has no entry in the stack outputs: it was never deployed.",
    },
    {
        id: "service-principal-missing",
        severity: "error",
        area: "Reachability",
        summary: "The account's service principal no longer exists in Azure AD.",
    },
    {
        id: "could-not-check-access-denied",
        severity: "error",
        area: "Reachability",
        summary: "A read was denied (403 / AccessDenied); the finding names the permission to grant.",
    },
    {
        id: "could-not-check-throttled",
        severity: "error",
        area: "Reachability",
        summary: "A read was still throttled (429 / Throttling) after every retry.",
    },
    {
        id: "could-not-check-unsupported",
        severity: "error",
        area: "Reachability",
        summary: "The API does not exist in this partition, cloud or endpoint.",
    },
    {
        id: "could-not-check-unauthenticated",
        severity: "error",
        area: "Reachability",
        summary: "The service rejected the credentials (expired, wrong cloud or tenant).",
    },
    {
        id: "could-not-check-failed",
        severity: "error",
        area: "Reachability",
        summary: "A read failed otherwise (server errors after every retry, no response).",
    },
];

const KNOWN_IDS = new Set(FINDING_KINDS.map((kind) => kind.id));

/** True for an id the doctor can report. */
export function isFindingId(id: string): boolean {
    return KNOWN_IDS.has(id);
}
