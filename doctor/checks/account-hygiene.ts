import { Finding } from "../findings";
import { AccountCheck, finding, valueOf, wasRead } from "./check-context";

/** The AWS setup guides' basics (seeds 001 and 004): root MFA, no root keys, no console passwords, a strong password policy, an alias. */
export const checkAccountHygiene: AccountCheck = (expected, snapshot, context) => {
    const findings: Finding[] = [];
    const account = `AWS account ${expected.accountId}`;
    const summary = valueOf(snapshot.accountSummary);
    if (summary) {
        if (summary.AccountMFAEnabled !== 1) {
            findings.push(
                finding(
                    expected,
                    "root-mfa-disabled",
                    "error",
                    `${account} root user`,
                    "The root user has no MFA device.",
                    "Sign in as root and assign an MFA device (Security credentials > Multi-factor authentication).",
                ),
            );
        }
        if ((summary.AccountAccessKeysPresent ?? 0) > 0) {
            findings.push(
                finding(
                    expected,
                    "root-access-keys-present",
                    "error",
                    `${account} root user`,
                    "The root user has access keys.",
                    "Delete the root user's access keys (Security credentials > Access keys); use roles instead.",
                ),
            );
        }
    }
    const allowed = new Set(context.thresholds.breakGlassUsers);
    if (wasRead(snapshot.users)) {
        for (const user of snapshot.users.value) {
            const profile = valueOf(snapshot.loginProfiles[user.name]);
            if (profile && !allowed.has(user.name)) {
                findings.push(
                    finding(
                        expected,
                        "iam-user-console-password",
                        "warning",
                        user.arn,
                        `IAM user ${user.name} has a console password${user.passwordLastUsed ? ` (last used ${user.passwordLastUsed.toISOString()})` : ""}; people should sign in through Azure AD.`,
                        `Delete the login profile, or allow it as a break-glass user with --break-glass-user ${user.name}.`,
                    ),
                );
            }
        }
    }
    if (wasRead(snapshot.passwordPolicy)) {
        const policy = snapshot.passwordPolicy.value;
        const wanted = context.thresholds.passwordPolicy;
        if (!policy) {
            findings.push(
                finding(
                    expected,
                    "password-policy-missing",
                    "warning",
                    account,
                    "The account has no password policy: any IAM user password IAM accepts is allowed.",
                    `Set one with at least ${wanted.minimumLength} characters, reuse prevention ${wanted.minimumReusePrevention} and expiry within ${wanted.maximumAgeDays} days (aws.iam.AccountPasswordPolicy).`,
                ),
            );
        } else {
            const weak: string[] = [];
            if ((policy.minimumPasswordLength ?? 0) < wanted.minimumLength)
                weak.push(`minimum length ${policy.minimumPasswordLength ?? "unset"} < ${wanted.minimumLength}`);
            if ((policy.passwordReusePrevention ?? 0) < wanted.minimumReusePrevention)
                weak.push(`reuse prevention ${policy.passwordReusePrevention ?? "unset"} < ${wanted.minimumReusePrevention}`);
            if (!policy.maxPasswordAge || policy.maxPasswordAge > wanted.maximumAgeDays)
                weak.push(`expiry ${policy.maxPasswordAge ?? "never"} > ${wanted.maximumAgeDays} days`);
            if (weak.length > 0) {
                findings.push(
                    finding(
                        expected,
                        "password-policy-weak",
                        "warning",
                        account,
                        `The password policy is weaker than the policy pack's: ${weak.join(", ")}.`,
                        "Raise the settings (the pack's aws-account-password-policy-strength).",
                    ),
                );
            }
        }
    }
    const aliases = valueOf(snapshot.aliases);
    if (aliases && aliases.length === 0) {
        findings.push(
            finding(
                expected,
                "account-alias-missing",
                "notice",
                account,
                "The account has no alias: its sign-in page shows the bare account id.",
                "Create one (IAM dashboard > Account Alias, or aws.iam.AccountAlias).",
            ),
        );
    }
    return findings;
};
