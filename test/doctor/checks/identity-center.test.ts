import * as assert from "assert";
import {
    checkIdentityCenterApp,
    checkIdentityCenterAwsSide,
    checkIdentityCenterProvisioning,
    checkIdentityCenterReads,
    checkIdentityCenterSigningCertificates,
    checkScimToken,
} from "../../../doctor/checks/identity-center";
import { ExpectedIdentityCenter } from "../../../doctor/expected-deployment";
import { IdentityCenterSnapshot } from "../../../doctor/live-snapshot";
import { GraphServicePrincipal, GraphSynchronizationJob } from "../../../live/graph-reader";
import { generateSigningCertificate } from "../../../offline/program/certificates";
import { activeCertificate, checkContext, failedReading, keyCredentialsOf, ok } from "../support/healthy-account";
import {
    DAY,
    DEVELOPERS_GROUP,
    expectedIdentityCenter,
    healthyIdentityCenterServicePrincipal,
    healthyIdentityCenterSnapshot,
    healthyProvisioningJob,
    IC_JOB_ID,
    IC_SERVICE_PRINCIPAL_ID,
    INSTANCE_ARN,
    NOW,
} from "../support/healthy-identity-center";

type Check = typeof checkIdentityCenterApp;

function ids(check: Check, snapshot: IdentityCenterSnapshot, expected: ExpectedIdentityCenter = expectedIdentityCenter()): string[] {
    return check(expected, snapshot, checkContext()).map((finding) => `${finding.id}:${finding.severity}`);
}

const withSp = (changes: Partial<GraphServicePrincipal>) =>
    healthyIdentityCenterSnapshot({ servicePrincipal: ok(healthyIdentityCenterServicePrincipal(changes)) });
const withJob = (job: GraphSynchronizationJob) => healthyIdentityCenterSnapshot({ synchronizationJobs: ok([job]) });
const deniedSp = failedReading(
    "access-denied",
    "graph",
    "GET /v1.0/servicePrincipals/{id}",
    "Application.Read.All",
    "the Identity Center app's signing keys and assignment setting",
    `servicePrincipal ${IC_SERVICE_PRINCIPAL_ID}`,
);

describe("doctor/checks/identity-center", () => {
    it("a healthy Identity Center app gives no finding but the AWS-side notice", () => {
        for (const check of [
            checkIdentityCenterReads,
            checkIdentityCenterApp,
            checkIdentityCenterSigningCertificates,
            checkScimToken,
            checkIdentityCenterProvisioning,
        ])
            assert.deepStrictEqual(check(expectedIdentityCenter(), healthyIdentityCenterSnapshot(), checkContext()), [], check.name);
    });

    describe("checkIdentityCenterAwsSide", () => {
        it("always says the AWS side was not read, as a notice of the Identity Center unit, with the sso-admin commands to run", () => {
            const [notice, ...rest] = checkIdentityCenterAwsSide(expectedIdentityCenter(), { servicePrincipal: deniedSp }, checkContext());
            assert.deepStrictEqual(rest, []);
            assert.deepStrictEqual(
                [notice.id, notice.severity, notice.account, notice.accountId, notice.resource],
                ["identity-center-aws-side-not-checked", "notice", "identity-center", INSTANCE_ARN, INSTANCE_ARN],
            );
            assert.match(notice.message, /no permission set, account assignment/);
            assert.ok(
                notice.fix.includes(
                    `aws sso-admin list-account-assignments --instance-arn ${INSTANCE_ARN} --account-id 123456789012 --permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-4ef77360866d6cc3 --region eu-west-1`,
                ),
                notice.fix,
            );
            const bare = checkIdentityCenterAwsSide(
                expectedIdentityCenter({ sampleAssignment: undefined }),
                healthyIdentityCenterSnapshot(),
                checkContext(),
            );
            assert.match(bare[0].fix, /--account-id <account id> --permission-set-arn <permission set ARN>/);
        });
    });

    describe("checkIdentityCenterReads", () => {
        it("each failed read is a could-not-check finding under the Identity Center unit", () => {
            const findings = checkIdentityCenterReads(expectedIdentityCenter(), { servicePrincipal: deniedSp }, checkContext());
            assert.deepStrictEqual(
                findings.map((finding) => [finding.id, finding.account, finding.accountId, finding.resource]),
                [["could-not-check-access-denied", "identity-center", INSTANCE_ARN, `servicePrincipal ${IC_SERVICE_PRINCIPAL_ID}`]],
            );
            assert.match(findings[0].fix, /Application\.Read\.All/);
        });
    });

    describe("checkIdentityCenterApp", () => {
        it("a deleted app is one error; a read that failed says nothing here", () => {
            assert.deepStrictEqual(ids(checkIdentityCenterApp, { servicePrincipal: ok(undefined) }), ["identity-center-app-missing:error"]);
            assert.deepStrictEqual(ids(checkIdentityCenterApp, { servicePrincipal: deniedSp }), []);
        });

        it("assignment required off is an error", () => {
            assert.deepStrictEqual(ids(checkIdentityCenterApp, withSp({ appRoleAssignmentRequired: false })), [
                "identity-center-assignment-not-required:error",
            ]);
        });

        it("a configured group without an assignment is an error naming it; another principal's assignment does not count; unread assignments say nothing", () => {
            const healthy = healthyIdentityCenterSnapshot();
            const assignments = healthy.appRoleAssignedTo?.ok ? healthy.appRoleAssignedTo.value : [];
            const onlyAdmins = assignments
                .filter((assignment) => assignment.principalId !== DEVELOPERS_GROUP.objectId)
                .concat([{ ...assignments[0], id: "user", principalId: "4f1b6c2e-9a3d-4e5f-8b7c-6d5e4f3a2b1c", principalType: "User" }]);
            const findings = checkIdentityCenterApp(
                expectedIdentityCenter(),
                healthyIdentityCenterSnapshot({ appRoleAssignedTo: ok(onlyAdmins) }),
                checkContext(),
            );
            assert.deepStrictEqual(
                findings.map((finding) => [finding.id, finding.resource]),
                [["identity-center-group-not-assigned", `group ${DEVELOPERS_GROUP.objectId} (aws-developers)`]],
            );
            assert.match(findings[0].message, /provisioning never sends it/);
            const denied = failedReading("access-denied", "graph", "GET appRoleAssignedTo", "Application.Read.All", "x", "sp");
            assert.deepStrictEqual(ids(checkIdentityCenterApp, healthyIdentityCenterSnapshot({ appRoleAssignedTo: denied })), []);
        });
    });

    describe("checkIdentityCenterSigningCertificates", () => {
        const endingIn = (days: number) => {
            const sp = healthyIdentityCenterServicePrincipal();
            const end = new Date(NOW.getTime() + days * DAY).toISOString();
            return withSp({ keyCredentials: sp.keyCredentials.map((key) => ({ ...key, endDateTime: end })) });
        };

        it("grades the certificate's end by the thresholds, with the Identity Center ids and the metadata-upload rotation", () => {
            assert.deepStrictEqual(ids(checkIdentityCenterSigningCertificates, endingIn(61)), []);
            assert.deepStrictEqual(ids(checkIdentityCenterSigningCertificates, endingIn(60)), [
                "identity-center-signing-certificate-expiring:notice",
            ]);
            assert.deepStrictEqual(ids(checkIdentityCenterSigningCertificates, endingIn(30)), [
                "identity-center-signing-certificate-expiring:warning",
            ]);
            assert.deepStrictEqual(ids(checkIdentityCenterSigningCertificates, endingIn(7)), [
                "identity-center-signing-certificate-expiring:error",
            ]);
            const expired = checkIdentityCenterSigningCertificates(expectedIdentityCenter(), endingIn(0), checkContext());
            assert.deepStrictEqual(
                expired.map((finding) => finding.id),
                ["identity-center-signing-certificate-expired"],
            );
            assert.match(expired[0].fix, /upload the new `idpMetadataXml` to Identity Center/);
        });

        it("no preferred key, or one with no certificate behind it, is an error", () => {
            assert.deepStrictEqual(ids(checkIdentityCenterSigningCertificates, withSp({ preferredTokenSigningKeyThumbprint: null })), [
                "identity-center-preferred-signing-key-missing:error",
            ]);
            const unknown = checkIdentityCenterSigningCertificates(
                expectedIdentityCenter(),
                withSp({ preferredTokenSigningKeyThumbprint: "0123456789ABCDEF0123456789ABCDEF01234567" }),
                checkContext(),
            );
            assert.deepStrictEqual(
                unknown.map((finding) => finding.id),
                ["identity-center-preferred-signing-key-unknown"],
            );
            assert.match(unknown[0].message, new RegExp(`certificates \\(${activeCertificate().thumbprint}\\)`));
        });

        it("signing with another certificate than the stack's is an error: Identity Center holds the stack's metadata only", () => {
            const other = generateSigningCertificate({
                commonName: "Microsoft Azure Federated SSO Certificate",
                notBefore: new Date("2027-02-01T00:00:00Z"),
                notAfter: new Date("2030-02-01T00:00:00Z"),
            });
            const sp = healthyIdentityCenterServicePrincipal();
            const findings = checkIdentityCenterSigningCertificates(
                expectedIdentityCenter(),
                withSp({
                    keyCredentials: [...sp.keyCredentials, ...keyCredentialsOf(other, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")],
                    preferredTokenSigningKeyThumbprint: other.thumbprint,
                }),
                checkContext(),
            );
            assert.deepStrictEqual(
                findings.map((finding) => [finding.id, finding.severity]),
                [["identity-center-preferred-signing-key-not-stack-certificate", "error"]],
            );
        });

        it("says nothing when the app was not read or is gone", () => {
            assert.deepStrictEqual(ids(checkIdentityCenterSigningCertificates, { servicePrincipal: deniedSp }), []);
            assert.deepStrictEqual(ids(checkIdentityCenterSigningCertificates, { servicePrincipal: ok(undefined) }), []);
        });
    });

    describe("checkScimToken", () => {
        const expiringIn = (days: number, configured?: string) => {
            const at = new Date(NOW.getTime() + days * DAY).toISOString();
            return expectedIdentityCenter({ scimTokenExpiresAt: at, configuredScimTokenExpiresAt: configured ?? at });
        };
        // The token check reads nothing: even a Graph that answered nothing does not stop it.
        const run = (expected: ExpectedIdentityCenter) =>
            checkScimToken(expected, { servicePrincipal: deniedSp }, checkContext()).map((finding) => `${finding.id}:${finding.severity}`);

        it("expired is an error, within 30 days a warning, further nothing", () => {
            assert.deepStrictEqual(run(expiringIn(0)), ["identity-center-scim-token-expired:error"]);
            assert.deepStrictEqual(run(expiringIn(-10)), ["identity-center-scim-token-expired:error"]);
            assert.deepStrictEqual(run(expiringIn(30)), ["identity-center-scim-token-expiring:warning"]);
            assert.deepStrictEqual(run(expiringIn(31)), []);
            assert.deepStrictEqual(run(expiringIn(366)), []);
        });

        it("an expiry further than a token lasts, or no date at all, is a warning that the record is wrong", () => {
            assert.deepStrictEqual(run(expiringIn(367)), ["identity-center-scim-token-expiry-implausible:warning"]);
            const notADate = checkScimToken(
                expectedIdentityCenter({ scimTokenExpiresAt: "soon", configuredScimTokenExpiresAt: "soon" }),
                healthyIdentityCenterSnapshot(),
                checkContext(),
            );
            assert.deepStrictEqual(
                notADate.map((finding) => finding.id),
                ["identity-center-scim-token-expiry-implausible"],
            );
            assert.match(notADate[0].message, /"soon" is not a date/);
        });

        it("a renewed token in the config that is not deployed yet is named in the fix", () => {
            const [pending] = checkScimToken(expiringIn(-1, "2028-05-01T00:00:00Z"), healthyIdentityCenterSnapshot(), checkContext());
            assert.match(pending.fix, /The config already records a token expiring 2028-05-01T00:00:00Z: run `pulumi up` to deploy it\.$/);
            const [plain] = checkScimToken(expiringIn(-1), healthyIdentityCenterSnapshot(), checkContext());
            assert.doesNotMatch(plain.fix, /already records/);
            assert.match(plain.fix, /pulumi config set --secret azuread-aws-sso:identityCenterScimToken/);
        });
    });

    describe("checkIdentityCenterProvisioning", () => {
        it("the stack's job is found by id, else by template; none is an error listing what the app has", () => {
            const recreated = { ...healthyProvisioningJob(), id: "aWSSingleSignon.other" };
            assert.deepStrictEqual(ids(checkIdentityCenterProvisioning, withJob(recreated)), []);
            const other = { ...healthyProvisioningJob(), id: "dataBricks.1", templateId: "dataBricks" };
            const missing = checkIdentityCenterProvisioning(expectedIdentityCenter(), withJob(other), checkContext());
            assert.deepStrictEqual(
                missing.map((finding) => finding.id),
                ["identity-center-provisioning-job-missing"],
            );
            assert.match(
                missing[0].message,
                new RegExp(`neither ${IC_JOB_ID} nor one of template aWSSingleSignon; it has dataBricks\\.1 \\(dataBricks\\)`),
            );
        });

        it("the shared job assessment, worded for SCIM provisioning", () => {
            const job = healthyProvisioningJob();
            assert.deepStrictEqual(
                ids(checkIdentityCenterProvisioning, withJob({ ...job, schedule: { state: "Disabled", interval: "PT40M" } })),
                ["identity-center-provisioning-not-running:error"],
            );
            const rejected = checkIdentityCenterProvisioning(
                expectedIdentityCenter(),
                withJob({
                    ...job,
                    status: {
                        ...job.status!,
                        code: "Quarantine",
                        quarantine: {
                            currentBegan: NOW.toISOString(),
                            reason: "EncounteredQuarantineException",
                            error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnauthorized", message: "401" },
                        },
                    },
                }),
                checkContext(),
            );
            assert.deepStrictEqual(
                rejected.map((finding) => finding.id),
                ["identity-center-provisioning-token-rejected"],
            );
            assert.match(rejected[0].fix, /identityCenterScimToken/);
            assert.deepStrictEqual(
                ids(
                    checkIdentityCenterProvisioning,
                    withJob({
                        ...job,
                        status: {
                            ...job.status!,
                            code: "Quarantine",
                            quarantine: { currentBegan: null, reason: "EncounteredBaseEscrowThreshold" },
                        },
                    }),
                ),
                ["identity-center-provisioning-quarantined:error"],
            );
            assert.deepStrictEqual(
                ids(
                    checkIdentityCenterProvisioning,
                    withJob({ ...job, status: { ...job.status!, lastExecution: { ...job.status!.lastExecution!, state: "Failed" } } }),
                ),
                ["identity-center-provisioning-failed:error"],
            );
            const staleAt = (hours: number) =>
                withJob({
                    ...job,
                    status: {
                        ...job.status!,
                        lastSuccessfulExecution: {
                            state: "Succeeded",
                            timeBegan: null,
                            timeEnded: new Date(NOW.getTime() - hours * 3_600_000).toISOString(),
                        },
                    },
                });
            assert.deepStrictEqual(ids(checkIdentityCenterProvisioning, staleAt(24)), []);
            assert.deepStrictEqual(ids(checkIdentityCenterProvisioning, staleAt(25)), ["identity-center-provisioning-stale:warning"]);
        });

        it("says nothing when the jobs or the app were not read", () => {
            const denied = failedReading("access-denied", "graph", "GET jobs", "Synchronization.Read.All", "x", "sp");
            assert.deepStrictEqual(
                ids(checkIdentityCenterProvisioning, healthyIdentityCenterSnapshot({ synchronizationJobs: denied })),
                [],
            );
            assert.deepStrictEqual(ids(checkIdentityCenterProvisioning, { servicePrincipal: ok(undefined) }), []);
        });
    });
});
