import { AccountArgument, discoverAccount, discoverApps, Discovery } from "../../../adopt/discovery";
import { AwsAccountReader } from "../../../live/aws-account-reader";
import { GraphReader } from "../../../live/graph-reader";
import { withAwsEnvironment } from "../../support/aws-environment";
import { GraphStandIn } from "../../support/graph-stand-in";
import { IamStandIn } from "../../support/iam-stand-in";
import { AMBIENT_KEY, AMBIENT_SECRET, GRAPH_TOKEN, HandMadeSetup, installSetup, READ_ROLE } from "./hand-made-setup";

// What the adoption's pure steps are decided from, read the way `npm run adopt` reads it: the hand-made
// setup served by the Graph and IAM stand-ins, and the real readers' discovery of it.

export interface AdoptStandIns {
    readonly graph: GraphStandIn;
    readonly iam: IamStandIn;
}

/** Registers mocha hooks that start both stand-ins (read-only Graph) for the suite, and stop them. */
export function useAdoptStandIns(): AdoptStandIns {
    const standIns = {} as { graph: GraphStandIn; iam: IamStandIn };
    before(async () => {
        [standIns.graph, standIns.iam] = await Promise.all([GraphStandIn.start({ readOnly: true }), IamStandIn.start()]);
    });
    after(async () => {
        await Promise.all([standIns.graph?.stop(), standIns.iam?.stop()]);
    });
    return standIns;
}

/** The command-line accounts for a setup: the first reached with the ambient credentials, the others through the read role. */
export function accountArguments(setup: HandMadeSetup, names: readonly string[]): AccountArgument[] {
    return setup.accounts.map((account, index) => ({
        name: names[index],
        accountId: account.accountId,
        ...(index === 0 ? {} : { deployRoleArn: `arn:aws:iam::${account.accountId}:role/${READ_ROLE}` }),
    }));
}

export function graphReader(graph: GraphStandIn): GraphReader {
    return new GraphReader({
        baseUrl: graph.baseUrl,
        accessToken: async () => GRAPH_TOKEN,
        retry: { sleep: async () => undefined, maxAttempts: 2 },
    });
}

/** Opens an account reader as the command does, against the IAM/STS stand-in, and runs `read` with it. */
export async function withAccountReader<T>(
    iam: IamStandIn,
    argument: AccountArgument,
    read: (reader: AwsAccountReader) => Promise<T>,
): Promise<T> {
    const restore = withAwsEnvironment({
        AWS_ENDPOINT_URL_IAM: iam.endpoint,
        AWS_ENDPOINT_URL_STS: iam.endpoint,
        AWS_ACCESS_KEY_ID: AMBIENT_KEY,
        AWS_SECRET_ACCESS_KEY: AMBIENT_SECRET,
    });
    const reader = AwsAccountReader.open(
        {
            accountId: argument.accountId,
            region: "us-east-1",
            roleArn: argument.deployRoleArn,
            roleSessionName: "azuread-aws-sso-adopt-test",
        },
        { retry: { maxAttempts: 2, backoffMs: () => 1 } },
    );
    try {
        return await read(reader);
    } finally {
        reader.close();
        restore();
    }
}

/** Installs the setup on fresh stand-ins and discovers it: every instance of the AWS template, and each account. */
export async function discoverSetup(
    setup: HandMadeSetup,
    standIns: AdoptStandIns,
    names: readonly string[] = ["sandbox"],
): Promise<Discovery> {
    standIns.graph.reset();
    standIns.iam.reset();
    installSetup(setup, standIns.graph, standIns.iam);
    const apps = await discoverApps(graphReader(standIns.graph));
    const accounts = [];
    for (const argument of accountArguments(setup, names))
        accounts.push(await withAccountReader(standIns.iam, argument, (reader) => discoverAccount(argument, reader)));
    return { accounts, apps };
}
