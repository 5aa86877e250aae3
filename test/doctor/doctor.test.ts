import * as assert from "assert";
import { ProgramRun, runProgramUnderMocks } from "../../offline/program-run";
import { withAwsEnvironment } from "../support/aws-environment";
import { GraphStandIn } from "../support/graph-stand-in";
import { IamStandIn } from "../support/iam-stand-in";
import { deployToStandIns } from "./deployed-stack";
import { doctor, findingIds, writeOutputsFile } from "./doctor-harness";

const NOW = new Date("2027-06-01T12:00:00Z");
const ACCOUNT = "111122223333";
const AMBIENT = { ambientAccountId: ACCOUNT, ambientAccessKeyId: "AKIADOCTOR0000000001", ambientSecretAccessKey: "doctor-secret-key-not-a-real-one" };

describe("doctor: a healthy dev-stack deployment", function () {
    this.timeout(120_000);
    let iam: IamStandIn;
    let graph: GraphStandIn;
    let run: ProgramRun;
    let outputsFile: string;
    let restore: () => void;

    before(async () => {
        [iam, graph] = await Promise.all([IamStandIn.start(), GraphStandIn.start({ readOnly: true })]);
        run = await runProgramUnderMocks({ stack: "dev" });
        outputsFile = writeOutputsFile(run.stackOutputs);
    });
    after(async () => {
        await Promise.all([iam.stop(), graph.stop()]);
    });
    beforeEach(() => {
        iam.reset();
        graph.reset();
        deployToStandIns(run, iam, graph, { now: NOW, ...AMBIENT });
        restore = withAwsEnvironment({ AWS_ENDPOINT_URL_IAM: iam.endpoint, AWS_ENDPOINT_URL_STS: iam.endpoint, AWS_ACCESS_KEY_ID: AMBIENT.ambientAccessKeyId, AWS_SECRET_ACCESS_KEY: AMBIENT.ambientSecretAccessKey, GRAPH_ACCESS_TOKEN: graph.acceptedToken });
    });
    afterEach(() => {
        restore();
        assert.deepStrictEqual(iam.refusedWrites, [], "the doctor sent no IAM or STS write");
        assert.deepStrictEqual(graph.refusedWrites, [], "the doctor sent no Graph write");
    });

    it("is clean, exits 0, and reads with Get/List calls only", async () => {
        const result = await doctor(["--stack", "dev", "--outputs", outputsFile, "--json", "--graph-url", graph.baseUrl], { now: NOW });
        assert.strictEqual(result.stderr, "");
        assert.deepStrictEqual(findingIds(result), [], JSON.stringify(result.report, null, 2));
        assert.strictEqual(result.code, 0);
        assert.ok(iam.requests.length > 5);
        for (const action of iam.actions()) assert.match(action, /^(iam:(Get|List)[A-Za-z]+|sts:GetCallerIdentity)$/);
        assert.ok(graph.requests.every((request) => request.method === "GET"));
    });
});
