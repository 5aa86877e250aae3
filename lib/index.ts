/**
 * azuread-aws-sso for other teams' Pulumi programs: read the SSO stack through a typed stack
 * reference, create team-owned roles on its shared gallery apps, and assign groups and users.
 *
 * ```ts
 * import { RoleAssignment, SsoStack, TeamRole } from "azuread-aws-sso";
 * ```
 */
export { SsoAccount, SsoIdentityCenter, SsoRole, SsoStack, type SsoStackArgs } from "./sso-stack";
export { TeamRole, validateTeamRoleArgs, type ManagedPolicy, type PolicyDocumentInput, type TeamRoleArgs } from "./team-role";
export { RoleAssignment, validateRoleAssignmentArgs, type AssignableRole, type RoleAssignmentArgs } from "./role-assignment";
export { SsoStackError, TeamArgumentError, type ArgumentProblem } from "./errors";
export {
    SSO_STACK_OUTPUT_NAMES,
    type AccountOutputs,
    type IdentityCenterOutputs,
    type RoleOutputs,
    type SigningCertificateOutputs,
    type SsoStackOutputs,
} from "./contract";

// The pure functions the SSO stack builds its documents and ids with, for teams' own tests.
export {
    appRoleValue,
    MAX_APP_ROLE_VALUE_LENGTH,
    parseAppRoleValue,
    readAppRoleValue,
    ROLE_IMPORT_MAX_APP_ROLE_VALUE_LENGTH,
} from "../components/documents/app-role-value";
export { appRoleId } from "../components/documents/deterministic-ids";
export { samlTrustPolicy, type SamlTrustPolicyArgs } from "../components/documents/saml-trust-policy";
export { ROLE_MAX_SESSION_LIMITS } from "../components/stack-config";
