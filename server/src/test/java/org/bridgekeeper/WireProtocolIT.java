package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS JSON 1.1 wire, byte for byte, with a plain HTTP client: what an SDK never sends but a
 * server must answer well. After every test the server must still answer a health check.
 */
class WireProtocolIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TestServer server;
    static HttpClient http;

    @BeforeAll
    static void start() {
        server = new TestServer(dataDir, "--max-body-bytes", "65536");
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stillServing() throws Exception {
        var health = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String type() { return body.path("__type").asText(); }
        String message() { return body.path("message").asText(); }
    }

    static Answer post(String target, String body) throws Exception {
        var builder = HttpRequest.newBuilder(server.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            builder.header("X-Amz-Target", target);
        }
        return answer(http.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
    }

    static Answer answer(HttpResponse<String> response) throws Exception {
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    @Test
    void successHasContentTypeRequestIdAndEpochSeconds() throws Exception {
        Answer a = post("AWSEvents.CreateConnection", "{\"Name\":\"wire\",\"AuthorizationType\":\"BASIC\","
                + "\"AuthParameters\":{\"BasicAuthParameters\":{\"Username\":\"u\",\"Password\":\"p\"}},\"Unknown\":{\"x\":1}}");
        assertEquals(200, a.status());
        assertEquals("application/x-amz-json-1.1", a.raw().headers().firstValue("Content-Type").orElseThrow());
        assertTrue(Pattern.matches("[0-9a-f-]{36}", a.raw().headers().firstValue("x-amzn-RequestId").orElseThrow()));
        assertTrue(a.body().get("CreationTime").isIntegralNumber());
        assertTrue(Math.abs(a.body().get("CreationTime").asLong() - System.currentTimeMillis() / 1000) < 60);
        assertEquals(4, a.body().size(), "exactly the CreateConnection output members: " + a.body());
    }

    @Test
    void errorsCarryTypeMessageAndHeader() throws Exception {
        Answer a = post("AWSEvents.DescribeConnection", "{\"Name\":\"missing\"}");
        assertEquals(400, a.status());
        assertEquals("ResourceNotFoundException", a.type());
        assertEquals("ResourceNotFoundException", a.raw().headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("Failed to describe the connection(s). Connection 'missing' does not exist.", a.message());
        assertNotNull(a.raw().headers().firstValue("x-amzn-RequestId").orElse(null));
    }

    @Test
    void unknownAndMissingTargets() throws Exception {
        assertEquals("UnknownOperationException", post("AWSEvents.NoSuchThing", "{}").type());
        assertEquals("UnknownOperationException", post("Other.CreateConnection", "{}").type());
        Answer missing = post(null, "{}");
        assertEquals(400, missing.status());
        assertEquals("UnknownOperationException", missing.type());
        // An operation of the model that Bridgekeeper does not serve yet says so.
        Answer unsupported = post("AWSEvents.PutPartnerEvents", "{}");
        assertEquals("UnknownOperationException", unsupported.type());
        assertTrue(unsupported.message().contains("not supported"), unsupported.message());
        var get = http.send(HttpRequest.newBuilder(server.endpoint()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("UnknownOperationException", answer(get).type());
    }

    @Test
    void bodiesThatAreNotJsonOrOfTheWrongTypes() throws Exception {
        for (String body : new String[] {"{", "not json", "[1,2]", "\"text\"", "{\"Name\": }", "\u0000\u0001"}) {
            Answer a = post("AWSEvents.DescribeConnection", body);
            assertEquals(400, a.status(), body);
            assertEquals("SerializationException", a.type(), body);
        }
        assertEquals("SerializationException", post("AWSEvents.DescribeConnection", "{\"Name\":5}").type());
        assertEquals("SerializationException", post("AWSEvents.DescribeConnection", "{\"Name\":{\"a\":1}}").type());
        assertEquals("SerializationException", post("AWSEvents.ListConnections", "{\"Limit\":\"5\"}").type());
        assertEquals("SerializationException", post("AWSEvents.ListConnections", "{\"Limit\":1.5}").type());
        assertEquals("SerializationException", post("AWSEvents.ListConnections", "{\"Limit\":99999999999}").type());
        assertEquals("SerializationException", post("AWSEvents.CreateConnection",
                "{\"Name\":\"x\",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":[]}").type());
        assertEquals("SerializationException", post("AWSEvents.CreateConnection", "{\"Name\":\"x\",\"AuthorizationType\":\"BASIC\","
                + "\"AuthParameters\":{\"InvocationHttpParameters\":{\"HeaderParameters\":[{\"Key\":\"k\",\"IsValueSecret\":\"yes\"}]}}}").type());
        // Deep nesting is refused, not followed.
        Answer deep = post("AWSEvents.DescribeConnection", "[".repeat(5000) + "]".repeat(5000));
        assertEquals("SerializationException", deep.type());
    }

    @Test
    void emptyBodyIsAnEmptyRequest() throws Exception {
        Answer a = post("AWSEvents.DescribeConnection", "");
        assertEquals("ValidationException", a.type());
        assertEquals("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
                a.message());
        assertEquals(200, post("AWSEvents.ListConnections", "").status());
        assertEquals(200, post("AWSEvents.ListConnections", "{\"NamePrefix\":null}").status());
    }

    @Test
    void oversizedBodiesAreRefusedWithAClearError() throws Exception {
        String huge = "{\"Name\":\"" + "a".repeat(70_000) + "\"}";
        Answer a = post("AWSEvents.DescribeConnection", huge);
        assertEquals(413, a.status());
        assertEquals("RequestEntityTooLargeException", a.type());
        assertTrue(a.message().contains("65536"), a.message());
        // Within the limit, a too-long name is a validation error that does not echo 9,000 characters twice.
        Answer longName = post("AWSEvents.DescribeConnection", "{\"Name\":\"" + "a".repeat(9000) + "\"}");
        assertEquals("ValidationException", longName.type());
    }

    @Test
    void responsesNeverCarrySecrets() throws Exception {
        post("AWSEvents.CreateConnection", "{\"Name\":\"leak\",\"AuthorizationType\":\"OAUTH_CLIENT_CREDENTIALS\","
                + "\"AuthParameters\":{\"OAuthParameters\":{\"ClientParameters\":{\"ClientID\":\"cid\",\"ClientSecret\":\"TOPSECRET-1\"},"
                + "\"AuthorizationEndpoint\":\"https://example.com/t\",\"HttpMethod\":\"POST\",\"OAuthHttpParameters\":{"
                + "\"HeaderParameters\":[{\"Key\":\"h\",\"Value\":\"TOPSECRET-2\",\"IsValueSecret\":true}]}},"
                + "\"InvocationHttpParameters\":{\"BodyParameters\":[{\"Key\":\"b\",\"Value\":\"TOPSECRET-3\",\"IsValueSecret\":true}]}}}");
        for (String target : new String[] {"DescribeConnection", "ListConnections", "UpdateConnection", "DeauthorizeConnection",
                "DescribeConnection", "DeleteConnection"}) {
            String body = target.equals("ListConnections") ? "{}"
                    : target.equals("UpdateConnection") ? "{\"Name\":\"leak\",\"Description\":\"d\"}" : "{\"Name\":\"leak\"}";
            Answer a = post("AWSEvents." + target, body);
            assertEquals(200, a.status(), target + ": " + a.body());
            assertFalse(a.raw().body().contains("TOPSECRET"), target + ": " + a.raw().body());
        }
    }
}
