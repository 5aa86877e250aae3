import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { TestResource } from "./validation-args";

/**
 * A compliant, dev-like stack with the shape of this project's program: one AWS account federated
 * with one AWS gallery app. Tests break one thing at a time and expect exactly one policy to fire.
 */

export const TENANT_ID = "11111111-2222-4333-8444-555555555555";
export const ACCOUNT_ID = "111122223333";
export const APPLICATION_OBJECT_ID = "aaaaaaaa-0000-4000-8000-000000000001";
export const SERVICE_PRINCIPAL_OBJECT_ID = "bbbbbbbb-0000-4000-8000-000000000002";
export const CLIENT_ID = "cccccccc-0000-4000-8000-000000000003";
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/AzureAD`;
export const GALLERY_TEMPLATE_ID = "8b1025e4-1dd2-430b-a150-2ef79cd700f5";
export const SIGN_IN_ENDPOINT = "https://signin.aws.amazon.com/saml";
export const READER_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

type ResourceClass = { __pulumiType?: string } | (abstract new (...args: never[]) => unknown);

function typeToken(type: ResourceClass | string): string {
    if (typeof type === "string") {
        return type;
    }
    const token = (type as { __pulumiType?: string }).__pulumiType;
    if (token === undefined) {
        throw new Error("resource class without a type token");
    }
    return token;
}

export interface AddOptions {
    /** Outputs besides the inputs (ARNs, object ids). */
    readonly outputs?: Record<string, unknown>;
    /** Property dependencies, as the engine records them. */
    readonly deps?: Record<string, readonly TestResource[]>;
    readonly parent?: TestResource;
    readonly dependsOn?: readonly TestResource[];
    readonly custom?: boolean;
}

export class StackFixture {
    readonly resources: TestResource[] = [];

    constructor(
        readonly stack = "dev",
        readonly project = "azuread-aws-sso",
    ) {}

    add(type: ResourceClass | string, name: string, inputs: Record<string, unknown>, addOptions: AddOptions = {}): TestResource {
        const token = typeToken(type);
        const qualifiedType = addOptions.parent ? `${addOptions.parent.urn.split("::")[2]}$${token}` : token;
        const propertyDependencies = Object.fromEntries(
            Object.entries(addOptions.deps ?? {}).map(([property, resources]) => [property, resources.map((resource) => resource.urn)]),
        );
        const dependencies = [
            ...new Set([...Object.values(propertyDependencies).flat(), ...(addOptions.dependsOn ?? []).map((resource) => resource.urn)]),
        ];
        const resource: TestResource = {
            urn: `urn:pulumi:${this.stack}::${this.project}::${qualifiedType}::${name}`,
            type: token,
            name,
            custom: addOptions.custom ?? true,
            inputs: structuredClone(inputs),
            outputs: { ...structuredClone(inputs), ...structuredClone(addOptions.outputs ?? {}) },
            dependencies,
            propertyDependencies,
            ...(addOptions.parent ? { parent: addOptions.parent.urn } : {}),
        };
        this.resources.push(resource);
        return resource;
    }

    find(name: string): TestResource {
        const resource = this.resources.find((candidate) => candidate.name === name);
        if (resource === undefined) {
            throw new Error(`no resource named ${name}`);
        }
        return resource;
    }

    remove(name: string): void {
        const index = this.resources.findIndex((candidate) => candidate.name === name);
        if (index < 0) {
            throw new Error(`no resource named ${name}`);
        }
        this.resources.splice(index, 1);
    }
}

/** Sets a property in both the inputs and the outputs of a resource. */
export function setProperty(resource: TestResource, property: string, value: unknown): void {
    if (value === undefined) {
        delete resource.inputs[property];
        delete resource.outputs[property];
        return;
    }
    resource.inputs[property] = structuredClone(value);
    resource.outputs[property] = structuredClone(value);
}

let sharedCertificate: SigningCertificate | undefined;

/** One RSA certificate per test process: key generation is the slow part of the fixture. */
export function signingCertificate(): SigningCertificate {
    sharedCertificate ??= generateSigningCertificate({
        commonName: "Microsoft Azure Federated SSO Certificate",
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000),
    });
    return sharedCertificate;
}

/** SAML 2.0 IdP metadata as Azure AD would publish it, for the given base64 DER certificates. */
export function idpMetadata(certificates: readonly string[], tenantId = TENANT_ID): string {
    const keys = certificates
        .map(
            (certificate) =>
                `  <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${certificate}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`,
        )
        .join("\n");
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/${tenantId}/">`,
        ' <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
        keys,
        `  <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/${tenantId}/saml2"/>`,
        " </IDPSSODescriptor>",
        "</EntityDescriptor>",
    ].join("\n");
}

export function samlTrustPolicy(providerArn = PROVIDER_ARN, audience: string | string[] = SIGN_IN_ENDPOINT): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithSAML",
                Condition: { StringEquals: { "SAML:aud": audience } },
            },
        ],
    });
}

export function claimsDefinition(sessionDuration = "3600", sessionNameSource = "userprincipalname"): string {
    return JSON.stringify({
        ClaimsMappingPolicy: {
            Version: 1,
            IncludeBasicClaimSet: "true",
            ClaimsSchema: [
                { Source: "user", ID: "assignedroles", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/Role" },
                { Source: "user", ID: sessionNameSource, SamlClaimType: "https://aws.amazon.com/SAML/Attributes/RoleSessionName" },
                { Value: sessionDuration, SamlClaimType: "https://aws.amazon.com/SAML/Attributes/SessionDuration" },
            ],
        },
    });
}

export const READER_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }],
});

export interface FederationFixtureOptions {
    readonly stack?: string;
    readonly sessionDuration?: number;
    readonly readOnlyMaxSessionDuration?: number;
}

/** The compliant stack; every policy of the pack passes on it. */
export function federationFixture(fixtureOptions: FederationFixtureOptions = {}): StackFixture {
    const stack = new StackFixture(fixtureOptions.stack ?? "dev");
    const certificate = signingCertificate();
    const parent = stack.add("azuread-aws-sso:wiring:AccountFederation", "prod", {}, { custom: false });
    const under = { parent };

    // Azure AD side.
    const app = stack.add(
        azuread.ApplicationFromTemplate,
        "prod-app",
        { displayName: "AWS prod (dev)", templateId: GALLERY_TEMPLATE_ID },
        {
            ...under,
            outputs: {
                applicationId: `/applications/${APPLICATION_OBJECT_ID}`,
                applicationObjectId: APPLICATION_OBJECT_ID,
                servicePrincipalId: `/servicePrincipals/${SERVICE_PRINCIPAL_OBJECT_ID}`,
                servicePrincipalObjectId: SERVICE_PRINCIPAL_OBJECT_ID,
            },
        },
    );
    const servicePrincipal = stack.add(
        azuread.ServicePrincipal,
        "prod-sp",
        {
            clientId: CLIENT_ID,
            useExisting: true,
            preferredSingleSignOnMode: "saml",
            appRoleAssignmentRequired: true,
            notificationEmailAddresses: ["cloud-team@example.com"],
        },
        { ...under, outputs: { objectId: SERVICE_PRINCIPAL_OBJECT_ID }, deps: { clientId: [app] } },
    );
    stack.add(
        azuread.ApplicationIdentifierUri,
        "prod-identifier",
        { applicationId: `/applications/${APPLICATION_OBJECT_ID}`, identifierUri: `${SIGN_IN_ENDPOINT}#dev-prod` },
        { ...under, deps: { applicationId: [app] } },
    );
    stack.add(
        azuread.ApplicationRedirectUris,
        "prod-reply-url",
        { applicationId: `/applications/${APPLICATION_OBJECT_ID}`, type: "Web", redirectUris: [SIGN_IN_ENDPOINT] },
        { ...under, deps: { applicationId: [app] } },
    );
    const signing = stack.add(
        azuread.ServicePrincipalTokenSigningCertificate,
        "prod-signing-2025",
        {
            servicePrincipalId: `/servicePrincipals/${SERVICE_PRINCIPAL_OBJECT_ID}`,
            displayName: "CN=Microsoft Azure Federated SSO Certificate",
        },
        {
            ...under,
            deps: { servicePrincipalId: [servicePrincipal] },
            outputs: {
                value: certificate.base64Der,
                thumbprint: certificate.thumbprint,
                startDate: certificate.notBefore.toISOString(),
                endDate: certificate.notAfter.toISOString(),
                keyId: "dddddddd-0000-4000-8000-000000000004",
            },
        },
    );
    stack.add(
        "pulumi-nodejs:dynamic:Resource",
        "prod-preferred-signing-key",
        { servicePrincipalObjectId: SERVICE_PRINCIPAL_OBJECT_ID, thumbprint: certificate.thumbprint, __provider: "serialized closure" },
        { ...under, deps: { servicePrincipalObjectId: [servicePrincipal], thumbprint: [signing] } },
    );
    const claims = stack.add(
        azuread.ClaimsMappingPolicy,
        "prod-claims",
        { displayName: "AWS prod claims", definitions: [claimsDefinition(String(fixtureOptions.sessionDuration ?? 3600))] },
        { ...under, outputs: {} },
    );
    stack.add(
        azuread.ServicePrincipalClaimsMappingPolicyAssignment,
        "prod-claims-assignment",
        {
            servicePrincipalId: `/servicePrincipals/${SERVICE_PRINCIPAL_OBJECT_ID}`,
            claimsMappingPolicyId: "/policies/claimsMappingPolicies/eeeeeeee-0000-4000-8000-000000000005",
        },
        { ...under, deps: { servicePrincipalId: [servicePrincipal], claimsMappingPolicyId: [claims] } },
    );

    // AWS side.
    const provider = stack.add(
        aws.iam.SamlProvider,
        "prod-saml-provider",
        { name: "AzureAD", samlMetadataDocument: idpMetadata([certificate.base64Der]) },
        { ...under, outputs: { arn: PROVIDER_ARN }, deps: { samlMetadataDocument: [signing] } },
    );
    const roles = [
        { name: "ReadOnly", maxSessionDuration: fixtureOptions.readOnlyMaxSessionDuration ?? 3600 },
        { name: "Developer", maxSessionDuration: 7200 },
    ].map((spec) =>
        stack.add(
            aws.iam.Role,
            `prod-role-${spec.name}`,
            { name: spec.name, assumeRolePolicy: samlTrustPolicy(), maxSessionDuration: spec.maxSessionDuration },
            { ...under, outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:role/${spec.name}` }, deps: { assumeRolePolicy: [provider] } },
        ),
    );
    const [readOnly, developer] = roles;
    stack.add(
        aws.iam.RolePolicyAttachment,
        "prod-role-ReadOnly-attachment",
        { role: "ReadOnly", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        { ...under, deps: { role: [readOnly] } },
    );
    stack.add(
        aws.iam.RolePolicy,
        "prod-role-Developer-inline",
        {
            role: "Developer",
            name: "Developer-inline",
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["ec2:Describe*", "s3:GetObject"], Resource: "*" }],
            }),
        },
        { ...under, deps: { role: [developer] } },
    );
    const readerPolicy = stack.add(
        aws.iam.Policy,
        "prod-reader-policy",
        { name: "AzureAD_SSOUserRole_Policy", policy: READER_POLICY },
        { ...under, outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:policy/AzureAD_SSOUserRole_Policy` } },
    );
    const reader = stack.add(
        aws.iam.User,
        "prod-reader-user",
        { name: "AzureADRoleManager" },
        { ...under, outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:user/AzureADRoleManager` } },
    );
    stack.add(
        aws.iam.UserPolicyAttachment,
        "prod-reader-policy-attachment",
        { user: "AzureADRoleManager", policyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/AzureAD_SSOUserRole_Policy` },
        { ...under, deps: { user: [reader], policyArn: [readerPolicy] } },
    );
    const accessKey = stack.add(
        aws.iam.AccessKey,
        "prod-reader-access-key",
        { user: "AzureADRoleManager" },
        { ...under, outputs: { secret: READER_SECRET, status: "Active" }, deps: { user: [reader] } },
    );

    // Wiring: app roles, assignments, role import, MFA, test user.
    for (const role of roles) {
        const roleName = String(role.inputs.name);
        const appRole = stack.add(
            azuread.ApplicationAppRole,
            `prod-app-role-${roleName}`,
            {
                applicationId: `/applications/${APPLICATION_OBJECT_ID}`,
                roleId: `ffffffff-0000-4000-8000-00000000000${roleName === "ReadOnly" ? 6 : 7}`,
                allowedMemberTypes: ["User"],
                displayName: roleName,
                description: `${roleName} in prod`,
                value: `arn:aws:iam::${ACCOUNT_ID}:role/${roleName},${PROVIDER_ARN}`,
            },
            { ...under, deps: { applicationId: [app], value: [role, provider] } },
        );
        stack.add(
            azuread.AppRoleAssignment,
            `prod-app-role-${roleName}-group`,
            {
                appRoleId: appRole.inputs.roleId,
                principalObjectId: "12345678-0000-4000-8000-000000000008",
                resourceObjectId: SERVICE_PRINCIPAL_OBJECT_ID,
            },
            { ...under, deps: { appRoleId: [appRole], resourceObjectId: [servicePrincipal] } },
        );
    }
    stack.add(
        azuread.SynchronizationSecret,
        "prod-role-import-secret",
        {
            servicePrincipalId: `/servicePrincipals/${SERVICE_PRINCIPAL_OBJECT_ID}`,
            credentials: [
                { key: "ClientSecret", value: "AKIAIOSFODNN7EXAMPLE" },
                { key: "SecretToken", value: READER_SECRET },
            ],
        },
        { ...under, deps: { servicePrincipalId: [servicePrincipal], credentials: [accessKey] } },
    );
    stack.add(
        azuread.SynchronizationJob,
        "prod-role-import-job",
        { servicePrincipalId: `/servicePrincipals/${SERVICE_PRINCIPAL_OBJECT_ID}`, templateId: "aws", enabled: true },
        { ...under, deps: { servicePrincipalId: [servicePrincipal] } },
    );
    stack.add(
        azuread.ConditionalAccessPolicy,
        "require-mfa-policy",
        {
            displayName: "Require MFA for AWS sign-in (dev)",
            state: "enabled",
            conditions: {
                clientAppTypes: ["all"],
                applications: { includedApplications: [CLIENT_ID] },
                users: { includedUsers: ["All"] },
            },
            grantControls: { operator: "OR", builtInControls: ["mfa"] },
        },
        { deps: { conditions: [app] } },
    );
    stack.add(azuread.User, "test-user-user", {
        userPrincipalName: "aws-test@example.onmicrosoft.com",
        displayName: "AWS test user",
        password: "Initial-Passw0rd!",
        forcePasswordChange: true,
    });
    return stack;
}

/** One day in milliseconds, for certificate dates relative to now. */
export const DAY = 86400_000;

/** The fixture stack with its active signing certificate (`prod-signing-2025`) valid from `start` to `end`. */
export function federationFixtureWithCertificateDates(start: Date, end: Date): StackFixture {
    const stack = federationFixture();
    const certificate = stack.find("prod-signing-2025");
    certificate.outputs.startDate = start.toISOString();
    certificate.outputs.endDate = end.toISOString();
    return stack;
}
