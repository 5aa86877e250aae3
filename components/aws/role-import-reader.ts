import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ROLE_READER_POLICY_NAME, ROLE_READER_USER_NAME, roleReaderPolicy } from "../documents/role-reader-policy";

export interface RoleImportReaderArgs {
    /** IAM policy name; the tutorial's `AzureAD_SSOUserRole_Policy` by default. */
    readonly policyName?: string;
    /** IAM user name; the tutorial's `AzureADRoleManager` by default. */
    readonly userName?: string;
    /** Tags on every taggable resource. */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The IAM user whose key Azure's role import uses: `iam:ListRoles` only, no console password,
 * one access key. Pass the account's aws provider in `opts.providers`.
 */
export class RoleImportReader extends pulumi.ComponentResource {
    public readonly userArn: pulumi.Output<string>;
    public readonly accessKeyId: pulumi.Output<string>;
    /** Always a secret Output: it reaches Azure's synchronization secret and nothing else. */
    public readonly secretAccessKey: pulumi.Output<string>;

    constructor(name: string, args: RoleImportReaderArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("azuread-aws-sso:aws:RoleImportReader", name, args, opts);

        const policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                name: args.policyName ?? ROLE_READER_POLICY_NAME,
                description: "Lets Azure AD's role import list the roles that trust its SAML provider.",
                policy: JSON.stringify(roleReaderPolicy()),
                tags: args.tags,
            },
            { parent: this },
        );
        const user = new aws.iam.User(
            `${name}-user`,
            { name: args.userName ?? ROLE_READER_USER_NAME, tags: args.tags },
            { parent: this },
        );
        new aws.iam.UserPolicyAttachment(`${name}-policy-attachment`, { user: user.name, policyArn: policy.arn }, { parent: this });
        const accessKey = new aws.iam.AccessKey(
            `${name}-access-key`,
            { user: user.name },
            { parent: this, additionalSecretOutputs: ["secret"] },
        );

        this.userArn = user.arn;
        this.accessKeyId = accessKey.id;
        this.secretAccessKey = pulumi.secret(accessKey.secret);

        this.registerOutputs({ userArn: this.userArn, accessKeyId: this.accessKeyId });
    }
}
