package org.bridgekeeper.cli.args;

/**
 * What Python's {@code int()} or {@code float()} raise on a bad literal. aws-cli does not catch
 * it, so it ends the command with exit 255 and the bare message.
 */
public final class PyValueError extends RuntimeException {

    PyValueError(String message) {
        super(message, null, false, false);
    }

    static PyValueError forInt(String literal) {
        return new PyValueError("invalid literal for int() with base 10: " + Py.repr(literal));
    }

    static PyValueError forFloat(String literal) {
        return new PyValueError("could not convert string to float: " + Py.repr(literal));
    }
}
