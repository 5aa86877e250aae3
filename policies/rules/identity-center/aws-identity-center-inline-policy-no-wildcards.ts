import * as aws from "@pulumi/aws";
import { wildcardPermissionProblems } from "../aws-iam/aws-iam-no-wildcard-permissions";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { allowListed, permissionSetsOf } from "../../model/permission-set-privileges";
import { TargetIndex } from "../../model/resource-links";

export const permissionSetInlinePolicyPolicy = defineStackPolicy({
    name: "aws-identity-center-inline-policy-no-wildcards",
    description:
        "No permission set's inline policy allows * on *, iam:*, Allow with NotAction, or iam:PassRole on every resource, unless the permission set is allow-listed.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "List the actions the permission set needs and scope Resource to the ARNs it works on; replace NotAction with an explicit Action list and restrict iam:PassRole to the roles that may be passed. An intended administrator set goes in allowedPermissionSetNames.",
    config: {
        allowedPermissionSetNames: {
            type: "array",
            description: "Permission set names (`*` wildcard) whose inline policy is not checked.",
            default: [],
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const deferred = new DeferredUnknowns();
        const permissionSets = new TargetIndex(
            args.resources
                .filter((resource) => resource.isType(aws.ssoadmin.PermissionSet))
                .map((resource) => ({ resource, idProperties: ["arn"] })),
        );
        for (const inline of args.resources.filter((resource) => resource.isType(aws.ssoadmin.PermissionSetInlinePolicy))) {
            deferred.run(() => {
                const problems = wildcardPermissionProblems(inline.props.inlinePolicy);
                if (problems.length === 0) {
                    return;
                }
                const sets = permissionSetsOf(inline, permissionSets);
                if (sets.length > 0 && sets.every((set) => allowListed(set, config.allowedPermissionSetNames))) {
                    return;
                }
                const names = sets.map((set) => String(set.props.name)).join(", ") || inline.name;
                reportViolation(`Inline policy of permission set ${names}: ${problems.join(" ")}`, inline.urn);
            });
        }
        deferred.finish();
    },
});
