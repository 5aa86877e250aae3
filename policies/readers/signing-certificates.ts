import { PolicyResource } from "@pulumi/policy";

/** Milliseconds in a day, for certificate lifetimes and lead times given in days. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A token-signing certificate's start and end dates, each undefined when absent or no date. */
export function certificateDates(certificate: PolicyResource): { start?: Date; end?: Date } {
    const parse = (value: unknown) => {
        const date = typeof value === "string" ? new Date(value) : undefined;
        return date !== undefined && !Number.isNaN(date.getTime()) ? date : undefined;
    };
    return { start: parse(certificate.props.startDate), end: parse(certificate.props.endDate) };
}
