import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as azuread from "@pulumi/azuread";
import { generateSigningCertificate } from "../../offline/program/certificates";
import { appRoleTargetsPolicy, metadataCertificatePolicy, provisioningPolicy, sessionDurationPolicy } from "../federation";
import { assertDeferred, assertPasses, assertViolation } from "./support/assertions";
import {
    ACCOUNT_ID,
    claimsDefinition,
    federationFixture,
    idpMetadata,
    PROVIDER_ARN,
    READER_SECRET,
    samlTrustPolicy,
    setProperty,
    signingCertificate,
    StackFixture,
} from "./support/federation-fixture";
import { runStackPolicy, UNKNOWN } from "./support/validation-args";

let otherCertificate: ReturnType<typeof generateSigningCertificate>;
before(() => {
    otherCertificate = generateSigningCertificate({ commonName: "someone else", notAfter: new Date(Date.now() + 365 * 86400_000) });
});

describe("federation-role-session-covers-claim", () => {
    const run = (stack: StackFixture) => runStackPolicy(sessionDurationPolicy, stack.resources);

    it("passes when every role allows the session the app sends", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on each role whose maxSessionDuration is below the SessionDuration claim", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        const readOnly = stack.find("prod-role-ReadOnly");
        const result = await run(stack);
        assertViolation(result, /Role prod-role-ReadOnly allows sessions of at most 3600s, but AWS app prod-app sends SessionDuration 7200s/, readOnly.urn);
        assert.strictEqual(result.violations.length, 1, "Developer allows 7200s");
    });

    it("counts IAM's default of 3600 seconds when the role sets none", async () => {
        const stack = federationFixture({ sessionDuration: 5400 });
        setProperty(stack.find("prod-role-Developer"), "maxSessionDuration", undefined);
        const result = await run(stack);
        assertViolation(result, /prod-role-Developer allows sessions of at most 3600s/);
        assertViolation(result, /prod-role-ReadOnly allows sessions of at most 3600s/);
    });

    it("joins through the SAML provider's certificate when no app role names the role", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        stack.resources.filter((resource) => resource.type === "azuread:index/applicationAppRole:ApplicationAppRole").forEach((resource) => stack.remove(resource.name));
        stack.find("prod-saml-provider").propertyDependencies = {};
        assertViolation(await run(stack), /Role prod-role-ReadOnly allows sessions of at most 3600s/);
    });

    it("ignores roles of providers that no app of this stack signs for", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        const foreign = "arn:aws:iam::111122223333:saml-provider/Okta";
        stack.add(aws.iam.SamlProvider, "okta", { name: "Okta", samlMetadataDocument: idpMetadata([otherCertificate.base64Der]) }, { outputs: { arn: foreign } });
        stack.add(aws.iam.Role, "okta-role", { name: "OktaRole", assumeRolePolicy: samlTrustPolicy(foreign), maxSessionDuration: 3600 }, { outputs: { arn: `arn:aws:iam::${ACCOUNT_ID}:role/OktaRole` } });
        const result = await run(stack);
        assert.ok(!result.violations.some((violation) => /okta-role/.test(violation.message)));
    });

    it("follows recorded dependencies while ARNs and trust policies are unknown", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        stack.resources.filter((resource) => resource.type === "aws:iam/role:Role").forEach((resource) => {
            resource.outputs.arn = UNKNOWN;
            resource.outputs.assumeRolePolicy = UNKNOWN;
        });
        const result = await run(stack);
        assertViolation(result, /prod-role-ReadOnly allows sessions of at most 3600s/);
        assert.strictEqual(result.unknown, undefined, "every link is known from the dependencies");
    });

    it("defers when a link needs a value that is not known yet", async () => {
        const stack = federationFixture({ sessionDuration: 7200 });
        stack.resources
            .filter((resource) => resource.type === "azuread:index/applicationAppRole:ApplicationAppRole")
            .forEach((resource) => (resource.propertyDependencies = { applicationId: resource.propertyDependencies.applicationId }));
        stack.find("prod-role-Developer").outputs.arn = UNKNOWN;
        stack.find("prod-saml-provider").propertyDependencies = {};
        stack.find("prod-signing-2025").outputs.value = UNKNOWN;
        stack.find("prod-signing-2025").outputs.thumbprint = UNKNOWN;
        const result = await run(stack);
        assertViolation(result, /prod-role-ReadOnly allows sessions of at most 3600s/);
        assert.ok(result.unknown !== undefined, "the Developer role's app role value may name it once its ARN is known");

        const unknownClaims = federationFixture({ sessionDuration: 7200 });
        unknownClaims.find("prod-claims").outputs.definitions = UNKNOWN;
        assertDeferred(await run(unknownClaims));
    });

    it("does not crash on malformed durations or claims", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-role-ReadOnly"), "maxSessionDuration", "long");
        setProperty(stack.find("prod-claims"), "definitions", ["{nope"]);
        assertPasses(await run(stack));
        setProperty(stack.find("prod-claims"), "definitions", [claimsDefinition("7200")]);
        assertViolation(await run(stack), /prod-role-ReadOnly allows sessions of at most 3600s/);
    });
});

describe("federation-app-role-targets-stack", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(appRoleTargetsPolicy, stack.resources, { config });
    const readOnlyAppRole = (stack: StackFixture) => stack.find("prod-app-role-ReadOnly");

    it("passes app roles that name the stack's roles and provider", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires on a role or provider outside the stack, unless allow-listed", async () => {
        const stack = federationFixture();
        setProperty(readOnlyAppRole(stack), "value", `arn:aws:iam::${ACCOUNT_ID}:role/Elsewhere,arn:aws:iam::${ACCOUNT_ID}:saml-provider/Other`);
        readOnlyAppRole(stack).propertyDependencies = { applicationId: readOnlyAppRole(stack).propertyDependencies.applicationId };
        const result = await run(stack);
        assertViolation(result, /names arn:aws:iam::111122223333:role\/Elsewhere, which is not a role of this stack/);
        assertViolation(result, /names arn:aws:iam::111122223333:saml-provider\/Other, which is not a SAML provider of this stack/);
        assertPasses(await run(stack, { allowedRoleArns: ["arn:aws:iam::111122223333:role/*"], allowedProviderArns: ["arn:aws:iam::111122223333:saml-provider/Other"] }));
    });

    it("fires when the named role does not trust the named provider", async () => {
        const stack = federationFixture();
        const second = "arn:aws:iam::111122223333:saml-provider/Second";
        stack.add(aws.iam.SamlProvider, "second-provider", { name: "Second", samlMetadataDocument: idpMetadata([signingCertificate().base64Der]) }, { outputs: { arn: second } });
        setProperty(readOnlyAppRole(stack), "value", `arn:aws:iam::${ACCOUNT_ID}:role/ReadOnly,${second}`);
        assertViolation(await run(stack), /the role does not trust that provider/);
    });

    it("fires on an AWS app role whose value names nothing", async () => {
        const stack = federationFixture();
        setProperty(readOnlyAppRole(stack), "value", "ReadOnly");
        assertViolation(await run(stack), /has value "ReadOnly", which names no IAM role and SAML provider/);
    });

    it("leaves malformed ARNs to the format rule", async () => {
        const stack = federationFixture();
        setProperty(readOnlyAppRole(stack), "value", `${PROVIDER_ARN},arn:aws:iam::${ACCOUNT_ID}:role/ReadOnly`);
        assertPasses(await run(stack));
        setProperty(readOnlyAppRole(stack), "value", "arn:aws:iam::1:role");
        assertPasses(await run(stack));
    });

    it("checks a value still unknown in preview through its recorded dependencies", async () => {
        const stack = federationFixture();
        readOnlyAppRole(stack).outputs.value = UNKNOWN;
        assertPasses(await run(stack));
    });

    it("defers on unknown values it cannot settle", async () => {
        const stack = federationFixture();
        readOnlyAppRole(stack).outputs.value = UNKNOWN;
        readOnlyAppRole(stack).propertyDependencies = { applicationId: readOnlyAppRole(stack).propertyDependencies.applicationId };
        assertDeferred(await run(stack));
        const arns = federationFixture();
        setProperty(readOnlyAppRole(arns), "value", `arn:aws:iam::${ACCOUNT_ID}:role/Elsewhere,${PROVIDER_ARN}`);
        arns.resources.filter((resource) => resource.type === "aws:iam/role:Role").forEach((resource) => (resource.outputs.arn = UNKNOWN));
        assertDeferred(await run(arns));
    });
});

describe("federation-role-import-provisioning", () => {
    const run = (stack: StackFixture, config?: Record<string, unknown>) => runStackPolicy(provisioningPolicy, stack.resources, { config });
    const secretOf = (stack: StackFixture) => stack.find("prod-role-import-secret");

    it("passes one secret from the reader's key and an aws job", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("passes apps without role import unless it is required", async () => {
        const stack = federationFixture();
        stack.remove("prod-role-import-secret");
        stack.remove("prod-role-import-job");
        assertPasses(await run(stack));
        assertViolation(await run(stack, { requireProvisioning: true }), /has no role import/);
    });

    it("fires on a wrong template, a job without secret and two secrets", async () => {
        const stack = federationFixture();
        setProperty(stack.find("prod-role-import-job"), "templateId", "AWS");
        assertViolation(await run(stack), /uses template "AWS"; AWS role import is template "aws"/);

        const noSecret = federationFixture();
        noSecret.remove("prod-role-import-secret");
        assertViolation(await run(noSecret), /runs role import without an azuread.SynchronizationSecret/);

        const twoSecrets = federationFixture();
        const original = secretOf(twoSecrets);
        twoSecrets.add(azuread.SynchronizationSecret, "second-secret", structuredClone(original.inputs), {
            deps: { servicePrincipalId: [twoSecrets.find("prod-sp")], credentials: [twoSecrets.find("prod-reader-access-key")] },
        });
        assertViolation(await run(twoSecrets), /has 2 synchronization secrets/);
    });

    it("fires on missing, miscased, extra or empty credentials", async () => {
        const stack = federationFixture();
        setProperty(secretOf(stack), "credentials", [
            { key: "clientSecret", value: "AKIA" },
            { key: "SecretToken", value: "" },
        ]);
        const result = await run(stack);
        assertViolation(result, /has key "clientSecret"/);
        assertViolation(result, /has 0 ClientSecret credential/);
        assertViolation(result, /empty value for SecretToken/);
    });

    it("fires when the key does not come from an access key of this stack", async () => {
        const stack = federationFixture();
        secretOf(stack).propertyDependencies = { servicePrincipalId: secretOf(stack).propertyDependencies.servicePrincipalId };
        setProperty(secretOf(stack), "credentials", [
            { key: "ClientSecret", value: "AKIAOTHER" },
            { key: "SecretToken", value: "someone else's secret" },
        ]);
        assertViolation(await run(stack), /do not come from an aws.iam.AccessKey of this stack/);
        assertPasses(await run(stack, { allowExternalCredentials: true }));
    });

    it("matches the secret access key by value when no dependency was recorded", async () => {
        const stack = federationFixture();
        secretOf(stack).propertyDependencies = { servicePrincipalId: secretOf(stack).propertyDependencies.servicePrincipalId };
        assertPasses(await run(stack));
        const key = stack.find("prod-reader-access-key");
        key.outputs.secret = "rotated";
        assertViolation(await run(stack), /do not come from an aws.iam.AccessKey of this stack/);
        key.outputs.secret = READER_SECRET;
    });

    it("fires when the access key's user is not declared in this stack", async () => {
        const stack = federationFixture();
        const key = stack.find("prod-reader-access-key");
        key.propertyDependencies = {};
        setProperty(key, "user", "someone-else");
        assertViolation(await run(stack), /whose user is not an IAM user of this stack/);
    });

    it("defers on unknown credentials and survives malformed ones", async () => {
        const stack = federationFixture();
        secretOf(stack).outputs.credentials = UNKNOWN;
        assertDeferred(await run(stack));
        setProperty(secretOf(stack), "credentials", "AKIA:secret");
        const result = await run(stack);
        assertViolation(result, /has 0 ClientSecret/);
        assertViolation(result, /has 0 SecretToken/);
    });
});

describe("federation-saml-metadata-matches-azure-certificate", () => {
    const run = (stack: StackFixture) => runStackPolicy(metadataCertificatePolicy, stack.resources);
    const providerOf = (stack: StackFixture) => stack.find("prod-saml-provider");

    it("passes metadata built from the app's signing certificate", async () => {
        assertPasses(await run(federationFixture()));
    });

    it("fires when the metadata holds another certificate", async () => {
        for (const recordedDependency of [true, false]) {
            const stack = federationFixture();
            setProperty(providerOf(stack), "samlMetadataDocument", idpMetadata([otherCertificate.base64Der]));
            if (!recordedDependency) {
                providerOf(stack).propertyDependencies = {};
            }
            assertViolation(await run(stack), /contains none of the signing certificates of AWS app prod-app .*whose app roles name it; .*Response signature invalid/, providerOf(stack).urn);
        }
    });

    it("fires when the metadata lacks the active certificate during a rotation", async () => {
        const stack = federationFixture();
        const next = stack.add(
            azuread.ServicePrincipalTokenSigningCertificate,
            "prod-signing-2026",
            { servicePrincipalId: "/servicePrincipals/bbbbbbbb-0000-4000-8000-000000000002" },
            { deps: { servicePrincipalId: [stack.find("prod-sp")] }, outputs: { value: otherCertificate.base64Der, thumbprint: otherCertificate.thumbprint } },
        );
        const activation = stack.find("prod-preferred-signing-key");
        setProperty(activation, "thumbprint", otherCertificate.thumbprint);
        activation.propertyDependencies.thumbprint = [next.urn];
        providerOf(stack).propertyDependencies.samlMetadataDocument.push(next.urn);
        assertViolation(await run(stack), /lacks the active signing certificate prod-signing-2026 of AWS app prod-app/);
        setProperty(providerOf(stack), "samlMetadataDocument", idpMetadata([signingCertificate().base64Der, otherCertificate.base64Der]));
        assertPasses(await run(stack));
    });

    it("falls back to the weaker check, and says so, when no app role names the provider", async () => {
        const stack = federationFixture();
        for (const appRole of stack.resources.filter((resource) => resource.type === "azuread:index/applicationAppRole:ApplicationAppRole")) {
            stack.remove(appRole.name);
        }
        assertPasses(await run(stack));
        setProperty(providerOf(stack), "samlMetadataDocument", idpMetadata([otherCertificate.base64Der]));
        assertViolation(
            await run(stack),
            /contains none of the Azure AD signing certificates .*\(no app role of this stack names this provider, so only its certificates' presence among the stack's Azure certificates could be checked, not which app they belong to\)/,
            providerOf(stack).urn,
        );
    });

    it("matches by thumbprint when the certificate value is not reported", async () => {
        const stack = federationFixture();
        delete stack.find("prod-signing-2025").outputs.value;
        assertPasses(await run(stack));
    });

    it("defers while the metadata or certificate is unknown", async () => {
        const stack = federationFixture();
        providerOf(stack).outputs.samlMetadataDocument = UNKNOWN;
        assertDeferred(await run(stack));
        const certificate = federationFixture();
        certificate.find("prod-signing-2025").outputs.value = UNKNOWN;
        certificate.find("prod-signing-2025").outputs.thumbprint = UNKNOWN;
        assertDeferred(await run(certificate));
    });

    it("leaves malformed metadata to aws-saml-provider-metadata", async () => {
        const stack = federationFixture();
        setProperty(providerOf(stack), "samlMetadataDocument", 5);
        assertPasses(await run(stack));
        setProperty(providerOf(stack), "samlMetadataDocument", "<not xml");
        assertViolation(await run(stack), /contains none of the signing certificates/);
    });
});
