import { CliConfigError } from "./errors";

/**
 * A profile name from logical names: lower case, `[a-z0-9_-]` only. IAM role and permission set
 * names may hold `+=,.@`, which shells, `--profile` completion and the `ini` package (it splits
 * section names at `.`) mishandle; each becomes `-`. Lower case is safe: IAM role names are unique
 * regardless of case within an account.
 */
export function cliProfileName(...parts: readonly string[]): string {
    return parts.map((part) => part.toLowerCase().replace(/[^a-z0-9_-]/g, "-")).join("-");
}

/** Fails when two different things got one profile name, naming both, instead of one silently replacing the other. */
export function assertUniqueProfileNames(profiles: readonly { readonly profileName: string; readonly describes: string }[]): void {
    const seen = new Map<string, string>();
    for (const profile of profiles) {
        const other = seen.get(profile.profileName);
        if (other !== undefined && other !== profile.describes) {
            throw new CliConfigError(
                `profile name "${profile.profileName}" would stand for both ${other} and ${profile.describes}; rename one of them`,
            );
        }
        seen.set(profile.profileName, profile.describes);
    }
}
