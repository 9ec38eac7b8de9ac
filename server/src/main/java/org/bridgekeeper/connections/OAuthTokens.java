package org.bridgekeeper.connections;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.TokenExchange.Result;

/**
 * The OAuth tokens the invoker sends, as AWS manages them: a stored token is used until it
 * expires within 60 seconds, then refreshed; a token the endpoint rejected (401/407) is refreshed
 * on demand; a refresh that fails de-authorizes the connection. Concurrent lookups that need a
 * refresh share one token request.
 */
public final class OAuthTokens {

    /** AWS refreshes "if the token expires within 60 seconds". */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final Connections door;
    private final TokenExchange exchange;
    private final ConcurrentHashMap<String, CompletableFuture<Result>> refreshing = new ConcurrentHashMap<>();

    public OAuthTokens(Connections door, TokenExchange exchange) {
        this.door = door;
        this.exchange = exchange;
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
            Result result = usable(scope, name, rejected).orElseGet(() -> refresh(scope, name));
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
