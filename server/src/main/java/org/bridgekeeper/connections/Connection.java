package org.bridgekeeper.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.error.Errors.Action;

/**
 * A connection as stored, and every way its state may change. {@code auth} is null once the
 * connection is de-authorized by DeauthorizeConnection (or, in the door, while its secret cannot
 * be read); it is the redacted copy unless the store was asked for secrets.
 * {@code settleAt} is when a transitional state (DEAUTHORIZING, DELETING) completes;
 * {@code version} guards against lost updates and belongs to the store ({@link Connections}
 * sets it; transitions leave it alone).
 *
 * <p>The transitions are pure: each is a function of the connection and the time, returns the
 * next value (or this very instance when nothing changes) and implies the state-change event
 * {@link Change#event()} derives. They follow AWS's state table (shared/reference,
 * "Connection states"). Only {@link Connections} applies them to what is stored.
 */
public record Connection(Scope scope, String name, String uuid, String description, AuthorizationType type,
                         ConnectionState state, String stateReason, String secretId, String kmsKeyIdentifier,
                         Connectivity invocationConnectivity, AuthParameters auth, Instant creationTime,
                         Instant lastModifiedTime, Instant lastAuthorizedTime, Instant settleAt, long version) {

    /** Recorded from AWS. */
    static final String DEAUTHORIZED_REASON =
            "The authorization parameters were removed from this connection by a DeauthorizeConnection operation.";

    public String arn() {
        return scope.arn("events", "connection/" + name + "/" + uuid);
    }

    /** {@code events!connection/<name>/<uuid>-<suffix>}, as AWS names the connection's secret; null without one. */
    public String secretArn() {
        return secretArn(scope, name, secretId);
    }

    public static String secretArn(Scope scope, String name, String secretId) {
        return secretId == null ? null : scope.arn("secretsmanager", "secret:events!connection/" + name + "/" + secretId);
    }

    /** Whether calls may be made with this connection's authorization. */
    public boolean isAuthorized() {
        return state == ConnectionState.AUTHORIZED || state == ConnectionState.ACTIVE;
    }

    /** Whether its authorization runs in the background (AWS answers first): OAuth, or a private connection. */
    boolean authorizesInBackground() {
        return type == AuthorizationType.OAUTH_CLIENT_CREDENTIALS || invocationConnectivity != null;
    }

    // ---- the transitions ----------------------------------------------------------------------

    /**
     * A new connection: AUTHORIZED at once for Basic and API key; AUTHORIZING while an OAuth token
     * exchange or a private connectivity check runs, with LastAuthorizedTime 0 meanwhile (AWS).
     */
    static Connection created(Scope scope, String name, String uuid, String description, AuthorizationType type,
                              AuthParameters auth, String secretId, String kmsKeyIdentifier, Connectivity invocation,
                              Instant now) {
        Connection c = new Connection(scope, name, uuid, description, type, ConnectionState.AUTHORIZED, null, secretId,
                kmsKeyIdentifier, invocation, auth, now, now, now, null, 1);
        return c.authorizesInBackground() ? c.with().state(ConnectionState.AUTHORIZING).lastAuthorized(Instant.EPOCH).build() : c;
    }

    /**
     * What an UpdateConnection asks, resolved against the stored connection by the service (merged
     * credentials, a generated association for new connectivity). {@code type} null: the
     * authorization is not touched. {@code credentialsNamed}: the request carried parameters of
     * {@code type}'s credentials. {@code newSecretId} is used if the update needs a new secret.
     */
    record Edit(String description, String kmsKeyIdentifier, AuthorizationType type, AuthParameters auth,
                boolean credentialsNamed, Connectivity invocation, String newSecretId) {}

    /** The result of an update: the next value, and whether the authorization changed or is run again. */
    record Updated(Connection next, boolean authorizationTouched) {}

    /**
     * UpdateConnection, as AWS documents it: a public connection is re-authorized when its method
     * and credentials change or it becomes private; a private one also when it moves or its
     * credentials change. A connection that is not authorized (its authorization failed, or was
     * removed) is authorized again by any update that names its credentials, even unchanged ones:
     * AWS re-runs the authorization, and nothing else could recover it.
     */
    Updated updated(Edit e, Instant now) {
        requireSettled(Action.UPDATE);
        AuthorizationType nextType = type;
        AuthParameters nextAuth = auth;
        String nextSecretId = secretId;
        boolean authChanged = false;
        boolean reauthorize = false;
        if (e.type() != null) {
            nextType = e.type();
            nextAuth = e.auth();
            authChanged = !Objects.equals(nextAuth, auth) || nextType != type;
            if (authChanged && (auth == null || secretId == null)) {
                nextSecretId = e.newSecretId(); // re-authorization after DeauthorizeConnection: a new secret
            }
            reauthorize = authChanged && (auth == null || nextType != type
                    || !Objects.equals(nextAuth.credentials(), auth.credentials())
                    || !Objects.equals(nextAuth.connectivity(), auth.connectivity())
                    || state == ConnectionState.DEAUTHORIZED)
                    || e.credentialsNamed() && !isAuthorized() && state != ConnectionState.AUTHORIZING;
        }
        // AWS re-verifies connectivity when a connection becomes private, public, or private elsewhere.
        reauthorize |= !Objects.equals(e.invocation(), invocationConnectivity);
        Builder next = with().description(e.description()).kmsKeyIdentifier(e.kmsKeyIdentifier()).type(nextType)
                .auth(nextAuth).secretId(nextSecretId).invocation(e.invocation()).lastModified(now).settleAt(null);
        if (reauthorize && nextAuth != null && nextAuth.credentials() != null) {
            Connection draft = next.build();
            next.state(draft.authorizesInBackground() ? ConnectionState.AUTHORIZING : ConnectionState.AUTHORIZED)
                    .reason(null).lastAuthorized(draft.authorizesInBackground() ? lastAuthorizedTime : now);
        }
        return new Updated(next.build(), authChanged || reauthorize);
    }

    /** DeleteConnection: DELETING, the secret kept, gone {@code settleDelay} later. */
    Connection deleting(Instant now, Duration settleDelay) {
        if (state == ConnectionState.DELETING) {
            throw Errors.connectionModifiedConcurrently(Action.DELETE, name);
        }
        return with().state(ConnectionState.DELETING).lastModified(now).settleAt(now.plus(settleDelay)).build();
    }

    /**
     * DeauthorizeConnection: the authorization parameters go at once; DEAUTHORIZING (SecretArn
     * still shown) until {@code settleDelay} has passed, then DEAUTHORIZED. A connection already
     * without parameters is left as it is, as AWS accepts a repeated call and changes nothing.
     */
    Connection deauthorizing(Instant now, Duration settleDelay) {
        switch (state) {
            case DELETING -> throw Errors.connectionModifiedConcurrently(Action.DEAUTHORIZE, name);
            case DEAUTHORIZING -> {
                return this;
            }
            case DEAUTHORIZED -> {
                if (auth == null) {
                    return this;
                }
            }
            default -> { }
        }
        return with().state(ConnectionState.DEAUTHORIZING).reason(DEAUTHORIZED_REASON).auth(null).lastModified(now)
                .settleAt(now.plus(settleDelay)).build();
    }

    /**
     * The connection as it stands at {@code now}: a transition whose settle time has passed has
     * completed (DELETING: gone; DEAUTHORIZING: DEAUTHORIZED without its secret), whether or not
     * the sweeper has written that down yet. This is the one place the settle rule lives.
     */
    public Optional<Connection> at(Instant now) {
        if (settleAt == null || now.isBefore(settleAt)) {
            return Optional.of(this);
        }
        ConnectionState settled = state.settled();
        if (settled == null) {
            return Optional.empty();
        }
        // A settled de-authorization has no secret left: the parameters went at the call, the secret now.
        return Optional.of(settled == state ? this
                : with().state(settled).secretId(null).auth(null).settleAt(null).build());
    }

    /** The background authorization succeeded: AUTHORIZED, or ACTIVE for a private connection. */
    Connection authorized(Instant now) {
        return with().state(invocationConnectivity != null ? ConnectionState.ACTIVE : ConnectionState.AUTHORIZED)
                .reason(null).lastAuthorized(now).build();
    }

    /**
     * The token exchange failed: DEAUTHORIZED, or still AUTHORIZING with the reason while another
     * attempt is to come (as AWS was recorded doing for an unreachable endpoint).
     */
    Connection authorizationFailed(String reason, boolean retrying) {
        return with().state(retrying ? ConnectionState.AUTHORIZING : ConnectionState.DEAUTHORIZED).reason(reason).build();
    }

    /** A private endpoint cannot be reached; {@code tokenGranted}: the token exchange before it succeeded. */
    Connection connectivityFailed(String reason, boolean tokenGranted, Instant now) {
        return with().state(ConnectionState.FAILED_CONNECTIVITY).reason(reason)
                .lastAuthorized(tokenGranted ? now : lastAuthorizedTime).build();
    }

    /**
     * A Basic or API key call was answered 401 or 407: DEAUTHORIZED, as AWS documents, with the
     * credentials kept so that an update can authorize it again.
     */
    Connection rejected(String reason) {
        return isAuthorized() ? with().state(ConnectionState.DEAUTHORIZED).reason(reason).build() : this;
    }

    /** An OAuth token was refreshed. */
    Connection tokenRefreshed(Instant now) {
        return isAuthorized() ? with().reason(null).lastAuthorized(now).build() : this;
    }

    /** The token could not be refreshed: DEAUTHORIZED, as AWS documents. */
    Connection refreshFailed(String reason) {
        return isAuthorized() ? with().state(ConnectionState.DEAUTHORIZED).reason(reason).build() : this;
    }

    /**
     * The secret cannot be read (its customer managed key is disabled, pending deletion or gone;
     * a master key missing): DEAUTHORIZED, as AWS does when the secret is next needed, with the
     * reason. The secret, its id and the parameters are kept: the key may come back (re-enabled,
     * the key ring restored), and an update naming the credentials then authorizes it again; an
     * update with complete new parameters, or a deletion, is what lets go of it. A connection on
     * its way (DELETING, DEAUTHORIZING) goes on.
     */
    Connection secretUnreadable(String reason) {
        if (state.settled() != state
                || state == ConnectionState.DEAUTHORIZED && Objects.equals(reason, stateReason)) {
            return this;
        }
        return with().state(ConnectionState.DEAUTHORIZED).reason(reason).build();
    }

    /**
     * This connection as a transition sees it when its secret could not be read: without
     * authorization parameters, so that an update cannot merge onto what is not known (it needs
     * complete ones), and the door leaves the stored secret alone unless the transition replaces it.
     */
    Connection secretNotRead() {
        return with().auth(null).build();
    }

    /** This connection as stored at {@code version} (set by the store's door only). */
    Connection atVersion(long version) {
        return with().version(version).build();
    }

    /** This connection showing {@code lastModified} (responses that carry the previous time, as AWS's do). */
    Connection showingLastModified(Instant lastModified) {
        return with().lastModified(lastModified).build();
    }

    void requireSettled(Action action) {
        if (state == ConnectionState.DEAUTHORIZING || state == ConnectionState.DELETING) {
            throw Errors.connectionModifiedConcurrently(action, name);
        }
    }

    // ---- copies -------------------------------------------------------------------------------

    /** A copy to change member by member: the one place, besides the store's row mapping, that lists them all. */
    Builder with() {
        return new Builder(this);
    }

    static final class Builder {
        private final Connection from;
        private String description;
        private AuthorizationType type;
        private ConnectionState state;
        private String reason;
        private String secretId;
        private String kmsKeyIdentifier;
        private Connectivity invocation;
        private AuthParameters auth;
        private Instant lastModified;
        private Instant lastAuthorized;
        private Instant settleAt;
        private long version;

        private Builder(Connection c) {
            from = c;
            description = c.description;
            type = c.type;
            state = c.state;
            reason = c.stateReason;
            secretId = c.secretId;
            kmsKeyIdentifier = c.kmsKeyIdentifier;
            invocation = c.invocationConnectivity;
            auth = c.auth;
            lastModified = c.lastModifiedTime;
            lastAuthorized = c.lastAuthorizedTime;
            settleAt = c.settleAt;
            version = c.version;
        }

        Builder description(String v) { description = v; return this; }
        Builder type(AuthorizationType v) { type = v; return this; }
        Builder state(ConnectionState v) { state = v; return this; }
        Builder reason(String v) { reason = v; return this; }
        Builder secretId(String v) { secretId = v; return this; }
        Builder kmsKeyIdentifier(String v) { kmsKeyIdentifier = v; return this; }
        Builder invocation(Connectivity v) { invocation = v; return this; }
        Builder auth(AuthParameters v) { auth = v; return this; }
        Builder lastModified(Instant v) { lastModified = v; return this; }
        Builder lastAuthorized(Instant v) { lastAuthorized = v; return this; }
        Builder settleAt(Instant v) { settleAt = v; return this; }
        Builder version(long v) { version = v; return this; }

        Connection build() {
            return new Connection(from.scope, from.name, from.uuid, description, type, state, reason, secretId,
                    kmsKeyIdentifier, invocation, auth, from.creationTime, lastModified, lastAuthorized, settleAt, version);
        }
    }
}
