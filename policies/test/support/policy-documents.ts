/** The AWS managed policy that gives full control of an account. */
export const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

/** An IAM policy document of the given statements, as the JSON string a resource carries. */
export function documentOf(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
