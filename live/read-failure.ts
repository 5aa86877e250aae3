/** Why a live read did not return an answer. */
export type ReadFailureKind =
    /** The identity may not make this call: the permission it needs is named. */
    | "access-denied"
    /** Still throttled (429 / Throttling) after every retry. */
    | "throttled"
    /** The object does not exist. Readers that look things up return undefined instead. */
    | "not-found"
    /** The API does not exist in this partition, cloud or endpoint. */
    | "unsupported"
    /** The service rejected the credentials (expired, wrong cloud or tenant). */
    | "unauthenticated"
    /** No credentials could be found or obtained at all (empty AWS chain, no Graph token). */
    | "no-credentials"
    /** Anything else: server errors after every retry, no response, an unreadable body. */
    | "failed";

/** The cloud API a read went to. */
export type LiveService = "iam" | "sts" | "graph";

/** A classified failure of one read-only call against a live cloud. */
export class LiveReadError extends Error {
    constructor(
        public readonly kind: ReadFailureKind,
        public readonly service: LiveService,
        /** The call, e.g. `iam:GetRole` or `GET /v1.0/servicePrincipals/{id}`. */
        public readonly operation: string,
        /** The permission this call needs, e.g. `iam:GetRole` or `Application.Read.All`. */
        public readonly permission: string,
        message: string,
        /** Wire details for support: HTTP status (0 when none arrived), error code, request id, attempts. */
        public readonly detail: { readonly status: number; readonly code?: string; readonly requestId?: string; readonly attempts: number },
    ) {
        super(message);
        this.name = "LiveReadError";
    }
}

/** True when a value is a LiveReadError of one of the kinds. */
export function isReadFailure(error: unknown, ...kinds: ReadFailureKind[]): error is LiveReadError {
    return error instanceof LiveReadError && (kinds.length === 0 || kinds.includes(error.kind));
}

const AWS_ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess"]);
const AWS_THROTTLED = new Set([
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "SlowDown",
]);
const AWS_NOT_FOUND = new Set(["NoSuchEntity", "NoSuchEntityException", "NotFound", "ResourceNotFoundException"]);
const AWS_UNSUPPORTED = new Set(["InvalidAction", "UnknownOperationException", "NotImplemented", "UnsupportedOperation", "OptInRequired"]);
const AWS_UNAUTHENTICATED = new Set([
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "InvalidAccessKeyId",
]);

/** Classifies an AWS SDK v3 error (its `name` is the service's error code) for one IAM or STS call. */
export function awsReadFailure(error: unknown, service: "iam" | "sts", action: string): LiveReadError {
    const err = error as {
        name?: string;
        message?: string;
        $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
    };
    const code = err?.name ?? "Error";
    const status = err?.$metadata?.httpStatusCode ?? 0;
    const operation = `${service}:${action}`;
    const attempts = err?.$metadata?.attempts ?? 1;
    const requestId = err?.$metadata?.requestId;
    const kind: ReadFailureKind = AWS_ACCESS_DENIED.has(code)
        ? "access-denied"
        : AWS_THROTTLED.has(code) || status === 429
          ? "throttled"
          : AWS_NOT_FOUND.has(code) || status === 404
            ? "not-found"
            : AWS_UNSUPPORTED.has(code)
              ? "unsupported"
              : AWS_UNAUTHENTICATED.has(code) || status === 401
                ? "unauthenticated"
                : code === "CredentialsProviderError"
                  ? "no-credentials"
                  : "failed";
    const reason = err?.message ?? String(error);
    const hint =
        kind === "access-denied"
            ? ` Allow ${operation} to the identity the doctor runs as.`
            : kind === "unauthenticated" || kind === "no-credentials"
              ? " Check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, web identity) and that they are not expired."
              : "";
    return new LiveReadError(
        kind,
        service,
        operation,
        operation,
        `${operation} failed: ${code}${status ? ` (HTTP ${status})` : ""}: ${reason} (request id ${requestId ?? "none"}, ${attempts} attempt(s)).${hint}`,
        { status, code, requestId, attempts },
    );
}
