import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    awsManagedPolicyName,
    isAwsSignInIdentifierUri,
    isAwsSignInSamlEndpoint,
    parseRoleArn,
    parseSamlProviderArn,
} from "../readers/aws-identifiers";
import { isKnownAwsAttribute, readClaimsMappingPolicy, sessionDurationSeconds } from "../readers/claims-mapping-policy";
import { graphObjectId, refersTo } from "../model/resource-links";
import { readSamlMetadata } from "../readers/saml-metadata";
import { readSamlTrust } from "../readers/saml-trust";
import { DeferredUnknowns, isUnknownValueError, readKnown } from "../framework/unknown-values";
import { claimsDefinition, idpMetadata, samlTrustPolicy, signingCertificate, StackFixture, TENANT_ID } from "./support/federation-fixture";
import { policyResources, UNKNOWN } from "./support/validation-args";

describe("unknown values", () => {
    it("uses the engine's sentinel, which the SDK's unknownCheckingProxy turns into UnknownValueError", () => {
        const props = unknownCheckingProxy({ arn: UNKNOWN, nested: { list: ["known", UNKNOWN] } });
        assert.throws(() => props.arn, UnknownValueError);
        assert.strictEqual(props.nested.list[0], "known");
        assert.throws(
            () => props.nested.list[1],
            (error: unknown) => isUnknownValueError(error) && /\.nested\.list\.1/.test(error.message),
        );
    });

    it("readKnown turns the SDK's error into a value and lets other errors through", () => {
        const props = unknownCheckingProxy({ arn: UNKNOWN, name: "x" });
        assert.deepStrictEqual(
            readKnown(() => props.name),
            { known: true, value: "x" },
        );
        assert.strictEqual(readKnown(() => props.arn).known, false);
        assert.throws(() => readKnown(() => JSON.parse("{")), SyntaxError);
    });

    it("DeferredUnknowns runs every check and rethrows the first unknown at the end", () => {
        const props = unknownCheckingProxy({ a: UNKNOWN, b: UNKNOWN });
        const deferred = new DeferredUnknowns();
        const ran: string[] = [];
        deferred.run(() => ran.push(String(props.a)));
        deferred.run(() => ran.push("known"));
        deferred.run(() => ran.push(String(props.b)));
        assert.deepStrictEqual(ran, ["known"]);
        assert.throws(
            () => deferred.finish(),
            (error: unknown) => isUnknownValueError(error) && /\.a /.test(error.message),
        );
        assert.throws(
            () =>
                new DeferredUnknowns().run(() => {
                    throw new TypeError("bug");
                }),
            TypeError,
        );
    });
});

describe("AWS identifiers", () => {
    it("parses role and SAML provider ARNs in every partition", () => {
        assert.deepStrictEqual(parseRoleArn("arn:aws:iam::111122223333:role/team/ReadOnly"), {
            partition: "aws",
            accountId: "111122223333",
            path: "team/",
            name: "ReadOnly",
        });
        assert.deepStrictEqual(parseSamlProviderArn("arn:aws-us-gov:iam::111122223333:saml-provider/AzureAD"), {
            partition: "aws-us-gov",
            accountId: "111122223333",
            name: "AzureAD",
        });
        assert.strictEqual(parseRoleArn("arn:aws:iam::1111:role/x"), undefined);
        assert.strictEqual(parseSamlProviderArn("arn:aws:iam::111122223333:oidc-provider/x"), undefined);
        assert.strictEqual(parseRoleArn(`arn:aws:iam::111122223333:role/${"x".repeat(65)}`), undefined);
    });

    it("names AWS managed policies, also under a path", () => {
        assert.strictEqual(awsManagedPolicyName("arn:aws:iam::aws:policy/AdministratorAccess"), "AdministratorAccess");
        assert.strictEqual(awsManagedPolicyName("arn:aws-cn:iam::aws:policy/job-function/ViewOnlyAccess"), "ViewOnlyAccess");
        assert.strictEqual(awsManagedPolicyName("arn:aws:iam::111122223333:policy/AdministratorAccess"), undefined);
    });

    it("knows the sign-in SAML endpoints and identifier URIs", () => {
        for (const endpoint of [
            "https://signin.aws.amazon.com/saml",
            "https://eu-central-1.signin.aws.amazon.com/saml",
            "https://signin.amazonaws.cn/saml",
            "https://signin.amazonaws-us-gov.com/saml",
            "https://us-gov-west-1.signin.amazonaws-us-gov.com/saml",
        ]) {
            assert.ok(isAwsSignInSamlEndpoint(endpoint), endpoint);
            assert.ok(isAwsSignInIdentifierUri(`${endpoint}#dev-prod`), endpoint);
        }
        for (const other of [
            "http://signin.aws.amazon.com/saml",
            "https://signin.aws.amazon.com/saml/",
            "https://evil.com/signin.aws.amazon.com/saml",
            "https://signin.aws.amazon.com.evil.com/saml",
        ]) {
            assert.ok(!isAwsSignInSamlEndpoint(other), other);
        }
        assert.ok(!isAwsSignInSamlEndpoint("https://signin.aws.amazon.com/saml#x"), "an audience never has a fragment");
        assert.ok(!isAwsSignInIdentifierUri("https://signin.aws.amazon.com/saml#"), "empty suffix");
        assert.ok(!isAwsSignInIdentifierUri("https://signin.aws.amazon.com/saml#a b"), "suffix with a space");
    });
});

describe("SAML trust reader", () => {
    it("finds SAML statements and their providers, also through wildcard actions", () => {
        assert.deepStrictEqual(readSamlTrust(samlTrustPolicy()).providerArns, ["arn:aws:iam::111122223333:saml-provider/AzureAD"]);
        const wildcard = readSamlTrust({ Statement: { Effect: "Allow", Principal: "*", Action: "sts:*" } });
        assert.strictEqual(wildcard.samlStatements.length, 1);
        assert.strictEqual(
            readSamlTrust({ Statement: { Effect: "Deny", Principal: "*", Action: "sts:AssumeRoleWithSAML" } }).samlStatements.length,
            0,
        );
    });
});

describe("SAML metadata reader", () => {
    it("reads the entity id, certificates and SSO location", () => {
        const certificate = signingCertificate();
        const reading = readSamlMetadata(idpMetadata([certificate.base64Der]));
        assert.deepStrictEqual(reading.problems, []);
        assert.strictEqual(reading.entityId, `https://sts.windows.net/${TENANT_ID}/`);
        assert.strictEqual(reading.signingCertificates[0].thumbprint, certificate.thumbprint);
        assert.strictEqual(reading.signingCertificates[0].keyBits, 2048);
        assert.deepStrictEqual(reading.singleSignOnLocations, [`https://login.microsoftonline.com/${TENANT_ID}/saml2`]);
    });

    it("reads prefixed namespaces and certificates wrapped over lines", () => {
        const base64 = signingCertificate().base64Der;
        const wrapped = base64.match(/.{1,64}/g)?.join("\n      ") ?? base64;
        const document = idpMetadata([wrapped])
            .replace(/<(\/?)(EntityDescriptor|IDPSSODescriptor|KeyDescriptor|SingleSignOnService)/g, "<$1md:$2")
            .replace('xmlns="urn:oasis:names:tc:SAML:2.0:metadata"', 'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"');
        const reading = readSamlMetadata(document);
        assert.deepStrictEqual(reading.problems, []);
        assert.strictEqual(reading.signingCertificates[0].base64, base64);
    });

    it("refuses entity declarations instead of expanding them", () => {
        const reading = readSamlMetadata(
            '<!DOCTYPE x [<!ENTITY e "boom">]><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">&e;</EntityDescriptor>',
        );
        assert.ok(reading.problems.length > 0);
    });
});

describe("claims mapping policy reader", () => {
    it("reads the SessionDuration constant", () => {
        assert.strictEqual(sessionDurationSeconds(readClaimsMappingPolicy([claimsDefinition("7200")])), 7200);
        assert.strictEqual(sessionDurationSeconds(readClaimsMappingPolicy([claimsDefinition("soon")])), undefined);
        assert.strictEqual(sessionDurationSeconds(readClaimsMappingPolicy("x")), undefined);
    });

    it("knows the AWS attribute names exactly", () => {
        assert.ok(isKnownAwsAttribute("https://aws.amazon.com/SAML/Attributes/PrincipalTag:CostCenter"));
        assert.ok(isKnownAwsAttribute("https://aws.amazon.com/SAML/Attributes/SourceIdentity"));
        assert.ok(!isKnownAwsAttribute("https://aws.amazon.com/SAML/Attributes/role"));
        assert.ok(!isKnownAwsAttribute("https://aws.amazon.com/SAML/Attributes/Roles"));
    });
});

describe("resource links", () => {
    it("compares Graph object ids whatever their form", () => {
        assert.strictEqual(
            graphObjectId("/servicePrincipals/BBBBBBBB-0000-4000-8000-000000000002"),
            "bbbbbbbb-0000-4000-8000-000000000002",
        );
        assert.strictEqual(graphObjectId("arn:aws:iam::1:role/a"), undefined);
        const stack = new StackFixture();
        stack.add(
            "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
            "app",
            {},
            { outputs: { applicationObjectId: "AAAAAAAA-0000-4000-8000-000000000001" } },
        );
        stack.add("azuread:index/applicationAppRole:ApplicationAppRole", "role", {
            applicationId: "/applications/aaaaaaaa-0000-4000-8000-000000000001",
        });
        const [app, appRole] = policyResources(stack.resources);
        assert.deepStrictEqual(refersTo(appRole, "applicationId", { resource: app, idProperties: ["applicationObjectId"] }), {
            known: true,
            value: true,
        });
    });

    it("links by recorded dependency first, then by value, and says when it cannot know", () => {
        const stack = new StackFixture();
        const role = stack.add("aws:iam/role:Role", "role", { name: "ReadOnly" }, { outputs: { arn: UNKNOWN } });
        stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", { role: UNKNOWN }, { deps: { role: [role] } });
        stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "b", { role: "ReadOnly" });
        stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "c", { role: "Other" });
        const [roleResource, dependency, name, otherResource] = policyResources(stack.resources);
        const target = { resource: roleResource, idProperties: ["name", "arn"] };
        assert.deepStrictEqual(refersTo(dependency, "role", target), { known: true, value: true });
        assert.deepStrictEqual(refersTo(name, "role", target), { known: true, value: true });
        assert.strictEqual(refersTo(otherResource, "role", target).known, false, "the role's ARN might still be Other");
    });
});
