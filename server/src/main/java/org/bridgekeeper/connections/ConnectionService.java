package org.bridgekeeper.connections;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.ConnectionRequests.Auth;
import org.bridgekeeper.connections.ConnectionRequests.Create;
import org.bridgekeeper.connections.ConnectionRequests.Update;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.error.Errors.Action;

/**
 * The semantics of the six connection operations: ARNs, secrets, partial updates and the quota,
 * as recorded from AWS (shared/reference). State changes are {@link Connection}'s transitions,
 * applied through the door, {@link Connections}.
 */
public final class ConnectionService {

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

    private final Connections door;
    private final PageTokens tokens;
    private final Authorizer authorizer;
    private final KeyCheck keys;
    private final Ids ids;
    private final Settings settings;

    /**
     * @param background runs the OAuth token exchanges that move AUTHORIZING connections on; they
     *                   never run on a request's thread, as AWS answers CreateConnection first
     */
    public ConnectionService(Connections door, PageTokens tokens, TokenExchange exchange, PrivateNetwork network,
                             KeyCheck keys, Executor background, Scheduler time, Ids ids, Settings settings) {
        this.door = door;
        this.keys = keys;
        this.tokens = tokens;
        this.authorizer = new Authorizer(door, exchange, network, background, time,
                new Authorizer.Retries(settings.authorizationAttempts(), settings.authorizationRetryDelay()));
        this.ids = ids;
        this.settings = settings;
    }

    public Connection create(Scope scope, Create request) {
        AuthParameters auth = authForCreate(request.type(), request.auth(), scope);
        if (request.kmsKeyIdentifier() != null && !request.kmsKeyIdentifier().isEmpty()) {
            keys.requireUsable(scope, request.kmsKeyIdentifier(), Action.CREATE);
        }
        Connectivity invocation = connectivity(scope, request.invocationResourceConfigurationArn());
        if (invocation != null) {
            requirePrivateQuota(scope);
        }
        Connection connection = Connection.created(scope, request.name(), ids.uuid(), emptyToNull(request.description()),
                request.type(), auth, newSecretId(), emptyToNull(request.kmsKeyIdentifier()), invocation, door.now());
        return switch (door.create(connection, settings.quota())) {
            case CREATED -> {
                authorizeIfNeeded(connection);
                yield connection;
            }
            case NAME_TAKEN -> throw Errors.connectionExists(request.name());
            case QUOTA_EXCEEDED -> throw Errors.connectionQuota(settings.quota());
        };
    }

    private void requirePrivateQuota(Scope scope) {
        if (door.countPrivate(scope) >= settings.privateQuota()) {
            throw Errors.privateConnectionQuota(settings.privateQuota());
        }
    }

    /** The connection as a reader sees it now (no secrets), if it exists. */
    public Optional<Connection> find(Scope scope, String name) {
        return door.find(scope, name);
    }

    /**
     * The connection a full ARN names, if it is the caller's and exists with that very UUID (see
     * {@link Connections#byArn}). With secrets for a call made with it.
     */
    public Optional<Connection> byArn(Scope caller, String connectionArn, boolean withSecrets) {
        return door.byArn(caller, connectionArn, withSecrets);
    }

    public Connection describe(Scope scope, String name) {
        return door.find(scope, name).orElseThrow(() -> Errors.connectionNotFound(Action.DESCRIBE, name));
    }

    /**
     * Applies a partial update. The response carries the state after the update; like AWS, it
     * carries the previous LastModifiedTime when the authorization changed (the new one shows in
     * Describe).
     */
    public Connection update(Scope scope, Update request) {
        boolean[] touched = new boolean[1];
        Change change = apply(Action.UPDATE, scope, request.name(), (old, now) -> {
            old.requireSettled(Action.UPDATE);
            if (request.auth() != null && request.type() == null
                    || request.description() == null && request.kmsKeyIdentifier() == null && request.type() == null
                    && request.invocationResourceConfigurationArn() == null) {
                throw Errors.updateNeedsSomething();
            }
            Connection.Updated updated = old.updated(edit(scope, old, request), now);
            if (updated.next().kmsKeyIdentifier() != null && updated.next().auth() != null) {
                keys.requireUsable(scope, updated.next().kmsKeyIdentifier(), Action.UPDATE); // the secret is sealed anew with it
            }
            touched[0] = updated.authorizationTouched();
            return updated.next();
        });
        authorizeIfNeeded(change.after());
        return touched[0] ? change.after().showingLastModified(change.before().lastModifiedTime()) : change.after();
    }

    /** The request resolved against the connection as it stands (see {@link Connection.Edit}). */
    private Connection.Edit edit(Scope scope, Connection old, Update request) {
        AuthParameters auth = old.auth();
        boolean credentialsNamed = false;
        if (request.type() != null) {
            auth = authForUpdate(old, request.type(), request.auth(), scope);
            credentialsNamed = request.auth() != null && request.auth().credentialsOf(request.type()) != null;
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
        return new Connection.Edit(
                request.description() != null ? emptyToNull(request.description()) : old.description(),
                request.kmsKeyIdentifier() != null ? emptyToNull(request.kmsKeyIdentifier()) : old.kmsKeyIdentifier(),
                request.type(), auth, credentialsNamed, invocation, newSecretId());
    }

    public Connection delete(Scope scope, String name) {
        Change change = apply(Action.DELETE, scope, name, (c, now) -> c.deleting(now, settings.settleDelay()));
        return change.after().showingLastModified(change.before().lastModifiedTime());
    }

    /**
     * Removes the authorization parameters and the secret at once; the state reads DEAUTHORIZING
     * (SecretArn still shown) until the settle delay has passed, then DEAUTHORIZED.
     */
    public Connection deauthorize(Scope scope, String name) {
        Change change = apply(Action.DEAUTHORIZE, scope, name, (c, now) -> c.deauthorizing(now, settings.settleDelay()));
        return change.changed() ? change.after().showingLastModified(change.before().lastModifiedTime()) : change.after();
    }

    /** A transition of an API call: AWS's errors when the connection is missing or stays contended. */
    private Change apply(Action action, Scope scope, String name, Connections.Transition transition) {
        try {
            return door.change(scope, name, transition).orElseThrow(() -> Errors.connectionNotFound(action, name));
        } catch (java.util.ConcurrentModificationException e) {
            throw Errors.connectionModifiedConcurrently(action, name);
        }
    }

    public Page list(Scope scope, ConnectionRequests.List request) {
        int limit = request.limit() != null ? request.limit() : DEFAULT_PAGE_SIZE;
        String binding = scope.account() + "\n" + scope.region() + "\n" + Objects.toString(request.namePrefix(), "")
                + "\n" + Objects.toString(request.state(), "");
        String after = tokens.after(binding, request.nextToken(), () -> Errors.invalidNextToken(Action.LIST));
        List<Connection> rows = door.list(scope, request.namePrefix(), request.state(), after, limit + 1);
        PageTokens.Page<Connection> page = tokens.page(binding, rows, limit, Connection::name);
        return new Page(page.items(), page.nextToken());
    }

    /**
     * Restarts the token exchanges and connectivity checks of the connections left AUTHORIZING by a
     * stop, or by a node that died: those whose authorization lease no node holds. Called at start
     * and periodically (a node that dies mid-authorization leaves its lease to expire).
     */
    public void resumeAuthorizations() {
        door.inState(ConnectionState.AUTHORIZING).stream()
                .filter(c -> !door.leased(c.scope(), c.name(), ConnectionStore.Lease.AUTHORIZE))
                .forEach(c -> authorizer.resume(c.scope(), c.name()));
    }

    /** Writes down settled transitions; called periodically so that finished rows do not linger. */
    public int settle() {
        return door.settle();
    }

    /**
     * The connection with its secrets, for a call made with its authorization; empty if it does
     * not exist (see {@link Connections#withSecrets} when its secret cannot be read).
     */
    public Optional<Connection> withSecrets(Scope scope, String name) {
        return door.withSecrets(scope, name);
    }

    /**
     * As AWS documents: a Basic or API key connection whose endpoint answered 401 or 407 is
     * de-authorized (its credentials are kept, so an update can authorize it again).
     */
    public void deauthorizeRejected(Scope scope, String name, String reason) {
        try {
            door.change(scope, name, (c, now) -> c.rejected(reason));
        } catch (java.util.ConcurrentModificationException e) {
            // contended by other writes: the next rejected call tries again
        }
    }

    private void authorizeIfNeeded(Connection c) {
        if (c.state() == ConnectionState.AUTHORIZING) {
            authorizer.schedule(c.scope(), c.name());
        }
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
            requireSecretForNewEndpoint(stored.credentials(), given);
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

    /**
     * An OAuth connection's client secret goes only to the authorization endpoint it was given
     * for: an update that moves the endpoint must give the secret again (AWS does not ask this;
     * without it, whoever may update a connection could send its stored secret anywhere).
     * Checked inside the update's transition, against the connection as stored then.
     */
    private static void requireSecretForNewEndpoint(Credentials stored, Credentials given) {
        if (stored instanceof Credentials.OAuth old && given instanceof Credentials.OAuth update
                && update.authorizationEndpoint() != null
                && !update.authorizationEndpoint().equals(old.authorizationEndpoint())
                && update.clientSecret() == null) {
            throw Errors.newAuthorizationEndpointNeedsSecret();
        }
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

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
