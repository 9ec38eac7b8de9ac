package org.bridgekeeper.connections;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bridgekeeper.common.Scope;

/**
 * A {@link ConnectionStore} that reports every state change it writes: the one place all the
 * transitions (API calls, background authorization, token refresh, 401s) pass through. A
 * transition that settles by itself later (DEAUTHORIZING to DEAUTHORIZED, DELETING to gone) is
 * reported when it settles. Reports run on {@code notifier}, in order, after the write: they
 * neither slow nor fail it. Not durable: a change whose report was pending at a crash is not
 * reported.
 */
public final class ObservedConnectionStore implements ConnectionStore {

    /** {@code before} is null for a new connection, {@code after} null for a deleted one. */
    @FunctionalInterface
    public interface Listener {
        void changed(Connection before, Connection after);
    }

    private final ConnectionStore delegate;
    private final Listener listener;
    private final ScheduledExecutorService notifier;
    private final Clock clock;

    public ObservedConnectionStore(ConnectionStore delegate, Listener listener, ScheduledExecutorService notifier,
                                   Clock clock) {
        this.delegate = delegate;
        this.listener = listener;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public InsertResult insert(Connection connection, int quota, Instant now) {
        InsertResult result = delegate.insert(connection, quota, now);
        if (result == InsertResult.CREATED) {
            report(null, connection);
        }
        return result;
    }

    @Override
    public boolean update(Connection connection) {
        Connection before = current(connection);
        boolean written = delegate.update(connection);
        if (written) {
            reportChange(before, connection);
        }
        return written;
    }

    @Override
    public boolean update(Connection connection, OAuthToken token) {
        Connection before = current(connection);
        boolean written = delegate.update(connection, token);
        if (written) {
            reportChange(before, connection);
        }
        return written;
    }

    private Connection current(Connection connection) {
        return delegate.find(connection.scope(), connection.name(), false)
                .flatMap(c -> c.at(clock.instant())).orElse(null);
    }

    private void reportChange(Connection before, Connection after) {
        if (before == null || before.state() != after.state()) {
            report(before, after);
        }
        if (after.settleAt() != null) {
            Connection settled = after.at(after.settleAt()).orElse(null);
            long delay = Math.max(0, Duration.between(clock.instant(), after.settleAt()).toMillis());
            schedule(() -> listener.changed(after, settled), delay);
        }
    }

    private void report(Connection before, Connection after) {
        schedule(() -> listener.changed(before, after), 0);
    }

    private void schedule(Runnable report, long delayMillis) {
        try {
            notifier.schedule(() -> {
                try {
                    report.run();
                } catch (RuntimeException e) {
                    System.getLogger("bridgekeeper.events").log(System.Logger.Level.WARNING,
                            "reporting a connection state change failed", e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // stopping: reports are best effort
        }
    }

    // ---- delegated as they are -------------------------------------------------------------------

    @Override
    public Optional<Connection> find(Scope scope, String name, boolean withSecrets) {
        return delegate.find(scope, name, withSecrets);
    }

    @Override
    public Optional<OAuthToken> token(Scope scope, String name) {
        return delegate.token(scope, name);
    }

    @Override
    public int countPrivate(Scope scope) {
        return delegate.countPrivate(scope);
    }

    @Override
    public List<Connection> inState(ConnectionState state) {
        return delegate.inState(state);
    }

    @Override
    public List<Connection> list(Scope scope, String namePrefix, ConnectionState state, String afterName, int limit,
                                 Instant now) {
        return delegate.list(scope, namePrefix, state, afterName, limit, now);
    }

    @Override
    public int settle(Instant now) {
        return delegate.settle(now);
    }
}
