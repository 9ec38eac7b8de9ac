package org.bridgekeeper.cli.json;

/** A JSON syntax error, worded as Python's {@code json.JSONDecodeError}. */
public final class PyJsonException extends RuntimeException {

    PyJsonException(String message) {
        super(message, null, false, false);
    }
}
