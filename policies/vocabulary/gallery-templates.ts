/** Gallery template "AWS Single-Account Access", the one IAM SAML federation uses. */
export const AWS_SINGLE_ACCOUNT_ACCESS_TEMPLATE_ID = "8b1025e4-1dd2-430b-a150-2ef79cd700f5";

/** Gallery template of the IAM Identity Center app: a different integration. */
export const AWS_IDENTITY_CENTER_TEMPLATE_ID = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";

/** Synchronization job template of the gallery app's role import. */
export const AWS_ROLE_IMPORT_JOB_TEMPLATE_ID = "aws";
