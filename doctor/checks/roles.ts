import { parseAppRoleValue } from "../../components/documents/app-role-value";
import { parseIamArn } from "../../components/documents/iam-arns";
import { evaluateTrustPolicy } from "../../offline/sign-in/iam-trust-policy-evaluation";
import { LiveRole } from "../../live/aws-account-reader";
import { Finding } from "../findings";
import { AccountCheck, finding, valueOf, wasRead } from "./check-context";
import { liveSessionDuration } from "./claims";

const SAML_ACTION = "sts:AssumeRoleWithSAML";
/** An audience no AWS sign-in endpoint has: a trust that accepts it checks no SAML:aud. */
const FOREIGN_AUDIENCE = "https://doctor.invalid/not-an-aws-sign-in-endpoint";
const DEFAULT_ACCESS_APP_ROLE = "00000000-0000-0000-0000-000000000000";

/** Key order and one-element lists do not matter to IAM; this form compares equal when IAM would. */
export function normalisedPolicy(value: unknown): unknown {
    if (Array.isArray(value)) {
        const items = value.map(normalisedPolicy);
        if (items.length === 1) return items[0];
        return items.every((item) => typeof item === "string") ? [...(items as string[])].sort() : items;
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, normalisedPolicy((value as Record<string, unknown>)[key])]),
        );
    }
    return value;
}

function namesFederatedPrincipal(policy: unknown, providerArn: string): boolean {
    const statements = (policy as { Statement?: unknown })?.Statement;
    return (Array.isArray(statements) ? statements : [statements]).some((statement) => {
        const entry = statement as { Effect?: unknown; Principal?: { Federated?: unknown } } | undefined;
        const federated = entry?.Principal?.Federated;
        return entry?.Effect === "Allow" && (federated === providerArn || (Array.isArray(federated) && federated.includes(providerArn)));
    });
}

/** Whether the trust lets the provider's assertions for `audience` in, evaluated as IAM does. */
function trustAllows(role: LiveRole, providerArn: string, audience: string): boolean | undefined {
    // An unparsable document goes in as text, so the evaluation reports it as malformed (a denial).
    const policy = typeof role.trustPolicy === "object" && role.trustPolicy !== null ? role.trustPolicy : (role.trustPolicyText ?? "");
    const decision = evaluateTrustPolicy(policy, {
        federatedPrincipal: providerArn,
        action: SAML_ACTION,
        context: { "SAML:aud": audience },
    });
    return decision.effect === "allow" ? true : decision.effect === "undecidable" ? undefined : false;
}

/** The IAM roles behind the app roles, their trust and session length; the app roles and who is assigned to them. */
export const checkRoles: AccountCheck = (expected, snapshot) => {
    const findings: Finding[] = [];
    const sp = valueOf(snapshot.servicePrincipal);
    const sessionDuration = liveSessionDuration(valueOf(snapshot.claimsMappingPolicies), expected.sessionDuration);
    const appRolesByTarget = new Map<string, { readonly displayName: string; readonly providerArn: string }>();
    for (const appRole of sp?.appRoles ?? []) {
        const parts = appRole.value ? parseAppRoleValue(appRole.value) : undefined;
        const arn = parts && parseIamArn(parts.roleArn);
        if (parts && arn && arn.accountId === expected.accountId)
            appRolesByTarget.set(arn.name, { displayName: appRole.displayName ?? appRole.value ?? "", providerArn: parts.samlProviderArn });
    }

    for (const [name, reading] of Object.entries(snapshot.roles)) {
        if (!reading.ok) continue;
        const configured = expected.roles.find((role) => role.name === name);
        const appRole = appRolesByTarget.get(name);
        const arn = configured?.arn ?? `arn:aws:iam::${expected.accountId}:role/${name}`;
        const role = reading.value;
        if (!role) {
            findings.push(
                finding(
                    expected,
                    "iam-role-missing",
                    "error",
                    arn,
                    `${configured ? `The configured role ${name}` : `The role ${name}`} no longer exists${appRole ? `, but app role "${appRole.displayName}" still offers it: users who pick it get "Not authorized to perform sts:AssumeRoleWithSAML"` : ""}.`,
                    configured
                        ? "Run `pulumi up` to recreate it."
                        : "Recreate the role, or remove the app role from the application (the role import removes it on its next cycle when provisioning is on).",
                ),
            );
            continue;
        }
        const providerArn = appRole?.providerArn ?? expected.samlProviderArn;
        const allowsExpected = trustAllows(role, providerArn, expected.replyUrl);
        const allowsForeign = trustAllows(role, providerArn, FOREIGN_AUDIENCE);
        if (allowsExpected === false && !namesFederatedPrincipal(role.trustPolicy, providerArn)) {
            findings.push(
                finding(
                    expected,
                    "role-trust-missing-provider",
                    "error",
                    role.arn,
                    `The role no longer allows ${SAML_ACTION} from ${providerArn}: sign-in to it fails.`,
                    configured
                        ? "Run `pulumi up` to restore the trust policy."
                        : `Add a statement allowing ${SAML_ACTION} from ${providerArn} with SAML:aud ${expected.replyUrl}.`,
                ),
            );
        } else if (allowsExpected === false) {
            findings.push(
                finding(
                    expected,
                    "role-trust-missing-audience",
                    "error",
                    role.arn,
                    `The role trusts ${providerArn} but not for SAML:aud ${expected.replyUrl} (the account's reply URL): sign-in to it fails.`,
                    configured
                        ? "Run `pulumi up` to restore the trust policy."
                        : `Set the condition StringEquals SAML:aud to ${expected.replyUrl}.`,
                ),
            );
        } else if (allowsForeign === true) {
            findings.push(
                finding(
                    expected,
                    "role-trust-missing-audience",
                    "error",
                    role.arn,
                    `The role's trust of ${providerArn} has no SAML:aud condition: it accepts assertions addressed to any endpoint.`,
                    configured
                        ? "Run `pulumi up` to restore the trust policy."
                        : `Add the condition StringEquals SAML:aud ${expected.replyUrl}.`,
                ),
            );
        }
        if (role.maxSessionDuration < sessionDuration) {
            findings.push(
                finding(
                    expected,
                    "role-session-shorter-than-claim",
                    "error",
                    role.arn,
                    `The role's MaxSessionDuration is ${role.maxSessionDuration} s, below the SessionDuration claim of ${sessionDuration} s: STS refuses the session ("The requested DurationSeconds exceeds the MaxSessionDuration set for this role").`,
                    configured
                        ? `Run \`pulumi up\` (the program sets ${configured.maxSessionDuration} s), or lower \`sessionDuration\`.`
                        : `Raise the role's MaxSessionDuration to at least ${sessionDuration}.`,
                ),
            );
        }
        if (configured && JSON.stringify(normalisedPolicy(role.trustPolicy)) !== JSON.stringify(normalisedPolicy(configured.trustPolicy))) {
            findings.push(
                finding(
                    expected,
                    "role-trust-drift",
                    "warning",
                    role.arn,
                    `The trust policy differs from the program's: live ${role.trustPolicyText ?? "(none)"}, expected ${JSON.stringify(configured.trustPolicy)}.`,
                    "Run `pulumi up` to restore it, or `pulumi refresh` to see the change in the state first.",
                ),
            );
        }
    }

    if (!sp) return findings;
    const spResource = `servicePrincipal ${sp.id} (${sp.displayName})`;
    if (!sp.appRoleAssignmentRequired) {
        findings.push(
            finding(
                expected,
                "app-role-assignment-not-required",
                "error",
                spResource,
                "Assignment required is off: every user of the tenant can start a sign-in to this AWS account, not only the assigned groups and users.",
                "Run `pulumi up` (the program sets appRoleAssignmentRequired), or turn on Properties > Assignment required in the portal.",
            ),
        );
    }
    const appRoles = new Map(sp.appRoles.map((role) => [role.id, role]));
    for (const role of expected.roles) {
        const live = appRoles.get(role.appRoleId);
        if (!live || !live.isEnabled) {
            findings.push(
                finding(
                    expected,
                    "app-role-missing",
                    "error",
                    `appRole ${role.appRoleId} (${role.name})`,
                    `The app role for ${role.name} is ${live ? "disabled" : "gone from the service principal"}: nobody can be given the role.`,
                    "Run `pulumi up` to publish it again.",
                ),
            );
        } else if (live.value !== role.appRoleValue) {
            findings.push(
                finding(
                    expected,
                    "app-role-value-drift",
                    "error",
                    `appRole ${role.appRoleId} (${role.name})`,
                    `The app role for ${role.name} sends "${live.value}", not "${role.appRoleValue}".`,
                    "Run `pulumi up` to restore the value.",
                ),
            );
        }
    }
    if (wasRead(snapshot.appRoleAssignedTo)) {
        const assignments = snapshot.appRoleAssignedTo.value;
        for (const role of expected.roles) {
            for (const group of role.assignedGroups) {
                if (!assignments.some((assignment) => assignment.principalId === group && assignment.appRoleId === role.appRoleId)) {
                    findings.push(
                        finding(
                            expected,
                            "assignment-missing",
                            "warning",
                            `group ${group}`,
                            `The config assigns group ${group} to ${role.name}, but it holds no assignment to that app role.`,
                            "Run `pulumi up` to assign it again.",
                        ),
                    );
                }
            }
        }
        for (const assignment of assignments) {
            if (assignment.appRoleId !== DEFAULT_ACCESS_APP_ROLE && !appRoles.has(assignment.appRoleId)) {
                findings.push(
                    finding(
                        expected,
                        "assignment-orphaned",
                        "warning",
                        `appRoleAssignment ${assignment.id}`,
                        `${assignment.principalType} ${assignment.principalDisplayName ?? assignment.principalId} is assigned to app role ${assignment.appRoleId}, which the service principal no longer has.`,
                        "Remove the assignment (Users and groups in the portal), or publish the app role again.",
                    ),
                );
            }
        }
    }
    return findings;
};
