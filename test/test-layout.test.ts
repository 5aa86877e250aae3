import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

/** The program's source folders; `policies/` mirrors its own rules in `policies/test/` (rules-layout.test.ts). */
const SOURCE_ROOTS = ["components", "lib", "offline", "live", "doctor", "adopt", "cli-config", "bench", "examples"];

/** Test folders that mirror no one module: shared stand-ins and helpers, and end-to-end scenarios across folders. */
const UNMIRRORED_TEST_FOLDERS = ["support", "scenarios"];

/** This spec checks the layout itself, so it mirrors no module either. */
const LAYOUT_SPEC = "test-layout.test.ts";

/** Source modules with no spec of their own, and why: each is exercised through the spec named here. */
const UNTESTED_MODULES: Readonly<Record<string, string>> = {
    "lib/index.ts": "a barrel: re-exports only, checked by test/lib/sso-stack.test.ts importing the package entry",
    "offline/sign-in/index.ts": "a barrel: re-exports only",
    "bench/run.ts": "the benchmark's entry: it is run by npm run bench and measured, never timed by a test",
    "bench/child.ts": "a child process of npm run bench",
    "bench/fixtures.ts": "the benchmark's stacks, shared with test/bench/deploy-critical-path.test.ts",
    "bench/floor-program.ts": "a program the benchmark runs for its floor measurement",
    "bench/pack-start.ts": "the benchmark's pack start-up measurement",
    "bench/timed-stand-ins.ts": "stand-ins with latency, for the benchmark only",
    "adopt/findings.ts":
        "a type only (AdoptionFinding): its findings are asserted in test/adopt/matching.test.ts and test/adopt/adoption-plan.test.ts",
    "components/documents/iam-policy-document.ts":
        "types only (the IAM policy grammar this program writes): tsc checks them where saml-trust-policy and role-reader-policy build documents, whose specs assert those documents",
};

/** Files under a folder, recursively, as `/`-separated paths relative to the repository root. */
function filesUnder(folder: string): string[] {
    const absolute = path.join(ROOT, folder);
    if (!fs.existsSync(absolute)) {
        return [];
    }
    return fs.readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
        const child = `${folder}/${entry.name}`;
        return entry.isDirectory() ? filesUnder(child) : [child];
    });
}

function sourceModules(): string[] {
    const modules = [...SOURCE_ROOTS.flatMap(filesUnder), "index.ts"];
    return modules.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")).sort();
}

function mirroredSpecs(): string[] {
    return filesUnder("test")
        .map((file) => file.slice("test/".length))
        .filter((file) => file.endsWith(".test.ts") && file !== LAYOUT_SPEC)
        .filter((file) => !UNMIRRORED_TEST_FOLDERS.some((folder) => file.startsWith(`${folder}/`)))
        .sort();
}

/** The module a spec mirrors: `test/components/aws/saml-federation.test.ts` mirrors `components/aws/saml-federation.ts`. */
function mirroredModule(spec: string): string {
    return spec.replace(/\.test\.ts$/, ".ts");
}

/** Repository-relative paths of the modules a file imports or requires by relative specifier. */
function relativeImports(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const specifiers: string[] = [];
    const visit = (node: ts.Node): void => {
        if (
            (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
            node.moduleSpecifier &&
            ts.isStringLiteral(node.moduleSpecifier)
        ) {
            specifiers.push(node.moduleSpecifier.text);
        } else if (
            ts.isCallExpression(node) &&
            ts.isIdentifier(node.expression) &&
            node.expression.text === "require" &&
            node.arguments.length === 1 &&
            ts.isStringLiteralLike(node.arguments[0])
        ) {
            specifiers.push(node.arguments[0].text);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return specifiers
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) =>
            path
                .relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier))
                .split(path.sep)
                .join("/"),
        )
        .map((resolved) => (fs.existsSync(path.join(ROOT, `${resolved}.ts`)) ? `${resolved}.ts` : `${resolved}/index.ts`));
}

describe("tests mirror the source, one spec per module", () => {
    it("every spec outside test/support and test/scenarios mirrors an existing module and imports it", () => {
        const strays = mirroredSpecs().filter((spec) => !fs.existsSync(path.join(ROOT, mirroredModule(spec))));
        assert.deepStrictEqual(strays, [], "specs that mirror no module: move them beside their module's path, or to test/scenarios/");
        const detached = mirroredSpecs().filter((spec) => !relativeImports(`test/${spec}`).includes(mirroredModule(spec)));
        assert.deepStrictEqual(detached, [], "specs that do not import the module they are named after");
    });

    it("every module has its spec, or a reason in UNTESTED_MODULES", () => {
        const specs = new Set(mirroredSpecs().map(mirroredModule));
        const missing = sourceModules().filter((module) => !specs.has(module) && !(module in UNTESTED_MODULES));
        assert.deepStrictEqual(missing, [], "modules without test/<module path>.test.ts");
    });

    it("keeps UNTESTED_MODULES honest: each names an existing module that has no spec", () => {
        const specs = new Set(mirroredSpecs().map(mirroredModule));
        for (const module of Object.keys(UNTESTED_MODULES)) {
            assert.ok(fs.existsSync(path.join(ROOT, module)), `${module} no longer exists`);
            assert.ok(!specs.has(module), `${module} has a spec now: remove it from UNTESTED_MODULES`);
        }
    });

    it("names scenario specs after what they exercise end to end, not after one module", () => {
        const scenarios = filesUnder("test/scenarios").filter((file) => file.endsWith(".test.ts"));
        const namedAfterModule = scenarios.filter((file) =>
            sourceModules().some((module) => path.basename(module, ".ts") === path.basename(file, ".test.ts")),
        );
        assert.deepStrictEqual(namedAfterModule, [], "a scenario named after a module belongs beside that module's path");
    });
});
