package org.bridgekeeper.connections;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.bridgekeeper.common.Scope;

/**
 * What happens behind AUTHORIZING: the OAuth token exchange and the connectivity check of a
 * private connection, run in the background (AWS answers CreateConnection first), and the
 * state they lead to. Also de-authorizes a connection whose secret cannot be read any more.
 */
final class Authorizer {

    private static final System.Logger LOG = System.getLogger("bridgekeeper.connections");

    private final ConnectionStore store;
    private final TokenExchange exchange;
    private final PrivateNetwork network;
    private final Executor background;
    private final Clock clock;
    private final ConnectionService.Settings settings;

    Authorizer(ConnectionStore store, TokenExchange exchange, PrivateNetwork network, Executor background, Clock clock,
               ConnectionService.Settings settings) {
        this.store = store;
        this.exchange = exchange;
        this.network = network;
        this.background = background;
        this.clock = clock;
        this.settings = settings;
    }

    /** Runs {@link #authorize} in the background. */
    void schedule(Scope scope, String name) {
        background.execute(() -> {
            try {
                authorize(scope, name);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "authorizing connection " + name + " failed; it stays AUTHORIZING", e);
            }
        });
    }

    /** The outcome of one authorization attempt; {@code token} is kept only when authorized. */
    private record Step(ConnectionState state, String reason, OAuthToken token, boolean again) {}

    /**
     * Moves an AUTHORIZING connection on: the OAuth token exchange (through the private network
     * when its endpoint is private), then the connectivity check of a private connection. The
     * outcome follows AWS's state table: AUTHORIZED, or ACTIVE for a private connection;
     * DEAUTHORIZED when authorization fails; FAILED_CONNECTIVITY when a private endpoint cannot
     * be reached. A retryable token failure is tried again a few times first, the connection
     * showing AUTHORIZING with the reason meanwhile (as AWS was recorded doing for an unreachable
     * endpoint). If the connection changed while a request was out, the outcome is stale: start
     * over from what is stored now, which may need no work at all.
     */
    void authorize(Scope scope, String name) {
        int attempt = 0;
        for (int conflicts = 0; conflicts < 10; ) {
            Connection c;
            try {
                c = store.find(scope, name, true).flatMap(x -> x.at(now())).orElse(null);
            } catch (SecretUnavailableException e) {
                deauthorizeUnreadable(scope, name, e.getMessage());
                return;
            }
            if (c == null || c.state() != ConnectionState.AUTHORIZING || c.auth() == null
                    || c.auth().credentials() == null) {
                return;
            }
            Step step = attempt(c, ++attempt);
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down: the work resumes at the next start, nothing is recorded
            }
            boolean authorized = step.state() == ConnectionState.AUTHORIZED || step.state() == ConnectionState.ACTIVE;
            Connection next = c.next(step.state(), step.reason(),
                    authorized || step.token() != null ? now() : c.lastAuthorizedTime());
            if (!(authorized && step.token() != null ? store.update(next, step.token()) : store.update(next))) {
                conflicts++;
                continue;
            }
            if (!step.again()) {
                return;
            }
            try {
                Thread.sleep(settings.authorizationRetryDelay().multipliedBy(attempt));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Step attempt(Connection c, int attempt) {
        OAuthToken token = null;
        if (c.auth().credentials() instanceof Credentials.OAuth oauth) {
            Connectivity via = c.auth().connectivity();
            Optional<String> unreachable = via == null ? Optional.empty() : network.probe(via.resourceConfigurationArn());
            if (unreachable.isPresent()) {
                return new Step(ConnectionState.FAILED_CONNECTIVITY, unreachable.get(), null, false);
            }
            switch (exchange.exchange(oauth, via)) {
                case TokenExchange.Result.Granted granted -> token = granted.token();
                case TokenExchange.Result.Refused refused -> {
                    boolean again = refused.retryable() && attempt < settings.authorizationAttempts();
                    return new Step(again ? ConnectionState.AUTHORIZING : ConnectionState.DEAUTHORIZED,
                            refused.reason(), null, again);
                }
            }
        }
        if (c.invocationConnectivity() == null) {
            return new Step(ConnectionState.AUTHORIZED, null, token, false);
        }
        Optional<String> unreachable = network.probe(c.invocationConnectivity().resourceConfigurationArn());
        return unreachable.isPresent() ? new Step(ConnectionState.FAILED_CONNECTIVITY, unreachable.get(), token, false)
                : new Step(ConnectionState.ACTIVE, null, token, false);
    }

    /** Records that a connection's secret cannot be read: DEAUTHORIZED, the reason, no authorization left. */
    void deauthorizeUnreadable(Scope scope, String name, String reason) {
        store.find(scope, name, false).flatMap(c -> c.at(now()))
                .ifPresent(c -> store.update(c.withoutAuthorization(ConnectionState.DEAUTHORIZED, reason)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
