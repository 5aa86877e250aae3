import * as aws from "@pulumi/aws";
import { azureAdIdpMetadata } from "../../../../components/documents/idp-metadata";
import { generateSigningCertificate } from "../../../../offline/program/certificates";
import { RegisteredResource } from "../../../../offline/program/program-run";
import { constructUnderStandIns } from "../../../support/component-under-stand-ins";
import { TENANT_ID } from "../../../support/stack-fixtures";

/** The account the AWS components are constructed in, as `baseStackConfig` names it. */
export const SANDBOX_ACCOUNT_ID = "111122223333";

/** The account's aws provider as the program makes one: pinned to the account. Create it inside the construction. */
export function sandboxProvider(): aws.Provider {
    return new aws.Provider("sandbox", { region: "us-east-1", allowedAccountIds: [SANDBOX_ACCOUNT_ID] });
}

/** How a child names its explicit provider in its registration: `<provider urn>::<provider id>`. */
export function providerReference(provider: RegisteredResource): string {
    return `${provider.urn}::${provider.id}`;
}

let metadata: string | undefined;

/** IdP metadata for the test tenant over a real self-signed certificate, as AccountFederation builds it; made once. */
export function sandboxIdpMetadata(): string {
    metadata ??= azureAdIdpMetadata({
        tenantId: TENANT_ID,
        signingCertificates: [
            generateSigningCertificate({
                commonName: "Microsoft Azure Federated SSO Certificate",
                notAfter: new Date("2029-01-01T00:00:00Z"),
            }).base64Der,
        ],
    });
    return metadata;
}

/**
 * Runs a construction that must throw, under the stand-ins, and returns the error with what registered
 * meanwhile: the account's provider, made first, and nothing of the refused component.
 */
export async function refusedConstruction(construct: (provider: aws.Provider) => unknown): Promise<{
    readonly error: Error | undefined;
    readonly registeredNames: readonly string[];
}> {
    const run = await constructUnderStandIns(() => {
        const provider = sandboxProvider();
        try {
            construct(provider);
        } catch (error) {
            return error as Error;
        }
        return undefined;
    });
    return { error: run.component, registeredNames: run.resources.map((resource) => resource.name) };
}
