import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { FederationTopology } from "./federation-topology";
import { LinkTarget, referencedBy, referrers, stringsIn } from "./resource-links";
import { Unknown } from "./unknown-values";

/**
 * Where an IAM user's permissions come from in one stack: inline policies, attached policies, and the
 * same through its groups. Joins follow the engine's property dependencies, then resolved names/ARNs.
 */

export interface Grant {
    /** The resource that grants: an inline policy or an attachment. */
    readonly source: PolicyResource;
    /** The policy document, when this stack declares it (inline, or a customer managed aws.iam.Policy). */
    readonly document?: unknown;
    /** The attached policy ARN when its document is not in this stack (AWS managed or external). */
    readonly policyArn?: string;
}

export interface Grants {
    readonly grants: readonly Grant[];
    /** Set when an unknown value kept a link from being decided. */
    readonly undetermined?: Unknown;
}

export function grantsOfUser(topology: FederationTopology, user: PolicyResource): Grants {
    const userTarget: LinkTarget = { resource: user, idProperties: ["name", "arn"] };
    const collector = new GrantCollector(topology);
    collector.addInline(referrers(topology.ofType(aws.iam.UserPolicy), "user", [userTarget]));
    collector.addAttached(referrers(topology.ofType(aws.iam.UserPolicyAttachment), "user", [userTarget]));
    collector.addAttached(referrers(topology.ofType(aws.iam.PolicyAttachment), "users", [userTarget]));

    for (const group of groupsOfUser(topology, userTarget, collector)) {
        collector.addInline(referrers(topology.ofType(aws.iam.GroupPolicy), "group", [group]));
        collector.addAttached(referrers(topology.ofType(aws.iam.GroupPolicyAttachment), "group", [group]));
        collector.addAttached(referrers(topology.ofType(aws.iam.PolicyAttachment), "groups", [group]));
    }
    return collector.result();
}

/** The user's groups: aws.iam.Group resources of the stack, or bare group names for external groups. */
function groupsOfUser(topology: FederationTopology, userTarget: LinkTarget, collector: GrantCollector): LinkTarget[] {
    const groupTargets: LinkTarget[] = topology.ofType(aws.iam.Group).map((resource) => ({ resource, idProperties: ["name", "arn"] }));
    const result: LinkTarget[] = [];
    const externalNames = new Set<string>();
    const addFrom = (membership: PolicyResource, property: string) => {
        const linked = referencedBy(membership, property, groupTargets);
        collector.noteUnknown(linked.undetermined);
        result.push(...groupTargets.filter((target) => linked.resources.includes(target.resource) && !result.includes(target)));
        if (linked.resources.length === 0 && linked.undetermined === undefined) {
            stringsIn(membership.props[property]).forEach((name) => externalNames.add(name));
        }
    };
    const userMemberships = referrers(topology.ofType(aws.iam.UserGroupMembership), "user", [userTarget]);
    collector.noteUnknown(userMemberships.undetermined);
    userMemberships.resources.forEach((membership) => addFrom(membership, "groups"));
    const groupMemberships = referrers(topology.ofType(aws.iam.GroupMembership), "users", [userTarget]);
    collector.noteUnknown(groupMemberships.undetermined);
    groupMemberships.resources.forEach((membership) => addFrom(membership, "group"));
    // An external group is matched by name: a synthetic target whose only identifier is that name.
    for (const name of externalNames) {
        result.push({ resource: syntheticGroup(name), idProperties: ["name"] });
    }
    return result;
}

function syntheticGroup(name: string): PolicyResource {
    return {
        type: "aws:iam/group:Group",
        urn: `external-group::${name}`,
        name,
        props: { name },
        opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    };
}

class GrantCollector {
    private readonly grants: Grant[] = [];
    private undetermined: Unknown | undefined;
    private readonly policyTargets: LinkTarget[];

    constructor(topology: FederationTopology) {
        this.policyTargets = topology.ofType(aws.iam.Policy).map((resource) => ({ resource, idProperties: ["arn"] }));
    }

    noteUnknown(unknown: Unknown | undefined): void {
        this.undetermined ??= unknown;
    }

    addInline(links: { resources: readonly PolicyResource[]; undetermined?: Unknown }): void {
        this.noteUnknown(links.undetermined);
        for (const source of links.resources) {
            this.grants.push({ source, document: source.props.policy });
        }
    }

    addAttached(links: { resources: readonly PolicyResource[]; undetermined?: Unknown }): void {
        this.noteUnknown(links.undetermined);
        for (const source of links.resources) {
            const policies = referencedBy(source, "policyArn", this.policyTargets);
            if (policies.resources.length > 0) {
                for (const policy of policies.resources) {
                    this.grants.push({ source, document: policy.props.policy });
                }
                continue;
            }
            if (policies.undetermined !== undefined) {
                this.noteUnknown(policies.undetermined);
                continue;
            }
            for (const policyArn of stringsIn(source.props.policyArn)) {
                this.grants.push({ source, policyArn });
            }
        }
    }

    result(): Grants {
        return { grants: this.grants, undetermined: this.undetermined };
    }
}
