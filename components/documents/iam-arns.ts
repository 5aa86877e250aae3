/** ARNs this program builds; the commercial `aws` partition, as the sign-in endpoints are. */

/** ARN of an IAM role. */
export function iamRoleArn(accountId: string, roleName: string): string {
    return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** ARN of an IAM SAML identity provider. */
export function samlProviderArn(accountId: string, providerName: string): string {
    return `arn:aws:iam::${accountId}:saml-provider/${providerName}`;
}

/** The parts of an IAM ARN: `arn:<partition>:iam::<account>:<resourceType>/<path and name>`. */
export interface IamArn {
    readonly partition: string;
    readonly accountId: string;
    readonly resourceType: string;
    /** The last path segment: the role, user, policy or provider name. */
    readonly name: string;
}

const IAM_ARN_PATTERN = /^arn:(aws[a-z-]*):iam::(\d{12}|aws):([a-z-]+)\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;

/** Parses an IAM ARN, or returns undefined when the value is not one. */
export function parseIamArn(arn: string): IamArn | undefined {
    const match = IAM_ARN_PATTERN.exec(arn);
    if (!match) {
        return undefined;
    }
    return { partition: match[1], accountId: match[2], resourceType: match[3], name: match[4] };
}
