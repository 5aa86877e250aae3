import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { shortHash } from "../components/aws/saml-federation";
import { appRoleValue, appRoleValueProblem } from "../components/documents/app-role-value";
import { isAwsSignInSamlEndpoint } from "../components/documents/aws-sign-in-endpoints";
import { appRoleId } from "../components/documents/deterministic-ids";
import { iamRoleArn } from "../components/documents/iam-arns";
import { samlTrustPolicy } from "../components/documents/saml-trust-policy";
import { ROLE_MAX_SESSION_LIMITS } from "../components/stack-config";
import { SsoStackError, throwIfProblems, type ArgumentProblem } from "./errors";
import { RoleAssignment, type AssignableRole } from "./role-assignment";
import { SsoAccount } from "./sso-stack";
import { checkPrincipals, isManagedPolicyArn, quoted, ROLE_NAME_PATTERN, type Principals } from "./validation";
import { COMPONENT_TYPES } from "../policies/vocabulary/type-tokens";

/**
 * A managed policy to attach: its ARN, or `{ key, arn }` when the ARN is only known at deploy time
 * (a policy created in the same program); `key` then names the attachment.
 */
export type ManagedPolicy = string | { readonly key: string; readonly arn: pulumi.Input<string> };

/** An IAM policy document, as an object or as JSON. */
export type PolicyDocumentInput = string | Readonly<Record<string, unknown>>;

export interface TeamRoleArgs {
    /** The SSO stack's account to create the role in: `sso.account("data")`. */
    readonly account: SsoAccount;
    /** IAM role name and app role display name: 1-64 of letters, digits and `+=,.@_-`, not a role the SSO stack has. */
    readonly roleName: string;
    /** Description of the IAM role and the app role; by default names the account and this program. */
    readonly description?: string;
    /** Managed policies to attach; each attachment is named by a hash of its ARN, so reordering renames nothing. */
    readonly managedPolicyArns?: readonly ManagedPolicy[];
    /** Inline policy of the role, an IAM policy document. */
    readonly inlinePolicy?: pulumi.Input<PolicyDocumentInput>;
    /** The role's MaxSessionDuration in seconds (3600..43200); default and minimum: the stack's sessionDuration, at least 3600. */
    readonly maxSessionDuration?: number;
    /** ARN of a managed policy to use as the role's permissions boundary. */
    readonly permissionsBoundaryArn?: pulumi.Input<string>;
    /** Adds `sts:TagSession` to the trust; defaults to whether the account's app sends session tags (`sessionTagKeys`). */
    readonly allowSessionTags?: boolean;
    /** Adds `sts:SetSourceIdentity` to the trust; required when the account's app sends SourceIdentity. */
    readonly allowSourceIdentity?: boolean;
    /** Azure AD groups (object ids) and users (principal names) to assign the role to. */
    readonly assign?: { readonly groups?: readonly string[]; readonly users?: readonly string[] };
    /** Extra tags on the IAM role. */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What the checks against the SSO stack resolve to. */
interface CheckedRole {
    readonly trustPolicy: string;
    readonly maxSessionDuration: number;
}

/**
 * A team's own IAM role in an account of the SSO stack, published on the account's shared gallery
 * app. The role is created through the team's aws provider (pass it in `opts.providers`, with the
 * azuread provider of the SSO stack's tenant); its trust policy is the SSO stack's own
 * (`samlTrustPolicy`: the exported SAML provider, `SAML:aud` the account's reply URL), and it is
 * registered as an `azuread.ApplicationAppRole` with value `<role ARN>,<provider ARN>` and the
 * deterministic id `appRoleId(account, role)`. Nothing of the SSO stack is modified: removing the
 * TeamRole removes only what it created.
 *
 * Before anything registers, the arguments are checked; then, against the SSO stack's outputs, the
 * role name (not one of the stack's), the session length (not below the stack's SessionDuration),
 * the aws provider's account and the azuread provider's tenant. A failed check rejects with an
 * `SsoStackError` under this component and the role is not created.
 */
export class TeamRole extends pulumi.ComponentResource implements AssignableRole {
    /** Logical account name in the SSO stack. */
    public readonly accountName: string;
    /** IAM role name. */
    public readonly roleName: string;
    /** The IAM role. */
    public readonly role: aws.iam.Role;
    /** ARN of the IAM role. */
    public readonly arn: pulumi.Output<string>;
    /** The role's MaxSessionDuration, in seconds. */
    public readonly maxSessionDuration: pulumi.Output<number>;
    /** One attachment per managed policy, keyed by the attachment's name suffix. */
    public readonly policyAttachments: Readonly<Record<string, aws.iam.RolePolicyAttachment>>;
    /** The inline policy, when one was given. */
    public readonly inlinePolicy?: aws.iam.RolePolicy;
    /** The app role on the account's gallery app. */
    public readonly appRole: azuread.ApplicationAppRole;
    /** Id of the app role (resolves once the app role exists). */
    public readonly appRoleId: pulumi.Output<string>;
    /** The app role value, `<role ARN>,<SAML provider ARN>`. */
    public readonly appRoleValue: pulumi.Output<string>;
    /** Object id of the account's service principal. */
    public readonly servicePrincipalObjectId: pulumi.Output<string>;
    /** The assignment of `assign.groups` and `assign.users`, when any were given. */
    public readonly assignment?: RoleAssignment;

    constructor(name: string, args: TeamRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = validateTeamRoleArgs(name, args);
        super(COMPONENT_TYPES.teamRole, name, {}, opts);

        const { account, roleName } = args;
        const stack = account.stack;
        this.accountName = account.accountName;
        this.roleName = roleName;
        const owner = `${pulumi.getProject()}/${pulumi.getStack()}`;

        const callerAccountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const providerTenantId = azuread.getClientConfigOutput({ parent: this }).tenantId;
        const resolved: pulumi.Output<CheckedRole> = pulumi
            .all([account.outputs, stack.sessionDuration, stack.tenantId, callerAccountId, providerTenantId])
            .apply(([details, sessionDuration, tenantId, callerAccount, providerTenant]) => {
                const problems: ArgumentProblem[] = [];
                const existing = Object.keys(details.roles ?? {}).find((central) => central.toLowerCase() === roleName.toLowerCase());
                if (existing !== undefined) {
                    problems.push({
                        path: "roleName",
                        message: `"${roleName}" is already the SSO stack's role "${existing}" in this account (IAM role names are case-insensitive): choose another name, or assign groups to that role with RoleAssignment`,
                    });
                }
                const maxSessionDuration = args.maxSessionDuration ?? Math.max(ROLE_MAX_SESSION_LIMITS.min, sessionDuration);
                if (maxSessionDuration < sessionDuration) {
                    problems.push({
                        path: "maxSessionDuration",
                        message: `${maxSessionDuration} is below the SessionDuration ${sessionDuration} the SSO stack's apps send: STS refuses the sign-in; set it to at least ${sessionDuration}, or leave it unset`,
                    });
                }
                if (callerAccount !== details.accountId) {
                    problems.push({
                        path: "opts.providers.aws",
                        message: `the aws provider signs in to account ${callerAccount ?? "(unknown)"}, but account "${account.accountName}" is ${details.accountId}: pass that account's aws provider`,
                    });
                }
                if (providerTenant !== tenantId) {
                    problems.push({
                        path: "opts.providers.azuread",
                        message: `the azuread provider signs in to tenant ${providerTenant ?? "(unknown)"}, but the SSO stack's apps are in tenant ${tenantId}: pass an azuread provider for that tenant`,
                    });
                }
                const valueProblem = appRoleValueProblem(appRoleValue(iamRoleArn(details.accountId, roleName), details.samlProviderArn));
                if (valueProblem !== undefined) {
                    problems.push({ path: "roleName", message: `${valueProblem}: shorten the role name` });
                }
                if (!isAwsSignInSamlEndpoint(details.replyUrl)) {
                    problems.push({
                        path: "account",
                        message: `the SSO stack exports replyUrl ${quoted(details.replyUrl)}, which is not an AWS sign-in SAML endpoint`,
                    });
                }
                if (problems.length > 0) {
                    throw new SsoStackError(
                        `TeamRole "${name}" cannot be created in account "${account.accountName}" of SSO stack "${stack.stackName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                            problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join("\n"),
                        this,
                    );
                }
                const trust = samlTrustPolicy({
                    samlProviderArn: details.samlProviderArn,
                    audiences: [details.replyUrl],
                    // The shared app sends its session tags to every role of the account.
                    allowSessionTags: args.allowSessionTags ?? (details.sessionTagKeys ?? []).length > 0,
                    allowSourceIdentity: args.allowSourceIdentity,
                });
                return { trustPolicy: JSON.stringify(trust), maxSessionDuration };
            });

        const description =
            args.description !== undefined
                ? pulumi.output(args.description)
                : account.accountId.apply(
                      (accountId) => `AWS role ${roleName} in account ${account.accountName} (${accountId}), owned by ${owner}`,
                  );

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: roleName,
                description,
                assumeRolePolicy: resolved.trustPolicy,
                maxSessionDuration: resolved.maxSessionDuration,
                permissionsBoundary: args.permissionsBoundaryArn,
                tags: {
                    "managed-by": "pulumi",
                    project: pulumi.getProject(),
                    stack: pulumi.getStack(),
                    account: account.accountName,
                    "sso-stack": stack.stackName,
                    ...args.tags,
                },
            },
            { parent: this },
        );
        this.arn = this.role.arn;
        this.maxSessionDuration = resolved.maxSessionDuration;

        this.policyAttachments = Object.fromEntries(
            checked.managedPolicies.map(({ key, arn }) => [
                key,
                new aws.iam.RolePolicyAttachment(`${name}-${key}`, { role: this.role.name, policyArn: arn }, { parent: this }),
            ]),
        );
        if (args.inlinePolicy !== undefined) {
            this.inlinePolicy = new aws.iam.RolePolicy(
                `${name}-inline`,
                {
                    role: this.role.name,
                    name: `${roleName}-inline`,
                    policy: pulumi
                        .output(args.inlinePolicy)
                        .apply((document) => (typeof document === "string" ? document : JSON.stringify(document))),
                },
                { parent: this },
            );
        }

        this.appRoleValue = pulumi
            .all([this.role.arn, account.samlProviderArn])
            .apply(([roleArn, samlProviderArn]) => appRoleValue(roleArn, samlProviderArn));
        // Published once its permissions are in place; removed before they are.
        this.appRole = new azuread.ApplicationAppRole(
            `${name}-app-role`,
            {
                applicationId: account.applicationResourceId,
                roleId: appRoleId(account.accountName, roleName),
                allowedMemberTypes: ["User"],
                displayName: roleName,
                description,
                value: this.appRoleValue,
            },
            {
                parent: this,
                dependsOn: [...Object.values(this.policyAttachments), ...(this.inlinePolicy ? [this.inlinePolicy] : [])],
            },
        );
        this.appRoleId = this.appRole.roleId;
        this.servicePrincipalObjectId = account.servicePrincipalObjectId;

        if (checked.principals.groups.length > 0 || checked.principals.users.length > 0) {
            this.assignment = new RoleAssignment(
                `${name}-assignment`,
                { role: this, groups: checked.principals.groups, users: checked.principals.users },
                { parent: this },
            );
        }

        this.registerOutputs({
            arn: this.arn,
            maxSessionDuration: this.maxSessionDuration,
            appRoleId: this.appRoleId,
            appRoleValue: this.appRoleValue,
        });
    }
}

/** The arguments of a `TeamRole`, checked before anything registers. */
export interface CheckedTeamRoleArgs {
    /** Managed policies with the name suffix of their attachment. */
    readonly managedPolicies: readonly { readonly key: string; readonly arn: pulumi.Input<string> }[];
    /** Groups (object ids) and users (UPNs) to assign to the role. */
    readonly principals: Principals;
}

const POLICY_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Checks a `TeamRole`'s arguments, or throws a `TeamArgumentError` naming every problem. */
export function validateTeamRoleArgs(name: string, args: TeamRoleArgs): CheckedTeamRoleArgs {
    const problems: ArgumentProblem[] = [];
    if (!(args?.account instanceof SsoAccount)) {
        problems.push({ path: "account", message: 'is required: an account of the SSO stack, sso.account("<account name>")' });
    }
    if (typeof args?.roleName !== "string" || !ROLE_NAME_PATTERN.test(args.roleName)) {
        problems.push({
            path: "roleName",
            message: `${quoted(args?.roleName)} is not allowed: IAM role names are 1-64 characters of letters, digits and +=,.@_-`,
        });
    }
    if (
        args?.description !== undefined &&
        (typeof args.description !== "string" || args.description.length > 1000 || !/^[\t\n\r\x20-\x7e\xa1-\xff]*$/.test(args.description))
    ) {
        problems.push({
            path: "description",
            message: "is not allowed: IAM role descriptions are at most 1000 printable Latin-1 characters",
        });
    }
    const { min, max } = ROLE_MAX_SESSION_LIMITS;
    if (args?.maxSessionDuration !== undefined) {
        const value = args.maxSessionDuration;
        if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
            problems.push({
                path: "maxSessionDuration",
                message: `${quoted(value)} is not allowed: a whole number of seconds from ${min} to ${max}, the IAM range`,
            });
        }
    }

    const managedPolicies: { key: string; arn: pulumi.Input<string> }[] = [];
    const keys = new Map<string, number>();
    (args?.managedPolicyArns ?? []).forEach((policy, index) => {
        const path = `managedPolicyArns[${index}]`;
        let key: string;
        if (typeof policy === "string") {
            if (!isManagedPolicyArn(policy)) {
                problems.push({
                    path,
                    message: `${quoted(policy)} is not an IAM managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess`,
                });
                return;
            }
            key = shortHash(policy);
        } else if (typeof policy === "object" && policy !== null && typeof policy.key === "string") {
            if (!POLICY_KEY_PATTERN.test(policy.key)) {
                problems.push({
                    path: `${path}.key`,
                    message: `${quoted(policy.key)} is not allowed: 1-40 lower-case letters, digits and hyphens (it names the attachment)`,
                });
                return;
            }
            if (typeof policy.arn === "string" && !isManagedPolicyArn(policy.arn)) {
                problems.push({ path: `${path}.arn`, message: `${quoted(policy.arn)} is not an IAM managed policy ARN` });
                return;
            }
            key = policy.key;
        } else {
            problems.push({ path, message: "is not allowed: a managed policy ARN, or { key, arn } for an ARN known at deploy time" });
            return;
        }
        const first = keys.get(key);
        if (first !== undefined) {
            problems.push({ path, message: `duplicate policy (also at managedPolicyArns[${first}])` });
            return;
        }
        keys.set(key, index);
        managedPolicies.push({ key, arn: typeof policy === "string" ? policy : policy.arn });
    });

    if (typeof args?.permissionsBoundaryArn === "string" && !isManagedPolicyArn(args.permissionsBoundaryArn)) {
        problems.push({
            path: "permissionsBoundaryArn",
            message: `${quoted(args.permissionsBoundaryArn)} is not an IAM managed policy ARN`,
        });
    }
    if (args?.inlinePolicy !== undefined) {
        checkPlainPolicyDocument(args.inlinePolicy, problems);
    }
    const principals = checkPrincipals("assign.", args?.assign?.groups, args?.assign?.users, problems);

    throwIfProblems(`TeamRole "${name}"`, problems);
    return { managedPolicies, principals };
}

/** Checks an inline policy given as a plain value; one given as an Output is checked by IAM. */
function checkPlainPolicyDocument(input: pulumi.Input<PolicyDocumentInput>, problems: ArgumentProblem[]): void {
    if (pulumi.Output.isInstance(input) || input instanceof Promise) {
        return;
    }
    let document: unknown = input;
    if (typeof input === "string") {
        try {
            document = JSON.parse(input);
        } catch (error) {
            problems.push({ path: "inlinePolicy", message: `is not valid JSON: ${(error as Error).message}` });
            return;
        }
    }
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
        problems.push({ path: "inlinePolicy", message: "must be an IAM policy document (a JSON object)" });
        return;
    }
    const statements = (document as Record<string, unknown>).Statement;
    const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
    if (list.length === 0) {
        problems.push({ path: "inlinePolicy.Statement", message: "is empty; an IAM policy needs at least one statement" });
    }
    list.forEach((statement, index) => {
        const entry = statement as Record<string, unknown> | null;
        if (typeof entry !== "object" || entry === null || pulumi.Output.isInstance(entry)) {
            return;
        }
        if (entry.Effect !== "Allow" && entry.Effect !== "Deny") {
            problems.push({
                path: `inlinePolicy.Statement[${index}].Effect`,
                message: `${quoted(entry.Effect)} is not allowed: Allow or Deny`,
            });
        }
        if (entry.Action === undefined && entry.NotAction === undefined) {
            problems.push({ path: `inlinePolicy.Statement[${index}]`, message: "needs Action or NotAction" });
        }
    });
}
