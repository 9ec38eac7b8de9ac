package org.bridgekeeper.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.common.Scope;

/**
 * What happens behind AUTHORIZING: the OAuth token exchange and the connectivity check of a
 * private connection, run in the background (AWS answers CreateConnection first). It decides
 * nothing about states: it finds out what happened and asks the door to apply the matching
 * transition of {@link Connection}.
 *
 * <p>Whatever the number of nodes sharing the database, one runs a connection's authorization: an
 * attempt starts only under the connection's {@link ConnectionStore.Lease#AUTHORIZE} lease, which
 * its node holds through the attempt and renews over the wait before a retry, and lets go of when
 * the authorization is over. The node that created or updated the connection takes it first; if
 * that node dies, its lease expires and another node's resume sweep
 * ({@link ConnectionService#resumeAuthorizations}) takes over.
 */
final class Authorizer {

    private static final System.Logger LOG = System.getLogger("bridgekeeper.connections");

    /**
     * How long an attempt may run under its lease: the token exchange and the connectivity checks
     * each have the outbound deadline (5 s by default), far less than this. A node that dies holds
     * up its connections' authorizations this long at most (plus a resume sweep).
     */
    static final Duration LEASE = Duration.ofSeconds(60);

    /**
     * @param attempts   token requests made before a retryable failure de-authorizes the connection
     * @param retryDelay the wait before the second attempt; it grows linearly
     */
    record Retries(int attempts, Duration retryDelay) {}

    private final Connections door;
    private final TokenExchange exchange;
    private final PrivateNetwork network;
    private final Executor background;
    private final Scheduler time;
    private final Retries retries;

    Authorizer(Connections door, TokenExchange exchange, PrivateNetwork network, Executor background, Scheduler time,
               Retries retries) {
        this.door = door;
        this.exchange = exchange;
        this.network = network;
        this.background = background;
        this.time = time;
        this.retries = retries;
    }

    /** How an attempt comes to run, which decides how it may take the lease. */
    private enum Start {
        /** After this node created or updated the connection: the lease, or this node's own (a retry wait it supersedes). */
        NEW,
        /** A connection no node is authorizing (at start, or its node died): only a lease that is free. */
        RESUME,
        /** This node's retry: only while this node still holds the lease. */
        RETRY
    }

    /** The connections this process has an attempt running for, so that one node never runs two at once. */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Starts the authorization of an AUTHORIZING connection this node just created or updated, in the background. */
    void schedule(Scope scope, String name) {
        run(scope, name, 1, Start.NEW);
    }

    /** Starts the authorization of an AUTHORIZING connection if no node runs it (see {@link Start#RESUME}). */
    void resume(Scope scope, String name) {
        run(scope, name, 1, Start.RESUME);
    }

    private void run(Scope scope, String name, int attempt, Start start) {
        try {
            background.execute(() -> {
                try {
                    authorize(scope, name, attempt, start);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "authorizing connection " + name + " failed; it stays AUTHORIZING", e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // stopping: the connection stays AUTHORIZING and is resumed at the next start
        }
    }

    /** What one attempt found: the transition it calls for, the token it got, and whether to try again. */
    private record Outcome(Connections.Transition transition, OAuthToken token, boolean again) {}

    /**
     * One attempt for an AUTHORIZING connection: the OAuth token exchange (through the private
     * network when its endpoint is private), then the connectivity check of a private connection.
     * A retryable token failure is tried again later, {@code attempt} times the retry delay. If the
     * connection changed while a request was out, the outcome is stale: start over from what is
     * stored now, which may need no work at all.
     */
    private void authorize(Scope scope, String name, int attempt, Start start) {
        String key = scope.account() + "/" + scope.region() + "/" + name;
        if (!running.add(key)) {
            return; // an attempt of this node runs: it notices the change (its outcome is stale) and starts over
        }
        try {
            Instant until = time.now().plus(LEASE);
            boolean held = switch (start) {
                case NEW -> door.lease(scope, name, ConnectionStore.Lease.AUTHORIZE, until)
                        || door.renewLease(scope, name, ConnectionStore.Lease.AUTHORIZE, until);
                case RESUME -> door.lease(scope, name, ConnectionStore.Lease.AUTHORIZE, until);
                case RETRY -> door.renewLease(scope, name, ConnectionStore.Lease.AUTHORIZE, until);
            };
            if (!held) {
                return; // another node runs this authorization (or took it over after this node's lease expired)
            }
            boolean retrying = false;
            try {
                retrying = authorizeHeld(scope, name, attempt);
            } finally {
                if (!retrying) {
                    try {
                        door.release(scope, name, ConnectionStore.Lease.AUTHORIZE);
                    } catch (RuntimeException e) {
                        // stopping, or the database is unreachable: the lease expires by itself
                    }
                }
            }
        } finally {
            running.remove(key);
        }
    }

    /** {@link #authorize} under the lease; true when a retry is scheduled (the lease renewed until it runs). */
    private boolean authorizeHeld(Scope scope, String name, int attempt) {
        for (int stale = 0; stale < 10; stale++) {
            Connection seen = door.withSecrets(scope, name).orElse(null);
            if (seen == null || seen.state() != ConnectionState.AUTHORIZING || seen.auth() == null
                    || seen.auth().credentials() == null) {
                return false;
            }
            Outcome outcome = attempt(seen, attempt);
            if (Thread.currentThread().isInterrupted()) {
                return false; // shutting down: the work resumes at the next start, nothing is recorded
            }
            Optional<Change> applied = door.change(scope, name, (current, now) ->
                    current.version() == seen.version() ? outcome.transition().apply(current, now) : current,
                    outcome.token());
            if (applied.isEmpty()) {
                return false;
            }
            if (applied.get().changed()) {
                if (outcome.again()) {
                    Instant retry = time.now().plus(retries.retryDelay().multipliedBy(attempt));
                    // Held over the wait, so that no other node starts over meanwhile; if this node
                    // dies before the retry, the lease expires and another node resumes.
                    if (!door.renewLease(scope, name, ConnectionStore.Lease.AUTHORIZE, retry.plus(LEASE))) {
                        return false;
                    }
                    time.at(retry, () -> run(scope, name, attempt + 1, Start.RETRY));
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    private Outcome attempt(Connection c, int attempt) {
        OAuthToken token = null;
        if (c.auth().credentials() instanceof Credentials.OAuth oauth) {
            Connectivity via = c.auth().connectivity();
            Optional<String> unreachable = via == null ? Optional.empty() : network.probe(c.scope(), via.resourceConfigurationArn());
            if (unreachable.isPresent()) {
                return new Outcome((current, now) -> current.connectivityFailed(unreachable.get(), false, now), null, false);
            }
            switch (exchange.exchange(c.scope(), oauth, via)) {
                case TokenExchange.Result.Granted granted -> token = granted.token();
                case TokenExchange.Result.Refused refused -> {
                    boolean again = refused.retryable() && attempt < retries.attempts();
                    return new Outcome((current, now) -> current.authorizationFailed(refused.reason(), again), null, again);
                }
            }
        }
        boolean granted = token != null;
        if (c.invocationConnectivity() != null) {
            Optional<String> unreachable = network.probe(c.scope(), c.invocationConnectivity().resourceConfigurationArn());
            if (unreachable.isPresent()) {
                return new Outcome((current, now) -> current.connectivityFailed(unreachable.get(), granted, now), null, false);
            }
        }
        return new Outcome((current, now) -> current.authorized(now), token, false);
    }
}
