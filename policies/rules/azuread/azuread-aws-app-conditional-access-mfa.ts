import * as azuread from "@pulumi/azuread";
import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../../framework/policy-definition";
import { DeferredUnknowns, readKnown } from "../../framework/unknown-values";
import { forEachAwsApp } from "../../model/aws-apps";
import { AwsApp, FederationTopology } from "../../model/federation-topology";
import { dependsThrough, stringsIn } from "../../model/resource-links";

export const conditionalAccessMfaPolicy = defineStackPolicy({
    name: "azuread-aws-app-conditional-access-mfa",
    description: "An enabled Conditional Access policy requires MFA for every AWS app.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
        'Add an azuread.ConditionalAccessPolicy with state "enabled", conditions.applications.includedApplications listing the AWS apps\' client ids (or "All") and all users, and grantControls.builtInControls ["mfa"] (or an authentication strength). Conditional Access needs Entra ID P1; if the tenant enforces MFA elsewhere, exempt this policy.',
    config: {
        requireAllUsers: {
            type: "boolean",
            description: 'Require the policy to include "All" users rather than a subset.',
            default: true,
        },
    },
    validateStack: (args, reportViolation, config) => {
        const topology = new FederationTopology(args.resources);
        const deferred = new DeferredUnknowns();
        const policies = topology.ofType(azuread.ConditionalAccessPolicy);
        forEachAwsApp(topology, deferred, (app) => {
            let undetermined: Error | undefined;
            for (const policy of policies) {
                const covers = readKnown(() => conditionalAccessRequiresMfaFor(policy, app, config.requireAllUsers));
                if (covers.known && covers.value) {
                    return;
                }
                if (!covers.known) {
                    undetermined ??= covers.error;
                }
            }
            if (undetermined !== undefined) {
                throw undetermined;
            }
            const where = app.servicePrincipals[0] ?? app.application;
            reportViolation(
                `No enabled Conditional Access policy of this stack requires MFA for AWS app ${app.application.name}.`,
                where.urn,
            );
        });
        deferred.finish();
    },
});

function conditionalAccessRequiresMfaFor(policy: PolicyResource, app: AwsApp, requireAllUsers: boolean): boolean {
    if (policy.props.state !== "enabled") {
        return false;
    }
    const grant = asRecord(policy.props.grantControls);
    const controls = stringsIn(grant?.builtInControls).map((control) => control.toLowerCase());
    const strength = grant?.authenticationStrengthPolicyId;
    const mfaAlone = controls.includes("mfa") && (controls.length === 1 || String(grant?.operator).toUpperCase() === "AND");
    if (!mfaAlone && !(typeof strength === "string" && strength.length > 0)) {
        return false;
    }
    const conditions = asRecord(policy.props.conditions);
    const users = asRecord(conditions?.users);
    if (requireAllUsers && !stringsIn(users?.includedUsers).some((user) => user.toLowerCase() === "all")) {
        return false;
    }
    const applications = asRecord(conditions?.applications);
    const included = stringsIn(applications?.includedApplications);
    const excluded = stringsIn(applications?.excludedApplications);
    const appIds = appClientIds(app);
    if (excluded.some((id) => appIds.includes(id.toLowerCase()))) {
        return false;
    }
    if (included.some((id) => id.toLowerCase() === "all" || appIds.includes(id.toLowerCase()))) {
        return true;
    }
    // Client ids not known yet: the engine still records that the policy's conditions came from the app.
    return (
        appIds.length === 0 &&
        [app.application, ...app.servicePrincipals].some((resource) => dependsThrough(policy, "conditions", resource))
    );
}

function appClientIds(app: AwsApp): string[] {
    return [app.application, ...app.servicePrincipals].flatMap((resource) => {
        const clientId = readKnown(() => resource.props.clientId);
        return clientId.known && typeof clientId.value === "string" ? [clientId.value.toLowerCase()] : [];
    });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
