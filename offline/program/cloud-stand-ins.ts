import * as pulumi from "@pulumi/pulumi";
import { createHash, randomBytes } from "crypto";
import { v5 as uuidv5 } from "uuid";
import { SigningCertificate, SigningCertificateOptions, SigningKeyPool } from "./certificates";

/** Namespace of the stand-ins' deterministic ids; distinct from the program's own. */
const STAND_IN_NAMESPACE = "6f1f0d3e-8c52-5a0b-b7de-2f4c1a9e0d17";

/** A directory user as the Azure AD stand-in knows it. */
export interface DirectoryUser {
    readonly objectId: string;
    readonly userPrincipalName: string;
    /** Claim sources by Azure's lower-case attribute id (userprincipalname, mail, ...). */
    readonly attributes: Readonly<Record<string, string>>;
}

/** A gallery-app instance the Azure AD stand-in created. */
export interface StandInApplication {
    readonly objectId: string;
    readonly clientId: string;
    readonly servicePrincipalObjectId: string;
    readonly displayName: string;
}

export interface CloudStandInsOptions {
    /** Tenant the Azure AD stand-in answers for. */
    readonly tenantId: string;
    /** Clock for certificate dates; defaults to now. */
    readonly now?: () => Date;
    /** Issues each token-signing certificate; by default a real RSA-2048 self-signed one from `signingKeys`. */
    readonly issueCertificate?: (options: SigningCertificateOptions) => SigningCertificate | Promise<SigningCertificate>;
    /** Where the default issuer's key pairs come from: off the main thread, in parallel; a pool of its own by default. */
    readonly signingKeys?: SigningKeyPool;
    /** Entra groups the directory holds, which SCIM can provision to Identity Center. */
    readonly directoryGroups?: readonly DirectoryGroup[];
}

/** An Entra group as the Azure AD stand-in knows it. */
export interface DirectoryGroup {
    readonly objectId: string;
    readonly displayName: string;
}

/** A group SCIM created in the Identity Store stand-in by provisioning on demand. */
export interface IdentityStoreGroup {
    readonly groupId: string;
    readonly displayName: string;
    /** The Entra object id, which Entra's SCIM sends as the group's externalId. */
    readonly externalId: string;
}

/**
 * Pulumi mocks that answer like Azure AD and AWS IAM: ids in the clouds' formats (UUID object ids,
 * ARNs from the account behind each resource's provider, AKIA key ids), and a real RSA-2048
 * self-signed certificate for every token-signing certificate. Private keys stay in memory.
 * A certificate's registration is answered once its key exists; the program keeps registering meanwhile.
 */
export class CloudStandIns implements pulumi.runtime.Mocks {
    public readonly tenantId: string;
    /** Token-signing certificates by thumbprint, with their private keys, for signing test assertions. */
    public readonly signingCertificates = new Map<string, SigningCertificate>();
    /** Gallery-app instances by application object id. */
    public readonly applications = new Map<string, StandInApplication>();
    /** Users the directory knows, by object id: created ones and looked-up ones. */
    public readonly directoryUsers = new Map<string, DirectoryUser>();
    /** Secret values the stand-ins issued (access key secrets), so tests can look for leaks. */
    public readonly issuedSecrets: string[] = [];
    /** Entra groups by object id (lower case). */
    public readonly directoryGroups = new Map<string, DirectoryGroup>();
    /** Groups in the Identity Store, by display name (lower case: Identity Store names are case-insensitive). */
    public readonly identityStoreGroups = new Map<string, IdentityStoreGroup>();

    private readonly accountByProviderId = new Map<string, string>();
    /** A certificate stays the same across runs of one stand-in, as it does in Azure until replaced. */
    private readonly certificateByResource = new Map<string, SigningCertificate | Promise<SigningCertificate>>();
    private readonly now: () => Date;
    private readonly issueCertificate: (options: SigningCertificateOptions) => SigningCertificate | Promise<SigningCertificate>;
    private readonly secretSalt = randomBytes(16).toString("hex");

    constructor(options: CloudStandInsOptions) {
        this.tenantId = options.tenantId;
        this.now = options.now ?? (() => new Date());
        const signingKeys = options.signingKeys ?? new SigningKeyPool();
        this.issueCertificate = options.issueCertificate ?? ((certificate) => signingKeys.certificate(certificate));
        for (const group of options.directoryGroups ?? []) {
            this.directoryGroups.set(group.objectId.toLowerCase(), group);
        }
    }

    public newResource(
        args: pulumi.runtime.MockResourceArgs,
    ): pulumi.runtime.MockResourceResult | Promise<pulumi.runtime.MockResourceResult> {
        const inputs = args.inputs as Record<string, any>;
        const uuid = (kind: string) => this.uuid(`${kind}/${args.type}/${args.name}`);
        switch (args.type) {
            case "pulumi:providers:aws": {
                const id = uuid("provider");
                const accounts = parseList(inputs.allowedAccountIds);
                if (accounts.length > 0) {
                    this.accountByProviderId.set(id, accounts[0]);
                }
                return { id, state: inputs };
            }
            case "aws:iam/samlProvider:SamlProvider": {
                const arn = `arn:aws:iam::${this.accountOf(args)}:saml-provider/${inputs.name}`;
                return { id: arn, state: { ...inputs, arn, validUntil: "2125-01-01T00:00:00Z" } };
            }
            case "aws:iam/role:Role": {
                const arn = `arn:aws:iam::${this.accountOf(args)}:role/${inputs.name}`;
                return {
                    id: inputs.name,
                    state: { ...inputs, arn, uniqueId: this.awsUniqueId("AROA", arn), createDate: this.now().toISOString() },
                };
            }
            case "aws:iam/policy:Policy": {
                const arn = `arn:aws:iam::${this.accountOf(args)}:policy/${inputs.name}`;
                return { id: arn, state: { ...inputs, arn, policyId: this.awsUniqueId("ANPA", arn), attachmentCount: 1 } };
            }
            case "aws:iam/user:User": {
                const arn = `arn:aws:iam::${this.accountOf(args)}:user/${inputs.name}`;
                return { id: inputs.name, state: { ...inputs, arn, uniqueId: this.awsUniqueId("AIDA", arn) } };
            }
            case "aws:iam/accessKey:AccessKey": {
                // One id per key resource: a user holds two keys while a generation rotates.
                const id = this.awsUniqueId("AKIA", `${this.accountOf(args)}/${inputs.user}/${args.name}`);
                // Random per stand-in, stable across its runs: the key is not re-issued by a later run.
                const secret = createHash("sha256").update(`${id}/${this.secretSalt}`).digest("base64").slice(0, 40);
                if (!this.issuedSecrets.includes(secret)) {
                    this.issuedSecrets.push(secret);
                }
                return { id, state: { ...inputs, secret, status: "Active", createDate: this.now().toISOString() } };
            }
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                return { id: `${inputs.role}-${uuid("attachment").slice(0, 8)}`, state: inputs };
            case "aws:iam/rolePolicy:RolePolicy":
                return { id: `${inputs.role}:${inputs.name}`, state: inputs };
            case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
                return { id: `${inputs.user}-${uuid("attachment").slice(0, 8)}`, state: inputs };
            case "azuread:index/applicationFromTemplate:ApplicationFromTemplate": {
                const application: StandInApplication = {
                    objectId: uuid("application"),
                    clientId: uuid("client"),
                    servicePrincipalObjectId: uuid("service-principal"),
                    displayName: inputs.displayName,
                };
                this.applications.set(application.objectId, application);
                return {
                    id: `/applications/${application.objectId}`,
                    state: {
                        ...inputs,
                        applicationObjectId: application.objectId,
                        applicationId: `/applications/${application.objectId}`,
                        servicePrincipalObjectId: application.servicePrincipalObjectId,
                        servicePrincipalId: `/servicePrincipals/${application.servicePrincipalObjectId}`,
                    },
                };
            }
            case "azuread:index/servicePrincipal:ServicePrincipal": {
                const application = [...this.applications.values()].find((app) => app.clientId === inputs.clientId);
                const objectId = application?.servicePrincipalObjectId ?? uuid("service-principal");
                return {
                    id: `/servicePrincipals/${objectId}`,
                    state: {
                        ...inputs,
                        objectId,
                        applicationTenantId: this.tenantId,
                        displayName: application?.displayName ?? args.name,
                        servicePrincipalNames: [inputs.clientId],
                        type: "Application",
                    },
                };
            }
            case "azuread:index/servicePrincipalTokenSigningCertificate:ServicePrincipalTokenSigningCertificate": {
                const commonName = String(inputs.displayName ?? "CN=Microsoft Azure Federated SSO Certificate").replace(/^CN=/, "");
                const notBefore = this.now();
                const notAfter = inputs.endDate
                    ? new Date(inputs.endDate)
                    : new Date(Date.UTC(notBefore.getUTCFullYear() + 3, notBefore.getUTCMonth(), notBefore.getUTCDate()));
                const resourceKey = JSON.stringify([args.name, inputs.servicePrincipalId, inputs.displayName, inputs.endDate ?? null]);
                const issued = this.certificateByResource.get(resourceKey) ?? this.issueCertificate({ commonName, notBefore, notAfter });
                this.certificateByResource.set(resourceKey, issued);
                const answer = (certificate: SigningCertificate): pulumi.runtime.MockResourceResult => {
                    this.certificateByResource.set(resourceKey, certificate);
                    this.signingCertificates.set(certificate.thumbprint, certificate);
                    const keyId = uuid("key");
                    return {
                        id: `${String(inputs.servicePrincipalId).replace("/servicePrincipals/", "")}/tokenSigningCertificate/${keyId}`,
                        state: {
                            ...inputs,
                            displayName: `CN=${commonName}`,
                            keyId,
                            thumbprint: certificate.thumbprint,
                            value: certificate.base64Der,
                            startDate: certificate.notBefore.toISOString(),
                            endDate: certificate.notAfter.toISOString(),
                        },
                    };
                };
                return issued instanceof Promise ? issued.then(answer) : answer(issued);
            }
            case "azuread:index/user:User": {
                const user = this.directoryUser(inputs.userPrincipalName, inputs.displayName);
                return { id: `/users/${user.objectId}`, state: { ...inputs, objectId: user.objectId, mail: inputs.userPrincipalName } };
            }
            case "azuread:index/applicationAppRole:ApplicationAppRole":
                return { id: `${inputs.applicationId}/appRole/${inputs.roleId}`, state: inputs };
            case "azuread:index/appRoleAssignment:AppRoleAssignment":
                return {
                    id: `/servicePrincipals/${inputs.resourceObjectId}/appRoleAssignedTo/${uuid("assignment")}`,
                    state: { ...inputs, principalType: this.directoryUsers.has(inputs.principalObjectId) ? "User" : "Group" },
                };
            case "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy":
                return { id: `/policies/claimsMappingPolicies/${uuid("policy")}`, state: inputs };
            case "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy":
                return { id: uuid("conditional-access"), state: inputs };
            case "azuread:index/synchronizationJob:SynchronizationJob":
                return {
                    id: `${inputs.servicePrincipalId}/job/${inputs.templateId}.${uuid("job").replace(/-/g, "")}`,
                    state: { ...inputs, schedules: [{ interval: "PT40M", state: "Active" }] },
                };
            case "azuread:index/synchronizationJobProvisionOnDemand:SynchronizationJobProvisionOnDemand": {
                for (const parameter of (inputs.parameters ?? []) as { subjects?: { objectId: string; objectTypeName: string }[] }[]) {
                    for (const subject of parameter.subjects ?? []) {
                        const group = this.directoryGroups.get(String(subject.objectId).toLowerCase());
                        if (subject.objectTypeName !== "Group" || !group) {
                            throw new Error(
                                `provisionOnDemand: Request_ResourceNotFound: ${subject.objectTypeName} '${subject.objectId}' does not exist in the directory`,
                            );
                        }
                        const storeHex = createHash("sha256").update(this.tenantId).digest("hex").slice(0, 10);
                        this.identityStoreGroups.set(group.displayName.toLowerCase(), {
                            groupId: `${storeHex}-${this.uuid(`identity-store-group/${group.objectId}`)}`,
                            displayName: group.displayName,
                            externalId: group.objectId,
                        });
                    }
                }
                return { id: uuid("provision-on-demand"), state: inputs };
            }
            case "aws:ssoadmin/permissionSet:PermissionSet": {
                const instanceId = String(inputs.instanceArn).split("/").pop();
                const arn = `arn:aws:sso:::permissionSet/${instanceId}/ps-${createHash("sha256").update(`${inputs.instanceArn}/${inputs.name}`).digest("hex").slice(0, 16)}`;
                return { id: `${arn},${inputs.instanceArn}`, state: { ...inputs, arn, createdDate: this.now().toISOString() } };
            }
            case "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment":
                return {
                    id: `${inputs.managedPolicyArn},${inputs.permissionSetArn},${inputs.instanceArn}`,
                    state: { ...inputs, managedPolicyName: String(inputs.managedPolicyArn).split("/").pop() },
                };
            case "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": {
                const reference = inputs.customerManagedPolicyReference ?? {};
                return { id: `${reference.name},${reference.path ?? "/"},${inputs.permissionSetArn},${inputs.instanceArn}`, state: inputs };
            }
            case "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment":
            case "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy":
                return { id: `${inputs.permissionSetArn},${inputs.instanceArn}`, state: inputs };
            case "aws:ssoadmin/accountAssignment:AccountAssignment":
                return {
                    id: [
                        inputs.principalId,
                        inputs.principalType,
                        inputs.targetId,
                        inputs.targetType,
                        inputs.permissionSetArn,
                        inputs.instanceArn,
                    ].join(","),
                    state: inputs,
                };
            default:
                if (args.custom === false) {
                    return { id: undefined, state: inputs };
                }
                return { id: `${args.name}-${uuid("id")}`, state: inputs };
        }
    }

    public call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const inputs = args.inputs as Record<string, any>;
        switch (args.token) {
            case "azuread:index/getClientConfig:getClientConfig":
                return {
                    tenantId: this.tenantId,
                    clientId: this.uuid("deployer-client"),
                    objectId: this.uuid("deployer"),
                    id: this.tenantId,
                };
            case "azuread:index/getApplication:getApplication": {
                const application = this.applications.get(inputs.objectId);
                if (!application) {
                    throw new Error(`Application with object ID "${inputs.objectId}" was not found`);
                }
                return { ...application, id: `/applications/${application.objectId}`, identifierUris: [], appRoles: [] };
            }
            case "azuread:index/getUser:getUser": {
                const user = this.directoryUser(inputs.userPrincipalName);
                return {
                    ...user.attributes,
                    objectId: user.objectId,
                    id: user.objectId,
                    userPrincipalName: user.userPrincipalName,
                    accountEnabled: true,
                };
            }
            case "azuread:index/getGroup:getGroup": {
                const group = this.directoryGroups.get(String(inputs.objectId).toLowerCase());
                if (!group) {
                    throw new Error(`No group found with object ID: "${inputs.objectId}"`);
                }
                return { ...group, id: group.objectId, securityEnabled: true, mailEnabled: false, members: [], owners: [] };
            }
            case "aws:identitystore/getGroup:getGroup": {
                const wanted = inputs.alternateIdentifier?.uniqueAttribute;
                const group =
                    wanted?.attributePath === "DisplayName"
                        ? this.identityStoreGroups.get(String(wanted.attributeValue).toLowerCase())
                        : undefined;
                if (!group) {
                    throw new Error("no Identity Store Group found matching criteria; try different search");
                }
                return {
                    id: group.groupId,
                    groupId: group.groupId,
                    displayName: group.displayName,
                    description: "",
                    identityStoreId: inputs.identityStoreId,
                    externalIds: [{ id: group.externalId, issuer: `https://scim.aws.com/${inputs.identityStoreId}` }],
                };
            }
            default:
                throw new Error(`the offline stand-ins do not implement ${args.token}`);
        }
    }

    /** The stand-in directory's user for a UPN; guests get the `#EXT#` UPN form Azure gives them. */
    public directoryUser(userPrincipalName: string, displayName?: string): DirectoryUser {
        const objectId = this.uuid(`user/${userPrincipalName.toLowerCase()}`);
        const existing = this.directoryUsers.get(objectId);
        if (existing) {
            return existing;
        }
        const localPart = userPrincipalName.split("@")[0];
        const [givenName, surname] = localPart.includes(".") ? localPart.split(".", 2) : [localPart, ""];
        const user: DirectoryUser = {
            objectId,
            userPrincipalName,
            attributes: {
                userprincipalname: userPrincipalName,
                mail: userPrincipalName.includes("#EXT#") ? localPart.replace(/_([^_]*)#EXT#$/, "@$1") : userPrincipalName,
                displayname: displayName ?? localPart,
                givenname: givenName,
                surname,
                objectid: objectId,
                onpremisessamaccountname: localPart.replace(/[^\w.-]/g, "").slice(0, 20),
                employeeid: String(parseInt(objectId.slice(0, 6), 16)),
                department: "Engineering",
            },
        };
        this.directoryUsers.set(objectId, user);
        return user;
    }

    private uuid(name: string): string {
        return uuidv5(name, STAND_IN_NAMESPACE);
    }

    /** IAM unique ids: a four-letter type prefix and 16 (key ids) or 17 base32 characters. */
    private awsUniqueId(prefix: string, seed: string): string {
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const digest = createHash("sha256").update(seed).digest();
        const length = prefix === "AKIA" ? 16 : 17;
        return prefix + Array.from(digest.subarray(0, length), (byte) => alphabet[byte % 32]).join("");
    }

    private accountOf(args: pulumi.runtime.MockResourceArgs): string {
        const providerId = args.provider?.split("::").pop();
        const account = providerId ? this.accountByProviderId.get(providerId) : undefined;
        if (!account) {
            throw new Error(
                `${args.type} ${args.name}: no explicit aws provider with allowedAccountIds; every AWS resource must name its account`,
            );
        }
        return account;
    }
}

/** Provider inputs arrive JSON-encoded; other inputs as arrays. */
function parseList(value: unknown): string[] {
    if (Array.isArray(value)) {
        return value.map(String);
    }
    if (typeof value === "string") {
        try {
            const parsed = JSON.parse(value);
            return Array.isArray(parsed) ? parsed.map(String) : [value];
        } catch {
            return [value];
        }
    }
    return [];
}
