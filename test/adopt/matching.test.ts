import * as assert from "assert";
import { accountIdsOfRoleValues, matchAccounts, servicePrincipalThumbprints } from "../../adopt/matching";
import { discoveredAccount as account, discoveredApp as app, OTHER, THUMBPRINT } from "./support/discovered-objects";

describe("adopt matching (matchAccounts): apps to accounts", () => {
    it("pairs each account with the app whose signing certificate its provider trusts", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT]), account("444455556666", [OTHER])],
            [app("one", OTHER, "444455556666"), app("two", THUMBPRINT, "111122223333")],
        );
        assert.deepStrictEqual(
            result.matches.map((match) => [match.account.argument.accountId, match.app.servicePrincipal.id]),
            [
                ["111122223333", "two"],
                ["444455556666", "one"],
            ],
        );
    });

    it("refuses to guess between two apps signing with the same certificate", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT])],
            [app("one", THUMBPRINT, "111122223333"), app("two", THUMBPRINT, "111122223333")],
        );
        assert.deepStrictEqual(result.matches, []);
        assert.match(
            result.findings.find((finding) => finding.kind === "cannot-adopt")?.problem ?? "",
            /several pairs of app and SAML provider match equally/,
        );
    });

    it("prefers the app whose role values name the account when certificates alone tie", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT])],
            [app("one", THUMBPRINT, "999988887777"), app("two", THUMBPRINT, "111122223333")],
        );
        assert.deepStrictEqual(
            result.matches.map((match) => match.app.servicePrincipal.id),
            ["two"],
        );
    });

    it("reports credentials that reach another account, and an account no app matches", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT], "444455556666"), account("555566667777", [OTHER])],
            [app("one", THUMBPRINT)],
        );
        assert.deepStrictEqual(result.matches, []);
        const problems = result.findings.filter((finding) => finding.kind === "cannot-adopt").map((finding) => finding.problem);
        assert.match(problems[0], /reached account 444455556666, not 111122223333/);
        assert.match(problems[1], /no AWS gallery-app instance/);
    });

    it("one app matching two accounts is adopted for the first only; an app no account matches is a note", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT]), account("444455556666", [THUMBPRINT])],
            [app("one", THUMBPRINT, "111122223333"), app("spare", OTHER)],
        );
        assert.deepStrictEqual(
            result.matches.map((match) => match.account.argument.accountId),
            ["111122223333"],
        );
        const blocker = result.findings.find((finding) => finding.kind === "cannot-adopt");
        assert.strictEqual(blocker?.account, "a6666");
        assert.match(blocker?.problem ?? "", /also matches account a3333; one instance serves one account/);
        const notes = result.findings
            .filter((finding) => finding.kind === "note")
            .map((finding) => `${finding.subject}: ${finding.problem}`);
        assert.ok(notes.includes("app app spare (spare): matches none of the accounts given"), notes.join("\n"));
        assert.ok(
            notes.includes("app app one: matched by its signing certificate only: none of its app role values names this account yet"),
        );
    });

    it("reads an app's thumbprints from its Verify credentials, the preferred one first, and the accounts its role values name", () => {
        const signing = app("one", OTHER, "444455556666");
        const withTwo = {
            ...signing,
            servicePrincipal: {
                ...signing.servicePrincipal,
                preferredTokenSigningKeyThumbprint: THUMBPRINT.toLowerCase(),
                keyCredentials: [
                    ...signing.servicePrincipal.keyCredentials,
                    {
                        ...signing.servicePrincipal.keyCredentials[0],
                        keyId: "sign",
                        usage: "Sign",
                        customKeyIdentifier: Buffer.from("00".repeat(20), "hex").toString("base64"),
                    },
                ],
            },
        };
        assert.deepStrictEqual(servicePrincipalThumbprints(withTwo), [THUMBPRINT, OTHER]);
        assert.deepStrictEqual([...accountIdsOfRoleValues(withTwo)], ["444455556666"]);
        assert.deepStrictEqual([...accountIdsOfRoleValues(app("two", THUMBPRINT))], []);
    });
});
