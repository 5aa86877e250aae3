/**
 * The vocabulary the program (components/, lib/, offline/) and the policy pack share: SAML attribute names,
 * gallery template ids, claim sources, STS limits, IAM name and ARN grammar, the engine's unknown sentinel
 * and this project's type tokens. It lives inside the pack so `pulumi policy publish` ships it; it imports
 * nothing, so the program can import it without loading the pack.
 */
export * from "./app-identifiers";
export * from "./claim-sources";
export * from "./engine";
export * from "./gallery-templates";
export * from "./iam-names";
export * from "./identity-center";
export * from "./saml-attributes";
export * from "./sts-limits";
export * from "./type-tokens";
