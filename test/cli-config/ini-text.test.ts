import * as assert from "assert";
import * as ini from "ini";
import { CliConfigError } from "../../cli-config/errors";
import { formatIni, iniValue } from "../../cli-config/ini-text";

describe("ini-text: INI files every CLI tool reads back as written", () => {
    describe("values for aws-azure-login (the ini package reads ~/.aws/config)", () => {
        const awkward = [
            "https://signin.aws.amazon.com/saml#dev-sandbox",
            "alice_contoso.com#EXT#@fabrikam.onmicrosoft.com",
            "semi;colon",
            '"already quoted"',
            "'single quoted'",
            "  padded  ",
            "back\\slash\\",
            "tab\there",
            "line\nbreak",
            "[looks like a section]",
            "key=value=more",
            "Zoë@contoso.com",
        ];
        for (const value of awkward) {
            it(`reads back ${JSON.stringify(value)} exactly`, () => {
                const text = formatIni([{ name: "profile p", entries: [{ key: "azure_default_username", value, reader: "node-ini" }] }]);
                assert.strictEqual(ini.parse(text)["profile p"].azure_default_username, value, text);
            });
        }

        it("leaves plain values unquoted, so the AWS CLI reading the same file sees the same text", () => {
            const text = formatIni([
                {
                    name: "profile p",
                    entries: [{ key: "azure_default_role_arn", value: "arn:aws:iam::111122223333:role/a=b,c@d", reader: "node-ini" }],
                },
            ]);
            assert.match(text, /^azure_default_role_arn = arn:aws:iam::111122223333:role\/a=b,c@d$/m);
            assert.strictEqual(ini.parse(text)["profile p"].azure_default_role_arn, "arn:aws:iam::111122223333:role/a=b,c@d");
        });

        it("writes booleans and numbers the way aws-azure-login compares them", () => {
            const text = formatIni([
                {
                    name: "profile p",
                    entries: [
                        { key: "azure_default_remember_me", value: false, reader: "node-ini" },
                        { key: "azure_default_duration_hours", value: 4, reader: "node-ini" },
                    ],
                },
            ]);
            const parsed = ini.parse(text)["profile p"];
            assert.strictEqual(parsed.azure_default_remember_me, false);
            assert.strictEqual(parseInt(parsed.azure_default_duration_hours, 10), 4);
        });
    });

    describe("values the AWS CLI reads", () => {
        it("are written as they are when plain", () => {
            assert.strictEqual(
                iniValue({ key: "sso_start_url", value: "https://d-9067a1b2c3.awsapps.com/start", reader: "aws-cli" }, "sso-session dev"),
                "https://d-9067a1b2c3.awsapps.com/start",
            );
        });
        for (const value of ["https://d-9067a1b2c3.awsapps.com/start/#/", "eu west 1", "a;b", '"x"', ""]) {
            it(`refuse ${JSON.stringify(value)}, which the CLI has no way to read back`, () => {
                assert.throws(
                    () => iniValue({ key: "sso_start_url", value, reader: "aws-cli" }, "sso-session dev"),
                    (error: Error) => error instanceof CliConfigError && error.message.startsWith("[sso-session dev] sso_start_url:"),
                );
            });
        }
    });

    describe("values for saml2aws (gopkg.in/ini.v1 reads ~/.saml2aws)", () => {
        it("backtick-quotes a value with # or ;, which would otherwise start a comment", () => {
            assert.strictEqual(
                iniValue({ key: "username", value: "alice_contoso.com#EXT#@fabrikam.onmicrosoft.com", reader: "go-ini" }, "a"),
                "`alice_contoso.com#EXT#@fabrikam.onmicrosoft.com`",
            );
            assert.strictEqual(iniValue({ key: "username", value: "ends-with\\", reader: "go-ini" }, "a"), "`ends-with\\`");
        });
        it("leaves plain values alone", () => {
            assert.strictEqual(
                iniValue({ key: "role_arn", value: "arn:aws:iam::111122223333:role/Developer", reader: "go-ini" }, "a"),
                "arn:aws:iam::111122223333:role/Developer",
            );
        });
        it("refuses line breaks and backticks, which it cannot quote", () => {
            assert.throws(() => iniValue({ key: "username", value: "a\nb", reader: "go-ini" }, "a"), CliConfigError);
            assert.throws(() => iniValue({ key: "username", value: "a`b;", reader: "go-ini" }, "a"), CliConfigError);
        });
    });

    describe("sections", () => {
        it("refuses a section name that is not CLI-safe, and repeated keys", () => {
            assert.throws(() => formatIni([{ name: "profile a.b", entries: [] }]), CliConfigError);
            assert.throws(
                () =>
                    formatIni([
                        {
                            name: "profile a",
                            entries: [
                                { key: "region", value: "eu-west-1", reader: "aws-cli" },
                                { key: "region", value: "eu-west-2", reader: "aws-cli" },
                            ],
                        },
                    ]),
                CliConfigError,
            );
        });
        it("header lines are comments every reader skips", () => {
            const text = formatIni(
                [{ name: "a", entries: [{ key: "k", value: "v", reader: "go-ini" }] }],
                ["Generated; do not edit # really"],
            );
            assert.deepStrictEqual(JSON.parse(JSON.stringify(ini.parse(text))), { a: { k: "v" } });
            const odd = formatIni(
                [{ name: "a", entries: [{ key: "k", value: "v", reader: "go-ini" }] }],
                ["--outputs /tmp/x\n[injected]\nk = w"],
            );
            assert.deepStrictEqual(JSON.parse(JSON.stringify(ini.parse(odd))), { a: { k: "v" } });
        });
    });
});
