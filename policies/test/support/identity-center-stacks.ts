import * as assert from "assert";
import { ProgramRun, runProgramUnderMocks } from "../../../offline/program/program-run";
import {
    baseStackConfig,
    identityCenterBlock,
    identityCenterOnlyConfig,
    rawConfig,
    SCIM_TOKEN,
} from "../../../test/support/stack-fixtures";
import { packPolicies } from "../../registry";
import { runPack, TestResource } from "./validation-args";

/** Type tokens of the resources the Identity Center specs break. */
export const TYPE = {
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    managedPolicyAttachment: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    inlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    accountAssignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    applicationFromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
} as const;

let identityCenterOnly: Promise<ProgramRun> | undefined;
let bothBlocks: Promise<ProgramRun> | undefined;

/** The program's Identity-Center-only stack ("org"), run once under the stand-ins and copied for each caller. */
export async function identityCenterOnlyStack(): Promise<TestResource[]> {
    identityCenterOnly ??= runProgramUnderMocks({ stack: "org", config: identityCenterOnlyConfig() });
    return copy(await identityCenterOnly);
}

/** The program's stack with both blocks ("dev" with identityCenter), run once and copied for each caller. */
export async function bothBlocksStack(): Promise<TestResource[]> {
    bothBlocks ??= runProgramUnderMocks({
        stack: "dev",
        config: rawConfig({
            ...baseStackConfig(),
            requireMfa: true,
            identityCenter: identityCenterBlock(),
            identityCenterScimToken: SCIM_TOKEN,
        }),
    });
    return copy(await bothBlocks);
}

function copy(run: ProgramRun): TestResource[] {
    return structuredClone(run.resources) as unknown as TestResource[];
}

/** The first resource of a type (and filter); fails the test when there is none. */
export function first(resources: TestResource[], type: string, filter: (resource: TestResource) => boolean = () => true): TestResource {
    const found = resources.find((resource) => resource.type === type && filter(resource));
    assert.ok(found, `no ${type}`);
    return found;
}

/** The names of the pack's policies that report something on the resources, sorted. */
export async function findings(resources: TestResource[], config: Record<string, Record<string, unknown>> = {}): Promise<string[]> {
    const { findings } = await runPack(packPolicies, resources, config);
    return [...new Set(findings.map((finding) => finding.policyName))].sort();
}
