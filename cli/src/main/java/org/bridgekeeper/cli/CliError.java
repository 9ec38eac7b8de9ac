package org.bridgekeeper.cli;

/**
 * A failure the CLI reports itself: the text goes to stderr framed as aws-cli 2.9.19 frames it
 * ({@code "\n" + message + "\n"}), with its exit code (252 parameters, 253 configuration, 254
 * service, 255 anything else).
 */
final class CliError extends RuntimeException {

    private final int exitCode;

    CliError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliError paramValidation(java.util.List<String> errors) {
        return new CliError(252, "Parameter validation failed:\n" + String.join("\n", errors));
    }
}
