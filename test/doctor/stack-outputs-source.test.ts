import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DoctorInputError, readOutputsFile, readOutputsWithAutomation } from "../../doctor/stack-outputs-source";
import { projectDirectory } from "../../offline/program/program-run";

function file(name: string, text: string): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-outputs-"));
    fs.writeFileSync(path.join(directory, name), text);
    return path.join(directory, name);
}

describe("doctor stack-outputs-source (readOutputsFile, readOutputsWithAutomation)", () => {
    it("reads `pulumi stack output --json`, with a UTF-8 byte-order mark (as Windows tools write one)", () => {
        const outputs = { tenantId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", sessionDuration: 3600, accounts: {} };
        assert.deepStrictEqual(readOutputsFile(file("outputs.json", JSON.stringify(outputs))), outputs);
        assert.deepStrictEqual(readOutputsFile(file("bom.json", `\uFEFF${JSON.stringify(outputs)}`)), outputs);
    });

    it("a file it cannot read, or that is not JSON, is input error saying how to write it", () => {
        const absent = path.join(os.tmpdir(), "doctor-no-such-dir", "outputs.json");
        assert.throws(
            () => readOutputsFile(absent),
            (error: unknown) => {
                assert.ok(error instanceof DoctorInputError);
                assert.match(error.message, /^--outputs: cannot read .*outputs\.json: ENOENT/);
                return true;
            },
        );
        const text = file("outputs.json", "Current stack outputs (3):");
        assert.throws(
            () => readOutputsFile(text),
            /is not JSON .*; write it with `pulumi stack output --json --stack <name> > .*outputs\.json`/,
        );
    });

    it("without the Pulumi CLI, says how to pass the outputs instead", async () => {
        const savedPath = process.env.PATH;
        process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
        try {
            await assert.rejects(readOutputsWithAutomation("dev", projectDirectory()), (error: unknown) => {
                assert.ok(error instanceof DoctorInputError);
                assert.match(error.message, /Pulumi CLI is not installed[\s\S]*pulumi stack output --json --stack dev > outputs\.json/);
                assert.match(error.message, /npm run doctor -- --stack dev --outputs outputs\.json/);
                return true;
            });
        } finally {
            process.env.PATH = savedPath;
        }
    });
});
