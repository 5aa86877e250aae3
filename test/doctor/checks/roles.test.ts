import * as assert from "assert";
import { appRoleValue } from "../../../components/documents/app-role-value";
import { awsClaimsMappingPolicy } from "../../../components/documents/claims-mapping-policy";
import { checkRoles, normalisedPolicy } from "../../../doctor/checks/roles";
import { AccountSnapshot } from "../../../doctor/live-snapshot";
import { GraphServicePrincipal } from "../../../live/graph-reader";
import {
    ACCOUNT_ID,
    checkContext,
    DEVELOPER_APP_ROLE_ID,
    DEVELOPER_ARN,
    expectedAccount,
    failedReading,
    healthyRole,
    healthyServicePrincipal,
    healthySnapshot,
    ok,
    PROVIDER_ARN,
    REPLY_URL,
    SERVICE_PRINCIPAL_ID,
} from "../support/healthy-account";

function ids(snapshot: AccountSnapshot): string[] {
    return checkRoles(expectedAccount(), snapshot, checkContext())
        .map((finding) => finding.id)
        .sort();
}

/** The Developer role with its trust statement edited. */
function developerTrust(edit: (statement: Record<string, any>) => void): AccountSnapshot {
    const role = healthyRole();
    const policy = structuredClone(role.trustPolicy) as { Statement: Record<string, any>[] };
    edit(policy.Statement[0]);
    return healthySnapshot({ roles: { Developer: ok(healthyRole({ trustPolicy: policy, trustPolicyText: JSON.stringify(policy) })) } });
}

function servicePrincipal(changes: Partial<GraphServicePrincipal>): AccountSnapshot {
    return healthySnapshot({ servicePrincipal: ok({ ...healthyServicePrincipal(), ...changes }) });
}

describe("doctor/checks/roles (checkRoles)", () => {
    it("policies equal to IAM compare equal: key order, one-element lists, string list order", () => {
        const a = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["sts:TagSession", "sts:AssumeRoleWithSAML"], Principal: { Federated: "p" } }],
        };
        const b = {
            Statement: { Principal: { Federated: ["p"] }, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"], Effect: "Allow" },
            Version: "2012-10-17",
        };
        assert.deepStrictEqual(normalisedPolicy(a), normalisedPolicy(b));
        assert.notDeepStrictEqual(normalisedPolicy(a), normalisedPolicy({ ...b, Statement: { ...b.Statement, Effect: "Deny" } }));
    });

    it("a configured role that is gone is an error naming the app role that still offers it; an unread one is skipped", () => {
        const findings = checkRoles(expectedAccount(), healthySnapshot({ roles: { Developer: ok(undefined) } }), checkContext());
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.resource]),
            [["iam-role-missing", DEVELOPER_ARN]],
        );
        assert.match(findings[0].message, /The configured role Developer no longer exists, but app role "Developer" still offers it/);
        const denied = failedReading("access-denied", "iam", "iam:GetRole", "iam:GetRole", "the role", DEVELOPER_ARN);
        assert.deepStrictEqual(ids(healthySnapshot({ roles: { Developer: denied } })), []);
    });

    it("a role an app role names but the config does not is checked too, with a fix that is not pulumi up", () => {
        const operatorArn = `arn:aws:iam::${ACCOUNT_ID}:role/Operator`;
        const sp = healthyServicePrincipal();
        const snapshot = healthySnapshot({
            servicePrincipal: ok({
                ...sp,
                appRoles: [
                    ...sp.appRoles,
                    {
                        id: "0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c5b",
                        value: appRoleValue(operatorArn, PROVIDER_ARN),
                        displayName: "Operator,AzureAD",
                        description: null,
                        isEnabled: true,
                        allowedMemberTypes: ["User"],
                        origin: "ServicePrincipal",
                    },
                ],
            }),
            roles: { Developer: ok(healthyRole()), Operator: ok(undefined) },
        });
        const findings = checkRoles(expectedAccount(), snapshot, checkContext());
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.resource]),
            [["iam-role-missing", operatorArn]],
        );
        assert.match(findings[0].message, /^The role Operator no longer exists/);
        assert.match(findings[0].fix, /remove the app role/);
    });

    it("trust evaluated as IAM does: another provider, another audience, or no audience condition at all", () => {
        assert.deepStrictEqual(
            ids(developerTrust((statement) => (statement.Principal.Federated = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/Okta`))),
            ["role-trust-drift", "role-trust-missing-provider"],
        );
        assert.deepStrictEqual(
            ids(
                developerTrust(
                    (statement) => (statement.Condition.StringEquals["SAML:aud"] = "https://eu-west-1.signin.aws.amazon.com/saml"),
                ),
            ),
            ["role-trust-drift", "role-trust-missing-audience"],
        );
        const open = checkRoles(
            expectedAccount(),
            developerTrust((statement) => delete statement.Condition),
            checkContext(),
        );
        assert.match(open.find((finding) => finding.id === "role-trust-missing-audience")!.message, /no SAML:aud condition/);
        assert.deepStrictEqual(ids(developerTrust((statement) => (statement.Effect = "Deny"))), [
            "role-trust-drift",
            "role-trust-missing-provider",
        ]);
    });

    it("a trust that still admits exactly the reply URL but is written differently is drift only", () => {
        const edited = developerTrust((statement) => {
            statement.Action = ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity"];
        });
        assert.deepStrictEqual(ids(edited), ["role-trust-drift"]);
        const reordered = developerTrust((statement) => {
            statement.Action = [statement.Action];
            statement.Condition = { StringEquals: { "SAML:aud": [REPLY_URL] } };
        });
        assert.deepStrictEqual(ids(reordered), []);
    });

    it("a session claim longer than the role allows is an error, from the live claim rather than the config", () => {
        const definition = awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 7200 });
        const findings = checkRoles(
            expectedAccount(),
            healthySnapshot({ claimsMappingPolicies: ok([{ id: "p", displayName: "p", definition: [definition] }]) }),
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => finding.id),
            ["role-session-shorter-than-claim"],
        );
        assert.match(findings[0].message, /MaxSessionDuration is 3600 s, below the SessionDuration claim of 7200 s/);
        assert.deepStrictEqual(ids(healthySnapshot({ roles: { Developer: ok(healthyRole({ maxSessionDuration: 900 })) } })), [
            "role-session-shorter-than-claim",
        ]);
    });

    it("the service principal's side: assignment required, app roles gone, disabled or with another value", () => {
        assert.deepStrictEqual(ids(servicePrincipal({ appRoleAssignmentRequired: false })), ["app-role-assignment-not-required"]);
        const [developer] = healthyServicePrincipal().appRoles;
        assert.deepStrictEqual(ids(servicePrincipal({ appRoles: [{ ...developer, isEnabled: false }] })), ["app-role-missing"]);
        assert.deepStrictEqual(ids(servicePrincipal({ appRoles: [] })), ["app-role-missing", "assignment-orphaned"]);
        const drifted = checkRoles(
            expectedAccount(),
            servicePrincipal({ appRoles: [{ ...developer, value: DEVELOPER_ARN }] }),
            checkContext(),
        );
        assert.deepStrictEqual(
            drifted.map((finding) => finding.id),
            ["app-role-value-drift"],
        );
        assert.match(drifted[0].message, new RegExp(`sends "${DEVELOPER_ARN}", not "${DEVELOPER_ARN},${PROVIDER_ARN}"`));
    });

    it("assignments: a configured group without one warns, one to a vanished app role is orphaned, default access is not", () => {
        assert.deepStrictEqual(ids(healthySnapshot({ appRoleAssignedTo: ok([]) })), ["assignment-missing"]);
        const assignment = (id: string, appRoleId: string) => ({
            id,
            appRoleId,
            principalId: "4f1b6c2e-9a3d-4e5f-8b7c-6d5e4f3a2b1c",
            principalType: "User",
            principalDisplayName: "B.Simon",
            resourceId: SERVICE_PRINCIPAL_ID,
        });
        const healthy = healthySnapshot();
        const assignments = healthy.appRoleAssignedTo?.ok ? healthy.appRoleAssignedTo.value : [];
        const findings = checkRoles(
            expectedAccount(),
            healthySnapshot({
                appRoleAssignedTo: ok([
                    ...assignments,
                    assignment("orphan", "11111111-2222-4333-8444-555555555555"),
                    assignment("default", "00000000-0000-0000-0000-000000000000"),
                    assignment("developer", DEVELOPER_APP_ROLE_ID),
                ]),
            }),
            checkContext(),
        );
        assert.deepStrictEqual(
            findings.map((finding) => [finding.id, finding.resource]),
            [["assignment-orphaned", "appRoleAssignment orphan"]],
        );
        assert.match(findings[0].message, /^User B\.Simon is assigned to app role 11111111-/);
    });
});
