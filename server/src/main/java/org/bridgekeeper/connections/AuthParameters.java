package org.bridgekeeper.connections;

/**
 * Everything stored in a connection's secret: the credentials of its type, the invocation
 * parameters and the private connectivity of its OAuth endpoint (each may be null).
 */
public record AuthParameters(Credentials credentials, HttpParameters invocationHttpParameters,
                             Connectivity connectivity) {

    /** The same parameters with every secret value removed: what Describe may show. */
    public AuthParameters redacted() {
        return new AuthParameters(credentials == null ? null : credentials.redacted(),
                invocationHttpParameters == null ? null : invocationHttpParameters.redacted(), connectivity);
    }
}
