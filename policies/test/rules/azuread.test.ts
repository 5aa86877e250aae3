import * as assert from "assert";
import * as azuread from "@pulumi/azuread";
import { appRoleValuePolicy } from "../../rules/azuread/azuread-aws-app-role-value";
import { claimsMappingPolicyPolicy } from "../../rules/azuread/azuread-aws-claims-mapping-policy";
import { conditionalAccessMfaPolicy } from "../../rules/azuread/azuread-aws-app-conditional-access-mfa";
import { galleryTemplatePolicy } from "../../rules/azuread/azuread-aws-app-from-gallery-template";
import { identifierUriPolicy } from "../../rules/azuread/azuread-aws-identifier-uri";
import { notificationEmailPolicy } from "../../rules/azuread/azuread-aws-service-principal-notification-email";
import { servicePrincipalSsoPolicy } from "../../rules/azuread/azuread-aws-service-principal-sso";
import { signingCertificateExpiryPolicy } from "../../rules/azuread/azuread-signing-certificate-expiry";
import { activeSigningCertificateCurrentPolicy } from "../../rules/azuread/azuread-active-signing-certificate-current";
import { signingCertificateLifetimePolicy } from "../../rules/azuread/azuread-signing-certificate-lifetime";
import { signingSetupPolicy } from "../../rules/azuread/azuread-aws-app-signing-setup";
import { testUserStackPolicy } from "../../rules/azuread/azuread-test-user-stack-allow-list";
import { assertDeferred, assertPasses, assertViolation } from "../support/assertions";
import {
    ACCOUNT_ID,
    claimsDefinition,
    CLIENT_ID,
    federationFixture,
    GALLERY_TEMPLATE_ID,
    PROVIDER_ARN,
    setProperty,
    SIGN_IN_ENDPOINT,
    StackFixture,
} from "../support/federation-fixture";
import { runResourcePolicy, runStackPolicy, UNKNOWN } from "../support/validation-args";

const DAY = 86400_000;

describe("azuread-aws-app-from-gallery-template", () => {
    const run = (type: typeof azuread.Application | typeof azuread.ApplicationFromTemplate, inputs: Record<string, unknown>, config?: Record<string, unknown>) =>
        runResourcePolicy(galleryTemplatePolicy, new StackFixture().add(type, "app", inputs), { config });

    it("passes apps from the AWS Single-Account Access template, and unrelated apps", async () => {
        assertPasses(await run(azuread.ApplicationFromTemplate, { displayName: "AWS", templateId: GALLERY_TEMPLATE_ID }));
        assertPasses(await run(azuread.ApplicationFromTemplate, { displayName: "Salesforce", templateId: "010d8a2e-0000-4000-8000-000000000000" }));
        assertPasses(await run(azuread.Application, { displayName: "internal", identifierUris: ["api://internal"] }));
        assertPasses(await run(azuread.Application, { displayName: "AWS", templateId: GALLERY_TEMPLATE_ID, identifierUris: [`${SIGN_IN_ENDPOINT}#x`] }));
    });

    it("fires on the IAM Identity Center template", async () => {
        assertViolation(await run(azuread.ApplicationFromTemplate, { displayName: "AWS", templateId: "21ed01d2-ec13-4e9e-86c1-cd546719ebc4" }), /IAM Identity Center app/);
    });

    it("fires on a custom application pointing at AWS sign-in", async () => {
        assertViolation(await run(azuread.Application, { displayName: "AWS", identifierUris: [`${SIGN_IN_ENDPOINT}#prod`] }), /custom application points at AWS sign-in/);
        assertViolation(await run(azuread.Application, { displayName: "AWS", web: { redirectUris: ["https://eu-west-1.signin.aws.amazon.com/saml"] } }), /custom application/);
    });

    it("accepts additional templates from config", async () => {
        assertPasses(
            await run(azuread.ApplicationFromTemplate, { displayName: "AWS", templateId: "21ed01d2-ec13-4e9e-86c1-cd546719ebc4" }, { allowedTemplateIds: ["21ed01d2-ec13-4e9e-86c1-cd546719ebc4"] }),
        );
    });

    it("defers on unknown values and survives malformed ones", async () => {
        assertDeferred(await run(azuread.ApplicationFromTemplate, { displayName: "AWS", templateId: UNKNOWN }));
        assertDeferred(await run(azuread.Application, { displayName: "AWS", identifierUris: [`${SIGN_IN_ENDPOINT}#x`], templateId: UNKNOWN }));
        assertPasses(await run(azuread.Application, { displayName: "AWS", identifierUris: "x", web: 5 }));
        assertPasses(await run(azuread.ApplicationFromTemplate, { templateId: 7 }));
    });
});

describe("azuread-aws-service-principal-sso", () => {
    it("passes the adopted service principal in SAML mode with assignment required", async () => {
        assertPasses(await runStackPolicy(servicePrincipalSsoPolicy, federationFixture().resources));
    });

    it("fires when SAML mode or assignment required is missing", async () => {
        const stack = federationFixture();
        const servicePrincipal = stack.find("prod-sp");
        setProperty(servicePrincipal, "preferredSingleSignOnMode", "password");
        setProperty(servicePrincipal, "appRoleAssignmentRequired", undefined);
        const result = await runStackPolicy(servicePrincipalSsoPolicy, stack.resources);
        assertViolation(result, /preferredSingleSignOnMode "password"/, servicePrincipal.urn);
        assertViolation(result, /does not set appRoleAssignmentRequired: true/, servicePrincipal.urn);
    });

    it("fires when no service principal configures the app", async () => {
        const stack = federationFixture();
        stack.remove("prod-sp");
        assertViolation(await runStackPolicy(servicePrincipalSsoPolicy, stack.resources), /has no azuread.ServicePrincipal/, stack.find("prod-app").urn);
    });

    it("links the service principal by object id when no dependency was recorded", async () => {
        const stack = federationFixture();
        stack.find("prod-sp").propertyDependencies = {};
        setProperty(stack.find("prod-sp"), "preferredSingleSignOnMode", "oidc");
        assertViolation(await runStackPolicy(servicePrincipalSsoPolicy, stack.resources), /preferredSingleSignOnMode "oidc"/);
    });

    it("defers on unknown values and survives malformed ones", async () => {
        const stack = federationFixture();
        stack.find("prod-sp").outputs.preferredSingleSignOnMode = UNKNOWN;
        assertDeferred(await runStackPolicy(servicePrincipalSsoPolicy, stack.resources));
        stack.find("prod-sp").outputs.preferredSingleSignOnMode = ["saml"];
        assertViolation(await runStackPolicy(servicePrincipalSsoPolicy, stack.resources), /preferredSingleSignOnMode \["saml"\]/);
    });
});

describe("azuread-aws-service-principal-notification-email", () => {
    it("passes a service principal with a notification address", async () => {
        assertPasses(await runStackPolicy(notificationEmailPolicy, federationFixture().resources));
    });

    it("fires without addresses, or with addresses outside the allowed domains", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-sp"), "notificationEmailAddresses", []);
        assertViolation(await runStackPolicy(notificationEmailPolicy, stack.resources), /has 0 notification address/);
        setProperty(stack.find("prod-sp"), "notificationEmailAddresses", ["me@gmail.com"]);
        assertViolation(await runStackPolicy(notificationEmailPolicy, stack.resources, { config: { allowedDomains: ["example.com"] } }), /notifies me@gmail.com/);
        assertViolation(await runStackPolicy(notificationEmailPolicy, stack.resources, { config: { minimumAddresses: 2 } }), /at least 2 required/);
    });

    it("defers on unknown addresses and survives malformed ones", async () => {
        const stack = federationFixture();
        stack.find("prod-sp").outputs.notificationEmailAddresses = UNKNOWN;
        assertDeferred(await runStackPolicy(notificationEmailPolicy, stack.resources));
        stack.find("prod-sp").outputs.notificationEmailAddresses = "team@example.com";
        assertPasses(await runStackPolicy(notificationEmailPolicy, stack.resources));
    });
});

describe("azuread-aws-claims-mapping-policy", () => {
    const run = (definitions: unknown, config?: Record<string, unknown>) => {
        const stack = federationFixture();
        setProperty(stack.find("prod-claims"), "definitions", definitions);
        return runStackPolicy(claimsMappingPolicyPolicy, stack.resources, { config });
    };
    const schema = (...entries: Record<string, unknown>[]) => [JSON.stringify({ ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: "true", ClaimsSchema: entries } })];
    const role = { Source: "user", ID: "assignedroles", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/Role" };
    const sessionName = { Source: "user", ID: "userprincipalname", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/RoleSessionName" };
    const duration = { Value: "3600", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/SessionDuration" };

    it("passes the AWS claims, also with session tags", async () => {
        assertPasses(await run([claimsDefinition()]));
        assertPasses(await run(schema(role, sessionName, duration, { Source: "user", ID: "department", SamlClaimType: "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department" })));
    });

    it("fires when Role, RoleSessionName or SessionDuration is missing or wrong", async () => {
        assertViolation(await run(schema(sessionName, duration)), /does not send https:\/\/aws.amazon.com\/SAML\/Attributes\/Role\./);
        assertViolation(await run(schema({ ...role, ID: "groups" }, sessionName, duration)), /must come from Source "user", ID "assignedroles"/);
        assertViolation(await run(schema(role, { Value: "shared", SamlClaimType: sessionName.SamlClaimType }, duration)), /RoleSessionName must come from a user attribute/);
        assertViolation(await run(schema(role, { ...sessionName, ID: "displayname" }, duration)), /comes from "displayname", which may not be a valid session name/);
        assertViolation(await run(schema(role, sessionName)), /does not send https:\/\/aws.amazon.com\/SAML\/Attributes\/SessionDuration/);
        assertViolation(await run(schema(role, role, sessionName, duration)), /sends https:\/\/aws.amazon.com\/SAML\/Attributes\/Role 2 times/);
    });

    it("fires on a SessionDuration under ID, or outside STS's range", async () => {
        assertViolation(await run(schema(role, sessionName, { ID: "3600", SamlClaimType: duration.SamlClaimType })), /constant under "Value" \(it uses "ID"/);
        assertViolation(await run([claimsDefinition("600")]), /SessionDuration is "600"; it must be whole seconds from 900 to 43200/);
        assertViolation(await run([claimsDefinition("50000")]), /"50000"/);
        assertViolation(await run([claimsDefinition("1h")]), /"1h"/);
        assertViolation(await run([claimsDefinition("3600")], { maximumSessionDuration: 1800 }), /from 900 to 1800/);
    });

    it("fires on miscased keys and attribute names", async () => {
        const miscasedKey = await run(schema(role, sessionName, { value: "3600", SamlClaimType: duration.SamlClaimType }));
        assertViolation(miscasedKey, /key "value" must be written "Value"/);
        assertViolation(await run(schema({ ...role, SamlClaimType: "https://aws.amazon.com/saml/attributes/Role" }, sessionName, duration)), /is not an AWS attribute name as AWS spells it/);
        assertViolation(await run([JSON.stringify({ claimsMappingPolicy: { Version: 1, ClaimsSchema: [role, sessionName, duration] } })]), /key "claimsMappingPolicy" must be written "ClaimsMappingPolicy"/);
    });

    it("checks a policy assigned to an AWS app even when it never mentions AWS", async () => {
        assertViolation(await run(schema({ Source: "user", ID: "mail", SamlClaimType: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" })), /does not send .*Role\./);
    });

    it("ignores claims policies of other apps", async () => {
        const stack = federationFixture();
        stack.add(azuread.ClaimsMappingPolicy, "other-claims", { displayName: "other", definitions: ["{}"] });
        assertPasses(await runStackPolicy(claimsMappingPolicyPolicy, stack.resources));
    });

    it("defers on unknown definitions and reports malformed ones", async () => {
        assertDeferred(await run(UNKNOWN));
        assertViolation(await run(["{not json"]), /not valid JSON/);
        assertViolation(await run("just a string"), /definitions must be a list of JSON strings/);
        assertViolation(await run([]), /exactly one JSON definition, got 0/);
        assertViolation(await run([42]), /must be a JSON string, got number/);
        assertViolation(await run([JSON.stringify({ ClaimsMappingPolicy: { Version: 1, ClaimsSchema: "x" } })]), /ClaimsSchema must be a list/);
    });
});

describe("azuread-aws-app-signing-setup", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(signingSetupPolicy, stack.resources, { config });

    it("passes an app with claims assignment, certificate and activation", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires without a claims assignment, a certificate or an activation", async () => {
        const noAssignment = federationFixture();
        noAssignment.remove("prod-claims-assignment");
        assertViolation(await run(noAssignment), /has no claims mapping policy assigned/);

        const noActivation = federationFixture();
        noActivation.remove("prod-preferred-signing-key");
        assertViolation(await run(noActivation), /never activates its signing certificate .*AADSTS50146/);
        assertPasses(await run(noActivation, { requirePreferredKeyActivation: false }));

        const noCertificate = federationFixture();
        noCertificate.remove("prod-signing-2025");
        assertViolation(await run(noCertificate), /has no azuread.ServicePrincipalTokenSigningCertificate/);
    });

    it("fires when the activation names a thumbprint the app does not have", async () => {
        const stack = federationFixture();
        const activation = stack.find("prod-preferred-signing-key");
        setProperty(activation, "thumbprint", "00".repeat(20));
        activation.propertyDependencies = { servicePrincipalObjectId: activation.propertyDependencies.servicePrincipalObjectId };
        assertViolation(await run(stack), /names thumbprint "0000/, activation.urn);
    });

    it("fires when the assigned policy sends no AWS attributes", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-claims"), "definitions", ['{"ClaimsMappingPolicy":{"Version":1,"ClaimsSchema":[]}}']);
        assertViolation(await run(stack), /sends no AWS attributes/);
    });

    it("defers while links are unknown, and survives malformed resources", async () => {
        const stack = federationFixture();
        const certificate = stack.find("prod-signing-2025");
        certificate.propertyDependencies = {};
        certificate.outputs.servicePrincipalId = UNKNOWN;
        assertDeferred(await run(stack));

        const malformed = federationFixture();
        setProperty(malformed.find("prod-preferred-signing-key"), "thumbprint", { not: "a string" });
        malformed.find("prod-preferred-signing-key").propertyDependencies = { servicePrincipalObjectId: malformed.find("prod-preferred-signing-key").propertyDependencies.servicePrincipalObjectId };
        assertViolation(await run(malformed), /names thumbprint \{"not":"a string"\}/);
    });
});

describe("azuread-signing-certificate-lifetime and -expiry", () => {
    const withDates = (start: Date, end: Date) => {
        const stack = federationFixture();
        const certificate = stack.find("prod-signing-2025");
        certificate.outputs.startDate = start.toISOString();
        certificate.outputs.endDate = end.toISOString();
        return stack;
    };
    const now = new Date();

    it("pass a three-year certificate far from its end", async () => {
        const stack = withDates(now, new Date(now.getTime() + 3 * 365 * DAY));
        assertPasses(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources));
        assertPasses(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources));
    });

    it("flag a lifetime beyond the configured years", async () => {
        const stack = withDates(now, new Date(now.getTime() + 5 * 365 * DAY));
        assertViolation(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources), /more than 3 year\(s\)/);
        assertPasses(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources, { config: { maximumYears: 5 } }));
    });

    it("warn within the configured days and when ended", async () => {
        assertViolation(await runStackPolicy(signingCertificateExpiryPolicy, withDates(new Date(now.getTime() - 700 * DAY), new Date(now.getTime() + 30 * DAY)).resources), /in 29 day\(s\)|in 30 day\(s\)/);
        assertViolation(await runStackPolicy(signingCertificateExpiryPolicy, withDates(new Date(now.getTime() - 700 * DAY), new Date(now.getTime() - DAY)).resources), /ended on/);
        assertPasses(await runStackPolicy(signingCertificateExpiryPolicy, withDates(now, new Date(now.getTime() + 30 * DAY)).resources, { config: { warningDays: 10 } }));
    });

    it("defer on unknown dates and ignore unreadable ones", async () => {
        const stack = federationFixture();
        stack.find("prod-signing-2025").outputs.endDate = UNKNOWN;
        assertDeferred(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources));
        assertDeferred(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources));
        stack.find("prod-signing-2025").outputs.endDate = "next tuesday";
        assertPasses(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources));
        assertPasses(await runStackPolicy(signingCertificateLifetimePolicy, stack.resources));
    });
});

describe("azuread-active-signing-certificate-current", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(activeSigningCertificateCurrentPolicy, stack.resources, { config });
    const endingIn = (days: number, stack = federationFixture()) => {
        stack.find("prod-signing-2025").outputs.endDate = new Date(Date.now() + days * DAY).toISOString();
        return stack;
    };

    it("passes an active certificate far from its end, and is mandatory", async () => {
        assert.strictEqual(activeSigningCertificateCurrentPolicy.enforcementLevel, "mandatory");
        assertPasses(await run(endingIn(400)));
    });

    it("fires on the active certificate once it has ended, at the certificate", async () => {
        const stack = endingIn(-1);
        assertViolation(await run(stack), /prod-signing-2025, the one AWS app prod-app signs with, ended on .*; every AWS sign-in of the app fails/, stack.find("prod-signing-2025").urn);
    });

    it("fires when it ends before the configured rotation would activate its successor", async () => {
        assertPasses(await run(endingIn(20)));
        assertViolation(await run(endingIn(20), { rotationLeadDays: 30 }), /ends on .*, before a rotation 30 day\(s\) ahead of its end would activate its successor/);
        assertPasses(await run(endingIn(40), { rotationLeadDays: 30 }));
    });

    it("leaves an ended certificate that is no longer active to the advisory expiry warning", async () => {
        const stack = endingIn(-1);
        const next = stack.add(
            azuread.ServicePrincipalTokenSigningCertificate,
            "prod-signing-2026",
            { servicePrincipalId: "/servicePrincipals/bbbbbbbb-0000-4000-8000-000000000002" },
            { deps: { servicePrincipalId: [stack.find("prod-sp")] }, outputs: { thumbprint: "AB".repeat(20), endDate: new Date(Date.now() + 400 * DAY).toISOString() } },
        );
        const activation = stack.find("prod-preferred-signing-key");
        setProperty(activation, "thumbprint", "AB".repeat(20));
        activation.propertyDependencies.thumbprint = [next.urn];
        assertPasses(await run(stack));
        assertViolation(await runStackPolicy(signingCertificateExpiryPolicy, stack.resources), /prod-signing-2025 ended on/);
    });

    it("defers while the active certificate's end date is unknown", async () => {
        const stack = federationFixture();
        stack.find("prod-signing-2025").outputs.endDate = UNKNOWN;
        assertDeferred(await run(stack));
    });
});

describe("azuread-aws-identifier-uri", () => {
    const run = (stack: StackFixture) => runStackPolicy(identifierUriPolicy, stack.resources);

    it("passes a sign-in endpoint with a suffix", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on a URI that is not an AWS sign-in endpoint, and on a missing one", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-identifier"), "identifierUri", "https://signin.aws.amazon.com/saml/extra");
        assertViolation(await run(stack), /is not an AWS sign-in SAML endpoint/);
        stack.remove("prod-identifier");
        assertViolation(await run(stack), /has no identifier URI/);
    });

    it("fires on duplicates in the stack", async () => {
        const stack = federationFixture();
        const copy = stack.add(azuread.ApplicationIdentifierUri, "other-identifier", { applicationId: "/applications/99999999-0000-4000-8000-000000000000", identifierUri: `${SIGN_IN_ENDPOINT}#DEV-PROD` });
        assertViolation(await run(stack), /used by both prod-identifier and other-identifier/, copy.urn);
    });

    it("defers on unknown URIs and survives malformed ones", async () => {
        const stack = federationFixture();
        stack.find("prod-identifier").outputs.identifierUri = UNKNOWN;
        assertDeferred(await run(stack));
        stack.find("prod-identifier").outputs.identifierUri = 12;
        assertViolation(await run(stack), /has no identifier URI/);
    });
});

describe("azuread-aws-app-role-value", () => {
    const run = (value: unknown, config?: Record<string, unknown>) =>
        runResourcePolicy(appRoleValuePolicy, new StackFixture().add(azuread.ApplicationAppRole, "app-role", { applicationId: "/applications/x", value }), { config });
    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/ReadOnly`;

    it("passes role ARN, provider ARN in one account, and values of non-AWS apps", async () => {
        assertPasses(await run(`${roleArn},${PROVIDER_ARN}`));
        assertPasses(await run(`arn:aws:iam::${ACCOUNT_ID}:role/team/a/ReadOnly,${PROVIDER_ARN}`));
        assertPasses(await run("Reader"));
        assertPasses(await run(undefined));
    });

    it("accepts the provider first, as STS does", async () => {
        assertPasses(await run(`${PROVIDER_ARN},${roleArn}`));
    });

    it("fires on other ARNs, a cross-account pair and extra parts", async () => {
        assertViolation(await run(`${roleArn},arn:aws:iam::${ACCOUNT_ID}:oidc-provider/x`), /names an IAM role ARN and neither a role nor a SAML provider ARN/);
        assertViolation(await run(`${roleArn},${roleArn}`), /names an IAM role ARN and an IAM role ARN; it must name one IAM role ARN and one SAML provider ARN, in either order/);
        assertViolation(await run(`${roleArn},arn:aws:iam::999999999999:saml-provider/AzureAD`), /in account 111122223333 but the SAML provider in 999999999999/);
        assertViolation(await run(`arn:aws:iam::999999999999:saml-provider/AzureAD,${roleArn}`), /in account 111122223333 but the SAML provider in 999999999999/);
        assertViolation(await run(`${roleArn},${PROVIDER_ARN},extra`), /separated by one comma/);
    });

    it("refuses whitespace around the comma with the reason, not a misleading ARN message", async () => {
        for (const value of [`${roleArn}, ${PROVIDER_ARN}`, `${roleArn} ,${PROVIDER_ARN}`, ` ${PROVIDER_ARN},${roleArn}`]) {
            const result = await run(value);
            assertViolation(result, /contains whitespace; AWS reads "<role ARN>,<SAML provider ARN>" with nothing around the comma, and Microsoft Graph refuses spaces/);
            assert.strictEqual(result.violations.length, 1, value);
        }
    });

    it("fires above Graph's 120 characters, or the configured length", async () => {
        const providerArn = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/EntraID`;
        const role120 = `arn:aws:iam::${ACCOUNT_ID}:role/${"R".repeat(41)}`;
        const role121 = `arn:aws:iam::${ACCOUNT_ID}:role/${"R".repeat(42)}`;
        assert.strictEqual(`${role120},${providerArn}`.length, 120);
        assertPasses(await run(`${role120},${providerArn}`));
        assertViolation(await run(`${role121},${providerArn}`), /The value is 121 characters; Microsoft Graph accepts at most 120 for an app role on the application/);
        assertViolation(await run(`${providerArn},${role121}`), /The value is 121 characters/);
        assertPasses(await run(`${role121},${providerArn}`, { maximumLength: 240 }));
        assertViolation(await run(`${roleArn},${PROVIDER_ARN}`, { maximumLength: 50 }), /at most 50/);
    });

    it("defers on an unknown value and ignores wrong types", async () => {
        assertDeferred(await run(UNKNOWN));
        assertPasses(await run(["arn:aws:iam::1:role/x"]));
    });
});

describe("azuread-aws-app-conditional-access-mfa", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(conditionalAccessMfaPolicy, stack.resources, { config });
    const policyOf = (stack: StackFixture) => stack.find("require-mfa-policy");

    it("passes an enabled policy that requires MFA for the app's client id", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("passes a policy on All applications, or with an authentication strength", async () => {
        const stack = federationFixture();
        setProperty(policyOf(stack), "conditions", { clientAppTypes: ["all"], applications: { includedApplications: ["All"] }, users: { includedUsers: ["All"] } });
        setProperty(policyOf(stack), "grantControls", { operator: "OR", authenticationStrengthPolicyId: "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000002" });
        assertPasses(await run(stack));
    });

    it("fires without a policy, or with a disabled, non-MFA, excluding or partial one", async () => {
        const none = federationFixture();
        none.remove("require-mfa-policy");
        assertViolation(await run(none), /No enabled Conditional Access policy of this stack requires MFA/);

        for (const change of [
            (stack: StackFixture) => setProperty(policyOf(stack), "state", "enabledForReportingButNotEnforced"),
            (stack: StackFixture) => setProperty(policyOf(stack), "grantControls", { operator: "OR", builtInControls: ["mfa", "compliantDevice"] }),
            (stack: StackFixture) =>
                setProperty(policyOf(stack), "conditions", { applications: { includedApplications: ["All"], excludedApplications: [CLIENT_ID] }, users: { includedUsers: ["All"] } }),
            (stack: StackFixture) => setProperty(policyOf(stack), "conditions", { applications: { includedApplications: [CLIENT_ID] }, users: { includedGroups: ["g"] } }),
        ]) {
            const stack = federationFixture();
            change(stack);
            assertViolation(await run(stack), /requires MFA for AWS app prod-app/);
        }
    });

    it("accepts a group-scoped policy when configured", async () => {
        const stack = federationFixture();
        setProperty(policyOf(stack), "conditions", { applications: { includedApplications: [CLIENT_ID] }, users: { includedGroups: ["g"] } });
        assertPasses(await run(stack, { requireAllUsers: false }));
    });

    it("defers on unknown conditions and survives malformed ones", async () => {
        const stack = federationFixture();
        policyOf(stack).outputs.conditions = UNKNOWN;
        assertDeferred(await run(stack));
        policyOf(stack).outputs.conditions = "everything";
        assertViolation(await run(stack), /requires MFA/);
    });
});

describe("azuread-test-user-stack-allow-list", () => {
    const user = (stack: string) => new StackFixture(stack).add(azuread.User, "test-user-user", { userPrincipalName: "t@example.com", displayName: "t" });

    it("passes in dev", async () => {
        assertPasses(await runResourcePolicy(testUserStackPolicy, user("dev")));
    });

    it("fires in any other stack", async () => {
        assertViolation(await runResourcePolicy(testUserStackPolicy, user("prod")), /Stack prod creates Azure AD user test-user-user/);
    });

    it("takes the allowed stacks from config", async () => {
        assertPasses(await runResourcePolicy(testUserStackPolicy, user("dev-alice"), { config: { allowedStacks: ["dev", "dev-*"] } }));
        assertViolation(await runResourcePolicy(testUserStackPolicy, user("dev"), { config: { allowedStacks: [] } }), /may only be created in no stack/);
    });

    it("never reads property values, so unknown or malformed inputs change nothing", async () => {
        const stack = new StackFixture("prod");
        assertViolation(await runResourcePolicy(testUserStackPolicy, stack.add(azuread.User, "u", { userPrincipalName: UNKNOWN, displayName: 3 })), /Stack prod/);
        assert.ok(true);
    });
});
