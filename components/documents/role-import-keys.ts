/**
 * Role-import access key generations: which resource holds each generation's key, what date a
 * generation name implies, and the IAM user tag that tells the policy pack which keys are configured.
 */

/** The generation a stack has before any rotation; its key keeps the resource name it always had. */
export const DEFAULT_ROLE_IMPORT_KEY_NAME = "primary";
/** IAM allows two access keys per user: the active one and the one it replaces. */
export const MAX_ROLE_IMPORT_KEYS = 2;
/**
 * IAM user tag listing the configured generations, oldest first, the last one active:
 * `name` or `name=YYYY-MM-DD` separated by spaces (IAM tag values allow no commas).
 */
export { ROLE_IMPORT_KEYS_TAG } from "../../policies/vocabulary/type-tokens";

/** One configured key generation. */
export interface RoleImportKeyGeneration {
    /** Stable logical name; part of the key's resource name unless it is the default generation. */
    readonly name: string;
    /** Creation date, `YYYY-MM-DD`: the configured `createdAt`, else the date the name implies, else unknown. */
    readonly createdAt?: string;
}

/** Child name of a generation's key under the reader component: the default keeps today's `<reader>-access-key`. */
export function accessKeyResourceName(readerName: string, generationName: string): string {
    return generationName === DEFAULT_ROLE_IMPORT_KEY_NAME ? `${readerName}-access-key` : `${readerName}-access-key-${generationName}`;
}

/** What a generation name says about its date: `2026-12` is 2026-12-01, `2026-12-15` that day. */
export type ImpliedDate =
    { readonly date?: string; readonly problem?: undefined } | { readonly date?: undefined; readonly problem: string };

/**
 * The date a generation name implies when it starts with `YYYY-MM` or `YYYY-MM-DD` (optionally
 * followed by `-<anything>`); a name that looks like a date but is none is a problem, not a guess.
 */
export function dateImpliedByName(name: string): ImpliedDate {
    const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?=-|$)/.exec(name);
    if (!match) {
        return {};
    }
    const [, year, month, day] = match;
    if (Number(month) < 1 || Number(month) > 12) {
        return { problem: `starts like a date (YYYY-MM) but ${month} is not a month` };
    }
    const date = `${year}-${month}-${day ?? "01"}`;
    if (!isCalendarDate(date)) {
        return { problem: `starts like a date (YYYY-MM-DD) but ${date} is not a calendar day` };
    }
    return { date };
}

/** `YYYY-MM-DD` that names a real day. */
export function isCalendarDate(text: string): boolean {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) {
        return false;
    }
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * The tag value for the reader user, or undefined when the stack has only the undated default
 * generation: stacks that never rotated keep exactly the tags they had.
 */
export function roleImportKeysTagValue(generations: readonly RoleImportKeyGeneration[]): string | undefined {
    if (generations.length === 1 && generations[0].name === DEFAULT_ROLE_IMPORT_KEY_NAME && generations[0].createdAt === undefined) {
        return undefined;
    }
    return generations
        .map((generation) => (generation.createdAt ? `${generation.name}=${generation.createdAt}` : generation.name))
        .join(" ");
}
