import { ProgramRun, RegisteredResource } from "../program/program-run";
import { parseIdpMetadata } from "../sign-in";
import { accountFinder } from "../sign-in/stack-sign-in";
import { AWS_SAML_ATTRIBUTE_PREFIX } from "../../policies/vocabulary/saml-attributes";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

/** One resource the stack would create, with the inputs a reviewer checks. */
export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly details: Readonly<Record<string, string | number | boolean | readonly string[]>>;
    /** The cloud id an adopted stack imports instead of creating. */
    readonly importId?: string;
    /** Inputs kept at their live value while adopting (`adoptionHolds`). */
    readonly held?: readonly string[];
}

/** Resources of one account, split by cloud. */
export interface PlannedAccount {
    readonly account: string;
    readonly azuread: readonly PlannedResource[];
    readonly aws: readonly PlannedResource[];
}

export interface PlanReport {
    readonly stack: string;
    /** Cloud resources the stack would create (components and providers not counted). */
    readonly resourceCount: number;
    readonly accounts: readonly PlannedAccount[];
    /** Resources outside any account: the test user, the Conditional Access policy. */
    readonly shared: readonly PlannedResource[];
    /** The IAM Identity Center path, split by cloud; absent without an identityCenter block. */
    readonly identityCenter?: { readonly azuread: readonly PlannedResource[]; readonly aws: readonly PlannedResource[] };
}

const IDENTITY_CENTER_COMPONENT = COMPONENT_TYPES.identityCenterFederation;

/** Groups a program run's cloud resources by account and cloud, with their important inputs. */
export function buildPlanReport(run: ProgramRun): PlanReport {
    const planned = run.resources.filter((resource) => resource.custom && !resource.type.startsWith("pulumi:providers:"));
    const accounts = new Map<string, { azuread: PlannedResource[]; aws: PlannedResource[] }>();
    const shared: PlannedResource[] = [];
    const accountOf = accountFinder(run);
    const byUrn = new Map(run.resources.map((resource) => [resource.urn, resource]));
    const inIdentityCenter = (resource: RegisteredResource): boolean => {
        for (
            let current: RegisteredResource | undefined = resource;
            current;
            current = current.parent ? byUrn.get(current.parent) : undefined
        ) {
            if (current.type === IDENTITY_CENTER_COMPONENT) {
                return true;
            }
        }
        return false;
    };
    let identityCenter: { azuread: PlannedResource[]; aws: PlannedResource[] } | undefined;
    for (const resource of planned) {
        const held = resource.importId ? (resource.options.ignoreChanges ?? []) : [];
        const entry: PlannedResource = {
            type: shortType(resource.type),
            name: resource.name,
            details: detailsOf(resource),
            ...(resource.importId ? { importId: resource.importId } : {}),
            ...(resource.importId && held.length > 0 ? { held } : {}),
        };
        if (inIdentityCenter(resource)) {
            identityCenter ??= { azuread: [], aws: [] };
            (resource.type.startsWith("aws:") ? identityCenter.aws : identityCenter.azuread).push(entry);
            continue;
        }
        const account = accountOf(resource)?.name;
        if (!account) {
            shared.push(entry);
            continue;
        }
        const group = accounts.get(account) ?? { azuread: [], aws: [] };
        accounts.set(account, group);
        (resource.type.startsWith("aws:") ? group.aws : group.azuread).push(entry);
    }
    return {
        stack: run.stack,
        resourceCount: planned.length,
        accounts: [...accounts].map(([account, group]) => ({ account, ...group })),
        shared,
        ...(identityCenter ? { identityCenter } : {}),
    };
}

/** The plan as text, one block per account and cloud. */
export function formatPlanReport(report: PlanReport): string {
    const imports = [...report.accounts.flatMap((account) => [...account.azuread, ...account.aws]), ...report.shared].filter(
        (resource) => resource.importId,
    ).length;
    const lines = [
        imports === 0
            ? `Plan for stack ${report.stack}: ${report.resourceCount} resources to create`
            : `Plan for stack ${report.stack}: ${report.resourceCount} resources, ${imports} to import, ${report.resourceCount - imports} to create`,
    ];
    const block = (title: string, resources: readonly PlannedResource[]) => {
        if (resources.length === 0) {
            return;
        }
        lines.push("", `  ${title}`);
        for (const resource of resources) {
            lines.push(
                resource.importId
                    ? `    = ${resource.type}  ${resource.name}  (import ${resource.importId})`
                    : `    + ${resource.type}  ${resource.name}`,
            );
            if (resource.held) {
                lines.push(`        held at the live value: ${resource.held.join(", ")}`);
            }
            for (const [key, value] of Object.entries(resource.details)) {
                lines.push(`        ${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`);
            }
        }
    };
    for (const account of report.accounts) {
        block(`account ${account.account}: Azure AD (${account.azuread.length})`, account.azuread);
        block(`account ${account.account}: AWS (${account.aws.length})`, account.aws);
    }
    if (report.identityCenter) {
        block(`IAM Identity Center: Azure AD (${report.identityCenter.azuread.length})`, report.identityCenter.azuread);
        block(`IAM Identity Center: AWS (${report.identityCenter.aws.length})`, report.identityCenter.aws);
    }
    block(`shared: Azure AD (${report.shared.length})`, report.shared);
    return lines.join("\n");
}

function shortType(type: string): string {
    if (type.startsWith("pulumi-nodejs:dynamic")) {
        return `dynamic:${type.split(":").pop()}`;
    }
    const [provider, , name] = type.split(":");
    return `${provider}:${name}`;
}

function compactJson(value: unknown): string {
    return typeof value === "string" ? JSON.stringify(JSON.parse(value)) : JSON.stringify(value);
}

function detailsOf(resource: RegisteredResource): PlannedResource["details"] {
    const inputs = resource.inputs;
    const outputs = resource.outputs;
    switch (resource.type) {
        case "aws:iam/samlProvider:SamlProvider": {
            const metadata = String(inputs.samlMetadataDocument);
            const parsed = parseIdpMetadata(metadata);
            return {
                name: String(inputs.name),
                arn: String(outputs.arn),
                metadata: `${metadata.length} characters`,
                ...(parsed.ok
                    ? {
                          entityId: parsed.metadata.entityId,
                          certificates: parsed.metadata.signingCertificates.map((certificate) => certificate.thumbprint),
                      }
                    : { problem: parsed.problem }),
            };
        }
        case "aws:iam/role:Role":
            return {
                arn: String(outputs.arn),
                maxSessionDuration: Number(inputs.maxSessionDuration),
                trust: compactJson(inputs.assumeRolePolicy),
            };
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            return { role: String(inputs.role), policy: String(inputs.policyArn) };
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/policy:Policy":
            return { name: String(inputs.name), policy: compactJson(inputs.policy) };
        case "aws:iam/user:User":
            return { name: String(inputs.name) };
        case "aws:iam/accessKey:AccessKey":
            return { user: String(inputs.user), id: String(resource.id), secret: "[secret]" };
        case "azuread:index/applicationFromTemplate:ApplicationFromTemplate":
            return { displayName: String(inputs.displayName), templateId: String(inputs.templateId) };
        case "azuread:index/servicePrincipal:ServicePrincipal":
            return {
                mode: String(inputs.preferredSingleSignOnMode),
                assignmentRequired: Boolean(inputs.appRoleAssignmentRequired),
                notify: (inputs.notificationEmailAddresses as string[]) ?? [],
            };
        case "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri":
            return { identifier: String(inputs.identifierUri) };
        case "azuread:index/applicationRedirectUris:ApplicationRedirectUris":
            return { replyUrls: (inputs.redirectUris as string[]) ?? [] };
        case "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy":
            return { claims: claimsOf((inputs.definitions as string[])[0]) };
        case "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate":
            return { subject: String(inputs.displayName), thumbprint: String(outputs.thumbprint), endDate: String(outputs.endDate) };
        case "azuread:index/applicationAppRole:ApplicationAppRole":
            return { value: String(inputs.value), roleId: String(inputs.roleId) };
        case "azuread:index/appRoleAssignment:AppRoleAssignment":
            return { appRoleId: String(inputs.appRoleId), principal: String(inputs.principalObjectId) };
        case "azuread:index/synchronizationSecret:SynchronizationSecret":
            return { keys: ((inputs.credentials as { key: string }[]) ?? []).map((credential) => credential.key), values: "[secret]" };
        case "azuread:index/synchronizationJob:SynchronizationJob":
            return { template: String(inputs.templateId), enabled: Boolean(inputs.enabled) };
        case "azuread:index/user:User":
            return { userPrincipalName: String(inputs.userPrincipalName), password: "[secret]" };
        case "azuread:index/synchronizationJobProvisionOnDemand:SynchronizationJobProvisionOnDemand":
            return {
                subjects: ((inputs.parameters as { subjects?: { objectId: string; objectTypeName: string }[] }[]) ?? []).flatMap(
                    (parameter) => (parameter.subjects ?? []).map((subject) => `${subject.objectTypeName} ${subject.objectId}`),
                ),
            };
        case "aws:ssoadmin/permissionSet:PermissionSet":
            return { name: String(inputs.name), arn: String(outputs.arn), sessionDuration: String(inputs.sessionDuration ?? "PT1H") };
        case "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment":
            return { policy: String(inputs.managedPolicyArn) };
        case "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": {
            const reference = inputs.customerManagedPolicyReference as { name: string; path?: string };
            return { policy: `${reference.path ?? "/"}${reference.name} (customer-managed, in each assigned account)` };
        }
        case "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment":
            return { boundary: compactJson(inputs.permissionsBoundary) };
        case "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy":
            return { policy: compactJson(inputs.inlinePolicy) };
        case "aws:ssoadmin/accountAssignment:AccountAssignment":
            return { group: String(inputs.principalId), account: String(inputs.targetId), permissionSet: String(inputs.permissionSetArn) };
        default:
            if (resource.type.includes("PreferredTokenSigningKey")) {
                return { thumbprint: String(inputs.thumbprint) };
            }
            return {};
    }
}

/** `Role <- assignedroles`, `SessionDuration = 3600`: what the policy sends, as a reviewer reads it. */
function claimsOf(definition: string): string[] {
    try {
        const schema = JSON.parse(definition).ClaimsMappingPolicy.ClaimsSchema as Record<string, string>[];
        return schema.map((claim) => {
            const name = claim.SamlClaimType.replace(AWS_SAML_ATTRIBUTE_PREFIX, "");
            return "Value" in claim ? `${name} = ${claim.Value}` : `${name} <- ${claim.ID}`;
        });
    } catch {
        return ["(not a claims mapping policy)"];
    }
}
