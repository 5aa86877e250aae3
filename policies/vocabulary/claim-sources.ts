/**
 * The user attributes that make a RoleSessionName STS accepts and CloudTrail can tell apart: unique per
 * user and within [\w+=,.@-]{2,64} for real directories. Names and titles (displayname, givenname, ...)
 * hold spaces and repeat, so they are claim sources but never session names.
 */
export const ROLE_SESSION_NAME_SOURCES = [
    "userprincipalname",
    "mail",
    "mailnickname",
    "onpremisessamaccountname",
    "onpremisesuserprincipalname",
    "employeeid",
    "objectid",
] as const;

/** One of the user attributes that make a valid, unique RoleSessionName. */
export type RoleSessionNameSource = (typeof ROLE_SESSION_NAME_SOURCES)[number];

/** User attributes Azure AD can emit as claims (`Source: user`): the allowed values for session tags. */
export const USER_CLAIM_SOURCES = [
    ...ROLE_SESSION_NAME_SOURCES,
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
    ...Array.from({ length: 15 }, (_, index) => `extensionattribute${index + 1}` as const),
] as const;

/** One of the user attributes Azure AD can emit as a claim. */
export type UserClaimSource = (typeof USER_CLAIM_SOURCES)[number];
