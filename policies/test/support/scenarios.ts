import { generateSigningCertificate } from "../../../offline/program/certificates";
import { setProperty } from "./federation-fixture";
import { TestResource, UNKNOWN } from "./validation-args";

/**
 * The breakages the issue names, each applied to a compliant stack, with the one policy that must
 * fire. Shared by the in-process pack test, the host test and the program test.
 */
export interface Breakage {
    readonly title: string;
    readonly policyName: string;
    /** Changes the stack; resources are found by type and role, never by a name only the fixture uses. */
    readonly apply: (resources: TestResource[]) => void;
}

function only(
    resources: readonly TestResource[],
    type: string,
    description: string,
    filter: (resource: TestResource) => boolean = () => true,
): TestResource {
    const found = resources.filter((resource) => resource.type === type && filter(resource));
    if (found.length === 0) {
        throw new Error(`the stack has no ${description}`);
    }
    return found[0];
}

const ROLE = "aws:iam/role:Role";
const samlRoles = (resources: readonly TestResource[]) =>
    resources.filter(
        (resource) => resource.type === ROLE && JSON.stringify(resource.outputs.assumeRolePolicy ?? "").includes("AssumeRoleWithSAML"),
    );

let foreignCertificate: string | undefined;

export const BREAKAGES: readonly Breakage[] = [
    {
        title: "AdministratorAccess attached to an SSO role",
        policyName: "aws-sso-role-no-privileged-managed-policies",
        apply: (resources) => {
            const role = samlRoles(resources)[0];
            resources.push({
                urn: role.urn
                    .replace(/::[^:]+$/, "::break-admin-attachment")
                    .replace("aws:iam/role:Role", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "break-admin-attachment",
                inputs: { role: role.outputs.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
                outputs: { role: role.outputs.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
                dependencies: [role.urn],
                propertyDependencies: { role: [role.urn] },
            });
        },
    },
    {
        title: "the SAML:aud condition removed from a role's trust",
        policyName: "aws-saml-role-trust",
        apply: (resources) => {
            const role = samlRoles(resources)[0];
            const document = JSON.parse(String(role.outputs.assumeRolePolicy)) as {
                Statement: Record<string, unknown>[] | Record<string, unknown>;
            };
            const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
            statements.forEach((statement) => delete statement.Condition);
            setProperty(role, "assumeRolePolicy", JSON.stringify(document));
        },
    },
    {
        title: "a SessionDuration longer than a role allows",
        policyName: "federation-role-session-covers-claim",
        apply: (resources) => {
            const role = samlRoles(resources)[0];
            setProperty(role, "maxSessionDuration", 3600);
            const claims = only(resources, "azuread:index/claimsMappingPolicy:ClaimsMappingPolicy", "claims mapping policy");
            const definitions = (claims.outputs.definitions as string[]).map((definition) =>
                definition.replace(/"Value":"\d+"/, '"Value":"7200"'),
            );
            setProperty(claims, "definitions", definitions);
            // Keep every other role able to take the longer session, so only the first one is short.
            for (const other of samlRoles(resources).slice(1)) {
                setProperty(other, "maxSessionDuration", 43200);
            }
        },
    },
    {
        title: "a certificate in the SAML provider metadata that Azure does not sign with",
        policyName: "federation-saml-metadata-matches-azure-certificate",
        apply: (resources) => {
            foreignCertificate ??= generateSigningCertificate({
                commonName: "not azure",
                notAfter: new Date(Date.now() + 365 * 86400_000),
            }).base64Der;
            const provider = only(resources, "aws:iam/samlProvider:SamlProvider", "SAML provider");
            const document = String(provider.outputs.samlMetadataDocument).replace(
                /<((?:[\w-]+:)?X509Certificate)>[^<]+<\/\1>/g,
                (_match, tag: string) => `<${tag}>${foreignCertificate}</${tag}>`,
            );
            setProperty(provider, "samlMetadataDocument", document);
        },
    },
    {
        title: "a second door (any AWS account may sts:AssumeRole) in an SSO role's trust",
        policyName: "aws-saml-role-trust",
        apply: (resources) => {
            const role = samlRoles(resources)[0];
            const document = JSON.parse(String(role.outputs.assumeRolePolicy)) as { Statement: unknown[] | unknown };
            const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
            setProperty(
                role,
                "assumeRolePolicy",
                JSON.stringify({
                    ...document,
                    Statement: [...statements, { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
                }),
            );
        },
    },
    {
        title: "a space after the comma of an app role value",
        policyName: "azuread-aws-app-role-value",
        apply: (resources) => {
            const appRole = only(resources, "azuread:index/applicationAppRole:ApplicationAppRole", "app role", (resource) =>
                String(resource.outputs.value).includes(","),
            );
            setProperty(appRole, "value", String(appRole.outputs.value).replace(",", ", "));
        },
    },
    {
        title: "AdministratorAccess through RolePolicyAttachmentsExclusive on an SSO role",
        policyName: "aws-sso-role-no-privileged-managed-policies",
        apply: (resources) => {
            const role = samlRoles(resources)[0];
            const type = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
            const properties = { roleName: role.outputs.name, policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] };
            resources.push({
                urn: role.urn.replace(/::[^:]+$/, "::break-exclusive-admin").replace("aws:iam/role:Role", type),
                type,
                name: "break-exclusive-admin",
                inputs: { ...properties },
                outputs: { ...properties },
                dependencies: [role.urn],
                propertyDependencies: { roleName: [role.urn] },
            });
        },
    },
    {
        title: "a console password (login profile) on the role-import reader",
        policyName: "aws-iam-no-console-password",
        apply: (resources) => {
            const user = only(resources, "aws:iam/user:User", "IAM user");
            const userName = user.outputs.name;
            resources.push({
                urn: user.urn
                    .replace(/::[^:]+$/, "::break-login-profile")
                    .replace("aws:iam/user:User", "aws:iam/userLoginProfile:UserLoginProfile"),
                type: "aws:iam/userLoginProfile:UserLoginProfile",
                name: "break-login-profile",
                inputs: { user: userName },
                outputs: { user: userName, password: "generated" },
                dependencies: [user.urn],
                propertyDependencies: { user: [user.urn] },
            });
        },
    },
    {
        title: "a second access key on the role-import reader, with one key generation configured",
        policyName: "aws-iam-user-single-access-key",
        apply: (resources) => {
            const user = only(resources, "aws:iam/user:User", "IAM user");
            const key = only(resources, "aws:iam/accessKey:AccessKey", "access key", (candidate) =>
                (candidate.propertyDependencies.user ?? []).includes(user.urn),
            );
            const stray = structuredClone(key);
            resources.push({
                ...stray,
                urn: `${key.urn}-manual`,
                name: `${key.name}-manual`,
                outputs: { ...stray.outputs, secret: "a-second-secret" },
            });
        },
    },
];

/**
 * The stack as a first `pulumi preview` sees it: every value computed from another resource, and
 * every output the provider fills in, is unknown.
 */
export function asFirstPreview(resources: readonly TestResource[]): TestResource[] {
    return resources.map((resource) => {
        const copy = structuredClone(resource);
        for (const property of Object.keys(copy.propertyDependencies)) {
            if (copy.propertyDependencies[property].length > 0) {
                copy.inputs[property] = UNKNOWN;
                copy.outputs[property] = UNKNOWN;
            }
        }
        for (const property of Object.keys(copy.outputs)) {
            if (!(property in copy.inputs)) {
                copy.outputs[property] = UNKNOWN;
            }
        }
        return copy;
    });
}
