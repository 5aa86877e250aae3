import * as assert from "assert";
import { findings, first, identityCenterOnlyStack, TYPE } from "../../support/identity-center-stacks";
import { setProperty } from "../../support/federation-fixture";

describe("federation-identity-center-group-coverage", function () {
    this.timeout(180_000);

    it("a group assigned to the app but to no permission set: federation-identity-center-group-coverage fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        for (const assignment of resources.filter(
            (resource) => resource.type === TYPE.accountAssignment && resource.name.includes("000000000002"),
        )) {
            resources.splice(resources.indexOf(assignment), 1);
        }
        assert.deepStrictEqual(await findings(resources), ["federation-identity-center-group-coverage"]);
    });

    it("an account assignment for a principal the stack does not provision: federation-identity-center-group-coverage fires, and nothing else", async () => {
        const resources = await identityCenterOnlyStack();
        const assignment = first(resources, TYPE.accountAssignment);
        const extra = {
            ...structuredClone(assignment),
            urn: `${assignment.urn}-extra`,
            name: `${assignment.name}-extra`,
            propertyDependencies: {},
        };
        setProperty(extra, "principalId", "9067a1b2c3-11111111-2222-3333-4444-555555555555");
        resources.push(extra);
        assert.deepStrictEqual(await findings(resources), ["federation-identity-center-group-coverage"]);
    });
});
