import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runProgramUnderMocks } from "../../offline/program/program-run";

/** Every URN of the committed stacks with its parent's, as the engine keys state: a changed URN is a replacement. */
const RECORDED = path.join(__dirname, "stack-urns.json");
const STACKS = ["dev", "org", "migration"];

async function urnsOf(stack: string): Promise<Record<string, string>> {
    const program = await runProgramUnderMocks({ stack });
    const urns = [...program.resources].sort((a, b) => a.urn.localeCompare(b.urn));
    return Object.fromEntries(urns.map((resource) => [resource.urn, resource.parent ?? ""]));
}

describe("the committed stacks keep their URNs", () => {
    const recorded = JSON.parse(fs.readFileSync(RECORDED, "utf8")) as Record<string, Record<string, string>>;

    it("records exactly the committed stacks", () => {
        assert.deepStrictEqual(Object.keys(recorded).sort(), [...STACKS].sort());
    });

    for (const stack of STACKS) {
        it(`Pulumi.${stack}.yaml registers the recorded URNs under the recorded parents`, async () => {
            const current = await urnsOf(stack);
            if (process.env.RECORD_STACK_URNS === "1") {
                fs.writeFileSync(
                    RECORDED,
                    `${JSON.stringify({ ...JSON.parse(fs.readFileSync(RECORDED, "utf8")), [stack]: current }, null, 2)}\n`,
                );
                return;
            }
            const moved = Object.keys(recorded[stack]).filter((urn) => !(urn in current) || current[urn] !== recorded[stack][urn]);
            const added = Object.keys(current).filter((urn) => !(urn in recorded[stack]));
            assert.deepStrictEqual(
                { moved, added },
                { moved: [], added: [] },
                "a moved URN replaces a live resource (keep the name, or add an alias); an added one is recorded with RECORD_STACK_URNS=1",
            );
        });
    }
});
