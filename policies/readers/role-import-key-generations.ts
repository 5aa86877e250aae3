import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { DeferredUnknowns, readKnown } from "../framework/unknown-values";
import { FederationTopology } from "../model/federation-topology";
import { LinkTarget, referrers } from "../model/resource-links";
import { ROLE_IMPORT_KEYS_TAG } from "../vocabulary/type-tokens";

export { ROLE_IMPORT_KEYS_TAG };

/** The generation of a reader that never rotated; its key is `<reader>-access-key`, the others `<reader>-access-key-<generation>`. */
const DEFAULT_KEY_GENERATION = "primary";

const GENERATION_ENTRY = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:=(\d{4}-\d{2}-\d{2}))?$/;

/** One configured role-import key generation, as the reader's tag lists it. */
interface KeyGeneration {
    readonly name: string;
    /** `YYYY-MM-DD`, when the config recorded one or the name implies one. */
    readonly createdAt?: string;
}

/**
 * The generations the reader's tag lists (`name` or `name=YYYY-MM-DD`, space-separated, the last
 * active), undefined when the user has no such tag; an unknown tag value is thrown to be deferred.
 */
export function configuredGenerations(user: PolicyResource): { generations?: KeyGeneration[]; malformed?: string } {
    const tags = readKnown((): unknown => user.props.tags ?? user.props.tagsAll);
    if (!tags.known) {
        throw tags.error;
    }
    const value =
        tags.value !== null && typeof tags.value === "object" ? (tags.value as Record<string, unknown>)[ROLE_IMPORT_KEYS_TAG] : undefined;
    if (value === undefined) {
        return {};
    }
    const entries =
        typeof value === "string"
            ? value
                  .trim()
                  .split(/\s+/)
                  .filter((entry) => entry !== "")
            : [];
    const generations: KeyGeneration[] = [];
    for (const entry of entries) {
        const match = GENERATION_ENTRY.exec(entry);
        if (!match) {
            return { malformed: JSON.stringify(value) };
        }
        generations.push(match[2] === undefined ? { name: match[1] } : { name: match[1], createdAt: match[2] });
    }
    return generations.length === 0 ? { malformed: JSON.stringify(value) } : { generations };
}

/** The generation an access key resource holds, by the name the program gives each generation's key. */
export function generationOfKey(key: PolicyResource, generations: readonly KeyGeneration[]): KeyGeneration | undefined {
    return generations.find((generation) =>
        generation.name === DEFAULT_KEY_GENERATION ? key.name.endsWith("-access-key") : key.name.endsWith(`-access-key-${generation.name}`),
    );
}

/** Each IAM user of the stack with the access keys that name it, and the keys that name no user of the stack. */
export function accessKeysByUser(
    topology: FederationTopology,
    deferred: DeferredUnknowns,
): { users: [PolicyResource, PolicyResource[]][]; unlinked: PolicyResource[] } {
    const keys = topology.ofType(aws.iam.AccessKey);
    const counted = new Set<PolicyResource>();
    const users = topology.ofType(aws.iam.User).map((user): [PolicyResource, PolicyResource[]] => {
        const target: LinkTarget = { resource: user, idProperties: ["name", "arn"] };
        const linked = referrers(keys, "user", [target]);
        linked.resources.forEach((key) => counted.add(key));
        deferred.defer(linked.undetermined);
        return [user, [...linked.resources]];
    });
    return { users, unlinked: keys.filter((key) => !counted.has(key)) };
}
