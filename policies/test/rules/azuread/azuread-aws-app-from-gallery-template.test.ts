import * as azuread from "@pulumi/azuread";
import { galleryTemplatePolicy } from "../../../rules/azuread/azuread-aws-app-from-gallery-template";
import { assertDeferred, assertPasses, assertViolation } from "../../support/assertions";
import { GALLERY_TEMPLATE_ID, SIGN_IN_ENDPOINT, StackFixture } from "../../support/federation-fixture";
import { runResourcePolicy, UNKNOWN } from "../../support/validation-args";

describe("azuread-aws-app-from-gallery-template", () => {
    const run = (
        type: typeof azuread.Application | typeof azuread.ApplicationFromTemplate,
        inputs: Record<string, unknown>,
        config?: Record<string, unknown>,
    ) => runResourcePolicy(galleryTemplatePolicy, new StackFixture().add(type, "app", inputs), { config });

    it("passes apps from the AWS Single-Account Access template, and unrelated apps", async () => {
        assertPasses(await run(azuread.ApplicationFromTemplate, { displayName: "AWS", templateId: GALLERY_TEMPLATE_ID }));
        assertPasses(
            await run(azuread.ApplicationFromTemplate, { displayName: "Salesforce", templateId: "010d8a2e-0000-4000-8000-000000000000" }),
        );
        assertPasses(await run(azuread.Application, { displayName: "internal", identifierUris: ["api://internal"] }));
        assertPasses(
            await run(azuread.Application, {
                displayName: "AWS",
                templateId: GALLERY_TEMPLATE_ID,
                identifierUris: [`${SIGN_IN_ENDPOINT}#x`],
            }),
        );
    });

    it("fires on the IAM Identity Center template", async () => {
        assertViolation(
            await run(azuread.ApplicationFromTemplate, { displayName: "AWS", templateId: "21ed01d2-ec13-4e9e-86c1-cd546719ebc4" }),
            /IAM Identity Center app/,
        );
    });

    it("fires on a custom application pointing at AWS sign-in", async () => {
        assertViolation(
            await run(azuread.Application, { displayName: "AWS", identifierUris: [`${SIGN_IN_ENDPOINT}#prod`] }),
            /custom application points at AWS sign-in/,
        );
        assertViolation(
            await run(azuread.Application, { displayName: "AWS", web: { redirectUris: ["https://eu-west-1.signin.aws.amazon.com/saml"] } }),
            /custom application/,
        );
    });

    it("accepts additional templates from config", async () => {
        assertPasses(
            await run(
                azuread.ApplicationFromTemplate,
                { displayName: "AWS", templateId: "21ed01d2-ec13-4e9e-86c1-cd546719ebc4" },
                { allowedTemplateIds: ["21ed01d2-ec13-4e9e-86c1-cd546719ebc4"] },
            ),
        );
    });

    it("defers on unknown values and survives malformed ones", async () => {
        assertDeferred(await run(azuread.ApplicationFromTemplate, { displayName: "AWS", templateId: UNKNOWN }));
        assertDeferred(
            await run(azuread.Application, { displayName: "AWS", identifierUris: [`${SIGN_IN_ENDPOINT}#x`], templateId: UNKNOWN }),
        );
        assertPasses(await run(azuread.Application, { displayName: "AWS", identifierUris: "x", web: 5 }));
        assertPasses(await run(azuread.ApplicationFromTemplate, { templateId: 7 }));
    });
});
