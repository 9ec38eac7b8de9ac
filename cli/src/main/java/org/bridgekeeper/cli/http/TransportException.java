package org.bridgekeeper.cli.http;

/** A request that got no HTTP response, with the AWS CLI's message for it (exit 255). */
public final class TransportException extends Exception {

    /** What failed: all but {@link #SSL} are retried by the standard retry mode. */
    public enum Kind { CONNECT, CONNECT_TIMEOUT, READ_TIMEOUT, SSL, OTHER }

    private final Kind kind;

    TransportException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
