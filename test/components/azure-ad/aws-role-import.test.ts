import * as assert from "assert";
import { AWS_ROLE_IMPORT_TEMPLATE_ID, AwsRoleImport, AwsRoleImportArgs } from "../../../components/azure-ad/aws-role-import";
import { RegisteredResource } from "../../../offline/program/program-run";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { TYPES } from "../../support/stack-fixtures";

const SERVICE_PRINCIPAL_ID = "/servicePrincipals/c5b0792b-28ea-4a8e-b413-6d1f12b2d203";
const FIRST_KEY = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const ROTATED_KEY = { accessKeyId: "AKIAI44QH8DHBEXAMPLE", secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY" };

const construct = (key: Omit<AwsRoleImportArgs, "servicePrincipalResourceId"> = FIRST_KEY) =>
    constructUnderStandIns(() => new AwsRoleImport("sandbox-role-import", { servicePrincipalResourceId: SERVICE_PRINCIPAL_ID, ...key }));

/** Inputs as the state would show them unencrypted. */
const plainInputs = (resource: RegisteredResource) =>
    JSON.stringify(Object.entries(resource.inputs).filter(([key]) => !resource.secretInputs.includes(key)));

describe("AwsRoleImport", function () {
    this.timeout(60_000);

    it("registers as azuread-aws-sso:azuread:AwsRoleImport with its secret and job parented to it", async () => {
        const { resources } = await construct();
        const [own, ...children] = resources;
        assert.strictEqual(own.type, "azuread-aws-sso:azuread:AwsRoleImport");
        assert.deepStrictEqual(children.map((child) => [child.type, child.name]).sort(), [
            [TYPES.synchronizationJob, "sandbox-role-import-job"],
            [TYPES.synchronizationSecret, "sandbox-role-import-secret"],
        ]);
        for (const child of children) {
            assert.strictEqual(child.parent, own.urn);
        }
    });

    it("writes the reader's access key id as ClientSecret and its secret as SecretToken, the credentials marked secret", async () => {
        const { resources } = await construct();
        const secret = registered(resources, "sandbox-role-import-secret");
        assert.deepStrictEqual(secret.inputs, {
            servicePrincipalId: SERVICE_PRINCIPAL_ID,
            credentials: [
                { key: "ClientSecret", value: FIRST_KEY.accessKeyId },
                { key: "SecretToken", value: FIRST_KEY.secretAccessKey },
            ],
        });
        assert.deepStrictEqual(secret.secretInputs, ["credentials"]);
    });

    it("never holds a plain secret access key in any registration, its own included", async () => {
        const { resources } = await construct();
        for (const resource of resources) {
            assert.ok(
                !plainInputs(resource).includes(FIRST_KEY.secretAccessKey),
                `${resource.name} holds the secret access key in plain text`,
            );
        }
        assert.ok(resources[0].secretInputs.includes("secretAccessKey"));
    });

    it("starts the aws role-import job on the service principal once the secret exists, and reports its id", async () => {
        const { resources, component } = await construct();
        const job = registered(resources, "sandbox-role-import-job");
        assert.strictEqual(AWS_ROLE_IMPORT_TEMPLATE_ID, "aws");
        assert.deepStrictEqual(job.inputs, { servicePrincipalId: SERVICE_PRINCIPAL_ID, templateId: "aws", enabled: true });
        assert.ok(job.dependencies.includes(registered(resources, "sandbox-role-import-secret").urn));
        assert.strictEqual(await outputValue(component.jobId), job.id);
        assert.match(String(job.id), /^\/servicePrincipals\/c5b0792b-28ea-4a8e-b413-6d1f12b2d203\/job\/aws\.[0-9a-f]{32}$/);
    });

    it("a rotated key changes the secret's values in place: same resources, the job untouched", async () => {
        const before = await construct();
        const after = await construct(ROTATED_KEY);
        assert.deepStrictEqual(
            after.resources.map((resource) => resource.urn),
            before.resources.map((resource) => resource.urn),
        );
        assert.deepStrictEqual(
            registered(after.resources, "sandbox-role-import-job").inputs,
            registered(before.resources, "sandbox-role-import-job").inputs,
        );
        assert.deepStrictEqual(registered(after.resources, "sandbox-role-import-secret").inputs.credentials, [
            { key: "ClientSecret", value: ROTATED_KEY.accessKeyId },
            { key: "SecretToken", value: ROTATED_KEY.secretAccessKey },
        ]);
    });
});
