package org.bridgekeeper.cli.output;

/**
 * A failure the AWS CLI does not anticipate while it searches or formats a response: a JMESPath
 * runtime error ({@code length(`1`)}, an unknown function, {@code 'a' < `1`}) or one of the
 * formatters' own crashes on odd shapes (a table row with the wrong number of cells). awscli
 * lets the Python exception reach its last-resort handler, which prints
 * {@code "\n" + getMessage() + "\n"} to stderr and exits 255; {@link #getMessage()} is that
 * Python {@code str(exception)}, byte for byte where we know it.
 */
public final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputException(String message) {
        super(message, null, false, false);
    }
}
