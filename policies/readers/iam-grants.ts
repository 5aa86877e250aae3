import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { FederationTopology } from "../model/federation-topology";
import { Resource } from "@pulumi/pulumi";
import { dependenciesOf, LinkTarget, referencedBy, referrers, stringsIn, TargetIndex } from "../model/resource-links";
import { readKnown, Unknown } from "../framework/unknown-values";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape @pulumi/policy's isType takes
type ResourceClass = { new (...args: any[]): Resource };

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
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            additionalSecretOutputs: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        },
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

/** One way a role gets permissions, with the resource to name in a finding. */
export interface RoleGrant extends Grant {
    /** How the role gets it, for messages: `managedPolicyArns`, `inline policy x`, `RolePolicyAttachment y`. */
    readonly via: string;
}

/**
 * Every way the given roles get permissions in @pulumi/aws 7.x, for the whole stack in one pass (each
 * attachment is resolved once, so a stack of a thousand roles stays linear): the role's own
 * `managedPolicyArns` (deprecated, still accepted) and `inlinePolicies`, `RolePolicy`,
 * `RolePolicyAttachment`, `PolicyAttachment`, `RolePoliciesExclusive` and `RolePolicyAttachmentsExclusive`.
 * A customer managed `aws.iam.Policy` of the stack is followed to its document.
 */
export function grantsOfRoles(
    topology: FederationTopology,
    roles: readonly PolicyResource[],
): { grants: Map<PolicyResource, RoleGrant[]>; undetermined?: Unknown } {
    const grants = new Map<PolicyResource, RoleGrant[]>(roles.map((role) => [role, []]));
    let undetermined: Unknown | undefined;
    const note = (unknown: Unknown | undefined) => {
        undetermined ??= unknown;
    };
    const policies = topology.ofType(aws.iam.Policy);
    const policyIndex = new TargetIndex(policies.map((resource) => ({ resource, idProperties: ["arn"] })));
    const roleIndex = new TargetIndex(roles.map((resource) => ({ resource, idProperties: ["name", "arn"] })));
    const add = (role: PolicyResource, grant: RoleGrant) => grants.get(role)?.push(grant);
    // A document not known yet (preview) is left out and noted, so the rule defers instead of failing.
    const documentOf = (read: () => unknown): { document: unknown } | undefined => {
        const document = readKnown(read);
        if (!document.known) {
            note(document);
            return undefined;
        }
        return { document: document.value };
    };

    /** The policies `source.props[property]` attaches: documents of the stack's policies, ARNs of the rest. */
    const attached = (source: PolicyResource, property: string): Grant[] => {
        const result: Grant[] = [];
        const fromDependencies = dependenciesOf(source, property).filter((resource) => policies.includes(resource));
        const pushDocument = (policy: PolicyResource) => {
            const document = documentOf(() => policy.props.policy);
            if (document !== undefined) {
                result.push({ source, ...document });
            }
        };
        fromDependencies.forEach(pushDocument);
        const values = readKnown(() => stringsIn(source.props[property]));
        if (!values.known) {
            if (fromDependencies.length === 0) {
                note(values);
            }
            return result;
        }
        for (const policyArn of values.value) {
            const match = policyIndex.lookup(policyArn);
            const unmatched = match.resources.filter((policy) => !fromDependencies.includes(policy));
            unmatched.forEach(pushDocument);
            if (match.resources.length > 0) {
                continue;
            }
            if (match.undetermined !== undefined && fromDependencies.length === 0 && !/^arn:[\w-]+:iam::aws:policy\//.test(policyArn)) {
                note(match.undetermined); // Might be a stack policy whose ARN is not known yet.
            }
            result.push({ source, policyArn });
        }
        return result;
    };

    for (const role of roles) {
        for (const grant of attached(role, "managedPolicyArns")) {
            add(role, { ...grant, via: "managedPolicyArns" });
        }
        const inline = readKnown(() => role.props.inlinePolicies);
        if (!inline.known) {
            note(inline);
        } else if (Array.isArray(inline.value)) {
            const list: readonly unknown[] = inline.value;
            list.forEach((_entry, index) => {
                const entry = readKnown(() => {
                    const value = list[index];
                    const record = typeof value === "object" && value !== null ? (value as { name?: unknown; policy?: unknown }) : {};
                    return { name: record.name, policy: record.policy };
                });
                if (!entry.known) {
                    note(entry);
                } else if (entry.value.policy !== undefined && entry.value.policy !== "") {
                    const name = entry.value.name;
                    add(role, {
                        source: role,
                        document: entry.value.policy,
                        via: `inline policy ${typeof name === "string" ? name : index}`,
                    });
                }
            });
        }
    }

    const linkedRoles = (source: PolicyResource, property: string): readonly PolicyResource[] => {
        const linked = roleIndex.resolve(source, property);
        if (linked.resources.length === 0) {
            note(linked.undetermined);
        }
        return linked.resources;
    };
    const typeName = (resource: PolicyResource) => resource.type.slice(resource.type.lastIndexOf(":") + 1);
    const inlinePolicyResources = topology.ofType(aws.iam.RolePolicy);
    for (const rolePolicy of inlinePolicyResources) {
        for (const role of linkedRoles(rolePolicy, "role")) {
            const document = documentOf(() => rolePolicy.props.policy);
            if (document !== undefined) {
                add(role, { source: rolePolicy, ...document, via: `RolePolicy ${rolePolicy.name}` });
            }
        }
    }
    const attachments: [ResourceClass, string, string][] = [
        [aws.iam.RolePolicyAttachment, "role", "policyArn"],
        [aws.iam.PolicyAttachment, "roles", "policyArn"],
        [aws.iam.RolePolicyAttachmentsExclusive, "roleName", "policyArns"],
    ];
    for (const [resourceClass, roleProperty, policyProperty] of attachments) {
        for (const attachment of topology.ofType(resourceClass)) {
            const linked = linkedRoles(attachment, roleProperty);
            if (linked.length === 0) {
                continue;
            }
            const attachedPolicies = attached(attachment, policyProperty);
            for (const role of linked) {
                attachedPolicies.forEach((grant) => add(role, { ...grant, via: `${typeName(attachment)} ${attachment.name}` }));
            }
        }
    }
    // RolePoliciesExclusive names the role's inline policies; those the stack declares are followed to
    // their documents even when their own `role` could not be linked.
    for (const exclusive of topology.ofType(aws.iam.RolePoliciesExclusive)) {
        const linked = linkedRoles(exclusive, "roleName");
        if (linked.length === 0) {
            continue;
        }
        const names = readKnown(() => stringsIn(exclusive.props.policyNames));
        if (!names.known) {
            note(names);
            continue;
        }
        for (const rolePolicy of inlinePolicyResources) {
            const name = readKnown(() => rolePolicy.props.name);
            if (name.known && typeof name.value === "string" && names.value.includes(name.value)) {
                for (const role of linked) {
                    const document = grants.get(role)?.some((grant) => grant.source === rolePolicy)
                        ? undefined
                        : documentOf(() => rolePolicy.props.policy);
                    if (document !== undefined) {
                        add(role, {
                            source: rolePolicy,
                            ...document,
                            via: `RolePolicy ${rolePolicy.name} (named by ${typeName(exclusive)} ${exclusive.name})`,
                        });
                    }
                }
            }
        }
    }
    return { grants, undetermined };
}
