import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { identityCenterServicePrincipals } from "../../model/identity-center-apps";
import { dependenciesOf, dependsThrough, stringsIn } from "../../model/resource-links";

export const groupCoveragePolicy = defineStackPolicy({
    name: "federation-identity-center-group-coverage",
    description:
        "Every group assigned to the Identity Center app gets a permission set, and every account assignment is for a group this stack provisions.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Give each group in identityCenter.groups at least one permission set assignment, or remove it from the list; assign permission sets only to groups in identityCenter.groups, so SCIM provisions them before the assignment needs them.",
    config: {},
    validateStack: (args, reportViolation) => {
        const { servicePrincipals, deferred } = identityCenterServicePrincipals(args.resources);
        if (servicePrincipals.length === 0) {
            deferred.finish();
            return;
        }
        const ofServicePrincipal = (resource: PolicyResource, property: string) =>
            servicePrincipals.some((sp) => dependsThrough(resource, property, sp));
        const provisions = args.resources.filter(
            (resource) =>
                resource.isType(azuread.SynchronizationJobProvisionOnDemand) && ofServicePrincipal(resource, "servicePrincipalId"),
        );
        const assignedGroups = args.resources.filter(
            (resource) => resource.isType(azuread.AppRoleAssignment) && ofServicePrincipal(resource, "resourceObjectId"),
        );
        const accountAssignments = args.resources.filter((resource) => resource.isType(aws.ssoadmin.AccountAssignment));
        const subjectsOf = (provision: PolicyResource): string[] => {
            const parameters = (provision.props.parameters ?? []) as { subjects?: { objectId?: unknown }[] }[];
            return parameters
                .flatMap((parameter) => (parameter.subjects ?? []).flatMap((subject) => stringsIn(subject.objectId)))
                .map((id) => id.toLowerCase());
        };
        // Group object ids whose Identity Store id feeds an account assignment, through the provisioning it waited for.
        const grantedGroups = new Set<string>();
        for (const assignment of accountAssignments) {
            deferred.run(() => {
                const through = dependenciesOf(assignment, "principalId").filter((dependency) => provisions.includes(dependency));
                if (through.length === 0) {
                    reportViolation(
                        `Account assignment ${assignment.name} is for principal ${JSON.stringify(assignment.props.principalId)}, which no group provisioned by this stack's Identity Center app supplies.`,
                        assignment.urn,
                    );
                }
                through.flatMap(subjectsOf).forEach((objectId) => grantedGroups.add(objectId));
            });
        }
        for (const assignment of assignedGroups) {
            deferred.run(() => {
                const objectId: unknown = assignment.props.principalObjectId;
                if (typeof objectId === "string" && !grantedGroups.has(objectId.toLowerCase())) {
                    reportViolation(
                        `Group ${objectId} is assigned to the Identity Center app (${assignment.name}) but to no permission set: its members are provisioned and can sign in to the portal, but get no account.`,
                        assignment.urn,
                    );
                }
            });
        }
        deferred.finish();
    },
});
