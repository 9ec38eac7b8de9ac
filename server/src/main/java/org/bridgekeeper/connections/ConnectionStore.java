package org.bridgekeeper.connections;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/**
 * Where connections live. The implementation decides name clashes with its unique constraint,
 * never by a read before the write, so that concurrent creates of one name give one winner.
 */
public interface ConnectionStore {

    enum InsertResult { CREATED, NAME_TAKEN, QUOTA_EXCEEDED }

    /**
     * Inserts {@code connection} unless its name is taken in its scope or the scope already holds
     * {@code quota} connections. A DELETING row whose settle time is before {@code now} no longer
     * counts and is removed first.
     */
    InsertResult insert(Connection connection, int quota, Instant now);

    /** The stored row, with secrets decrypted when {@code withSecrets}; transitions not applied. */
    Optional<Connection> find(Scope scope, String name, boolean withSecrets);

    /**
     * Replaces the row if its version is still {@code connection.version() - 1}; false if it
     * changed meanwhile. The stored OAuth token is kept while the connection stays authorized
     * and dropped otherwise: a token lives only as long as the authorization it came from.
     */
    boolean update(Connection connection);

    /** As {@link #update(Connection)}, storing {@code token} (sealed) as the connection's OAuth token. */
    boolean update(Connection connection, OAuthToken token);

    /** The OAuth token stored for the connection, if any. */
    Optional<OAuthToken> token(Scope scope, String name);

    /** How many connections of the scope have private (invocation) connectivity. */
    int countPrivate(Scope scope);

    /** Every connection in {@code state}, in every scope (for work to resume after a restart). */
    List<Connection> inState(ConnectionState state);

    /**
     * Up to {@code limit} connections after {@code afterName} in name order, as seen at {@code now}
     * (settled transitions applied), filtered by name prefix and state when those are not null.
     * Only what a list page shows: no description, KMS key, connectivity, secret id or authorization
     * parameters, and version 0 ({@link #find} has them all).
     */
    List<Connection> list(Scope scope, String namePrefix, ConnectionState state, String afterName, int limit,
                          Instant now);

    /** Writes down the transitions settled by {@code now}; returns how many rows changed. */
    int settle(Instant now);
}
