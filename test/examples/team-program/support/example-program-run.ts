import * as path from "path";

export const EXAMPLE_DIR = path.join(__dirname, "..", "..", "..", "..", "examples", "team-program");
const EXAMPLE_ENTRY = path.join(EXAMPLE_DIR, "index");
const LIBRARY_ENTRY = path.join(__dirname, "..", "..", "..", "..", "lib", "index.ts");

/**
 * Runs the example team program unchanged, with `import ... from "azuread-aws-sso"` resolved to
 * this repository's library (what `npm install` of the package gives a team), and returns its
 * exports. `load` requires the example: a plain `require()` call, which the root type-check does not
 * follow (the example has its own tsconfig); by default from a computed path.
 */
export function runExampleProgram(load: () => unknown = () => require(EXAMPLE_ENTRY)): Record<string, unknown> {
    const Module = require("module") as { _resolveFilename(request: string, ...rest: unknown[]): string };
    const original = Module._resolveFilename;
    Module._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
        return original.call(this, request === "azuread-aws-sso" ? LIBRARY_ENTRY : request, ...rest);
    };
    try {
        // A fresh evaluation each run: the program registers its resources at load.
        delete require.cache[require.resolve(EXAMPLE_ENTRY)];
        return load() as Record<string, unknown>;
    } finally {
        Module._resolveFilename = original;
    }
}
