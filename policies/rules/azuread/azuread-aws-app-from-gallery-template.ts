import * as azuread from "@pulumi/azuread";
import { defineResourcePolicy } from "../../framework/policy-definition";
import { DeferredUnknowns } from "../../framework/unknown-values";
import { AWS_IDENTITY_CENTER_TEMPLATE_ID, AWS_SINGLE_ACCOUNT_TEMPLATE_ID } from "../../model/federation-topology";
import { stringsIn } from "../../model/resource-links";
import { mentionsAwsSignIn } from "../../readers/aws-identifiers";
import { COMPONENT_TYPES } from "../../vocabulary/type-tokens";

/** Type token of this package's Identity Center app component, whose instance of the Identity Center template is intended. */
const IDENTITY_CENTER_APP_COMPONENT = COMPONENT_TYPES.identityCenterApp;

export const galleryTemplatePolicy = defineResourcePolicy({
    name: "azuread-aws-app-from-gallery-template",
    description:
        "AWS SAML apps are instances of the AWS Single-Account Access gallery template, not custom apps, and the IAM Identity Center template only in the identityCenter block.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `Create the app with azuread.ApplicationFromTemplate and templateId ${AWS_SINGLE_ACCOUNT_TEMPLATE_ID} ("AWS Single-Account Access"), as the Microsoft tutorial does; the gallery app carries the AWS claims and role-import connector. Use the IAM Identity Center template only for IAM Identity Center.`,
    config: {
        allowedTemplateIds: {
            type: "array",
            description: "Gallery template ids accepted for AWS SAML apps.",
            default: [AWS_SINGLE_ACCOUNT_TEMPLATE_ID],
            items: { type: "string", pattern: "^[0-9a-fA-F-]{36}$" },
            uniqueItems: true,
            minItems: 1,
        },
    },
    validateResource: (on) => {
        const allowedTemplate = (templateId: unknown, allowed: readonly string[]) =>
            typeof templateId === "string" && allowed.some((id) => id.toLowerCase() === templateId.toLowerCase());
        return [
            on(azuread.ApplicationFromTemplate, (application, args, reportViolation, config) => {
                const templateId: unknown = application.templateId;
                // The Identity Center block's own app is the one place that template belongs (its URN names the component).
                const inIdentityCenterBlock = (args.urn ?? "").includes(`${IDENTITY_CENTER_APP_COMPONENT}$`);
                if (
                    typeof templateId === "string" &&
                    templateId.toLowerCase() === AWS_IDENTITY_CENTER_TEMPLATE_ID &&
                    !inIdentityCenterBlock &&
                    !allowedTemplate(templateId, config.allowedTemplateIds)
                ) {
                    reportViolation(
                        `Template ${templateId} is the IAM Identity Center app; SAML federation to IAM roles uses ${AWS_SINGLE_ACCOUNT_TEMPLATE_ID} (AWS Single-Account Access).`,
                    );
                }
            }),
            on(azuread.Application, (application, args, reportViolation, config) => {
                const deferred = new DeferredUnknowns();
                let awsUris: string[] = [];
                deferred.run(() => {
                    awsUris = [...awsUris, ...stringsIn(application.identifierUris).filter(mentionsAwsSignIn)];
                });
                deferred.run(() => {
                    const web: unknown = application.web;
                    const redirectUris =
                        web !== null && typeof web === "object" ? (web as { redirectUris?: unknown }).redirectUris : undefined;
                    awsUris = [...awsUris, ...stringsIn(redirectUris).filter(mentionsAwsSignIn)];
                });
                if (awsUris.length > 0) {
                    deferred.run(() => {
                        if (!allowedTemplate(application.templateId, config.allowedTemplateIds)) {
                            reportViolation(
                                `This custom application points at AWS sign-in (${awsUris.join(", ")}); create AWS SAML apps from the gallery template ${AWS_SINGLE_ACCOUNT_TEMPLATE_ID}.`,
                            );
                        }
                    });
                }
                deferred.finish();
            }),
        ];
    },
});
