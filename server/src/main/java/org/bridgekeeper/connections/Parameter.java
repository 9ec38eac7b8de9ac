package org.bridgekeeper.connections;

/**
 * One header, query string or body parameter of a connection. {@code value} is null in a
 * redacted copy when the value is secret, or when the caller never gave one. {@code secret} keeps
 * the caller's {@code IsValueSecret} as given (null when omitted, which reads as false).
 */
public record Parameter(String key, String value, Boolean secret) {

    public boolean isSecret() {
        return Boolean.TRUE.equals(secret);
    }

    Parameter redacted() {
        return isSecret() ? new Parameter(key, null, secret) : this;
    }
}
