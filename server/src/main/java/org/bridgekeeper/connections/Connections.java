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
import org.bridgekeeper.connections.ConnectionStore.TokenWrite;

/**
 * The one door through which a connection's state changes. A caller names a transition of
 * {@link Connection}; the door reads the connection as of now (settled transitions applied,
 * secrets open), applies the transition, writes the result on condition that nothing changed
 * meanwhile and, if something did, applies it again to what is stored now. It owns the rules
 * every write shares: the clock, the token rule (a token lives only as long as the authorization
 * it came from), the unreadable-secret rule and the state-change events. Nothing else writes a
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
    private volatile Listener listener = change -> { };

    /**
     * @param notifier runs the listener, one change at a time in the order written (a single thread);
     *                 reports are not durable: a change whose report is pending at a crash is not reported
     */
    public Connections(ConnectionStore store, Scheduler time, Executor notifier) {
        this.store = store;
        this.time = time;
        this.notifier = notifier;
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
     * empty if it does not exist or its secret cannot be read (which de-authorizes it).
     */
    public Optional<Connection> withSecrets(Scope scope, String name) {
        try {
            return store.find(scope, name, true).flatMap(c -> c.at(now()));
        } catch (SecretUnavailableException e) {
            unreadable(scope, name, e.getMessage());
            return Optional.empty();
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
            try {
                stored = store.find(scope, name, true).orElse(null);
            } catch (SecretUnavailableException e) {
                unreadable(scope, name, e.getMessage());
                continue; // now without a secret: readable
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
            if (write(next, stored.version(), token)) {
                Change change = new Change(before, next);
                change.event().ifPresent(this::report);
                return Optional.of(change);
            }
        }
        throw new ConcurrentModificationException(name);
    }

    /**
     * The unreadable-secret rule: a connection whose secret cannot be read (its customer managed
     * key is disabled or gone) is de-authorized, as AWS does when the secret is next needed.
     */
    private void unreadable(Scope scope, String name, String reason) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Connection stored = store.find(scope, name, false).orElse(null);
            Connection before = stored == null ? null : stored.at(now()).orElse(null);
            if (before == null) {
                return;
            }
            Connection next = before.secretUnreadable(reason).atVersion(stored.version() + 1);
            if (write(next, stored.version(), null)) {
                new Change(before, next).event().ifPresent(this::report);
                return;
            }
        }
    }

    /** The token rule, then the write; a transitional state's settling is reported when it settles. */
    private boolean write(Connection next, long expectedVersion, OAuthToken token) {
        TokenWrite tokenWrite = !next.isAuthorized() ? new TokenWrite.Clear()
                : token != null ? new TokenWrite.Put(token) : new TokenWrite.Keep();
        if (!store.update(next, expectedVersion, tokenWrite)) {
            return false;
        }
        if (next.settleAt() != null) {
            Connection settled = next.at(next.settleAt()).orElse(null);
            time.at(next.settleAt(), () -> report(new StateChange(next, settled)));
        }
        return true;
    }

    /**
     * Writes down the transitions settled by now (readers already see them, through
     * {@link Connection#at}); returns how many rows changed. Called periodically.
     */
    int settle() {
        Instant now = now();
        int written = 0;
        for (Connection row : store.settled(now)) {
            Optional<Connection> settled = row.at(now);
            if (settled.isPresent() && settled.get() == row) {
                continue; // not a transitional state: nothing settles
            }
            boolean done = settled.isEmpty() ? store.remove(row.scope(), row.name(), row.version())
                    : store.update(settled.get().atVersion(row.version() + 1), row.version(), new TokenWrite.Clear());
            written += done ? 1 : 0;
        }
        return written;
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
