package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

/**
 * {@code /health} tells the truth, and a full disk is an AWS-shaped error that passes. The full
 * disk is SQLite's own: {@code PRAGMA max_page_count} on the writer's connection makes the next
 * write that needs a new page fail with SQLITE_FULL, as a full file system does, without a mount.
 */
class HealthAndDiskFullIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = new TestServer(dataDir);
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void create(String name) {
        events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("v".repeat(500)))));
    }

    @Test
    void healthAnswers503WithTheProblemOnceTheDatabaseWriterHasStopped() throws Exception {
        assertEquals(200, health().statusCode());
        assertEquals("{\"status\":\"ok\"}", health().body());

        server.main().database().close(); // the writer thread ends, as it would after a fatal error

        HttpResponse<String> answer = health();
        assertEquals(503, answer.statusCode());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("unhealthy", body.get("status").asText());
        assertTrue(body.at("/problems/database").asText().startsWith("the database writer has stopped"), answer.body());
        EventBridgeException write = assertThrows(EventBridgeException.class, () -> create("after"));
        assertEquals("InternalException", write.awsErrorDetails().errorCode());
    }

    @Test
    void aFullDiskFailsWritesWithInternalExceptionKeepsReadsAndWritesAgainOnceThereIsRoom() throws Exception {
        create("before");
        // No page more than the file has now: the next write that needs one fails with SQLITE_FULL.
        server.main().database().write(s -> s.prepare("PRAGMA max_page_count = 1").execute());
        EventBridgeException full = null;
        for (int i = 0; i < 1000 && full == null; i++) {
            try {
                create("while-full-" + i);
            } catch (EventBridgeException e) {
                full = e;
            }
        }
        assertTrue(full != null, "a write failed once the database could not grow");
        assertEquals("InternalException", full.awsErrorDetails().errorCode());
        assertEquals(500, full.statusCode());
        assertFalse(full.awsErrorDetails().errorMessage().contains("SQLITE"), "no driver text: " + full.getMessage());

        // Reads are served, the server reports healthy (its writer runs), and writes fail alike.
        assertEquals("before", events.describeConnection(r -> r.name("before")).name());
        assertFalse(events.listConnections(r -> r.limit(100)).connections().isEmpty());
        assertEquals(200, health().statusCode());
        assertThrows(EventBridgeException.class, () -> create("still-full"));

        // Room again (an operator freed space): the next write succeeds without a restart.
        server.main().database().write(s -> s.prepare("PRAGMA max_page_count = 1073741823").execute());
        create("after");
        assertEquals("after", events.describeConnection(r -> r.name("after")).name());
    }
}
