import * as pulumi from "@pulumi/pulumi";
import type { AccountOutputs, IdentityCenterOutputs, RoleOutputs, SigningCertificateOutputs } from "./contract";
import { SsoStackError, throwIfProblems, type ArgumentProblem } from "./errors";
import { QUALIFIED_STACK_NAME_PATTERN, quoted } from "./validation";

export interface SsoStackArgs {
    /** Fully qualified name of the SSO stack: `<organization>/azuread-aws-sso/<stack>`. */
    readonly stackName: string;
}

type Kind = "string" | "number" | "object";

/**
 * Typed, read-only access to the outputs of an azuread-aws-sso stack, through a
 * `pulumi.StackReference`. Every accessor is an Output; a name the SSO stack does not have makes
 * the Output reject with an `SsoStackError` naming the stack, the missing name and the available
 * ones, which `pulumi preview` reports under the stack reference. Nothing of the SSO stack is
 * modified.
 *
 * ```ts
 * const sso = new SsoStack("sso", { stackName: "org/azuread-aws-sso/dev" });
 * const readOnlyArn = sso.account("data").roleArn("ReadOnly");
 * ```
 */
export class SsoStack {
    /** The referenced stack, `<organization>/<project>/<stack>`. */
    public readonly stackName: string;
    /** The underlying stack reference. */
    public readonly stackReference: pulumi.StackReference;
    /** Azure AD tenant id of every gallery app. */
    public readonly tenantId: pulumi.Output<string>;
    /** The SessionDuration claim, in seconds, every app of the stack sends. */
    public readonly sessionDuration: pulumi.Output<number>;
    /** Name of the IAM SAML provider in every account. */
    public readonly samlProviderName: pulumi.Output<string>;
    /** Every account's contract entry, by logical account name. */
    public readonly accounts: pulumi.Output<Readonly<Record<string, AccountOutputs>>>;
    /** Logical account names, sorted. */
    public readonly accountNames: pulumi.Output<string[]>;

    private readonly accountCache = new Map<string, SsoAccount>();
    private identityCenterCache: SsoIdentityCenter | undefined;

    constructor(
        /** Name of the stack reference resource in this program. */
        public readonly name: string,
        args: SsoStackArgs,
        opts?: pulumi.CustomResourceOptions,
    ) {
        const problems: ArgumentProblem[] = [];
        if (typeof args?.stackName !== "string" || !QUALIFIED_STACK_NAME_PATTERN.test(args.stackName)) {
            problems.push({
                path: "stackName",
                message: `${quoted(args?.stackName)} is not allowed: the fully qualified <organization>/<project>/<stack> of the SSO stack, such as org/azuread-aws-sso/dev`,
            });
        }
        throwIfProblems(`SsoStack "${name}"`, problems);

        this.stackName = args.stackName;
        this.stackReference = new pulumi.StackReference(name, { name: args.stackName }, opts);
        this.tenantId = this.requireOutput<string>("tenantId", "string");
        this.sessionDuration = this.requireOutput<number>("sessionDuration", "number").apply((value) => {
            if (!Number.isInteger(value) || value <= 0) {
                throw this.error(`exports sessionDuration ${quoted(value)}, not a whole number of seconds`);
            }
            return value;
        });
        this.samlProviderName = this.requireOutput<string>("samlProviderName", "string");
        this.accounts = this.requireOutput<Readonly<Record<string, AccountOutputs>>>("accounts", "object");
        this.accountNames = this.accounts.apply((accounts) => Object.keys(accounts).sort());
    }

    /**
     * One account of the SSO stack by its logical name (the `name` in the SSO stack's config).
     * Its Outputs reject when the stack has no such account.
     */
    public account(accountName: string): SsoAccount {
        throwIfProblems(`SsoStack "${this.name}"`, nameProblems("account(accountName)", accountName));
        let account = this.accountCache.get(accountName);
        if (!account) {
            account = new SsoAccount(this, accountName);
            this.accountCache.set(accountName, account);
        }
        return account;
    }

    /**
     * The stack's IAM Identity Center path (`identityCenter` output). Its Outputs reject, naming the
     * stack, when the stack has no identityCenter block; stacks without it are read as before.
     */
    public identityCenter(): SsoIdentityCenter {
        this.identityCenterCache ??= new SsoIdentityCenter(this, this.requireOutput<IdentityCenterOutputs>("identityCenter", "object"));
        return this.identityCenterCache;
    }

    /** An `SsoStackError` under the stack reference whose message starts with the stack's name. */
    public error(message: string): SsoStackError {
        return new SsoStackError(`SSO stack "${this.stackName}" ${message}`, this.stackReference);
    }

    private requireOutput<T>(outputName: string, kind: Kind): pulumi.Output<T> {
        return this.stackReference.getOutput(outputName).apply((value: unknown) => {
            if (value === undefined || value === null) {
                throw this.error(
                    `has no output "${outputName}": check the stack name, and that the stack was deployed (pulumi up) by a version of azuread-aws-sso that exports it`,
                );
            }
            if (!hasKind(value, kind)) {
                throw this.error(`exports ${outputName} as ${describeKind(value)}, not ${article(kind)}`);
            }
            return value as T;
        });
    }
}

/** One account of the SSO stack: its SAML provider, gallery app and roles. */
export class SsoAccount {
    /** The account's whole contract entry; rejects when the SSO stack has no such account. */
    public readonly outputs: pulumi.Output<AccountOutputs>;

    private readonly fieldCache = new Map<string, pulumi.Output<unknown>>();
    private readonly roleCache = new Map<string, SsoRole>();

    constructor(
        /** The SSO stack the account belongs to. */
        public readonly stack: SsoStack,
        /** Logical account name in the SSO stack. */
        public readonly accountName: string,
    ) {
        this.outputs = stack.accounts.apply((accounts) => {
            if (!Object.prototype.hasOwnProperty.call(accounts, accountName)) {
                throw stack.error(
                    `has no account ${quoted(accountName)}${suggestion(accountName, Object.keys(accounts))}; available accounts: ${list(Object.keys(accounts))}`,
                );
            }
            const account = accounts[accountName];
            if (!hasKind(account, "object")) {
                throw stack.error(`exports accounts.${accountName} as ${describeKind(account)}, not an object`);
            }
            return account;
        });
    }

    /** The 12-digit AWS account id. */
    public get accountId(): pulumi.Output<string> {
        return this.field("accountId", "string");
    }
    /** ARN of the IAM SAML provider every role of the account trusts. */
    public get samlProviderArn(): pulumi.Output<string> {
        return this.field("samlProviderArn", "string");
    }
    /** Identifier (entity id) of the account's gallery-app instance. */
    public get identifierUri(): pulumi.Output<string> {
        return this.field("identifierUri", "string");
    }
    /** Reply URL of the gallery app: the `SAML:aud` every role of the account trusts. */
    public get replyUrl(): pulumi.Output<string> {
        return this.field("replyUrl", "string");
    }
    /** PrincipalTag keys the account's app sends; roles trusting it must allow sts:TagSession when any. */
    public get sessionTagKeys(): pulumi.Output<readonly string[]> {
        return this.outputs.apply((account) => account.sessionTagKeys ?? []);
    }
    /** Client id of the gallery-app instance. */
    public get applicationId(): pulumi.Output<string> {
        return this.field("applicationId", "string");
    }
    /** Object id of the gallery application (app roles live on it). */
    public get applicationObjectId(): pulumi.Output<string> {
        return this.field("applicationObjectId", "string");
    }
    /** Resource id of the gallery application, `/applications/<object id>`, as `ApplicationAppRole` takes it. */
    public get applicationResourceId(): pulumi.Output<string> {
        return this.applicationObjectId.apply((objectId) => `/applications/${objectId}`);
    }
    /** Object id of the app's service principal: the resource of every app role assignment. */
    public get servicePrincipalObjectId(): pulumi.Output<string> {
        return this.field("servicePrincipalObjectId", "string");
    }
    /** Thumbprint of the active token-signing certificate. */
    public get signingCertificateThumbprint(): pulumi.Output<string> {
        return this.field("signingCertificateThumbprint", "string");
    }
    /** Expiry of the active token-signing certificate (RFC 3339). */
    public get signingCertificateEndDate(): pulumi.Output<string> {
        return this.field("signingCertificateEndDate", "string");
    }
    /** Every published token-signing certificate, in publication order. */
    public get signingCertificates(): pulumi.Output<readonly SigningCertificateOutputs[]> {
        return this.field("signingCertificates", "object");
    }
    /** My Apps link that signs a user in to this account. */
    public get userAccessUrl(): pulumi.Output<string> {
        return this.field("userAccessUrl", "string");
    }
    /** The SSO stack's roles in this account, by role name. */
    public get roles(): pulumi.Output<Readonly<Record<string, RoleOutputs>>> {
        return this.field("roles", "object");
    }
    /** Names of the SSO stack's roles in this account, sorted. */
    public get roleNames(): pulumi.Output<string[]> {
        return this.roles.apply((roles) => Object.keys(roles).sort());
    }
    /** Access key id of the role-import reader, when provisioning is on (never the secret). */
    public get roleManagerAccessKeyId(): pulumi.Output<string | undefined> {
        return this.outputs.apply((account) => account.roleManagerAccessKeyId);
    }
    /** Generation name (`roleImportKeys`) of that key, when provisioning is on. */
    public get roleManagerAccessKeyGeneration(): pulumi.Output<string | undefined> {
        return this.outputs.apply((account) => account.roleManagerAccessKeyGeneration);
    }

    /** One of the SSO stack's roles in this account; its Outputs reject when there is no such role. */
    public role(roleName: string): SsoRole {
        throwIfProblems(`SsoAccount "${this.accountName}"`, nameProblems("role(roleName)", roleName));
        let role = this.roleCache.get(roleName);
        if (!role) {
            role = new SsoRole(this, roleName);
            this.roleCache.set(roleName, role);
        }
        return role;
    }

    /** ARN of one of the SSO stack's roles in this account. */
    public roleArn(roleName: string): pulumi.Output<string> {
        return this.role(roleName).arn;
    }

    /** App role id of one of the SSO stack's roles in this account (for `azuread.AppRoleAssignment`). */
    public appRoleId(roleName: string): pulumi.Output<string> {
        return this.role(roleName).appRoleId;
    }

    /** App role value (`<role ARN>,<provider ARN>`) of one of the SSO stack's roles in this account. */
    public appRoleValue(roleName: string): pulumi.Output<string> {
        return this.role(roleName).appRoleValue;
    }

    private field<T>(key: keyof AccountOutputs, kind: Kind): pulumi.Output<T> {
        let output = this.fieldCache.get(key);
        if (!output) {
            output = this.outputs.apply((account) => {
                const value = (account as unknown as Record<string, unknown>)[key];
                if (value === undefined || value === null) {
                    throw this.stack.error(
                        `exports no accounts.${this.accountName}.${key}: it was deployed by a version of azuread-aws-sso without it; run pulumi up on the SSO stack`,
                    );
                }
                if (!hasKind(value, kind)) {
                    throw this.stack.error(`exports accounts.${this.accountName}.${key} as ${describeKind(value)}, not ${article(kind)}`);
                }
                return value;
            });
            this.fieldCache.set(key, output);
        }
        return output as pulumi.Output<T>;
    }
}

/** One of the SSO stack's roles: assignable with `RoleAssignment`. */
export class SsoRole {
    /** The role's contract entry; rejects when the account has no such role. */
    public readonly outputs: pulumi.Output<RoleOutputs>;
    /** ARN of the IAM role. */
    public readonly arn: pulumi.Output<string>;
    /** Id of the role's app role on the account's gallery app. */
    public readonly appRoleId: pulumi.Output<string>;
    /** The app role value, `<role ARN>,<SAML provider ARN>`. */
    public readonly appRoleValue: pulumi.Output<string>;
    /** The role's MaxSessionDuration, in seconds. */
    public readonly maxSessionDuration: pulumi.Output<number>;

    constructor(
        /** The account the role is in. */
        public readonly account: SsoAccount,
        /** IAM role name. */
        public readonly roleName: string,
    ) {
        const stack = account.stack;
        const at = `accounts.${account.accountName}.roles.${roleName}`;
        this.outputs = account.roles.apply((roles) => {
            if (!Object.prototype.hasOwnProperty.call(roles, roleName)) {
                throw stack.error(
                    `has no role ${quoted(roleName)} in account ${quoted(account.accountName)}${suggestion(roleName, Object.keys(roles))}; available roles: ${list(Object.keys(roles))}`,
                );
            }
            const role = roles[roleName];
            if (!hasKind(role, "object")) {
                throw stack.error(`exports ${at} as ${describeKind(role)}, not an object`);
            }
            return role;
        });
        const field = <T>(key: keyof RoleOutputs, kind: Kind): pulumi.Output<T> =>
            this.outputs.apply((role) => {
                const value = (role as unknown as Record<string, unknown>)[key];
                if (!hasKind(value, kind)) {
                    throw stack.error(`exports ${at}.${key} as ${describeKind(value)}, not ${article(kind)}`);
                }
                return value as T;
            });
        this.arn = field("arn", "string");
        this.appRoleId = field("appRoleId", "string");
        this.appRoleValue = field("appRoleValue", "string");
        this.maxSessionDuration = field("maxSessionDuration", "number");
    }

    /** Object id of the account's service principal: the resource an assignment of this role is made on. */
    public get servicePrincipalObjectId(): pulumi.Output<string> {
        return this.account.servicePrincipalObjectId;
    }
}

/** The SSO stack's IAM Identity Center path: what `aws configure sso` and other programs need. */
export class SsoIdentityCenter {
    constructor(
        /** The SSO stack. */
        public readonly stack: SsoStack,
        /** The whole `identityCenter` output. */
        public readonly outputs: pulumi.Output<IdentityCenterOutputs>,
    ) {}

    /** AWS access portal URL: `sso_start_url` of `aws configure sso`. */
    public get startUrl(): pulumi.Output<string> {
        return this.field("startUrl", "string");
    }
    /** Identity Center's home region: `sso_region`. */
    public get region(): pulumi.Output<string> {
        return this.field("region", "string");
    }
    public get instanceArn(): pulumi.Output<string> {
        return this.field("instanceArn", "string");
    }
    public get identityStoreId(): pulumi.Output<string> {
        return this.field("identityStoreId", "string");
    }
    /** Client id of the Identity Center app in Entra ID. */
    public get applicationId(): pulumi.Output<string> {
        return this.field("applicationId", "string");
    }
    /** Object id of its service principal: where groups are assigned. */
    public get servicePrincipalObjectId(): pulumi.Output<string> {
        return this.field("servicePrincipalObjectId", "string");
    }
    /** Who gets what where: one row per group, permission set and account. */
    public get accessMatrix(): pulumi.Output<IdentityCenterOutputs["accessMatrix"]> {
        return this.field("accessMatrix", "object");
    }
    /** Permission set names, sorted. */
    public get permissionSetNames(): pulumi.Output<string[]> {
        return this.field<IdentityCenterOutputs["permissionSets"]>("permissionSets", "object").apply((sets) => Object.keys(sets).sort());
    }

    /** ARN of one permission set; rejects, naming the ones that exist, when the stack has no such set. */
    public permissionSetArn(permissionSetName: string): pulumi.Output<string> {
        throwIfProblems(`SsoStack "${this.stack.name}"`, nameProblems("permissionSetArn(permissionSetName)", permissionSetName));
        return this.field<IdentityCenterOutputs["permissionSets"]>("permissionSets", "object").apply((sets) => {
            const entry = Object.prototype.hasOwnProperty.call(sets, permissionSetName) ? sets[permissionSetName] : undefined;
            if (!entry) {
                throw this.stack.error(
                    `has no permission set ${quoted(permissionSetName)}${suggestion(permissionSetName, Object.keys(sets))}; available permission sets: ${list(Object.keys(sets))}`,
                );
            }
            if (!hasKind(entry.arn, "string")) {
                throw this.stack.error(
                    `exports identityCenter.permissionSets.${permissionSetName}.arn as ${describeKind(entry.arn)}, not a string`,
                );
            }
            return entry.arn;
        });
    }

    private field<T>(key: keyof IdentityCenterOutputs, kind: Kind): pulumi.Output<T> {
        return this.outputs.apply((outputs) => {
            const value = (outputs as unknown as Record<string, unknown>)[key];
            if (!hasKind(value, kind)) {
                throw this.stack.error(
                    `exports identityCenter.${key} as ${describeKind(value)}, not ${article(kind)}: run pulumi up on the SSO stack with this version of azuread-aws-sso`,
                );
            }
            return value as T;
        });
    }
}

function nameProblems(path: string, value: unknown): ArgumentProblem[] {
    return typeof value === "string" && value.length > 0
        ? []
        : [{ path, message: `${quoted(value)} is not a name: give a non-empty string` }];
}

function hasKind(value: unknown, kind: Kind): boolean {
    switch (kind) {
        case "string":
            return typeof value === "string" && value.length > 0;
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "object":
            return typeof value === "object" && value !== null;
    }
}

function describeKind(value: unknown): string {
    if (value === undefined || value === null) {
        return "nothing";
    }
    if (value === "") {
        return "an empty string";
    }
    return `${Array.isArray(value) ? "an array" : typeof value} ${quoted(value).slice(0, 60)}`;
}

function article(kind: Kind): string {
    return kind === "object" ? "an object" : `a ${kind}`;
}

function list(names: readonly string[]): string {
    return names.length === 0 ? "none" : [...names].sort().join(", ");
}

/** ` (did you mean "X"?)` when a name differs from an available one only in case or separators. */
function suggestion(name: string, available: readonly string[]): string {
    const fold = (value: string) => value.toLowerCase().replace(/[-_.\s]/g, "");
    const match = available.find((candidate) => fold(candidate) === fold(name));
    return match ? ` (did you mean "${match}"?)` : "";
}
