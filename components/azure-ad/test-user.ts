import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "crypto";
import { COMPONENT_TYPES } from "../../policies/vocabulary/type-tokens";

export interface TestUserArgs {
    /** User principal name, `name@verified-domain`. */
    readonly userPrincipalName: string;
    /** Display name shown in the portal and My Apps. */
    readonly displayName: string;
    /** Initial password; when omitted a random one is set once and must be reset in the portal. */
    readonly password?: pulumi.Input<string>;
}

/** The tutorial's test user (B.Simon): a cloud-only user that must change its password at first sign-in. */
export class TestUser extends pulumi.ComponentResource {
    public readonly objectId: pulumi.Output<string>;
    public readonly userPrincipalName: pulumi.Output<string>;

    constructor(name: string, args: TestUserArgs, opts?: pulumi.ComponentResourceOptions) {
        // Component args are registered as its inputs: a given password goes into the state only as a secret.
        super(
            COMPONENT_TYPES.testUser,
            name,
            { ...args, password: args.password === undefined ? undefined : pulumi.secret(args.password) },
            opts,
        );

        const user = new azuread.User(
            `${name}-user`,
            {
                userPrincipalName: args.userPrincipalName,
                displayName: args.displayName,
                password: pulumi.secret(args.password ?? generateInitialPassword()),
                forcePasswordChange: true,
            },
            // A generated password is set at creation only; later runs must not reset it.
            { parent: this, ignoreChanges: args.password === undefined ? ["password"] : [] },
        );
        this.objectId = user.objectId;
        this.userPrincipalName = user.userPrincipalName;

        this.registerOutputs({ objectId: this.objectId, userPrincipalName: this.userPrincipalName });
    }
}

/** 24 random characters with every class Azure's password policy asks for. */
function generateInitialPassword(): string {
    return `${randomBytes(15).toString("base64").replace(/[+/=]/g, "x")}Aa1!`;
}
