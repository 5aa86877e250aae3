import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, readKnown } from "../../framework/unknown-values";
import { FederationTopology } from "../../model/federation-topology";
import { dependenciesOf, refersToAny } from "../../model/resource-links";
import { AWS_ROLE_IMPORT_JOB_TEMPLATE_ID } from "../../vocabulary/gallery-templates";

const REQUIRED_CREDENTIAL_KEYS = ["ClientSecret", "SecretToken"];

const AWS_PROVISIONING_TEMPLATE_ID = AWS_ROLE_IMPORT_JOB_TEMPLATE_ID;

export const provisioningPolicy = defineStackPolicy({
    name: "federation-role-import-provisioning",
    description:
        "Role import for an AWS app uses synchronization template aws and one secret with ClientSecret and SecretToken taken from the stack's role-import reader access key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Give each AWS app one azuread.SynchronizationSecret with credentials [{key: "ClientSecret", value: <access key id>}, {key: "SecretToken", value: <secret access key>}] from the aws.iam.AccessKey of the role-reader IAM user, and one azuread.SynchronizationJob with templateId "aws".',
    config: {
        requireProvisioning: {
            type: "boolean",
            description: "Require role import (a synchronization job) for every AWS app.",
            default: false,
        },
        allowExternalCredentials: {
            type: "boolean",
            description: "Accept credentials that do not come from an aws.iam.AccessKey of this stack.",
            default: false,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const accessKeys = topology.ofType(aws.iam.AccessKey);
        const userTargets = topology.ofType(aws.iam.User).map((resource) => ({ resource, idProperties: ["name", "arn"] }));
        const { apps, undetermined } = topology.awsApps();
        deferred.defer(undetermined);
        for (const app of apps) {
            deferred.run(() => {
                const secrets = topology.attachedToApp(azuread.SynchronizationSecret, "servicePrincipalId", app);
                const jobs = topology.attachedToApp(azuread.SynchronizationJob, "servicePrincipalId", app);
                const where = app.servicePrincipals[0] ?? app.application;
                if (jobs.resources.length === 0 && secrets.resources.length === 0) {
                    if (jobs.undetermined !== undefined || secrets.undetermined !== undefined) {
                        throw (jobs.undetermined ?? secrets.undetermined)?.error;
                    }
                    if (config.requireProvisioning) {
                        reportViolation(`AWS app ${app.application.name} has no role import (azuread.SynchronizationJob).`, where.urn);
                    }
                    return;
                }
                for (const job of jobs.resources) {
                    deferred.run(() => {
                        const templateId: unknown = job.props.templateId;
                        if (templateId !== AWS_PROVISIONING_TEMPLATE_ID) {
                            reportViolation(
                                `Synchronization job ${job.name} uses template ${JSON.stringify(templateId)}; AWS role import is template "aws".`,
                                job.urn,
                            );
                        }
                    });
                }
                if (jobs.resources.length > 0 && secrets.resources.length === 0 && secrets.undetermined === undefined) {
                    reportViolation(
                        `AWS app ${app.application.name} runs role import without an azuread.SynchronizationSecret.`,
                        where.urn,
                    );
                }
                if (secrets.resources.length > 1) {
                    reportViolation(
                        `AWS app ${app.application.name} has ${secrets.resources.length} synchronization secrets; the app holds one credential set.`,
                        secrets.resources[1].urn,
                    );
                }
                for (const secret of secrets.resources) {
                    deferred.run(() => checkSecretKeys(secret, reportViolation));
                    if (!config.allowExternalCredentials) {
                        deferred.run(() => checkCredentialSource(secret, accessKeys, userTargets, reportViolation));
                    }
                }
            });
        }
        deferred.finish();
    },
});

function checkSecretKeys(secret: PolicyResource, reportViolation: (message: string, urn?: string) => void): void {
    const credentials: unknown = secret.props.credentials;
    const entries = Array.isArray(credentials) ? credentials : [];
    const keys: string[] = [];
    for (const entry of entries) {
        const record = typeof entry === "object" && entry !== null ? (entry as { key?: unknown; value?: unknown }) : {};
        if (typeof record.key !== "string") {
            reportViolation(`Synchronization secret ${secret.name} has a credential without a key.`, secret.urn);
            continue;
        }
        keys.push(record.key);
        if (!REQUIRED_CREDENTIAL_KEYS.includes(record.key)) {
            reportViolation(
                `Synchronization secret ${secret.name} has key ${JSON.stringify(record.key)}; AWS role import reads only ${REQUIRED_CREDENTIAL_KEYS.join(" and ")}.`,
                secret.urn,
            );
        }
        const value = record.value;
        if (typeof value !== "string" || value.trim() === "") {
            reportViolation(`Synchronization secret ${secret.name} has an empty value for ${record.key}.`, secret.urn);
        }
    }
    for (const required of REQUIRED_CREDENTIAL_KEYS) {
        const count = keys.filter((key) => key === required).length;
        if (count !== 1) {
            reportViolation(
                `Synchronization secret ${secret.name} has ${count} ${required} credential(s); it needs exactly one (ClientSecret is the access key id, SecretToken the secret access key).`,
                secret.urn,
            );
        }
    }
}

function checkCredentialSource(
    secret: PolicyResource,
    accessKeys: readonly PolicyResource[],
    userTargets: readonly { resource: PolicyResource; idProperties: readonly string[] }[],
    reportViolation: (message: string, urn?: string) => void,
): void {
    let keys = dependenciesOf(secret, "credentials").filter((resource) => resource.isType(aws.iam.AccessKey));
    if (keys.length === 0) {
        // No recorded dependency: match the secret access key by value.
        const credentials: unknown = secret.props.credentials;
        const secretToken = (Array.isArray(credentials) ? credentials : []).find(
            (entry) => typeof entry === "object" && entry !== null && (entry as { key?: unknown }).key === "SecretToken",
        ) as { value?: unknown } | undefined;
        keys = accessKeys.filter((key) => {
            const value = readKnown(() => key.props.secret);
            if (!value.known) {
                throw value.error;
            }
            return secretToken !== undefined && typeof value.value === "string" && value.value === secretToken.value;
        });
    }
    if (keys.length === 0) {
        reportViolation(
            `Synchronization secret ${secret.name} holds credentials that do not come from an aws.iam.AccessKey of this stack; use the role-import reader's key.`,
            secret.urn,
        );
        return;
    }
    for (const key of keys) {
        const owner = refersToAny(key, "user", userTargets);
        if (!owner.known) {
            throw owner.error;
        }
        if (!owner.value) {
            reportViolation(
                `Synchronization secret ${secret.name} uses access key ${key.name}, whose user is not an IAM user of this stack (the role-import reader).`,
                secret.urn,
            );
        }
    }
}
