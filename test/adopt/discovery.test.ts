import * as assert from "assert";
import { allowsOnlyListRoles, discoverAccount, discoverApps, federatedSamlPrincipals, statementsOf } from "../../adopt/discovery";
import { B_SIMON, consoleRoleTrust, installSetup, TUTORIAL_POLICY_DOCUMENT, tutorialSetup } from "./support/hand-made-setup";
import { accountArguments, graphReader, useAdoptStandIns, withAccountReader } from "./support/discovered-setup";

const WAAD = "arn:aws:iam::111122223333:saml-provider/WAAD";

describe("adopt discovery (discoverAccount, discoverApps)", function () {
    this.timeout(60_000);
    const standIns = useAdoptStandIns();
    const setup = tutorialSetup();
    beforeEach(() => {
        standIns.graph.reset();
        standIns.iam.reset();
        installSetup(setup, standIns.graph, standIns.iam);
    });
    afterEach(() => {
        assert.deepStrictEqual(standIns.iam.refusedWrites, []);
        assert.deepStrictEqual(standIns.graph.refusedWrites, []);
    });

    const discoverSandbox = () => {
        const [argument] = accountArguments(setup, ["sandbox"]);
        return withAccountReader(standIns.iam, argument, (reader) => discoverAccount(argument, reader));
    };

    it("reads the account's SAML providers with the certificates their metadata trusts, and who the credentials are", async () => {
        const account = await discoverSandbox();
        assert.strictEqual(account.callerAccountId, "111122223333");
        assert.deepStrictEqual(account.argument, { name: "sandbox", accountId: "111122223333" });
        assert.deepStrictEqual(
            account.samlProviders.map((provider) => [provider.arn, provider.name, provider.entityId, provider.thumbprints]),
            [
                [
                    WAAD,
                    "WAAD",
                    "https://sts.windows.net/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/",
                    [setup.apps[0].preferred.certificate.thumbprint],
                ],
            ],
        );
        assert.strictEqual(account.samlProviders[0].metadataProblem, undefined);
    });

    it("keeps only roles that trust a SAML provider, with their trust, attached and inline policies", async () => {
        const account = await discoverSandbox();
        assert.deepStrictEqual(
            account.samlRoles.map((role) => [
                role.name,
                role.trustedSamlProviders,
                role.attachedPolicies.map((policy) => policy.policyArn),
            ]),
            [
                ["Developer", [WAAD], ["arn:aws:iam::aws:policy/PowerUserAccess"]],
                ["ReadOnly", [WAAD], ["arn:aws:iam::aws:policy/ReadOnlyAccess"]],
            ],
        );
        assert.deepStrictEqual(account.samlRoles[0].trustPolicy, consoleRoleTrust("111122223333", "WAAD"));
        assert.strictEqual(account.samlRoles[0].description, "Developers of the sandbox");
        assert.ok(!account.samlRoles.some((role) => role.name === "OrganizationAccountAccessRole" || role.name === "AdoptReader"));
    });

    it("finds the role-import reader by its iam:ListRoles-only policy, with its keys' last use", async () => {
        const account = await discoverSandbox();
        assert.deepStrictEqual(
            account.readers.map((reader) => reader.user.name),
            ["AzureADRoleManager"],
        );
        const [reader] = account.readers;
        assert.deepStrictEqual(
            reader.accessKeys.map((key) => [key.accessKeyId, key.lastUsed?.lastUsedDate?.toISOString()]),
            [["AKIAROLEMANAGER00001", "2026-11-30T22:40:00.000Z"]],
        );
        assert.deepStrictEqual(
            reader.managedPolicies.map((policy) => [policy.name, policy.document]),
            [["AzureAD_SSOUserRole_Policy", TUTORIAL_POLICY_DOCUMENT]],
        );
        assert.strictEqual(reader.loginProfile, undefined);
        assert.deepStrictEqual(reader.inlinePolicyNames, []);
    });

    it("reads every instance of the AWS template with its application, assignments (users with their UPN) and role import job", async () => {
        const apps = await discoverApps(graphReader(standIns.graph));
        const [handMade] = setup.apps;
        assert.deepStrictEqual(
            apps.map((app) => [app.servicePrincipal.id, app.application?.id, app.application?.identifierUris]),
            [[handMade.servicePrincipalId, handMade.applicationObjectId, ["https://signin.aws.amazon.com/saml"]]],
        );
        const [app] = apps;
        assert.ok(
            app.servicePrincipal.keyCredentials.some((key) => key.key),
            "read by id, so the certificates come with their key material",
        );
        const bSimon = app.assignments.find((assignment) => assignment.principalId === B_SIMON.id);
        assert.strictEqual(bSimon?.userPrincipalName, B_SIMON.userPrincipalName);
        assert.deepStrictEqual(
            app.synchronizationJobs.map((job) => [job.id, job.templateId]),
            [[handMade.roleImportJobId, "aws"]],
        );
        assert.deepStrictEqual(app.claimsMappingPolicies, []);
    });

    it("federatedSamlPrincipals: SAML providers of Allow statements only, one or a list", () => {
        const okta = "arn:aws:iam::111122223333:saml-provider/Okta";
        assert.deepStrictEqual(
            federatedSamlPrincipals({
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: [WAAD, "cognito-identity.amazonaws.com"] },
                        Action: "sts:AssumeRoleWithSAML",
                    },
                    { Effect: "Deny", Principal: { Federated: okta }, Action: "sts:AssumeRoleWithSAML" },
                    { Effect: "Allow", Principal: { Federated: WAAD }, Action: "sts:TagSession" },
                ],
            }),
            [WAAD],
        );
        assert.deepStrictEqual(federatedSamlPrincipals({ Statement: { Effect: "Allow", Principal: { Federated: okta } } }), [okta]);
        assert.deepStrictEqual(federatedSamlPrincipals(undefined), []);
    });

    it("allowsOnlyListRoles: iam:ListRoles in any case and nothing else, never through NotAction", () => {
        assert.ok(allowsOnlyListRoles(TUTORIAL_POLICY_DOCUMENT));
        assert.ok(allowsOnlyListRoles({ Statement: { Effect: "Allow", Action: "IAM:ListRoles", Resource: "*" } }));
        assert.ok(!allowsOnlyListRoles({ Statement: [{ Effect: "Allow", Action: ["iam:ListRoles", "iam:GetRole"], Resource: "*" }] }));
        assert.ok(
            !allowsOnlyListRoles({ Statement: [{ Effect: "Allow", NotAction: "iam:ListRoles", Action: "iam:ListRoles", Resource: "*" }] }),
        );
        assert.ok(!allowsOnlyListRoles({ Statement: [{ Effect: "Deny", Action: "iam:ListRoles", Resource: "*" }] }));
        assert.ok(!allowsOnlyListRoles({ Version: "2012-10-17", Statement: [] }));
        assert.deepStrictEqual(statementsOf({ Statement: [{ Effect: "Allow" }, "junk", null] }), [{ Effect: "Allow" }]);
    });
});
