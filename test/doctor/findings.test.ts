import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FINDING_KINDS, isFindingId, SEVERITIES, severityRank } from "../../doctor/findings";
import { projectDirectory } from "../../offline/program/program-run";

const root = projectDirectory();
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("doctor findings (FINDING_KINDS): the catalog stays honest", () => {
    const ids = FINDING_KINDS.map((kind) => kind.id);

    it("ids are unique lower-case kebab-case, and every summary is a sentence", () => {
        assert.strictEqual(new Set(ids).size, ids.length);
        for (const kind of FINDING_KINDS) {
            assert.match(kind.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.match(kind.summary, /^[A-Z`].*\.$/, kind.id);
        }
    });

    it("every id is reported by a check and has a row in the README's findings table", () => {
        const sources = fs
            .readdirSync(path.join(root, "doctor", "checks"))
            .map((file) => read(path.join("doctor", "checks", file)))
            .join("\n");
        const readme = read("README.md");
        for (const id of ids) {
            const reported =
                sources.includes(`"${id}"`) || (id.startsWith("could-not-check-") && sources.includes("`could-not-check-${kind}`"));
            assert.ok(reported, `no check reports ${id}`);
            assert.ok(readme.includes(`| \`${id}\` |`), `README has no row for ${id}`);
        }
    });

    it("every id has a scenario that produces it", () => {
        const scenarios = read("test/scenarios/doctor-finds-each-breakage.test.ts") + read("test/doctor/command.test.ts");
        for (const id of ids) assert.ok(scenarios.includes(`"${id}"`), `no scenario expects ${id}`);
    });

    it("isFindingId knows exactly the catalog's ids, the contract --ignore checks against", () => {
        for (const id of ids) assert.ok(isFindingId(id), id);
        for (const id of ["root-mfa", "ROOT-MFA-DISABLED", "", "could-not-check-not-found"]) assert.ok(!isFindingId(id), id);
    });

    it("ranks severities worst first: error, warning, notice", () => {
        assert.deepStrictEqual(SEVERITIES, ["error", "warning", "notice"]);
        assert.ok(severityRank("error") < severityRank("warning") && severityRank("warning") < severityRank("notice"));
        for (const kind of FINDING_KINDS.filter((entry) => !entry.severity.includes(" ")))
            assert.ok(SEVERITIES.includes(kind.severity as never), `${kind.id}: ${kind.severity}`);
    });
});
