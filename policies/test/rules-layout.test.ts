import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { packPolicies } from "../registry";

const PACK_DIR = path.resolve(__dirname, "..");
const RULES_DIR = path.join(PACK_DIR, "rules");
const RULE_TESTS_DIR = path.join(__dirname, "rules");

/** Files under a folder, recursively, as paths relative to it. */
function filesUnder(folder: string, relative = ""): string[] {
    return fs.readdirSync(path.join(folder, relative), { withFileTypes: true }).flatMap((entry) => {
        const child = path.join(relative, entry.name);
        return entry.isDirectory() ? filesUnder(folder, child) : [child];
    });
}

/** The titles of a spec file's top-level `describe` calls, read from its syntax tree. */
function topLevelDescribes(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    return source.statements.flatMap((statement) => {
        if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) {
            return [];
        }
        const { expression, arguments: args } = statement.expression;
        return ts.isIdentifier(expression) && expression.text === "describe" && args.length > 0 && ts.isStringLiteralLike(args[0])
            ? [args[0].text]
            : [];
    });
}

describe("one policy per file, each with its own tests", () => {
    const registered = new Map(packPolicies.map((policy) => [policy.name, policy]));
    const ruleFiles = filesUnder(RULES_DIR);
    const testFiles = filesUnder(RULE_TESTS_DIR);

    it("keeps every rule in rules/<area>/<policy name>.ts, exporting that registered policy and no other", () => {
        for (const file of ruleFiles) {
            const match = /^([a-z0-9-]+)\/([a-z0-9-]+)\.ts$/.exec(file.split(path.sep).join("/"));
            assert.ok(match, `${file}: rules/ holds only rules/<area>/<policy name>.ts`);
            const exported = Object.values(require(path.join(RULES_DIR, file)) as Record<string, unknown>).filter((value) =>
                packPolicies.includes(value as (typeof packPolicies)[number]),
            );
            assert.strictEqual(exported.length, 1, `${file} exports ${exported.length} registered policies`);
            assert.strictEqual((exported[0] as { name: string }).name, match[2], `${file} exports a policy of another name`);
        }
        const filed = ruleFiles.map((file) => path.basename(file, ".ts")).sort();
        assert.deepStrictEqual(filed, [...registered.keys()].sort(), "every registered policy has its file, and every file is registered");
    });

    it("tests every registered policy in test/rules/<area>/<policy name>.test.ts, under describe(<policy name>)", () => {
        for (const file of ruleFiles) {
            const name = path.basename(file, ".ts");
            const testFile = path.join(RULE_TESTS_DIR, file.replace(/\.ts$/, ".test.ts"));
            assert.ok(fs.existsSync(testFile), `${name} has no ${path.relative(PACK_DIR, testFile)}`);
            assert.ok(topLevelDescribes(testFile).includes(name), `${path.relative(PACK_DIR, testFile)} has no describe("${name}")`);
        }
    });

    it("names no policy that does not exist: each top-level describe under test/rules is its file's policy", () => {
        for (const file of testFiles) {
            assert.match(file.split(path.sep).join("/"), /^[a-z0-9-]+\/[a-z0-9-]+\.test\.ts$/, `${file}: test/rules mirrors rules/`);
            const name = path.basename(file, ".test.ts");
            assert.ok(registered.has(name), `test/rules/${file} tests ${name}, which is no registered policy`);
            assert.ok(
                fs.existsSync(path.join(RULES_DIR, file.replace(/\.test\.ts$/, ".ts"))),
                `test/rules/${file} has no rules/${file.replace(/\.test\.ts$/, ".ts")}`,
            );
            for (const title of topLevelDescribes(path.join(RULE_TESTS_DIR, file))) {
                assert.ok(title === name || title.startsWith(`${name} `), `test/rules/${file}: describe("${title}") is not about ${name}`);
            }
        }
    });
});
