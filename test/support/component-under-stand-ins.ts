import * as pulumi from "@pulumi/pulumi";
import { CloudStandIns, CloudStandInsOptions } from "../../offline/program/cloud-stand-ins";
import { PROJECT_NAME, recordRegistrations, RegisteredResource, STAND_IN_TENANT_ID } from "../../offline/program/program-run";

export interface ComponentRun<T> {
    /** What `construct` returned: the component, to read its Outputs with outputValue. */
    readonly component: T;
    /** Every registration the construction made, the component's own first, with URN, parent and inputs. */
    readonly resources: readonly RegisteredResource[];
    readonly standIns: CloudStandIns;
}

export interface ComponentRunOptions {
    readonly stack?: string;
    /** Raw config (`namespace:key` to string), for components that read provider config such as azuread:tenantId. */
    readonly config?: Readonly<Record<string, string>>;
    /** Options for fresh stand-ins (tenant, directory users and groups). */
    readonly standIns?: CloudStandInsOptions;
    /** Runs as `pulumi preview` would, so unknown outputs stay unknown. */
    readonly preview?: boolean;
}

/**
 * Constructs one component directly, with targeted args, under the same cloud stand-ins the offline
 * preview uses, and returns what it registered: a component tested without the whole program.
 */
export async function constructUnderStandIns<T>(construct: () => T, options: ComponentRunOptions = {}): Promise<ComponentRun<T>> {
    const config = { "azuread:tenantId": STAND_IN_TENANT_ID, ...options.config };
    const standIns = new CloudStandIns({ tenantId: config["azuread:tenantId"], ...options.standIns });
    pulumi.runtime.setAllConfig({ ...config }, []);
    await pulumi.runtime.setMocks(standIns, PROJECT_NAME, options.stack ?? "dev", options.preview ?? false);
    const registrations = recordRegistrations();
    const component = construct();
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
    return { component, resources: await registrations.settled(), standIns };
}

/** The one registration named `name`; fails, listing what was registered, when there is none or more than one. */
export function registered(resources: readonly RegisteredResource[], name: string): RegisteredResource {
    const matches = resources.filter((resource) => resource.name === name);
    if (matches.length !== 1) {
        throw new Error(
            `expected one registration named ${name}, found ${matches.length} among: ${resources.map((r) => r.name).join(", ")}`,
        );
    }
    return matches[0];
}
