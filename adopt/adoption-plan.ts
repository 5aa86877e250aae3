import { parseAppRoleValue } from "../components/documents/app-role-value";
import { GLOBAL_SIGN_IN_SAML_ENDPOINT, isAwsSignInSamlEndpoint } from "../components/documents/aws-sign-in-endpoints";
import {
    AWS_SAML_ATTRIBUTES,
    ROLE_SESSION_NAME_SOURCES,
    RoleSessionNameSource,
    USER_CLAIM_SOURCES,
    UserClaimSource,
} from "../components/documents/claims-mapping-policy";
import { ROLE_READER_POLICY_DESCRIPTION, ROLE_READER_POLICY_NAME, ROLE_READER_USER_NAME } from "../components/documents/role-reader-policy";
import { CONFIG_NAMESPACE, parseStackConfig, StackConfig } from "../components/stack-config";
import { GraphAppRole, GraphClaimsMappingPolicy, GraphKeyCredential, GraphSynchronizationJob } from "../live/graph-reader";
import { thumbprintOfBase64Der } from "../offline/program/certificates";
import { LiveManagedPolicy } from "../live/aws-account-reader";
import {
    allowsOnlyListRoles,
    DiscoveredAssignment,
    DiscoveredReader,
    DiscoveredRole,
    Discovery,
    federatedSamlPrincipals,
} from "./discovery";
import { AdoptionFinding } from "./findings";
import { AccountMatch, matchAccounts } from "./matching";

/** A token-signing certificate of an adopted app, named for the config. */
export interface AdoptedCertificate {
    /** Logical name in the config (part of the resource name). */
    readonly name: string;
    /** Key id of the Verify credential: what the provider imports by. */
    readonly keyId: string;
    /** Upper-case hex SHA-1. */
    readonly thumbprint: string;
    readonly endDate: string;
    /** `CN=...` as it is live. */
    readonly displayName: string;
    /** Base64 DER, when Graph returned it. */
    readonly base64Der?: string;
}

/** An assignment of a user or group to an adopted role. */
export interface AdoptedAssignment {
    readonly assignment: DiscoveredAssignment;
    /** Resource-name suffix the program uses: `user-<upn>` or `group-<object id>`. */
    readonly suffix: string;
    /** True when it points at an application app role the stack imports, so the assignment is imported too. */
    readonly imported: boolean;
}

/** An IAM role adopted with its app role and assignments. */
export interface AdoptedRole {
    readonly role: DiscoveredRole;
    /** The application's own app role with this role's value, imported with its id. */
    readonly applicationAppRole?: GraphAppRole;
    /** App roles the role import wrote on the service principal for this role. */
    readonly servicePrincipalAppRoles: readonly GraphAppRole[];
    readonly assignments: readonly AdoptedAssignment[];
    /** The inline policy the program manages as `<role>-inline`, when the role has exactly that one. */
    readonly managedInlinePolicy?: { readonly policyName: string; readonly document: unknown };
}

/** Everything decided for one account. */
export interface AdoptedAccount {
    readonly name: string;
    readonly match: AccountMatch;
    readonly identifierUri?: string;
    readonly replyUrls: readonly string[];
    readonly signInRegion?: string;
    /** Publication order: the preferred key last. */
    readonly certificates: readonly AdoptedCertificate[];
    readonly roles: readonly AdoptedRole[];
    /** The claims mapping policy assigned, when the program can take it over. */
    readonly claimsMappingPolicy?: GraphClaimsMappingPolicy;
    readonly job?: GraphSynchronizationJob;
    readonly reader?: DiscoveredReader;
}

export interface AdoptionPlanInput {
    readonly stack: string;
    readonly discovery: Discovery;
    /** Azure AD tenant; default the tenant in the SAML provider's entity id. */
    readonly tenantId?: string;
    /** AWS region written as `aws:region`. */
    readonly region?: string;
    /** When the adoption runs: it dates the new role-import key generation. */
    readonly now: Date;
}

export interface AdoptionPlan {
    readonly stack: string;
    readonly tenantId: string;
    readonly accounts: readonly AdoptedAccount[];
    /** Config values by full key (`namespace:key`), without the adoption maps. */
    readonly config: Readonly<Record<string, unknown>>;
    /** The config as the program will see it (validated): the desired state the changes are computed from. */
    readonly resolved?: StackConfig;
    readonly findings: readonly AdoptionFinding[];
}

const ENTITY_ID = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i;
const REGIONAL_ENDPOINT = /^https:\/\/([a-z]{2}(?:-gov)?-[a-z]+-\d{1,2})\.signin\.aws\.amazon\.com\/saml$/;

/** Decides, from what was read, what the stack config says about each matched account. */
export function planAdoption(input: AdoptionPlanInput): AdoptionPlan {
    const { matches, findings: matchFindings } = matchAccounts(input.discovery.accounts, input.discovery.apps);
    const findings: AdoptionFinding[] = [...matchFindings];
    const tenantId = input.tenantId ?? tenantOf(matches) ?? "";
    if (!tenantId) {
        findings.push({
            kind: "cannot-adopt",
            subject: "azuread:tenantId",
            problem: "no --tenant given and no SAML provider metadata names one",
            whatToDo: "pass --tenant <tenant id>",
        });
    }
    const accounts = matches.filter((match) => applicationReadable(match, findings)).map((match) => adoptAccount(match, findings));

    const claims = accounts.map(claimSettings);
    const sessionDuration = mostCommon(claims.map((setting) => setting.sessionDuration)) ?? 3600;
    const roleSessionNameSource = mostCommon(claims.map((setting) => setting.roleSessionNameSource)) ?? "userprincipalname";
    if (
        new Set(claims.map((setting) => setting.sessionDuration)).size > 1 ||
        new Set(claims.map((setting) => setting.roleSessionNameSource)).size > 1
    ) {
        findings.push({
            kind: "note",
            subject: "claims",
            problem: `the apps send different SessionDuration or RoleSessionName sources; one stack sends one (${sessionDuration} s, ${roleSessionNameSource})`,
            whatToDo: "adopt the accounts with other claims into a stack of their own",
        });
    }
    const providerName = mostCommon(accounts.map((account) => account.match.provider.name)) ?? "AzureAD";
    const notificationEmails = [
        ...new Set(accounts.flatMap((account) => account.match.app.servicePrincipal.notificationEmailAddresses)),
    ].sort();
    if (accounts.length > 0 && notificationEmails.length === 0) {
        findings.push({
            kind: "cannot-adopt",
            subject: "notificationEmails",
            problem: "no app has a certificate notification e-mail, and the config contract requires one",
            whatToDo: "add azuread-aws-sso:notificationEmails to the written stack file before pulumi preview",
        });
    }
    const withJob = accounts.filter((account) => account.job);
    const provisioning = withJob.length > 0;
    if (provisioning && withJob.length < accounts.length) {
        findings.push({
            kind: "note",
            subject: "provisioning",
            problem: `the role import runs for ${withJob.map((account) => account.name).join(", ")} only; provisioning is one switch for the stack`,
            whatToDo: "the first pulumi up also starts the role import for the others (a new reader user and key in those accounts)",
        });
    }

    const namespaced: Record<string, unknown> = {};
    if (tenantId) namespaced["azuread:tenantId"] = tenantId;
    if (input.region) namespaced["aws:region"] = input.region;
    const set = (key: string, value: unknown) => (namespaced[`${CONFIG_NAMESPACE}:${key}`] = value);
    if (notificationEmails.length > 0) set("notificationEmails", notificationEmails);
    if (sessionDuration !== 3600) set("sessionDuration", sessionDuration);
    if (roleSessionNameSource !== "userprincipalname") set("roleSessionNameSource", roleSessionNameSource);
    if (providerName !== "AzureAD") set("samlProviderName", providerName);
    if (!provisioning) set("provisioning", false);
    // AWS never returns a key's secret: the role import gets a new key, a generation dated today.
    if (provisioning) set("roleImportKeys", [{ name: adoptedKeyGeneration(input.now) }]);
    if (accounts.length > 0)
        set(
            "accounts",
            accounts.map((account) => accountConfig(account, providerName, sessionDuration)),
        );

    let resolved: StackConfig | undefined;
    try {
        resolved = parseStackConfig(
            Object.fromEntries(
                Object.entries(namespaced).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
            ),
            { stack: input.stack, defaultRegion: input.region },
        );
    } catch (error) {
        findings.push({
            kind: "cannot-adopt",
            subject: "stack config",
            problem: (error as Error).message,
            whatToDo: "fix the written stack file by hand at the key paths named",
        });
    }
    return { stack: input.stack, tenantId, accounts, config: namespaced, resolved, findings };
}

/** Without the application object the program would instantiate the template again: a second app, not this one. */
function applicationReadable(match: AccountMatch, findings: AdoptionFinding[]): boolean {
    if (match.app.application) return true;
    findings.push({
        account: match.account.argument.name,
        kind: "cannot-adopt",
        subject: `app ${match.app.servicePrincipal.displayName} (${match.app.servicePrincipal.id})`,
        problem: `its application object (client id ${match.app.servicePrincipal.appId}) could not be read, so its identifier, reply URL and app roles are unknown`,
        whatToDo:
            "left out: the program would otherwise create a second instance; check Application.Read.All and that the app is in this tenant, then run adopt again",
    });
    return false;
}

/** The reader's policy the program manages: the attached customer-managed policy at / that allows only iam:ListRoles. */
export function readerPolicyOf(reader: DiscoveredReader | undefined): LiveManagedPolicy | undefined {
    return reader?.managedPolicies.find((policy) => policy.path === "/" && allowsOnlyListRoles(policy.document));
}

function adoptAccount(match: AccountMatch, findings: AdoptionFinding[]): AdoptedAccount {
    const name = match.account.argument.name;
    const { app, provider } = match;
    const sp = app.servicePrincipal;
    const identifierUris = app.application?.identifierUris ?? [];
    const identifierUri = identifierUris.find(
        (uri) => uri === GLOBAL_SIGN_IN_SAML_ENDPOINT || uri.startsWith(`${GLOBAL_SIGN_IN_SAML_ENDPOINT}#`),
    );
    if (!identifierUri) {
        findings.push({
            account: name,
            kind: identifierUris.length > 0 ? "cannot-adopt" : "note",
            subject: `identifier of ${sp.displayName}`,
            problem:
                identifierUris.length > 0
                    ? `identifier ${identifierUris.join(", ")} is not https://signin.aws.amazon.com/saml[#suffix]`
                    : "the app has no identifier",
            whatToDo: "the first pulumi up sets https://signin.aws.amazon.com/saml#<stack>-<account> (sign-in needs one)",
        });
    } else if (identifierUris.length > 1) {
        findings.push({
            account: name,
            kind: "note",
            subject: `identifiers of ${sp.displayName}`,
            problem: `${identifierUris.length} identifiers; the program manages ${identifierUri}`,
            whatToDo: "the others stay as they are",
        });
    }
    const replyUrls = app.application?.redirectUris ?? [];
    const signInUrl = replyUrls.find(isAwsSignInSamlEndpoint);
    const signInRegion = signInUrl ? REGIONAL_ENDPOINT.exec(signInUrl)?.[1] : undefined;

    const certificates = adoptCertificates(name, sp.keyCredentials, sp.preferredTokenSigningKeyThumbprint, findings);
    if (!sp.preferredTokenSigningKeyThumbprint) {
        findings.push({
            account: name,
            kind: "note",
            subject: `preferred signing key of ${sp.displayName}`,
            problem: "none is set",
            whatToDo:
                "the first pulumi up makes the newest certificate preferred; AWS already trusts it when it is in the provider's metadata",
        });
    }

    const claimsMappingPolicy = adoptableClaimsPolicy(name, app.claimsMappingPolicies, findings);
    const job = app.synchronizationJobs[0];
    const reader = match.account.readers[0];
    if (match.account.readers.length > 1) {
        findings.push({
            account: name,
            kind: "note",
            subject: "role-import reader",
            problem: `several users can only list roles: ${match.account.readers.map((entry) => entry.user.name).join(", ")}; adopting ${reader.user.name}`,
            whatToDo:
                "Azure does not reveal which key it holds: check each key's last use (aws iam get-access-key-last-used) and delete the others' keys once the new one works",
        });
    }
    if (reader) readerFindings(name, reader, findings);
    if (job && !reader) {
        findings.push({
            account: name,
            kind: "note",
            subject: "role-import reader",
            problem: "the role import runs but no IAM user with only iam:ListRoles was found",
            whatToDo: `the first pulumi up creates ${ROLE_READER_USER_NAME} with a new key and gives it to the role import`,
        });
    }

    const allAppRoles = [
        ...(app.application?.appRoles ?? []).map((role) => ({ role, onApplication: true })),
        ...sp.appRoles
            .filter((role) => !(app.application?.appRoles ?? []).some((own) => own.id === role.id))
            .map((role) => ({ role, onApplication: false })),
    ];
    const roles: AdoptedRole[] = [];
    for (const role of match.account.samlRoles) {
        if (!role.trustedSamlProviders.includes(provider.arn)) continue;
        const problem = roleProblem(role, provider.arn);
        if (problem) {
            findings.push({
                account: name,
                kind: "cannot-adopt",
                subject: `role ${role.name}`,
                problem: problem.problem,
                whatToDo: problem.whatToDo,
            });
            continue;
        }
        const forRole = allAppRoles.filter(({ role: appRole }) => appRole.value && parseAppRoleValue(appRole.value)?.roleArn === role.arn);
        const applicationAppRole = forRole.find((entry) => entry.onApplication)?.role;
        const servicePrincipalAppRoles = forRole.filter((entry) => !entry.onApplication).map((entry) => entry.role);
        const roleIds = new Set(forRole.map((entry) => entry.role.id));
        const assignments: AdoptedAssignment[] = [];
        for (const assignment of app.assignments.filter((entry) => roleIds.has(entry.appRoleId))) {
            const suffix =
                assignment.principalType === "User"
                    ? assignment.userPrincipalName
                        ? `user-${assignment.userPrincipalName}`
                        : undefined
                    : assignment.principalType === "Group"
                      ? `group-${assignment.principalId}`
                      : undefined;
            if (!suffix) {
                findings.push({
                    account: name,
                    kind: "cannot-adopt",
                    subject: `assignment ${assignment.id}`,
                    problem: `${assignment.principalType} ${assignment.principalDisplayName ?? assignment.principalId} cannot be expressed in the config (users by UPN, groups by object id)`,
                    whatToDo: "it stays as it is, unmanaged",
                });
                continue;
            }
            if (assignments.some((entry) => entry.suffix === suffix)) continue;
            assignments.push({
                assignment,
                suffix,
                imported: applicationAppRole !== undefined && assignment.appRoleId === applicationAppRole.id,
            });
        }
        const inline = role.inlinePolicies;
        const managedInlinePolicy = inline.length === 1 && inline[0].policyName === `${role.name}-inline` ? inline[0] : undefined;
        if (inline.length > 0 && !managedInlinePolicy) {
            findings.push({
                account: name,
                kind: "note",
                subject: `role ${role.name}`,
                problem: `inline policies ${inline.map((policy) => policy.policyName).join(", ")} are not the one the program manages (${role.name}-inline)`,
                whatToDo: "they stay as they are, unmanaged; move them into a managed policy or inlinePolicy when convenient",
            });
        }
        roles.push({ role, applicationAppRole, servicePrincipalAppRoles, assignments, managedInlinePolicy });
    }
    if (roles.length === 0) {
        findings.push({
            account: name,
            kind: "cannot-adopt",
            subject: `account ${match.account.argument.accountId}`,
            problem: `no role that can be adopted trusts ${provider.arn}`,
            whatToDo: "the config contract needs at least one role; add one to the written file",
        });
    }
    const importedRoles = roles.filter((role) => role.servicePrincipalAppRoles.length > 0);
    if (importedRoles.length > 0) {
        findings.push({
            account: name,
            kind: "cannot-adopt",
            subject: `app roles written by the role import on ${sp.displayName}`,
            problem: `${importedRoles.map((role) => role.role.name).join(", ")}: these app roles live on the service principal, where no Pulumi resource can hold them`,
            whatToDo:
                "the first pulumi up publishes the same values as application app roles (deterministic ids) and assigns the same people to them; " +
                "after a verified sign-in, remove the old assignments (portal: Users and groups). The role import keeps writing its own copies each cycle: if the role picker shows duplicates, set provisioning: false",
        });
    }
    const unassignable = app.assignments.filter(
        (assignment) => !roles.some((role) => role.assignments.some((entry) => entry.assignment.id === assignment.id)),
    );
    if (unassignable.length > 0) {
        findings.push({
            account: name,
            kind: "note",
            subject: `assignments on ${sp.displayName}`,
            problem: `${unassignable.length} assignment(s) point at no adopted role (msiam_access, or a role left out): ${unassignable.map((entry) => entry.principalDisplayName ?? entry.principalId).join(", ")}`,
            whatToDo: "they stay as they are, unmanaged",
        });
    }
    return { name, match, identifierUri, replyUrls, signInRegion, certificates, roles, claimsMappingPolicy, job, reader };
}

function adoptCertificates(
    account: string,
    keys: readonly GraphKeyCredential[],
    preferred: string | null,
    findings: AdoptionFinding[],
): AdoptedCertificate[] {
    const verify = keys.filter((key) => key.usage === "Verify" && key.customKeyIdentifier);
    const certificates = verify.map((key): AdoptedCertificate => {
        const thumbprint = Buffer.from(key.customKeyIdentifier!, "base64").toString("hex").toUpperCase();
        const base64Der =
            key.key ?? keys.find((other) => other.customKeyIdentifier === key.customKeyIdentifier && other.key)?.key ?? undefined;
        if (base64Der && thumbprintOfBase64Der(base64Der) !== thumbprint) {
            findings.push({
                account,
                kind: "note",
                subject: `certificate ${thumbprint}`,
                problem: "Graph's key material does not hash to its customKeyIdentifier",
                whatToDo: "check the certificate in the portal",
            });
        }
        return {
            name: "",
            keyId: key.keyId,
            thumbprint,
            endDate: normalizeDate(key.endDateTime ?? ""),
            displayName: key.displayName ?? "CN=Microsoft Azure Federated SSO Certificate",
            ...(base64Der ? { base64Der } : {}),
        };
    });
    // The preferred key is the active one: the program makes the last certificate preferred.
    const active = preferred?.toUpperCase();
    certificates.sort((a, b) => Number(a.thumbprint === active) - Number(b.thumbprint === active) || a.endDate.localeCompare(b.endDate));
    const used = new Set<string>();
    return certificates.map((certificate) => {
        const base = `cert-${certificate.endDate.slice(0, 10) || "undated"}`;
        let name = base;
        for (let index = 2; used.has(name); index++) name = `${base}-${index}`;
        used.add(name);
        return { ...certificate, name };
    });
}

function adoptableClaimsPolicy(
    account: string,
    policies: readonly GraphClaimsMappingPolicy[],
    findings: AdoptionFinding[],
): GraphClaimsMappingPolicy | undefined {
    const policy = policies[0];
    if (!policy) {
        findings.push({
            account,
            kind: "note",
            subject: "claims",
            problem:
                "no claims mapping policy is assigned: the app sends the claims set in the portal (Attributes & Claims), which Graph v1.0 does not expose",
            whatToDo:
                "the stack assumes the gallery's Role, RoleSessionName (user.userprincipalname) and a SessionDuration of 3600; if the portal says otherwise, set sessionDuration / roleSessionNameSource before pulumi up",
        });
        return undefined;
    }
    const reading = readClaimsDefinition(policy.definition[0] ?? "");
    if (reading.problem) {
        findings.push({
            account,
            kind: "cannot-adopt",
            subject: `claims mapping policy ${policy.displayName} (${policy.id})`,
            problem: reading.problem,
            whatToDo:
                "an app takes one claims mapping policy: remove this assignment (after checking what the program's policy sends), then pulumi up assigns the program's",
        });
        return undefined;
    }
    return policy;
}

/** What a claims mapping policy definition says about the AWS claims, or why the contract cannot express it. */
export function readClaimsDefinition(definition: string): {
    sessionDuration?: number;
    roleSessionNameSource?: RoleSessionNameSource;
    /** PrincipalTag key to user attribute: the contract's `sessionTags`. */
    sessionTags?: Record<string, UserClaimSource>;
    problem?: string;
} {
    let parsed: { ClaimsMappingPolicy?: { ClaimsSchema?: unknown; ClaimsTransformations?: unknown; ClaimsTransformation?: unknown } };
    try {
        parsed = JSON.parse(definition);
    } catch {
        return { problem: "its definition is not JSON" };
    }
    const body = parsed.ClaimsMappingPolicy ?? {};
    const schema = Array.isArray(body.ClaimsSchema) ? (body.ClaimsSchema as Record<string, unknown>[]) : [];
    if (
        body.ClaimsTransformations !== undefined ||
        body.ClaimsTransformation !== undefined ||
        schema.some((entry) => "TransformationId" in entry || entry.Source === "transformation")
    ) {
        return { problem: "it uses claims transformations, which the config contract does not express" };
    }
    const byType = (type: string) => schema.find((entry) => entry.SamlClaimType === type);
    const role = byType(AWS_SAML_ATTRIBUTES.role);
    const sessionName = byType(AWS_SAML_ATTRIBUTES.roleSessionName);
    const duration = byType(AWS_SAML_ATTRIBUTES.sessionDuration);
    const isSessionTag = (entry: Record<string, unknown>) =>
        typeof entry.SamlClaimType === "string" &&
        entry.SamlClaimType.startsWith(AWS_SAML_ATTRIBUTES.principalTagPrefix) &&
        entry.Source === "user" &&
        USER_CLAIM_SOURCES.includes(entry.ID as UserClaimSource);
    const extra = schema.filter(
        (entry) =>
            typeof entry.SamlClaimType === "string" &&
            ![AWS_SAML_ATTRIBUTES.role, AWS_SAML_ATTRIBUTES.roleSessionName, AWS_SAML_ATTRIBUTES.sessionDuration].includes(
                entry.SamlClaimType as never,
            ) &&
            !isSessionTag(entry),
    );
    const sessionTags = Object.fromEntries(
        schema
            .filter(isSessionTag)
            .map((entry) => [
                String(entry.SamlClaimType).slice(AWS_SAML_ATTRIBUTES.principalTagPrefix.length),
                entry.ID as UserClaimSource,
            ]),
    );
    if (!role || role.Source !== "user" || role.ID !== "assignedroles")
        return { problem: "its Role claim does not come from user.assignedroles" };
    if (!sessionName || sessionName.Source !== "user" || !ROLE_SESSION_NAME_SOURCES.includes(sessionName.ID as RoleSessionNameSource))
        return {
            problem: `its RoleSessionName claim does not come from a user attribute that makes a valid, unique session name (${ROLE_SESSION_NAME_SOURCES.join(", ")})`,
        };
    if (extra.length > 0)
        return { problem: `it sends claims the contract does not express: ${extra.map((entry) => entry.SamlClaimType).join(", ")}` };
    const value = Number(duration?.Value);
    if (duration && !Number.isInteger(value)) return { problem: "its SessionDuration is not a constant number of seconds" };
    return {
        roleSessionNameSource: sessionName.ID as RoleSessionNameSource,
        ...(duration ? { sessionDuration: value } : {}),
        ...(Object.keys(sessionTags).length > 0 ? { sessionTags } : {}),
    };
}

function claimSettings(account: AdoptedAccount): { sessionDuration: number; roleSessionNameSource: RoleSessionNameSource } {
    const definition = account.claimsMappingPolicy?.definition[0];
    const reading = definition ? readClaimsDefinition(definition) : {};
    return {
        sessionDuration: reading.sessionDuration ?? 3600,
        roleSessionNameSource: reading.roleSessionNameSource ?? "userprincipalname",
    };
}

function roleProblem(role: DiscoveredRole, providerArn: string): { problem: string; whatToDo: string } | undefined {
    if (role.trustedSamlProviders.length > 1) {
        return {
            problem: `it trusts ${role.trustedSamlProviders.length} SAML providers (${role.trustedSamlProviders.join(", ")}); the program's trust names one, and the role import skips such roles`,
            whatToDo: `left out of the stack: give each provider its own role, or remove the others from this role's trust, then run adopt again`,
        };
    }
    if (role.path !== "/") {
        return {
            problem: `its path is ${role.path}; the program creates roles at / and IAM cannot move a role`,
            whatToDo: "left out of the stack; recreate it at / if it should be managed",
        };
    }
    // Every statement must be this provider's alone; anything else (another principal, a Deny) would be dropped.
    const others = trustStatements(role.trustPolicy).filter((statement) => {
        const principal = (statement.Principal ?? {}) as Record<string, unknown>;
        return (
            statement.Effect !== "Allow" ||
            Object.keys(principal).some((key) => key !== "Federated") ||
            federatedSamlPrincipals({ Statement: [statement] }).join() !== providerArn
        );
    });
    if (others.length > 0) {
        return {
            problem: "its trust also lets other principals assume it; the program's trust would remove them",
            whatToDo: "left out of the stack; split the other use into its own role, then run adopt again",
        };
    }
    return undefined;
}

function trustStatements(document: unknown): Record<string, unknown>[] {
    const statement = (document as { Statement?: unknown } | undefined)?.Statement;
    return (Array.isArray(statement) ? statement : statement ? [statement] : []) as Record<string, unknown>[];
}

function readerFindings(account: string, reader: DiscoveredReader, findings: AdoptionFinding[]): void {
    if (reader.loginProfile) {
        findings.push({
            account,
            kind: "cannot-adopt",
            subject: `console password of ${reader.user.name}`,
            problem: "the role-import reader can sign in to the console; the program never gives it a password",
            whatToDo: `delete it: aws iam delete-login-profile --user-name ${reader.user.name} (the role import uses the access key only)`,
        });
    }
    if (reader.accessKeys.length >= 2) {
        findings.push({
            account,
            kind: "cannot-adopt",
            subject: `access keys of ${reader.user.name}`,
            problem: "the user already has two access keys, IAM's limit, so the new key generation cannot be issued",
            whatToDo: `delete the unused key first (aws iam get-access-key-last-used shows which one Azure uses): ${reader.accessKeys.map((key) => `${key.accessKeyId} last used ${key.lastUsed?.lastUsedDate?.toISOString() ?? "never"}`).join("; ")}`,
        });
    }
    for (const policy of reader.managedPolicies.filter((entry) => entry.path !== "/")) {
        findings.push({
            account,
            kind: "cannot-adopt",
            subject: `policy ${policy.name}`,
            problem: `its path is ${policy.path}; the program creates the reader's policy at / and IAM cannot move a policy`,
            whatToDo: "the program creates its own policy at /; delete this one afterwards",
        });
    }
    const managed = readerPolicyOf(reader);
    const others = reader.attachedPolicies.filter((policy) => policy.policyArn !== managed?.arn);
    if (others.length > 0 || reader.inlinePolicyNames.length > 0) {
        findings.push({
            account,
            kind: "cannot-adopt",
            subject: `permissions of ${reader.user.name}`,
            problem: `besides iam:ListRoles it has ${[...others.map((policy) => policy.policyName), ...reader.inlinePolicyNames.map((name) => `inline ${name}`)].join(", ")}; the program does not detach what it does not manage`,
            whatToDo: `detach them (aws iam detach-user-policy / delete-user-policy --user-name ${reader.user.name}): the role import needs iam:ListRoles only`,
        });
    }
}

/** The `accounts[]` entry of the config for an adopted account. */
function accountConfig(account: AdoptedAccount, stackProviderName: string, sessionDuration: number): Record<string, unknown> {
    const argument = account.match.account.argument;
    const suffix =
        account.identifierUri === undefined
            ? undefined
            : account.identifierUri === GLOBAL_SIGN_IN_SAML_ENDPOINT
              ? ""
              : account.identifierUri.slice(GLOBAL_SIGN_IN_SAML_ENDPOINT.length + 1);
    const reader = account.reader;
    const readerPolicy = readerPolicyOf(reader);
    const readerNames: Record<string, string> = {};
    if (reader && reader.user.name !== ROLE_READER_USER_NAME) readerNames.userName = reader.user.name;
    if (readerPolicy && readerPolicy.name !== ROLE_READER_POLICY_NAME) readerNames.policyName = readerPolicy.name;
    if (readerPolicy && (readerPolicy.description ?? "") !== ROLE_READER_POLICY_DESCRIPTION)
        readerNames.policyDescription = readerPolicy.description ?? "";
    return {
        name: argument.name,
        accountId: argument.accountId,
        ...(argument.deployRoleArn ? { deployRoleArn: argument.deployRoleArn } : {}),
        ...(account.signInRegion ? { signInRegion: account.signInRegion } : {}),
        ...(suffix !== undefined ? { identifierSuffix: suffix } : {}),
        ...(account.match.provider.name !== stackProviderName ? { samlProviderName: account.match.provider.name } : {}),
        ...(account.certificates.length > 0
            ? {
                  signingCertificate: account.certificates.map((certificate) => ({
                      name: certificate.name,
                      endDate: certificate.endDate,
                      displayName: certificate.displayName,
                  })),
              }
            : {}),
        ...(Object.keys(readerNames).length > 0 ? { roleImportReader: readerNames } : {}),
        roles: account.roles.map((adopted) => roleConfig(adopted, sessionDuration, sessionTagsOf(account))),
    };
}

/** The PrincipalTag claims the account's app sends today; one app serves every role of the account. */
function sessionTagsOf(account: AdoptedAccount): Record<string, UserClaimSource> {
    const definition = account.claimsMappingPolicy?.definition[0];
    return (definition ? readClaimsDefinition(definition).sessionTags : undefined) ?? {};
}

function roleConfig(adopted: AdoptedRole, sessionDuration: number, sessionTags: Record<string, UserClaimSource>): Record<string, unknown> {
    const { role } = adopted;
    const managed = role.attachedPolicies.map((policy) => policy.policyArn);
    const users = adopted.assignments
        .filter((entry) => entry.suffix.startsWith("user-"))
        .map((entry) => entry.suffix.slice("user-".length));
    const groups = adopted.assignments
        .filter((entry) => entry.suffix.startsWith("group-"))
        .map((entry) => entry.suffix.slice("group-".length));
    return {
        name: role.name,
        ...(role.description !== undefined && role.description !== "" ? { description: role.description } : {}),
        ...(managed.length > 0 ? { managedPolicyArns: managed } : {}),
        ...(adopted.managedInlinePolicy ? { inlinePolicy: adopted.managedInlinePolicy.document } : {}),
        ...(adopted.applicationAppRole ? { appRoleId: adopted.applicationAppRole.id } : {}),
        ...(role.maxSessionDuration !== Math.max(3600, sessionDuration) ? { maxSessionDuration: role.maxSessionDuration } : {}),
        ...(role.permissionsBoundaryArn ? { permissionsBoundaryArn: role.permissionsBoundaryArn } : {}),
        ...(Object.keys(sessionTags).length > 0 ? { sessionTags } : {}),
        ...(users.length > 0 || groups.length > 0
            ? { assign: { ...(groups.length > 0 ? { groups } : {}), ...(users.length > 0 ? { users } : {}) } }
            : {}),
    };
}

/** Name of the key generation an adoption issues: dated, so the key-age rule knows it from the first preview. */
export function adoptedKeyGeneration(now: Date): string {
    return `${now.toISOString().slice(0, 10)}-adopted`;
}

function tenantOf(matches: readonly AccountMatch[]): string | undefined {
    for (const match of matches) {
        const tenant = ENTITY_ID.exec(match.provider.entityId)?.[1];
        if (tenant) return tenant.toLowerCase();
    }
    return undefined;
}

function mostCommon<T>(values: readonly T[]): T | undefined {
    const counts = new Map<T, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Graph dates as RFC 3339 without fractions, the form the config contract takes. */
function normalizeDate(value: string): string {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
