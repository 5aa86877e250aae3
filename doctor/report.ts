import { Finding, Severity, SEVERITIES, severityRank } from "./findings";

/** The severity from which findings fail the run (exit 1). */
export type FailOn = "warning" | "error";

export type SeverityCounts = Readonly<Record<Severity, number>>;

/** What a report entry is about: an AWS account of the config, or the Identity Center app (its accountId is the instance ARN). */
export type ReportUnitKind = "account" | "identity-center";

export interface AccountReport {
    readonly kind: ReportUnitKind;
    readonly account: string;
    readonly accountId: string;
    /** Worst severity found; undefined when healthy. */
    readonly worst?: Severity;
    readonly counts: SeverityCounts;
    /** Worst first, then by id. */
    readonly findings: readonly Finding[];
}

/** What `--json` prints. */
export interface DoctorReport {
    readonly stack: string;
    readonly checkedAt: string;
    readonly failOn: FailOn;
    /** 0 healthy (nothing at or above failOn), 1 otherwise. */
    readonly exitCode: 0 | 1;
    readonly counts: SeverityCounts;
    /** Finding ids left out with --ignore, and how many findings they hid. */
    readonly ignored: Readonly<Record<string, number>>;
    /** Worst entry first: the accounts, and the Identity Center app when the stack has one. */
    readonly accounts: readonly AccountReport[];
}

export interface ReportOptions {
    readonly stack: string;
    readonly now: Date;
    readonly failOn: FailOn;
    /** Finding ids to leave out. */
    readonly ignore?: readonly string[];
}

function countOf(findings: readonly Finding[]): SeverityCounts {
    const counts = { error: 0, warning: 0, notice: 0 };
    for (const finding of findings) counts[finding.severity]++;
    return counts;
}

/** Groups findings by account (every account listed, healthy ones too), worst first, and decides the exit code. */
export function buildReport(
    accounts: readonly { readonly name: string; readonly accountId: string; readonly kind?: ReportUnitKind }[],
    allFindings: readonly Finding[],
    options: ReportOptions,
): DoctorReport {
    const ignoredIds = new Set(options.ignore ?? []);
    const ignored: Record<string, number> = {};
    const findings = allFindings.filter((finding) => {
        if (!ignoredIds.has(finding.id)) return true;
        ignored[finding.id] = (ignored[finding.id] ?? 0) + 1;
        return false;
    });
    // An account may be named identity-center too: the Identity Center unit's id (its instance ARN) keeps them apart.
    const identityCenter = accounts.find((account) => account.kind === "identity-center");
    const ofIdentityCenter = (finding: Finding) =>
        identityCenter !== undefined && finding.account === identityCenter.name && finding.accountId === identityCenter.accountId;
    const byAccount: AccountReport[] = accounts.map((account) => {
        const kind = account.kind ?? "account";
        const own = findings
            .filter((finding) => finding.account === account.name && ofIdentityCenter(finding) === (kind === "identity-center"))
            .sort(
                (a, b) =>
                    severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id) || a.resource.localeCompare(b.resource),
            );
        return { kind, account: account.name, accountId: account.accountId, worst: own[0]?.severity, counts: countOf(own), findings: own };
    });
    byAccount.sort((a, b) => {
        const rank = (report: AccountReport) => (report.worst ? severityRank(report.worst) : SEVERITIES.length);
        return rank(a) - rank(b) || b.findings.length - a.findings.length || a.account.localeCompare(b.account);
    });
    const limit = severityRank(options.failOn);
    const failing = findings.some((finding) => severityRank(finding.severity) <= limit);
    return {
        stack: options.stack,
        checkedAt: options.now.toISOString(),
        failOn: options.failOn,
        exitCode: failing ? 1 : 0,
        counts: countOf(findings),
        ignored,
        accounts: byAccount,
    };
}

function describeCounts(counts: SeverityCounts): string {
    const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map(
        (severity) => `${counts[severity]} ${severity}${counts[severity] === 1 ? "" : "s"}`,
    );
    return parts.length > 0 ? parts.join(", ") : "healthy";
}

/** The report as a person reads it in a terminal. */
export function formatReport(report: DoctorReport): string {
    const total = report.counts.error + report.counts.warning + report.counts.notice;
    const accountCount = report.accounts.filter((entry) => entry.kind === "account").length;
    const identityCenter = report.accounts.some((entry) => entry.kind === "identity-center") ? " and Identity Center" : "";
    const lines = [
        `Doctor for stack ${report.stack} at ${report.checkedAt}: ${total === 0 ? "no findings" : describeCounts(report.counts)} in ${accountCount} account(s)${identityCenter}`,
    ];
    for (const account of report.accounts) {
        const heading = account.kind === "identity-center" ? "Identity Center" : "account";
        lines.push("", `${heading} ${account.account} (${account.accountId}): ${describeCounts(account.counts)}`);
        for (const finding of account.findings) {
            lines.push(
                `  ${finding.severity.toUpperCase().padEnd(7)} ${finding.id}  ${finding.resource}`,
                `          ${finding.message}`,
                `          fix: ${finding.fix}`,
            );
        }
    }
    const ignored = Object.entries(report.ignored);
    if (ignored.length > 0) lines.push("", `Ignored: ${ignored.map(([id, count]) => `${id} (${count})`).join(", ")}`);
    lines.push(
        "",
        report.exitCode === 0
            ? `Healthy: nothing at or above ${report.failOn}.`
            : `Unhealthy: ${SEVERITIES.slice(0, severityRank(report.failOn) + 1)
                  .map((severity) => `${report.counts[severity]} ${severity}(s)`)
                  .join(", ")} at or above --fail-on ${report.failOn}.`,
    );
    return lines.join("\n");
}
