package org.bridgekeeper.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.AwsException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The state table of a connection, transition by transition, at fixed instants, against what
 * AWS was recorded and documented doing (shared/reference/eventbridge-api.md, "Connection states").
 */
class ConnectionTransitionsTest {

    private static final Scope SCOPE = new Scope("123456789012", "us-east-1");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private static final Credentials.Basic BASIC = new Credentials.Basic("user", "pw");
    private static final Credentials.OAuth OAUTH = new Credentials.OAuth("client", "secret",
            "https://auth.example.com/token", "POST", null);
    private static final Connectivity PRIVATE = new Connectivity("arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-1",
            "arn:aws:vpc-lattice:us-east-1:123456789012:servicenetworkresourceassociation/snra-1");

    private static Connection create(AuthorizationType type, Credentials credentials, Connectivity invocation) {
        return Connection.created(SCOPE, "c", "uuid-1", null, type, new AuthParameters(credentials, null, null),
                "secret-1", null, invocation, T0);
    }

    private static Connection basic() {
        return create(AuthorizationType.BASIC, BASIC, null);
    }

    private static Connection oauth() {
        return create(AuthorizationType.OAUTH_CLIENT_CREDENTIALS, OAUTH, null);
    }

    /** An update naming {@code credentials} of their type, resolved as the service resolves it. */
    private static Connection.Edit naming(Connection c, Credentials credentials) {
        return new Connection.Edit(c.description(), c.kmsKeyIdentifier(), credentials.type(),
                new AuthParameters(credentials, null, null), true, c.invocationConnectivity(), "secret-2");
    }

    @Nested
    class Create {
        @Test
        void basicAndApiKeyAreAuthorizedAtOnce() {
            Connection c = basic();
            assertEquals(ConnectionState.AUTHORIZED, c.state());
            assertEquals(T0, c.lastAuthorizedTime());
            assertEquals(ConnectionState.AUTHORIZED,
                    create(AuthorizationType.API_KEY, new Credentials.ApiKey("k", "v"), null).state());
        }

        @Test
        void oauthAndPrivateConnectionsAuthorizeInTheBackground() {
            assertEquals(ConnectionState.AUTHORIZING, oauth().state());
            assertEquals(Instant.EPOCH, oauth().lastAuthorizedTime());
            assertEquals(ConnectionState.AUTHORIZING, create(AuthorizationType.BASIC, BASIC, PRIVATE).state());
        }
    }

    @Nested
    class BackgroundAuthorization {
        @Test
        void successIsAuthorizedOrActiveForAPrivateConnection() {
            Connection done = oauth().authorized(T1);
            assertEquals(ConnectionState.AUTHORIZED, done.state());
            assertEquals(T1, done.lastAuthorizedTime());
            assertEquals(ConnectionState.ACTIVE, create(AuthorizationType.BASIC, BASIC, PRIVATE).authorized(T1).state());
        }

        @Test
        void aFailureDeauthorizesOrStaysAuthorizingWhileRetrying() {
            Connection retrying = oauth().authorizationFailed("down", true);
            assertEquals(ConnectionState.AUTHORIZING, retrying.state());
            assertEquals("down", retrying.stateReason());
            Connection failed = retrying.authorizationFailed("refused", false);
            assertEquals(ConnectionState.DEAUTHORIZED, failed.state());
            assertEquals("refused", failed.stateReason());
            assertEquals(OAUTH, failed.auth().credentials(), "credentials are kept for a later update");
        }

        @Test
        void anUnreachablePrivateEndpointIsFailedConnectivity() {
            Connection c = create(AuthorizationType.OAUTH_CLIENT_CREDENTIALS, OAUTH, PRIVATE);
            Connection failed = c.connectivityFailed("no route", true, T1);
            assertEquals(ConnectionState.FAILED_CONNECTIVITY, failed.state());
            assertEquals(T1, failed.lastAuthorizedTime(), "the token exchange before it succeeded");
            assertEquals(Instant.EPOCH, c.connectivityFailed("no route", false, T1).lastAuthorizedTime());
        }
    }

    @Nested
    class Update {
        @Test
        void newBasicCredentialsAreAuthorizedSynchronously() {
            Connection.Updated u = basic().updated(naming(basic(), new Credentials.Basic("user2", "pw2")), T1);
            assertEquals(ConnectionState.AUTHORIZED, u.next().state());
            assertEquals(T1, u.next().lastAuthorizedTime());
            assertEquals(T1, u.next().lastModifiedTime());
            assertTrue(u.authorizationTouched());
        }

        @Test
        void theSameCredentialsOfAnAuthorizedConnectionDoNotReauthorize() {
            Connection authorized = oauth().authorized(T0);
            Connection.Updated u = authorized.updated(naming(authorized, OAUTH), T1);
            assertEquals(ConnectionState.AUTHORIZED, u.next().state());
            assertEquals(T0, u.next().lastAuthorizedTime());
        }

        @Test
        void aDeauthorizedConnectionIsAuthorizedAgainByItsUnchangedCredentials() {
            // The newcomer's bug: the first exchange failed; an update with complete, identical
            // parameters must run a new exchange (AWS does), not leave it DEAUTHORIZED.
            Connection failed = oauth().authorizationFailed("Could not connect to the specified endpoint.", false);
            Connection.Updated u = failed.updated(naming(failed, OAUTH), T1);
            assertEquals(ConnectionState.AUTHORIZING, u.next().state());
            assertNull(u.next().stateReason(), "the old reason is gone");
            assertTrue(u.authorizationTouched());
            Connection rejected = basic().rejected("HTTP 401");
            assertEquals(ConnectionState.AUTHORIZED, rejected.updated(naming(rejected, BASIC), T1).next().state());
        }

        @Test
        void anUpdateWithoutCredentialsLeavesTheStateAlone() {
            Connection failed = oauth().authorizationFailed("refused", false);
            Connection.Edit descriptionOnly = new Connection.Edit("new", null, null, failed.auth(), false, null, "s");
            Connection next = failed.updated(descriptionOnly, T1).next();
            assertEquals(ConnectionState.DEAUTHORIZED, next.state());
            assertEquals("new", next.description());
            assertEquals("refused", next.stateReason());
        }

        @Test
        void reauthorizingAfterDeauthorizeMakesANewSecret() {
            Connection gone = basic().deauthorizing(T0, SETTLE).at(T1).orElseThrow();
            Connection next = gone.updated(naming(gone, BASIC), T1).next();
            assertEquals(ConnectionState.AUTHORIZED, next.state());
            assertEquals("secret-2", next.secretId());
        }

        @Test
        void becomingPrivateReverifiesConnectivity() {
            Connection c = basic();
            Connection.Edit toPrivate = new Connection.Edit(null, null, null, c.auth(), false, PRIVATE, "s");
            assertEquals(ConnectionState.AUTHORIZING, c.updated(toPrivate, T1).next().state());
        }

        @Test
        void aTransitionalConnectionCannotBeUpdated() {
            Connection deleting = basic().deleting(T0, SETTLE);
            AwsException e = assertThrows(AwsException.class, () -> deleting.updated(naming(deleting, BASIC), T0));
            assertEquals("ConcurrentModificationException", e.code());
        }
    }

    @Nested
    class DeleteAndDeauthorize {
        @Test
        void deletingSettlesIntoNothing() {
            Connection deleting = basic().deleting(T0, SETTLE);
            assertEquals(ConnectionState.DELETING, deleting.state());
            assertEquals(Optional.of(deleting), deleting.at(T0.plusMillis(999)));
            assertEquals(Optional.empty(), deleting.at(T0.plus(SETTLE)));
            assertThrows(AwsException.class, () -> deleting.deleting(T0, SETTLE));
        }

        @Test
        void deauthorizingRemovesParametersAtOnceAndTheSecretWhenSettled() {
            Connection d = basic().deauthorizing(T0, SETTLE);
            assertEquals(ConnectionState.DEAUTHORIZING, d.state());
            assertEquals(Connection.DEAUTHORIZED_REASON, d.stateReason());
            assertNull(d.auth());
            assertEquals("secret-1", d.secretId(), "SecretArn shows until it settles");
            Connection settled = d.at(T0.plus(SETTLE)).orElseThrow();
            assertEquals(ConnectionState.DEAUTHORIZED, settled.state());
            assertNull(settled.secretId());
            assertNull(settled.settleAt());
        }

        @Test
        void aRepeatedDeauthorizeChangesNothing() {
            Connection d = basic().deauthorizing(T0, SETTLE);
            assertSame(d, d.deauthorizing(T1, SETTLE));
            Connection settled = d.at(T1).orElseThrow();
            assertSame(settled, settled.deauthorizing(T1, SETTLE));
        }

        @Test
        void deauthorizingAFailedConnectionRemovesTheParametersItStillHolds() {
            Connection failed = oauth().authorizationFailed("refused", false);
            Connection d = failed.deauthorizing(T1, SETTLE);
            assertEquals(ConnectionState.DEAUTHORIZING, d.state());
            assertNull(d.auth());
        }
    }

    @Nested
    class AutomaticDeauthorization {
        @Test
        void a401DeauthorizesBasicKeepingItsCredentials() {
            Connection c = basic().rejected("The endpoint answered HTTP 401 to a call made with this connection.");
            assertEquals(ConnectionState.DEAUTHORIZED, c.state());
            assertEquals(BASIC, c.auth().credentials());
            assertSame(c, c.rejected("again"), "only an authorized connection is de-authorized");
        }

        @Test
        void anUnreadableSecretDeauthorizesWithTheReasonAndKeepsTheSecret() {
            Connection c = basic().secretUnreadable("The KMS key k is disabled.");
            assertEquals(ConnectionState.DEAUTHORIZED, c.state());
            assertEquals("The KMS key k is disabled.", c.stateReason());
            assertEquals(BASIC, c.auth().credentials(), "nothing overwrites a secret because it cannot be read");
            assertEquals("secret-1", c.secretId());
            assertSame(c, c.secretUnreadable("The KMS key k is disabled."), "found again: nothing to write");
            Connection deleting = basic().deleting(T0, SETTLE);
            assertSame(deleting, deleting.secretUnreadable("gone"), "a deletion goes on");
            Connection deauthorizing = basic().deauthorizing(T0, SETTLE);
            assertSame(deauthorizing, deauthorizing.secretUnreadable("gone"));
        }

        @Test
        void theKeyBackAnUpdateNamingTheCredentialsAuthorizesWithTheSameSecret() {
            // The key re-enabled (or the key ring restored): the secret opens again, and an update
            // that names the credentials, even unchanged, authorizes the connection with them.
            Connection unreadable = basic().secretUnreadable("The KMS key k is disabled.");
            Connection.Updated u = unreadable.updated(naming(unreadable, BASIC), T1);
            assertEquals(ConnectionState.AUTHORIZED, u.next().state());
            assertNull(u.next().stateReason());
            assertEquals(BASIC, u.next().auth().credentials());
            assertEquals("secret-1", u.next().secretId(), "the same secret");
            assertEquals(T1, u.next().lastAuthorizedTime());
        }

        @Test
        void whileUnreadableOnlyCompleteNewParametersReplaceTheSecret() {
            // What the door hands a transition when the secret cannot be read: no parameters.
            Connection unread = basic().secretUnreadable("The KMS key k is disabled.").secretNotRead();
            assertNull(unread.auth());
            assertEquals("secret-1", unread.secretId(), "the stored secret is still there");
            Connection described = unread.updated(new Connection.Edit("new", null, null, null, false, null, "s"), T1).next();
            assertEquals("secret-1", described.secretId(), "an update without parameters keeps the secret");
            assertEquals(ConnectionState.DEAUTHORIZED, described.state());
            assertSame(unread, unread.deauthorizing(T1, SETTLE), "already DEAUTHORIZED: the secret stays");
            Credentials.Basic fresh = new Credentials.Basic("user2", "pw2");
            Connection replaced = unread.updated(naming(unread, fresh), T1).next();
            assertEquals(ConnectionState.AUTHORIZED, replaced.state());
            assertEquals(fresh, replaced.auth().credentials());
            assertEquals("secret-2", replaced.secretId(), "new parameters: a new secret");
        }

        @Test
        void aFailedRefreshDeauthorizes() {
            Connection c = oauth().authorized(T0);
            assertEquals(ConnectionState.DEAUTHORIZED, c.refreshFailed("HTTP 400").state());
            assertEquals(T1, c.tokenRefreshed(T1).lastAuthorizedTime());
        }
    }

    @Nested
    class Events {
        @Test
        void anEventExactlyWhenTheStateChanges() {
            Connection c = oauth();
            assertTrue(new Change(c, c.authorized(T1)).event().isPresent());
            assertTrue(new Change(c, c.authorizationFailed("x", true)).event().isEmpty(), "still AUTHORIZING");
            assertTrue(new Change(null, c).event().isPresent(), "created");
            assertTrue(new Change(c, null).event().isPresent(), "gone");
        }

        @Test
        void theSettleRule() {
            assertEquals(ConnectionState.DEAUTHORIZED, ConnectionState.DEAUTHORIZING.settled());
            assertNull(ConnectionState.DELETING.settled());
            assertEquals(ConnectionState.AUTHORIZED, ConnectionState.AUTHORIZED.settled());
        }
    }
}
