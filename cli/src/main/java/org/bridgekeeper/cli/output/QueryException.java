package org.bridgekeeper.cli.output;

/**
 * A {@code --query} expression that does not compile. {@link #getMessage()} is the whole text
 * AWS CLI 2.9.19 prints (framed by newlines on stderr, exit 252), e.g.
 * <pre>
 * Bad value for --query foo[: Invalid jmespath expression: Incomplete expression:
 * "foo["
 *      ^</pre>
 */
public final class QueryException extends Exception {
    private static final long serialVersionUID = 1L;

    QueryException(String message) {
        super(message, null, false, false);
    }
}
