import { AccessMatrixRow, formatAccessMatrix } from "../../components/documents/identity-center";
import { ProgramRun, RegisteredResource } from "../program/program-run";
import { buildAzureSamlResponse, DirectoryUser } from "./";
import { identityCenterAcs, IdentityCenterCheck } from "./identity-center-acs";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

const TYPE = {
    applicationFromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    identifierUri: "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri",
    redirectUris: "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    provisionOnDemand: "azuread:index/synchronizationJobProvisionOnDemand:SynchronizationJobProvisionOnDemand",
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    accountAssignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
} as const;
const APP_COMPONENT = COMPONENT_TYPES.identityCenterApp;

/**
 * The claims of the "AWS IAM Identity Center" gallery app as instantiated: the basic claim set and
 * NameID = user.userprincipalname in emailAddress format, written as a policy so the simulation's
 * Entra claim engine produces them; the program adds no claims mapping policy to this app.
 */
export const IDENTITY_CENTER_GALLERY_CLAIMS = JSON.stringify({
    ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: "true", ClaimsSchema: [] },
});

/** One configured group's simulated sign-in and what its members get. */
export interface GroupSignIn {
    readonly group: string;
    readonly objectId: string;
    /** The stand-in member who signs in (SCIM provisions them with userName = UPN). */
    readonly userPrincipalName: string;
    readonly ok: boolean;
    readonly check?: IdentityCenterCheck;
    readonly message?: string;
    readonly resourceToFix?: string;
    /** Permission set × account rows resolved from the account assignments the program registered. */
    readonly access: readonly AccessMatrixRow[];
    readonly line: string;
}

export interface IdentityCenterSignInReport {
    readonly signIns: readonly GroupSignIn[];
    /** Who gets what where, for every group that signs in. */
    readonly accessMatrix: readonly AccessMatrixRow[];
    readonly succeeded: number;
    readonly failed: number;
}

export interface IdentityCenterSignInOptions {
    readonly now?: Date;
    readonly newId?: () => string;
    /** The IdP metadata Identity Center holds; the stack's `identityCenter.idpMetadataXml` (the runbook's upload) by default. */
    readonly uploadedIdpMetadataXml?: string;
}

/**
 * For every group the Identity Center app provisions, a member signs in: Entra's response to Identity
 * Center (audience samlIssuer, recipient samlAcsUrl, NameID the UPN) signed with the preferred key's
 * certificate, validated as Identity Center's ACS does against the uploaded IdP metadata; then the
 * account assignments registered for the group's Identity Store id give the access. Undefined when
 * the run has no Identity Center app.
 */
export function simulateIdentityCenterSignIns(
    run: ProgramRun,
    options: IdentityCenterSignInOptions = {},
): IdentityCenterSignInReport | undefined {
    const outputs = run.stackOutputs.identityCenter as
        | {
              samlIssuer: string;
              samlAcsUrl: string;
              idpMetadataXml: string;
              groups: Record<string, { objectId: string; identityStoreGroupId: string }>;
          }
        | undefined;
    const component = run.resources.find((resource) => resource.type === APP_COMPONENT);
    if (!outputs || !component) {
        return undefined;
    }
    const now = options.now ?? new Date();
    const inApp = (type: string) => run.resources.filter((resource) => resource.type === type && resource.parent === component.urn);
    const identifier = inApp(TYPE.identifierUri)[0];
    const replyUrl = inApp(TYPE.redirectUris)[0];
    const servicePrincipal = inApp(TYPE.servicePrincipal)[0];
    const preferred = run.resources.find(
        (resource) => resource.parent === component.urn && resource.type.includes("PreferredTokenSigningKey"),
    );
    const certificate = preferred ? run.standIns.signingCertificates.get(String(preferred.inputs.thumbprint).toUpperCase()) : undefined;

    const permissionSetsByArn = new Map(run.resources.filter((r) => r.type === TYPE.permissionSet).map((r) => [String(r.outputs.arn), r]));
    const assignments = run.resources.filter((r) => r.type === TYPE.accountAssignment);
    const domain = [...run.standIns.directoryUsers.values()][0]?.userPrincipalName.split("@")[1] ?? "contoso.onmicrosoft.com";
    const members = Object.entries(outputs.groups).map(([group, ids]) => ({
        group,
        ...ids,
        userPrincipalName: `member-of-${group.toLowerCase().replace(/[^a-z0-9.-]+/g, "-")}@${domain}`,
    }));
    // SCIM provisions the members of every assigned group, with userName = userPrincipalName.
    const provisionedUserNames = new Set(
        members
            .filter((member) => inApp(TYPE.provisionOnDemand).some((p) => JSON.stringify(p.inputs.parameters).includes(member.objectId)))
            .map((member) => member.userPrincipalName),
    );

    const signIns = members.map((member): GroupSignIn => {
        const access = accessOf(member.identityStoreGroupId, member.group, assignments, permissionSetsByArn);
        const done = (
            outcome: { ok: true } | { ok: false; check: IdentityCenterCheck; message: string; resourceToFix: string },
        ): GroupSignIn => ({
            group: member.group,
            objectId: member.objectId,
            userPrincipalName: member.userPrincipalName,
            ...outcome,
            access: outcome.ok ? access : [],
            line: outcome.ok
                ? `${member.userPrincipalName} (${member.group}) -> ${outputs.samlAcsUrl}: ${access.length === 0 ? "signed in, no account assigned" : access.map((row) => `${row.permissionSet}@${row.accountId}`).join(", ")}`
                : `${member.userPrincipalName} (${member.group}) -x Identity Center: ${outcome.message} -- fix ${outcome.resourceToFix}`,
        });
        if (!identifier || !replyUrl || !servicePrincipal) {
            return done({
                ok: false,
                check: "saml-response",
                message: "the Identity Center app has no identifier or reply URL, so Entra ID issues no response",
                resourceToFix: "the IdentityCenterApp component",
            });
        }
        if (!certificate) {
            return done({
                ok: false,
                check: "signature",
                message: "the Identity Center app has no activated signing key, so Entra ID cannot sign",
                resourceToFix: "the preferred token-signing key of the Identity Center app",
            });
        }
        const directoryUser = run.standIns.directoryUser(member.userPrincipalName);
        const user: DirectoryUser = {
            userPrincipalName: directoryUser.userPrincipalName,
            objectId: directoryUser.objectId,
            attributes: directoryUser.attributes,
            assignedRoleValues: [],
        };
        const built = buildAzureSamlResponse({
            tenantId: run.standIns.tenantId,
            app: {
                identifierUri: String(identifier.inputs.identifierUri),
                replyUrl: (replyUrl.inputs.redirectUris as string[])[0],
                claimsMappingPolicy: IDENTITY_CENTER_GALLERY_CLAIMS,
                signingCertificate: { base64Der: certificate.base64Der, privateKeyPem: certificate.privateKeyPem },
                defaultNameIdFormat: "emailAddress",
            },
            user,
            now,
            newId: options.newId,
        });
        if (!built.ok) {
            return done({ ok: false, check: "saml-response", message: built.problem, resourceToFix: built.resourceToFix });
        }
        const outcome = identityCenterAcs(
            {
                samlIssuer: outputs.samlIssuer,
                samlAcsUrl: outputs.samlAcsUrl,
                idpMetadataXml: options.uploadedIdpMetadataXml ?? outputs.idpMetadataXml,
                userNames: provisionedUserNames,
            },
            built.response.xml,
            now,
        );
        return done(outcome.ok ? { ok: true } : outcome);
    });
    return {
        signIns,
        accessMatrix: signIns.flatMap((signIn) => signIn.access),
        succeeded: signIns.filter((signIn) => signIn.ok).length,
        failed: signIns.filter((signIn) => !signIn.ok).length,
    };
}

function accessOf(
    groupId: string,
    group: string,
    assignments: readonly RegisteredResource[],
    permissionSets: ReadonlyMap<string, RegisteredResource>,
): AccessMatrixRow[] {
    return assignments
        .filter((assignment) => assignment.inputs.principalId === groupId && assignment.inputs.principalType === "GROUP")
        .map((assignment) => {
            const permissionSet = permissionSets.get(String(assignment.inputs.permissionSetArn));
            return {
                group,
                permissionSet: String(permissionSet?.inputs.name ?? assignment.inputs.permissionSetArn),
                accountId: String(assignment.inputs.targetId),
                sessionDuration: String(permissionSet?.inputs.sessionDuration ?? "PT1H"),
            };
        })
        .sort((a, b) => a.permissionSet.localeCompare(b.permissionSet) || a.accountId.localeCompare(b.accountId));
}

/** The Identity Center section of the preview, as a person reads it. */
export function formatIdentityCenterSignIns(report: IdentityCenterSignInReport): string[] {
    return [
        `Identity Center sign-in: ${report.succeeded} succeeded, ${report.failed} failed`,
        ...report.signIns.map((signIn) => `  ${signIn.line}`),
        "",
        "Identity Center access (who gets what where):",
        ...(report.accessMatrix.length === 0
            ? ["  (nobody gets an account)"]
            : formatAccessMatrix(report.accessMatrix).map((line) => `  ${line}`)),
    ];
}
