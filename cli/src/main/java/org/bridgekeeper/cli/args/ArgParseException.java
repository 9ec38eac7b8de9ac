package org.bridgekeeper.cli.args;

/**
 * An argparse error: the CLI prints the usage block, then {@code aws: error: <message>}, exit 252.
 */
public final class ArgParseException extends RuntimeException {

    public ArgParseException(String message) {
        super(message, null, false, false);
    }
}
