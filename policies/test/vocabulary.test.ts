import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { UNKNOWN as PROVIDER_UNKNOWN } from "../../components/azure-ad/preferred-token-signing-key";
import { CONFIG_NAMESPACE } from "../../components/stack-config";
import * as vocabulary from "../vocabulary";

const REPO = path.resolve(__dirname, "..", "..");
const VOCABULARY_DIR = path.join(REPO, "policies", "vocabulary");

/** Source files of the program and the pack, tests, compiled output and the vocabulary itself left out. */
function sources(folder: string): string[] {
    return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) {
            return ["node_modules", "bin", "test"].includes(entry.name) || file === VOCABULARY_DIR ? [] : sources(file);
        }
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [file] : [];
    });
}

/** Literals that belong to the vocabulary, and the files allowed to spell one out, with why. */
const VOCABULARY_LITERALS: { literal: string; allowed: Record<string, string> }[] = [
    { literal: vocabulary.AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID, allowed: {} },
    { literal: vocabulary.AWS_IDENTITY_CENTER_TEMPLATE_ID, allowed: {} },
    {
        literal: vocabulary.UNKNOWN_SENTINEL,
        allowed: {
            "components/azure-ad/preferred-token-signing-key.ts":
                "a serialized dynamic provider must not capture modules; its copy is checked below",
        },
    },
    {
        literal: vocabulary.AWS_SAML_ATTRIBUTE_PREFIX,
        allowed: {
            "policies/rules/azuread/azuread-aws-claims-mapping-policy.ts": "the remediation text shows a whole definition to paste",
        },
    },
    { literal: `"${vocabulary.PACKAGE_NAME}:`, allowed: {} },
    { literal: vocabulary.SCIM_TOKEN_NOTE_PREFIX, allowed: {} },
];

describe("the shared vocabulary (policies/vocabulary)", () => {
    const files = fs.readdirSync(VOCABULARY_DIR).filter((file) => file.endsWith(".ts"));

    it("imports nothing but itself: no Pulumi, no Node.js module, nothing of the program or the pack", () => {
        for (const file of files) {
            const source = ts.createSourceFile(
                file,
                fs.readFileSync(path.join(VOCABULARY_DIR, file), "utf8"),
                ts.ScriptTarget.ES2022,
                true,
            );
            for (const statement of source.statements) {
                if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined) {
                    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
                    assert.match(specifier, /^\.\/[a-z-]+$/, `policies/vocabulary/${file} imports ${specifier}`);
                }
            }
            assert.ok(!/\brequire\(/.test(source.text), `policies/vocabulary/${file} calls require`);
        }
    });

    it("is spelt out nowhere else in the program or the pack", () => {
        const all = ["components", "lib", "offline", "policies", "bench", "live", "doctor", "adopt", "cli-config"]
            .filter((folder) => fs.existsSync(path.join(REPO, folder)))
            .flatMap((folder) => sources(path.join(REPO, folder)))
            .concat(path.join(REPO, "index.ts"));
        for (const { literal, allowed } of VOCABULARY_LITERALS) {
            const copies = all
                .map((file) => path.relative(REPO, file).split(path.sep).join("/"))
                .filter((file) => fs.readFileSync(path.join(REPO, file), "utf8").includes(literal));
            assert.deepStrictEqual(
                copies.filter((file) => !(file in allowed)),
                [],
                `copies of ${literal}; import it from policies/vocabulary`,
            );
        }
    });

    it("agrees with the copy a serialized dynamic provider keeps", () => {
        assert.strictEqual(PROVIDER_UNKNOWN, vocabulary.UNKNOWN_SENTINEL);
    });

    it("names every component azuread-aws-sso:<module>:<Name>, in the config namespace's package", () => {
        assert.strictEqual(CONFIG_NAMESPACE, vocabulary.PACKAGE_NAME);
        for (const token of Object.values(vocabulary.COMPONENT_TYPES)) {
            assert.match(token, /^azuread-aws-sso:(aws|azuread|wiring|identity-center|team):[A-Z]\w+$/);
        }
        assert.strictEqual(new Set(Object.values(vocabulary.COMPONENT_TYPES)).size, Object.values(vocabulary.COMPONENT_TYPES).length);
        assert.ok(vocabulary.ROLE_IMPORT_KEYS_TAG.startsWith(`${vocabulary.PACKAGE_NAME}:`));
    });

    it("keeps the grammars AWS documents", () => {
        assert.ok(vocabulary.ROLE_SESSION_NAME_PATTERN.test("B.Simon@contoso.com"));
        assert.ok(!vocabulary.ROLE_SESSION_NAME_PATTERN.test("x"), "STS wants at least 2 characters");
        assert.ok(!vocabulary.ROLE_SESSION_NAME_PATTERN.test("a".repeat(65)));
        assert.ok(vocabulary.ROLE_NAME_PATTERN.test("a".repeat(64)) && !vocabulary.ROLE_NAME_PATTERN.test("a".repeat(65)));
        assert.ok(
            vocabulary.SAML_PROVIDER_NAME_PATTERN.test("a".repeat(128)) && !vocabulary.SAML_PROVIDER_NAME_PATTERN.test("a".repeat(129)),
        );
        assert.deepStrictEqual(vocabulary.ROLE_ARN_PATTERN.exec("arn:aws-cn:iam::111122223333:role/team/Admin")?.slice(1), [
            "aws-cn",
            "111122223333",
            "team/",
            "Admin",
        ]);
        assert.deepStrictEqual(vocabulary.SAML_PROVIDER_ARN_PATTERN.exec("arn:aws:iam::111122223333:saml-provider/AzureAD")?.slice(1), [
            "aws",
            "111122223333",
            "AzureAD",
        ]);
        assert.strictEqual(vocabulary.ROLE_ARN_PATTERN.test("arn:aws:iam::111122223333:saml-provider/AzureAD"), false);
        assert.deepStrictEqual(vocabulary.SESSION_DURATION_LIMITS, { min: 900, max: 43200 });
        assert.deepStrictEqual(vocabulary.ROLE_MAX_SESSION_LIMITS, { min: 3600, max: 43200 });
        assert.strictEqual(vocabulary.MAX_APP_ROLE_VALUE_LENGTH, 120);
        for (const attribute of Object.values(vocabulary.AWS_SAML_ATTRIBUTES)) {
            assert.ok(attribute.startsWith(vocabulary.AWS_SAML_ATTRIBUTE_PREFIX), attribute);
        }
    });
});
