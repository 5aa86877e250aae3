/** Bad input to the cli-config command or generators: the command prints the message and exits 2. */
export class CliConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CliConfigError";
    }
}
