import { AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID } from "../components/azure-ad/aws-gallery-app";
import { AWS_ROLE_IMPORT_TEMPLATE_ID } from "../components/azure-ad/aws-role-import";
import { parseIamArn } from "../components/documents/iam-arns";
import { ROLE_READER_USER_NAME } from "../components/documents/role-reader-policy";
import {
    AttachedPolicy,
    AwsAccountReader,
    InlinePolicy,
    LiveAccessKey,
    LiveAccessKeyLastUsed,
    LiveLoginProfile,
    LiveManagedPolicy,
    LiveRole,
    LiveUser,
} from "../live/aws-account-reader";
import {
    GraphAppRoleAssignment,
    GraphApplication,
    GraphClaimsMappingPolicy,
    GraphReader,
    GraphServicePrincipal,
    GraphSynchronizationJob,
} from "../live/graph-reader";
import { parseIdpMetadata } from "../offline/sign-in/idp-metadata";

// Reads, never writes: every call below is a Get/List on IAM or a GET on Graph. What is read is kept
// as the clouds return it; matching and decisions happen in pure functions (matching.ts, stack-plan.ts).

/** An account as named on the command line. */
export interface AccountArgument {
    readonly name: string;
    readonly accountId: string;
    readonly deployRoleArn?: string;
}

/** An IAM SAML provider with the certificates and entity id of its metadata. */
export interface DiscoveredSamlProvider {
    readonly arn: string;
    readonly name: string;
    readonly metadataDocument: string;
    /** The metadata's entityID; empty when it could not be read. */
    readonly entityId: string;
    /** SHA-1 thumbprints (upper-case hex) of the signing certificates it trusts. */
    readonly thumbprints: readonly string[];
    /** Why the metadata could not be read, when it could not. */
    readonly metadataProblem?: string;
}

/** A role that trusts at least one SAML provider, with its permissions. */
export interface DiscoveredRole extends LiveRole {
    /** SAML provider ARNs in the trust's `Principal.Federated`. */
    readonly trustedSamlProviders: readonly string[];
    readonly attachedPolicies: readonly AttachedPolicy[];
    readonly inlinePolicies: readonly InlinePolicy[];
}

/** The IAM user the role import reads with: `iam:ListRoles` only, by its policies. */
export interface DiscoveredReader {
    readonly user: LiveUser;
    readonly loginProfile?: LiveLoginProfile;
    readonly accessKeys: readonly (LiveAccessKey & { readonly lastUsed?: LiveAccessKeyLastUsed })[];
    readonly attachedPolicies: readonly AttachedPolicy[];
    /** Customer-managed policies attached to it, with documents. */
    readonly managedPolicies: readonly LiveManagedPolicy[];
    readonly inlinePolicyNames: readonly string[];
}

export interface DiscoveredAccount {
    readonly argument: AccountArgument;
    /** The account the credentials reached (sts:GetCallerIdentity). */
    readonly callerAccountId: string;
    readonly samlProviders: readonly DiscoveredSamlProvider[];
    readonly samlRoles: readonly DiscoveredRole[];
    /** Users whose permissions are exactly `iam:ListRoles`; the tutorial's name first. */
    readonly readers: readonly DiscoveredReader[];
}

/** An assignment, with the user's UPN when the principal is a user. */
export interface DiscoveredAssignment extends GraphAppRoleAssignment {
    readonly userPrincipalName?: string;
}

/** One gallery-app instance of the AWS template and what hangs off it. */
export interface DiscoveredApp {
    /** Read by object id, so key credentials carry their certificate (`key`). */
    readonly servicePrincipal: GraphServicePrincipal;
    readonly application?: GraphApplication;
    readonly claimsMappingPolicies: readonly GraphClaimsMappingPolicy[];
    readonly assignments: readonly DiscoveredAssignment[];
    readonly synchronizationJobs: readonly GraphSynchronizationJob[];
}

/** Every read the adoption is decided from. */
export interface Discovery {
    readonly accounts: readonly DiscoveredAccount[];
    readonly apps: readonly DiscoveredApp[];
}

/** Reads one account: SAML providers, roles trusting any of them with permissions, and role-import reader candidates. */
export async function discoverAccount(argument: AccountArgument, reader: AwsAccountReader): Promise<DiscoveredAccount> {
    const caller = await reader.callerIdentity();
    const samlProviders: DiscoveredSamlProvider[] = [];
    for (const entry of await reader.listSamlProviders()) {
        const provider = await reader.findSamlProvider(entry.arn);
        if (!provider) continue;
        const parsed = parseIdpMetadata(provider.metadataDocument);
        samlProviders.push({
            arn: entry.arn,
            name: parseIamArn(entry.arn)?.name ?? entry.arn.slice(entry.arn.lastIndexOf("/") + 1),
            metadataDocument: provider.metadataDocument,
            entityId: parsed.ok ? parsed.metadata.entityId : "",
            thumbprints: parsed.ok ? parsed.metadata.signingCertificates.map((certificate) => certificate.thumbprint) : [],
            ...(parsed.ok ? {} : { metadataProblem: parsed.problem }),
        });
    }
    const samlRoles: DiscoveredRole[] = [];
    for (const listed of await reader.listRoles()) {
        const trusted = federatedSamlPrincipals(listed.trustPolicy);
        if (trusted.length === 0) continue;
        // ListRoles omits the permissions boundary and tags; GetRole has them.
        const role = (await reader.findRole(listed.name)) ?? listed;
        samlRoles.push({
            ...role,
            trustedSamlProviders: trusted,
            attachedPolicies: await reader.listAttachedRolePolicies(role.name),
            inlinePolicies: await reader.listRoleInlinePolicies(role.name),
        });
    }
    const readers: DiscoveredReader[] = [];
    for (const user of await reader.listUsers()) {
        const attachedPolicies = await reader.listAttachedUserPolicies(user.name);
        const managedPolicies: LiveManagedPolicy[] = [];
        for (const attached of attachedPolicies) {
            if (parseIamArn(attached.policyArn)?.accountId !== "aws") {
                const policy = await reader.findManagedPolicy(attached.policyArn);
                if (policy) managedPolicies.push(policy);
            }
        }
        const isRoleReader =
            managedPolicies.length > 0 &&
            managedPolicies.length === attachedPolicies.length &&
            managedPolicies.every((policy) => allowsOnlyListRoles(policy.document));
        if (!isRoleReader && user.name !== ROLE_READER_USER_NAME) continue;
        const accessKeys = [];
        for (const key of await reader.listAccessKeys(user.name)) {
            accessKeys.push({ ...key, lastUsed: await reader.getAccessKeyLastUsed(key.accessKeyId) });
        }
        readers.push({
            user,
            loginProfile: await reader.findLoginProfile(user.name),
            accessKeys,
            attachedPolicies,
            managedPolicies,
            inlinePolicyNames: await reader.listUserInlinePolicyNames(user.name),
        });
    }
    readers.sort((a, b) => Number(b.user.name === ROLE_READER_USER_NAME) - Number(a.user.name === ROLE_READER_USER_NAME));
    return { argument, callerAccountId: caller.account, samlProviders, samlRoles, readers };
}

/** Reads every instance of the AWS Single-Account Access template, by template id (display names have been renamed). */
export async function discoverApps(graph: GraphReader): Promise<DiscoveredApp[]> {
    const apps: DiscoveredApp[] = [];
    for (const listed of await graph.listServicePrincipalsByTemplate(AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID)) {
        // One object at a time: only then does Graph return the certificates' key material.
        const servicePrincipal = (await graph.findServicePrincipal(listed.id)) ?? listed;
        const assignments: DiscoveredAssignment[] = [];
        for (const assignment of await graph.listAppRoleAssignedTo(servicePrincipal.id)) {
            const user = assignment.principalType === "User" ? await graph.findUser(assignment.principalId) : undefined;
            assignments.push({ ...assignment, ...(user ? { userPrincipalName: user.userPrincipalName } : {}) });
        }
        apps.push({
            servicePrincipal,
            application: await graph.findApplicationByClientId(servicePrincipal.appId),
            claimsMappingPolicies: await graph.listClaimsMappingPolicies(servicePrincipal.id),
            assignments,
            synchronizationJobs: (await graph.listSynchronizationJobs(servicePrincipal.id)).filter(
                (job) => job.templateId === AWS_ROLE_IMPORT_TEMPLATE_ID,
            ),
        });
    }
    return apps;
}

/** SAML provider ARNs a trust policy's Allow statements name as `Principal.Federated`. */
export function federatedSamlPrincipals(trustPolicy: unknown): string[] {
    const providers = new Set<string>();
    for (const statement of statementsOf(trustPolicy)) {
        if (statement.Effect !== "Allow") continue;
        const federated = (statement.Principal as Record<string, unknown> | undefined)?.Federated;
        for (const principal of Array.isArray(federated) ? federated : [federated]) {
            if (typeof principal === "string" && parseIamArn(principal)?.resourceType === "saml-provider") providers.add(principal);
        }
    }
    return [...providers];
}

/** True when a policy document allows `iam:ListRoles` and nothing else. */
export function allowsOnlyListRoles(document: unknown): boolean {
    const statements = statementsOf(document);
    if (statements.length === 0) return false;
    return statements.every((statement) => {
        if (statement.Effect !== "Allow" || statement.NotAction !== undefined) return false;
        const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
        return actions.length > 0 && actions.every((action) => typeof action === "string" && action.toLowerCase() === "iam:listroles");
    });
}

/** Statements of a policy document, one or a list. */
export function statementsOf(document: unknown): Record<string, unknown>[] {
    const statement = (document as { Statement?: unknown } | undefined)?.Statement;
    const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
    return list.filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null);
}
