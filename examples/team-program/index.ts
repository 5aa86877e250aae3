import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment, SsoStack, TeamRole } from "azuread-aws-sso";

const config = new pulumi.Config();
const region = aws.config.requireRegion();

// The identity team's SSO stack: read through a stack reference, never modified.
const sso = new SsoStack("sso", { stackName: config.require("ssoStack") });
const data = sso.account(config.get("ssoAccount") ?? "data");

// Our own credentials: the data account, and the SSO stack's Azure AD tenant. TeamRole checks both
// against the SSO stack before it creates anything.
const dataAws = new aws.Provider("data", {
    region,
    assumeRoles: [{ roleArn: config.require("deployRoleArn"), sessionName: `team-data-${pulumi.getStack()}` }],
    allowedAccountIds: [data.accountId],
});
const ssoTenant = new azuread.Provider("sso-tenant", { tenantId: sso.tenantId });

const bucket = config.require("dataLakeBucket");

// Our own role, in the SSO stack's account, on its shared gallery app.
const analyst = new TeamRole(
    "data-analyst",
    {
        account: data,
        roleName: "Data-Analyst",
        description: "Data team analysts: read the data lake and query it with Athena.",
        managedPolicyArns: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
        inlinePolicy: data.accountId.apply((accountId) => ({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadDataLake",
                    Effect: "Allow",
                    Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject"],
                    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
                },
                {
                    Sid: "QueryWithAthena",
                    Effect: "Allow",
                    Action: [
                        "athena:StartQueryExecution",
                        "athena:StopQueryExecution",
                        "athena:GetQueryExecution",
                        "athena:GetQueryResults",
                        "glue:GetDatabase",
                        "glue:GetDatabases",
                        "glue:GetTable",
                        "glue:GetTables",
                        "glue:GetPartitions",
                    ],
                    Resource: [
                        `arn:aws:athena:${region}:${accountId}:workgroup/primary`,
                        `arn:aws:glue:${region}:${accountId}:catalog`,
                        `arn:aws:glue:${region}:${accountId}:database/*`,
                        `arn:aws:glue:${region}:${accountId}:table/*/*`,
                    ],
                },
            ],
        })),
        assign: {
            groups: [config.require("analystsGroupId")],
            users: config.getObject<string[]>("analystUsers") ?? [],
        },
    },
    { providers: [dataAws, ssoTenant] },
);

// A role the SSO stack already has: our engineers get Data-Engineer.
new RoleAssignment(
    "data-engineers",
    { role: data.role("Data-Engineer"), groups: [config.require("engineersGroupId")] },
    { providers: [ssoTenant] },
);

export const analystRoleArn = analyst.arn;
export const analystAppRoleId = analyst.appRoleId;
export const analystMaxSessionDuration = analyst.maxSessionDuration;
export const signInUrl = data.userAccessUrl;
