import * as assert from "assert";
import { DOMParser } from "@xmldom/xmldom";
import { appRoleValue, parseAppRoleValue } from "../components/documents/app-role-value";
import { audienceOfIdentifierUri } from "../offline/sign-in";
import { identifierUri, isAwsSignInSamlEndpoint, signInSamlEndpoint, userAccessUrl } from "../components/documents/aws-sign-in-endpoints";
import { AWS_SAML_ATTRIBUTES, awsClaimsMappingPolicy } from "../components/documents/claims-mapping-policy";
import { appRoleId } from "../components/documents/deterministic-ids";
import { iamRoleArn, parseIamArn, samlProviderArn } from "../components/documents/iam-arns";
import { azureAdIdpMetadata } from "../components/documents/idp-metadata";
import { roleReaderPolicy } from "../components/documents/role-reader-policy";
import { samlTrustPolicy } from "../components/documents/saml-trust-policy";
import { generateSigningCertificate, SigningCertificate } from "../offline/program/certificates";
import { TENANT_ID } from "./support/stack-fixtures";

const PROVIDER_ARN = "arn:aws:iam::111122223333:saml-provider/AzureAD";

describe("documents", () => {
    describe("SAML trust policy", () => {
        it("trusts only the provider, only AssumeRoleWithSAML, only assertions for the reply URL", () => {
            assert.deepStrictEqual(samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences: ["https://signin.aws.amazon.com/saml"] }), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: PROVIDER_ARN },
                        Action: "sts:AssumeRoleWithSAML",
                        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
                    },
                ],
            });
        });

        it("adds sts:TagSession only when session tags are sent", () => {
            const tagged = samlTrustPolicy({
                samlProviderArn: PROVIDER_ARN,
                audiences: ["https://signin.aws.amazon.com/saml"],
                allowSessionTags: true,
            });
            assert.deepStrictEqual(tagged.Statement[0].Action, ["sts:AssumeRoleWithSAML", "sts:TagSession"]);
        });

        it("refuses a trust without an audience", () => {
            assert.throws(() => samlTrustPolicy({ samlProviderArn: PROVIDER_ARN, audiences: [] }), /at least one SAML:aud/);
        });
    });

    describe("claims mapping policy", () => {
        it("emits Role from assignedroles, RoleSessionName from the source and a constant SessionDuration under Value", () => {
            const policy = JSON.parse(awsClaimsMappingPolicy({ roleSessionNameSource: "mail", sessionDuration: 7200 }));
            assert.deepStrictEqual(policy, {
                ClaimsMappingPolicy: {
                    Version: 1,
                    IncludeBasicClaimSet: "true",
                    ClaimsSchema: [
                        { Source: "user", ID: "assignedroles", SamlClaimType: AWS_SAML_ATTRIBUTES.role },
                        { Source: "user", ID: "mail", SamlClaimType: AWS_SAML_ATTRIBUTES.roleSessionName },
                        { Value: "7200", SamlClaimType: AWS_SAML_ATTRIBUTES.sessionDuration },
                    ],
                },
            });
        });

        it("adds session tags as PrincipalTag claims in a stable order", () => {
            const policy = JSON.parse(
                awsClaimsMappingPolicy({
                    roleSessionNameSource: "userprincipalname",
                    sessionDuration: 3600,
                    sessionTags: { Team: "department", CostCenter: "employeeid" },
                }),
            );
            const tags = policy.ClaimsMappingPolicy.ClaimsSchema.slice(3);
            assert.deepStrictEqual(tags, [
                { Source: "user", ID: "employeeid", SamlClaimType: `${AWS_SAML_ATTRIBUTES.principalTagPrefix}CostCenter` },
                { Source: "user", ID: "department", SamlClaimType: `${AWS_SAML_ATTRIBUTES.principalTagPrefix}Team` },
            ]);
        });

        it("rejects a SessionDuration STS would refuse", () => {
            assert.throws(
                () => awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 899 }),
                /899 is outside 900\.\.43200/,
            );
            assert.throws(() => awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 43201 }), /outside/);
        });
    });

    describe("IdP metadata", () => {
        let first: SigningCertificate;
        let second: SigningCertificate;
        before(() => {
            first = generateSigningCertificate({ commonName: "first", notAfter: new Date(Date.now() + 86400e3 * 365) });
            second = generateSigningCertificate({ commonName: "second", notAfter: new Date(Date.now() + 86400e3 * 730) });
        });

        it("is SAML 2.0 IdP metadata with the tenant's entity id, the SSO endpoints and the signing certificate", () => {
            const xml = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der] });
            const document = new DOMParser().parseFromString(xml, "text/xml");
            const metadata = "urn:oasis:names:tc:SAML:2.0:metadata";
            const entity = document.documentElement!;
            assert.strictEqual(entity.namespaceURI, metadata);
            assert.strictEqual(entity.localName, "EntityDescriptor");
            assert.strictEqual(entity.getAttribute("entityID"), `https://sts.windows.net/${TENANT_ID}/`);
            const descriptor = entity.getElementsByTagNameNS(metadata, "IDPSSODescriptor")[0];
            assert.strictEqual(descriptor.getAttribute("protocolSupportEnumeration"), "urn:oasis:names:tc:SAML:2.0:protocol");
            const keyDescriptors = Array.from(descriptor.getElementsByTagNameNS(metadata, "KeyDescriptor"));
            assert.deepStrictEqual(
                keyDescriptors.map((key) => key.getAttribute("use")),
                ["signing"],
            );
            const certificates = Array.from(document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate"));
            assert.deepStrictEqual(
                certificates.map((node) => node.textContent),
                [first.base64Der],
            );
            const endpoints = Array.from(descriptor.getElementsByTagNameNS(metadata, "SingleSignOnService")).map(
                (node) => `${node.getAttribute("Binding")} ${node.getAttribute("Location")}`,
            );
            assert.deepStrictEqual(endpoints, [
                `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect https://login.microsoftonline.com/${TENANT_ID}/saml2`,
                `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST https://login.microsoftonline.com/${TENANT_ID}/saml2`,
            ]);
        });

        it("is UTF-8 without a BOM, within IAM's size limits, and identical on every run", () => {
            const xml = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der] });
            assert.notStrictEqual(xml.charCodeAt(0), 0xfeff);
            assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
            assert.ok(xml.length >= 1000 && xml.length <= 10_000_000, `length ${xml.length}`);
            assert.strictEqual(azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der] }), xml);
        });

        it("publishes every certificate during a rotation, in order", () => {
            const xml = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der, second.base64Der] });
            const document = new DOMParser().parseFromString(xml, "text/xml");
            const values = Array.from(document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")).map(
                (n) => n.textContent,
            );
            assert.deepStrictEqual(values, [first.base64Der, second.base64Der]);
        });

        it("refuses what IAM would refuse", () => {
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: "contoso", signingCertificates: [first.base64Der] }),
                /tenantId: "contoso" is not a UUID/,
            );
            assert.throws(() => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [] }), /0 given, IAM accepts 1 to 10/);
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: Array(11).fill(first.base64Der) }),
                /11 given, IAM accepts 1 to 10/,
            );
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: ["<x/>"] }),
                /signingCertificates\[0\]: not a base64/,
            );
        });

        it("refuses base64 that is not an X.509 DER certificate, naming its position", () => {
            const notACertificate = Buffer.from("this is base64, not a certificate").toString("base64");
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der, notACertificate] }),
                /signingCertificates\[1\]: base64 but not an X\.509 DER certificate/,
            );
            // A truncated certificate is base64 of a DER prefix: still not a certificate.
            const truncated = Buffer.from(first.base64Der, "base64").subarray(0, 200).toString("base64");
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [truncated] }),
                /signingCertificates\[0\]: base64 but not an X\.509/,
            );
        });

        it("takes the entity id from the cloud's token issuer host, not from the login host", () => {
            const china = azureAdIdpMetadata({
                tenantId: TENANT_ID,
                signingCertificates: [first.base64Der],
                loginHost: "login.chinacloudapi.cn",
            });
            const document = new DOMParser().parseFromString(china, "text/xml");
            assert.strictEqual(document.documentElement!.getAttribute("entityID"), `https://sts.chinacloudapi.cn/${TENANT_ID}/`);
            assert.ok(china.includes(`Location="https://login.chinacloudapi.cn/${TENANT_ID}/saml2"`));
            const explicit = azureAdIdpMetadata({
                tenantId: TENANT_ID,
                signingCertificates: [first.base64Der],
                loginHost: "login.example.test",
                stsHost: "sts.example.test",
            });
            assert.ok(explicit.includes(`entityID="https://sts.example.test/${TENANT_ID}/"`));
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der], loginHost: "login.example.test" }),
                /loginHost: "login\.example\.test" has no known token issuer host; set stsHost, or use one of: login\.microsoftonline\.com, login\.chinacloudapi\.cn/,
            );
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der], loginHost: "evil/path" }),
                /loginHost: "evil\/path" is not a host name/,
            );
        });
    });

    describe("app role values and ids", () => {
        it("joins role and provider ARNs and parses both orders", () => {
            const role = iamRoleArn("111122223333", "Developer");
            const provider = samlProviderArn("111122223333", "AzureAD");
            assert.strictEqual(appRoleValue(role, provider), `${role},${provider}`);
            assert.deepStrictEqual(parseAppRoleValue(`${provider},${role}`), { roleArn: role, samlProviderArn: provider });
            assert.strictEqual(parseAppRoleValue(`${role},${role}`), undefined);
            assert.strictEqual(parseAppRoleValue(role), undefined);
        });

        it("parses IAM ARNs with paths", () => {
            assert.deepStrictEqual(parseIamArn("arn:aws:iam::111122223333:role/teams/data/Analyst"), {
                partition: "aws",
                accountId: "111122223333",
                resourceType: "role",
                name: "Analyst",
            });
            assert.strictEqual(parseIamArn("arn:aws:s3:::bucket"), undefined);
        });

        it("derives the app role id as a UUID v5 that depends only on account and role names", () => {
            const id = appRoleId("sandbox", "Developer");
            assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
            assert.strictEqual(appRoleId("sandbox", "Developer"), id);
            assert.notStrictEqual(appRoleId("sandbox", "ReadOnly"), id);
            assert.notStrictEqual(appRoleId("production", "Developer"), id);
        });
    });

    describe("sign-in endpoints", () => {
        it("uses the global endpoint unless the account pins a region", () => {
            assert.strictEqual(signInSamlEndpoint(), "https://signin.aws.amazon.com/saml");
            assert.strictEqual(signInSamlEndpoint("eu-central-1"), "https://eu-central-1.signin.aws.amazon.com/saml");
            assert.throws(() => signInSamlEndpoint("Frankfurt"), /not an AWS region code/);
        });

        it("recognises AWS sign-in SAML endpoints and nothing else", () => {
            assert.ok(isAwsSignInSamlEndpoint("https://signin.aws.amazon.com/saml"));
            assert.ok(isAwsSignInSamlEndpoint("https://us-west-2.signin.aws.amazon.com/saml"));
            assert.ok(!isAwsSignInSamlEndpoint("https://signin.aws.amazon.com.evil.example/saml"));
            assert.ok(!isAwsSignInSamlEndpoint("http://signin.aws.amazon.com/saml"));
            assert.ok(!isAwsSignInSamlEndpoint("https://signin.aws.amazon.com/saml#dev"));
        });

        it("makes identifiers unique with a fragment that Azure strips from the audience", () => {
            const identifier = identifierUri("dev-sandbox");
            assert.strictEqual(identifier, "https://signin.aws.amazon.com/saml#dev-sandbox");
            assert.strictEqual(audienceOfIdentifierUri(identifier), "https://signin.aws.amazon.com/saml");
        });

        it("links My Apps to the instance in the tenant", () => {
            assert.strictEqual(userAccessUrl("c1", TENANT_ID), `https://myapps.microsoft.com/signin/c1?tenantId=${TENANT_ID}`);
        });
    });

    it("grants the role-import reader exactly iam:ListRoles", () => {
        assert.deepStrictEqual(roleReaderPolicy().Statement, [
            { Sid: "AzureAdRoleImport", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" },
        ]);
    });
});
