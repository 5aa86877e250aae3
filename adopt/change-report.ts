import { createHash } from "crypto";
import { identifierUri, signInSamlEndpoint } from "../components/documents/aws-sign-in-endpoints";
import { appRoleValue } from "../components/documents/app-role-value";
import { awsClaimsMappingPolicy } from "../components/documents/claims-mapping-policy";
import { iamRoleArn, samlProviderArn } from "../components/documents/iam-arns";
import { azureAdIdpMetadata } from "../components/documents/idp-metadata";
import { ROLE_IMPORT_KEYS_TAG, roleImportKeysTagValue } from "../components/documents/role-import-keys";
import { roleReaderPolicy } from "../components/documents/role-reader-policy";
import { samlTrustPolicy } from "../components/documents/saml-trust-policy";
import { StackConfig } from "../components/stack-config";
import { AdoptedAccount, AdoptionPlan, readerPolicyOf } from "./adoption-plan";
import { AdoptionFinding } from "./findings";
import { CreatedResource, ImportEntry, importPlan, resourceNames, RESOURCE_TYPES } from "./import-plan";

/** The order in which held changes are safe to release, each step keeping sign-in working. */
export const CHANGE_STEPS = [
    { step: 1, title: "signing key and certificates", why: "Azure must sign with a certificate AWS already trusts" },
    {
        step: 2,
        title: "AWS SAML provider metadata",
        why: "the built metadata lists every certificate of step 1 before any other change relies on it",
    },
    {
        step: 3,
        title: "Azure app: display name, reply URL, service principal settings",
        why: "the reply URL is the SAML:aud the roles will require in step 4",
    },
    {
        step: 4,
        title: "IAM roles: trust (SAML:aud), description, tags",
        why: "Azure already sends the reply URL of step 3 as the Recipient",
    },
    { step: 5, title: "app roles and assignments", why: "new assignments exist before anyone removes the old ones" },
    {
        step: 6,
        title: "claims mapping policy",
        why: "the preferred key of step 1 is set, so Azure accepts the policy (AADSTS50146 otherwise)",
    },
    {
        step: 7,
        title: "role import: reader, new key, synchronization secret and job",
        why: "sign-in does not use the role import; the new key works before Azure gets it",
    },
] as const;

export type ChangeStep = (typeof CHANGE_STEPS)[number]["step"];

/** One input of an imported resource that the program sets differently from the live value. */
export interface InPlaceChange {
    readonly account: string;
    readonly name: string;
    readonly type: string;
    /** Input name, as `ignoreChanges` takes it. */
    readonly property: string;
    readonly live: string;
    readonly desired: string;
    readonly step: ChangeStep;
    /** What sign-in does while it applies. */
    readonly signIn: string;
}

/** A resource the first `pulumi up` creates, with the same order and sign-in note. */
export interface PlannedCreation extends CreatedResource {
    readonly step: ChangeStep;
    readonly signIn: string;
}

export interface AdoptionReport {
    readonly imports: readonly ImportEntry[];
    readonly creations: readonly PlannedCreation[];
    readonly changes: readonly InPlaceChange[];
    /** Resource name to the inputs held at their live value while adopting (every change on an imported resource). */
    readonly holds: Readonly<Record<string, readonly string[]>>;
    readonly findings: readonly AdoptionFinding[];
}

const UNAFFECTED = "unaffected";

/** Imports, creations, in-place changes (with holds) and findings for an adoption plan. */
export function adoptionReport(plan: AdoptionPlan): AdoptionReport {
    const { imports, created } = importPlan(plan);
    const changes = plan.resolved ? plan.accounts.flatMap((account) => accountChanges(plan, plan.resolved!, account, imports)) : [];
    const imported = new Set(imports.map((entry) => entry.name));
    const holds: Record<string, string[]> = {};
    for (const change of changes.filter((entry) => imported.has(entry.name))) {
        holds[change.name] = [...new Set([...(holds[change.name] ?? []), change.property])];
    }
    const creations = created.map((entry) => ({ ...entry, ...creationNote(entry) }));
    return { imports, creations, changes, holds, findings: plan.findings };
}

function accountChanges(
    plan: AdoptionPlan,
    config: StackConfig,
    account: AdoptedAccount,
    imports: readonly ImportEntry[],
): InPlaceChange[] {
    const resolved = config.accounts.find((entry) => entry.name === account.name);
    if (!resolved) return [];
    const changes: InPlaceChange[] = [];
    const importedNames = new Set(imports.filter((entry) => entry.account === account.name).map((entry) => entry.name));
    const a = account.name;
    const T = RESOURCE_TYPES;
    const change = (
        name: string,
        type: string,
        property: string,
        live: unknown,
        desired: unknown,
        step: ChangeStep,
        signIn: string = UNAFFECTED,
    ) => {
        if (!importedNames.has(name) || same(live, desired)) return;
        changes.push({ account: a, name, type, property, live: show(live), desired: show(desired), step, signIn });
    };
    const sp = account.match.app.servicePrincipal;
    const replyUrl = signInSamlEndpoint(resolved.signInRegion);
    const displayName = `AWS ${a} (${plan.stack})`;

    change(
        resourceNames.app(a),
        T.applicationFromTemplate,
        "displayName",
        account.match.app.application?.displayName ?? sp.displayName,
        displayName,
        3,
        "unaffected; the My Apps tile shows the new name",
    );
    change(
        resourceNames.servicePrincipal(a),
        T.servicePrincipal,
        "appRoleAssignmentRequired",
        sp.appRoleAssignmentRequired,
        true,
        3,
        "unaffected for assigned people; others lose the tile (they had no AWS role anyway)",
    );
    change(resourceNames.servicePrincipal(a), T.servicePrincipal, "preferredSingleSignOnMode", sp.preferredSingleSignOnMode, "saml", 3);
    change(
        resourceNames.servicePrincipal(a),
        T.servicePrincipal,
        "notificationEmailAddresses",
        [...sp.notificationEmailAddresses].sort(),
        [...config.notificationEmails].sort(),
        3,
    );
    // Graph's SP tags are not read; holding featureTags keeps the import exact, releasing it sets them.
    changes.push({
        account: a,
        name: resourceNames.servicePrincipal(a),
        type: T.servicePrincipal,
        property: "featureTags",
        live: "(not read)",
        desired: "enterprise, gallery, customSingleSignOn",
        step: 3,
        signIn: UNAFFECTED,
    });
    change(
        resourceNames.replyUrl(a),
        T.redirectUris,
        "redirectUris",
        account.replyUrls,
        [replyUrl],
        3,
        account.replyUrls.length > 1
            ? `sign-in through ${account.replyUrls.filter((url) => url !== replyUrl).join(", ")} stops; ${replyUrl} keeps working`
            : UNAFFECTED,
    );
    change(
        resourceNames.identifier(a),
        T.identifierUri,
        "identifierUri",
        account.identifierUri,
        identifierUri(resolved.identifierSuffix),
        3,
    );

    const active = resolved.signingCertificates[resolved.signingCertificates.length - 1];
    const activeThumbprint = account.certificates.find((certificate) => certificate.name === active?.name)?.thumbprint;
    change(
        resourceNames.preferredSigningKey(a),
        T.preferredSigningKey,
        "thumbprint",
        sp.preferredTokenSigningKeyThumbprint?.toUpperCase(),
        activeThumbprint,
        1,
    );

    // As AccountFederation does: the account's app sends every role's session tags, and every role then allows sts:TagSession.
    const sessionTags = Object.assign({}, ...resolved.roles.map((role) => role.sessionTags));
    const claimsDefinition = awsClaimsMappingPolicy({
        roleSessionNameSource: config.roleSessionNameSource,
        sessionDuration: config.sessionDuration,
        sessionTags,
    });
    if (account.claimsMappingPolicy) {
        change(
            resourceNames.claims(a),
            T.claimsMappingPolicy,
            "definitions",
            account.claimsMappingPolicy.definition.map(parseJson),
            [parseJson(claimsDefinition)],
            6,
            "unaffected: same claims, keys as Azure documents them",
        );
        change(
            resourceNames.claims(a),
            T.claimsMappingPolicy,
            "displayName",
            account.claimsMappingPolicy.displayName,
            `${displayName} claims`,
            6,
        );
    }

    const providerArn = samlProviderArn(resolved.accountId, resolved.samlProviderName);
    for (const adopted of account.roles) {
        const roleConfig = resolved.roles.find((entry) => entry.name === adopted.role.name);
        if (!roleConfig) continue;
        const role = adopted.role;
        if (adopted.applicationAppRole) {
            const live = adopted.applicationAppRole;
            const name = resourceNames.appRole(a, role.name);
            change(
                name,
                T.appRole,
                "value",
                live.value,
                appRoleValue(iamRoleArn(resolved.accountId, role.name), providerArn),
                5,
                "unaffected: STS accepts either order of role and provider",
            );
            change(name, T.appRole, "displayName", live.displayName, role.name, 5);
            change(name, T.appRole, "description", live.description, roleConfig.description, 5);
            change(name, T.appRole, "allowedMemberTypes", [...live.allowedMemberTypes].sort(), ["User"], 5);
        }
        const roleName = resourceNames.role(a, role.name);
        const trust = samlTrustPolicy({
            samlProviderArn: providerArn,
            audiences: [replyUrl],
            allowSessionTags: Object.keys(sessionTags).length > 0,
        });
        change(
            roleName,
            T.role,
            "assumeRolePolicy",
            role.trustPolicy,
            trust,
            4,
            `unaffected: Azure addresses every response to ${replyUrl}, the SAML:aud the trust now requires`,
        );
        change(roleName, T.role, "description", role.description ?? "", roleConfig.description, 4);
        change(roleName, T.role, "maxSessionDuration", role.maxSessionDuration, roleConfig.maxSessionDuration, 4);
        change(roleName, T.role, "permissionsBoundary", role.permissionsBoundaryArn, roleConfig.permissionsBoundaryArn, 4);
        change(roleName, T.role, "tags", role.tags, programTags(plan.stack, a), 4);
        if (adopted.managedInlinePolicy && roleConfig.inlinePolicy) {
            change(
                resourceNames.roleInlinePolicy(a, role.name),
                T.rolePolicy,
                "policy",
                adopted.managedInlinePolicy.document,
                roleConfig.inlinePolicy,
                4,
            );
        }
    }

    const certificates = account.certificates.map((certificate) => certificate.base64Der);
    const metadata =
        certificates.every((value): value is string => value !== undefined) && plan.tenantId
            ? azureAdIdpMetadata({ tenantId: plan.tenantId, signingCertificates: certificates })
            : `(built from ${certificates.length} certificate(s))`;
    change(
        resourceNames.samlProvider(a),
        T.samlProvider,
        "samlMetadataDocument",
        summarizeMetadata(account.match.provider.metadataDocument),
        summarizeMetadata(metadata),
        2,
        `unaffected: the built metadata lists the certificate Azure signs with (${activeThumbprint ?? "?"}) and the same entity id`,
    );
    changes.push({
        account: a,
        name: resourceNames.samlProvider(a),
        type: T.samlProvider,
        property: "tags",
        live: "(not read)",
        desired: show(programTags(plan.stack, a)),
        step: 2,
        signIn: UNAFFECTED,
    });

    if (config.provisioning && account.reader) {
        const policy = readerPolicyOf(account.reader);
        if (policy) {
            change(
                resourceNames.readerPolicy(a),
                T.policy,
                "policy",
                policy.document,
                roleReaderPolicy(),
                7,
                "unaffected: still iam:ListRoles only (a new default policy version)",
            );
            changes.push({
                account: a,
                name: resourceNames.readerPolicy(a),
                type: T.policy,
                property: "tags",
                live: "(not read)",
                desired: show(programTags(plan.stack, a)),
                step: 7,
                signIn: UNAFFECTED,
            });
        }
        const generations = roleImportKeysTagValue(config.roleImportKeys);
        const userTags =
            generations === undefined ? programTags(plan.stack, a) : { ...programTags(plan.stack, a), [ROLE_IMPORT_KEYS_TAG]: generations };
        changes.push({
            account: a,
            name: resourceNames.readerUser(a),
            type: T.user,
            property: "tags",
            live: "(not read)",
            desired: show(userTags),
            step: 7,
            signIn: UNAFFECTED,
        });
        if (account.job) {
            change(resourceNames.roleImportJob(a), T.synchronizationJob, "enabled", account.job.schedule?.state !== "Disabled", true, 7);
        }
    }
    return changes.filter((entry) => importedNames.has(entry.name));
}

/** Tags the program puts on every taggable AWS resource of an account (as AccountFederation does). */
export function programTags(stack: string, account: string): Record<string, string> {
    return { "managed-by": "pulumi", project: "azuread-aws-sso", stack, account };
}

function creationNote(entry: CreatedResource): { step: ChangeStep; signIn: string } {
    switch (entry.type) {
        case RESOURCE_TYPES.preferredSigningKey:
            return { step: 1, signIn: "unaffected when AWS already trusts the newest certificate (step 2 adds it otherwise)" };
        case RESOURCE_TYPES.identifierUri:
            return { step: 3, signIn: "sign-in starts working for an app that had no identifier" };
        case RESOURCE_TYPES.appRole:
            return { step: 5, signIn: "unaffected: the old app role and its assignments stay; the new one has the same value" };
        case RESOURCE_TYPES.assignment:
            return { step: 5, signIn: "unaffected: the person keeps the old assignment and gains the new one (same role)" };
        case RESOURCE_TYPES.claimsMappingPolicy:
        case RESOURCE_TYPES.claimsAssignment:
            return {
                step: 6,
                signIn: "the claims come from the policy instead of the portal's Attributes & Claims: same Role and RoleSessionName; SessionDuration as configured",
            };
        default:
            return { step: 7, signIn: UNAFFECTED };
    }
}

/** Renders the report as the command prints it. */
export function formatAdoptionReport(report: AdoptionReport, stack: string): string {
    const lines: string[] = [];
    lines.push(
        `Adoption of stack ${stack}: ${report.imports.length} to import, ${report.creations.length} to create, ${report.changes.length} in-place change(s), 0 to replace`,
    );
    const blockers = report.findings.filter((finding) => finding.kind === "cannot-adopt");
    lines.push("", `Cannot be adopted as is (${blockers.length}):`);
    for (const finding of blockers)
        lines.push(
            `  ! ${finding.account ? `[${finding.account}] ` : ""}${finding.subject}: ${finding.problem}`,
            `      what to do: ${finding.whatToDo}`,
        );
    if (blockers.length === 0) lines.push("  none");
    lines.push("", "Imported by the first pulumi up:");
    for (const entry of report.imports) lines.push(`  = ${entry.type}  ${entry.name}  (${entry.id})`);
    lines.push("", "Created by the first pulumi up:");
    for (const entry of report.creations)
        lines.push(`  + ${entry.type}  ${entry.name}: ${entry.reason}`, `        step ${entry.step}; sign-in: ${entry.signIn}`);
    lines.push("", "In-place changes, held (adoptionHolds) until you release them, in this order:");
    for (const step of CHANGE_STEPS) {
        const inStep = report.changes.filter((entry) => entry.step === step.step);
        if (inStep.length === 0) continue;
        lines.push(`  step ${step.step}: ${step.title} (${step.why})`);
        for (const entry of inStep)
            lines.push(`    ~ ${entry.name}.${entry.property}: ${entry.live} -> ${entry.desired}`, `        sign-in: ${entry.signIn}`);
    }
    const notes = report.findings.filter((finding) => finding.kind === "note");
    if (notes.length > 0) {
        lines.push("", "Notes:");
        for (const finding of notes)
            lines.push(`  - ${finding.account ? `[${finding.account}] ` : ""}${finding.subject}: ${finding.problem}; ${finding.whatToDo}`);
    }
    return lines.join("\n");
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function summarizeMetadata(document: string): string {
    return document.length > 80
        ? `${document.length} characters, sha256 ${createHash("sha256").update(document).digest("hex").slice(0, 12)}`
        : document;
}

/** Equal as IAM and Graph compare documents: key order and one-element lists do not matter. */
export function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.length === 1 ? canonical(value[0]) : value.map(canonical);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, entry]) => entry !== undefined)
                .sort(([x], [y]) => x.localeCompare(y))
                .map(([key, entry]) => [key, canonical(entry)]),
        );
    }
    return value === null ? undefined : value;
}

function show(value: unknown): string {
    if (value === undefined || value === null) return "(none)";
    return typeof value === "string" ? value : JSON.stringify(value);
}
