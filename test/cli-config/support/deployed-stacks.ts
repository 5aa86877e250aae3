import type { CliConfigFormat, CliConfigRequest } from "../../../cli-config/command";
import { parseStackOutputs, SsoOutputsForCli } from "../../../cli-config/sources";
import { parseStackConfig, StackConfig } from "../../../components/stack-config";
import { readStackConfigFile, runProgramUnderMocks } from "../../../offline/program/program-run";
import { rawConfig } from "../../support/stack-fixtures";
import { multiAccountValues } from "./cli-fixtures";

/** A stack of the per-account path, deployed under the stand-ins: its parsed config and validated outputs. */
export interface DeployedStack {
    readonly name: string;
    readonly config: StackConfig;
    readonly outputs: SsoOutputsForCli;
    /** Every section the full file must have, per format. */
    readonly profiles: { readonly "aws-azure-login": readonly string[]; readonly saml2aws: readonly string[] };
    /** Profile name to account and role name. */
    readonly roleOf: Readonly<Record<string, readonly [string, string]>>;
}

/** The raw config of `dev` (Pulumi.dev.yaml) or `multi` (three accounts, `multiAccountValues`). */
export function stackRaw(name: "dev" | "multi" | string): Record<string, string> {
    return name === "dev" ? readStackConfigFile("dev").config : rawConfig(multiAccountValues());
}

async function deployedStack(
    name: string,
    raw: Record<string, string>,
    profiles: DeployedStack["profiles"],
    roleOf: DeployedStack["roleOf"],
): Promise<DeployedStack> {
    const config = parseStackConfig(raw, { stack: name, defaultRegion: raw["aws:region"] });
    const run = await runProgramUnderMocks({ stack: name, config: raw });
    return { name, config, outputs: parseStackOutputs(run.stackOutputs, "program outputs"), profiles, roleOf };
}

/** `dev` and `multi`, in that order, run through the program under the stand-ins. */
export async function deployedPerAccountStacks(): Promise<DeployedStack[]> {
    return [
        await deployedStack(
            "dev",
            stackRaw("dev"),
            { "aws-azure-login": ["sandbox-developer", "sandbox-readonly"], saml2aws: ["sandbox-developer", "sandbox-readonly"] },
            {
                "sandbox-developer": ["sandbox", "Developer"],
                "sandbox-readonly": ["sandbox", "ReadOnly"],
            },
        ),
        await deployedStack(
            "multi",
            stackRaw("multi"),
            {
                // production signs in through a regional endpoint, which aws-azure-login cannot use.
                "aws-azure-login": ["sandbox-developer", "sandbox-readonly", "data-data-engineer"],
                saml2aws: ["sandbox-developer", "sandbox-readonly", "production-operator", "data-data-engineer"],
            },
            {
                "sandbox-developer": ["sandbox", "Developer"],
                "sandbox-readonly": ["sandbox", "ReadOnly"],
                "production-operator": ["production", "Operator"],
                "data-data-engineer": ["data", "Data.Engineer"],
            },
        ),
    ];
}

/** A `generateCliConfig` request for a deployed stack, from its outputs. */
export function request(stack: DeployedStack, format: CliConfigFormat, extra: Partial<CliConfigRequest> = {}): CliConfigRequest {
    return { stack: stack.name, config: stack.config, outputs: stack.outputs, format, ...extra };
}
