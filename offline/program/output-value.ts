import * as pulumi from "@pulumi/pulumi";

/** Resolves an Output's value, unwrapping secrets; rejects when the Output does. */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
    // The SDK's own promise rejects when an apply throws, as the engine fails the program then;
    // an apply callback would wait forever instead. `promise` is not in the public typings.
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/** Whether the engine would store the Output encrypted: the SDK's own flag, not in the public typings. */
export async function outputIsSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return (await (output as unknown as { isSecret: Promise<boolean> }).isSecret) === true;
}
