import { RESOURCE_TYPES } from "../../../adopt/import-plan";
import { IamStandIn } from "../../support/iam-stand-in";
import { GALLERY_CERTIFICATE_SUBJECT, HandMadeApp, HandMadeSetup } from "./hand-made-setup";

/**
 * What an import of this id would read, as program inputs: taken from the hand-made setup (and the IAM
 * stand-in's stored documents), never from the adoption's own model. Undefined for ids the setup has not.
 */
export function liveInputs(setup: HandMadeSetup, iam: IamStandIn, type: string, id: string): Record<string, unknown> | undefined {
    const appOf = (predicate: (app: HandMadeApp) => boolean) => setup.apps.find(predicate);
    const T = RESOURCE_TYPES;
    switch (type) {
        case T.applicationFromTemplate: {
            const app = appOf((candidate) => id.endsWith(`/${candidate.applicationObjectId}/${candidate.servicePrincipalId}`));
            return app && { templateId: id.split("/")[2], displayName: app.displayName };
        }
        case T.servicePrincipal: {
            const app = appOf((candidate) => id === `/servicePrincipals/${candidate.servicePrincipalId}`);
            return (
                app && {
                    appRoleAssignmentRequired: true,
                    preferredSingleSignOnMode: "saml",
                    notificationEmailAddresses: [...app.notificationEmails],
                }
            );
        }
        case T.identifierUri: {
            const app = appOf((candidate) => id.startsWith(`/applications/${candidate.applicationObjectId}/identifierUris/`));
            const uri = Buffer.from(id.split("/").pop() ?? "", "base64").toString("utf8");
            return app && app.identifierUris.includes(uri) ? { identifierUri: uri } : undefined;
        }
        case T.redirectUris: {
            const app = appOf((candidate) => id === `/applications/${candidate.applicationObjectId}/redirectUris/Web`);
            return app && { redirectUris: [...app.replyUrls] };
        }
        case T.signingCertificate: {
            for (const app of setup.apps) {
                const certificate = app.certificates.find(
                    (entry) => id === `${app.servicePrincipalId}/tokenSigningCertificate/${entry.keyId}`,
                );
                if (certificate)
                    return {
                        displayName: GALLERY_CERTIFICATE_SUBJECT,
                        endDate: certificate.certificate.notAfter.toISOString().replace(/\.\d{3}Z$/, "Z"),
                    };
            }
            return undefined;
        }
        case T.preferredSigningKey: {
            const app = appOf((candidate) => id === candidate.servicePrincipalId);
            return app && { thumbprint: app.preferred.certificate.thumbprint };
        }
        case T.claimsMappingPolicy: {
            const app = appOf((candidate) => id === `/policies/claimsMappingPolicies/${candidate.claimsMappingPolicy?.id}`);
            return (
                app?.claimsMappingPolicy && {
                    definitions: [app.claimsMappingPolicy.definition],
                    displayName: app.claimsMappingPolicy.displayName,
                }
            );
        }
        case T.claimsAssignment: {
            // Its inputs are the ids of the imported service principal and policy: outputs, not comparable under mocks.
            const app = appOf(
                (candidate) =>
                    id === `/servicePrincipals/${candidate.servicePrincipalId}/claimsMappingPolicies/${candidate.claimsMappingPolicy?.id}`,
            );
            return app && {};
        }
        case T.appRole: {
            for (const app of setup.apps) {
                const role = app.account.roles.find(
                    (entry) =>
                        entry.appRole === "application" && id === `/applications/${app.applicationObjectId}/appRoles/${entry.appRoleId}`,
                );
                if (role) {
                    return {
                        roleId: role.appRoleId,
                        value: `arn:aws:iam::${app.account.accountId}:role/${role.name},arn:aws:iam::${app.account.accountId}:saml-provider/${app.account.providerName}`,
                        displayName: role.name,
                        description: role.name,
                        allowedMemberTypes: ["User"],
                    };
                }
            }
            return undefined;
        }
        case T.assignment: {
            for (const app of setup.apps) {
                for (const role of app.account.roles) {
                    const principal = role.assigned?.find(
                        (entry) => id === `/servicePrincipals/${app.servicePrincipalId}/appRoleAssignedTo/${entry.assignmentId}`,
                    );
                    if (principal) return { appRoleId: role.appRoleId, principalObjectId: principal.id };
                }
            }
            return undefined;
        }
        case T.synchronizationJob: {
            const app = appOf(
                (candidate) =>
                    id === `/servicePrincipals/${candidate.servicePrincipalId}/synchronization/jobs/${candidate.roleImportJobId}`,
            );
            return app && { templateId: "aws", enabled: true };
        }
        case T.samlProvider: {
            const account = setup.accounts.find(
                (candidate) => id === `arn:aws:iam::${candidate.accountId}:saml-provider/${candidate.providerName}`,
            );
            return (
                account && {
                    name: account.providerName,
                    samlMetadataDocument: iam.account(account.accountId).samlProviders.get(id)?.metadataDocument,
                }
            );
        }
        case T.role: {
            for (const account of setup.accounts) {
                const role = account.roles.find((entry) => entry.name === id);
                if (role) {
                    return {
                        name: role.name,
                        path: role.path ?? "/",
                        assumeRolePolicy: role.trustPolicy,
                        description: role.description,
                        maxSessionDuration: role.maxSessionDuration ?? 3600,
                        permissionsBoundary: role.permissionsBoundaryArn,
                        tags: role.tags ?? {},
                    };
                }
            }
            return undefined;
        }
        case T.rolePolicyAttachment: {
            const [role, ...arn] = id.split("/");
            const exists = setup.accounts.some((account) =>
                account.roles.some((entry) => entry.name === role && (entry.attachedPolicyArns ?? []).includes(arn.join("/"))),
            );
            return exists ? { role, policyArn: arn.join("/") } : undefined;
        }
        case T.rolePolicy: {
            const [role, name] = id.split(":");
            for (const account of setup.accounts) {
                const document = account.roles.find((entry) => entry.name === role)?.inlinePolicies?.[name];
                if (document) return { role, name, policy: document };
            }
            return undefined;
        }
        case T.policy: {
            const account = setup.accounts.find(
                (candidate) => candidate.reader && id === `arn:aws:iam::${candidate.accountId}:policy/${candidate.reader.policyName}`,
            );
            return (
                account?.reader && {
                    name: account.reader.policyName,
                    path: "/",
                    description: account.reader.policyDescription,
                    policy: account.reader.policyDocument,
                }
            );
        }
        case T.user: {
            const account = setup.accounts.find((candidate) => candidate.reader?.user.name === id);
            return account && { name: id };
        }
        case T.userPolicyAttachment: {
            const [user, ...arn] = id.split("/");
            const account = setup.accounts.find((candidate) => candidate.reader?.user.name === user);
            return account?.reader && arn.join("/") === `arn:aws:iam::${account.accountId}:policy/${account.reader.policyName}`
                ? { user, policyArn: arn.join("/") }
                : undefined;
        }
        default:
            return undefined;
    }
}

/** A registered input as the provider would compare it with the live value (defaults the provider applies filled in). */
export function registeredInput(type: string, inputs: Record<string, unknown>, property: string): unknown {
    const value = inputs[property];
    if (value === undefined && property === "path" && (type === RESOURCE_TYPES.policy || type === RESOURCE_TYPES.role)) return "/";
    if (value === undefined && property === "maxSessionDuration") return 3600;
    if (value === undefined && property === "tags") return {};
    return value;
}
