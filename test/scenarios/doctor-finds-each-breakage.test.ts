import * as assert from "assert";
import { azureAdIdpMetadata } from "../../components/documents/idp-metadata";
import { generateSigningCertificate, SigningCertificate } from "../../offline/program/certificates";
import { StandInRole } from "../support/iam-stand-in";
import { signingKeyCredentials, succeededExecution } from "../doctor/support/deployed-stack";
import {
    DEV_ACCOUNT,
    DeployedWorld,
    findingIds,
    identityCenterUnit,
    useDeployedDevStack,
    useDeployedStack,
} from "../doctor/support/doctor-harness";

// One scenario per finding: the healthy dev-stack deployment (the org stack for Identity Center) with one
// thing broken the way it breaks in real life, and the finding (id, severity, resource) with the exit code it gives.

const NOW = new Date("2027-06-01T12:00:00Z");
const DAY = 86_400_000;
const TENANT = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

interface Scenario {
    readonly name: string;
    /** Breaks the deployment. */
    readonly breakIt: (world: DeployedWorld) => void | Promise<void>;
    /** Finding ids the run must report, exactly (sorted). */
    readonly ids: readonly string[];
    /** Severity of the first id, when it varies. */
    readonly severity?: string;
    readonly exitCode?: number;
    readonly args?: readonly string[];
    /** A pattern the first finding's message must match. */
    readonly message?: RegExp;
}

let spare: SigningCertificate | undefined;
function spareCertificate(): SigningCertificate {
    spare ??= generateSigningCertificate({
        commonName: "Microsoft Azure Federated SSO Certificate portal",
        notBefore: new Date("2027-01-01T00:00:00Z"),
        notAfter: new Date("2031-01-01T00:00:00Z"),
    });
    return spare;
}

const sp = (world: DeployedWorld) => world.sandbox.servicePrincipalObjectId as string;
const account = (world: DeployedWorld) => world.iam.account(DEV_ACCOUNT);
const provider = (world: DeployedWorld) => account(world).samlProviders.get(world.sandbox.samlProviderArn)!;
const relations = (world: DeployedWorld) => world.graph.relationsOf(sp(world))!;
const job = (world: DeployedWorld) => relations(world).synchronizationJobs[0] as Record<string, any>;
const reader = (world: DeployedWorld) => account(world).users.get("AzureADRoleManager")!;
const setReader = (world: DeployedWorld, changes: object) => account(world).addUser({ ...reader(world), ...changes });
const role = (world: DeployedWorld, name: string) => account(world).roles.get(name)!;
const setRole = (world: DeployedWorld, name: string, changes: Partial<StandInRole>) =>
    account(world).addRole({ ...role(world, name), ...changes });
const trust = (world: DeployedWorld, name: string) => JSON.parse(role(world, name).trustPolicy as string);
const withCertificateEnd = (world: DeployedWorld, end: Date, objectId = sp(world)) => {
    const keys = world.graph.servicePrincipal(objectId)!.keyCredentials.map((key) => ({ ...key, endDateTime: end.toISOString() }));
    world.graph.updateServicePrincipal(objectId, { keyCredentials: keys });
};
const addCertificateToServicePrincipal = (world: DeployedWorld, certificate: SigningCertificate, objectId = sp(world)) => {
    const keys = world.graph.servicePrincipal(objectId)!.keyCredentials;
    world.graph.updateServicePrincipal(objectId, {
        keyCredentials: [
            ...keys,
            ...signingKeyCredentials(
                certificate.thumbprint,
                "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a",
                `CN=${certificate.commonName}`,
                certificate.notBefore,
                certificate.notAfter,
            ),
        ],
    });
};
const stackCertificate = (world: DeployedWorld) => world.run.standIns.signingCertificates.get(world.sandbox.signingCertificateThumbprint)!;
const setClaims = (world: DeployedWorld, edit: (schema: Record<string, unknown>[]) => Record<string, unknown>[]) => {
    const policy = relations(world).claimsMappingPolicies[0] as Record<string, any>;
    const definition = JSON.parse(policy.definition[0]);
    definition.ClaimsMappingPolicy.ClaimsSchema = edit(definition.ClaimsMappingPolicy.ClaimsSchema);
    policy.definition = [JSON.stringify(definition)];
};
const sessionDurationClaim = (seconds: number) => (schema: Record<string, unknown>[]) =>
    schema.map((entry) => (String(entry.SamlClaimType).endsWith("SessionDuration") ? { ...entry, Value: String(seconds) } : entry));

const SCENARIOS: readonly Scenario[] = [
    // Signing certificates
    {
        name: "the certificate Azure signs with has ended",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() - DAY)),
        ids: ["signing-certificate-expired"],
        exitCode: 1,
    },
    {
        name: "the certificate ends within 60 days",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() + 50 * DAY)),
        ids: ["signing-certificate-expiring"],
        severity: "notice",
        exitCode: 0,
    },
    {
        name: "the certificate ends within 30 days",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() + 20 * DAY)),
        ids: ["signing-certificate-expiring"],
        severity: "warning",
        exitCode: 0,
    },
    {
        name: "the certificate ends within 7 days",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() + 5 * DAY)),
        ids: ["signing-certificate-expiring"],
        severity: "error",
        exitCode: 1,
    },
    {
        name: "custom thresholds: the certificate ends within 90 days",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() + 80 * DAY)),
        ids: ["signing-certificate-expiring"],
        severity: "notice",
        args: ["--certificate-days", "90,45,10"],
    },
    {
        name: "no preferred key",
        breakIt: (w) => w.graph.setThumbprint(sp(w), null),
        ids: ["preferred-signing-key-missing"],
        exitCode: 1,
        message: /AADSTS50146/,
    },
    {
        name: "the preferred key names a certificate that was deleted",
        breakIt: (w) => w.graph.setThumbprint(sp(w), "0123456789ABCDEF0123456789ABCDEF01234567"),
        ids: ["preferred-signing-key-unknown"],
        exitCode: 1,
    },
    {
        name: "someone activated another key in the portal (AWS trusts it too)",
        breakIt: (w) => {
            addCertificateToServicePrincipal(w, spareCertificate());
            w.graph.setThumbprint(sp(w), spareCertificate().thumbprint);
            account(w).addSamlProvider({
                ...provider(w),
                metadataDocument: azureAdIdpMetadata({
                    tenantId: TENANT,
                    signingCertificates: [stackCertificate(w).base64Der, spareCertificate().base64Der],
                }),
            });
        },
        ids: ["preferred-signing-key-not-stack-certificate"],
        exitCode: 0,
    },
    // Trust anchor
    {
        name: "the SAML provider was deleted",
        breakIt: (w) => void account(w).samlProviders.delete(w.sandbox.samlProviderArn),
        ids: ["saml-provider-missing"],
        exitCode: 1,
    },
    {
        name: "a rotation reached Azure but not the IAM metadata",
        breakIt: (w) => {
            addCertificateToServicePrincipal(w, spareCertificate());
            w.graph.setThumbprint(sp(w), spareCertificate().thumbprint);
        },
        ids: ["preferred-signing-key-not-stack-certificate", "saml-metadata-lacks-active-certificate"],
        exitCode: 1,
    },
    {
        name: "a newer certificate on the service principal that AWS does not trust yet",
        breakIt: (w) => addCertificateToServicePrincipal(w, spareCertificate()),
        ids: ["saml-metadata-lacks-next-certificate"],
        exitCode: 0,
    },
    {
        name: "the metadata names another tenant",
        breakIt: (w) =>
            account(w).addSamlProvider({
                ...provider(w),
                metadataDocument: azureAdIdpMetadata({
                    tenantId: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
                    signingCertificates: [stackCertificate(w).base64Der],
                }),
            }),
        ids: ["saml-metadata-issuer-mismatch"],
        exitCode: 1,
    },
    {
        name: "the provider's ValidUntil has passed",
        breakIt: (w) => account(w).addSamlProvider({ ...provider(w), validUntil: new Date(NOW.getTime() - DAY) }),
        ids: ["saml-provider-expired"],
        exitCode: 1,
    },
    {
        name: "the provider's ValidUntil is close",
        breakIt: (w) => account(w).addSamlProvider({ ...provider(w), validUntil: new Date(NOW.getTime() + 10 * DAY) }),
        ids: ["saml-provider-expiring"],
        exitCode: 0,
    },
    // Claims
    {
        name: "no claims mapping policy is assigned",
        breakIt: (w) => void (relations(w).claimsMappingPolicies = []),
        ids: ["claims-mapping-policy-missing"],
        exitCode: 1,
    },
    {
        name: "the claims send another SessionDuration",
        breakIt: (w) => setClaims(w, sessionDurationClaim(900)),
        ids: ["claims-mapping-policy-drift"],
        severity: "warning",
        exitCode: 0,
        message: /SessionDuration is 900, not 3600/,
    },
    {
        name: "the claims lost the Role claim",
        breakIt: (w) => setClaims(w, (schema) => schema.filter((entry) => !String(entry.SamlClaimType).endsWith("/Role"))),
        ids: ["claims-mapping-policy-drift"],
        severity: "error",
        exitCode: 1,
    },
    {
        name: "RoleSessionName comes from another attribute",
        breakIt: (w) =>
            setClaims(w, (schema) =>
                schema.map((entry) => (String(entry.SamlClaimType).endsWith("RoleSessionName") ? { ...entry, ID: "mail" } : entry)),
            ),
        ids: ["claims-mapping-policy-drift"],
        severity: "warning",
        message: /RoleSessionName comes from mail, not user\.userprincipalname/,
    },
    // Roles
    {
        name: "a role was deleted in the console",
        breakIt: (w) => void account(w).roles.delete("ReadOnly"),
        ids: ["iam-role-missing"],
        exitCode: 1,
        message: /app role "ReadOnly" still offers it/,
    },
    {
        name: "a role no longer trusts the provider",
        breakIt: (w) => {
            const policy = trust(w, "ReadOnly");
            policy.Statement[0].Principal.Federated = `arn:aws:iam::${DEV_ACCOUNT}:saml-provider/Okta`;
            setRole(w, "ReadOnly", { trustPolicy: policy });
        },
        ids: ["role-trust-missing-provider", "role-trust-drift"],
        exitCode: 1,
    },
    {
        name: "a role lost its SAML:aud condition",
        breakIt: (w) => {
            const policy = trust(w, "Developer");
            delete policy.Statement[0].Condition;
            setRole(w, "Developer", { trustPolicy: policy });
        },
        ids: ["role-trust-missing-audience", "role-trust-drift"],
        exitCode: 1,
        message: /no SAML:aud condition/,
    },
    {
        name: "a role trusts another sign-in endpoint",
        breakIt: (w) => {
            const policy = trust(w, "Developer");
            policy.Statement[0].Condition.StringEquals["SAML:aud"] = "https://eu-west-1.signin.aws.amazon.com/saml";
            setRole(w, "Developer", { trustPolicy: policy });
        },
        ids: ["role-trust-missing-audience", "role-trust-drift"],
        exitCode: 1,
        message: /not for SAML:aud https:\/\/signin\.aws\.amazon\.com\/saml/,
    },
    {
        name: "the claim asks for a longer session than a role allows",
        breakIt: (w) => setClaims(w, sessionDurationClaim(7200)),
        ids: ["role-session-shorter-than-claim", "claims-mapping-policy-drift"],
        exitCode: 1,
        message: /MaxSessionDuration is 3600 s, below the SessionDuration claim of 7200 s/,
    },
    {
        name: "a trust policy was edited but still works",
        breakIt: (w) => {
            const policy = trust(w, "ReadOnly");
            policy.Statement[0].Action = ["sts:AssumeRoleWithSAML", "sts:TagSession"];
            setRole(w, "ReadOnly", { trustPolicy: policy });
        },
        ids: ["role-trust-drift"],
        exitCode: 0,
    },
    {
        name: "the same trust with other key order and list forms is not drift",
        breakIt: (w) => {
            const policy = trust(w, "ReadOnly");
            const [statement] = policy.Statement;
            setRole(w, "ReadOnly", {
                trustPolicy: {
                    Statement: [
                        { Condition: statement.Condition, Action: [statement.Action], Principal: statement.Principal, Effect: "Allow" },
                    ],
                    Version: "2012-10-17",
                },
            });
        },
        ids: [],
        exitCode: 0,
    },
    {
        name: "an app role was removed from the application",
        breakIt: (w) =>
            w.graph.updateServicePrincipal(sp(w), {
                appRoles: w.graph.servicePrincipal(sp(w))!.appRoles.filter((appRole) => appRole.displayName !== "ReadOnly"),
            }),
        ids: ["app-role-missing", "assignment-orphaned"],
        exitCode: 1,
    },
    {
        name: "an app role value was edited",
        breakIt: (w) =>
            w.graph.updateServicePrincipal(sp(w), {
                appRoles: w.graph
                    .servicePrincipal(sp(w))!
                    .appRoles.map((appRole) =>
                        appRole.displayName === "Developer" ? { ...appRole, value: `arn:aws:iam::${DEV_ACCOUNT}:role/Developer` } : appRole,
                    ),
            }),
        ids: ["app-role-value-drift"],
        exitCode: 1,
    },
    {
        name: "assignment required was switched off",
        breakIt: (w) => w.graph.updateServicePrincipal(sp(w), { appRoleAssignmentRequired: false }),
        ids: ["app-role-assignment-not-required"],
        exitCode: 1,
    },
    {
        name: "a configured group assignment was removed",
        breakIt: (w) =>
            void (relations(w).appRoleAssignedTo = relations(w).appRoleAssignedTo.filter(
                (assignment) => assignment.principalType !== "Group",
            )),
        ids: ["assignment-missing"],
        exitCode: 0,
    },
    // Role import
    {
        name: "the role import job is gone",
        breakIt: (w) => void (relations(w).synchronizationJobs = []),
        ids: ["role-import-job-missing"],
        exitCode: 1,
    },
    {
        name: "the role import was stopped",
        breakIt: (w) => void (job(w).schedule = { ...job(w).schedule, state: "Disabled" }),
        ids: ["role-import-not-running"],
        exitCode: 1,
    },
    {
        name: "the role import is in quarantine",
        breakIt: (w) => {
            job(w).status = {
                ...job(w).status,
                code: "Quarantine",
                quarantine: {
                    currentBegan: new Date(NOW.getTime() - DAY).toISOString(),
                    nextAttempt: new Date(NOW.getTime() + DAY).toISOString(),
                    reason: "EncounteredBaseEscrowThreshold",
                    seriesBegan: new Date(NOW.getTime() - DAY).toISOString(),
                    seriesCount: 2,
                    error: null,
                },
                lastSuccessfulExecution: succeededExecution(NOW, 2 * DAY),
            };
        },
        ids: ["role-import-quarantined", "role-import-stale"],
        exitCode: 1,
    },
    {
        name: "the role import's key was revoked (quarantine, empty logs)",
        breakIt: (w) => {
            job(w).status = {
                ...job(w).status,
                code: "Quarantine",
                quarantine: {
                    currentBegan: NOW.toISOString(),
                    reason: "EncounteredQuarantineException",
                    error: {
                        code: "InvalidCredentials",
                        message: "The security token included in the request is invalid.",
                        tenantActionable: true,
                    },
                },
            };
        },
        ids: ["role-import-credentials-rejected"],
        exitCode: 1,
    },
    {
        name: "the role import's last run failed",
        breakIt: (w) =>
            void (job(w).status = {
                ...job(w).status,
                lastExecution: {
                    ...succeededExecution(NOW, 60_000),
                    state: "Failed",
                    error: { code: "ServiceUnavailable", message: "The AWS endpoint did not respond.", tenantActionable: false },
                },
            }),
        ids: ["role-import-failed"],
        exitCode: 1,
    },
    {
        name: "no successful cycle in 24 hours",
        breakIt: (w) => void (job(w).status = { ...job(w).status, lastSuccessfulExecution: succeededExecution(NOW, 30 * 3_600_000) }),
        ids: ["role-import-stale"],
        exitCode: 0,
    },
    {
        name: "the reader user was deleted",
        breakIt: (w) => void account(w).users.delete("AzureADRoleManager"),
        ids: ["role-import-reader-missing"],
        exitCode: 1,
    },
    {
        name: "the key the stack gave Azure was deleted and another created",
        breakIt: (w) =>
            setReader(w, {
                accessKeys: [
                    {
                        accessKeyId: "AKIAOTHERKEY00000001",
                        createDate: new Date(NOW.getTime() - 2 * DAY),
                        lastUsed: { date: new Date(NOW.getTime() - DAY), serviceName: "iam", region: "us-east-1" },
                    },
                ],
            }),
        ids: ["role-import-key-missing"],
        exitCode: 1,
    },
    {
        name: "the reader's key is 400 days old",
        breakIt: (w) =>
            setReader(w, { accessKeys: reader(w).accessKeys!.map((key) => ({ ...key, createDate: new Date(NOW.getTime() - 400 * DAY) })) }),
        ids: ["role-import-key-old"],
        exitCode: 0,
    },
    {
        name: "the reader's key was never used",
        breakIt: (w) =>
            setReader(w, {
                accessKeys: reader(w).accessKeys!.map((key) => ({
                    ...key,
                    createDate: new Date(NOW.getTime() - 3 * DAY),
                    lastUsed: undefined,
                })),
            }),
        ids: ["role-import-key-never-used"],
        exitCode: 0,
    },
    {
        name: "a key created an hour ago and not used yet is fine",
        breakIt: (w) =>
            setReader(w, {
                accessKeys: reader(w).accessKeys!.map((key) => ({
                    ...key,
                    createDate: new Date(NOW.getTime() - 3_600_000),
                    lastUsed: undefined,
                })),
            }),
        ids: [],
        exitCode: 0,
    },
    {
        name: "the reader's key has not been used for 120 days",
        breakIt: (w) =>
            setReader(w, {
                accessKeys: reader(w).accessKeys!.map((key) => ({
                    ...key,
                    lastUsed: { date: new Date(NOW.getTime() - 120 * DAY), serviceName: "iam", region: "us-east-1" },
                })),
            }),
        ids: ["role-import-key-unused"],
        exitCode: 0,
    },
    {
        name: "the reader has a second key",
        breakIt: (w) =>
            setReader(w, {
                accessKeys: [
                    ...reader(w).accessKeys!,
                    {
                        accessKeyId: "AKIASECONDKEY0000001",
                        createDate: new Date(NOW.getTime() - DAY),
                        lastUsed: { date: NOW, serviceName: "iam", region: "us-east-1" },
                    },
                ],
            }),
        ids: ["role-import-key-multiple"],
        exitCode: 0,
    },
    // Account hygiene
    {
        name: "the root user has no MFA",
        breakIt: (w) => void (account(w).summary = { ...account(w).summary, AccountMFAEnabled: 0 }),
        ids: ["root-mfa-disabled"],
        exitCode: 1,
    },
    {
        name: "the root user has access keys",
        breakIt: (w) => void (account(w).summary = { ...account(w).summary, AccountAccessKeysPresent: 1 }),
        ids: ["root-access-keys-present"],
        exitCode: 1,
    },
    {
        name: "an IAM user has a console password",
        breakIt: (w) => void account(w).addUser({ name: "alice", loginProfile: { createDate: new Date(NOW.getTime() - 9 * DAY) } }),
        ids: ["iam-user-console-password"],
        exitCode: 0,
    },
    {
        name: "an allow-listed break-glass user may have a console password",
        breakIt: (w) => void account(w).addUser({ name: "break-glass", loginProfile: { createDate: NOW } }),
        ids: [],
        args: ["--break-glass-user", "break-glass"],
    },
    {
        name: "no password policy",
        breakIt: (w) => void (account(w).passwordPolicy = undefined),
        ids: ["password-policy-missing"],
        exitCode: 0,
    },
    {
        name: "a password policy weaker than the pack's",
        breakIt: (w) => void (account(w).passwordPolicy = { MinimumPasswordLength: 8, PasswordReusePrevention: 24, MaxPasswordAge: 90 }),
        ids: ["password-policy-weak"],
        exitCode: 0,
        message: /minimum length 8 < 14/,
    },
    {
        name: "no account alias",
        breakIt: (w) => void (account(w).aliases = []),
        ids: ["account-alias-missing"],
        severity: "notice",
        exitCode: 0,
    },
    // Reachability
    {
        name: "the credentials reach another account",
        breakIt: (w) => {
            w.iam.reset();
            w.iam.addUserCredentials("999988887777", "doctor", "AKIADOCTOR0000000001", "doctor-secret-key-not-a-real-one");
        },
        ids: ["aws-account-mismatch"],
        exitCode: 1,
    },
    {
        name: "the enterprise application was deleted",
        breakIt: (w) => w.graph.deleteServicePrincipal(sp(w)),
        ids: ["service-principal-missing"],
        exitCode: 1,
    },
];

describe("doctor: one scenario per finding", function () {
    this.timeout(60_000);
    const world = useDeployedDevStack(NOW);

    for (const scenario of SCENARIOS) {
        it(`${scenario.name}: ${scenario.ids.join(", ") || "no finding"}`, async () => {
            await scenario.breakIt(world);
            const result = await world.doctor(scenario.args ?? []);
            assert.strictEqual(result.stderr, "");
            assert.deepStrictEqual(
                findingIds(result),
                [...scenario.ids].sort(),
                JSON.stringify(
                    result.report?.accounts.flatMap((a) => a.findings),
                    null,
                    2,
                ),
            );
            const first = result.report!.accounts[0].findings.find((finding) => finding.id === scenario.ids[0]);
            if (scenario.severity) assert.strictEqual(first?.severity, scenario.severity);
            if (scenario.message) assert.match(first?.message ?? "", scenario.message);
            if (first) {
                assert.strictEqual(first.account, "sandbox");
                assert.strictEqual(first.accountId, DEV_ACCOUNT);
                assert.ok(first.resource && first.fix, "every finding names its resource and fix");
            }
            if (scenario.exitCode !== undefined) assert.strictEqual(result.code, scenario.exitCode);
        });
    }
});

// Identity Center, on the org stack (Pulumi.org.yaml: identityCenter only). Every run also reports the notice
// that the AWS side was not read, so each scenario lists it after the finding it is about.
const AWS_SIDE = "identity-center-aws-side-not-checked";
const icSp = (world: DeployedWorld) => world.identityCenter.servicePrincipalObjectId as string;
const icRelations = (world: DeployedWorld) => world.graph.relationsOf(icSp(world))!;
const icJob = (world: DeployedWorld) => icRelations(world).synchronizationJobs[0] as Record<string, any>;
const scimTokenExpiringAt = (date: Date) => (world: DeployedWorld) =>
    world.editOutputs((outputs) => void (outputs.identityCenter.scimTokenExpiresAt = date.toISOString().replace(".000Z", "Z")));

const IDENTITY_CENTER_SCENARIOS: readonly Scenario[] = [
    { name: "a healthy Identity Center deployment", breakIt: () => undefined, ids: [AWS_SIDE], severity: "notice", exitCode: 0 },
    {
        name: "the Identity Center enterprise application was deleted",
        breakIt: (w) => w.graph.deleteServicePrincipal(icSp(w)),
        ids: ["identity-center-app-missing", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "the stack was never deployed with its identityCenter block",
        breakIt: (w) => w.editOutputs((outputs) => void delete outputs.identityCenter),
        ids: ["identity-center-not-in-outputs"],
        exitCode: 1,
    },
    {
        name: "the Identity Center certificate has ended",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() - DAY), icSp(w)),
        ids: ["identity-center-signing-certificate-expired", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "the Identity Center certificate ends within 60 days",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() + 50 * DAY), icSp(w)),
        ids: ["identity-center-signing-certificate-expiring", AWS_SIDE],
        severity: "notice",
        exitCode: 0,
    },
    {
        name: "the Identity Center certificate ends within 30 days",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() + 20 * DAY), icSp(w)),
        ids: ["identity-center-signing-certificate-expiring", AWS_SIDE],
        severity: "warning",
        exitCode: 0,
    },
    {
        name: "the Identity Center certificate ends within 7 days",
        breakIt: (w) => withCertificateEnd(w, new Date(NOW.getTime() + 5 * DAY), icSp(w)),
        ids: ["identity-center-signing-certificate-expiring", AWS_SIDE],
        severity: "error",
        exitCode: 1,
    },
    {
        name: "the Identity Center app has no preferred key",
        breakIt: (w) => w.graph.setThumbprint(icSp(w), null),
        ids: ["identity-center-preferred-signing-key-missing", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "the Identity Center app's preferred key names a deleted certificate",
        breakIt: (w) => w.graph.setThumbprint(icSp(w), "0123456789ABCDEF0123456789ABCDEF01234567"),
        ids: ["identity-center-preferred-signing-key-unknown", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "someone activated another key on the Identity Center app in the portal",
        breakIt: (w) => {
            addCertificateToServicePrincipal(w, spareCertificate(), icSp(w));
            w.graph.setThumbprint(icSp(w), spareCertificate().thumbprint);
        },
        ids: ["identity-center-preferred-signing-key-not-stack-certificate", AWS_SIDE],
        exitCode: 1,
        message: /Identity Center rejects every sign-in/,
    },
    {
        name: "the SCIM token has expired (and a renewed one in the config is not deployed yet)",
        breakIt: scimTokenExpiringAt(new Date(NOW.getTime() - DAY)),
        ids: ["identity-center-scim-token-expired", AWS_SIDE],
        exitCode: 1,
        message: /expired on 2027-05-31T12:00:00Z: provisioning stops/,
    },
    {
        name: "the SCIM token expires within 30 days",
        breakIt: scimTokenExpiringAt(new Date(NOW.getTime() + 20 * DAY)),
        ids: ["identity-center-scim-token-expiring", AWS_SIDE],
        severity: "warning",
        exitCode: 0,
        message: /in 20 day\(s\)/,
    },
    {
        name: "the recorded SCIM token expiry is further away than a token lasts",
        breakIt: scimTokenExpiringAt(new Date(NOW.getTime() + 400 * DAY)),
        ids: ["identity-center-scim-token-expiry-implausible", AWS_SIDE],
        exitCode: 0,
    },
    {
        name: "the SCIM provisioning job was deleted",
        breakIt: (w) => void (icRelations(w).synchronizationJobs = []),
        ids: ["identity-center-provisioning-job-missing", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "provisioning was recreated in the portal (another job id, the same template) and runs",
        breakIt: (w) => void (icJob(w).id = `aWSSingleSignon.0f0e0d0c0b0a49088f7e6d5c4b3a2918.${TENANT}`),
        ids: [AWS_SIDE],
        exitCode: 0,
    },
    {
        name: "provisioning was stopped",
        breakIt: (w) => {
            icJob(w).schedule = { ...icJob(w).schedule, state: "Disabled" };
            icJob(w).status = { ...icJob(w).status, code: "Paused" };
        },
        ids: ["identity-center-provisioning-not-running", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "provisioning is in quarantine",
        breakIt: (w) =>
            void (icJob(w).status = {
                ...icJob(w).status,
                code: "Quarantine",
                quarantine: { currentBegan: NOW.toISOString(), reason: "EncounteredBaseEscrowThreshold", error: null },
            }),
        ids: ["identity-center-provisioning-quarantined", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "Identity Center rejects the SCIM token (revoked there)",
        breakIt: (w) =>
            void (icJob(w).status = {
                ...icJob(w).status,
                code: "Quarantine",
                quarantine: {
                    currentBegan: NOW.toISOString(),
                    reason: "EncounteredQuarantineException",
                    error: {
                        code: "SystemForCrossDomainIdentityManagementCredentialValidationUnauthorized",
                        message: "The SCIM endpoint answered 401 Unauthorized.",
                        tenantActionable: true,
                    },
                },
            }),
        ids: ["identity-center-provisioning-token-rejected", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "the last provisioning run failed",
        breakIt: (w) =>
            void (icJob(w).status = {
                ...icJob(w).status,
                lastExecution: {
                    ...succeededExecution(NOW, 60_000),
                    state: "Failed",
                    error: {
                        code: "SystemForCrossDomainIdentityManagementServiceIncompatible",
                        message: "HTTP 500",
                        tenantActionable: false,
                    },
                },
            }),
        ids: ["identity-center-provisioning-failed", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "no successful provisioning cycle in 24 hours",
        breakIt: (w) => void (icJob(w).status = { ...icJob(w).status, lastSuccessfulExecution: succeededExecution(NOW, 30 * 3_600_000) }),
        ids: ["identity-center-provisioning-stale", AWS_SIDE],
        exitCode: 0,
    },
    {
        name: "assignment required was turned off on the Identity Center app",
        breakIt: (w) => w.graph.updateServicePrincipal(icSp(w), { appRoleAssignmentRequired: false }),
        ids: ["identity-center-assignment-not-required", AWS_SIDE],
        exitCode: 1,
    },
    {
        name: "a configured group was unassigned from the Identity Center app",
        breakIt: (w) =>
            void (icRelations(w).appRoleAssignedTo = icRelations(w).appRoleAssignedTo.filter(
                (assignment) => assignment.principalId !== w.identityCenter.groups["aws-developers"].objectId,
            )),
        ids: ["identity-center-group-not-assigned", AWS_SIDE],
        exitCode: 1,
        message: /group aws-developers/,
    },
];

describe("doctor: one scenario per Identity Center finding (org stack)", function () {
    this.timeout(60_000);
    const world = useDeployedStack("org", NOW);

    for (const scenario of IDENTITY_CENTER_SCENARIOS) {
        it(`${scenario.name}: ${scenario.ids.join(", ")}`, async () => {
            await scenario.breakIt(world);
            const result = await world.doctor(scenario.args ?? []);
            assert.strictEqual(result.stderr, "");
            const unit = identityCenterUnit(result);
            assert.deepStrictEqual(findingIds(result), [...scenario.ids].sort(), JSON.stringify(unit?.findings, null, 2));
            assert.deepStrictEqual(
                result.report!.accounts.map((entry) => [entry.kind, entry.account, entry.accountId]),
                [["identity-center", "identity-center", "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6"]],
                "the org stack reports one unit, Identity Center, under its instance ARN",
            );
            const first = unit!.findings.find((finding) => finding.id === scenario.ids[0])!;
            assert.ok(first.resource && first.fix, "every finding names its resource and fix");
            if (scenario.severity) assert.strictEqual(first.severity, scenario.severity);
            if (scenario.message) assert.match(first.message, scenario.message);
            if (scenario.exitCode !== undefined) assert.strictEqual(result.code, scenario.exitCode);
        });
    }
});
