import { CliConfigError } from "./errors";

/**
 * Which program reads a value, because INI has no single escaping rule:
 * - `aws-cli`: the AWS CLI and SDKs reading `~/.aws/config` (botocore's RawConfigParser, the JS
 *   SDK's loader). Values are taken literally to the end of the line; there is no quoting, and the
 *   JS SDK starts a comment at a `#` or `;` after whitespace. Only plain values are representable.
 * - `node-ini`: aws-azure-login, which reads `~/.aws/config` with the `ini` package: `;` and `#`
 *   start a comment anywhere, and a value in double quotes is JSON. Anything else is JSON-quoted.
 * - `go-ini`: saml2aws, which reads `~/.saml2aws` with gopkg.in/ini.v1: `;` and `#` start a comment
 *   anywhere, a trailing `\` continues the line, surrounding quotes are stripped, and a value in
 *   backticks is taken literally. Anything else is backtick-quoted.
 */
export type IniReader = "aws-cli" | "node-ini" | "go-ini";

/** One `key = value` line; `reader` says who reads it (see `IniReader`). */
export interface IniEntry {
    readonly key: string;
    readonly value: string | number | boolean;
    readonly reader: IniReader;
}

/** One `[section]` and its lines, in order. */
export interface IniSection {
    readonly name: string;
    readonly entries: readonly IniEntry[];
}

/** Characters every reader above takes literally, unquoted. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const PLAIN_VALUE = /^[^\s;#"'`\\\u0000-\u001f\u007f]+$/;
/** Section names: `profile <name>`, `sso-session <name>` or a bare name, of CLI-safe names only. */
const SECTION_NAME = /^(?:(?:profile|sso-session) )?[A-Za-z0-9_-]+$/;
const KEY = /^[a-z][a-z0-9_]*$/;
// Control characters (C0, DEL, and the Unicode line and paragraph separators) end or corrupt a line.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** The text of one value for its reader, quoted only where that reader needs it. */
export function iniValue(entry: IniEntry, section: string): string {
    const text = String(entry.value);
    const where = `[${section}] ${entry.key}`;
    if (text.length === 0) {
        throw new CliConfigError(`${where}: empty value; leave the key out instead`);
    }
    if (PLAIN_VALUE.test(text)) {
        return text;
    }
    switch (entry.reader) {
        case "aws-cli":
            throw new CliConfigError(
                `${where}: ${JSON.stringify(text)} cannot be written for the AWS CLI, which has no quoting: ` +
                    "whitespace, quotes, backslashes, ; and # are not allowed in this value",
            );
        case "node-ini":
            // JSON.stringify escapes control characters too; `ini` JSON-parses a double-quoted value.
            return JSON.stringify(text);
        case "go-ini":
            if (CONTROL.test(text) || text.includes("`")) {
                throw new CliConfigError(`${where}: ${JSON.stringify(text)} has a line break or backtick, which saml2aws cannot read back`);
            }
            return `\`${text}\``;
    }
}

/** The file: an optional comment header, then each section with aligned `key = value` lines. */
export function formatIni(sections: readonly IniSection[], header: readonly string[] = []): string {
    // A line break in a header line (an odd --outputs path) would end the comment; show it as "?".
    const lines = header.map((line) => (line ? `# ${line.replace(new RegExp(CONTROL.source, "g"), "?")}` : "#"));
    for (const section of sections) {
        if (!SECTION_NAME.test(section.name)) {
            throw new CliConfigError(`[${section.name}]: not a CLI-safe section name (letters, digits, _ and - after the prefix)`);
        }
        if (lines.length > 0) {
            lines.push("");
        }
        lines.push(`[${section.name}]`);
        const width = Math.max(...section.entries.map((entry) => entry.key.length));
        const seen = new Set<string>();
        for (const entry of section.entries) {
            if (!KEY.test(entry.key) || seen.has(entry.key)) {
                throw new CliConfigError(`[${section.name}] ${entry.key}: invalid or repeated key`);
            }
            seen.add(entry.key);
            lines.push(`${entry.key.padEnd(width)} = ${iniValue(entry, section.name)}`);
        }
    }
    return `${lines.join("\n")}\n`;
}
