// Flat config. Type-aware rules (the Pulumi plugin's Output checks) run where Outputs live: the program,
// its components and the team library; the rest gets the fast syntactic rule set.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const pulumi = require("@pulumi/eslint-plugin");

const programFiles = ["index.ts", "components/**/*.ts", "lib/**/*.ts", "examples/team-program/index.ts"];

module.exports = tseslint.config(
    { ignores: ["**/node_modules/**", "bin/**", "policies/bin/**", "**/*.js", "!eslint.config.js"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // A server handler that reads the variable its own constructor call assigns is the one `let` left.
            "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
            // The program runner, the pack tests and the team mocks load modules after setMocks, at run time, on purpose.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        // Mock inputs and outputs are the engine's untyped property bags.
        files: ["test/**/*.ts", "policies/test/**/*.ts", "offline/program/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: programFiles,
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    {
        files: ["eslint.config.js"],
        languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", __dirname: "readonly" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
