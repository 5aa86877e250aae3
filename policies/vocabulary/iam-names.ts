/** Names and ARNs of IAM, as AWS documents their grammar, and the limits of the app role values that carry them. */

/** One character of an IAM role, user or SAML provider name: letters, digits and `+=,.@_-`. */
export const IAM_NAME_CHARACTER = "[\\w+=,.@-]";

/** IAM role names: 1 to 64 name characters. */
export const ROLE_NAME_PATTERN = new RegExp(`^${IAM_NAME_CHARACTER}{1,64}$`);

/** IAM SAML provider names: 1 to 128 name characters. */
export const SAML_PROVIDER_NAME_PATTERN = new RegExp(`^${IAM_NAME_CHARACTER}{1,128}$`);

/** The AWS partitions an IAM ARN may name. */
export const AWS_PARTITION = "aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]+";

/** `arn:<partition>:iam::<account>:saml-provider/<name>`; groups: partition, account, name. */
export const SAML_PROVIDER_ARN_PATTERN = new RegExp(`^arn:(${AWS_PARTITION}):iam::(\\d{12}):saml-provider/(${IAM_NAME_CHARACTER}{1,128})$`);

/** `arn:<partition>:iam::<account>:role/<path><name>`; groups: partition, account, path (`""` or `a/b/`), name. */
export const ROLE_ARN_PATTERN = new RegExp(
    `^arn:(${AWS_PARTITION}):iam::(\\d{12}):role/((?:${IAM_NAME_CHARACTER}+/)*)(${IAM_NAME_CHARACTER}{1,64})$`,
);

/** `arn:<partition>:iam::aws:policy/<path><name>`; groups: partition, name. */
export const AWS_MANAGED_POLICY_ARN_PATTERN = new RegExp(`^arn:(${AWS_PARTITION}):iam::aws:policy/(?:[^/]+/)*([^/]+)$`);

/**
 * Microsoft Graph's limit for an appRole `value`: "must not exceed 120 characters"
 * (learn.microsoft.com/graph/api/resources/approle). This program and `TeamRole` write app roles on the
 * application object (`azuread.ApplicationAppRole`), so their values are bound by it.
 */
export const MAX_APP_ROLE_VALUE_LENGTH = 120;

/** Azure's role import limit for the app roles it writes itself, on the service principal. */
export const ROLE_IMPORT_MAX_APP_ROLE_VALUE_LENGTH = 240;
