package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ArchiveState;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.DescribeArchiveResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ReplayState;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Archives and replays through the SDK: AWS's texts (recorded), counts and sizes, retention on
 * the server's clock, and a replay that puts the archived events back on the bus in time order,
 * with {@code replay-name}, to the rules it names, through the durable deliveries.
 */
class ArchivesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";

    @TempDir
    Path dataDir;
    TokenServer receiver;
    TestServer server;
    EventBridgeClient events;
    String busArn;

    @BeforeEach
    void start() throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8");
        events = server.client();
        busArn = events.createEventBus(r -> r.name("orders")).eventBusArn();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    String destination(String name) {
        String connection = events.createConnection(r -> r.name("c-" + name).authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p")))).connectionArn();
        return events.createApiDestination(r -> r.name(name).connectionArn(connection).invocationEndpoint(receiver.url("/" + name))
                .httpMethod("POST")).apiDestinationArn();
    }

    String put(String source, String detail) {
        var answer = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().eventBusName("orders").source(source)
                .detailType("order placed").detail(detail).build()));
        assertEquals(0, answer.failedEntryCount());
        return answer.entries().getFirst().eventId();
    }

    void awaitNothingPending() {
        Await.until("no pending delivery", server.clock(), Duration.ofSeconds(1), () -> server.main().pendingDeliveries().isEmpty());
    }

    static String message(EventBridgeException e) {
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void archivesAnswerAsAws() {
        var created = events.createArchive(r -> r.archiveName("shop").eventSourceArn(busArn).description("d")
                .eventPattern("{\"source\":[\"shop\"]}").retentionDays(1));
        assertEquals("arn:aws:events:us-east-1:000000000000:archive/shop", created.archiveArn());
        assertEquals(ArchiveState.ENABLED, created.state(), "recorded: ENABLED at once");
        DescribeArchiveResponse described = events.describeArchive(r -> r.archiveName("shop"));
        assertEquals(busArn, described.eventSourceArn());
        assertEquals("{\"source\":[\"shop\"]}", described.eventPattern());
        assertEquals(1, described.retentionDays());
        assertEquals(0, described.eventCount());
        assertEquals(0, described.sizeBytes());
        assertEquals(List.of("shop"), events.listArchives(r -> r.eventSourceArn(busArn)).archives().stream()
                .map(a -> a.archiveName()).toList());

        assertEquals("Archive shop already exists.", message(assertThrows(ResourceAlreadyExistsException.class,
                () -> events.createArchive(r -> r.archiveName("shop").eventSourceArn(busArn)))));
        assertEquals("Event bus nope does not exist.", message(assertThrows(ResourceNotFoundException.class,
                () -> events.createArchive(r -> r.archiveName("x").eventSourceArn(busArn.replace("orders", "nope"))))));
        assertEquals("At least one of EventPattern, RetentionDays or Description must be provided.",
                message(assertThrows(EventBridgeException.class, () -> events.updateArchive(r -> r.archiveName("nope")))));
        assertEquals("Archive nope does not exist.", message(assertThrows(ResourceNotFoundException.class,
                () -> events.describeArchive(r -> r.archiveName("nope")))));
        assertEquals("Archive nope does not exist.", message(assertThrows(ResourceNotFoundException.class,
                () -> events.deleteArchive(r -> r.archiveName("nope")))));
        assertTrue(message(assertThrows(EventBridgeException.class, () -> events.createArchive(r -> r.archiveName("bad")
                .eventSourceArn(busArn).eventPattern("{\"source\":\"shop\"}")))).startsWith("Event pattern is not valid."));

        events.updateArchive(r -> r.archiveName("shop").description("new").retentionDays(7));
        described = events.describeArchive(r -> r.archiveName("shop"));
        assertEquals("new", described.description());
        assertEquals(7, described.retentionDays());
        assertEquals("{\"source\":[\"shop\"]}", described.eventPattern(), "untouched");
        events.deleteArchive(r -> r.archiveName("shop"));
        assertTrue(events.listArchives(r -> {}).archives().isEmpty());
    }

    @Test
    void anArchiveCountsTheEventsItsPatternMatchesAndForgetsThemAfterItsRetention() {
        events.createArchive(r -> r.archiveName("shop").eventSourceArn(busArn).eventPattern("{\"source\":[\"shop\"]}")
                .retentionDays(1));
        events.createArchive(r -> r.archiveName("all").eventSourceArn(busArn));
        for (int i = 0; i < 3; i++) {
            put("shop", "{\"n\":" + i + "}");
        }
        put("other", "{}");
        DescribeArchiveResponse shop = events.describeArchive(r -> r.archiveName("shop"));
        assertEquals(3, shop.eventCount(), "counted as soon as PutEvents answered");
        assertTrue(shop.sizeBytes() > 3 * 150, "the events' JSON: " + shop.sizeBytes());
        assertEquals(4, events.describeArchive(r -> r.archiveName("all")).eventCount());

        server.clock().advance(Duration.ofHours(23));
        assertEquals(3, events.describeArchive(r -> r.archiveName("shop")).eventCount());
        server.clock().advance(Duration.ofHours(2)); // the hourly purge passes the day
        assertEquals(0, events.describeArchive(r -> r.archiveName("shop")).eventCount(), "RetentionDays 1");
        assertEquals(4, events.describeArchive(r -> r.archiveName("all")).eventCount(), "no retention: kept");
    }

    @Test
    void aReplayPutsTheWindowsEventsBackInTimeOrderToTheRulesItNames() throws Exception {
        String archiveArn = events.createArchive(r -> r.archiveName("all").eventSourceArn(busArn)).archiveArn();
        Instant start = server.clock().instant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(put("shop", "{\"n\":" + i + "}"));
            server.clock().advance(Duration.ofMinutes(1));
        }
        Instant end = server.clock().instant().minusSeconds(90); // the first two events
        put("shop", "{\"n\":3}");
        // The rules come after the events: only the replay can reach them.
        events.putRule(r -> r.name("named").eventBusName("orders").eventPattern("{\"source\":[\"shop\"]}"));
        String named = events.describeRule(r -> r.name("named").eventBusName("orders")).arn();
        events.putTargets(r -> r.rule("named").eventBusName("orders").targets(
                Target.builder().id("t").arn(destination("named")).roleArn(ROLE).build()));
        events.putRule(r -> r.name("other").eventBusName("orders").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("other").eventBusName("orders").targets(
                Target.builder().id("t").arn(destination("other")).roleArn(ROLE).build()));

        var started = events.startReplay(r -> r.replayName("again").eventSourceArn(archiveArn).eventStartTime(start)
                .eventEndTime(end).destination(d -> d.arn(busArn).filterArns(named)));
        assertEquals("arn:aws:events:us-east-1:000000000000:replay/again", started.replayArn());
        assertEquals(ReplayState.STARTING, started.state());
        assertEquals(ReplayState.STARTING, events.describeReplay(r -> r.replayName("again")).state());

        Await.until("the replay completed", server.clock(), Duration.ofSeconds(1),
                () -> events.describeReplay(r -> r.replayName("again")).state() == ReplayState.COMPLETED);
        awaitNothingPending();
        assertEquals(2, receiver.requests.size(), "two events in the window, to the named rule only");
        List<JsonNode> received = new ArrayList<>();
        for (TokenServer.Recorded r : receiver.requests) {
            assertEquals("/named", r.path());
            received.add(JSON.readTree(r.body()));
        }
        received.sort(java.util.Comparator.comparing(e -> e.at("/detail/n").asInt()));
        for (int i = 0; i < 2; i++) {
            JsonNode event = received.get(i);
            assertEquals("again", event.get("replay-name").asText());
            assertNotEquals(ids.get(i), event.get("id").asText(), "a new id, as recorded from AWS");
            assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "replay-name",
                    "resources", "detail"), fieldNames(event), "AWS's recorded order");
        }
        assertTrue(Instant.parse(received.get(0).get("time").asText()).isBefore(Instant.parse(received.get(1).get("time").asText())),
                "the original times");
        var replay = events.describeReplay(r -> r.replayName("again"));
        assertEquals(List.of(named), replay.destination().filterArns());
        assertNotNull(replay.replayEndTime());
        assertNotNull(replay.eventLastReplayedTime());
        assertEquals(4, events.describeArchive(r -> r.archiveName("all")).eventCount(), "replayed events are not archived again");
        assertEquals(List.of("again"), events.listReplays(r -> r.eventSourceArn(archiveArn)).replays().stream()
                .map(x -> x.replayName()).toList());

        assertTrue(message(assertThrows(EventBridgeException.class, () -> events.cancelReplay(r -> r.replayName("again"))))
                .contains("COMPLETED"));
        assertEquals("IllegalStatusException", assertThrows(EventBridgeException.class,
                () -> events.cancelReplay(r -> r.replayName("again"))).awsErrorDetails().errorCode());
    }

    @Test
    void startReplayChecksAsAwsAndCancelStopsAReplay() {
        String archiveArn = events.createArchive(r -> r.archiveName("all").eventSourceArn(busArn)).archiveArn();
        Instant now = server.clock().instant();
        assertEquals("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.",
                message(assertThrows(EventBridgeException.class, () -> events.startReplay(r -> r.replayName("x")
                        .eventSourceArn(archiveArn).eventStartTime(now).eventEndTime(now).destination(d -> d.arn(busArn))))));
        assertEquals("Parameter EventSourceArn is not valid. Reason: Archive nope does not exist.",
                message(assertThrows(EventBridgeException.class, () -> events.startReplay(r -> r.replayName("x")
                        .eventSourceArn(archiveArn.replace("all", "nope")).eventStartTime(now.minusSeconds(60)).eventEndTime(now)
                        .destination(d -> d.arn(busArn))))));
        String defaultBus = "arn:aws:events:us-east-1:000000000000:event-bus/default";
        assertEquals("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.",
                message(assertThrows(EventBridgeException.class, () -> events.startReplay(r -> r.replayName("x")
                        .eventSourceArn(archiveArn).eventStartTime(now.minusSeconds(60)).eventEndTime(now)
                        .destination(d -> d.arn(defaultBus))))));
        assertEquals("Event bus gone does not exist.", message(assertThrows(ResourceNotFoundException.class,
                () -> events.startReplay(r -> r.replayName("x").eventSourceArn(archiveArn).eventStartTime(now.minusSeconds(60))
                        .eventEndTime(now).destination(d -> d.arn(busArn.replace("orders", "gone")))))));

        for (int i = 0; i < 10; i++) {
            int n = i;
            events.startReplay(r -> r.replayName("r" + n).eventSourceArn(archiveArn).eventStartTime(now.minusSeconds(60))
                    .eventEndTime(now).destination(d -> d.arn(busArn)));
        }
        assertEquals("Replay r0 already exists.", message(assertThrows(ResourceAlreadyExistsException.class,
                () -> events.startReplay(r -> r.replayName("r0").eventSourceArn(archiveArn).eventStartTime(now.minusSeconds(60))
                        .eventEndTime(now).destination(d -> d.arn(busArn))))));
        assertEquals("The requested resource exceeds the maximum number allowed.", message(assertThrows(EventBridgeException.class,
                () -> events.startReplay(r -> r.replayName("r10").eventSourceArn(archiveArn).eventStartTime(now.minusSeconds(60))
                        .eventEndTime(now).destination(d -> d.arn(busArn))))), "recorded: ten at once");
        assertEquals("Replay nope does not exist.", message(assertThrows(ResourceNotFoundException.class,
                () -> events.describeReplay(r -> r.replayName("nope")))));

        assertEquals(ReplayState.CANCELLING, events.cancelReplay(r -> r.replayName("r0")).state());
        assertEquals(ReplayState.CANCELLING, events.describeReplay(r -> r.replayName("r0")).state(), "as recorded");
        Await.until("the replays settled", server.clock(), Duration.ofSeconds(1), () -> events.listReplays(r -> {}).replays()
                .stream().noneMatch(x -> x.state() == ReplayState.STARTING || x.state() == ReplayState.RUNNING
                        || x.state() == ReplayState.CANCELLING));
        assertEquals(ReplayState.CANCELLED, events.describeReplay(r -> r.replayName("r0")).state());
        assertEquals(ReplayState.COMPLETED, events.describeReplay(r -> r.replayName("r1")).state());
        assertEquals(List.of("r0"), events.listReplays(r -> r.state(ReplayState.CANCELLED)).replays().stream()
                .map(x -> x.replayName()).toList());
        assertFalse(events.listReplays(r -> r.namePrefix("r1")).replays().isEmpty());
    }

    @Test
    void aReplayUnderWayResumesAfterARestart() {
        String archiveArn = events.createArchive(r -> r.archiveName("all").eventSourceArn(busArn)).archiveArn();
        Instant start = server.clock().instant();
        put("shop", "{\"n\":1}");
        events.putRule(r -> r.name("named").eventBusName("orders").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("named").eventBusName("orders").targets(
                Target.builder().id("t").arn(destination("named")).roleArn(ROLE).build()));
        events.startReplay(r -> r.replayName("again").eventSourceArn(archiveArn).eventStartTime(start.minusSeconds(1))
                .eventEndTime(start.plusSeconds(60)).destination(d -> d.arn(busArn)));
        server.restart(); // before its first batch
        events = server.client();
        Await.until("the replay completed", server.clock(), Duration.ofSeconds(1),
                () -> events.describeReplay(r -> r.replayName("again")).state() == ReplayState.COMPLETED);
        awaitNothingPending();
        assertEquals(1, receiver.requests.size());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
