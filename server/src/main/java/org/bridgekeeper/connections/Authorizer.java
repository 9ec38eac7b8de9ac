package org.bridgekeeper.connections;

import java.time.Duration;
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
 */
final class Authorizer {

    private static final System.Logger LOG = System.getLogger("bridgekeeper.connections");

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

    /** Starts the authorization of an AUTHORIZING connection in the background. */
    void schedule(Scope scope, String name) {
        run(scope, name, 1);
    }

    private void run(Scope scope, String name, int attempt) {
        try {
            background.execute(() -> {
                try {
                    authorize(scope, name, attempt);
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
    private void authorize(Scope scope, String name, int attempt) {
        for (int stale = 0; stale < 10; stale++) {
            Connection seen = door.withSecrets(scope, name).orElse(null);
            if (seen == null || seen.state() != ConnectionState.AUTHORIZING || seen.auth() == null
                    || seen.auth().credentials() == null) {
                return;
            }
            Outcome outcome = attempt(seen, attempt);
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down: the work resumes at the next start, nothing is recorded
            }
            Optional<Change> applied = door.change(scope, name, (current, now) ->
                    current.version() == seen.version() ? outcome.transition().apply(current, now) : current,
                    outcome.token());
            if (applied.isEmpty()) {
                return;
            }
            if (applied.get().changed()) {
                if (outcome.again()) {
                    time.at(time.now().plus(retries.retryDelay().multipliedBy(attempt)),
                            () -> run(scope, name, attempt + 1));
                }
                return;
            }
        }
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
