/**
 * Stack configs for the benchmark: N accounts with R roles each, shaped like the dev stack (every
 * role has one managed policy and one group assignment; provisioning on; one signing certificate).
 */

export const BENCH_TENANT_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
export const BENCH_STACK = "bench";
const NAMESPACE = "azuread-aws-sso";
const GROUP_OBJECT_ID = "3f2a1c7e-9b4d-4e8a-8c6f-1d2e3f4a5b6c";

export interface BenchAccount {
    readonly name: string;
    readonly accountId: string;
    readonly roles: readonly {
        readonly name: string;
        readonly managedPolicyArns: readonly string[];
        readonly assign: { readonly groups: readonly string[] };
    }[];
}

/** `count` accounts with unique 12-digit ids and `rolesPerAccount` roles each. */
export function benchAccounts(count: number, rolesPerAccount: number): BenchAccount[] {
    return Array.from({ length: count }, (_, index) => ({
        name: `acct-${String(index + 1).padStart(3, "0")}`,
        accountId: String(100_000_000_000 + (index + 1) * 1_111),
        roles: Array.from({ length: rolesPerAccount }, (__, roleIndex) => ({
            name: `Role${String(roleIndex + 1).padStart(2, "0")}`,
            managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            assign: { groups: [GROUP_OBJECT_ID] },
        })),
    }));
}

/** Raw config as the engine passes it: namespaced keys, structured values JSON-encoded. */
export function benchRawConfig(accounts: number, rolesPerAccount: number, extra: Record<string, string> = {}): Record<string, string> {
    const values: Record<string, unknown> = {
        notificationEmails: ["identity-team@contoso.com"],
        sessionDuration: 3600,
        samlProviderName: "AzureAD",
        provisioning: true,
        requireMfa: false,
        signingCertificate: { name: "cert-bench", endDate: "2029-01-01T00:00:00Z" },
        accounts: benchAccounts(accounts, rolesPerAccount),
    };
    const raw: Record<string, string> = { "azuread:tenantId": BENCH_TENANT_ID, "aws:region": "eu-central-1", ...extra };
    for (const [key, value] of Object.entries(values)) {
        raw[`${NAMESPACE}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return raw;
}

/** Config keys the floor program reads. */
export const FLOOR_CONFIG = {
    recording: "bench:floorRecording",
    resources: "bench:floorResources",
    accounts: "bench:floorAccounts",
} as const;
