import * as policySdk from "@pulumi/policy";

/** The error the SDK's unknown-checking proxy throws. */
export interface UnknownValueError extends Error {
    /** Property path of the unknown value, e.g. `["assumeRolePolicy"]`. */
    readonly props: readonly PropertyKey[];
}

// @pulumi/policy exports the class at runtime, but its published typings drop it (proxy.d.ts is empty).
const UnknownValueErrorClass = ((): new (...args: never[]) => UnknownValueError => {
    const exported = (policySdk as unknown as { UnknownValueError?: new (...args: never[]) => UnknownValueError }).UnknownValueError;
    if (typeof exported !== "function") {
        throw new Error("@pulumi/policy no longer exports UnknownValueError; the pack cannot tell unknown values from errors.");
    }
    return exported;
})();

/**
 * During preview the SDK hands rules a proxy that throws `UnknownValueError` when a rule reads a value
 * that is not known yet; the SDK turns that error into an advisory "can't run during preview" note.
 * These helpers let one rule check everything that is known, report what is definitely wrong, and
 * still end with that note for the part that had to wait for `pulumi up`.
 */

export type Known<T> = { readonly known: true; readonly value: T };
export type Unknown = { readonly known: false; readonly error: UnknownValueError };
export type MaybeKnown<T> = Known<T> | Unknown;

export function isUnknownValueError(error: unknown): error is UnknownValueError {
    return error instanceof UnknownValueErrorClass;
}

/** Runs `read`; an unknown value becomes `{ known: false }` instead of an exception. */
export function readKnown<T>(read: () => T): MaybeKnown<T> {
    try {
        return { known: true, value: read() };
    } catch (error) {
        if (isUnknownValueError(error)) {
            return { known: false, error };
        }
        throw error;
    }
}

/**
 * Runs independent checks, postponing unknown values: each check that hits one is skipped, the others
 * still run, and `finish()` rethrows the first unknown so the SDK reports its advisory note.
 */
export class DeferredUnknowns {
    private first: UnknownValueError | undefined;

    run(check: () => void): void {
        try {
            check();
        } catch (error) {
            if (!isUnknownValueError(error)) {
                throw error;
            }
            this.first ??= error;
        }
    }

    /** Records an unknown met outside `run` (for example while indexing a stack); `undefined` is nothing to defer. */
    defer(unknown: Unknown | undefined): void {
        this.first ??= unknown?.error;
    }

    finish(): void {
        if (this.first !== undefined) {
            throw this.first;
        }
    }
}
