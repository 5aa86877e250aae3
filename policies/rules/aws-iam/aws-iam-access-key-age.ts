import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, readKnown } from "../../framework/unknown-values";
import { FederationTopology } from "../../model/federation-topology";
import { accessKeysByUser, configuredGenerations, generationOfKey } from "../../readers/role-import-key-generations";

const DAY_MS = 86_400_000;

/** Whole days from a `YYYY-MM-DD` date or RFC 3339 time to `now`, or undefined when it is no date. */
function ageInDays(date: string, now: number): number | undefined {
    const time = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date).getTime();
    return Number.isNaN(time) ? undefined : Math.floor((now - time) / DAY_MS);
}

export const accessKeyAgePolicy = defineStackPolicy({
    name: "aws-iam-access-key-age",
    description:
        "No access key is older than maximumAgeDays (CIS AWS 1.14), by its creation date or the date of its role-import key generation.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        'Rotate the role-import key: add a new generation (such as {name: "2027-03"}) as the last entry of roleImportKeys and run pulumi up; once Azure\'s next sync cycle has used it, remove the old generation. A key that is already superseded only needs its generation removed.',
    config: {
        maximumAgeDays: {
            type: "integer",
            description: "Oldest accepted access key, in days since it was created.",
            default: 90,
            minimum: 1,
            maximum: 3650,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const now = Date.now();
        const { users, unlinked } = accessKeysByUser(topology, deferred);
        // The key's own createDate is the truth once the key exists; before that, the generation's recorded date.
        const createDateOf = (key: PolicyResource): string | undefined => {
            const created = readKnown((): unknown => key.props.createDate);
            return created.known && typeof created.value === "string" && created.value !== "" ? created.value : undefined;
        };
        const check = (key: PolicyResource, date: string | undefined, describe: (age: number, date: string) => string) => {
            const age = date === undefined ? undefined : ageInDays(date, now);
            if (date !== undefined && age !== undefined && age > config.maximumAgeDays) {
                reportViolation(describe(age, date), key.urn);
            }
        };
        for (const [user, keys] of users) {
            deferred.run(() => {
                const generations = configuredGenerations(user).generations ?? [];
                const active = generations[generations.length - 1];
                for (const key of keys) {
                    const generation = generationOfKey(key, generations);
                    check(key, createDateOf(key) ?? generation?.createdAt, (age, date) => {
                        const what = generation
                            ? `Role-import key generation "${generation.name}" (${key.name}) of IAM user ${user.name}`
                            : `Access key ${key.name} of IAM user ${user.name}`;
                        const fix =
                            generation && generation !== active
                                ? `it is superseded by "${active.name}": remove "${generation.name}" from roleImportKeys once Azure's sync has used the new key.`
                                : "add a new generation as the last entry of roleImportKeys to rotate it.";
                        return `${what} was created on ${date.slice(0, 10)}, ${age} days ago, more than ${config.maximumAgeDays}; ${fix}`;
                    });
                }
            });
        }
        for (const key of unlinked) {
            check(
                key,
                createDateOf(key),
                (age, date) =>
                    `Access key ${key.name} was created on ${date.slice(0, 10)}, ${age} days ago, more than ${config.maximumAgeDays}; rotate it.`,
            );
        }
        deferred.finish();
    },
});
