import { parseAppRoleValue } from "../components/documents/app-role-value";
import { parseIamArn } from "../components/documents/iam-arns";
import { DiscoveredAccount, DiscoveredApp, DiscoveredSamlProvider } from "./discovery";
import { AdoptionFinding } from "./findings";

/** A gallery-app instance matched to the account whose SAML provider trusts its signing certificate. */
export interface AccountMatch {
    readonly account: DiscoveredAccount;
    readonly app: DiscoveredApp;
    /** The provider whose metadata holds the app's preferred (or only) signing certificate. */
    readonly provider: DiscoveredSamlProvider;
}

export interface MatchResult {
    readonly matches: readonly AccountMatch[];
    readonly findings: readonly AdoptionFinding[];
}

/** SHA-1 thumbprints (upper-case hex) of a service principal's token-signing certificates, preferred first. */
export function servicePrincipalThumbprints(app: DiscoveredApp): string[] {
    const preferred = app.servicePrincipal.preferredTokenSigningKeyThumbprint?.toUpperCase();
    const all = app.servicePrincipal.keyCredentials
        .filter((key) => key.usage === "Verify" && key.customKeyIdentifier)
        .map((key) => Buffer.from(key.customKeyIdentifier!, "base64").toString("hex").toUpperCase());
    return [...new Set([...(preferred ? [preferred] : []), ...all])];
}

/** Account ids named by the app's role values (on the application and the service principal). */
export function accountIdsOfRoleValues(app: DiscoveredApp): Set<string> {
    const ids = new Set<string>();
    for (const role of [...(app.application?.appRoles ?? []), ...app.servicePrincipal.appRoles]) {
        const parts = role.value ? parseAppRoleValue(role.value) : undefined;
        const accountId = parts && parseIamArn(parts.roleArn)?.accountId;
        if (accountId) ids.add(accountId);
    }
    return ids;
}

/**
 * Pairs each account with the instance whose signing certificate one of its SAML providers trusts,
 * confirmed by the instance's role values naming that account. Anything ambiguous is a finding, not a guess.
 */
export function matchAccounts(accounts: readonly DiscoveredAccount[], apps: readonly DiscoveredApp[]): MatchResult {
    const findings: AdoptionFinding[] = [];
    const matches: AccountMatch[] = [];
    const claimed = new Map<string, string>();
    for (const account of accounts) {
        const name = account.argument.name;
        if (account.callerAccountId !== account.argument.accountId) {
            findings.push({
                account: name,
                kind: "cannot-adopt",
                subject: `account ${account.argument.accountId}`,
                problem: `the credentials reached account ${account.callerAccountId}, not ${account.argument.accountId}`,
                whatToDo: "pass the right deploy role after the account id (name=id:roleArn) or use credentials of that account",
            });
            continue;
        }
        const candidates: { app: DiscoveredApp; provider: DiscoveredSamlProvider; confirmed: boolean; preferred: boolean }[] = [];
        for (const app of apps) {
            const thumbprints = servicePrincipalThumbprints(app);
            const preferred = app.servicePrincipal.preferredTokenSigningKeyThumbprint?.toUpperCase();
            for (const provider of account.samlProviders) {
                const shared = thumbprints.filter((thumbprint) => provider.thumbprints.includes(thumbprint));
                if (shared.length === 0) continue;
                candidates.push({
                    app,
                    provider,
                    confirmed: accountIdsOfRoleValues(app).has(account.argument.accountId),
                    preferred: preferred !== undefined && shared.includes(preferred),
                });
            }
        }
        for (const provider of account.samlProviders.filter((entry) => entry.metadataProblem)) {
            findings.push({
                account: name,
                kind: "note",
                subject: `SAML provider ${provider.name}`,
                problem: `its metadata could not be read: ${provider.metadataProblem}`,
                whatToDo: "it is not matched to any app",
            });
        }
        // Strongest evidence first: the key Azure signs with, then role values naming this account.
        const rank = (candidate: (typeof candidates)[number]) => Number(candidate.preferred) * 2 + Number(candidate.confirmed);
        candidates.sort((a, b) => rank(b) - rank(a));
        const best = candidates[0];
        if (!best) {
            findings.push({
                account: name,
                kind: "cannot-adopt",
                subject: `account ${account.argument.accountId}`,
                problem: `no AWS gallery-app instance (template id) signs with a certificate that a SAML provider of this account trusts (${account.samlProviders.length} provider(s) read)`,
                whatToDo:
                    "check the account id; if sign-in works today, download the app's certificate and compare it with the provider's metadata",
            });
            continue;
        }
        const tied = candidates.filter(
            (candidate) => rank(candidate) === rank(best) && (candidate.app !== best.app || candidate.provider !== best.provider),
        );
        if (tied.length > 0) {
            findings.push({
                account: name,
                kind: "cannot-adopt",
                subject: `account ${account.argument.accountId}`,
                problem: `several pairs of app and SAML provider match equally: ${[best, ...tied].map((candidate) => `${candidate.app.servicePrincipal.displayName} (${candidate.app.servicePrincipal.id}) / ${candidate.provider.name}`).join(", ")}`,
                whatToDo: "give each app its own certificate (the tutorial's recommendation), then run adopt again",
            });
            continue;
        }
        if (!best.confirmed) {
            findings.push({
                account: name,
                kind: "note",
                subject: `app ${best.app.servicePrincipal.displayName}`,
                problem: "matched by its signing certificate only: none of its app role values names this account yet",
                whatToDo: "nothing, if the role import has not run; otherwise check that this is the app people use for this account",
            });
        }
        const owner = claimed.get(best.app.servicePrincipal.id);
        if (owner) {
            findings.push({
                account: name,
                kind: "cannot-adopt",
                subject: `app ${best.app.servicePrincipal.displayName}`,
                problem: `it also matches account ${owner}; one instance serves one account in this program`,
                whatToDo: "split the accounts onto their own gallery-app instances, then adopt each",
            });
            continue;
        }
        claimed.set(best.app.servicePrincipal.id, name);
        matches.push({ account, app: best.app, provider: best.provider });
    }
    for (const app of apps.filter((candidate) => !claimed.has(candidate.servicePrincipal.id))) {
        findings.push({
            kind: "note",
            subject: `app ${app.servicePrincipal.displayName} (${app.servicePrincipal.id})`,
            problem: "matches none of the accounts given",
            whatToDo: "left alone; pass its account with --account to adopt it too",
        });
    }
    return { matches, findings };
}
