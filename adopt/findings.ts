/** Something the adoption cannot take over as it is, or should say. */
export interface AdoptionFinding {
    /** Logical account name, when the finding is about one account. */
    readonly account?: string;
    /** `cannot-adopt`: left out of the stack (or written, but needing action); `note`: information. */
    readonly kind: "cannot-adopt" | "note";
    /** What it is about: a role, a user, an app. */
    readonly subject: string;
    readonly problem: string;
    readonly whatToDo: string;
}
