// The AWS SDK reads endpoints and credentials from the environment (and ~/.aws). Tests point it at the
// stand-in only, with no profile file and no instance metadata, and put everything back afterwards.

const CLEARED = [
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_IAM",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
];

/** Sets these variables (and isolates the SDK from local config); returns a function that restores the previous environment. */
export function withAwsEnvironment(values: Readonly<Record<string, string>>): () => void {
    const fixed: Record<string, string> = {
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_MAX_ATTEMPTS: "3",
        // The SDK's one-off notice that releases after January 2027 need Node 22; README says so once.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        ...values,
    };
    const keys = [...new Set([...CLEARED, ...Object.keys(fixed)])];
    const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
    for (const key of CLEARED) delete process.env[key];
    Object.assign(process.env, fixed);
    return () => {
        for (const key of keys) {
            if (saved[key] === undefined) delete process.env[key];
            else process.env[key] = saved[key];
        }
    };
}
