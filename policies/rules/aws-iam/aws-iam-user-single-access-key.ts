import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, readKnown } from "../../framework/unknown-values";
import { FederationTopology } from "../../model/federation-topology";
import { accessKeysByUser, configuredGenerations, generationOfKey, ROLE_IMPORT_KEYS_TAG } from "../../readers/role-import-key-generations";

/** IAM's limit of access keys per user. */
const IAM_ACCESS_KEYS_PER_USER = 2;

export const singleAccessKeyPolicy = defineStackPolicy({
    name: "aws-iam-user-single-access-key",
    description:
        "Each IAM user has at most one access key, or one per configured role-import key generation (two while rotating), and no key outside them.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Keep one aws.iam.AccessKey per user. To rotate the role-import key, add a generation as the last entry of roleImportKeys (two at most, as IAM allows), run pulumi up, and once Azure's next sync cycle has used the new key, remove the older generation. Remove keys that are not a configured generation.",
    config: {
        maximumAccessKeys: {
            type: "integer",
            description:
                "Most access keys one IAM user may have when no role-import key generations are configured for it; 0 forbids every key.",
            default: 1,
            minimum: 0,
            maximum: 2,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const { users, unlinked } = accessKeysByUser(topology, deferred);
        const names = (resources: readonly PolicyResource[]) => resources.map((resource) => resource.name).join(", ");
        for (const [user, keys] of users) {
            deferred.run(() => {
                const { generations, malformed } = configuredGenerations(user);
                if (malformed !== undefined) {
                    reportViolation(
                        `IAM user ${user.name} has tag ${ROLE_IMPORT_KEYS_TAG} = ${malformed}; expected generation names (optionally name=YYYY-MM-DD) separated by spaces.`,
                        user.urn,
                    );
                    return;
                }
                if (generations === undefined) {
                    if (keys.length > config.maximumAccessKeys) {
                        reportViolation(
                            `IAM user ${user.name} has ${keys.length} access keys (${names(keys)}); at most ${config.maximumAccessKeys} allowed. To rotate a role-import key, configure two roleImportKeys generations; otherwise remove the extra key.`,
                            user.urn,
                        );
                    }
                    return;
                }
                const listed = generations.map((generation) => generation.name).join(", ");
                if (generations.length > IAM_ACCESS_KEYS_PER_USER) {
                    reportViolation(
                        `IAM user ${user.name} has ${generations.length} role-import key generations configured (${listed}); IAM allows ${IAM_ACCESS_KEYS_PER_USER} access keys per user: remove the oldest, "${generations[0].name}", from roleImportKeys.`,
                        user.urn,
                    );
                }
                const configured = keys.filter((key) => generationOfKey(key, generations) !== undefined);
                for (const key of keys.filter((candidate) => !configured.includes(candidate))) {
                    reportViolation(
                        `Access key ${key.name} of IAM user ${user.name} is not one of its configured role-import key generations (${listed}); remove it, or list its generation in roleImportKeys.`,
                        key.urn,
                    );
                }
                const allowed = config.maximumAccessKeys === 0 ? 0 : Math.min(generations.length, IAM_ACCESS_KEYS_PER_USER);
                if (configured.length > allowed) {
                    const oldest = generationOfKey(configured[0], generations)?.name ?? generations[0].name;
                    reportViolation(
                        `IAM user ${user.name} has ${configured.length} access keys of configured generations (${names(configured)}); at most ${allowed} allowed: remove the oldest, "${oldest}".`,
                        user.urn,
                    );
                }
            });
        }
        // Keys of users this stack does not declare, grouped by the user name they give.
        const byName = new Map<string, PolicyResource[]>();
        for (const key of unlinked) {
            const user = readKnown(() => key.props.user);
            if (!user.known) {
                deferred.defer(user);
            } else if (typeof user.value === "string") {
                byName.set(user.value, [...(byName.get(user.value) ?? []), key]);
            }
        }
        for (const [userName, userKeys] of byName) {
            if (userKeys.length > config.maximumAccessKeys) {
                reportViolation(
                    `IAM user ${userName} gets ${userKeys.length} access keys (${names(userKeys)}); at most ${config.maximumAccessKeys} allowed.`,
                    userKeys[userKeys.length - 1].urn,
                );
            }
        }
        deferred.finish();
    },
});
