import { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, graphObjectId } from "./resource-links";
import { MaybeKnown, readKnown, Unknown } from "../framework/unknown-values";

/**
 * Team programs read the central SSO stack through a `pulumi.StackReference` and build their roles and
 * app roles on what it exports: `sessionDuration`, and per account `samlProviderArn`,
 * `applicationObjectId` and `roles.<role>.arn`. The engine hands the pack the reference as a resource
 * whose `outputs` hold that contract, so what it exports is part of the federation the pack checks.
 * A reference is recognised by the shape of its outputs (an `accounts` object whose entries have
 * `samlProviderArn`), never by its name, which each team chooses.
 */

export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** A stack reference whose outputs are an SSO stack's contract. */
export interface SsoStackReference {
    readonly resource: PolicyResource;
    /** The resource name and, when it differs, the referenced stack: `sso (org/azuread-aws-sso/dev)`. */
    readonly label: string;
    /** The SessionDuration claim every app of that stack sends; `undefined` when not exported as a number. */
    readonly sessionDuration: MaybeKnown<number | undefined>;
}

/** One `accounts.<name>` entry of a referenced SSO stack. */
export interface ReferencedAccount {
    readonly stack: SsoStackReference;
    readonly name: string;
    /** The account's SAML provider, which every role the SSO stack exports for it trusts. */
    readonly samlProviderArn?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export class SsoStackReferences {
    /** The first unknown that may hide an SSO stack reference or one of its exports (preview). */
    readonly undetermined: Unknown | undefined;
    private readonly byUrn = new Map<string, SsoStackReference>();
    private readonly accountOfProvider = new Map<string, ReferencedAccount>();
    private readonly accountOfRole = new Map<string, ReferencedAccount>();
    private readonly accountOfApplication = new Map<string, ReferencedAccount>();

    constructor(resources: readonly PolicyResource[]) {
        let undetermined: Unknown | undefined;
        // Every read goes through the SDK's proxy: an unknown export leaves the index incomplete.
        const read = <T>(value: () => T): T | undefined => {
            const known = readKnown(value);
            if (!known.known) {
                undetermined ??= known;
                return undefined;
            }
            return known.value;
        };
        for (const resource of resources.filter((candidate) => candidate.type === STACK_REFERENCE_TYPE)) {
            const outputs: unknown = read(() => resource.props.outputs);
            const accounts: unknown = isRecord(outputs) ? read(() => outputs.accounts) : undefined;
            if (!isRecord(accounts)) {
                continue;
            }
            const entries = Object.keys(accounts).flatMap((name) => {
                const entry: unknown = read(() => accounts[name]);
                return isRecord(entry) && "samlProviderArn" in entry ? [{ name, entry }] : [];
            });
            if (entries.length === 0) {
                continue; // Another stack's outputs that happen to have `accounts`.
            }
            // Only for messages: an unknown name hides nothing.
            const stackName = readKnown(() => resource.props.name);
            const named = stackName.known && typeof stackName.value === "string" && stackName.value !== resource.name;
            const stack: SsoStackReference = {
                resource,
                label: named ? `${resource.name} (${String(stackName.value)})` : resource.name,
                sessionDuration: readKnown(() => {
                    const seconds: unknown = (outputs as Record<string, unknown>).sessionDuration;
                    return typeof seconds === "number" && Number.isFinite(seconds) ? seconds : undefined;
                }),
            };
            this.byUrn.set(resource.urn, stack);
            for (const { name, entry } of entries) {
                const providerArn: unknown = read(() => entry.samlProviderArn);
                const account: ReferencedAccount = {
                    stack,
                    name,
                    ...(typeof providerArn === "string" ? { samlProviderArn: providerArn } : {}),
                };
                if (account.samlProviderArn !== undefined) {
                    this.accountOfProvider.set(account.samlProviderArn, account);
                }
                const objectId: unknown = read(() => entry.applicationObjectId);
                const applicationKey = typeof objectId === "string" ? graphObjectId(objectId) : undefined;
                if (applicationKey !== undefined) {
                    this.accountOfApplication.set(applicationKey, account);
                }
                const exported: unknown = read(() => entry.roles);
                const roles = isRecord(exported) ? exported : {};
                for (const roleName of Object.keys(roles)) {
                    const role: unknown = read(() => roles[roleName]);
                    const arn: unknown = isRecord(role) ? read(() => role.arn) : undefined;
                    if (typeof arn === "string") {
                        this.accountOfRole.set(arn, account);
                    }
                }
            }
        }
        this.undetermined = undetermined;
    }

    /** The account whose exported SAML provider has this ARN. */
    providerAccount(arn: string): MaybeKnown<ReferencedAccount | undefined> {
        return this.found(this.accountOfProvider.get(arn));
    }

    /** The account that exports a role with this ARN. */
    roleAccount(arn: string): MaybeKnown<ReferencedAccount | undefined> {
        return this.found(this.accountOfRole.get(arn));
    }

    /** The account whose gallery app has this object id (bare or `/applications/<id>`). */
    applicationAccount(applicationId: string): MaybeKnown<ReferencedAccount | undefined> {
        const key = graphObjectId(applicationId);
        return this.found(key === undefined ? undefined : this.accountOfApplication.get(key));
    }

    /** The SSO stack references the engine recorded as inputs of `resource.props[property]`. */
    behind(resource: PolicyResource, property: string): SsoStackReference[] {
        return dependenciesOf(resource, property).flatMap((dependency) => this.byUrn.get(dependency.urn) ?? []);
    }

    /** A miss is only known when every export was. */
    private found(account: ReferencedAccount | undefined): MaybeKnown<ReferencedAccount | undefined> {
        return account === undefined && this.undetermined !== undefined ? this.undetermined : { known: true, value: account };
    }
}
