package org.bridgekeeper.connections;

import java.time.Instant;
import org.bridgekeeper.common.Scope;

/**
 * A connection as stored. {@code auth} is null once the connection is de-authorized; it is the
 * redacted copy unless the store was asked for secrets. {@code settleAt} is when a transitional
 * state (DEAUTHORIZING, DELETING) completes; {@code version} guards against lost updates.
 */
public record Connection(Scope scope, String name, String uuid, String description, AuthorizationType type,
                         ConnectionState state, String stateReason, String secretId, String kmsKeyIdentifier,
                         Connectivity invocationConnectivity, AuthParameters auth, Instant creationTime,
                         Instant lastModifiedTime, Instant lastAuthorizedTime, Instant settleAt, long version) {

    public String arn() {
        return scope.arn("events", "connection/" + name + "/" + uuid);
    }

    /** {@code events!connection/<name>/<uuid>-<suffix>}, as AWS names the connection's secret; null without one. */
    public String secretArn() {
        return secretArn(scope, name, secretId);
    }

    public static String secretArn(Scope scope, String name, String secretId) {
        return secretId == null ? null : scope.arn("secretsmanager", "secret:events!connection/" + name + "/" + secretId);
    }

    /**
     * The connection as a reader sees it at {@code now}: a transition whose settle time has passed
     * has completed, even if the background sweeper has not written that down yet. Empty when the
     * connection is gone.
     */
    public java.util.Optional<Connection> at(Instant now) {
        if (settleAt == null || now.isBefore(settleAt)) {
            return java.util.Optional.of(this);
        }
        return switch (state) {
            case DELETING -> java.util.Optional.empty();
            case DEAUTHORIZING -> java.util.Optional.of(new Connection(scope, name, uuid, description, type,
                    ConnectionState.DEAUTHORIZED, stateReason, null, kmsKeyIdentifier, invocationConnectivity, null,
                    creationTime, lastModifiedTime, lastAuthorizedTime, null, version));
            default -> java.util.Optional.of(this);
        };
    }

    /** The next version of this connection in {@code state}, with the given reason and authorization time. */
    Connection next(ConnectionState state, String stateReason, Instant lastAuthorizedTime) {
        return new Connection(scope, name, uuid, description, type, state, stateReason, secretId, kmsKeyIdentifier,
                invocationConnectivity, auth, creationTime, lastModifiedTime, lastAuthorizedTime, null, version + 1);
    }

    /**
     * The next version without its authorization parameters and secret, in {@code state}: what
     * remains when the secret cannot be read any more (its key is disabled, say).
     */
    Connection withoutAuthorization(ConnectionState state, String stateReason) {
        return new Connection(scope, name, uuid, description, type, state, stateReason, null, kmsKeyIdentifier,
                invocationConnectivity, null, creationTime, lastModifiedTime, lastAuthorizedTime, null, version + 1);
    }

    /** Whether calls may be made with this connection's authorization. */
    public boolean isAuthorized() {
        return state == ConnectionState.AUTHORIZED || state == ConnectionState.ACTIVE;
    }
}
