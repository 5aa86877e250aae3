import * as pulumi from "@pulumi/pulumi";
import type { ConfigProblem } from "../components/stack-config";

/** One thing wrong with a component's arguments, at an argument path such as `assign.groups[0]`. */
export type ArgumentProblem = ConfigProblem;

/**
 * Arguments a team component refuses, thrown by its constructor before anything registers.
 * A `RunError`, so `pulumi preview` prints the message without a stack trace.
 */
export class TeamArgumentError extends pulumi.RunError {
    constructor(
        /** The component, e.g. `TeamRole "data-analyst"`. */
        public readonly component: string,
        public readonly problems: readonly ArgumentProblem[],
    ) {
        super(
            `Invalid ${component} arguments (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join("\n"),
        );
        this.name = "TeamArgumentError";
    }
}

/** Throws `TeamArgumentError` when there is any problem. */
export function throwIfProblems(component: string, problems: readonly ArgumentProblem[]): void {
    if (problems.length > 0) {
        throw new TeamArgumentError(component, problems);
    }
}

/**
 * A check that needs the SSO stack's outputs failed: an Output rejects with this error, so the
 * resources fed by it never register. `pulumi preview` reports it once, under `resource`, without a
 * stack trace.
 */
export class SsoStackError extends pulumi.ResourceError {
    constructor(message: string, resource: pulumi.Resource) {
        super(message, resource, true);
        this.name = "SsoStackError";
        // The runtime prefixes `error serializing property "<name>": ` to the message of a rejection
        // each time it reaches a resource property, mutating the same error object; one missing
        // account reaches many properties. Keep the message as written.
        Object.defineProperty(this, "message", {
            get: () => message,
            set: () => undefined,
            enumerable: false,
            configurable: true,
        });
    }
}
