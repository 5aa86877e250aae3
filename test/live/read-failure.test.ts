import * as assert from "assert";
import { awsReadFailure, isReadFailure, LiveReadError, ReadFailureKind } from "../../live/read-failure";

/** An error as the AWS SDK v3 throws it: `name` is the service's error code, `$metadata` the wire details. */
function sdkError(code: string, message: string, httpStatusCode?: number, attempts = 1): Error {
    return Object.assign(new Error(message), {
        name: code,
        $metadata: { httpStatusCode, requestId: "5f0c2a1e-7b3d-4c9e-8a6f-0d1e2f3a4b5c", attempts },
    });
}

describe("live read-failure (awsReadFailure, isReadFailure)", () => {
    it("classifies IAM and STS error codes the way the doctor reports them", () => {
        const cases: [string, number | undefined, ReadFailureKind][] = [
            ["AccessDenied", 403, "access-denied"],
            ["AccessDeniedException", 400, "access-denied"],
            ["Throttling", 400, "throttled"],
            ["TooManyRequestsException", 400, "throttled"],
            ["SomethingNew", 429, "throttled"],
            ["NoSuchEntity", 404, "not-found"],
            ["SomethingElse", 404, "not-found"],
            ["InvalidAction", 400, "unsupported"],
            ["OptInRequired", 403, "unsupported"],
            ["InvalidClientTokenId", 403, "unauthenticated"],
            ["ExpiredToken", 400, "unauthenticated"],
            ["SignatureDoesNotMatch", 403, "unauthenticated"],
            ["Whatever", 401, "unauthenticated"],
            ["CredentialsProviderError", undefined, "no-credentials"],
            ["ServiceFailure", 500, "failed"],
            ["TimeoutError", undefined, "failed"],
        ];
        for (const [code, status, kind] of cases) {
            assert.strictEqual(awsReadFailure(sdkError(code, "m", status), "iam", "GetRole").kind, kind, `${code} ${status}`);
        }
    });

    it("names the call and the permission it needs, with the wire details for support", () => {
        const error = awsReadFailure(
            sdkError("AccessDenied", "User: arn:aws:iam::111122223333:user/doctor is not authorized to perform: iam:GetRole", 403, 1),
            "iam",
            "GetRole",
        );
        assert.ok(error instanceof LiveReadError && error instanceof Error);
        assert.strictEqual(error.name, "LiveReadError");
        assert.deepStrictEqual([error.service, error.operation, error.permission], ["iam", "iam:GetRole", "iam:GetRole"]);
        assert.deepStrictEqual(error.detail, {
            status: 403,
            code: "AccessDenied",
            requestId: "5f0c2a1e-7b3d-4c9e-8a6f-0d1e2f3a4b5c",
            attempts: 1,
        });
        assert.strictEqual(
            error.message,
            "iam:GetRole failed: AccessDenied (HTTP 403): User: arn:aws:iam::111122223333:user/doctor is not authorized to perform: iam:GetRole (request id 5f0c2a1e-7b3d-4c9e-8a6f-0d1e2f3a4b5c, 1 attempt(s)). Allow iam:GetRole to the identity the doctor runs as.",
        );
    });

    it("says to check the credentials when they are rejected or missing, and counts the attempts of a retried call", () => {
        assert.match(
            awsReadFailure(
                sdkError("ExpiredToken", "The security token included in the request is expired", 400),
                "sts",
                "GetCallerIdentity",
            ).message,
            /Check the AWS credentials/,
        );
        const none = awsReadFailure(
            sdkError("CredentialsProviderError", "Could not load credentials from any providers"),
            "sts",
            "GetCallerIdentity",
        );
        assert.match(
            none.message,
            /^sts:GetCallerIdentity failed: CredentialsProviderError: Could not load credentials .*Check the AWS credentials/,
        );
        assert.ok(!none.message.includes("HTTP"), "no status arrived");
        const throttled = awsReadFailure(sdkError("Throttling", "Rate exceeded", 400, 6), "iam", "ListRoles");
        assert.match(throttled.message, /6 attempt\(s\)\)\.$/);
        assert.strictEqual(throttled.detail.attempts, 6);
    });

    it("something that is not an SDK error still becomes a failed read", () => {
        const error = awsReadFailure("socket hang up", "iam", "ListUsers");
        assert.strictEqual(error.kind, "failed");
        assert.match(error.message, /^iam:ListUsers failed: Error: socket hang up \(request id none, 1 attempt\(s\)\)\.$/);
    });

    it("isReadFailure matches a LiveReadError, of any kind or of the kinds named", () => {
        const denied = awsReadFailure(sdkError("AccessDenied", "denied", 403), "iam", "GetUser");
        assert.ok(isReadFailure(denied));
        assert.ok(isReadFailure(denied, "access-denied", "throttled"));
        assert.ok(!isReadFailure(denied, "not-found"));
        assert.ok(!isReadFailure(new Error("AccessDenied")));
        assert.ok(!isReadFailure(undefined));
    });
});
