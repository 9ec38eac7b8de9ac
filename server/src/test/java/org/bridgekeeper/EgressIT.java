package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

/**
 * Where secrets may go: one egress policy for every outbound call. The receivers are real local
 * HTTP servers on 127.0.0.1, so by default (no --egress-allow) every call to them must be
 * refused without a connection; --egress-allow 127.0.0.0/8 opens them, never the server itself.
 */
class EgressIT {

    static final String ROLE = "arn:aws:iam::000000000000:role/events";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TokenServer receiver;
    TokenServer idp;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void receivers() throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        idp = new TokenServer();
    }

    /** Plain HTTP is allowed (the receivers are); egress is as the test says. */
    void start(String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("--allow-http-endpoints"));
        args.addAll(List.of(flags));
        server = new TestServer(dir.resolve("data"), args.toArray(String[]::new));
        events = server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
        idp.close();
    }

    int receiverPort() {
        return Integer.parseInt(receiver.url("").replaceAll(".*:(\\d+)$", "$1"));
    }

    String apiKeyConnection(String name) {
        return events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(p -> p.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("the-api-key"))))
                .connectionArn();
    }

    String destination(String name, String connectionArn, String endpoint) {
        return events.createApiDestination(r -> r.name(name).connectionArn(connectionArn).invocationEndpoint(endpoint)
                .httpMethod("POST")).apiDestinationArn();
    }

    JsonNode extension(String operation, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Bridgekeeper." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    JsonNode testInvoke(String name) throws Exception {
        return extension("TestInvokeApiDestination", "{\"Name\":\"" + name + "\"}");
    }

    static String refusal(String what, String address, String kind) {
        return "The " + what + " resolves to " + address + ", which Bridgekeeper does not call (" + kind
                + "); allow it with --egress-allow.";
    }

    /** Waits for the connection to leave AUTHORIZING without moving the server's time: a retry would wait forever. */
    DescribeConnectionResponse settledWithoutRetry(String name) {
        return Await.value(name + " to leave AUTHORIZING", () -> events.describeConnection(r -> r.name(name)),
                d -> d.connectionState() != ConnectionState.AUTHORIZING);
    }

    @Test
    void testInvokeToLoopbackIsRefusedWithoutConnectingHoweverTheUrlSpellsIt() throws Exception {
        start();
        String connection = apiKeyConnection("c");
        int port = receiverPort();
        List<String> hosts = List.of("127.0.0.1", "localhost", "2130706433", "0x7f000001", "0177.0.0.1", "127.000.000.001");
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            destination("d" + i, connection, "http://" + host + ":" + port + "/hook");
            JsonNode answer = testInvoke("d" + i);
            assertFalse(answer.get("Delivered").asBoolean(), host + ": " + answer);
            assertFalse(answer.get("Retryable").asBoolean(), host + ": " + answer);
            assertEquals(refusal("endpoint", "127.0.0.1", "loopback"), answer.get("Reason").asText(), host);
            assertFalse(answer.has("StatusCode"), answer.toString());
            assertEquals("http://" + host + ":" + port + "/hook", answer.at("/Request/Url").asText(), "the request as addressed");
        }
        destination("unspecified", connection, "http://0.0.0.0:" + port + "/hook");
        assertEquals(refusal("endpoint", "0.0.0.0", "unspecified"), testInvoke("unspecified").get("Reason").asText());
        destination("metadata", connection, "http://169.254.169.254/latest/meta-data/");
        assertEquals(refusal("endpoint", "169.254.169.254", "link-local"), testInvoke("metadata").get("Reason").asText());
        destination("private", connection, "http://10.0.0.1:" + port + "/hook");
        assertEquals(refusal("endpoint", "10.0.0.1", "private"), testInvoke("private").get("Reason").asText());
        destination("cgnat", connection, "http://100.100.100.200/latest/meta-data/");
        assertEquals(refusal("endpoint", "100.100.100.200", "carrier-grade NAT"), testInvoke("cgnat").get("Reason").asText());
        assertEquals(List.of(), receiver.requests, "no call reached the receiver");
    }

    @Test
    void anOAuthEndpointOnALoopbackNameOrALinkLocalAddressEndsDeauthorizedWithoutARetry() {
        start();
        for (String[] c : List.of(new String[] {"loopback-name", idp.url("/token").replace("127.0.0.1", "localhost"),
                "127.0.0.1", "loopback"}, new String[] {"metadata", "http://169.254.169.254/latest/api/token", "169.254.169.254",
                "link-local"})) {
            events.createConnection(r -> r.name(c[0]).authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(p -> p.oAuthParameters(o -> o.authorizationEndpoint(c[1]).httpMethod("POST")
                            .clientParameters(x -> x.clientID("id").clientSecret("the-client-secret")))));
            DescribeConnectionResponse d = settledWithoutRetry(c[0]);
            assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState(), c[0]);
            assertEquals(refusal("authorization endpoint", c[2], c[3]), d.stateReason(), c[0]);
        }
        assertEquals(List.of(), idp.requests, "the client secret went nowhere");
    }

    @Test
    void aRefusedDeliveryIsDeadLetteredAtOnceWithTheReason() throws Exception {
        start();
        String destination = destination("local", apiKeyConnection("c"), receiver.url("/hook").replace("127.0.0.1", "localhost"));
        events.putRule(r -> r.name("all").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("all").targets(Target.builder().id("t").arn(destination).roleArn(ROLE).build()));
        events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("order").detail("{}").build()));
        JsonNode letter = Await.value("a dead letter", () -> {
            try {
                return extension("ListDeadLetters", "{}").get("DeadLetters");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, l -> l.size() == 1).get(0);
        assertEquals(refusal("endpoint", "127.0.0.1", "loopback"), letter.get("Reason").asText());
        assertEquals(1, letter.get("Attempts").asInt(), "not retried");
        assertEquals(List.of(), receiver.requests);
    }

    @Test
    void egressAllowOpensLocalReceiversForInvocationsAndTokenRequests() throws Exception {
        start("--egress-allow", "127.0.0.0/8");
        idp.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok\",\"expires_in\":3600}");
        events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(p -> p.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token").replace("127.0.0.1", "localhost"))
                        .httpMethod("POST").clientParameters(x -> x.clientID("id").clientSecret("s")))));
        assertEquals(ConnectionState.AUTHORIZED, settledWithoutRetry("oauth").connectionState());
        String endpoint = "http://localhost:" + receiverPort() + "/hook";
        destination("local", events.describeConnection(r -> r.name("oauth")).connectionArn(), endpoint);
        JsonNode answer = testInvoke("local");
        assertTrue(answer.get("Delivered").asBoolean(), answer.toString());
        assertEquals(1, receiver.requests.size());
        assertEquals("localhost:" + receiverPort(), receiver.requests.getFirst().header("Host"));
        assertEquals("Bearer tok", receiver.requests.getFirst().header("Authorization"));
        assertEquals("localhost:" + idp.url("").replaceAll(".*:(\\d+)$", "$1"), idp.requests.getFirst().header("Host"));
        // Decimal loopback too, now that its range is open.
        destination("decimal", events.describeConnection(r -> r.name("oauth")).connectionArn(),
                "http://2130706433:" + receiverPort() + "/hook");
        assertTrue(testInvoke("decimal").get("Delivered").asBoolean());
        assertEquals("2130706433:" + receiverPort(), receiver.requests.get(1).header("Host"));
    }

    @Test
    void theServersOwnAddressIsRefusedEvenWhenItsRangeIsAllowed() throws Exception {
        start("--egress-allow", "127.0.0.0/8");
        int own = server.main().port();
        String connection = apiKeyConnection("c");
        String own127 = destination("self", connection, "http://127.0.0.1:" + own + "/");
        destination("self-by-name", connection, "http://localhost:" + own + "/");
        String expected = "The endpoint resolves to 127.0.0.1:" + own + ", Bridgekeeper's own address, which it never "
                + "calls (events sent to itself could loop).";
        assertEquals(expected, testInvoke("self").get("Reason").asText());
        assertEquals(expected, testInvoke("self-by-name").get("Reason").asText());
        // A rule whose target is the server's own PutEvents: one dead letter, no loop.
        events.putRule(r -> r.name("loop").eventPattern("{\"source\":[\"loop\"]}"));
        events.putTargets(r -> r.rule("loop").targets(Target.builder().id("t").arn(own127).roleArn(ROLE)
                .httpParameters(h -> h.headerParameters(java.util.Map.of("X-Amz-Target", "AWSEvents.PutEvents"))).build()));
        events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("loop").detailType("x").detail("{}").build()));
        JsonNode letters = Await.value("the looping event to be dead-lettered", () -> {
            try {
                return extension("ListDeadLetters", "{}").get("DeadLetters");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, l -> l.size() == 1);
        assertEquals(expected, letters.get(0).get("Reason").asText());
        Await.until("nothing pending", () -> server.main().pendingDeliveries().isEmpty());
        assertEquals(1, extension("ListDeadLetters", "{}").get("DeadLetters").size(), "no event came back round");
    }

    /**
     * The review: an UpdateConnection that changed only the OAuth endpoint sent the stored client
     * secret there. A new endpoint now needs the secret in the same request.
     */
    @Test
    void aNewAuthorizationEndpointNeedsTheClientSecretAgain() throws Exception {
        start("--egress-allow", "127.0.0.0/8");
        try (TokenServer elsewhere = new TokenServer()) {
            idp.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok\"}");
            elsewhere.script = r -> TokenServer.Answer.json("{\"access_token\":\"other\"}");
            events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(p -> p.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("POST")
                            .clientParameters(x -> x.clientID("id").clientSecret("first-secret")))));
            assertEquals(ConnectionState.AUTHORIZED, settledWithoutRetry("oauth").connectionState());

            var refused = assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("oauth")
                    .authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(p -> p.oAuthParameters(o -> o.authorizationEndpoint(elsewhere.url("/steal"))))));
            assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
            assertEquals("Failed to update the connection(s). A new AuthorizationEndpoint must come with "
                    + "ClientParameters.ClientSecret in the same request: the stored client secret is never sent to an "
                    + "endpoint other than the one it was given for.", refused.awsErrorDetails().errorMessage());
            // The client id alone is not the secret either.
            assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("oauth")
                    .authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(p -> p.oAuthParameters(o -> o.authorizationEndpoint(elsewhere.url("/steal"))
                            .clientParameters(x -> x.clientID("id"))))));
            DescribeConnectionResponse unchanged = events.describeConnection(r -> r.name("oauth"));
            assertEquals(idp.url("/token"), unchanged.authParameters().oAuthParameters().authorizationEndpoint());
            assertEquals(ConnectionState.AUTHORIZED, unchanged.connectionState());
            assertEquals(List.of(), elsewhere.requests);

            // The same endpoint needs nothing more (other OAuth settings change as before).
            events.updateConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(p -> p.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("GET"))));
            assertEquals(ConnectionState.AUTHORIZED, settledWithoutRetry("oauth").connectionState());

            // With the secret, the endpoint moves and the new secret is the one sent there.
            events.updateConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(p -> p.oAuthParameters(o -> o.authorizationEndpoint(elsewhere.url("/token"))
                            .clientParameters(x -> x.clientSecret("second-secret")))));
            assertEquals(ConnectionState.AUTHORIZED, settledWithoutRetry("oauth").connectionState());
            assertEquals(1, elsewhere.requests.size());
            String basic = new String(Base64.getDecoder().decode(elsewhere.requests.getFirst().header("Authorization")
                    .substring("Basic ".length())), StandardCharsets.UTF_8);
            assertEquals("id:second-secret", basic);
            assertNotEquals(0, idp.requests.size());
            assertTrue(idp.requests.stream().noneMatch(r -> r.header("Authorization").contains(
                    Base64.getEncoder().encodeToString("id:second-secret".getBytes(StandardCharsets.UTF_8)))));
        }
    }
}
