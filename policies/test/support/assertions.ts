import * as assert from "assert";
import { PolicyRun } from "./validation-args";

/** The run found nothing and ran to the end. */
export function assertPasses(run: PolicyRun): void {
    assert.deepStrictEqual(run.violations, [], "expected no violations");
    assert.strictEqual(run.unknown, undefined, `expected no unknown value, got ${run.unknown?.message}`);
}

/** The run reported exactly one violation matching `pattern` (and, if given, on `urn`). */
export function assertViolation(run: PolicyRun, pattern: RegExp, urn?: string): void {
    const matching = run.violations.filter((violation) => pattern.test(violation.message));
    assert.strictEqual(
        matching.length,
        1,
        `expected one violation matching ${pattern}, got:\n${run.violations.map((violation) => `  ${violation.message}`).join("\n") || "  (none)"}`,
    );
    if (urn !== undefined) {
        assert.strictEqual(matching[0].urn, urn);
    }
}

/** The run stopped at an unknown value without reporting anything: the SDK turns it into a note. */
export function assertDeferred(run: PolicyRun): void {
    assert.deepStrictEqual(run.violations, [], "an unknown value must never cause a violation");
    assert.ok(run.unknown !== undefined, "expected the policy to stop at an unknown value");
}
