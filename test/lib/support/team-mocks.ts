import * as pulumi from "@pulumi/pulumi";
import { iamRoleArn, parseIamArn } from "../../../components/documents/iam-arns";
import { DIRECTORY_USERS, ssoStackOutputs, TENANT_ID } from "./sso-contract";
import { readStackConfigFile, RegisteredResource, recordRegistrations } from "../../../offline/program/program-run";

export const TYPES = {
    stackReference: "pulumi:pulumi:StackReference",
    awsProvider: "pulumi:providers:aws",
    azureadProvider: "pulumi:providers:azuread",
    teamRole: "azuread-aws-sso:team:TeamRole",
    roleAssignment: "azuread-aws-sso:team:RoleAssignment",
    role: "aws:iam/role:Role",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    appRole: "azuread:index/applicationAppRole:ApplicationAppRole",
    appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
} as const;

/** Account the ambient (default) aws credentials belong to: none of the SSO stack's. */
export const AMBIENT_ACCOUNT_ID = "999988887777";
/** Tenant the ambient (default) azuread credentials belong to: not the SSO stack's. */
export const AMBIENT_TENANT_ID = "0f0e0d0c-0b0a-4909-8807-060504030201";

/** A registration the mock monitor received. */
export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    /** Explicit provider reference, `<urn>::<id>`. */
    readonly provider?: string;
    readonly id: string;
    readonly state: Record<string, any>;
}

export interface Invocation {
    readonly token: string;
    readonly inputs: Record<string, any>;
    readonly provider?: string;
}

/**
 * Stand-ins for AWS, Azure AD and the Pulumi service, enough for team programs: the stack reference
 * returns `stackOutputs`; a provider's credentials decide the account or tenant the identity
 * lookups answer with (the assumed role's account, else the first allowed account; the provider's
 * tenantId); users are looked up in `DIRECTORY_USERS`.
 */
export class TeamMocks implements pulumi.runtime.Mocks {
    public readonly resources: Registered[] = [];
    public readonly invocations: Invocation[] = [];
    private readonly providerInputs = new Map<string, Record<string, any>>();

    constructor(public stackOutputs: Record<string, unknown> = ssoStackOutputs() as unknown as Record<string, unknown>) {}

    public newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const { id, state } = this.create(args);
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider || undefined, id, state });
        return { id, state };
    }

    public call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        this.invocations.push({ token: args.token, inputs: args.inputs, provider: args.provider || undefined });
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity": {
                const accountId = this.awsAccountOf(args.provider);
                return {
                    accountId,
                    arn: `arn:aws:sts::${accountId}:assumed-role/deploy/pulumi`,
                    userId: "AROATESTDEPLOY:pulumi",
                    id: accountId,
                };
            }
            case "azuread:index/getClientConfig:getClientConfig": {
                const tenantId = this.inputsOf(args.provider)?.tenantId ?? AMBIENT_TENANT_ID;
                return {
                    tenantId,
                    clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
                    objectId: "b1d3f5a7-c9e1-4a3c-8e5a-7c9e1b3d5f70",
                    id: tenantId,
                };
            }
            case "azuread:index/getUser:getUser": {
                const upn = String(args.inputs.userPrincipalName);
                const objectId = DIRECTORY_USERS[upn.toLowerCase()];
                if (!objectId) {
                    throw new Error(`User with UPN "${upn}" was not found`);
                }
                return { objectId, id: objectId, userPrincipalName: upn, accountEnabled: true };
            }
            default:
                throw new Error(`no stand-in for invoke ${args.token}`);
        }
    }

    /** The registrations of one type. */
    public ofType(type: string): Registered[] {
        return this.resources.filter((resource) => resource.type === type);
    }

    /** The one registration of a type and name. */
    public one(type: string, name: string): Registered {
        const found = this.resources.filter((resource) => resource.type === type && resource.name === name);
        if (found.length !== 1) {
            const names = this.ofType(type).map((resource) => resource.name);
            throw new Error(`expected one ${type} named ${name}, found ${found.length}; registered: ${names.join(", ") || "none"}`);
        }
        return found[0];
    }

    /** The provider registration a provider reference points at. */
    public providerOf(reference: string | undefined): Registered | undefined {
        const id = reference?.split("::").pop();
        return this.resources.find((resource) => resource.type.startsWith("pulumi:providers:") && resource.id === id);
    }

    private create(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const inputs = args.inputs as Record<string, any>;
        switch (args.type) {
            case TYPES.stackReference:
                return { id: inputs.name, state: { name: inputs.name, outputs: this.stackOutputs, secretOutputNames: [] } };
            case TYPES.awsProvider:
            case TYPES.azureadProvider: {
                const id = `${args.name}-provider-id`;
                this.providerInputs.set(id, inputs);
                return { id, state: inputs };
            }
            case TYPES.role: {
                const arn = iamRoleArn(this.awsAccountOf(args.provider), inputs.name);
                return { id: inputs.name, state: { ...inputs, arn, uniqueId: "AROATEAMROLE0000001" } };
            }
            case TYPES.appRole:
                return { id: `${inputs.applicationId}/appRoles/${inputs.roleId}`, state: inputs };
            case TYPES.appRoleAssignment:
                return {
                    id: `/servicePrincipals/${inputs.resourceObjectId}/appRoleAssignedTo/${inputs.principalObjectId}`,
                    state: { ...inputs, principalType: DIRECTORY_USER_IDS.has(inputs.principalObjectId) ? "User" : "Group" },
                };
            default:
                return { id: `${args.name}-id`, state: inputs };
        }
    }

    private inputsOf(reference: string | undefined): Record<string, any> | undefined {
        const id = reference?.split("::").pop();
        return id === undefined ? undefined : this.providerInputs.get(id);
    }

    private awsAccountOf(reference: string | undefined): string {
        const inputs = this.inputsOf(reference);
        if (!inputs) {
            return AMBIENT_ACCOUNT_ID;
        }
        // Provider inputs reach the engine JSON-encoded.
        const decode = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
        const assumed = decode(inputs.assumeRoles)?.[0]?.roleArn as string | undefined;
        return (assumed && parseIamArn(assumed)?.accountId) ?? decode(inputs.allowedAccountIds)?.[0] ?? AMBIENT_ACCOUNT_ID;
    }
}

const DIRECTORY_USER_IDS = new Set(Object.values(DIRECTORY_USERS));

/** Installs fresh mocks as project `project`, stack `stack`; also forgets promises earlier tests left pending. */
export async function useMocks(mocks: TeamMocks, project = "team-data", stack = "dev"): Promise<TeamMocks> {
    await pulumi.runtime.setMocks(mocks, project, stack);
    return mocks;
}

export { outputValue as unwrap } from "../../support/output-value";

/** Waits until every registration started so far has been answered. */
export async function settled(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
}

/**
 * Runs `body` while collecting the errors the runtime would report as unhandled (a resource whose
 * input rejected never registers; its error surfaces only there), until `until` holds for them or
 * `timeoutMs` passes.
 */
export async function reportedErrors(
    body: () => void,
    until: (errors: readonly Error[]) => boolean = (errors) => errors.length > 0,
    timeoutMs = 3000,
): Promise<Error[]> {
    const errors: Error[] = [];
    const collect = (reason: unknown) => {
        const error = reason instanceof Error ? reason : new Error(String(reason));
        if (!errors.includes(error)) {
            errors.push(error);
        }
    };
    process.on("unhandledRejection", collect);
    try {
        body();
        const deadline = Date.now() + timeoutMs;
        while (!until(errors) && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // Let rejections already queued on the same turn arrive.
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
        process.off("unhandledRejection", collect);
    }
    return errors;
}

/** Raw config of a Pulumi project's stack file, as the engine passes it to the program. */
export function stackConfig(projectDir: string, stack: string): { project: string; config: Record<string, string> } {
    const { project, config } = readStackConfigFile(stack, projectDir);
    return { project, config };
}

export { TENANT_ID };

/** A registration as the engine receives it: what a policy pack analyzes. */
export type EngineRegistration = RegisteredResource;

/** Records registrations and reads (the stack reference) with URN, parent, provider and dependencies. */
export { recordRegistrations };
