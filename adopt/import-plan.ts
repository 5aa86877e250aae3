import { shortHash } from "../components/aws/saml-federation";
import { AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID } from "../components/azure-ad/aws-gallery-app";
import { identifierUri } from "../components/documents/aws-sign-in-endpoints";
import { accessKeyResourceName } from "../components/documents/role-import-keys";
import { AdoptedAccount, AdoptionPlan, readerPolicyOf } from "./adoption-plan";

/** Type tokens of the resources the program registers, as the engine sees them. */
export const RESOURCE_TYPES = {
    applicationFromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    identifierUri: "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri",
    redirectUris: "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
    signingCertificate: "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate",
    preferredSigningKey: "pulumi-nodejs:dynamic/azure-ad:PreferredTokenSigningKey",
    claimsMappingPolicy: "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy",
    claimsAssignment: "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment",
    appRole: "azuread:index/applicationAppRole:ApplicationAppRole",
    assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
    synchronizationJob: "azuread:index/synchronizationJob:SynchronizationJob",
    synchronizationSecret: "azuread:index/synchronizationSecret:SynchronizationSecret",
    samlProvider: "aws:iam/samlProvider:SamlProvider",
    role: "aws:iam/role:Role",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    user: "aws:iam/user:User",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    accessKey: "aws:iam/accessKey:AccessKey",
} as const;

/** One cloud object the first `pulumi up` imports: the registered name and type, and the provider's import id. */
export interface ImportEntry {
    readonly account: string;
    readonly name: string;
    readonly type: string;
    readonly id: string;
}

/** A resource the program registers that does not exist yet: the first `pulumi up` creates it. */
export interface CreatedResource {
    readonly account: string;
    readonly name: string;
    readonly type: string;
    /** Why it does not exist, or why it cannot be imported. */
    readonly reason: string;
}

/**
 * Resource names exactly as the components register them. They mirror the components' naming
 * (`<account>-azuread-*`, `<account>-aws-*`, ...); the adoption test runs the program with the written
 * config and fails if any entry lands on no registered resource of that name and type.
 */
export const resourceNames = {
    app: (account: string) => `${account}-azuread-app`,
    servicePrincipal: (account: string) => `${account}-azuread-sp`,
    identifier: (account: string) => `${account}-azuread-identifier`,
    replyUrl: (account: string) => `${account}-azuread-reply-url`,
    signingCertificate: (account: string, certificate: string) => `${account}-azuread-signing-${certificate}`,
    preferredSigningKey: (account: string) => `${account}-azuread-preferred-signing-key`,
    claims: (account: string) => `${account}-azuread-claims`,
    claimsAssignment: (account: string) => `${account}-azuread-claims-assignment`,
    appRole: (account: string, role: string) => `${account}-app-roles-${role}`,
    assignment: (account: string, role: string, suffix: string) => `${account}-app-roles-${role}-${suffix}`,
    roleImportJob: (account: string) => `${account}-role-import-job`,
    roleImportSecret: (account: string) => `${account}-role-import-secret`,
    samlProvider: (account: string) => `${account}-aws-saml-provider`,
    role: (account: string, role: string) => `${account}-aws-role-${role}`,
    rolePolicyAttachment: (account: string, role: string, policyArn: string) => `${account}-aws-role-${role}-${shortHash(policyArn)}`,
    roleInlinePolicy: (account: string, role: string) => `${account}-aws-role-${role}-inline`,
    readerPolicy: (account: string) => `${account}-role-reader-policy`,
    readerUser: (account: string) => `${account}-role-reader-user`,
    readerPolicyAttachment: (account: string) => `${account}-role-reader-policy-attachment`,
    readerAccessKey: (account: string, generation: string) => accessKeyResourceName(`${account}-role-reader`, generation),
};

/** Every existing object the stack manages, with its import id; and what the first `pulumi up` creates. */
export function importPlan(plan: AdoptionPlan): { readonly imports: ImportEntry[]; readonly created: CreatedResource[] } {
    const imports: ImportEntry[] = [];
    const created: CreatedResource[] = [];
    const provisioning = plan.resolved?.provisioning ?? true;
    for (const account of plan.accounts) {
        const add = (name: string, type: string, id: string) => imports.push({ account: account.name, name, type, id });
        const create = (name: string, type: string, reason: string) => created.push({ account: account.name, name, type, reason });
        const a = account.name;
        const sp = account.match.app.servicePrincipal;
        const applicationObjectId = account.match.app.application?.id;
        const T = RESOURCE_TYPES;
        if (applicationObjectId) {
            add(
                resourceNames.app(a),
                T.applicationFromTemplate,
                `/applicationTemplates/${AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID}/instantiate/${applicationObjectId}/${sp.id}`,
            );
        }
        add(resourceNames.servicePrincipal(a), T.servicePrincipal, `/servicePrincipals/${sp.id}`);
        const resolved = plan.resolved?.accounts.find((entry) => entry.name === a);
        const identifier = resolved ? identifierUri(resolved.identifierSuffix) : undefined;
        if (applicationObjectId && account.identifierUri && identifier === account.identifierUri) {
            add(
                resourceNames.identifier(a),
                T.identifierUri,
                `/applications/${applicationObjectId}/identifierUris/${Buffer.from(account.identifierUri).toString("base64")}`,
            );
        } else {
            create(resourceNames.identifier(a), T.identifierUri, "the app has no identifier the contract expresses");
        }
        if (applicationObjectId) add(resourceNames.replyUrl(a), T.redirectUris, `/applications/${applicationObjectId}/redirectUris/Web`);
        for (const certificate of account.certificates) {
            add(
                resourceNames.signingCertificate(a, certificate.name),
                T.signingCertificate,
                `${sp.id}/tokenSigningCertificate/${certificate.keyId}`,
            );
        }
        if (sp.preferredTokenSigningKeyThumbprint) {
            add(resourceNames.preferredSigningKey(a), T.preferredSigningKey, sp.id.toLowerCase());
        } else {
            create(resourceNames.preferredSigningKey(a), T.preferredSigningKey, "no preferred signing key is set");
        }
        if (account.claimsMappingPolicy) {
            add(resourceNames.claims(a), T.claimsMappingPolicy, `/policies/claimsMappingPolicies/${account.claimsMappingPolicy.id}`);
            add(
                resourceNames.claimsAssignment(a),
                T.claimsAssignment,
                `/servicePrincipals/${sp.id}/claimsMappingPolicies/${account.claimsMappingPolicy.id}`,
            );
        } else {
            create(resourceNames.claims(a), T.claimsMappingPolicy, "the app has no claims mapping policy the contract expresses");
            create(resourceNames.claimsAssignment(a), T.claimsAssignment, "assigns the new claims mapping policy");
        }
        for (const adopted of account.roles) {
            const role = adopted.role.name;
            if (adopted.applicationAppRole && applicationObjectId) {
                add(
                    resourceNames.appRole(a, role),
                    T.appRole,
                    `/applications/${applicationObjectId}/appRoles/${adopted.applicationAppRole.id}`,
                );
            } else {
                create(
                    resourceNames.appRole(a, role),
                    T.appRole,
                    adopted.servicePrincipalAppRoles.length > 0
                        ? "the role import's app role lives on the service principal"
                        : "no app role has this role's value",
                );
            }
            for (const assignment of adopted.assignments) {
                const name = resourceNames.assignment(a, role, assignment.suffix);
                if (assignment.imported) {
                    add(name, T.assignment, `/servicePrincipals/${sp.id}/appRoleAssignedTo/${assignment.assignment.id}`);
                } else {
                    create(
                        name,
                        T.assignment,
                        "the existing assignment points at the role import's app role; this one points at the application's",
                    );
                }
            }
            add(resourceNames.role(a, role), T.role, role);
            for (const policy of adopted.role.attachedPolicies) {
                add(resourceNames.rolePolicyAttachment(a, role, policy.policyArn), T.rolePolicyAttachment, `${role}/${policy.policyArn}`);
            }
            if (adopted.managedInlinePolicy) {
                add(resourceNames.roleInlinePolicy(a, role), T.rolePolicy, `${role}:${adopted.managedInlinePolicy.policyName}`);
            }
        }
        add(resourceNames.samlProvider(a), T.samlProvider, account.match.provider.arn);
        if (provisioning) importRoleImport(account, plan.resolved?.roleImportKeys.map((key) => key.name) ?? [], add, create);
    }
    return { imports, created };
}

function importRoleImport(
    account: AdoptedAccount,
    generations: readonly string[],
    add: (name: string, type: string, id: string) => void,
    create: (name: string, type: string, reason: string) => void,
): void {
    const a = account.name;
    const T = RESOURCE_TYPES;
    const sp = account.match.app.servicePrincipal;
    const reader = account.reader;
    const policy = readerPolicyOf(reader);
    if (reader) {
        add(resourceNames.readerUser(a), T.user, reader.user.name);
    } else {
        create(resourceNames.readerUser(a), T.user, "no role-import reader exists");
    }
    if (reader && policy) {
        add(resourceNames.readerPolicy(a), T.policy, policy.arn);
        add(resourceNames.readerPolicyAttachment(a), T.userPolicyAttachment, `${reader.user.name}/${policy.arn}`);
    } else {
        create(resourceNames.readerPolicy(a), T.policy, "no iam:ListRoles-only policy at / is attached to a reader");
        create(resourceNames.readerPolicyAttachment(a), T.userPolicyAttachment, "attaches the new policy");
    }
    for (const generation of generations) {
        create(
            resourceNames.readerAccessKey(a, generation),
            T.accessKey,
            `AWS never returns a key's secret, so the role import gets a new key generation (${generation})`,
        );
    }
    create(
        resourceNames.roleImportSecret(a),
        T.synchronizationSecret,
        "the provider cannot import synchronization secrets; it writes the new key",
    );
    if (account.job) {
        add(resourceNames.roleImportJob(a), T.synchronizationJob, `/servicePrincipals/${sp.id}/synchronization/jobs/${account.job.id}`);
    } else {
        create(resourceNames.roleImportJob(a), T.synchronizationJob, "the role import is not set up");
    }
}
