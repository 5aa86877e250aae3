import * as fs from "fs";

/** Bad or missing input: the command prints the message and exits 2. */
export class DoctorInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DoctorInputError";
    }
}

/** The outputs file written by `pulumi stack output --json`. */
export function readOutputsFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new DoctorInputError(`--outputs: cannot read ${file}: ${(error as Error).message}`);
    }
    try {
        return JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
        throw new DoctorInputError(
            `--outputs: ${file} is not JSON (${(error as Error).message}); write it with \`pulumi stack output --json --stack <name> > ${file}\``,
        );
    }
}

/**
 * The stack's outputs through the Pulumi Automation API (`pulumi stack output` under the hood), which needs
 * the Pulumi CLI and a logged-in backend. Loaded only when no --outputs file is given.
 */
export async function readOutputsWithAutomation(stackName: string, workDir: string): Promise<unknown> {
    const automation: typeof import("@pulumi/pulumi/automation") = require("@pulumi/pulumi/automation");
    try {
        await automation.PulumiCommand.get({ skipVersionCheck: true });
    } catch {
        throw new DoctorInputError(
            "No --outputs file was given and the Pulumi CLI is not installed (it is needed to read the stack outputs through the Automation API).\n" +
                `Either install the CLI and \`pulumi login\`, or write the outputs where the CLI is and pass them:\n  pulumi stack output --json --stack ${stackName} > outputs.json\n  npm run doctor -- --stack ${stackName} --outputs outputs.json`,
        );
    }
    try {
        const stack = await automation.LocalWorkspace.selectStack({ stackName, workDir });
        const outputs = await stack.outputs();
        return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
    } catch (error) {
        throw new DoctorInputError(
            `Could not read the outputs of stack ${stackName} through the Pulumi CLI: ${(error as Error).message.split("\n").slice(0, 6).join("\n")}`,
        );
    }
}
