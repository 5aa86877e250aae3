import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

/** Synchronization template of the AWS gallery app's role import. */
export const AWS_ROLE_IMPORT_TEMPLATE_ID = "aws";

export interface AwsRoleImportArgs {
    /** Resource id of the service principal (`/servicePrincipals/<object id>`). */
    readonly servicePrincipalResourceId: pulumi.Input<string>;
    /** Access key id of the AWS role-import reader's active key generation; a new one updates the secret in place. */
    readonly accessKeyId: pulumi.Input<string>;
    /** Its secret access key; kept secret end to end. */
    readonly secretAccessKey: pulumi.Input<string>;
}

/**
 * Azure AD's role import ("provisioning"): the AWS reader's key as the synchronization secret
 * and the `aws` job that lists roles every cycle and writes them as app roles. Azure holds one
 * credential set per app, so a rotation replaces the secret's values and each cycle reads
 * whatever the secret holds when it starts.
 */
export class AwsRoleImport extends pulumi.ComponentResource {
    public readonly jobId: pulumi.Output<string>;

    constructor(name: string, args: AwsRoleImportArgs, opts?: pulumi.ComponentResourceOptions) {
        // Component args are registered as its inputs: the key's secret goes into the state only as a secret.
        super(COMPONENT_TYPES.awsRoleImport, name, { ...args, secretAccessKey: pulumi.secret(args.secretAccessKey) }, opts);

        const secret = new azuread.SynchronizationSecret(
            `${name}-secret`,
            {
                servicePrincipalId: args.servicePrincipalResourceId,
                credentials: [
                    { key: "ClientSecret", value: args.accessKeyId },
                    { key: "SecretToken", value: pulumi.secret(args.secretAccessKey) },
                ],
            },
            { parent: this },
        );
        const job = new azuread.SynchronizationJob(
            `${name}-job`,
            { servicePrincipalId: args.servicePrincipalResourceId, templateId: AWS_ROLE_IMPORT_TEMPLATE_ID, enabled: true },
            { parent: this, dependsOn: [secret] },
        );
        this.jobId = job.id;

        this.registerOutputs({ jobId: this.jobId });
    }
}
