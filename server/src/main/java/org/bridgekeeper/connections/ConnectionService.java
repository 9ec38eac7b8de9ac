package org.bridgekeeper.connections;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.ConnectionRequests.Auth;
import org.bridgekeeper.connections.ConnectionRequests.Create;
import org.bridgekeeper.connections.ConnectionRequests.Update;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.error.Errors.Action;

/**
 * The semantics of the six connection operations: states and their transitions, ARNs, secrets,
 * partial updates and the quota, as recorded from AWS (shared/reference).
 */
public final class ConnectionService {

    /** Recorded from AWS. */
    static final String DEAUTHORIZED_REASON =
            "The authorization parameters were removed from this connection by a DeauthorizeConnection operation.";

    /** The default page size of ListConnections; AWS does not document one, and 100 is its maximum. */
    static final int DEFAULT_PAGE_SIZE = 100;

    /**
     * @param authorizationAttempts token requests made for an AUTHORIZING connection before a
     *                              retryable failure de-authorizes it
     * @param authorizationRetryDelay the wait before the second attempt; it grows linearly
     */
    public record Settings(Duration settleDelay, int quota, int privateQuota, int authorizationAttempts,
                           Duration authorizationRetryDelay) {}

    /** A page of ListConnections; {@code nextToken} is null on the last page. */
    public record Page(List<Connection> connections, String nextToken) {}

    private final ConnectionStore store;
    private final PageTokens tokens;
    private final Authorizer authorizer;
    private final KeyCheck keys;
    private final Clock clock;
    private final Ids ids;
    private final Settings settings;

    /**
     * @param background runs the OAuth token exchanges that move AUTHORIZING connections on; they
     *                   never run on a request's thread, as AWS answers CreateConnection first
     */
    public ConnectionService(ConnectionStore store, PageTokens tokens, TokenExchange exchange, PrivateNetwork network,
                             KeyCheck keys, Executor background, Clock clock, Ids ids, Settings settings) {
        this.keys = keys;
        this.store = store;
        this.tokens = tokens;
        this.authorizer = new Authorizer(store, exchange, network, background, clock, settings);
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
    }

    public Connection create(Scope scope, Create request) {
        AuthParameters auth = authForCreate(request.type(), request.auth(), scope);
        if (request.kmsKeyIdentifier() != null && !request.kmsKeyIdentifier().isEmpty()) {
            keys.requireUsable(scope, request.kmsKeyIdentifier(), Action.CREATE);
        }
        Instant now = now();
        Connectivity invocation = connectivity(scope, request.invocationResourceConfigurationArn());
        if (invocation != null) {
            requirePrivateQuota(scope);
        }
        // OAuth connections wait for their token exchange, private ones for their connectivity
        // check; AWS shows LastAuthorizedTime 0 meanwhile.
        boolean background = request.type() == AuthorizationType.OAUTH_CLIENT_CREDENTIALS || invocation != null;
        Connection connection = new Connection(scope, request.name(), ids.uuid(), emptyToNull(request.description()),
                request.type(), background ? ConnectionState.AUTHORIZING : ConnectionState.AUTHORIZED, null,
                newSecretId(), emptyToNull(request.kmsKeyIdentifier()), invocation, auth, now, now,
                background ? Instant.EPOCH : now, null, 1);
        return switch (store.insert(connection, settings.quota(), now)) {
            case CREATED -> {
                if (background) {
                    authorizer.schedule(scope, request.name());
                }
                yield connection;
            }
            case NAME_TAKEN -> throw Errors.connectionExists(request.name());
            case QUOTA_EXCEEDED -> throw Errors.connectionQuota(settings.quota());
        };
    }

    private void requirePrivateQuota(Scope scope) {
        if (store.countPrivate(scope) >= settings.privateQuota()) {
            throw Errors.privateConnectionQuota(settings.privateQuota());
        }
    }

    /** The connection as a reader sees it now (no secrets), if it exists. */
    public Optional<Connection> find(Scope scope, String name) {
        return store.find(scope, name, false).flatMap(c -> c.at(now()));
    }

    /**
     * The connection a full ARN names, if it exists with that very UUID: a re-created connection
     * of the same name is another connection. With secrets for a call made with it.
     */
    public Optional<Connection> byArn(String connectionArn, boolean withSecrets) {
        // arn:<partition>:events:<region>:<account>:connection/<name>/<uuid>
        String[] parts = connectionArn.split(":", 6);
        String[] resource = parts.length == 6 ? parts[5].split("/") : new String[0];
        if (resource.length != 3 || !resource[0].equals("connection") || parts[4].isEmpty()) {
            return Optional.empty();
        }
        Scope scope = new Scope(parts[4], parts[3]);
        return (withSecrets ? withSecrets(scope, resource[1]) : find(scope, resource[1]))
                .filter(c -> c.arn().equals(connectionArn));
    }

    public Connection describe(Scope scope, String name) {
        return current(scope, name, Action.DESCRIBE, false);
    }

    /**
     * Applies a partial update. The response carries the state after the update; like AWS, it
     * carries the previous LastModifiedTime when the authorization changed (the new one shows in
     * Describe).
     */
    public Connection update(Scope scope, Update request) {
        return retried(Action.UPDATE, request.name(), () -> tryUpdate(scope, request));
    }

    /**
     * Runs {@code attempt} until it is not beaten by a concurrent write. Background work (a token
     * exchange finishing, a transition settling) also writes connections; a request that loses
     * such a race is applied again to what is stored now, a few times, before AWS's
     * ConcurrentModificationException is the answer.
     */
    private static Connection retried(Action action, String name, java.util.function.Supplier<Optional<Connection>> attempt) {
        for (int i = 0; i < 5; i++) {
            Optional<Connection> done = attempt.get();
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw Errors.connectionModifiedConcurrently(action, name);
    }

    private Optional<Connection> tryUpdate(Scope scope, Update request) {
        Connection old = current(scope, request.name(), Action.UPDATE, true);
        requireSettled(old, Action.UPDATE);
        Auth auth = request.auth();
        if (auth != null && request.type() == null
                || request.description() == null && request.kmsKeyIdentifier() == null && request.type() == null
                && request.invocationResourceConfigurationArn() == null) {
            throw Errors.updateNeedsSomething();
        }
        Instant now = now();
        AuthorizationType type = old.type();
        AuthParameters newAuth = old.auth();
        String secretId = old.secretId();
        boolean authChanged = false;
        boolean reauthorize = false;
        if (request.type() != null) {
            type = request.type();
            newAuth = authForUpdate(old, type, auth, scope);
            authChanged = !Objects.equals(newAuth, old.auth()) || type != old.type();
            if (authChanged && (old.auth() == null || secretId == null)) {
                secretId = newSecretId(); // re-authorization after DeauthorizeConnection: a new secret
            }
            reauthorize = authChanged && (old.auth() == null || type != old.type()
                    || !Objects.equals(newAuth.credentials(), old.auth().credentials())
                    || !Objects.equals(newAuth.connectivity(), old.auth().connectivity())
                    || old.state() == ConnectionState.DEAUTHORIZED);
        }
        Connectivity invocation = old.invocationConnectivity();
        if (request.invocationResourceConfigurationArn() != null) {
            String arn = request.invocationResourceConfigurationArn();
            invocation = invocation != null && invocation.resourceConfigurationArn().equals(arn)
                    ? invocation : connectivity(scope, arn);
            if (invocation != null && old.invocationConnectivity() == null) {
                requirePrivateQuota(scope);
            }
        }
        // AWS re-verifies connectivity when a connection becomes private, public, or private elsewhere.
        reauthorize |= !Objects.equals(invocation, old.invocationConnectivity());
        ConnectionState state = old.state();
        String stateReason = old.stateReason();
        Instant lastAuthorized = old.lastAuthorizedTime();
        boolean background = false;
        if (reauthorize && newAuth != null && newAuth.credentials() != null) {
            background = type == AuthorizationType.OAUTH_CLIENT_CREDENTIALS || invocation != null;
            state = background ? ConnectionState.AUTHORIZING : ConnectionState.AUTHORIZED;
            stateReason = null;
            if (!background) {
                lastAuthorized = now;
            }
        }
        Connection updated = new Connection(scope, old.name(), old.uuid(),
                request.description() != null ? emptyToNull(request.description()) : old.description(), type, state,
                stateReason, secretId,
                request.kmsKeyIdentifier() != null ? emptyToNull(request.kmsKeyIdentifier()) : old.kmsKeyIdentifier(),
                invocation, newAuth, old.creationTime(), now, lastAuthorized, null, old.version() + 1);
        if (updated.kmsKeyIdentifier() != null && updated.auth() != null) {
            keys.requireUsable(scope, updated.kmsKeyIdentifier(), Action.UPDATE); // the secret is sealed anew with it
        }
        if (!store.update(updated)) {
            return Optional.empty();
        }
        if (background) {
            authorizer.schedule(scope, request.name());
        }
        return Optional.of(authChanged || reauthorize ? withLastModified(updated, old.lastModifiedTime()) : updated);
    }

    public Connection delete(Scope scope, String name) {
        return retried(Action.DELETE, name, () -> tryDelete(scope, name));
    }

    private Optional<Connection> tryDelete(Scope scope, String name) {
        // With secrets: the row is rewritten whole, and a DELETING connection keeps its secret until it is gone
        // (unless the secret cannot be read any more, which de-authorizes the connection first).
        Connection old = current(scope, name, Action.DELETE, true);
        if (old.state() == ConnectionState.DELETING) {
            throw Errors.connectionModifiedConcurrently(Action.DELETE, name);
        }
        Connection deleting = transition(old, ConnectionState.DELETING, old.stateReason(), old.auth(), old.secretId());
        if (!store.update(deleting)) {
            return Optional.empty();
        }
        return Optional.of(withLastModified(deleting, old.lastModifiedTime()));
    }

    /**
     * Removes the authorization parameters and the secret at once; the state reads DEAUTHORIZING
     * (SecretArn still shown) until the settle delay has passed, then DEAUTHORIZED.
     */
    public Connection deauthorize(Scope scope, String name) {
        return retried(Action.DEAUTHORIZE, name, () -> tryDeauthorize(scope, name));
    }

    private Optional<Connection> tryDeauthorize(Scope scope, String name) {
        Connection old = current(scope, name, Action.DEAUTHORIZE, false);
        switch (old.state()) {
            case DELETING -> throw Errors.connectionModifiedConcurrently(Action.DEAUTHORIZE, name);
            case DEAUTHORIZING, DEAUTHORIZED -> {
                return Optional.of(old); // AWS accepts a repeated DeauthorizeConnection and changes nothing
            }
            default -> { }
        }
        Connection deauthorizing = transition(old, ConnectionState.DEAUTHORIZING, DEAUTHORIZED_REASON, null,
                old.secretId());
        if (!store.update(deauthorizing)) {
            return Optional.empty();
        }
        return Optional.of(withLastModified(deauthorizing, old.lastModifiedTime()));
    }

    public Page list(Scope scope, ConnectionRequests.List request) {
        int limit = request.limit() != null ? request.limit() : DEFAULT_PAGE_SIZE;
        String binding = scope.account() + "\n" + scope.region() + "\n" + Objects.toString(request.namePrefix(), "")
                + "\n" + Objects.toString(request.state(), "");
        String after = tokens.after(binding, request.nextToken(), () -> Errors.invalidNextToken(Action.LIST));
        List<Connection> rows = store.list(scope, request.namePrefix(), request.state(), after, limit + 1, now());
        PageTokens.Page<Connection> page = tokens.page(binding, rows, limit, Connection::name);
        return new Page(page.items(), page.nextToken());
    }

    /** Restarts the token exchanges and connectivity checks of the connections a stop left AUTHORIZING. */
    public void resumeAuthorizations() {
        store.inState(ConnectionState.AUTHORIZING).forEach(c -> authorizer.schedule(c.scope(), c.name()));
    }

    /** Writes down settled transitions; called periodically so that finished rows do not linger. */
    public int settle() {
        return store.settle(now());
    }

    /**
     * The connection as it stands. When its secrets are asked for and cannot be read (its KMS key
     * was disabled or scheduled for deletion), the connection is de-authorized on the spot, as AWS
     * does when a secret is next needed, and returned without its authorization.
     */
    private Connection current(Scope scope, String name, Action action, boolean withSecrets) {
        try {
            Optional<Connection> found = store.find(scope, name, withSecrets).flatMap(c -> c.at(now()));
            return found.orElseThrow(() -> Errors.connectionNotFound(action, name));
        } catch (SecretUnavailableException e) {
            deauthorizeUnreadable(scope, name, e.getMessage());
            return current(scope, name, action, false);
        }
    }

    /**
     * The connection with its secrets, for a call made with its authorization; empty if it does
     * not exist or its secret cannot be read (which de-authorizes it).
     */
    public Optional<Connection> withSecrets(Scope scope, String name) {
        try {
            return store.find(scope, name, true).flatMap(c -> c.at(now()));
        } catch (SecretUnavailableException e) {
            deauthorizeUnreadable(scope, name, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * As AWS documents: a Basic or API key connection whose endpoint answered 401 or 407 is
     * de-authorized (its credentials are kept, so an update can authorize it again).
     */
    public void deauthorizeRejected(Scope scope, String name, String reason) {
        for (int i = 0; i < 5; i++) {
            // With secrets: the row is rewritten whole, and the credentials stay for a later update.
            Connection c = withSecrets(scope, name).orElse(null);
            if (c == null || !c.isAuthorized()) {
                return;
            }
            if (store.update(c.next(ConnectionState.DEAUTHORIZED, reason, c.lastAuthorizedTime()))) {
                return;
            }
        }
    }

    private void deauthorizeUnreadable(Scope scope, String name, String reason) {
        authorizer.deauthorizeUnreadable(scope, name, reason);
    }

    private static void requireSettled(Connection connection, Action action) {
        if (connection.state() == ConnectionState.DEAUTHORIZING || connection.state() == ConnectionState.DELETING) {
            throw Errors.connectionModifiedConcurrently(action, connection.name());
        }
    }

    private Connection transition(Connection old, ConnectionState state, String reason, AuthParameters auth,
                                  String secretId) {
        Instant now = now();
        return new Connection(old.scope(), old.name(), old.uuid(), old.description(), old.type(), state, reason,
                secretId, old.kmsKeyIdentifier(), old.invocationConnectivity(), auth, old.creationTime(), now,
                old.lastAuthorizedTime(), now.plus(settings.settleDelay()), old.version() + 1);
    }

    private static Connection withLastModified(Connection c, Instant lastModified) {
        return new Connection(c.scope(), c.name(), c.uuid(), c.description(), c.type(), c.state(), c.stateReason(),
                c.secretId(), c.kmsKeyIdentifier(), c.invocationConnectivity(), c.auth(), c.creationTime(),
                lastModified, c.lastAuthorizedTime(), c.settleAt(), c.version());
    }

    private AuthParameters authForCreate(AuthorizationType type, Auth auth, Scope scope) {
        Credentials credentials = auth.credentialsOf(type);
        if (credentials == null) {
            throw Errors.connectionInvalid(Action.CREATE, parametersName(type)
                    + " must be specified for authorization type " + type + ".");
        }
        if (auth.credentialKinds() > 1) {
            throw Errors.connectionInvalid(Action.CREATE, "Only " + parametersName(type)
                    + " may be specified for authorization type " + type + ".");
        }
        return new AuthParameters(credentials, auth.invocationHttpParameters(),
                connectivity(scope, auth.connectivityResourceConfigurationArn()));
    }

    /**
     * The authorization after an update naming {@code type}. The same type merges partial
     * credentials onto the stored ones; parameters of another type than the one named have no
     * effect (as AWS documents). A new type, or a de-authorized connection, needs complete ones.
     */
    private AuthParameters authForUpdate(Connection old, AuthorizationType type, Auth auth, Scope scope) {
        AuthParameters stored = old.auth();
        boolean sameType = stored != null && type == old.type();
        Credentials given = auth == null ? null : auth.credentialsOf(type);
        Credentials credentials;
        if (sameType) {
            credentials = given == null ? stored.credentials() : given.over(stored.credentials());
        } else {
            if (given == null || !given.complete()) {
                throw Errors.connectionInvalid(Action.UPDATE, "Complete " + parametersName(type)
                        + " must be specified to " + (stored == null ? "authorize the connection with " : "change the authorization type to ")
                        + type + ".");
            }
            credentials = given;
        }
        HttpParameters invocation = auth != null && auth.invocationHttpParameters() != null
                ? auth.invocationHttpParameters() : stored == null ? null : stored.invocationHttpParameters();
        Connectivity connectivity = stored == null ? null : stored.connectivity();
        if (auth != null && auth.connectivityResourceConfigurationArn() != null) {
            String arn = auth.connectivityResourceConfigurationArn();
            connectivity = connectivity != null && connectivity.resourceConfigurationArn().equals(arn)
                    ? connectivity : connectivity(scope, arn);
        }
        return new AuthParameters(credentials, invocation, connectivity);
    }

    private static String parametersName(AuthorizationType type) {
        return switch (type) {
            case BASIC -> "BasicAuthParameters";
            case OAUTH_CLIENT_CREDENTIALS -> "OAuthParameters";
            case API_KEY -> "ApiKeyAuthParameters";
        };
    }

    /** A private connectivity with a generated association; an empty configuration ARN means none. */
    private Connectivity connectivity(Scope scope, String resourceConfigurationArn) {
        if (resourceConfigurationArn == null || resourceConfigurationArn.isEmpty()) {
            return null;
        }
        return new Connectivity(resourceConfigurationArn, scope.arn("vpc-lattice",
                "servicenetworkresourceassociation/snra-" + ids.random(17, Ids.LOWER_ALPHANUMERIC)));
    }

    /** A secret's id as AWS forms it: a UUID of its own and a 6-character Secrets Manager suffix. */
    private String newSecretId() {
        return ids.uuid() + "-" + ids.random(6, Ids.ALPHANUMERIC);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
