package org.bridgekeeper.cli.py;

/**
 * Python's {@code json.JSONDecodeError}. {@link #getMessage()} is its {@code str()},
 * {@code "Expecting value: line 1 column 24 (char 23)"}, which aws-cli prints as it is.
 */
public final class JsonDecodeError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonDecodeError(String msg, int pos, int lineno, int colno) {
        super(msg + ": line " + lineno + " column " + colno + " (char " + pos + ")", null, false, false);
    }
}
