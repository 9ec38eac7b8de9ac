package org.bridgekeeper.connections;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.TokenExchange.Result;

/**
 * The OAuth tokens the invoker sends, as AWS manages them: a stored token is used until it
 * expires within 60 seconds, then refreshed; a token the endpoint rejected (401/407) is refreshed
 * on demand; a refresh that fails de-authorizes the connection. Concurrent lookups that need a
 * refresh share one token request: in this process, by sharing one future; across the nodes that
 * share the database, by the connection's {@link ConnectionStore.Lease#REFRESH} lease. The node
 * that takes the lease makes the request and stores the token; the others look on the
 * {@link Scheduler} every {@link #POLL} for the new token, and take the lease themselves if it is
 * let go of (the refresh failed to record anything) or expires (its node died).
 */
public final class OAuthTokens {

    /** AWS refreshes "if the token expires within 60 seconds". */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    /** How often a node waiting for another node's refresh looks for the new token. */
    static final Duration POLL = Duration.ofMillis(100);

    private final Connections door;
    private final TokenExchange exchange;
    private final Scheduler time;
    private final Duration lease;
    private final ConcurrentHashMap<String, CompletableFuture<Result>> refreshing = new ConcurrentHashMap<>();

    /** For a server alone on its database: one token request per refresh in this process. */
    public OAuthTokens(Connections door, TokenExchange exchange) {
        this(door, exchange, null, null);
    }

    /**
     * @param time  where a node waiting for another's refresh waits
     * @param lease how long a node may take over a refresh before others may take it over: longer
     *              than a token request can last (its outbound deadline)
     */
    public OAuthTokens(Connections door, TokenExchange exchange, Scheduler time, Duration lease) {
        this.door = door;
        this.exchange = exchange;
        this.time = time;
        this.lease = lease;
    }

    /** A token valid for at least the refresh margin, or why there is none. */
    public Result token(Scope scope, String name) {
        return lookup(scope, name, null);
    }

    /**
     * After the endpoint answered 401 or 407 to a call made with {@code rejected}: a new token.
     * If another caller has already replaced the rejected token, that one is returned.
     */
    public Result refreshAfterRejection(Scope scope, String name, OAuthToken rejected) {
        return lookup(scope, name, rejected);
    }

    private Result lookup(Scope scope, String name, OAuthToken rejected) {
        try {
            return lookupReadable(scope, name, rejected);
        } catch (SecretUnavailableException e) {
            return new Result.Refused(e.getMessage()); // the door has de-authorized the connection
        }
    }

    private Result lookupReadable(Scope scope, String name, OAuthToken rejected) {
        Optional<Result> ready = usable(scope, name, rejected);
        if (ready.isPresent()) {
            return ready.get();
        }
        String key = scope.account() + "/" + scope.region() + "/" + name;
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> running = refreshing.putIfAbsent(key, mine);
        if (running != null) {
            return running.join();
        }
        try {
            // Someone may have stored a fresh token between our look and our claim.
            Result result = usable(scope, name, rejected).orElseGet(() -> refreshOnce(scope, name, rejected));
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            refreshing.remove(key, mine);
        }
    }

    /** The stored token if it can be used as is; a refusal if the connection cannot have one; empty to refresh. */
    private Optional<Result> usable(Scope scope, String name, OAuthToken rejected) {
        Connection c = door.find(scope, name).orElse(null);
        if (c == null) {
            return Optional.of(new Result.Refused("The connection does not exist."));
        }
        if (c.type() != AuthorizationType.OAUTH_CLIENT_CREDENTIALS) {
            return Optional.of(new Result.Refused("The connection does not use OAuth client credentials."));
        }
        if (!c.isAuthorized()) {
            return Optional.of(new Result.Refused("The connection is " + c.state() + ", not AUTHORIZED."));
        }
        return door.token(scope, name)
                .filter(t -> !t.expiresWithin(REFRESH_MARGIN, door.now()))
                .filter(t -> rejected == null || !t.accessToken().equals(rejected.accessToken()))
                .map(Result.Granted::new);
    }

    /**
     * One token request across the nodes: under the connection's refresh lease; or, while another
     * node holds it, the token that node stores. Should the lease never be let go of on a clock
     * that does not move (a stopped scheduler), this node asks for a token itself after a bounded
     * number of looks: two requests rather than a call held for ever.
     */
    private Result refreshOnce(Scope scope, String name, OAuthToken rejected) {
        if (time == null) {
            return refresh(scope, name);
        }
        long looks = 2 * (lease.toMillis() / POLL.toMillis()) + 10;
        for (long look = 0; look < looks; look++) {
            if (door.lease(scope, name, ConnectionStore.Lease.REFRESH, time.now().plus(lease))) {
                try {
                    // The node that held the lease before may have stored a token just before letting go.
                    return usable(scope, name, rejected).orElseGet(() -> refresh(scope, name));
                } finally {
                    door.release(scope, name, ConnectionStore.Lease.REFRESH);
                }
            }
            pause();
            Optional<Result> ready = usable(scope, name, rejected);
            if (ready.isPresent()) {
                return ready.get();
            }
        }
        return refresh(scope, name);
    }

    /** Waits one {@link #POLL} of the scheduler's time (or of real time, should the scheduler have stopped). */
    private void pause() {
        CompletableFuture<Void> due = new CompletableFuture<>();
        time.at(time.now().plus(POLL), () -> due.complete(null));
        due.completeOnTimeout(null, POLL.toMillis() * 10, java.util.concurrent.TimeUnit.MILLISECONDS).join();
    }

    private Result refresh(Scope scope, String name) {
        Connection seen = door.withSecrets(scope, name).orElse(null);
        if (seen == null || !seen.isAuthorized() || seen.auth() == null
                || !(seen.auth().credentials() instanceof Credentials.OAuth oauth)) {
            return new Result.Refused("The connection is not authorized.");
        }
        Result result = exchange.exchange(scope, oauth, seen.auth().connectivity());
        // If the connection changed while the request was out, nothing is recorded: a token granted
        // to the old credentials is still valid to use once, and a refusal of them says nothing of the new.
        door.change(scope, name, (current, now) -> current.version() != seen.version() ? current : switch (result) {
            case Result.Granted granted -> current.tokenRefreshed(now);
            case Result.Refused refused -> current.refreshFailed(refused.reason());
        }, result instanceof Result.Granted granted ? granted.token() : null);
        return result;
    }
}
