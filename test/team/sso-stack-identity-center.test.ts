import * as assert from "assert";
import type * as lib from "../../lib";
import { runProgramUnderMocks } from "../../offline/program/program-run";
import { identityCenterOnlyConfig } from "../support/stack-fixtures";
import { ssoStackOutputs, SSO_STACK_NAME } from "./support/sso-contract";
import { TeamMocks, unwrap, useMocks } from "./support/team-mocks";

describe("SsoStack: the identityCenter outputs", function () {
    this.timeout(120_000);
    let exported: Record<string, unknown>;
    let sso: typeof lib;

    before(async () => {
        // The outputs exactly as the program exports them for an Identity-Center-only stack.
        exported = (await runProgramUnderMocks({ stack: "org", config: identityCenterOnlyConfig() })).stackOutputs;
        await useMocks(new TeamMocks(exported));
        sso = await import("../../lib");
    });
    after(() => useMocks(new TeamMocks()));

    it("reads the start URL, region and ids a CLI profile and other programs need", async () => {
        const identityCenter = new sso.SsoStack("sso-ic", { stackName: SSO_STACK_NAME }).identityCenter();
        const outputs = exported.identityCenter as any;
        assert.deepStrictEqual(
            {
                startUrl: await unwrap(identityCenter.startUrl),
                region: await unwrap(identityCenter.region),
                instanceArn: await unwrap(identityCenter.instanceArn),
                identityStoreId: await unwrap(identityCenter.identityStoreId),
                applicationId: await unwrap(identityCenter.applicationId),
                servicePrincipalObjectId: await unwrap(identityCenter.servicePrincipalObjectId),
                permissionSetNames: await unwrap(identityCenter.permissionSetNames),
            },
            {
                startUrl: "https://d-9067a1b2c3.awsapps.com/start",
                region: "eu-west-1",
                instanceArn: outputs.instanceArn,
                identityStoreId: "d-9067a1b2c3",
                applicationId: outputs.applicationId,
                servicePrincipalObjectId: outputs.servicePrincipalObjectId,
                permissionSetNames: ["Developer", "PlatformReadOnly"],
            },
        );
        assert.strictEqual(await unwrap(identityCenter.permissionSetArn("Developer")), outputs.permissionSets.Developer.arn);
        assert.strictEqual((await unwrap(identityCenter.accessMatrix)).length, 3);
    });

    it("names the permission sets that exist when asked for one that does not", async () => {
        const identityCenter = new sso.SsoStack("sso-ic-missing", { stackName: SSO_STACK_NAME }).identityCenter();
        await assert.rejects(
            unwrap(identityCenter.permissionSetArn("developer")),
            /has no permission set "developer" \(did you mean "Developer"\?\); available permission sets: Developer, PlatformReadOnly/,
        );
    });

    it("says so when the SSO stack has no identityCenter block, and reads its accounts as before", async () => {
        await useMocks(new TeamMocks(ssoStackOutputs() as unknown as Record<string, unknown>));
        const stack = new sso.SsoStack("sso-no-ic", { stackName: SSO_STACK_NAME });
        await assert.rejects(
            unwrap(stack.identityCenter().startUrl),
            new RegExp(`SSO stack "${SSO_STACK_NAME}" has no output "identityCenter"`),
        );
        assert.deepStrictEqual(await unwrap(stack.accountNames), ["data", "sandbox"]);
    });
});
