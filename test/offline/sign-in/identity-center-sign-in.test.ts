import * as assert from "assert";
import { azureAdIdpMetadata } from "../../../components/documents/idp-metadata";
import type { SigningCertificate } from "../../../offline/program/certificates";
import { CloudStandIns } from "../../../offline/program/cloud-stand-ins";
import { ProgramRun, runProgramUnderMocks } from "../../../offline/program/program-run";
import { formatIdentityCenterSignIns, simulateIdentityCenterSignIns } from "../../../offline/sign-in/identity-center-sign-in";
import { IDENTITY_CENTER_GROUPS, identityCenterOnlyConfig, TENANT_ID } from "../../support/stack-fixtures";
import { identityCenterCertificate } from "./support/identity-center-response";

describe("simulateIdentityCenterSignIns", function () {
    this.timeout(120_000);
    let other: SigningCertificate;

    before(() => {
        other = identityCenterCertificate("rotated");
    });

    describe("through the program", () => {
        let program: ProgramRun;
        before(async () => {
            program = await runProgramUnderMocks({
                stack: "org",
                config: identityCenterOnlyConfig(),
                standIns: new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: Object.values(IDENTITY_CENTER_GROUPS) }),
            });
        });

        it("signs a member of every configured group in, and resolves group -> permission sets -> accounts from the registered assignments", () => {
            const report = simulateIdentityCenterSignIns(program)!;
            assert.strictEqual(report.failed, 0, report.signIns.map((signIn) => signIn.line).join("\n"));
            assert.deepStrictEqual(report.signIns.map((signIn) => signIn.group).sort(), ["aws-developers", "aws-platform-admins"]);
            assert.deepStrictEqual(
                report.accessMatrix.map((row) => `${row.group} ${row.permissionSet} ${row.accountId} ${row.sessionDuration}`),
                [
                    "aws-platform-admins PlatformReadOnly 123456789012 PT8H",
                    "aws-platform-admins PlatformReadOnly 210987654321 PT8H",
                    "aws-developers Developer 123456789012 PT4H",
                ],
            );
        });

        it("a group whose assignments are missing signs in but gets no account", () => {
            const trimmed = {
                ...program,
                resources: program.resources.filter(
                    (r) => !(r.type === "aws:ssoadmin/accountAssignment:AccountAssignment" && r.name.includes("000000000002")),
                ),
            };
            const developers = simulateIdentityCenterSignIns(trimmed)!.signIns.find((signIn) => signIn.group === "aws-developers")!;
            assert.ok(developers.ok);
            assert.deepStrictEqual(developers.access, []);
            assert.match(developers.line, /signed in, no account assigned/);
        });

        it("fails every group when Identity Center still holds the metadata of a certificate Entra no longer signs with", () => {
            const stale = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [other.base64Der] });
            const report = simulateIdentityCenterSignIns(program, { uploadedIdpMetadataXml: stale })!;
            assert.strictEqual(report.failed, 2);
            assert.ok(report.signIns.every((signIn) => signIn.check === "signature"));
        });

        it("is absent for a stack without identityCenter", async () => {
            const accountsOnly = await runProgramUnderMocks({ stack: "dev" });
            assert.strictEqual(simulateIdentityCenterSignIns(accountsOnly), undefined);
        });
    });

    describe("as the preview prints it", () => {
        it("lists each group's sign-in line, then who gets what where, or says nobody gets an account", async () => {
            const program = await runProgramUnderMocks({
                stack: "org",
                config: identityCenterOnlyConfig(),
                standIns: new CloudStandIns({ tenantId: TENANT_ID, directoryGroups: Object.values(IDENTITY_CENTER_GROUPS) }),
            });
            const report = simulateIdentityCenterSignIns(program)!;
            const lines = formatIdentityCenterSignIns(report);
            assert.strictEqual(lines[0], "Identity Center sign-in: 2 succeeded, 0 failed");
            assert.deepStrictEqual(
                lines.slice(1, 3),
                report.signIns.map((signIn) => `  ${signIn.line}`),
            );
            assert.ok(lines.includes("Identity Center access (who gets what where):"));
            assert.ok(
                lines.some((line) => /aws-developers\s+Developer\s+123456789012\s+PT4H/.test(line)),
                lines.join("\n"),
            );

            const nobody = formatIdentityCenterSignIns({ ...report, accessMatrix: [] });
            assert.strictEqual(nobody[nobody.length - 1], "  (nobody gets an account)");
        });
    });
});
