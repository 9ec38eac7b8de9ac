package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationState;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionBodyParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionQueryStringParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;

/**
 * The invoker against a real HTTP receiver, through the TestInvokeApiDestination extension: what
 * arrives (auth, parameters, fixed and dropped headers), how answers are classified, refresh and
 * de-authorization on 401, the deadline and the rate limit.
 */
class InvokerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    TokenServer receiver;
    TokenServer idp;
    TestServer server;
    EventBridgeClient events;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        idp = new TokenServer();
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8", "--outbound-timeout-ms", "700");
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
        idp.close();
    }

    JsonNode testInvoke(String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Bridgekeeper.TestInvokeApiDestination")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    void destination(String name, String connectionArn, String path, int rate) {
        events.createApiDestination(r -> r.name(name).connectionArn(connectionArn).invocationEndpoint(receiver.url(path))
                .httpMethod("POST").invocationRateLimitPerSecond(rate));
    }

    @Test
    void basicAuthParametersAndHeadersAsAwsSendsThem() throws Exception {
        String connection = events.createConnection(r -> r.name("basic").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password("pa55"))
                        .invocationHttpParameters(h -> h
                                .headerParameters(
                                        ConnectionHeaderParameter.builder().key("x-shared").value("from-connection").build(),
                                        ConnectionHeaderParameter.builder().key("x-secret").value("hidden-h").isValueSecret(true).build(),
                                        ConnectionHeaderParameter.builder().key("User-Agent").value("mine").build(),
                                        ConnectionHeaderParameter.builder().key("Cache-Control").value("no-cache").build())
                                .queryStringParameters(ConnectionQueryStringParameter.builder().key("q").value("conn").build())
                                .bodyParameters(ConnectionBodyParameter.builder().key("extra").value("hidden-b").isValueSecret(true).build()))))
                .connectionArn();
        destination("hook", connection, "/hooks/*/events/*", 300);
        JsonNode answer = testInvoke("{\"Name\":\"hook\",\"Payload\":\"{\\\"detail\\\":1}\",\"HttpParameters\":{"
                + "\"PathParameterValues\":[\"a b\",\"2\"],\"HeaderParameters\":{\"x-shared\":\"from-target\",\"x-target\":\"t\"},"
                + "\"QueryStringParameters\":{\"q\":\"target\",\"t\":\"1\"}}}");
        assertTrue(answer.get("Delivered").asBoolean(), answer.toString());
        assertEquals(200, answer.get("StatusCode").asInt());

        TokenServer.Recorded r = receiver.requests.getFirst();
        assertEquals("POST", r.method());
        assertEquals("/hooks/a%20b/events/2", r.path());
        assertEquals("q=conn&t=1", r.query(), "the connection's query parameter wins");
        assertEquals("Basic dXNlcjpwYTU1", r.header("Authorization"));
        assertEquals("from-connection", r.header("x-shared"));
        assertEquals("t", r.header("x-target"));
        assertEquals("hidden-h", r.header("x-secret"));
        assertEquals("Amazon/EventBridge/ApiDestinations", r.header("User-Agent"));
        assertEquals("bytes=0-1048575", r.header("Range"));
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        assertNull(r.header("Cache-Control"), "AWS drops Cache-Control even when configured");
        assertEquals("{\"detail\":1,\"extra\":\"hidden-b\"}", r.body());

        // The echo shows what was sent, secrets as ***.
        JsonNode sent = answer.get("Request");
        assertEquals("Basic ***", sent.at("/Headers/Authorization").asText());
        assertEquals("***", sent.at("/Headers/x-secret").asText());
        assertEquals("{\"detail\":1,\"extra\":\"***\"}", sent.get("Body").asText());
        assertFalse(answer.toString().contains("pa55") || answer.toString().contains("hidden"), answer.toString());
    }

    @Test
    void apiKeyHeaderAndClassificationOfAnswers() throws Exception {
        String connection = events.createConnection(r -> r.name("key").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("k-123")))).connectionArn();
        destination("classify", connection, "/c", 300);
        receiver.script = r -> new TokenServer.Answer(503, "", 0);
        JsonNode unavailable = testInvoke("{\"Name\":\"classify\"}");
        assertEquals("k-123", receiver.requests.getFirst().header("x-api-key"));
        assertFalse(unavailable.get("Delivered").asBoolean());
        assertEquals(503, unavailable.get("StatusCode").asInt());
        assertTrue(unavailable.get("Retryable").asBoolean());
        receiver.script = r -> new TokenServer.Answer(400, "", 0);
        assertFalse(testInvoke("{\"Name\":\"classify\"}").get("Retryable").asBoolean());
        receiver.script = r -> new TokenServer.Answer(2000 > 0 ? 429 : 0, "", 0);
        assertTrue(testInvoke("{\"Name\":\"classify\"}").get("Retryable").asBoolean());
        receiver.script = r -> new TokenServer.Answer(200, "{}", 2000);
        JsonNode slow = testInvoke("{\"Name\":\"classify\"}");
        assertEquals("The endpoint did not answer within 700 ms.", slow.get("Reason").asText());
        assertTrue(slow.get("Retryable").asBoolean());
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        assertEquals("The endpoint has 0 path wildcards (*) but the target gives 1 PathParameterValues.",
                testInvoke("{\"Name\":\"classify\",\"HttpParameters\":{\"PathParameterValues\":[\"x\"]}}").get("Reason").asText());
    }

    @Test
    void basic401DeauthorizesTheConnectionAndTheDestinationGoesInactive() throws Exception {
        String connection = events.createConnection(r -> r.name("rejected").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("wrong")))).connectionArn();
        destination("guarded", connection, "/g", 300);
        receiver.script = r -> new TokenServer.Answer(401, "", 0);
        JsonNode answer = testInvoke("{\"Name\":\"guarded\"}");
        assertEquals(401, answer.get("StatusCode").asInt());
        var d = events.describeConnection(r -> r.name("rejected"));
        assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState());
        assertEquals("The endpoint answered HTTP 401 to a call made with this connection.", d.stateReason());
        assertEquals(ApiDestinationState.INACTIVE, events.describeApiDestination(r -> r.name("guarded")).apiDestinationState());
        // The credentials were kept: a partial update authorizes it again.
        events.updateConnection(r -> r.name("rejected").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.password("right"))));
        assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name("rejected")).connectionState());
        assertEquals("u", events.describeConnection(r -> r.name("rejected")).authParameters().basicAuthParameters().username());
    }

    @Test
    void oauth401RefreshesTheTokenAndRetriesOnce() throws Exception {
        idp.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok-" + idp.requests.size() + "\",\"expires_in\":3600}");
        String connection = events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret("secret"))))).connectionArn();
        assertEquals(ConnectionState.AUTHORIZED, server.settled(events, "oauth").connectionState());
        destination("bearer", connection, "/b", 300);
        receiver.script = r -> "Bearer tok-2".equals(r.header("Authorization")) ? new TokenServer.Answer(200, "{}", 0)
                : new TokenServer.Answer(401, "", 0);
        JsonNode answer = testInvoke("{\"Name\":\"bearer\"}");
        assertTrue(answer.get("Delivered").asBoolean(), answer.toString());
        assertEquals(List.of("Bearer tok-1", "Bearer tok-2"), receiver.requests.stream().map(r -> r.header("Authorization")).toList());
        assertEquals(2, idp.requests.size());
        assertEquals("Bearer ***", answer.at("/Request/Headers/Authorization").asText());
    }

    @Test
    void payloadLimitAndBodyParametersNeedAJsonObject() throws Exception {
        String connection = events.createConnection(r -> r.name("bodies").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))
                        .invocationHttpParameters(h -> h.bodyParameters(ConnectionBodyParameter.builder().key("b").value("1").build()))))
                .connectionArn();
        destination("bodies", connection, "/b", 300);
        String big = JSON.writeValueAsString("{\"x\":\"" + "a".repeat(70_000) + "\"}");
        JsonNode tooBig = testInvoke("{\"Name\":\"bodies\",\"Payload\":" + big + "}");
        assertEquals("The payload with the connection's parameters is larger than 64 KB.", tooBig.get("Reason").asText());
        assertFalse(tooBig.get("Retryable").asBoolean());
        JsonNode notObject = testInvoke("{\"Name\":\"bodies\",\"Payload\":\"[1,2]\"}");
        assertEquals("The connection has body parameters, so the payload must be a JSON object.", notObject.get("Reason").asText());
        assertTrue(receiver.requests.isEmpty());
    }

    @Test
    void aPrivateConnectionIsCalledThroughItsMappedAddress() throws Exception {
        String arn = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-0000000000000recv";
        java.nio.file.Path map = dataDir.resolve("map.json");
        java.nio.file.Files.writeString(map, "{\"" + arn + "\": \"" + receiver.url("").replace("http://", "") + "\"}");
        try (TestServer privateServer = new TestServer(dataDir.resolve("private"), "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8",
                "--resource-configurations", map.toString())) {
            EventBridgeClient client = privateServer.client();
            String connection = client.createConnection(r -> r.name("private").authorizationType(ConnectionAuthorizationType.API_KEY)
                    .invocationConnectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(arn)))
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))).connectionArn();
            assertEquals(ConnectionState.ACTIVE, privateServer.settled(client, "private").connectionState());
            client.createApiDestination(r -> r.name("inside").connectionArn(connection)
                    .invocationEndpoint("http://service.internal.example:9000/in").httpMethod("PUT"));
            TestServer main = server;
            server = privateServer; // testInvoke() talks to the server in this field
            JsonNode answer;
            try {
                answer = testInvoke("{\"Name\":\"inside\"}");
            } finally {
                server = main;
            }
            assertTrue(answer.get("Delivered").asBoolean(), answer.toString());
            TokenServer.Recorded r = receiver.requests.getFirst();
            assertEquals("PUT", r.method());
            assertEquals("/in", r.path());
            assertEquals("service.internal.example:9000", r.header("Host"));
        }
    }

    @Test
    void theRateLimitDelaysCallsAndDropsNone() throws Exception {
        String connection = events.createConnection(r -> r.name("paced").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))).connectionArn();
        destination("paced", connection, "/p", 50);
        int calls = 100;
        long started = System.nanoTime();
        List<Future<JsonNode>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                results.add(pool.submit(() -> testInvoke("{\"Name\":\"paced\"}")));
            }
            for (Future<JsonNode> f : results) {
                assertTrue(f.get().get("Delivered").asBoolean(), f.get().toString());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(calls, receiver.requests.size(), "no call dropped");
        // 100 calls at 50 per second cannot take less than 99 spacings of 20 ms (a lower bound only:
        // how much longer it takes on a loaded machine is measured, not asserted).
        assertTrue(seconds >= 1.98, "took " + seconds + " s");
    }
}
