package org.bridgekeeper.connections;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/**
 * Where connections live. Only {@link Connections} writes through it. The implementation decides
 * name clashes with its unique constraint, never by a read before the write, so that concurrent
 * creates of one name give one winner; and it writes conditionally on the version read, so that
 * no change is lost.
 */
public interface ConnectionStore {

    enum InsertResult { CREATED, NAME_TAKEN, QUOTA_EXCEEDED }

    /** What a write does to the connection's sealed secret and the redacted copy of it that Describe shows. */
    enum SecretWrite {
        /** Seal the connection's authorization parameters anew (none: remove the secret and its copy). */
        SEAL,
        /**
         * Leave the stored secret and its redacted copy exactly as they are: for a connection
         * whose secret could not be read, whose state must change without anything overwriting
         * the secret (its key may come back).
         */
        KEEP
    }

    /** What a write does to the connection's stored OAuth token. */
    sealed interface TokenWrite {
        /** Leave it as it is. */
        record Keep() implements TokenWrite {}

        /** Remove it. */
        record Clear() implements TokenWrite {}

        /** Replace it (sealed like the secret). */
        record Put(OAuthToken token) implements TokenWrite {}
    }

    /**
     * Inserts {@code connection} unless its name is taken in its scope or the scope already holds
     * {@code quota} connections. A DELETING row whose settle time is before {@code now} no longer
     * counts and is removed first.
     */
    InsertResult insert(Connection connection, int quota, Instant now);

    /** The stored row, with secrets decrypted when {@code withSecrets}; transitions not applied. */
    Optional<Connection> find(Scope scope, String name, boolean withSecrets);

    /**
     * Replaces the row if its version is still {@code expectedVersion}; false if it changed
     * meanwhile. With {@link SecretWrite#SEAL} the secret is replaced too ({@code connection} must
     * carry its secrets, or none); with {@link SecretWrite#KEEP} the secret and its redacted copy
     * are left as stored, whatever {@code connection} carries.
     */
    boolean update(Connection connection, long expectedVersion, SecretWrite secret, TokenWrite token);

    /** Removes the row if its version is still {@code expectedVersion}, freeing its name and quota. */
    boolean remove(Scope scope, String name, long expectedVersion);

    /** What a connection's lease is for: one node at a time does it, whatever the number of nodes. */
    enum Lease {
        /** Requesting a new OAuth token for an authorized connection. */
        REFRESH,
        /** The background authorization of an AUTHORIZING connection (its attempts and their retries). */
        AUTHORIZE
    }

    /**
     * Takes the connection's lease for {@code purpose} for {@code holder} until {@code until}, in
     * one conditional write, so that of several nodes taking it at once one wins. Without
     * {@code renew}: only when no lease is stored or the stored one has expired by {@code now}
     * (a running lease of {@code holder} itself included: one holder, one piece of work). With
     * {@code renew}: only when {@code holder} holds it (another holder has not taken it over).
     */
    boolean lease(Scope scope, String name, Lease purpose, String holder, Instant now, Instant until, boolean renew);

    /** Lets go of the lease if {@code holder} holds it. */
    void release(Scope scope, String name, Lease purpose, String holder);

    /** Whether a lease for {@code purpose} runs at {@code now}, whoever holds it. */
    boolean leased(Scope scope, String name, Lease purpose, Instant now);

    /** The OAuth token stored for the connection, if any. */
    Optional<OAuthToken> token(Scope scope, String name);

    /** How many connections of the scope have private (invocation) connectivity. */
    int countPrivate(Scope scope);

    /** Every connection in {@code state}, in every scope (for work to resume after a restart). */
    List<Connection> inState(ConnectionState state);

    /** The rows whose transition has settled by {@code now} (without secrets), for the sweeper to write down. */
    List<Connection> settled(Instant now);

    /**
     * Up to {@code limit} connections after {@code afterName} in name order, as seen at {@code now}
     * (settled transitions applied), filtered by name prefix and state when those are not null.
     * Only what a list page shows: no description, KMS key, connectivity, secret id or authorization
     * parameters, and version 0 ({@link #find} has them all).
     */
    List<Connection> list(Scope scope, String namePrefix, ConnectionState state, String afterName, int limit,
                          Instant now);
}
