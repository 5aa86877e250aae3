import * as assert from "assert";
import {
    GLOBAL_SIGN_IN_SAML_ENDPOINT,
    identifierUri,
    isAwsRegion,
    isAwsSignInSamlEndpoint,
    signInSamlEndpoint,
    userAccessUrl,
} from "../../../components/documents/aws-sign-in-endpoints";
import { audienceOfIdentifierUri } from "../../../offline/sign-in";
import { TENANT_ID } from "../../support/stack-fixtures";

describe("aws-sign-in-endpoints", () => {
    it("uses the global endpoint unless the account pins a region", () => {
        assert.strictEqual(signInSamlEndpoint(), "https://signin.aws.amazon.com/saml");
        assert.strictEqual(signInSamlEndpoint("eu-central-1"), "https://eu-central-1.signin.aws.amazon.com/saml");
        assert.throws(() => signInSamlEndpoint("Frankfurt"), /not an AWS region code/);
    });

    it("knows region codes of the commercial, GovCloud and ISO partitions, and nothing that only looks like one", () => {
        for (const region of [
            "us-east-1",
            "eu-central-1",
            "ap-southeast-4",
            "il-central-1",
            "us-gov-west-1",
            "us-isob-east-1",
            "cn-north-1",
        ]) {
            assert.ok(isAwsRegion(region), region);
        }
        for (const notARegion of ["Frankfurt", "eu-central", "EU-CENTRAL-1", "eu-central-1a", "eu-central-100", "europe-central-1", ""]) {
            assert.ok(!isAwsRegion(notARegion), notARegion);
        }
    });

    it("recognises AWS sign-in SAML endpoints and nothing else", () => {
        assert.ok(isAwsSignInSamlEndpoint("https://signin.aws.amazon.com/saml"));
        assert.ok(isAwsSignInSamlEndpoint("https://us-west-2.signin.aws.amazon.com/saml"));
        assert.ok(!isAwsSignInSamlEndpoint("https://signin.aws.amazon.com.evil.example/saml"));
        assert.ok(!isAwsSignInSamlEndpoint("http://signin.aws.amazon.com/saml"));
        assert.ok(!isAwsSignInSamlEndpoint("https://signin.aws.amazon.com/saml#dev"));
    });

    it("recognises every regional endpoint it builds, and no host that merely ends like one", () => {
        for (const region of ["eu-central-1", "us-gov-west-1", "ap-southeast-4"]) {
            assert.ok(isAwsSignInSamlEndpoint(signInSamlEndpoint(region)), region);
        }
        assert.ok(!isAwsSignInSamlEndpoint("https://evil.signin.aws.amazon.com/saml"));
        assert.ok(!isAwsSignInSamlEndpoint("https://eu-central-1.evil.signin.aws.amazon.com/saml"));
        assert.ok(!isAwsSignInSamlEndpoint("https://signin.aws.amazon.com/saml/"));
    });

    it("makes identifiers unique with a fragment that Azure strips from the audience", () => {
        const identifier = identifierUri("dev-sandbox");
        assert.strictEqual(identifier, "https://signin.aws.amazon.com/saml#dev-sandbox");
        assert.strictEqual(audienceOfIdentifierUri(identifier), "https://signin.aws.amazon.com/saml");
    });

    it("gives an empty suffix the bare endpoint, as the tutorial's first instance of a tenant has", () => {
        assert.strictEqual(identifierUri(""), GLOBAL_SIGN_IN_SAML_ENDPOINT);
        assert.strictEqual(audienceOfIdentifierUri(identifierUri("")), GLOBAL_SIGN_IN_SAML_ENDPOINT);
    });

    it("links My Apps to the instance in the tenant", () => {
        assert.strictEqual(userAccessUrl("c1", TENANT_ID), `https://myapps.microsoft.com/signin/c1?tenantId=${TENANT_ID}`);
    });
});
