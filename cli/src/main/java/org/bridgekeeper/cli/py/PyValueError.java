package org.bridgekeeper.cli.py;

/**
 * Python's {@code ValueError}, as {@code int()}, {@code float()} and {@code json.dumps} raise
 * it. aws-cli does not catch it, so it ends the command with exit 255 and the bare message.
 */
public final class PyValueError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PyValueError(String message) {
        super(message, null, false, false);
    }
}
