package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The delivery engine through the real server (issue 13): a slow destination (1 call per second,
 * 100 events queued) beside a fast one, whose events are delivered at once; back-pressure
 * (PutEvents answers ThrottlingException over --max-pending-deliveries and recovers by itself);
 * dead letters expire after --dead-letter-retention. The server's clock moves only when a test
 * moves it, so "at once" means with the clock standing still.
 */
class DeliveryEngineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";

    @TempDir
    Path dataDir;
    TokenServer receiver;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();

    void start(String... extra) throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        List<String> args = new ArrayList<>(List.of("--allow-http-endpoints", "--egress-allow", "127.0.0.0/8"));
        args.addAll(List.of(extra));
        server = new TestServer(dataDir, args.toArray(String[]::new));
        events = server.client();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    String destination(String name, String path, int rate) {
        String connection = events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-key").apiKeyValue("v")))).connectionArn();
        return events.createApiDestination(r -> r.name(name).connectionArn(connection)
                .invocationEndpoint(receiver.url(path)).httpMethod("POST").invocationRateLimitPerSecond(rate))
                .apiDestinationArn();
    }

    void rule(String name, String source, String destinationArn) {
        events.putRule(r -> r.name(name).eventPattern("{\"source\":[\"" + source + "\"]}"));
        events.putTargets(r -> r.rule(name).targets(Target.builder().id("t").arn(destinationArn).roleArn(ROLE).build()));
    }

    void put(String source, int count) {
        for (int i = 0; i < count; i += 10) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 10); j++) {
                entries.add(PutEventsRequestEntry.builder().source(source).detailType("t").detail("{\"n\":" + j + "}").build());
            }
            assertEquals(0, events.putEvents(r -> r.entries(entries)).failedEntryCount());
        }
    }

    long received(String path) {
        return receiver.requests.stream().filter(r -> r.path().equals(path)).count();
    }

    JsonNode extension(String operation, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Bridgekeeper." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    int deadLetters() {
        try {
            return extension("ListDeadLetters", "{}").get("DeadLetters").size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSlowDestinationDoesNotDelayAFastOne() throws Exception {
        start();
        rule("slow", "slow", destination("slow", "/slow", 1));
        rule("fast", "fast", destination("fast", "/fast", 300));

        put("slow", 100);
        put("fast", 5);

        // The clock stands still: the slow destination has budget for one call, and its other 99
        // events wait in the table without holding a slot, while the fast destination's arrive.
        Await.until("the fast events delivered", () -> received("/fast") == 5);
        assertTrue(received("/slow") <= 1, "the slow destination keeps to its rate: " + received("/slow"));
        assertTrue(server.main().pendingDeliveries().size() >= 99, "the slow backlog is still pending");

        // One more slow call per second of the clock, none dropped.
        Await.until("the slow backlog delivered at its rate", server.clock(), Duration.ofSeconds(1),
                () -> received("/slow") == 100 && server.main().pendingDeliveries().isEmpty());
        assertEquals(5, received("/fast"));
    }

    @Test
    void putEventsIsThrottledOverTheBacklogAndRecoversByItself() throws Exception {
        start("--max-pending-deliveries", "5");
        rule("r", "shop", destination("d", "/hook", 300));
        receiver.script = r -> new TokenServer.Answer(503, "down", 0); // retryable: the deliveries stay pending

        put("shop", 5);
        EventBridgeException refused = assertThrows(EventBridgeException.class, () -> put("shop", 1));
        assertEquals("ThrottlingException", refused.awsErrorDetails().errorCode());
        assertEquals(400, refused.statusCode());
        assertEquals("This request cannot be completed due to throttling issues.", refused.awsErrorDetails().errorMessage());

        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        // Retries (backoff from 1 s) drain the backlog; the backlog count is refreshed every second.
        Await.until("accepted again", server.clock(), Duration.ofSeconds(1), () -> {
            try {
                put("shop", 1);
                return true;
            } catch (EventBridgeException e) {
                assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
                return false;
            }
        });
        Await.until("everything delivered", server.clock(), Duration.ofSeconds(1),
                () -> server.main().pendingDeliveries().isEmpty());
        assertEquals(6, receiver.requests.stream().filter(r -> r.path().equals("/hook")).map(TokenServer.Recorded::body)
                .distinct().count(), "the five throttled-over events and the one accepted after");
    }

    @Test
    void deadLettersExpireAfterTheRetention() throws Exception {
        start("--dead-letter-retention", "1d");
        rule("r", "shop", destination("d", "/gone", 300));
        receiver.script = r -> new TokenServer.Answer(404, "no such hook", 0); // not retryable: dead at once
        put("shop", 1);
        Await.until("a dead letter", () -> deadLetters() == 1);

        server.clock().advance(Duration.ofHours(23));
        server.clock().advance(Duration.ofMinutes(10)); // a purge runs: the letter is younger than a day
        put("shop", 1);
        Await.until("the second dead letter", () -> deadLetters() == 2);

        // Past a day for the first letter only: the periodic purge (every 10 minutes) forgets it.
        Await.until("the first letter purged", server.clock(), Duration.ofMinutes(10), () -> deadLetters() == 1);
        server.clock().advance(Duration.ofMinutes(30));
        assertEquals(1, deadLetters(), "the younger letter is kept");
    }
}
