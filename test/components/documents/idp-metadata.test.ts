import * as assert from "assert";
import { X509Certificate } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import { azureAdEntityId, azureAdIdpMetadata, stsHostFor } from "../../../components/documents/idp-metadata";
import { generateSigningCertificate, SigningCertificate } from "../../../offline/program/certificates";
import { TENANT_ID } from "../../support/stack-fixtures";

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

function parsed(xml: string) {
    return new DOMParser().parseFromString(xml, "text/xml");
}

function publishedCertificates(xml: string): (string | null)[] {
    return Array.from(parsed(xml).getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate")).map((node) => node.textContent);
}

describe("idp-metadata", () => {
    describe("azureAdIdpMetadata", () => {
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

        it("publishes a certificate body copied with PEM line breaks as one unbroken base64 value", () => {
            const wrapped = first.pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "");
            assert.ok(wrapped.includes("\n"), "the PEM body is wrapped");
            const xml = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [wrapped] });
            assert.deepStrictEqual(publishedCertificates(xml), [first.base64Der]);
            assert.strictEqual(new X509Certificate(Buffer.from(publishedCertificates(xml)[0]!, "base64")).subject, "CN=first");
        });

        it("publishes the single logout endpoint at the tenant's SAML endpoint too", () => {
            const xml = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der] });
            const logout = Array.from(parsed(xml).getElementsByTagNameNS(METADATA_NS, "SingleLogoutService")).map(
                (node) => `${node.getAttribute("Binding")} ${node.getAttribute("Location")}`,
            );
            assert.deepStrictEqual(logout, [
                `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect https://login.microsoftonline.com/${TENANT_ID}/saml2`,
            ]);
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

        it("accepts ten certificates, IAM's maximum", () => {
            const xml = azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: Array(10).fill(first.base64Der) });
            assert.strictEqual(publishedCertificates(xml).length, 10);
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

        it("refuses the certificate's public key pasted in its place: well-formed DER, but no certificate", () => {
            const publicKeyDer = new X509Certificate(first.pem).publicKey.export({ type: "spki", format: "der" }).toString("base64");
            assert.throws(
                () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [second.base64Der, publicKeyDer] }),
                /signingCertificates\[1\]: base64 but not an X\.509 DER certificate/,
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

        it("signs as Azure China's issuer for the partner sign-in host as well", () => {
            const xml = azureAdIdpMetadata({
                tenantId: TENANT_ID,
                signingCertificates: [first.base64Der],
                loginHost: "login.partner.microsoftonline.cn",
            });
            const entity = parsed(xml).documentElement!;
            assert.strictEqual(entity.getAttribute("entityID"), `https://sts.chinacloudapi.cn/${TENANT_ID}/`);
            assert.ok(xml.includes(`Location="https://login.partner.microsoftonline.cn/${TENANT_ID}/saml2"`));
        });

        it("refuses an issuer host that is no host name, so no path or scheme ends up in the entity id", () => {
            for (const stsHost of ["sts.example.test/evil", "https://sts.example.test", "STS.WINDOWS.NET"]) {
                assert.throws(
                    () => azureAdIdpMetadata({ tenantId: TENANT_ID, signingCertificates: [first.base64Der], stsHost }),
                    new RegExp(`stsHost: "${stsHost.replace(/[./]/g, "\\$&")}" is not a host name`),
                );
            }
        });
    });

    describe("azureAdEntityId", () => {
        it("is the public cloud's issuer unless another token issuer host is given, with the trailing slash Azure sends", () => {
            assert.strictEqual(azureAdEntityId(TENANT_ID), `https://sts.windows.net/${TENANT_ID}/`);
            assert.strictEqual(azureAdEntityId(TENANT_ID, "sts.chinacloudapi.cn"), `https://sts.chinacloudapi.cn/${TENANT_ID}/`);
        });
    });

    describe("stsHostFor", () => {
        it("derives the issuer host of each known cloud and lets an explicit one win", () => {
            assert.strictEqual(stsHostFor("login.microsoftonline.com"), "sts.windows.net");
            assert.strictEqual(stsHostFor("login.chinacloudapi.cn"), "sts.chinacloudapi.cn");
            assert.strictEqual(stsHostFor("login.microsoftonline.com", "sts.example.test"), "sts.example.test");
            assert.throws(
                () => stsHostFor("login.microsoftonline.us"),
                /loginHost: "login\.microsoftonline\.us" has no known token issuer host/,
            );
        });
    });
});
