import * as assert from "assert";
import * as ini from "ini";
import { CliConfigError } from "../../cli-config/errors";
import { formatIni } from "../../cli-config/ini-text";
import { assertUniqueProfileNames, cliProfileName } from "../../cli-config/profile-names";

describe("profile-names: CLI profile names from logical names", () => {
    describe("cliProfileName", () => {
        it("profile names are lower-case [a-z0-9_-], so the ini package does not split them at dots", () => {
            assert.strictEqual(cliProfileName("data", "Data.Engineer+ops@eu"), "data-data-engineer-ops-eu");
            const text = formatIni([
                {
                    name: `profile ${cliProfileName("data", "Data.Engineer")}`,
                    entries: [{ key: "region", value: "eu-west-1", reader: "aws-cli" }],
                },
            ]);
            assert.deepStrictEqual(Object.keys(ini.parse(text)), ["profile data-data-engineer"]);
        });

        it("joins the parts with hyphens and turns each character IAM allows but shells mishandle into one", () => {
            assert.strictEqual(cliProfileName("sandbox", "Developer"), "sandbox-developer");
            assert.strictEqual(cliProfileName("org"), "org");
            for (const character of ["+", "=", ",", ".", "@", " ", "/"]) {
                assert.strictEqual(cliProfileName("data", `Data${character}Engineer`), "data-data-engineer", character);
            }
            // Already safe characters are kept: underscores and digits.
            assert.strictEqual(cliProfileName("eu_west_1", "Role2"), "eu_west_1-role2");
        });
    });

    describe("assertUniqueProfileNames", () => {
        it("passes distinct names, and one name given twice for the same thing", () => {
            assert.doesNotThrow(() =>
                assertUniqueProfileNames([
                    { profileName: "sandbox-developer", describes: "role Developer in account sandbox" },
                    { profileName: "sandbox-readonly", describes: "role ReadOnly in account sandbox" },
                    { profileName: "sandbox-developer", describes: "role Developer in account sandbox" },
                ]),
            );
        });

        it("refuses one name for two things, naming both in the order they came", () => {
            const clash = [
                { profileName: "data-data-engineer", describes: "role Data.Engineer in account data" },
                { profileName: "data-data-engineer", describes: "role Data-Engineer in account data" },
            ];
            assert.throws(
                () => assertUniqueProfileNames(clash),
                (error: Error) =>
                    error instanceof CliConfigError &&
                    error.message ===
                        'profile name "data-data-engineer" would stand for both role Data.Engineer in account data and role Data-Engineer in account data; rename one of them',
            );
            assert.strictEqual(cliProfileName("data", "Data.Engineer"), cliProfileName("data", "Data-Engineer"), "the clash is real");
        });
    });
});
