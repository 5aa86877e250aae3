import type { Element } from "@xmldom/xmldom";
import type { DirectoryUser } from "./claims-mapping-policy";
import { AzureSamlResponseLifetimes, AzureSignInApp, buildAzureSamlResponse } from "./saml-response";
import { AWS_SAML_ATTRIBUTE, SAML_ASSERTION_NS, SAML_PROTOCOL_NS } from "./saml-names";
import { childElements, isElement, parseStrictXml } from "./strict-xml";
import {
    AssumedRoleSession,
    AwsFederationPlan,
    AWS_SIGN_IN_MESSAGE,
    SignInFailureReason,
    assumeRoleWithSaml,
    parseRoleValue,
    samlAttributeValues,
} from "./sts-assume-role-with-saml";

/** The plan the Pulumi program produces under mocks: the Azure tenant and every account's providers and roles. */
export interface SignInPlan extends AwsFederationPlan {
    readonly tenantId: string;
}

export interface SignInSimulationRequest {
    readonly plan: SignInPlan;
    readonly app: AzureSignInApp;
    readonly user: DirectoryUser;
    /** When Azure AD issues the response; AWS receives it at the same instant unless `stsNow` says otherwise. */
    readonly now: Date;
    /** STS's clock, for simulating a response that arrives late. Defaults to `now`. */
    readonly stsNow?: Date;
    readonly lifetimes?: AzureSamlResponseLifetimes;
    /** Deterministic IDs for reproducible output; defaults to Azure's `_<uuid>`. */
    readonly newId?: () => string;
}

interface SignInAttempt {
    readonly userPrincipalName: string;
    /** The Role attribute value tried, undefined when the response offers none. */
    readonly roleValue: string | undefined;
    readonly roleArn: string | undefined;
    readonly principalArn: string | undefined;
}

export type SignInSuccess = {
    readonly ok: true;
    readonly roleValue: string;
    readonly roleArn: string;
    readonly principalArn: string;
} & SignInAttempt &
    AssumedRoleSession;
export type SignInFailure = { readonly ok: false } & SignInAttempt & SignInFailureReason;
/** One per role the user could pick on the AWS sign-in page (or one failure when there is nothing to pick). */
export type SignInResult = SignInSuccess | SignInFailure;

/** A failure before any Role value could be chosen: Azure AD sent nothing, or nothing AWS can use. */
export function failureBeforeRoleChoice(userPrincipalName: string, reason: SignInFailureReason): SignInFailure {
    return { ok: false, userPrincipalName, roleValue: undefined, roleArn: undefined, principalArn: undefined, ...reason };
}

/**
 * Signs the user in end to end: Azure AD builds and signs the response under the app's claims mapping
 * policy, the AWS sign-in page lists the Role values it carries, and for each one STS runs
 * AssumeRoleWithSAML against the plan. Pure apart from the clock and IDs passed in.
 */
export function simulateSignIn(request: SignInSimulationRequest): SignInResult[] {
    const { plan, app, user } = request;
    const userPrincipalName = user.userPrincipalName;
    const built = buildAzureSamlResponse({
        tenantId: plan.tenantId,
        app,
        user,
        now: request.now,
        lifetimes: request.lifetimes,
        newId: request.newId,
    });
    if (!built.ok) {
        return [
            failureBeforeRoleChoice(userPrincipalName, {
                check: "azure-ad-response",
                message: `Azure AD issues no SAML response: ${built.problem}`,
                messageIsDocumented: false,
                resourceToFix: built.resourceToFix,
                detail: built.problem,
            }),
        ];
    }
    const response = built.response;
    // The clue for any failure blamed on the claims mapping policy: which entries produced nothing.
    const withPolicyNotes = (failure: SignInFailureReason): SignInFailureReason =>
        failure.resourceToFix.startsWith("claims mapping policy") && response.claims.notes.length > 0
            ? { ...failure, detail: `${failure.detail}; claims mapping policy: ${response.claims.notes.join("; ")}` }
            : failure;

    const roleValues = readRoleChoices(response.xml);
    if (roleValues.length === 0) {
        return [
            failureBeforeRoleChoice(
                userPrincipalName,
                withPolicyNotes({
                    check: "role-attribute",
                    message: AWS_SIGN_IN_MESSAGE.invalidSamlResponse,
                    messageIsDocumented: true,
                    resourceToFix: "claims mapping policy",
                    detail: `the SAML response has no ${AWS_SAML_ATTRIBUTE.role} attribute value`,
                }),
            ),
        ];
    }
    return roleValues.map((roleValue): SignInResult => {
        const pair = parseRoleValue(roleValue);
        if (!pair) {
            return {
                ok: false,
                userPrincipalName,
                roleValue,
                roleArn: undefined,
                principalArn: undefined,
                check: "role-attribute",
                message: AWS_SIGN_IN_MESSAGE.invalidSamlResponse,
                messageIsDocumented: true,
                resourceToFix: `Azure AD app role value "${roleValue}"`,
                detail: `"${roleValue}" is not "<role ARN>,<SAML provider ARN>" (either order)`,
            };
        }
        const outcome = assumeRoleWithSaml({
            plan,
            samlAssertion: response.base64,
            roleArn: pair.roleArn,
            principalArn: pair.principalArn,
            now: request.stsNow ?? request.now,
        });
        const attempt = { userPrincipalName, roleValue, roleArn: pair.roleArn, principalArn: pair.principalArn };
        if (outcome.ok) {
            return { ...outcome, ...attempt };
        }
        const { ok: _failed, ...reason } = outcome;
        return { ok: false, ...attempt, ...withPolicyNotes(reason) };
    });
}

/**
 * The Role values the AWS sign-in page offers, read (unverified, as the page does before calling
 * STS) from the response's assertion. STS later insists the chosen pair is in the signed assertion.
 */
export function readRoleChoices(responseXml: string): string[] {
    let response: Element;
    try {
        response = parseStrictXml(responseXml).documentElement!;
    } catch {
        return [];
    }
    if (!isElement(response, SAML_PROTOCOL_NS, "Response")) {
        return [];
    }
    return childElements(response, SAML_ASSERTION_NS, "Assertion").flatMap(
        (assertion) => samlAttributeValues(assertion, AWS_SAML_ATTRIBUTE.role) ?? [],
    );
}

/**
 * One line per result, e.g.
 * `B.Simon@contoso.com -> arn:aws:sts::111122223333:assumed-role/AzureAD-Admin/B.Simon@contoso.com (3600 s)`.
 */
export function formatSignInResult(result: SignInResult): string {
    if (result.ok) {
        return `${result.userPrincipalName} -> ${result.assumedRoleArn} (${result.durationSeconds} s)`;
    }
    const target = result.roleArn ?? result.roleValue ?? "(no role offered)";
    return `${result.userPrincipalName} -x ${target}: ${result.message} -- fix ${result.resourceToFix}: ${result.detail}`;
}
