/** Type tokens of the Identity Center resources, spelt out so a changed token fails the specs that read them. */
export const IC_TYPES = {
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    managedPolicyAttachment: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    customerManagedPolicyAttachment: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    permissionsBoundaryAttachment: "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
    inlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    accountAssignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    provisionOnDemand: "azuread:index/synchronizationJobProvisionOnDemand:SynchronizationJobProvisionOnDemand",
} as const;
