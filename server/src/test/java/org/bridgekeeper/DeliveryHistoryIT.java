package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The delivery history through the wire: every attempt of a delivered, a retried and a
 * dead-lettered event (ListDeliveries, DescribeDelivery), the filters and pages, RetryDelivery and
 * CancelDelivery, the W3C trace context from PutEvents to the receiver, answers that echo a secret,
 * and the retention.
 */
class DeliveryHistoryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";
    private static final String PASSWORD = "hist-pa55word";

    @TempDir
    Path dataDir;
    TokenServer receiver;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();
    String connection;

    @BeforeEach
    void start() {
        try {
            receiver = new TokenServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        receiver.script = r -> new TokenServer.Answer(200, "{\"ok\":true}", 0);
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8", "--outbound-timeout-ms", "2000");
        events = server.client();
        connection = events.createConnection(r -> r.name("basic").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password(PASSWORD)))).connectionArn();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    String destination(String name, String path) {
        return events.createApiDestination(r -> r.name(name).connectionArn(connection)
                .invocationEndpoint(receiver.url(path)).httpMethod("POST").invocationRateLimitPerSecond(300))
                .apiDestinationArn();
    }

    void rule(String name, String source, Target... targets) {
        events.putRule(r -> r.name(name).eventPattern("{\"source\":[\"" + source + "\"]}"));
        events.putTargets(r -> r.rule(name).targets(targets));
    }

    static Target target(String id, String arn) {
        return Target.builder().id(id).arn(arn).roleArn(ROLE).build();
    }

    String put(String source, String detail) {
        return events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source(source).detailType("t")
                .detail(detail).build())).entries().getFirst().eventId();
    }

    void await(String what, BooleanSupplier condition) {
        Await.until(what, server.clock(), Duration.ofSeconds(1), condition);
    }

    JsonNode call(String operation, String body) {
        return call(operation, body, 200);
    }

    JsonNode call(String operation, String body, int status) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.endpoint())
                    .header("X-Amz-Target", "Bridgekeeper." + operation)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<JsonNode> deliveries(String filter) {
        List<JsonNode> out = new ArrayList<>();
        call("ListDeliveries", filter).get("Deliveries").forEach(out::add);
        return out;
    }

    JsonNode describe(String id) {
        return call("DescribeDelivery", "{\"Id\":\"" + id + "\"}");
    }

    JsonNode onlyDeliveryOf(String eventId) {
        List<JsonNode> found = deliveries("{}").stream().filter(d -> d.get("EventId").asText().equals(eventId)).toList();
        assertEquals(1, found.size(), found.toString());
        return found.getFirst();
    }

    @Test
    void aDeliveredARetriedAndADeadLetteredEventShowEveryAttempt() throws Exception {
        String ok = destination("ok", "/ok");
        String flaky = destination("flaky", "/flaky");
        String strict = destination("strict", "/strict");
        rule("r-ok", "ok", target("t-ok", ok));
        rule("r-flaky", "flaky", target("t-flaky", flaky));
        rule("r-strict", "strict", target("t-strict", strict).toBuilder()
                .inputTransformer(t -> t.inputPathsMap(java.util.Map.of("n", "$.detail.n")).inputTemplate("{\"n\":<n>}"))
                .build());
        AtomicInteger flakyCalls = new AtomicInteger();
        receiver.script = r -> switch (r.path()) {
            case "/flaky" -> flakyCalls.incrementAndGet() <= 2 ? new TokenServer.Answer(503, "busy, try later", 0)
                    : new TokenServer.Answer(200, "{\"ok\":true}", 0);
            // An endpoint that echoes the request's Authorization header: the history must not keep the secret.
            case "/strict" -> new TokenServer.Answer(400, "rejected: " + r.header("Authorization"), 0);
            default -> new TokenServer.Answer(200, "{\"ok\":true}", 0);
        };

        String delivered = put("ok", "{\"n\":1}");
        server.clock().advanceSeconds(1); // three creation times: the list's order is theirs
        String retried = put("flaky", "{\"n\":2}");
        server.clock().advanceSeconds(1);
        String dead = put("strict", "{\"n\":3}");
        await("all settled", () -> server.main().pendingDeliveries().isEmpty() && flakyCalls.get() == 3);

        JsonNode d1 = describe(onlyDeliveryOf(delivered).get("Id").asText());
        assertEquals("DELIVERED", d1.get("State").asText());
        assertEquals(1, d1.get("AttemptCount").asInt());
        assertEquals("r-ok", d1.get("Rule").asText());
        assertEquals("t-ok", d1.get("TargetId").asText());
        assertEquals(ok, d1.get("TargetArn").asText());
        assertEquals(1, d1.get("Attempts").size());
        JsonNode a1 = d1.get("Attempts").get(0);
        assertEquals(1, a1.get("Number").asInt());
        assertEquals("DELIVERED", a1.get("Outcome").asText());
        assertEquals(200, a1.get("StatusCode").asInt());
        assertTrue(a1.get("LatencyMillis").asLong() >= 0);
        assertEquals("{\"ok\":true}", a1.get("ResponseBody").asText());
        assertNull(d1.get("Event"), "no transformation: the payload is the event");
        assertEquals(delivered, JSON.readTree(d1.get("Payload").asText()).get("id").asText());
        assertEquals("Basic ***", d1.at("/Request/Headers/Authorization").asText());
        assertEquals(receiver.url("/ok"), d1.at("/Request/Url").asText());

        JsonNode d2 = describe(onlyDeliveryOf(retried).get("Id").asText());
        assertEquals("DELIVERED", d2.get("State").asText());
        assertEquals(3, d2.get("AttemptCount").asInt());
        List<String> outcomes = new ArrayList<>();
        d2.get("Attempts").forEach(a -> outcomes.add(a.get("Outcome").asText() + " " + a.path("StatusCode").asInt()));
        assertEquals(List.of("WILL_RETRY 503", "WILL_RETRY 503", "DELIVERED 200"), outcomes);
        JsonNode firstTry = d2.get("Attempts").get(0);
        assertEquals("The endpoint answered HTTP 503.", firstTry.get("Reason").asText());
        assertEquals("busy, try later", firstTry.get("ResponseBody").asText());
        assertTrue(firstTry.get("NextAttemptTime").decimalValue().compareTo(firstTry.get("Time").decimalValue()) > 0);

        JsonNode d3 = describe(onlyDeliveryOf(dead).get("Id").asText());
        assertEquals("DEAD", d3.get("State").asText());
        assertEquals(400, d3.get("LastStatusCode").asInt());
        assertEquals("{\"n\":3}", d3.get("Payload").asText());
        assertEquals(dead, JSON.readTree(d3.get("Event").asText()).get("id").asText(), "the event beside its transformation");
        JsonNode last = d3.get("Attempts").get(0);
        assertEquals("DEAD_LETTERED", last.get("Outcome").asText());
        assertEquals("rejected: Basic ***", last.get("ResponseBody").asText(), "the echoed credentials are masked");
        assertFalse(describe(d3.get("Id").asText()).toString().contains(PASSWORD));

        // Filters and pages, newest first.
        assertEquals(List.of(dead), deliveries("{\"State\":\"DEAD\"}").stream().map(d -> d.get("EventId").asText()).toList());
        assertEquals(List.of(retried), deliveries("{\"Rule\":\"r-flaky\"}").stream().map(d -> d.get("EventId").asText()).toList());
        assertEquals(List.of(delivered), deliveries("{\"TargetId\":\"t-ok\"}").stream().map(d -> d.get("EventId").asText()).toList());
        assertEquals(List.of(retried), deliveries("{\"ApiDestinationArn\":\"" + flaky + "\"}").stream()
                .map(d -> d.get("EventId").asText()).toList());
        assertEquals(0, deliveries("{\"EventBusName\":\"other\"}").size());
        JsonNode page1 = call("ListDeliveries", "{\"Limit\":2}");
        assertEquals(2, page1.get("Deliveries").size());
        JsonNode page2 = call("ListDeliveries", "{\"Limit\":2,\"NextToken\":\"" + page1.get("NextToken").asText() + "\"}");
        assertEquals(1, page2.get("Deliveries").size());
        assertNull(page2.get("NextToken"));
        List<String> all = new ArrayList<>();
        page1.get("Deliveries").forEach(d -> all.add(d.get("EventId").asText()));
        page2.get("Deliveries").forEach(d -> all.add(d.get("EventId").asText()));
        assertEquals(List.of(dead, retried, delivered), all, "newest first");
        call("ListDeliveries", "{\"Limit\":2,\"State\":\"DEAD\",\"NextToken\":\"" + page1.get("NextToken").asText() + "\"}", 400);
        assertEquals("ResourceNotFoundException", call("DescribeDelivery", "{\"Id\":\"nope\"}", 400).get("__type").asText());

        // A redriven dead letter goes on numbering its attempts.
        receiver.script = r -> new TokenServer.Answer(204, "", 0);
        call("RedriveDeadLetters", "{}");
        await("the redrive delivered", () -> describe(d3.get("Id").asText()).get("State").asText().equals("DELIVERED"));
        JsonNode again = describe(d3.get("Id").asText());
        assertEquals(2, again.get("Attempts").size());
        assertEquals(2, again.at("/Attempts/1/Number").asInt());
        assertEquals(204, again.at("/Attempts/1/StatusCode").asInt());
    }

    @Test
    void aPendingDeliveryCanBeRetriedNowOrCancelledIntoTheDeadLetters() {
        rule("r", "shop", target("t", destination("later", "/later")));
        AtomicInteger calls = new AtomicInteger();
        receiver.script = r -> {
            calls.incrementAndGet();
            return new TokenServer.Answer(503, "later", 0);
        };
        String eventId = put("shop", "{}");
        Await.until("the first attempt", () -> !deliveries("{\"State\":\"PENDING\"}").isEmpty()
                && deliveries("{}").getFirst().get("AttemptCount").asInt() == 1);
        JsonNode pending = onlyDeliveryOf(eventId);
        String id = pending.get("Id").asText();
        assertEquals("PENDING", pending.get("State").asText());
        assertTrue(pending.has("NextAttemptTime"));

        // The clock stands still, so only RetryDelivery can make the second attempt happen.
        call("RetryDelivery", "{\"Id\":\"" + id + "\"}");
        Await.until("the second attempt", () -> describe(id).get("AttemptCount").asInt() == 2);
        assertEquals(2, calls.get());

        JsonNode cancelled = call("CancelDelivery", "{\"Id\":\"" + id + "\"}");
        assertEquals("DEAD", cancelled.get("State").asText());
        JsonNode after = describe(id);
        assertEquals("DEAD", after.get("State").asText());
        assertTrue(after.get("Reason").asText().startsWith("Cancelled"), after.toString());
        JsonNode letter = call("ListDeadLetters", "{}").get("DeadLetters").get(0);
        assertEquals(id, letter.get("Id").asText());
        assertTrue(letter.get("Reason").asText().startsWith("Cancelled"));
        assertTrue(server.main().pendingDeliveries().isEmpty());

        // The backoff's scheduled attempt does not happen; retry and cancel now refuse.
        server.clock().advance(Duration.ofMinutes(10));
        assertEquals(2, calls.get());
        assertEquals("ResourceNotFoundException", call("RetryDelivery", "{\"Id\":\"" + id + "\"}", 400).get("__type").asText());
        assertEquals("ResourceNotFoundException", call("CancelDelivery", "{\"Id\":\"" + id + "\"}", 400).get("__type").asText());
    }

    @Test
    void theTraceContextGoesFromPutEventsToTheReceiver() throws Exception {
        rule("r", "traced", target("t", destination("traced", "/traced")));
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "AWSEvents.PutEvents").header("Content-Type", "application/x-amz-json-1.1")
                .header("traceparent", incoming)
                .POST(HttpRequest.BodyPublishers.ofString("{\"Entries\":[{\"Source\":\"traced\",\"DetailType\":\"t\",\"Detail\":\"{}\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        put("traced", "{}"); // no traceparent: a new trace
        await("two deliveries", () -> receiver.requests.size() == 2);

        List<String> sent = receiver.requests.stream().map(r -> r.header("traceparent")).toList();
        String joined = sent.stream().filter(t -> t.contains("4bf92f3577b34da6a3ce929d0e0e4736")).findFirst().orElseThrow();
        assertTrue(joined.matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01"), joined);
        assertNotEquals("00f067aa0ba902b7", joined.split("-")[2], "a span of our own, child of the caller's");
        String fresh = sent.stream().filter(t -> !t.equals(joined)).findFirst().orElseThrow();
        assertTrue(fresh.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), fresh);
        assertTrue(deliveries("{}").stream().anyMatch(d -> d.path("TraceParent").asText().equals(joined)));
    }

    @Test
    void theRetentionForgetsSettledDeliveriesInEveryAccount() throws Exception {
        rule("r", "shop", target("t", destination("d", "/d")));
        put("shop", "{}");
        // A second account (a 12-digit access key id) with a delivery of its own.
        EventBridgeClient other = server.client("111122223333", software.amazon.awssdk.regions.Region.EU_WEST_1);
        String otherConnection = other.createConnection(r -> r.name("basic").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p")))).connectionArn();
        String otherDestination = other.createApiDestination(r -> r.name("d").connectionArn(otherConnection)
                .invocationEndpoint(receiver.url("/other")).httpMethod("POST")).apiDestinationArn();
        other.putRule(r -> r.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        other.putTargets(r -> r.rule("r").targets(target("t", otherDestination)));
        other.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("t").detail("{}").build()));
        await("both delivered", () -> receiver.requests.size() == 2 && server.main().pendingDeliveries().isEmpty());
        server.clock().advance(Duration.ofDays(7).plusMinutes(20)); // past the retention, and a purge period
        Await.until("the history purged", () -> deliveries("{}").isEmpty());
        HttpResponse<String> otherList = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Bridgekeeper.ListDeliveries").header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=111122223333/20261202/eu-west-1/events/aws4_request, "
                        + "SignedHeaders=host, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, otherList.statusCode(), otherList.body());
        Await.until("the other account's history purged too", () -> {
            try {
                return JSON.readTree(http.send(HttpRequest.newBuilder(server.endpoint())
                        .header("X-Amz-Target", "Bridgekeeper.ListDeliveries").header("Content-Type", "application/x-amz-json-1.1")
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=111122223333/20261202/eu-west-1/events/aws4_request, "
                                + "SignedHeaders=host, Signature=" + "0".repeat(64))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .get("Deliveries").isEmpty();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
