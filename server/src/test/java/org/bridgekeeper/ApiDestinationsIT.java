package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestination;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationState;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/** The API destination operations through the real SDK v2, with AWS's recorded texts. */
class ApiDestinationsIT {

    @TempDir
    static Path dataDir;
    static TestServer server;
    static EventBridgeClient events;

    @BeforeAll
    static void start() {
        server = new TestServer(dataDir); // its clock moves only when a test advances it
        events = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String basicConnection(String name) {
        return events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p")))).connectionArn();
    }

    static String createDestination(String name, String connectionArn) {
        return events.createApiDestination(r -> r.name(name).connectionArn(connectionArn).description("Test API destination")
                .invocationEndpoint("https://example.com/api").httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
    }

    static String message(Runnable call) {
        return assertThrows(EventBridgeException.class, call::run).awsErrorDetails().errorMessage();
    }

    @Test
    void createDescribeListUpdateDelete() throws Exception {
        String connection = basicConnection("crud-conn");
        var created = events.createApiDestination(r -> r.name("crud").connectionArn(connection).description("Test API destination")
                .invocationEndpoint("https://example.com/api").httpMethod(ApiDestinationHttpMethod.POST));
        assertEquals(ApiDestinationState.ACTIVE, created.apiDestinationState());
        assertTrue(created.apiDestinationArn().matches("arn:aws:events:us-east-1:000000000000:api-destination/crud/[0-9a-f-]{36}"));
        var d = events.describeApiDestination(r -> r.name("crud"));
        assertEquals(300, d.invocationRateLimitPerSecond());
        assertEquals("Test API destination", d.description());
        assertEquals(connection, d.connectionArn());
        assertEquals(ApiDestinationHttpMethod.POST, d.httpMethod());
        ApiDestination listed = events.listApiDestinations(r -> r.namePrefix("crud")).apiDestinations().getFirst();
        assertEquals(300, listed.invocationRateLimitPerSecond());
        assertEquals("crud", listed.name());

        server.clock().advanceSeconds(1); // whole-second timestamps
        var updated = events.updateApiDestination(r -> r.name("crud").httpMethod(ApiDestinationHttpMethod.PUT)
                .invocationEndpoint("https://example.com/api/v2").description("Updated API destination"));
        assertTrue(updated.lastModifiedTime().isAfter(created.lastModifiedTime()));
        d = events.describeApiDestination(r -> r.name("crud"));
        assertEquals(ApiDestinationHttpMethod.PUT, d.httpMethod());
        assertEquals("https://example.com/api/v2", d.invocationEndpoint());
        server.clock().advanceSeconds(1);
        var nameOnly = events.updateApiDestination(r -> r.name("crud"));
        assertTrue(nameOnly.lastModifiedTime().isAfter(updated.lastModifiedTime()), "an update with only Name bumps it");
        events.updateApiDestination(r -> r.name("crud").description(""));
        assertNull(events.describeApiDestination(r -> r.name("crud")).description());

        events.deleteApiDestination(r -> r.name("crud"));
        var gone = assertThrows(ResourceNotFoundException.class, () -> events.describeApiDestination(r -> r.name("crud")));
        assertEquals("Failed to describe the api-destination(s). An api-destination 'crud' does not exist.",
                gone.awsErrorDetails().errorMessage());
        assertEquals("Failed to delete the api-destination(s). An api-destination 'crud' does not exist.",
                message(() -> events.deleteApiDestination(r -> r.name("crud"))));
        assertEquals("Failed to update the api-destination(s). An api-destination 'crud' does not exist.",
                message(() -> events.updateApiDestination(r -> r.name("crud"))));
    }

    @Test
    void recordedErrorsOfAws() {
        String connection = basicConnection("err-conn");
        createDestination("dup", connection);
        var dup = assertThrows(ResourceAlreadyExistsException.class, () -> createDestination("dup", connection));
        assertEquals("Failed to create the api-destination(s). An api-destination with name 'dup' already exists.",
                dup.awsErrorDetails().errorMessage());
        var rate = assertThrows(LimitExceededException.class, () -> events.updateApiDestination(r -> r.name("dup")
                .invocationRateLimitPerSecond(301)));
        assertEquals("Failed to update the api-destination(s). Invalid Invocation Rate Limit: Rate specified '301' for 'dup' "
                + "exceeds maximum allowed of '300'.", rate.awsErrorDetails().errorMessage());
        assertEquals("1 validation error detected: Value '0' at 'invocationRateLimitPerSecond' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1",
                message(() -> events.updateApiDestination(r -> r.name("dup").invocationRateLimitPerSecond(0))));
        for (String endpoint : List.of("http://example.com/x", "ftp://example.com/x", "https://user:pw@example.com/x",
                "https://", "https://*.invalid/x")) {
            assertEquals("Failed to update the api-destination(s). Parameter InvocationEndpoint is not valid. Reason: Endpoint '"
                    + endpoint + "' is invalid, please provide a valid HTTPS endpoint URL.",
                    message(() -> events.updateApiDestination(r -> r.name("dup").invocationEndpoint(endpoint))), endpoint);
        }
        for (String endpoint : List.of("receiver.invalid/events", "https://127.0.0.1/x", "https://localhost/x?q=1",
                "https://example.com/a%20b/*/c")) {
            events.updateApiDestination(r -> r.name("dup").invocationEndpoint(endpoint));
        }
        assertEquals("1 validation error detected: Value 'post' at 'httpMethod' failed to satisfy constraint: Member must "
                + "satisfy enum value set: [HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]",
                message(() -> events.updateApiDestination(r -> r.name("dup").httpMethod("post"))));
        assertEquals("Failed to list the api-destination(s). Request failed because only one filter is supported per request, "
                + "either ConnectionArn or NamePrefix.",
                message(() -> events.listApiDestinations(r -> r.namePrefix("d").connectionArn(connection))));
        assertEquals("1 validation error detected: Value 'not-an-arn' at 'connectionArn' failed to satisfy constraint: Member "
                + "must satisfy regular expression pattern: ^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection"
                + "\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$", message(() -> createDestination("x", "not-an-arn")));
        // The connection is checked by its full ARN: a re-created connection of the same name is another one.
        String stale = connection.substring(0, connection.lastIndexOf('/') + 1) + "00000000-0000-0000-0000-000000000000";
        var missing = assertThrows(ResourceNotFoundException.class, () -> createDestination("stale", stale));
        assertEquals("Failed to create the api-destination(s). Connection '" + stale + "' does not exist.",
                missing.awsErrorDetails().errorMessage());
    }

    @Test
    void stateFollowsTheConnectionLive() throws Exception {
        String connection = basicConnection("live-conn");
        createDestination("live", connection);
        String oauth = events.createConnection(r -> r.name("live-oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint("https://example.com/oauth").httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret("s"))))).connectionArn();
        assertEquals(ApiDestinationState.INACTIVE, events.createApiDestination(r -> r.name("live-oauth-dest").connectionArn(oauth)
                .invocationEndpoint("https://example.com/api").httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationState());

        events.deauthorizeConnection(r -> r.name("live-conn"));
        // Recorded: right after DeauthorizeConnection the destination still reads ACTIVE.
        assertEquals(ApiDestinationState.ACTIVE, events.describeApiDestination(r -> r.name("live")).apiDestinationState());
        server.clock().advanceSeconds(1); // the settle delay
        assertEquals(ApiDestinationState.INACTIVE, events.describeApiDestination(r -> r.name("live")).apiDestinationState());
        events.updateConnection(r -> r.name("live-conn").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p"))));
        assertEquals(ApiDestinationState.ACTIVE, events.describeApiDestination(r -> r.name("live")).apiDestinationState());
        events.deleteConnection(r -> r.name("live-conn"));
        server.clock().advanceSeconds(1); // the settle delay
        assertEquals(ApiDestinationState.INACTIVE, events.describeApiDestination(r -> r.name("live")).apiDestinationState());
        // A re-created connection of the same name does not revive it.
        basicConnection("live-conn");
        assertEquals(ApiDestinationState.INACTIVE, events.describeApiDestination(r -> r.name("live")).apiDestinationState());
    }

    @Test
    void pagesAndFilters() {
        String a = basicConnection("page-a");
        String b = basicConnection("page-b");
        for (int i = 0; i < 5; i++) {
            createDestination("page-" + i, i % 2 == 0 ? a : b);
        }
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = events.listApiDestinations(r -> r.namePrefix("page-").limit(2).nextToken(t));
            page.apiDestinations().forEach(d -> names.add(d.name()));
            token = page.nextToken();
        } while (token != null);
        assertEquals(List.of("page-0", "page-1", "page-2", "page-3", "page-4"), names);
        assertEquals(List.of("page-0", "page-2", "page-4"), events.listApiDestinations(r -> r.connectionArn(a))
                .apiDestinations().stream().map(ApiDestination::name).toList());
    }
}
