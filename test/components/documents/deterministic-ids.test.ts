import * as assert from "assert";
import { createHash } from "node:crypto";
import { appRoleId, AZUREAD_AWS_SSO_NAMESPACE } from "../../../components/documents/deterministic-ids";

/** RFC 4122 section 4.3 by hand (SHA-1 of namespace bytes then name, version 5, RFC variant), to check the library's answer. */
function rfc4122V5(name: string, namespace: string): string {
    const hash = createHash("sha1")
        .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
        .update(name, "utf8")
        .digest()
        .subarray(0, 16);
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe("appRoleId", () => {
    it("derives the app role id as a UUID v5 that depends only on account and role names", () => {
        const id = appRoleId("sandbox", "Developer");
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.strictEqual(appRoleId("sandbox", "Developer"), id);
        assert.notStrictEqual(appRoleId("sandbox", "ReadOnly"), id);
        assert.notStrictEqual(appRoleId("production", "Developer"), id);
    });

    it("keeps the ids deployed stacks already hold: a changed namespace or name layout would re-key every app role", () => {
        assert.strictEqual(appRoleId("sandbox", "Developer"), "6b8bb649-8ee0-5d80-816c-27790f2c6089");
        assert.strictEqual(appRoleId("production", "Operator"), "c6f89803-d7e7-5e4a-afb7-a1edd2ea98ed");
    });

    it("is the RFC 4122 name-based SHA-1 UUID of app-role/<account>/<role> in the project's namespace", () => {
        for (const [account, role] of [
            ["sandbox", "Developer"],
            ["production", "Operator"],
            ["data-platform", "Analyst+Export@eu"],
        ]) {
            assert.strictEqual(appRoleId(account, role), rfc4122V5(`app-role/${account}/${role}`, AZUREAD_AWS_SSO_NAMESPACE));
        }
    });

    it("keeps the account and role names apart, so two roles whose names run together never share an id", () => {
        // Joined without a separator, both would be the name "sandboxDev".
        assert.notStrictEqual(appRoleId("sandbox", "Dev"), appRoleId("sandbo", "xDev"));
    });
});
