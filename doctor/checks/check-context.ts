import { ExpectedAccount, ExpectedIdentityCenter } from "../expected-deployment";
import { Finding, Severity } from "../findings";
import { AccountSnapshot, IdentityCenterSnapshot, Reading } from "../live-snapshot";

/** Limits the checks apply; every one has a command-line option or a documented default. */
export interface DoctorThresholds {
    /** Days before a certificate's end that raise a notice, a warning and an error (Azure mails at 60, 30 and 7). */
    readonly certificateDays: readonly [number, number, number];
    /** An access key older than this many days is due for rotation. */
    readonly accessKeyMaxAgeDays: number;
    /** An access key unused for this many days is dead weight. */
    readonly accessKeyMaxUnusedDays: number;
    /** A key younger than this may not have been used yet (the first import cycle takes about 40 minutes). */
    readonly newKeyGraceHours: number;
    /** The role import must have succeeded within this many hours. */
    readonly roleImportMaxHoursWithoutSuccess: number;
    /** Identity Center's SCIM provisioning must have succeeded within this many hours. */
    readonly provisioningMaxHoursWithoutSuccess: number;
    /** Days before the SCIM token's expiry that raise a warning (the policy pack's `warningDays`). */
    readonly scimTokenWarningDays: number;
    /** Identity Center issues SCIM tokens for a year: an expiry further away than this was recorded wrongly. */
    readonly scimTokenMaxLifetimeDays: number;
    /** The policy pack's `aws-account-password-policy-strength` defaults. */
    readonly passwordPolicy: { readonly minimumLength: number; readonly minimumReusePrevention: number; readonly maximumAgeDays: number };
    /** IAM users allowed a console password (break-glass). */
    readonly breakGlassUsers: readonly string[];
}

export const DEFAULT_THRESHOLDS: DoctorThresholds = {
    certificateDays: [60, 30, 7],
    accessKeyMaxAgeDays: 90,
    accessKeyMaxUnusedDays: 90,
    newKeyGraceHours: 24,
    roleImportMaxHoursWithoutSuccess: 24,
    provisioningMaxHoursWithoutSuccess: 24,
    scimTokenWarningDays: 30,
    scimTokenMaxLifetimeDays: 366,
    passwordPolicy: { minimumLength: 14, minimumReusePrevention: 24, maximumAgeDays: 90 },
    breakGlassUsers: [],
};

export interface CheckContext {
    readonly now: Date;
    readonly tenantId: string;
    readonly thresholds: DoctorThresholds;
}

/** A check of one account: pure, from what should be and what was read to findings. */
export type AccountCheck = (expected: ExpectedAccount, snapshot: AccountSnapshot, context: CheckContext) => Finding[];

/** A check of the Identity Center app, pure like an account's. */
export type IdentityCenterCheck = (expected: ExpectedIdentityCenter, snapshot: IdentityCenterSnapshot, context: CheckContext) => Finding[];

/** What a finding is reported under: an account, or the Identity Center app (its id is the instance ARN). */
export interface ReportUnit {
    readonly name: string;
    readonly accountId: string;
}

/** The value of a successful reading; undefined when it failed or was not made (the failure is its own finding). */
export function valueOf<T>(reading: Reading<T> | undefined): T | undefined {
    return reading?.ok ? reading.value : undefined;
}

/** True when the reading succeeded, whatever its value. */
export function wasRead<T>(reading: Reading<T> | undefined): reading is { readonly ok: true; readonly value: T } {
    return reading?.ok === true;
}

export function finding(expected: ReportUnit, id: string, severity: Severity, resource: string, message: string, fix: string): Finding {
    return { id, severity, account: expected.name, accountId: expected.accountId, resource, message, fix };
}

export const DAY_MS = 86_400_000;

/** Whole days from `now` to `date`, rounded down; negative when past. */
export function daysUntil(date: Date, now: Date): number {
    return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

/** Base64 `customKeyIdentifier` to the upper-case hex form of `preferredTokenSigningKeyThumbprint`. */
export function thumbprintOfKeyIdentifier(customKeyIdentifier: string | null): string | undefined {
    if (!customKeyIdentifier) return undefined;
    const hex = Buffer.from(customKeyIdentifier, "base64").toString("hex").toUpperCase();
    return hex.length === 40 ? hex : undefined;
}
