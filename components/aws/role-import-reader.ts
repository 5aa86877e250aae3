import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ROLE_READER_POLICY_DESCRIPTION,
    ROLE_READER_POLICY_NAME,
    ROLE_READER_USER_NAME,
    roleReaderPolicy,
} from "../documents/role-reader-policy";
import {
    accessKeyResourceName,
    DEFAULT_ROLE_IMPORT_KEY_NAME,
    MAX_ROLE_IMPORT_KEYS,
    ROLE_IMPORT_KEYS_TAG,
    RoleImportKeyGeneration,
    roleImportKeysTagValue,
} from "../documents/role-import-keys";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

export interface RoleImportReaderArgs {
    /** IAM policy name; the tutorial's `AzureAD_SSOUserRole_Policy` by default. */
    readonly policyName?: string;
    /** IAM user name; the tutorial's `AzureADRoleManager` by default. */
    readonly userName?: string;
    /** IAM policy description; kept from an adopted policy, since changing it replaces the policy. */
    readonly policyDescription?: string;
    /** Tags on every taggable resource. */
    readonly tags?: Readonly<Record<string, string>>;
    /** Access key generations, oldest first, the last one active; one `primary` key by default. */
    readonly keys?: readonly RoleImportKeyGeneration[];
}

/** One generation's key as the reader holds it. */
export interface RoleImportAccessKey {
    readonly name: string;
    readonly accessKeyId: pulumi.Output<string>;
}

/**
 * The IAM user whose key Azure's role import uses: `iam:ListRoles` only, no console password,
 * one access key per configured generation (two while a rotation is under way). Pass the
 * account's aws provider in `opts.providers`.
 */
export class RoleImportReader extends pulumi.ComponentResource {
    public readonly userArn: pulumi.Output<string>;
    /** Every generation's key, oldest first. */
    public readonly accessKeys: readonly RoleImportAccessKey[];
    /** Generation name of the active key, the last configured. */
    public readonly activeKeyName: string;
    /** Id of the active key. */
    public readonly accessKeyId: pulumi.Output<string>;
    /** The active key's secret; always a secret Output: it reaches Azure's synchronization secret and nothing else. */
    public readonly secretAccessKey: pulumi.Output<string>;

    constructor(name: string, args: RoleImportReaderArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const generations = args.keys ?? [{ name: DEFAULT_ROLE_IMPORT_KEY_NAME }];
        // Checked before the component registers, so a bad list leaves nothing behind in the stack.
        if (generations.length === 0 || generations.length > MAX_ROLE_IMPORT_KEYS) {
            throw new Error(
                `${name}: keys needs 1 to ${MAX_ROLE_IMPORT_KEYS} generations (IAM allows ${MAX_ROLE_IMPORT_KEYS} access keys per user), got ${generations.length}`,
            );
        }
        const names = generations.map((generation) => generation.name);
        if (new Set(names).size !== names.length) {
            // Two generations of one name would be one resource name twice: the engine refuses it mid-deploy.
            throw new Error(`${name}: keys lists a generation name twice: ${names.join(", ")}`);
        }
        super(COMPONENT_TYPES.roleImportReader, name, args, opts);

        const policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                name: args.policyName ?? ROLE_READER_POLICY_NAME,
                description: args.policyDescription ?? ROLE_READER_POLICY_DESCRIPTION,
                policy: JSON.stringify(roleReaderPolicy()),
                tags: args.tags,
            },
            { parent: this },
        );
        // The generations tag tells the policy pack which keys are configured; a stack that never
        // rotated gets none, so its user is unchanged.
        const generationsTag = roleImportKeysTagValue(generations);
        const user = new aws.iam.User(
            `${name}-user`,
            {
                name: args.userName ?? ROLE_READER_USER_NAME,
                tags: generationsTag === undefined ? args.tags : { ...args.tags, [ROLE_IMPORT_KEYS_TAG]: generationsTag },
            },
            { parent: this },
        );
        new aws.iam.UserPolicyAttachment(`${name}-policy-attachment`, { user: user.name, policyArn: policy.arn }, { parent: this });
        // Named by generation, never by position: adding or removing a generation leaves the others alone.
        const keys = generations.map(
            (generation) =>
                new aws.iam.AccessKey(
                    accessKeyResourceName(name, generation.name),
                    { user: user.name },
                    { parent: this, additionalSecretOutputs: ["secret"] },
                ),
        );
        const active = keys[keys.length - 1];

        this.userArn = user.arn;
        this.accessKeys = keys.map((key, index) => ({ name: generations[index].name, accessKeyId: key.id }));
        this.activeKeyName = generations[generations.length - 1].name;
        this.accessKeyId = active.id;
        this.secretAccessKey = pulumi.secret(active.secret);

        this.registerOutputs({ userArn: this.userArn, accessKeyId: this.accessKeyId });
    }
}
