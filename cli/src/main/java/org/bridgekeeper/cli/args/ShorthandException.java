package org.bridgekeeper.cli.args;

/** A shorthand syntax error, with AWS's text (the echoed input and its caret included). */
public final class ShorthandException extends RuntimeException {

    ShorthandException(String message) {
        super(message, null, false, false);
    }
}
