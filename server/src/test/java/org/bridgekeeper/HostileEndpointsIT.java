package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;

/**
 * The security review's outbound cases, through the running server: an endpoint that stalls after
 * its headers, and one whose body never ends. TestInvoke fails at the deadline with the usual
 * outcome; an OAuth exchange against the stalled endpoint fails each attempt at the deadline and
 * the connection ends DEAUTHORIZED after its attempts (before: AUTHORIZING for as long as the
 * endpoint held on).
 */
class HostileEndpointsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8",
                "--outbound-timeout-ms", "500", "--authorization-attempts", "3");
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonNode testInvoke(String name) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Bridgekeeper.TestInvokeApiDestination")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    void destination(String name, String url) {
        String connection = events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("k-1"))))
                .connectionArn();
        events.createApiDestination(r -> r.name(name).connectionArn(connection).invocationEndpoint(url)
                .httpMethod("POST"));
    }

    @Test
    void testInvokeOfAnEndpointThatStallsAfterItsHeadersFailsAtTheDeadline() throws Exception {
        try (HostileEndpoint stalled = new HostileEndpoint(HostileEndpoint.Mode.STALL)) {
            destination("stalled", stalled.url("/hook"));
            JsonNode answer = testInvoke("stalled");
            assertFalse(answer.get("Delivered").asBoolean(), answer.toString());
            assertEquals("The endpoint did not answer within 500 ms.", answer.get("Reason").asText());
            assertTrue(answer.get("Retryable").asBoolean());
            Await.until("the stalled call's connection to be closed", () -> stalled.abandoned.get() == 1);
        }
    }

    @Test
    void testInvokeOfAnEndlessBodyReadsUpToTheCapAndKeepsItsStart() throws Exception {
        try (HostileEndpoint endless = new HostileEndpoint(HostileEndpoint.Mode.ENDLESS)) {
            destination("endless", endless.url("/hook"));
            JsonNode answer = testInvoke("endless");
            assertTrue(answer.get("Delivered").asBoolean(), answer.toString());
            assertEquals(200, answer.get("StatusCode").asInt());
            Await.until("the cut-off connection to be closed", () -> endless.abandoned.get() == 1);
        }
    }

    @Test
    void anOAuthExchangeWithAStalledEndpointFailsAfterItsAttempts() throws Exception {
        try (HostileEndpoint stalled = new HostileEndpoint(HostileEndpoint.Mode.STALL)) {
            events.createConnection(r -> r.name("idp").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(stalled.url("/token"))
                            .httpMethod("POST").clientParameters(c -> c.clientID("id").clientSecret("secret")))));
            DescribeConnectionResponse d = server.settled(events, "idp");
            assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState());
            assertEquals("The authorization endpoint did not answer within 500 ms.", d.stateReason());
            assertEquals(3, stalled.requests.get(), "one request per attempt");
            Await.until("every abandoned exchange's connection to be closed", () -> stalled.abandoned.get() == 3);
        }
    }
}
