package org.bridgekeeper.connections;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.Change.StateChange;
import org.bridgekeeper.connections.ConnectionStore.InsertResult;
import org.bridgekeeper.connections.ConnectionStore.SecretWrite;
import org.bridgekeeper.connections.ConnectionStore.TokenWrite;

/**
 * The one door through which a connection's state changes. A caller names a transition of
 * {@link Connection}; the door reads the connection as of now (settled transitions applied,
 * secrets open), applies the transition, writes the result on condition that nothing changed
 * meanwhile and, if something did, applies it again to what is stored now. It owns the rules
 * every write shares: the clock, the token rule (a token lives only as long as the authorization
 * it came from), the secret rule (a secret that cannot be read is never overwritten for that), the
 * unreadable-secret rule and the state-change events. Nothing else writes a
 * connection.
 */
public final class Connections {

    /** A transition to apply: the next value of {@code current} at {@code now}, or {@code current} itself for none. */
    @FunctionalInterface
    public interface Transition {
        Connection apply(Connection current, Instant now);
    }

    /** Hears every state change, in order, after it is written; never slows or fails the write. */
    @FunctionalInterface
    public interface Listener {
        void changed(StateChange change);
    }

    /** Writes beaten by a concurrent one are applied again this many times before giving up. */
    private static final int ATTEMPTS = 10;

    private static final System.Logger LOG = System.getLogger("bridgekeeper.connections");

    private final ConnectionStore store;
    private final Scheduler time;
    private final Executor notifier;
    private final String node;
    private volatile Listener listener = change -> { };

    /** A door for a server that does not share its database: its leases are held under a random name. */
    public Connections(ConnectionStore store, Scheduler time, Executor notifier) {
        this(store, time, notifier, java.util.UUID.randomUUID().toString());
    }

    /**
     * @param notifier runs the listener, one change at a time in the order written (a single thread);
     *                 reports are not durable: a change whose report is pending at a crash is not reported
     * @param node     this node's id among the nodes sharing the database: the holder of the leases it takes
     */
    public Connections(ConnectionStore store, Scheduler time, Executor notifier, String node) {
        this.store = store;
        this.time = time;
        this.notifier = notifier;
        this.node = node;
    }

    /** Sets who hears state changes (once the event bus, which needs the connections, exists). */
    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** The time transitions are applied at: the clock, to the millisecond as stored. */
    Instant now() {
        return time.now().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- reads ----------------------------------------------------------------------------------

    /** The connection as a reader sees it now, without secrets. */
    public Optional<Connection> find(Scope scope, String name) {
        return store.find(scope, name, false).flatMap(c -> c.at(now()));
    }

    /**
     * The connection as it stands now with its secrets, for a call made with its authorization;
     * empty if it does not exist. If its secret cannot be read, which de-authorizes it (the
     * secret kept), it comes as it then stands, DEAUTHORIZED with the reason and without
     * authorization parameters, so that a caller says why it cannot be used.
     */
    public Optional<Connection> withSecrets(Scope scope, String name) {
        try {
            return store.find(scope, name, true).flatMap(c -> c.at(now()));
        } catch (SecretUnavailableException e) {
            unreadable(scope, name, e.getMessage());
            return find(scope, name).map(Connection::secretNotRead);
        }
    }

    /**
     * The connection a full ARN names, if it is {@code caller}'s (the ARN's account, region and
     * partition are the caller's) and exists with that very UUID: a re-created connection of the
     * same name is another connection, and another account's connection is none of the caller's.
     */
    public Optional<Connection> byArn(Scope caller, String connectionArn, boolean withSecrets) {
        // arn:<partition>:events:<region>:<account>:connection/<name>/<uuid>
        String prefix = caller.arn("events", "connection/");
        String[] resource = connectionArn.startsWith(prefix) ? connectionArn.substring(prefix.length()).split("/", -1)
                : new String[0];
        if (resource.length != 2 || resource[0].isEmpty()) {
            return Optional.empty();
        }
        return (withSecrets ? withSecrets(caller, resource[0]) : find(caller, resource[0]))
                .filter(c -> c.arn().equals(connectionArn));
    }

    /**
     * The stored OAuth token of the connection, if any.
     *
     * @throws SecretUnavailableException when it cannot be opened (which de-authorizes the connection)
     */
    Optional<OAuthToken> token(Scope scope, String name) {
        try {
            return store.token(scope, name);
        } catch (SecretUnavailableException e) {
            unreadable(scope, name, e.getMessage());
            throw e;
        }
    }

    List<Connection> list(Scope scope, String namePrefix, ConnectionState state, String afterName, int limit) {
        return store.list(scope, namePrefix, state, afterName, limit, now());
    }

    int countPrivate(Scope scope) {
        return store.countPrivate(scope);
    }

    List<Connection> inState(ConnectionState state) {
        return store.inState(state);
    }

    // ---- writes ---------------------------------------------------------------------------------

    /** Stores a new connection (see {@link Connection#created}). */
    InsertResult create(Connection connection, int quota) {
        InsertResult result = store.insert(connection, quota, connection.creationTime());
        if (result == InsertResult.CREATED) {
            report(new StateChange(null, connection));
        }
        return result;
    }

    /** {@link #change(Scope, String, Transition, OAuthToken)} without a new token. */
    Optional<Change> change(Scope scope, String name, Transition transition) {
        return change(scope, name, transition, null);
    }

    /**
     * Applies {@code transition} to the connection as it stands now and writes the result; empty
     * if the connection does not exist. {@code token}, when not null, is stored with the result if
     * the result is authorized. Transitions may throw an {@code AwsException} to refuse.
     *
     * @throws ConcurrentModificationException when concurrent writes won every attempt
     */
    Optional<Change> change(Scope scope, String name, Transition transition, OAuthToken token) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Connection stored;
            boolean opened = true;
            try {
                stored = store.find(scope, name, true).orElse(null);
            } catch (SecretUnavailableException e) {
                unreadable(scope, name, e.getMessage());
                // Its secret is still stored, and stays: the transition sees none, so that nothing
                // can be merged onto what could not be read, and the write leaves it alone.
                stored = store.find(scope, name, false).map(Connection::secretNotRead).orElse(null);
                opened = false;
            }
            Instant now = now();
            Connection before = stored == null ? null : stored.at(now).orElse(null);
            if (before == null) {
                return Optional.empty();
            }
            Connection next = transition.apply(before, now);
            if (next == before) {
                return Optional.of(new Change(before, before));
            }
            next = next.atVersion(stored.version() + 1);
            if (write(next, stored.version(), secretWrite(opened, stored, next), token)) {
                Change change = new Change(before, next);
                change.event().ifPresent(this::report);
                return Optional.of(change);
            }
        }
        throw new ConcurrentModificationException(name);
    }

    /**
     * The secret rule: a connection read with its secret is written with the secret it carries
     * (sealed anew, or removed when it carries none). One whose secret could not be read keeps its
     * stored secret, unless the transition gave it new parameters or let go of its secret id
     * (a de-authorization that settled): nothing ever overwrites a secret because it could not
     * be read at that moment.
     */
    private static SecretWrite secretWrite(boolean opened, Connection stored, Connection next) {
        boolean keep = !opened && next.auth() == null && next.secretId() != null
                && next.secretId().equals(stored.secretId());
        return keep ? SecretWrite.KEEP : SecretWrite.SEAL;
    }

    /**
     * The unreadable-secret rule: a connection whose secret cannot be read (its customer managed
     * key is disabled, pending deletion or gone) is de-authorized, as AWS does when the secret is
     * next needed, with a StateReason that says why. Its sealed secret, secret id and parameters
     * stay as stored (a state-only write), so that re-enabling the key and an update naming the
     * credentials authorizes it again.
     */
    private void unreadable(Scope scope, String name, String reason) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Connection stored = store.find(scope, name, false).orElse(null);
            Connection before = stored == null ? null : stored.at(now()).orElse(null);
            if (before == null) {
                return;
            }
            Connection next = before.secretUnreadable(reason);
            if (next == before) {
                return;
            }
            next = next.atVersion(stored.version() + 1);
            if (write(next, stored.version(), SecretWrite.KEEP, null)) {
                new Change(before, next).event().ifPresent(this::report);
                return;
            }
        }
    }

    /** The token rule, then the write; a transitional state's settling is reported when it settles. */
    private boolean write(Connection next, long expectedVersion, SecretWrite secret, OAuthToken token) {
        TokenWrite tokenWrite = !next.isAuthorized() ? new TokenWrite.Clear()
                : token != null ? new TokenWrite.Put(token) : new TokenWrite.Keep();
        if (!store.update(next, expectedVersion, secret, tokenWrite)) {
            return false;
        }
        if (next.settleAt() != null) {
            // Settled (written and reported) at its time, or by a sweep of any node if this one dies first.
            time.at(next.settleAt(), () -> settleOne(next.scope(), next.name()));
        }
        return true;
    }

    /**
     * Writes down the transitions settled by now (readers already see them, through
     * {@link Connection#at}) and reports each; returns how many rows changed. Called periodically.
     */
    int settle() {
        Instant now = now();
        int written = 0;
        for (Connection row : store.settled(now)) {
            written += settle(row, now) ? 1 : 0;
        }
        return written;
    }

    /**
     * Writes down {@code row}'s settled transition by a conditional write on the version read, and
     * reports its state change only if this write is the one that did it: of the nodes (the timer
     * set by the node that started the transition, every node's periodic sweep) that settle one
     * transition, exactly one writes it and reports it; and if the node that started it died, the
     * others still do.
     */
    private boolean settle(Connection row, Instant now) {
        Optional<Connection> settled = row.at(now);
        if (settled.isPresent() && settled.get() == row) {
            return false; // not a transitional state: nothing settles
        }
        boolean done = settled.isEmpty() ? store.remove(row.scope(), row.name(), row.version())
                : store.update(settled.get().atVersion(row.version() + 1), row.version(), SecretWrite.SEAL,
                        new TokenWrite.Clear()); // settled: DEAUTHORIZED without a secret, as AWS
        if (done) {
            report(new StateChange(row, settled.orElse(null)));
        }
        return done;
    }

    /** Settles the connection's transition now if it is due (its settle time has come). */
    private void settleOne(Scope scope, String name) {
        Instant now = now();
        store.find(scope, name, false).filter(row -> row.settleAt() != null && !now.isBefore(row.settleAt()))
                .ifPresent(row -> settle(row, now));
    }

    // ---- leases: one node at a time ---------------------------------------------------------------

    /**
     * Takes the connection's lease for {@code purpose} until {@code until} for this node, when no
     * other lease for it runs (none of this node's either: one holder, one piece of work).
     * The lease is not the connection's state: it leaves the connection and its version alone.
     */
    boolean lease(Scope scope, String name, ConnectionStore.Lease purpose, Instant until) {
        return store.lease(scope, name, purpose, node, now(), until, false);
    }

    /** Extends this node's lease to {@code until}; false when this node no longer holds it. */
    boolean renewLease(Scope scope, String name, ConnectionStore.Lease purpose, Instant until) {
        return store.lease(scope, name, purpose, node, now(), until, true);
    }

    /** Lets go of this node's lease, so that others need not wait for it to expire. */
    void release(Scope scope, String name, ConnectionStore.Lease purpose) {
        store.release(scope, name, purpose, node);
    }

    /** Whether any node holds a running lease for {@code purpose}. */
    boolean leased(Scope scope, String name, ConnectionStore.Lease purpose) {
        return store.leased(scope, name, purpose, now());
    }

    private void report(StateChange change) {
        try {
            notifier.execute(() -> {
                try {
                    listener.changed(change);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "reporting a connection state change failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // stopping: reports are best effort
        }
    }
}
