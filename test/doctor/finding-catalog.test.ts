import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { FINDING_KINDS } from "../../doctor/findings";
import { projectDirectory } from "../../offline/program/program-run";

const root = projectDirectory();
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("doctor: the findings catalog stays honest", () => {
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
        const scenarios = read("test/doctor/finding-scenarios.test.ts") + read("test/doctor/doctor.test.ts");
        for (const id of ids) assert.ok(scenarios.includes(`"${id}"`), `no scenario expects ${id}`);
    });

    it("the scheduled workflow runs daily with OIDC and no stored secret", () => {
        const text = read("examples/scheduled-doctor/doctor.yml");
        const workflow = parseYaml(text) as {
            on: { schedule: { cron: string }[] };
            permissions: Record<string, string>;
            jobs: { doctor: { steps: { uses?: string; run?: string }[] } };
        };
        assert.ok(workflow.on.schedule[0].cron);
        assert.strictEqual(workflow.permissions["id-token"], "write");
        assert.ok(!/\$\{\{\s*secrets\./.test(text), "no repository secret is referenced");
        const steps = workflow.jobs.doctor.steps;
        for (const action of ["pulumi/auth-actions@", "aws-actions/configure-aws-credentials@", "azure/login@"])
            assert.ok(
                steps.some((step) => step.uses?.startsWith(action)),
                action,
            );
        assert.ok(steps.some((step) => step.run?.includes("npm run --silent doctor -- --stack")));
    });
});
