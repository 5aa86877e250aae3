/**
 * User attributes Azure AD can emit as claims (`Source: user`); the allowed values for the
 * RoleSessionName source and session tags.
 */
export const USER_CLAIM_SOURCES = [
    "userprincipalname",
    "mail",
    "onpremisessamaccountname",
    "onpremisesuserprincipalname",
    "employeeid",
    "objectid",
    "givenname",
    "surname",
    "displayname",
    "department",
    "companyname",
    "jobtitle",
    "country",
    "city",
    "state",
    "postalcode",
    "streetaddress",
    "telephonenumber",
    "mobile",
    "preferredlanguage",
    "netbiosname",
    "dnsdomainname",
    ...Array.from({ length: 15 }, (_, index) => `extensionattribute${index + 1}`),
] as const;

/** One of the user attributes Azure AD can emit as a claim. */
export type UserClaimSource = (typeof USER_CLAIM_SOURCES)[number];
