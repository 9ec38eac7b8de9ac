package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Connection;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ListConnectionsResponse;

/** ListConnections: filters, stable order, stateless tokens, through the real SDK. */
class ListConnectionsIT {

    @TempDir
    static Path dataDir;
    static TestServer server;
    static EventBridgeClient events;

    @BeforeAll
    static void start() {
        server = new TestServer(dataDir, "--settle-delay-ms", "0", "--authorization-retry-delay-ms", "600000");
        // A scope of its own (account 444455556666), so that other tests' connections do not show.
        events = server.client("444455556666", Region.US_WEST_2);
        for (int i = 0; i < 25; i++) {
            String name = String.format("svc-%02d", i);
            events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
        }
        events.createConnection(r -> r.name("other").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint("https://example.com/token").httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret("secret")))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void allConnectionsInNameOrderWithoutAuthData() {
        ListConnectionsResponse page = events.listConnections(r -> { });
        assertEquals(26, page.connections().size());
        assertNull(page.nextToken());
        List<String> names = page.connections().stream().map(Connection::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
        Connection first = page.connections().getFirst();
        assertEquals("other", first.name());
        assertEquals(ConnectionState.AUTHORIZING, first.connectionState());
        assertNotNull(first.lastAuthorizedTime());
        assertNotNull(first.creationTime());
        assertTrue(first.connectionArn().startsWith("arn:aws:events:us-west-2:444455556666:connection/other/"));
    }

    @Test
    void pagesWithLimitAndNextTokenCoverEverythingOnce() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListConnectionsResponse page = events.listConnections(r -> r.namePrefix("svc-").limit(7).nextToken(t));
            page.connections().forEach(c -> seen.add(c.name()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(4, pages);
        assertEquals(IntStream.range(0, 25).mapToObj(i -> String.format("svc-%02d", i)).toList(), seen);
    }

    @Test
    void tokensSurviveARestart() {
        ListConnectionsResponse first = events.listConnections(r -> r.limit(10));
        server.restart();
        events = server.client("444455556666", Region.US_WEST_2);
        ListConnectionsResponse second = events.listConnections(r -> r.limit(10).nextToken(first.nextToken()));
        assertEquals("svc-09", second.connections().getFirst().name());
    }

    @Test
    void stateAndPrefixFilters() {
        ListConnectionsResponse authorizing = events.listConnections(r -> r.connectionState(ConnectionState.AUTHORIZING));
        assertEquals(List.of("other"), authorizing.connections().stream().map(Connection::name).toList());
        assertEquals(10, events.listConnections(r -> r.namePrefix("svc-1")).connections().size());
        assertTrue(events.listConnections(r -> r.namePrefix("zzz")).connections().isEmpty());
    }

    @Test
    void deauthorizedStateIsListedOnceSettled() {
        events.createConnection(r -> r.name("will-deauth").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p"))));
        events.deauthorizeConnection(r -> r.name("will-deauth"));
        var deauthorized = events.listConnections(r -> r.connectionState(ConnectionState.DEAUTHORIZED)).connections();
        assertEquals(List.of("will-deauth"), deauthorized.stream().map(Connection::name).toList());
        assertEquals("The authorization parameters were removed from this connection by a DeauthorizeConnection operation.",
                deauthorized.getFirst().stateReason());
        events.deleteConnection(r -> r.name("will-deauth"));
        assertFalse(events.listConnections(r -> { }).connections().stream().anyMatch(c -> c.name().equals("will-deauth")));
    }

    @Test
    void badTokensAndLimitsAreValidationErrors() {
        var notBase64 = assertThrows(EventBridgeException.class, () -> events.listConnections(r -> r.nextToken("invalid")));
        assertEquals("1 validation error detected: Value 'invalid' at 'nextToken' failed to satisfy constraint: Member must "
                + "satisfy regular expression pattern: ^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{4}|[A-Za-z0-9+\\/]{3}=|"
                + "[A-Za-z0-9+\\/]{2}={2})$", notBase64.awsErrorDetails().errorMessage());
        var neverIssued = assertThrows(EventBridgeException.class,
                () -> events.listConnections(r -> r.nextToken("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
        assertEquals("ValidationException", neverIssued.awsErrorDetails().errorCode());
        assertEquals("Failed to list the connection(s). The NextToken is not valid or has expired.",
                neverIssued.awsErrorDetails().errorMessage());
        // A token is bound to the filters it was issued for.
        String token = events.listConnections(r -> r.limit(2)).nextToken();
        assertThrows(EventBridgeException.class, () -> events.listConnections(r -> r.namePrefix("svc").nextToken(token)));
        // ... and to its account.
        assertThrows(EventBridgeException.class, () -> server.client().listConnections(r -> r.limit(2).nextToken(token)));

        var zero = assertThrows(EventBridgeException.class, () -> events.listConnections(r -> r.limit(0)));
        assertEquals("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                + "value greater than or equal to 1", zero.awsErrorDetails().errorMessage());
        var big = assertThrows(EventBridgeException.class, () -> events.listConnections(r -> r.limit(101)));
        assertEquals("1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have "
                + "value less than or equal to 100", big.awsErrorDetails().errorMessage());
        var state = assertThrows(EventBridgeException.class, () -> events.listConnections(r -> r.connectionState("NOPE")));
        assertTrue(state.awsErrorDetails().errorMessage().endsWith("Member must satisfy enum value set: [CREATING, UPDATING, "
                + "DELETING, AUTHORIZED, DEAUTHORIZED, AUTHORIZING, DEAUTHORIZING, ACTIVE, FAILED_CONNECTIVITY]"));
    }
}
