import * as assert from "assert";
import * as crypto from "crypto";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { AzureSignInApp, buildAzureSamlResponse } from "../../../offline/sign-in/saml-response";
import type { DirectoryUser } from "../../../offline/sign-in/claims-mapping-policy";
import { AWS_SIGN_IN_MESSAGE } from "../../../offline/sign-in/sts-assume-role-with-saml";
import {
    SignInFailure,
    SignInPlan,
    SignInResult,
    SignInSuccess,
    failureBeforeRoleChoice,
    formatSignInResult,
    readRoleChoices,
    simulateSignIn,
} from "../../../offline/sign-in/simulate-sign-in";
import {
    DEV_ACCOUNT_ID,
    DEVELOPER_ROLE_ARN,
    GLOBAL_SIGN_IN,
    ISSUER,
    NOW,
    OTHER_ACCOUNT_ID,
    OTHER_PROVIDER_ARN,
    PROVIDER_ARN,
    READ_ONLY_ROLE_ARN,
    TENANT_ID,
    bSimon,
    devApp,
    devPlan,
    devRole,
    metadataFor,
    policyWithSessionDuration,
    trustPolicyFor,
} from "./support/dev-federation-fixture";

const REGIONAL_SIGN_IN = "https://eu-central-1.signin.aws.amazon.com/saml";

function successes(results: SignInResult[]): SignInSuccess[] {
    return results.map((result) => {
        assert.ok(result.ok, `expected success, got: ${formatSignInResult(result)}`);
        return result;
    });
}

/** The one failed result, for the given role when several roles were tried. */
function onlyFailure(results: SignInResult[], roleArn?: string): SignInFailure {
    const matching = roleArn === undefined ? results : results.filter((result) => result.roleArn === roleArn);
    assert.strictEqual(matching.length, 1, `expected one result${roleArn ? ` for ${roleArn}` : ""}, got ${matching.length}`);
    const [result] = matching;
    assert.ok(!result.ok, `expected failure, got: ${formatSignInResult(result)}`);
    return result;
}

describe("simulateSignIn (Azure AD SAML response -> AWS STS AssumeRoleWithSAML)", () => {
    let signing: SigningCertificate;
    let otherCertificate: SigningCertificate;

    before(() => {
        const validity = { notBefore: new Date("2025-03-01T00:00:00Z"), notAfter: new Date("2028-03-14T00:00:00Z") };
        signing = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", ...validity });
        otherCertificate = generateSigningCertificate({ commonName: "Microsoft Azure Federated SSO Certificate", ...validity });
    });

    /** B.Simon signs in to the dev stack, with one thing changed. */
    function signIn(change: { plan?: SignInPlan; app?: Partial<AzureSignInApp>; user?: Partial<DirectoryUser>; stsNow?: Date } = {}) {
        return simulateSignIn({
            plan: change.plan ?? devPlan(signing),
            app: devApp(signing, change.app),
            user: bSimon(change.user),
            now: NOW,
            stsNow: change.stsNow,
        });
    }

    function planWithMetadata(metadataXml: string): SignInPlan {
        const plan = devPlan(signing);
        return { ...plan, providers: [{ ...plan.providers[0], metadataXml }] };
    }

    it("signs B.Simon into both assigned roles of the dev account", () => {
        const results = signIn();

        assert.deepStrictEqual(results.map(formatSignInResult), [
            `B.Simon@contoso.com -> arn:aws:sts::${DEV_ACCOUNT_ID}:assumed-role/Developer/B.Simon@contoso.com (3600 s)`,
            `B.Simon@contoso.com -> arn:aws:sts::${DEV_ACCOUNT_ID}:assumed-role/ReadOnly/B.Simon@contoso.com (3600 s)`,
        ]);
        const [developer, readOnly] = successes(results);
        assert.strictEqual(developer.roleArn, DEVELOPER_ROLE_ARN);
        assert.strictEqual(readOnly.roleArn, READ_ONLY_ROLE_ARN, "the provider-first role value is accepted too");
        assert.strictEqual(developer.signerThumbprint, signing.thumbprint);
        assert.deepStrictEqual(
            { ...developer.samlContext, "SAML:sub": "(pairwise)" },
            {
                "SAML:aud": GLOBAL_SIGN_IN,
                "SAML:iss": ISSUER,
                "SAML:sub": "(pairwise)",
                "SAML:sub_type": "persistent",
                "SAML:doc": `${DEV_ACCOUNT_ID}/AzureAD`,
                "SAML:namequalifier": crypto.createHash("sha1").update(`${ISSUER}${DEV_ACCOUNT_ID}/AzureAD`).digest("base64"),
            },
        );
    });

    it("accepts Azure's other signing options: response only, and response and assertion", () => {
        for (const samlSigning of ["response", "responseAndAssertion"] as const) {
            assert.strictEqual(successes(signIn({ app: { samlSigning } })).length, 2, samlSigning);
        }
    });

    it("fails the signature when the provider metadata carries a different certificate", () => {
        const results = signIn({ plan: planWithMetadata(metadataFor(otherCertificate)) });
        for (const roleArn of [DEVELOPER_ROLE_ARN, READ_ONLY_ROLE_ARN]) {
            const failure = onlyFailure(results, roleArn);
            assert.strictEqual(failure.check, "signature");
            assert.strictEqual(
                failure.message,
                "Response signature invalid (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken)",
            );
            assert.strictEqual(failure.resourceToFix, `SAML provider metadata of ${PROVIDER_ARN}`);
            assert.match(failure.detail, new RegExp(`does not verify with certificate ${otherCertificate.thumbprint}`));
            assert.match(failure.detail, new RegExp(`KeyInfo names ${signing.thumbprint} \\(a hint, not trusted\\)`));
        }
    });

    it("succeeds when the metadata lists several certificates and the signer is the second", () => {
        const results = successes(signIn({ plan: planWithMetadata(metadataFor(otherCertificate, signing)) }));
        assert.deepStrictEqual(
            results.map((result) => result.signerThumbprint),
            [signing.thumbprint, signing.thumbprint],
        );
    });

    it("denies a role whose SAML:aud condition names a regional endpoint while the reply URL is global", () => {
        const regionalTrust = devRole("Developer", { trustPolicy: trustPolicyFor(PROVIDER_ARN, REGIONAL_SIGN_IN) });
        const results = signIn({ plan: { ...devPlan(signing), roles: [regionalTrust, devRole("ReadOnly")] } });
        const failure = onlyFailure(results, DEVELOPER_ROLE_ARN);
        assert.strictEqual(failure.check, "trust-policy");
        assert.strictEqual(
            failure.message,
            "Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied)",
        );
        assert.strictEqual(failure.resourceToFix, `IAM role trust policy of ${DEVELOPER_ROLE_ARN}`);
        assert.ok(
            failure.detail.includes(`Condition StringEquals SAML:aud ["${REGIONAL_SIGN_IN}"] does not match "${GLOBAL_SIGN_IN}"`),
            failure.detail,
        );
        assert.ok(results.find((result) => result.roleArn === READ_ONLY_ROLE_ARN)?.ok, "the untouched role still signs in");
    });

    it("denies a role value that pairs the dev role with another account's SAML provider", () => {
        const plan = devPlan(signing);
        const otherProvider = { arn: OTHER_PROVIDER_ARN, name: "AzureAD", accountId: OTHER_ACCOUNT_ID, metadataXml: metadataFor(signing) };
        const results = signIn({
            plan: { ...plan, providers: [...plan.providers, otherProvider] },
            user: { assignedRoleValues: [`${DEVELOPER_ROLE_ARN},${OTHER_PROVIDER_ARN}`] },
        });
        const failure = onlyFailure(results);
        assert.strictEqual(failure.check, "role");
        assert.strictEqual(failure.message, AWS_SIGN_IN_MESSAGE.notAuthorized);
        assert.strictEqual(failure.resourceToFix, `Azure AD app role value pairing ${DEVELOPER_ROLE_ARN} with ${OTHER_PROVIDER_ARN}`);
        assert.match(failure.detail, new RegExp(`in account ${DEV_ACCOUNT_ID} but SAML provider .* is in account ${OTHER_ACCOUNT_ID}`));
    });

    it("reports a provider missing from the plan as AWS does", () => {
        const failure = onlyFailure(signIn({ user: { assignedRoleValues: [`${DEVELOPER_ROLE_ARN},${OTHER_PROVIDER_ARN}`] } }));
        assert.strictEqual(failure.check, "saml-provider");
        assert.strictEqual(failure.message, "Specified provider doesn't exist.");
        assert.strictEqual(failure.resourceToFix, `Azure AD app role value naming ${OTHER_PROVIDER_ARN}`);
    });

    it("refuses a SessionDuration above the role's maximum and grants it where the maximum allows", () => {
        const results = signIn({ app: { claimsMappingPolicy: policyWithSessionDuration("7200") } });
        const failure = onlyFailure(results, DEVELOPER_ROLE_ARN);
        assert.strictEqual(failure.check, "max-session-duration");
        assert.strictEqual(
            failure.message,
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role. " +
                "(Service: AWSSecurityTokenService; Status Code: 400; Error Code: ValidationError)",
        );
        assert.strictEqual(
            failure.resourceToFix,
            `maxSessionDuration of ${DEVELOPER_ROLE_ARN}, or SessionDuration in the claims mapping policy`,
        );
        assert.strictEqual(failure.detail, "SessionDuration 7200 s exceeds the role's maxSessionDuration 3600 s");
        const readOnly = results.find((result) => result.roleArn === READ_ONLY_ROLE_ARN);
        assert.ok(readOnly?.ok && readOnly.durationSeconds === 7200, "ReadOnly (max 43200) gets 7200 s");
    });

    it("refuses a SessionDuration outside 900..43200", () => {
        const failure = onlyFailure(signIn({ app: { claimsMappingPolicy: policyWithSessionDuration("600") } }), READ_ONLY_ROLE_ARN);
        assert.strictEqual(failure.check, "session-duration");
        assert.strictEqual(failure.resourceToFix, "claims mapping policy (SessionDuration)");
    });

    it("refuses a RoleSessionName taken from a guest's #EXT# UPN", () => {
        const results = signIn({ user: { userPrincipalName: "b.simon_fabrikam.com#EXT#@contoso.onmicrosoft.com" } });
        assert.strictEqual(results.length, 2);
        for (const roleArn of [DEVELOPER_ROLE_ARN, READ_ONLY_ROLE_ARN]) {
            const failure = onlyFailure(results, roleArn);
            assert.strictEqual(failure.check, "role-session-name");
            assert.strictEqual(
                failure.message,
                "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64} " +
                    "(Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken)",
            );
            assert.strictEqual(failure.resourceToFix, "claims mapping policy (RoleSessionName source attribute)");
            assert.ok(failure.detail.includes('"b.simon_fabrikam.com#EXT#@contoso.onmicrosoft.com"'), failure.detail);
        }
    });

    it("denies a role whose trust names another provider, and one whose trust lacks the SAML action", () => {
        const lacksAction = JSON.parse(trustPolicyFor(PROVIDER_ARN));
        lacksAction.Statement[0].Action = "sts:AssumeRoleWithWebIdentity";
        const roles = [
            devRole("Developer", { trustPolicy: trustPolicyFor(OTHER_PROVIDER_ARN) }),
            devRole("ReadOnly", { trustPolicy: lacksAction }),
        ];
        const results = signIn({ plan: { ...devPlan(signing), roles } });

        const wrongProvider = onlyFailure(results, DEVELOPER_ROLE_ARN);
        assert.strictEqual(wrongProvider.check, "trust-policy");
        assert.strictEqual(wrongProvider.message, AWS_SIGN_IN_MESSAGE.notAuthorized);
        assert.strictEqual(wrongProvider.resourceToFix, `IAM role trust policy of ${DEVELOPER_ROLE_ARN}`);
        assert.ok(wrongProvider.detail.includes(`Principal.Federated ["${OTHER_PROVIDER_ARN}"] does not include ${PROVIDER_ARN}`));

        const noAction = onlyFailure(results, READ_ONLY_ROLE_ARN);
        assert.strictEqual(noAction.check, "trust-policy");
        assert.strictEqual(noAction.resourceToFix, `IAM role trust policy of ${READ_ONLY_ROLE_ARN}`);
        assert.ok(noAction.detail.includes('Action ["sts:AssumeRoleWithWebIdentity"] does not include sts:AssumeRoleWithSAML'));
    });

    it("denies a role that is not in the plan", () => {
        const failure = onlyFailure(signIn({ plan: { ...devPlan(signing), roles: [devRole("ReadOnly")] } }), DEVELOPER_ROLE_ARN);
        assert.strictEqual(failure.check, "role");
        assert.strictEqual(failure.message, AWS_SIGN_IN_MESSAGE.notAuthorized);
        assert.strictEqual(failure.resourceToFix, `Azure AD app role value naming ${DEVELOPER_ROLE_ARN}`);
    });

    it("rejects a response that arrives after its SubjectConfirmation NotOnOrAfter", () => {
        const fiveMinutesLater = NOW.getTime() + 5 * 60_000;
        for (const result of signIn({ stsNow: new Date(fiveMinutesLater) })) {
            assert.ok(!result.ok);
            assert.strictEqual(result.check, "validity-period");
            assert.strictEqual(result.message, AWS_SIGN_IN_MESSAGE.expired);
            assert.strictEqual(
                result.detail,
                "SubjectConfirmationData NotOnOrAfter 2025-03-14T09:31:53.000Z is not after 2025-03-14T09:31:53.000Z",
            );
        }
        assert.strictEqual(successes(signIn({ stsNow: new Date(fiveMinutesLater - 1) })).length, 2, "a millisecond earlier it passes");
    });

    it("rejects an Issuer that is not the metadata entityID", () => {
        const otherTenant = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
        const failure = onlyFailure(signIn({ plan: { ...devPlan(signing), tenantId: otherTenant } }), DEVELOPER_ROLE_ARN);
        assert.strictEqual(failure.check, "issuer");
        assert.strictEqual(
            failure.message,
            "Failed to assume role: Issuer not present in specified provider " +
                "(Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException)",
        );
        assert.strictEqual(failure.resourceToFix, `SAML provider metadata of ${PROVIDER_ARN}`);
        assert.strictEqual(
            failure.detail,
            `assertion Issuer "https://sts.windows.net/${otherTenant}/" is not the metadata entityID "${ISSUER}"`,
        );
    });

    it("fails with the missing-Role message when the claims policy keys are wrong-cased", () => {
        const wrongCased = devApp(signing).claimsMappingPolicy.replace(
            '{"Source":"user","ID":"assignedroles"',
            '{"source":"user","id":"assignedroles"',
        );
        const failure = onlyFailure(signIn({ app: { claimsMappingPolicy: wrongCased } }));
        assert.strictEqual(failure.roleValue, undefined);
        assert.strictEqual(failure.check, "role-attribute");
        assert.strictEqual(failure.message, "Your request included an invalid SAML response. To logout, click here.");
        assert.strictEqual(failure.resourceToFix, "claims mapping policy");
        assert.ok(failure.detail.includes('ClaimsSchema[0] has unknown keys "source", "id" (keys are case-sensitive)'), failure.detail);
    });

    it("fails with the missing-Role message when the whole ClaimsSchema key is wrong-cased", () => {
        const wrongCased = devApp(signing).claimsMappingPolicy.replace('"ClaimsSchema"', '"claimsSchema"');
        const failure = onlyFailure(signIn({ app: { claimsMappingPolicy: wrongCased } }));
        assert.strictEqual(failure.check, "role-attribute");
        assert.strictEqual(failure.message, AWS_SIGN_IN_MESSAGE.invalidSamlResponse);
        assert.match(failure.detail, /no "ClaimsSchema" array/);
    });

    it("drops a SessionDuration constant written under ID instead of Value, so the default 3600 s applies", () => {
        const constantUnderId = policyWithSessionDuration("43200").replace('"Value":"43200"', '"ID":"43200"');
        const results = successes(signIn({ app: { claimsMappingPolicy: constantUnderId } }));
        assert.deepStrictEqual(
            results.map((result) => result.durationSeconds),
            [3600, 3600],
        );
    });

    it("fails RoleSessionName when its source attribute is empty for the user", () => {
        const policy = devApp(signing).claimsMappingPolicy.replace('"ID":"userprincipalname"', '"ID":"employeeid"');
        const failure = onlyFailure(signIn({ app: { claimsMappingPolicy: policy } }), DEVELOPER_ROLE_ARN);
        assert.strictEqual(failure.check, "role-session-name");
        assert.strictEqual(failure.message, AWS_SIGN_IN_MESSAGE.roleSessionNameRequired);
        assert.ok(failure.detail.includes('user attribute "employeeid" is empty or unknown for B.Simon@contoso.com'), failure.detail);
    });

    it("fails a reply URL that is not an AWS sign-in endpoint, and an audience AWS does not answer to", () => {
        const wrongReply = onlyFailure(signIn({ app: { replyUrl: "https://aws.contoso.com/saml" } }), DEVELOPER_ROLE_ARN);
        assert.strictEqual(wrongReply.check, "recipient");
        assert.strictEqual(wrongReply.resourceToFix, "Azure AD application reply URL");

        const wrongAudience = onlyFailure(signIn({ app: { identifierUri: "https://aws.contoso.com/sso#dev" } }), DEVELOPER_ROLE_ARN);
        assert.strictEqual(wrongAudience.check, "audience");
        assert.strictEqual(wrongAudience.message, "Response does not contain the required audience.");
        assert.strictEqual(wrongAudience.resourceToFix, "Azure AD application identifier URI");
    });

    it("reports metadata IAM could not have accepted", () => {
        const failure = onlyFailure(signIn({ plan: planWithMetadata(`\ufeff${metadataFor(signing)}`) }), DEVELOPER_ROLE_ARN);
        assert.strictEqual(failure.check, "provider-metadata");
        assert.strictEqual(failure.message, "Could not parse metadata.");
        assert.match(failure.detail, /byte order mark/);
    });
    it("offers the Role values of the response's Assertion, and none from XML it cannot read or that is no Response", () => {
        const built = buildAzureSamlResponse({ tenantId: TENANT_ID, app: devApp(signing), user: bSimon(), now: NOW });
        assert.ok(built.ok);
        assert.deepStrictEqual(readRoleChoices(built.response.xml), bSimon().assignedRoleValues);
        assert.deepStrictEqual(readRoleChoices("<samlp:Response"), []);
        const assertionOnly = built.response.xml.replace(/^[\s\S]*?(<Assertion[\s\S]*<\/Assertion>)[\s\S]*$/, "$1");
        assert.ok(assertionOnly.startsWith("<Assertion"), "the bare assertion was cut out");
        assert.deepStrictEqual(readRoleChoices(assertionOnly), [], "a bare Assertion is not a Response");
    });

    it("fails a Role value that is not a role and provider ARN pair, naming the value, without calling STS", () => {
        const failure = onlyFailure(signIn({ user: { assignedRoleValues: [DEVELOPER_ROLE_ARN] } }));
        assert.strictEqual(failure.check, "role-attribute");
        assert.strictEqual(failure.message, AWS_SIGN_IN_MESSAGE.invalidSamlResponse);
        assert.strictEqual(failure.roleValue, DEVELOPER_ROLE_ARN);
        assert.strictEqual(failure.resourceToFix, `Azure AD app role value "${DEVELOPER_ROLE_ARN}"`);
    });

    it("formats a failure before any role choice with what to fix and why", () => {
        const failure = failureBeforeRoleChoice("B.Simon@contoso.com", {
            check: "azure-ad-response",
            message: "Azure AD issues no SAML response: AADSTS50146",
            messageIsDocumented: false,
            resourceToFix: "preferred token signing key",
            detail: "no key",
        });
        assert.deepStrictEqual([failure.roleValue, failure.roleArn, failure.principalArn], [undefined, undefined, undefined]);
        assert.strictEqual(
            formatSignInResult(failure),
            "B.Simon@contoso.com -x (no role offered): Azure AD issues no SAML response: AADSTS50146 -- fix preferred token signing key: no key",
        );
    });
});
