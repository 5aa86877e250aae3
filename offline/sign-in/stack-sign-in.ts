import { parseIamArn } from "../../components/documents/iam-arns";
import { ProgramRun, RegisteredResource } from "../program/program-run";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";
import { AzureSignInApp, DirectoryUser, failureBeforeRoleChoice, formatSignInResult, SignInPlan, SignInResult, simulateSignIn } from "./";

const ACCOUNT_COMPONENT = COMPONENT_TYPES.accountFederation;
const TYPE = {
    samlProvider: "aws:iam/samlProvider:SamlProvider",
    role: "aws:iam/role:Role",
    identifierUri: "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri",
    redirectUris: "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
    claimsMappingPolicy: "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy",
    claimsAssignment: "azuread:index/servicePrincipalClaimsMappingPolicyAssignment:ServicePrincipalClaimsMappingPolicyAssignment",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    appRole: "azuread:index/applicationAppRole:ApplicationAppRole",
    assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
} as const;

/** One assignment's simulated sign-in. */
export interface AssignmentSignIn {
    readonly account: string;
    /** Who signs in: a user's UPN, or a stand-in member of an assigned group. */
    readonly principal: string;
    readonly principalKind: "user" | "group member";
    readonly results: readonly SignInResult[];
    /** One line per role, as the preview prints it. */
    readonly lines: readonly string[];
}

export interface StackSignInReport {
    readonly signIns: readonly AssignmentSignIn[];
    readonly succeeded: number;
    readonly failed: number;
}

/**
 * Signs in every assigned principal of every gallery-app instance in a program run: Azure AD's
 * response built from the planned claims policy and signed with the preferred key's certificate,
 * validated against the metadata and trust policies the program gave AWS.
 */
export function simulateStackSignIns(run: ProgramRun, options: StackSignInOptions = {}): StackSignInReport {
    const { accounts, signInAccount } = prepareStackSignIns(run, options);
    return stackSignInReport(accounts.flatMap(signInAccount));
}

/**
 * `simulateStackSignIns`, yielding to the event loop after each account, so that I/O started
 * before (the policy pack's requests) proceeds while the sign-ins run.
 */
export async function simulateStackSignInsInTurns(run: ProgramRun, options: StackSignInOptions = {}): Promise<StackSignInReport> {
    const { accounts, signInAccount } = prepareStackSignIns(run, options);
    const signIns: AssignmentSignIn[] = [];
    for (const account of accounts) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        signIns.push(...signInAccount(account));
    }
    return stackSignInReport(signIns);
}

export interface StackSignInOptions {
    /** The sign-in clock; now by default. */
    readonly now?: Date;
    /** Ids of the SAML response and assertion; random by default. */
    readonly newId?: () => string;
}

function stackSignInReport(signIns: AssignmentSignIn[]): StackSignInReport {
    const all = signIns.flatMap((signIn) => signIn.results);
    return { signIns, succeeded: all.filter((result) => result.ok).length, failed: all.filter((result) => !result.ok).length };
}

/** The plan every sign-in checks against, and the sign-ins of one account. */
function prepareStackSignIns(
    run: ProgramRun,
    options: StackSignInOptions,
): { accounts: RegisteredResource[]; signInAccount: (account: RegisteredResource) => AssignmentSignIn[] } {
    const now = options.now ?? new Date();
    const tenantId = String(run.stackOutputs.tenantId);
    const plan: SignInPlan = {
        tenantId,
        providers: ofType(run, TYPE.samlProvider).map((provider) => {
            const arn = String(provider.outputs.arn);
            return {
                arn,
                name: String(provider.inputs.name),
                accountId: parseIamArn(arn)?.accountId ?? "",
                metadataXml: String(provider.inputs.samlMetadataDocument),
            };
        }),
        roles: ofType(run, TYPE.role).map((role) => {
            const arn = String(role.outputs.arn);
            return {
                arn,
                name: String(role.inputs.name),
                accountId: parseIamArn(arn)?.accountId ?? "",
                trustPolicy: role.inputs.assumeRolePolicy as string,
                maxSessionDuration: Number(role.inputs.maxSessionDuration ?? 3600),
            };
        }),
    };
    const memberDomain = domainOf(run);
    // Grouped once: looking each account's resources up in the whole run grows with accounts × resources.
    const byAccount = resourcesByAccount(run);
    const preferredKeys = run.resources.filter((resource) => resource.type.includes("PreferredTokenSigningKey"));
    const signInAccount = (account: RegisteredResource): AssignmentSignIn[] => {
        const signIns: AssignmentSignIn[] = [];
        const inAccount = (type: string) => byAccount.get(account.urn)?.get(type) ?? [];
        const app = azureSignInApp(run, inAccount, preferredKeys);
        const roleValueById = new Map(inAccount(TYPE.appRole).map((role) => [String(role.inputs.roleId), String(role.inputs.value)]));
        const rolesByPrincipal = new Map<string, string[]>();
        for (const assignment of inAccount(TYPE.assignment)) {
            const principal = String(assignment.inputs.principalObjectId);
            const value = roleValueById.get(String(assignment.inputs.appRoleId));
            rolesByPrincipal.set(principal, [...(rolesByPrincipal.get(principal) ?? []), ...(value ? [value] : [])]);
        }
        for (const [objectId, assignedRoleValues] of rolesByPrincipal) {
            const known = run.standIns.directoryUsers.get(objectId);
            const directoryUser = known ?? run.standIns.directoryUser(`member-of-group-${objectId.slice(0, 8)}@${memberDomain}`);
            const user: DirectoryUser = {
                userPrincipalName: directoryUser.userPrincipalName,
                objectId: directoryUser.objectId,
                attributes: directoryUser.attributes,
                assignedRoleValues,
            };
            const results: SignInResult[] =
                "failure" in app ? [app.failure(user)] : simulateSignIn({ plan, app: app.app, user, now, newId: options.newId });
            signIns.push({
                account: account.name,
                principal: known ? known.userPrincipalName : `group ${objectId}`,
                principalKind: known ? "user" : "group member",
                results,
                lines: results.map(formatSignInResult),
            });
        }
        return signIns;
    };
    return { accounts: run.resources.filter((resource) => resource.type === ACCOUNT_COMPONENT), signInAccount };
}

type AppOutcome = { readonly app: AzureSignInApp } | { readonly failure: (user: DirectoryUser) => SignInResult };

/** The instance as Azure AD would sign for it, or the Azure-side failure that stops every sign-in. */
function azureSignInApp(
    run: ProgramRun,
    inAccount: (type: string) => readonly RegisteredResource[],
    preferredKeys: readonly RegisteredResource[],
): AppOutcome {
    const identifier = inAccount(TYPE.identifierUri)[0];
    const replyUrl = inAccount(TYPE.redirectUris)[0];
    const claims = inAccount(TYPE.claimsMappingPolicy)[0];
    const servicePrincipals = inAccount(TYPE.servicePrincipal);
    const preferred = preferredKeys.find((resource) =>
        servicePrincipals.some((sp) => sp.outputs.objectId === resource.inputs.servicePrincipalObjectId),
    );
    const certificate = preferred ? run.standIns.signingCertificates.get(String(preferred.inputs.thumbprint).toUpperCase()) : undefined;
    const fail =
        (message: string, resourceToFix: string) =>
        (user: DirectoryUser): SignInResult =>
            failureBeforeRoleChoice(user.userPrincipalName, {
                check: "azure-ad-response",
                message,
                messageIsDocumented: true,
                resourceToFix,
                detail: "Azure AD issues no SAML response, so AWS never sees one",
            });
    if (!identifier || !replyUrl || !claims || inAccount(TYPE.claimsAssignment).length === 0) {
        return {
            failure: fail("The gallery app has no identifier, reply URL or assigned claims mapping policy", "the AwsGalleryApp component"),
        };
    }
    if (!certificate) {
        return {
            failure: fail(
                "AADSTS50146: This application is required to be configured with an application-specific signing key",
                "the preferred token-signing key (PreferredTokenSigningKey) of the service principal",
            ),
        };
    }
    const redirectUris = replyUrl.inputs.redirectUris as string[];
    return {
        app: {
            identifierUri: String(identifier.inputs.identifierUri),
            replyUrl: redirectUris[0],
            claimsMappingPolicy: (claims.inputs.definitions as string[])[0],
            signingCertificate: { base64Der: certificate.base64Der, privateKeyPem: certificate.privateKeyPem },
        },
    };
}

function ofType(run: ProgramRun, type: string): RegisteredResource[] {
    return run.resources.filter((resource) => resource.type === type);
}

/** Each AccountFederation's resources (by its URN), by type. */
function resourcesByAccount(run: ProgramRun): Map<string, Map<string, RegisteredResource[]>> {
    const accountOf = accountFinder(run);
    const byAccount = new Map<string, Map<string, RegisteredResource[]>>();
    for (const resource of run.resources) {
        const account = accountOf(resource);
        if (account === undefined) {
            continue;
        }
        const byType = byAccount.get(account.urn) ?? new Map<string, RegisteredResource[]>();
        byAccount.set(account.urn, byType);
        const ofType = byType.get(resource.type) ?? [];
        byType.set(resource.type, ofType);
        ofType.push(resource);
    }
    return byAccount;
}

/** Finds the AccountFederation component a resource belongs to, by its parent chain; indexes the run once. */
export function accountFinder(run: ProgramRun): (resource: RegisteredResource) => RegisteredResource | undefined {
    const byUrn = new Map(run.resources.map((candidate) => [candidate.urn, candidate]));
    return (resource) => {
        for (
            let current: RegisteredResource | undefined = resource;
            current;
            current = current.parent ? byUrn.get(current.parent) : undefined
        ) {
            if (current.type === ACCOUNT_COMPONENT) {
                return current;
            }
        }
        return undefined;
    };
}

/** The directory's domain, for naming stand-in group members: from a configured user or e-mail. */
function domainOf(run: ProgramRun): string {
    const known = [...run.standIns.directoryUsers.values()][0]?.userPrincipalName;
    return known?.split("@")[1] ?? "contoso.onmicrosoft.com";
}
