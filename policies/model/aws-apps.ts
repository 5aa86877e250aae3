import { AwsApp, FederationTopology } from "./federation-topology";
import { DeferredUnknowns } from "../framework/unknown-values";

/** Runs a check per AWS app, deferring unknowns, after noting any unknown met while finding the apps. */
export function forEachAwsApp(topology: FederationTopology, deferred: DeferredUnknowns, check: (app: AwsApp) => void): void {
    const { apps, undetermined } = topology.awsApps();
    deferred.defer(undetermined);
    for (const app of apps) {
        deferred.run(() => check(app));
    }
}
