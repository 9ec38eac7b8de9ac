package org.bridgekeeper.cli.model;

/**
 * An operation and its command name ({@code CreateConnection}, {@code create-connection}).
 *
 * @param input     the input shape name, or {@code null}
 * @param output    the output shape name, or {@code null}
 * @param paginator the botocore paginator, or {@code null}
 */
public record Operation(String name, String cliName, String input, String output, Paginator paginator) {

    /** A botocore paginator definition. */
    public record Paginator(String inputToken, String outputToken, String limitKey, String resultKey) {
    }
}
