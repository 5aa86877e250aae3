import * as assert from "assert";
import { planAdoption, readClaimsDefinition } from "../../adopt/adoption-plan";
import { DiscoveredAccount, DiscoveredApp } from "../../adopt/discovery";
import { matchAccounts } from "../../adopt/matching";
import { awsClaimsMappingPolicy } from "../../components/documents/claims-mapping-policy";

const THUMBPRINT = "4BCE03C7775D68453FE534E26A0B4198EC4BED5C";
const OTHER = "A70F999EE3F459D608FB249991E59E43988E481E";

function account(accountId: string, thumbprints: string[], caller = accountId): DiscoveredAccount {
    return {
        argument: { name: `a${accountId.slice(-4)}`, accountId },
        callerAccountId: caller,
        samlProviders: [
            {
                arn: `arn:aws:iam::${accountId}:saml-provider/WAAD`,
                name: "WAAD",
                metadataDocument: "",
                entityId: "https://sts.windows.net/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/",
                thumbprints,
            },
        ],
        samlRoles: [],
        readers: [],
    };
}

function app(id: string, thumbprint: string, roleAccount?: string, withApplication = true): DiscoveredApp {
    return {
        servicePrincipal: {
            id,
            appId: `${id}-client`,
            displayName: `app ${id}`,
            appRoleAssignmentRequired: true,
            preferredSingleSignOnMode: "saml",
            preferredTokenSigningKeyThumbprint: thumbprint,
            notificationEmailAddresses: ["identity-team@contoso.com"],
            keyCredentials: [
                {
                    keyId: `${id}-key`,
                    customKeyIdentifier: Buffer.from(thumbprint, "hex").toString("base64"),
                    displayName: "CN=x",
                    type: "AsymmetricX509Cert",
                    usage: "Verify",
                    startDateTime: null,
                    endDateTime: "2029-01-01T00:00:00Z",
                },
            ],
            appRoles: roleAccount
                ? [
                      {
                          id: `${id}-role`,
                          value: `arn:aws:iam::${roleAccount}:role/Developer,arn:aws:iam::${roleAccount}:saml-provider/WAAD`,
                          displayName: "Developer,WAAD",
                          description: null,
                          isEnabled: true,
                          allowedMemberTypes: ["User"],
                          origin: "ServicePrincipal",
                      },
                  ]
                : [],
        },
        ...(withApplication
            ? {
                  application: {
                      id: `${id}-app`,
                      appId: `${id}-client`,
                      displayName: "x",
                      identifierUris: [],
                      redirectUris: [],
                      appRoles: [],
                  },
              }
            : {}),
        claimsMappingPolicies: [],
        assignments: [],
        synchronizationJobs: [],
    };
}

describe("adopt: matching apps to accounts", () => {
    it("pairs each account with the app whose signing certificate its provider trusts", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT]), account("444455556666", [OTHER])],
            [app("one", OTHER, "444455556666"), app("two", THUMBPRINT, "111122223333")],
        );
        assert.deepStrictEqual(
            result.matches.map((match) => [match.account.argument.accountId, match.app.servicePrincipal.id]),
            [
                ["111122223333", "two"],
                ["444455556666", "one"],
            ],
        );
    });

    it("refuses to guess between two apps signing with the same certificate", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT])],
            [app("one", THUMBPRINT, "111122223333"), app("two", THUMBPRINT, "111122223333")],
        );
        assert.deepStrictEqual(result.matches, []);
        assert.match(
            result.findings.find((finding) => finding.kind === "cannot-adopt")?.problem ?? "",
            /several pairs of app and SAML provider match equally/,
        );
    });

    it("prefers the app whose role values name the account when certificates alone tie", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT])],
            [app("one", THUMBPRINT, "999988887777"), app("two", THUMBPRINT, "111122223333")],
        );
        assert.deepStrictEqual(
            result.matches.map((match) => match.app.servicePrincipal.id),
            ["two"],
        );
    });

    it("reports credentials that reach another account, and an account no app matches", () => {
        const result = matchAccounts(
            [account("111122223333", [THUMBPRINT], "444455556666"), account("555566667777", [OTHER])],
            [app("one", THUMBPRINT)],
        );
        assert.deepStrictEqual(result.matches, []);
        const problems = result.findings.filter((finding) => finding.kind === "cannot-adopt").map((finding) => finding.problem);
        assert.match(problems[0], /reached account 444455556666, not 111122223333/);
        assert.match(problems[1], /no AWS gallery-app instance/);
    });

    it("leaves out an app whose application object cannot be read, instead of creating a second instance", () => {
        const plan = planAdoption({
            stack: "adopted",
            now: new Date("2026-12-01T00:00:00Z"),
            discovery: { accounts: [account("111122223333", [THUMBPRINT])], apps: [app("one", THUMBPRINT, "111122223333", false)] },
        });
        assert.deepStrictEqual(plan.accounts, []);
        assert.match(
            plan.findings.find((finding) => finding.kind === "cannot-adopt")?.whatToDo ?? "",
            /would otherwise create a second instance/,
        );
    });
});

describe("adopt: reading a claims mapping policy", () => {
    it("takes SessionDuration and the RoleSessionName source from the program's own definition", () => {
        assert.deepStrictEqual(readClaimsDefinition(awsClaimsMappingPolicy({ roleSessionNameSource: "mail", sessionDuration: 7200 })), {
            roleSessionNameSource: "mail",
            sessionDuration: 7200,
        });
    });

    it("reads PrincipalTag claims as the contract's session tags", () => {
        const definition = awsClaimsMappingPolicy({
            roleSessionNameSource: "userprincipalname",
            sessionDuration: 3600,
            sessionTags: { CostCenter: "department" },
        });
        assert.deepStrictEqual(readClaimsDefinition(definition).sessionTags, { CostCenter: "department" });
    });

    it("refuses transformations and claims the contract does not express", () => {
        const withExtra = JSON.parse(awsClaimsMappingPolicy({ roleSessionNameSource: "userprincipalname", sessionDuration: 3600 }));
        withExtra.ClaimsMappingPolicy.ClaimsSchema.push({
            Source: "user",
            ID: "department",
            SamlClaimType: "https://example.com/department",
        });
        assert.match(readClaimsDefinition(JSON.stringify(withExtra)).problem ?? "", /claims the contract does not express/);
        assert.match(readClaimsDefinition('{"ClaimsMappingPolicy":{"ClaimsTransformations":[]}}').problem ?? "", /transformations/);
        assert.match(readClaimsDefinition("not json").problem ?? "", /not JSON/);
    });
});
