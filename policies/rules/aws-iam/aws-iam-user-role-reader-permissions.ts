import * as aws from "@pulumi/aws";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { FederationTopology } from "../../model/federation-topology";
import { grantsOfUser } from "../../readers/iam-grants";
import { hasWildcard, readPolicyDocument, wildcardMatches } from "../../readers/iam-policy-document";

export const roleReaderPermissionsPolicy = defineStackPolicy({
    name: "aws-iam-user-role-reader-permissions",
    description: "IAM users exist only as the Azure AD role-import reader, whose permissions are exactly iam:ListRoles.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give the reader user one customer managed policy that allows exactly iam:ListRoles on * (the AzureAD_SSOUserRole_Policy of the tutorial) and nothing else; people sign in through SSO roles, not IAM users. List extra actions in allowedActions only if the provisioning connector needs them.",
    config: {
        allowedActions: {
            type: "array",
            description: "The exact actions (no wildcards) a reader user may be allowed.",
            default: ["iam:ListRoles"],
            items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9]+$" },
            uniqueItems: true,
            minItems: 1,
        },
        allowedPolicyArns: {
            type: "array",
            description: "Attached policy ARNs (`*` wildcard) outside this stack that are accepted as granting only the allowed actions.",
            default: [],
            items: { type: "string", pattern: "^arn:" },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        for (const user of topology.ofType(aws.iam.User)) {
            deferred.run(() => {
                const { grants, undetermined } = grantsOfUser(topology, user);
                const granted = new Set<string>();
                let acceptedExternalPolicy = false;
                for (const grant of grants) {
                    if (grant.policyArn !== undefined) {
                        if (config.allowedPolicyArns.some((pattern) => wildcardMatches(pattern, grant.policyArn ?? ""))) {
                            acceptedExternalPolicy = true;
                        } else {
                            reportViolation(
                                `IAM user ${user.name} gets ${grant.policyArn} through ${grant.source.name}; a role reader may only be allowed ${config.allowedActions.join(", ")}.`,
                                grant.source.urn,
                            );
                        }
                        continue;
                    }
                    for (const problem of readerDocumentProblems(grant.document, config.allowedActions, granted)) {
                        reportViolation(`IAM user ${user.name}, policy ${grant.source.name}: ${problem}`, grant.source.urn);
                    }
                }
                if (undetermined !== undefined) {
                    throw undetermined.error;
                }
                const missing = config.allowedActions.filter((action) => !granted.has(action.toLowerCase()));
                if (!acceptedExternalPolicy && missing.length > 0) {
                    reportViolation(
                        `IAM user ${user.name} is not allowed ${missing.join(", ")}; an IAM user is only allowed as the role-import reader.`,
                        user.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});

function readerDocumentProblems(document: unknown, allowedActions: readonly string[], granted: Set<string>): string[] {
    const allowed = allowedActions.map((action) => action.toLowerCase());
    const reading = readPolicyDocument(document);
    if (reading.document === undefined) {
        return [`the policy cannot be read: ${reading.problems.join("; ")}.`];
    }
    const problems: string[] = [];
    for (const statement of reading.document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        if (statement.notActions !== undefined) {
            problems.push(
                `statement ${statement.sid ?? statement.index} uses NotAction, which allows far more than ${allowedActions.join(", ")}.`,
            );
            continue;
        }
        for (const action of statement.actions) {
            if (hasWildcard(action) || !allowed.includes(action.toLowerCase())) {
                problems.push(
                    `statement ${statement.sid ?? statement.index} allows ${JSON.stringify(action)}, beyond ${allowedActions.join(", ")}.`,
                );
            } else {
                granted.add(action.toLowerCase());
            }
        }
    }
    return problems;
}
