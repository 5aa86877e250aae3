import * as aws from "@pulumi/aws";
import { federationFixture, setProperty, StackFixture } from "./federation-fixture";
import { ROLE_IMPORT_KEYS_TAG } from "../../readers/role-import-key-generations";

/** A reader whose tag lists the given generations, each with its key named as the program names it. */
export function readerWithGenerations(tag: string, generations: readonly string[]): StackFixture {
    const stack = federationFixture();
    const reader = stack.find("prod-reader-user");
    setProperty(reader, "tags", { "managed-by": "pulumi", [ROLE_IMPORT_KEYS_TAG]: tag });
    stack.remove("prod-reader-access-key");
    for (const generation of generations) {
        addReaderKey(stack, generation === "primary" ? "prod-reader-access-key" : `prod-reader-access-key-${generation}`);
    }
    return stack;
}

export function addReaderKey(stack: StackFixture, name: string, outputs: Record<string, unknown> = {}) {
    return stack.add(
        aws.iam.AccessKey,
        name,
        { user: "AzureADRoleManager" },
        { deps: { user: [stack.find("prod-reader-user")] }, outputs: { status: "Active", ...outputs } },
    );
}
