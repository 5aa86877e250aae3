import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { MfaConditionalAccess, MfaConditionalAccessArgs } from "../../../components/azure-ad/mfa-conditional-access";
import { constructUnderStandIns, registered } from "../../support/component-under-stand-ins";
import { outputValue } from "../../support/output-value";
import { TYPES } from "../../support/stack-fixtures";

const SANDBOX_CLIENT_ID = "09dfdee7-02ad-47a6-8ae0-905b0c0a0f64";
const IDENTITY_CENTER_CLIENT_ID = "2c4e6a8b-1d3f-4b5a-9c7e-0f2d4b6a8c1e";
const BREAK_GLASS = "e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b";

const construct = (overrides: Partial<MfaConditionalAccessArgs> = {}) =>
    constructUnderStandIns(
        () =>
            new MfaConditionalAccess("require-mfa", {
                displayName: "Require MFA for AWS (dev)",
                clientIds: [SANDBOX_CLIENT_ID, pulumi.output(IDENTITY_CENTER_CLIENT_ID)],
                ...overrides,
            }),
    );

describe("MfaConditionalAccess", function () {
    this.timeout(60_000);

    it("registers as azuread-aws-sso:azuread:MfaConditionalAccess with one policy parented to it", async () => {
        const { resources } = await construct();
        const [own, ...children] = resources;
        assert.strictEqual(own.type, "azuread-aws-sso:azuread:MfaConditionalAccess");
        assert.deepStrictEqual(
            children.map((child) => [child.type, child.name, child.parent]),
            [[TYPES.conditionalAccess, "require-mfa-policy", own.urn]],
        );
    });

    it("requires MFA of every user, from every client app, for exactly the given apps, and is enabled", async () => {
        const { resources, component } = await construct({ excludedUsers: [BREAK_GLASS] });
        const policy = registered(resources, "require-mfa-policy");
        assert.deepStrictEqual(policy.inputs, {
            displayName: "Require MFA for AWS (dev)",
            state: "enabled",
            conditions: {
                clientAppTypes: ["all"],
                applications: { includedApplications: [SANDBOX_CLIENT_ID, IDENTITY_CENTER_CLIENT_ID] },
                users: { includedUsers: ["All"], excludedUsers: [BREAK_GLASS] },
            },
            grantControls: { operator: "OR", builtInControls: ["mfa"] },
        });
        assert.strictEqual(await outputValue(component.policyId), policy.id);
    });

    it("excludes nobody unless break-glass users are given", async () => {
        const { resources } = await construct();
        assert.deepStrictEqual((registered(resources, "require-mfa-policy").inputs.conditions as any).users, { includedUsers: ["All"] });
    });
});
