import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** How long to keep asking, and how. */
export interface DeadlineOptions {
    /** Total seconds to keep trying; 0 tries once. */
    readonly timeoutSeconds: number;
    /** First pause between attempts; doubles up to `maxIntervalSeconds`. */
    readonly initialIntervalSeconds?: number;
    readonly maxIntervalSeconds?: number;
    /** Injectable for tests. */
    readonly sleep?: (milliseconds: number) => Promise<void>;
    readonly now?: () => number;
}

/** The last failure after the deadline passed, and how many attempts were made. */
export class DeadlineExceededError extends Error {
    constructor(
        public readonly attempts: number,
        public readonly lastError: unknown,
    ) {
        super(`gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}; last answer: ${errorText(lastError)}`);
        this.name = "DeadlineExceededError";
    }
}

/**
 * Runs `attempt` until it succeeds or the deadline passes, with doubling pauses, and never sleeps
 * past the deadline: a bounded wait, so a group that never arrives fails `pulumi up` instead of hanging it.
 */
export async function withinDeadline<T>(attempt: () => Promise<T>, options: DeadlineOptions): Promise<T> {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
    const deadline = now() + options.timeoutSeconds * 1000;
    let interval = (options.initialIntervalSeconds ?? 2) * 1000;
    const maxInterval = (options.maxIntervalSeconds ?? 30) * 1000;
    for (let attempts = 1; ; attempts++) {
        try {
            return await attempt();
        } catch (error) {
            const remaining = deadline - now();
            if (remaining <= 0) {
                throw new DeadlineExceededError(attempts, error);
            }
            await sleep(Math.min(interval, remaining));
            interval = Math.min(interval * 2, maxInterval);
        }
    }
}

export interface IdentityStoreGroupLookup {
    readonly identityStoreId: string;
    readonly displayName: string;
    /** The display name once Entra confirmed it; a mismatch fails the lookup before it asks AWS. */
    readonly verifiedDisplayName: pulumi.Input<string>;
    /** Entra object id, for the message. */
    readonly objectId: string;
    /** Display name of the Entra app whose provisioning logs explain a missing group. */
    readonly applicationDisplayName: string;
    /** The provision-on-demand of this group: the lookup starts after it. */
    readonly provisioned: pulumi.CustomResource;
    readonly timeoutSeconds: number;
    readonly provider: pulumi.ProviderResource;
    readonly parent: pulumi.Resource;
}

/**
 * The Identity Store id of a group SCIM provisioned, looked up by display name once its
 * provision-on-demand exists, within a deadline. The result depends on the provisioning resource,
 * so assignments built from it wait for it and the policy pack can follow the link.
 */
export function provisionedGroupId(lookup: IdentityStoreGroupLookup): pulumi.Output<string> {
    return pulumi.all([lookup.provisioned.id, lookup.verifiedDisplayName]).apply(async () => {
        try {
            const group = await withinDeadline(
                () =>
                    aws.identitystore.getGroup(
                        {
                            identityStoreId: lookup.identityStoreId,
                            alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: lookup.displayName } },
                        },
                        { provider: lookup.provider, parent: lookup.parent },
                    ),
                { timeoutSeconds: lookup.timeoutSeconds },
            );
            return group.groupId;
        } catch (error) {
            throw new Error(groupNotProvisionedMessage(lookup, error));
        }
    });
}

/** What to check when a provisioned group is not in the Identity Store. */
export function groupNotProvisionedMessage(
    lookup: Pick<IdentityStoreGroupLookup, "identityStoreId" | "displayName" | "objectId" | "applicationDisplayName" | "timeoutSeconds">,
    error: unknown,
): string {
    const detail = error instanceof DeadlineExceededError ? error.message : `lookup failed: ${errorText(error)}`;
    return (
        `Identity Center group "${lookup.displayName}" (Entra group ${lookup.objectId}) is not in Identity Store ${lookup.identityStoreId} ` +
        `${lookup.timeoutSeconds} s after provisioning on demand (${detail}). Check the provisioning logs of the enterprise application ` +
        `"${lookup.applicationDisplayName}", that the SCIM token (identityCenterScimToken) is valid and Identity Center's automatic provisioning is enabled, ` +
        `and that the Entra group is named exactly "${lookup.displayName}"; then run pulumi up again (raise identityCenter.groupLookupTimeoutSeconds if SCIM is slow).`
    );
}

/** An error's message, or what an empty one means for a lookup: nothing matched. */
function errorText(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return message.trim() === "" ? "no group with that display name" : message;
}
