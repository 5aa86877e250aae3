import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A program small enough to read its registrations by eye: one component holding an explicit AWS
 * provider and a role under it, a secret input, a dependsOn, protect, and a secret and a plain export.
 */
const config = new pulumi.Config();
const group = new pulumi.ComponentResource("test:index:Group", "sandbox");
const provider = new aws.Provider("sandbox", { region: "us-east-1", allowedAccountIds: ["111122223333"] }, { parent: group });
const role = new aws.iam.Role(
    "developer",
    {
        name: "Developer",
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
        description: config.requireSecret("roleDescription"),
    },
    { parent: group, provider, protect: true },
);
const policy = new aws.iam.RolePolicy(
    "developer-inline",
    { role: role.name, name: "inline", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
    { parent: group, provider, dependsOn: [role] },
);

export const roleArn = role.arn;
export const description = pulumi.secret(config.requireSecret("roleDescription"));
export const policyId = policy.id;
