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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The bounds AWS also has, through the SDK: patterns too complex to match at a bounded cost are
 * refused with AWS's text; a transformed payload over AWS's event limit is dead-lettered with its
 * reason instead of being built; a fan-out of large events is stored whole, in chunks. The
 * targets are SQS queues with no endpoint configured: every delivery that is attempted ends in
 * the dead letters at once, so that what was stored can be counted there.
 */
class BoundsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:q";

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

    JsonNode deadLetters() {
        try {
            var response = http.send(HttpRequest.newBuilder(server.endpoint())
                    .header("X-Amz-Target", "Bridgekeeper.ListDeadLetters")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Limit\":100}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body()).get("DeadLetters");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A {@code $or} in each of {@code fields} objects, {@code branches} wide: branches^fields combinations. */
    static String sideBySideOrs(int fields, int branches) {
        StringBuilder out = new StringBuilder("{\"detail\":{");
        for (int f = 0; f < fields; f++) {
            out.append(f == 0 ? "" : ",").append("\"f").append(f).append("\":{\"$or\":[");
            for (int b = 0; b < branches; b++) {
                out.append(b == 0 ? "" : ",").append("{\"b").append(b).append("\":[1]}");
            }
            out.append("]}");
        }
        return out.append("}}").toString();
    }

    @Test
    void patternsTooComplexAreRefusedWithAwsText() {
        String wildcards = "{\"source\":[{\"wildcard\":\"*a*a*a*a*a*a*a*\"}]}";
        InvalidEventPatternException e = assertThrows(InvalidEventPatternException.class,
                () -> events.putRule(r -> r.name("wild").eventPattern(wildcards)));
        assertEquals("Event pattern is not valid. Reason: Rule is too complex - try using fewer wildcard characters or "
                + "fewer repeating character sequences after a wildcard character", e.awsErrorDetails().errorMessage());
        events.putRule(r -> r.name("fine").eventPattern("{\"source\":[{\"wildcard\":\"*a*a*a*\"}]}")); // complexity 7

        String ors = sideBySideOrs(12, 3); // 531,441 combinations in 550 characters
        assertTrue(ors.length() < 669, ors.length() + " characters");
        InvalidEventPatternException or = assertThrows(InvalidEventPatternException.class,
                () -> events.putRule(r -> r.name("ors").eventPattern(ors)));
        assertTrue(or.awsErrorDetails().errorMessage().startsWith("Event pattern is not valid. Reason: Rule is too complex"),
                or.awsErrorDetails().errorMessage());
        assertThrows(InvalidEventPatternException.class, () -> events.testEventPattern(r -> r.eventPattern(ors)
                .event("{\"id\":\"1\",\"account\":\"000000000000\",\"source\":\"s\",\"time\":\"2026-01-01T00:00:00Z\","
                        + "\"region\":\"us-east-1\",\"detail-type\":\"t\",\"detail\":{}}")));
        events.putRule(r -> r.name("few-ors").eventPattern(sideBySideOrs(3, 3))); // 27 combinations
    }

    @Test
    void aTransformedPayloadOverTheLimitIsDeadLetteredWithItsReason() {
        events.putRule(r -> r.name("blow-up").eventPattern("{\"source\":[\"big\"]}"));
        StringBuilder template = new StringBuilder("[");
        for (int i = 0; i < 2047; i++) {
            template.append(i == 0 ? "" : ",").append("<d>");
        }
        String templateText = template.append("]").toString();
        events.putTargets(r -> r.rule("blow-up").targets(Target.builder().id("t").arn(QUEUE)
                .inputTransformer(t -> t.inputPathsMap(java.util.Map.of("d", "$.detail")).inputTemplate(templateText))
                .build()));
        String detail = "{\"pad\":\"" + "x".repeat(50_000) + "\"}";
        assertEquals(0, events.putEvents(r -> r.entries(e -> e.source("big").detailType("t").detail(detail)))
                .failedEntryCount());

        Await.until("the dead letter", server.clock(), Duration.ofSeconds(1), () -> deadLetters().size() == 1);
        JsonNode letter = deadLetters().get(0);
        assertTrue(letter.get("Reason").asText().contains("larger than 262144 bytes"), letter.toString());
        assertEquals("", letter.get("Payload").asText(), "nothing of it was built");
        assertEquals(0, letter.get("Attempts").asInt(), "never attempted");
    }

    @Test
    void aFanOutOfLargeEventsIsStoredWholeInChunks() {
        int rules = 10;
        for (int i = 0; i < rules; i++) {
            String name = "r" + i;
            events.putRule(r -> r.name(name).eventPattern("{\"source\":[\"fan\"]}"));
            List<Target> targets = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                targets.add(Target.builder().id("t" + t).arn(QUEUE + t).build());
            }
            events.putTargets(r -> r.rule(name).targets(targets));
        }
        // 50 deliveries of a 200 KB event: 10 MB of payload, stored in chunks of about 4 MB.
        String detail = "{\"pad\":\"" + "y".repeat(200_000) + "\"}";
        assertEquals(0, events.putEvents(r -> r.entries(e -> e.source("fan").detailType("t").detail(detail)))
                .failedEntryCount());
        Await.until("every delivery made, attempted and dead-lettered", server.clock(), Duration.ofSeconds(1),
                () -> deadLetters().size() == 5 * rules && server.main().pendingDeliveries().isEmpty());
        assertFalse(deadLetters().get(0).get("Reason").asText().isEmpty());
    }
}
