import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";

/**
 * The SDK floor: a Pulumi program that registers the same number of bare resources as the real
 * program and does nothing else. Run with `runProgramUnderMocks({ programPath })`, so it goes
 * through exactly the harness, SDK and stand-ins the real program does. Two shapes:
 *
 * - replay (`bench:floorRecording` = a file written by `child eval --record`): every resource the
 *   program registered, in the same order, as a bare resource of the same type and SDK class with
 *   the same input values, known up front. Components become empty `ComponentResource`s. No
 *   parents, no applies, no invokes, no config parsing: what is left is the SDK's own cost.
 * - bare roles (`bench:floorResources` + `bench:floorAccounts`): per account one explicit aws
 *   provider, then plain `aws.iam.Role`s with program-like inputs.
 */

/** One registration of the program, as `child eval --record` writes it. */
export interface RecordedRegistration {
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** Plain inputs (secrets unwrapped). */
    readonly inputs: Record<string, unknown>;
    readonly secretInputs: readonly string[];
    /** URN of the explicit provider, if any. */
    readonly providerUrn?: string;
    readonly urn: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each SDK class has its own args type; any is what lets one table hold them
type ResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The SDK class behind each type token the program registers. */
const CLASSES: Readonly<Record<string, ResourceClass>> = {
    "aws:iam/role:Role": aws.iam.Role,
    "aws:iam/samlProvider:SamlProvider": aws.iam.SamlProvider,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": aws.iam.RolePolicyAttachment,
    "aws:iam/rolePolicy:RolePolicy": aws.iam.RolePolicy,
    "aws:iam/policy:Policy": aws.iam.Policy,
    "aws:iam/user:User": aws.iam.User,
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": aws.iam.UserPolicyAttachment,
    "aws:iam/accessKey:AccessKey": aws.iam.AccessKey,
    "azuread:index/applicationFromTemplate:ApplicationFromTemplate": azuread.ApplicationFromTemplate,
    "azuread:index/servicePrincipal:ServicePrincipal": azuread.ServicePrincipal,
    "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri": azuread.ApplicationIdentifierUri,
    "azuread:index/applicationRedirectUris:ApplicationRedirectUris": azuread.ApplicationRedirectUris,
    "azuread:index/applicationOwner:ApplicationOwner": azuread.ApplicationOwner,
    "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate":
        azuread.ServicePrincipalTokenSigningCertificate,
    "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy": azuread.ClaimsMappingPolicy,
    "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment":
        azuread.ServicePrincipalClaimsMappingPolicyAssignment,
    "azuread:index/applicationAppRole:ApplicationAppRole": azuread.ApplicationAppRole,
    "azuread:index/appRoleAssignment:AppRoleAssignment": azuread.AppRoleAssignment,
    "azuread:index/synchronizationSecret:SynchronizationSecret": azuread.SynchronizationSecret,
    "azuread:index/synchronizationJob:SynchronizationJob": azuread.SynchronizationJob,
    "azuread:index/user:User": azuread.User,
    "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": azuread.ConditionalAccessPolicy,
};

const AWS_PROVIDER = "pulumi:providers:aws";

/** A custom resource of any type token, for types without an SDK class (dynamic resources). */
class BareResource extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(type, name, props, opts);
    }
}

/** Provider inputs travel JSON-encoded; decode the ones the stand-ins read. */
function providerArgs(inputs: Record<string, unknown>): aws.ProviderArgs {
    const decode = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
    return { region: inputs.region as aws.Region, allowedAccountIds: decode(inputs.allowedAccountIds) as string[] };
}

function replay(recording: readonly RecordedRegistration[]): number {
    const providers = new Map<string, pulumi.ProviderResource>();
    for (const entry of recording.filter((candidate) => candidate.type === AWS_PROVIDER)) {
        providers.set(entry.urn, new aws.Provider(entry.name, providerArgs(entry.inputs)));
    }
    const seen = new Set<string>();
    for (const entry of recording) {
        if (entry.type === AWS_PROVIDER) {
            continue;
        }
        // Without parents, names must be unique per type on their own.
        let name = entry.name;
        for (let suffix = 2; seen.has(`${entry.type}::${name}`); suffix++) {
            name = `${entry.name}-${suffix}`;
        }
        seen.add(`${entry.type}::${name}`);
        if (!entry.custom) {
            new pulumi.ComponentResource(entry.type, name, {}, {});
            continue;
        }
        const provider = entry.providerUrn === undefined ? undefined : providers.get(entry.providerUrn);
        const inputs = Object.fromEntries(
            Object.entries(entry.inputs).map(([key, value]) => [key, entry.secretInputs.includes(key) ? pulumi.secret(value) : value]),
        );
        const Class = CLASSES[entry.type];
        if (Class !== undefined) {
            new Class(name, inputs, { provider });
        } else {
            // Dynamic resources and anything unmapped: the generic class, same type token and inputs.
            new BareResource(entry.type, name, inputs, { provider });
        }
    }
    return recording.length;
}

function bareRoles(total: number, accountIds: readonly string[]): number {
    const roleCount = total - accountIds.length;
    if (roleCount < 0) {
        throw new Error(`bench:floorResources (${total}) is smaller than the number of accounts (${accountIds.length})`);
    }
    const providers = accountIds.map(
        (accountId, index) => new aws.Provider(`floor-aws-${index}`, { region: "eu-central-1", allowedAccountIds: [accountId] }),
    );
    for (let index = 0; index < roleCount; index++) {
        const accountIndex = index % accountIds.length;
        const accountId = accountIds[accountIndex];
        const name = `FloorRole${index}`;
        new aws.iam.Role(
            `floor-role-${index}`,
            {
                name,
                description: `AWS role ${name} in account ${accountId}`,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/AzureAD` },
                            Action: "sts:AssumeRoleWithSAML",
                            Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
                        },
                    ],
                }),
                maxSessionDuration: 3600,
                tags: { "managed-by": "pulumi", project: "azuread-aws-sso", stack: pulumi.getStack() },
            },
            { provider: providers[accountIndex] },
        );
    }
    return total;
}

const config = new pulumi.Config("bench");
const recordingFile = config.get("floorRecording");
export const floorResources =
    recordingFile !== undefined
        ? replay(JSON.parse(fs.readFileSync(recordingFile, "utf8")) as RecordedRegistration[])
        : bareRoles(config.requireNumber("floorResources"), config.requireObject<string[]>("floorAccounts"));
