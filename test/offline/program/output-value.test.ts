import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { outputIsSecret, outputValue } from "../../../offline/program/output-value";

const ROLE_ARN = "arn:aws:iam::111122223333:role/Developer";

describe("outputValue and outputIsSecret", () => {
    it("resolves an Output to its plain value, through applies and all()", async () => {
        const arn = pulumi.output(ROLE_ARN);
        assert.strictEqual(await outputValue(arn), ROLE_ARN);
        assert.strictEqual(await outputValue(arn.apply((value) => value.split("/").pop())), "Developer");
        assert.deepStrictEqual(await outputValue(pulumi.all([arn, pulumi.output(3600)])), [ROLE_ARN, 3600]);
        assert.deepStrictEqual(await outputValue(pulumi.output({ arn, maxSessionDuration: 3600 })), {
            arn: ROLE_ARN,
            maxSessionDuration: 3600,
        });
    });

    it("unwraps a secret to its value and says it is secret, also for what is derived from it", async () => {
        const secret = pulumi.secret("Offline-Stand-In-Secret-1!");
        assert.strictEqual(await outputValue(secret), "Offline-Stand-In-Secret-1!");
        assert.strictEqual(await outputIsSecret(secret), true);
        assert.strictEqual(await outputIsSecret(secret.apply((value) => value.length)), true);
        assert.strictEqual(await outputIsSecret(pulumi.all([pulumi.output(ROLE_ARN), secret])), true);
        assert.strictEqual(await outputIsSecret(pulumi.output(ROLE_ARN)), false);
        assert.strictEqual(await outputIsSecret(pulumi.unsecret(secret)), false);
    });

    it("rejects, instead of waiting forever, when an apply throws", async () => {
        const failing = pulumi.output(ROLE_ARN).apply((value): string => {
            throw new Error(`${value}: not a SAML provider ARN`);
        });
        await assert.rejects(outputValue(failing), /arn:aws:iam::111122223333:role\/Developer: not a SAML provider ARN/);
    });
});
