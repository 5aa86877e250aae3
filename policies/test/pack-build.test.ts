import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { isPackStale, PACK_DIR, packSources } from "./support/build-pack";

describe("the pack build", () => {
    it("compiles every source of the pack, nested folders included, and nothing of its tests", () => {
        const parsed = ts.getParsedCommandLineOfConfigFile(
            path.join(PACK_DIR, "tsconfig.json"),
            {},
            {
                ...ts.sys,
                onUnRecoverableConfigFileDiagnostic: (diagnostic) =>
                    assert.fail(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")),
            },
        );
        assert.ok(parsed !== undefined);
        const compiled = parsed.fileNames.map((file) => path.relative(PACK_DIR, file)).sort();
        assert.deepStrictEqual(compiled, packSources().sort());
        assert.ok(
            compiled.some((file) => file.startsWith(`rules${path.sep}azuread${path.sep}`)),
            "the rules are compiled",
        );
        assert.ok(!compiled.some((file) => file.startsWith(`test${path.sep}`)), "no test is compiled into the pack");
    });

    it("calls the pack stale when a source in a nested folder is newer than its compiled file, or has none", () => {
        const pack = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
        try {
            const write = (file: string, time: number) => {
                fs.mkdirSync(path.dirname(path.join(pack, file)), { recursive: true });
                fs.writeFileSync(path.join(pack, file), "");
                fs.utimesSync(path.join(pack, file), time, time);
            };
            write("tsconfig.json", 1000);
            write("package.json", 1000);
            write("index.ts", 2000);
            write("bin/index.js", 3000);
            write("rules/azuread/some-rule.ts", 2000);
            write("bin/rules/azuread/some-rule.js", 3000);
            write("test/rules/azuread/some-rule.test.ts", 4000);
            assert.strictEqual(isPackStale(pack), false, "tests are no pack source");
            write("rules/azuread/some-rule.ts", 4000);
            assert.strictEqual(isPackStale(pack), true, "a nested source newer than its compiled file");
            write("bin/rules/azuread/some-rule.js", 5000);
            assert.strictEqual(isPackStale(pack), false);
            write("readers/new-reader.ts", 2000);
            assert.strictEqual(isPackStale(pack), true, "a nested source never compiled");
        } finally {
            fs.rmSync(pack, { recursive: true, force: true });
        }
    });
});
