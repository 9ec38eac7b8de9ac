package org.bridgekeeper.connections;

import org.bridgekeeper.common.Scope;

/**
 * The OAuth client-credentials request to a connection's authorization endpoint (RFC 6749
 * section 4.4). Its outcome is a value: a refusal carries a reason fit for a connection's
 * StateReason, which never holds a secret or the endpoint's answer.
 */
public interface TokenExchange {

    sealed interface Result {
        record Granted(OAuthToken token) implements Result {}

        /**
         * No token. {@code retryable}: the endpoint could not be reached or failed on its side
         * (connection refused, timeout, 5xx), so trying again later may succeed; otherwise it
         * refused the request itself (4xx, an answer without a token).
         */
        record Refused(String reason, boolean retryable) implements Result {
            public Refused(String reason) {
                this(reason, false);
            }
        }
    }

    /**
     * @param scope the connection's account and region (a private endpoint's mapping may be bound to accounts)
     * @param via the private connectivity of the authorization endpoint
     *            ({@code AuthParameters.ConnectivityParameters}), or null to reach it directly
     */
    Result exchange(Scope scope, Credentials.OAuth oauth, Connectivity via);
}
