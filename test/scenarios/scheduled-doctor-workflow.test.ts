import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { projectDirectory } from "../../offline/program/program-run";

// The example workflow that runs the doctor on a schedule: it must authenticate to all three clouds
// without a stored secret, and call the doctor as the README documents.

const read = (file: string) => fs.readFileSync(path.join(projectDirectory(), file), "utf8");

describe("the scheduled doctor workflow (examples/scheduled-doctor)", () => {
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
