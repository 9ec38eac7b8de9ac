package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Events from PutEvents to a real HTTP receiver: connection, API destination, rule with a
 * pattern, target with its transformation; retries, dead letters and redrive; restart with
 * deliveries pending; OAuth refresh in the middle of a stream; a de-authorized connection.
 */
class EventRoutingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";

    @TempDir
    Path dataDir;
    TokenServer receiver;
    TokenServer idp;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        idp = new TokenServer();
        // AWS's timings (retry backoff from 1 s, settle 1 s, minutes of 60 s) on a clock that moves
        // only when a test waits: one second per poll.
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8", "--outbound-timeout-ms", "2000");
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
        idp.close();
    }

    String basicConnection(String name) {
        return events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password("pa55"))
                        .invocationHttpParameters(h -> h.headerParameters(
                                ConnectionHeaderParameter.builder().key("x-from-connection").value("c").build()))))
                .connectionArn();
    }

    String destination(String name, String connectionArn, String path) {
        return events.createApiDestination(r -> r.name(name).connectionArn(connectionArn)
                .invocationEndpoint(receiver.url(path)).httpMethod("POST").invocationRateLimitPerSecond(300))
                .apiDestinationArn();
    }

    void rule(String name, String pattern, Target... targets) {
        events.putRule(r -> r.name(name).eventPattern(pattern));
        events.putTargets(r -> r.rule(name).targets(targets));
    }

    static Target target(String id, String destinationArn) {
        return Target.builder().id(id).arn(destinationArn).roleArn(ROLE).build();
    }

    PutEventsResponse put(String source, String detail) {
        return events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source(source).detailType("order placed")
                .detail(detail).build()));
    }

    /** Waits for {@code condition}, the server's time moving on a second per poll (retries, settling). */
    void await(String what, BooleanSupplier condition) {
        Await.until(what, server.clock(), Duration.ofSeconds(1), condition);
    }

    /**
     * Waits until no delivery is pending (in flight included): from then on nothing more is sent
     * until something new is put, so a count of what arrived is final.
     */
    void awaitNothingPending() {
        Await.until("no pending delivery", server.clock(), Duration.ofSeconds(1), () -> server.main().pendingDeliveries().isEmpty());
    }

    JsonNode extension(String operation, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Bridgekeeper." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    JsonNode deadLetters() {
        try {
            return extension("ListDeadLetters", "{}").get("DeadLetters");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMatchingEventReachesTheReceiverTransformedWithTheConnectionsAuth() throws Exception {
        String destination = destination("orders", basicConnection("basic"), "/orders/*");
        rule("big-orders", "{\"source\":[\"shop\"],\"detail\":{\"amount\":[{\"numeric\":[\">\",100]}]}}",
                target("t1", destination).toBuilder()
                        .inputTransformer(t -> t.inputPathsMap(java.util.Map.of("id", "$.detail.id", "amount", "$.detail.amount"))
                                .inputTemplate("{\"order\":\"<id>\",\"amount\":<amount>,\"rule\":\"<aws.events.rule-name>\"}"))
                        .httpParameters(h -> h.pathParameterValues("eu").headerParameters(java.util.Map.of("x-from-target", "t")))
                        .build());

        PutEventsResponse answer = events.putEvents(r -> r.entries(
                PutEventsRequestEntry.builder().source("shop").detailType("order placed").detail("{\"id\":\"o-1\",\"amount\":250}").build(),
                PutEventsRequestEntry.builder().source("shop").detailType("order placed").detail("{\"id\":\"o-2\",\"amount\":5}").build(),
                PutEventsRequestEntry.builder().source("other").detailType("order placed").detail("{\"id\":\"o-3\",\"amount\":900}").build()));
        assertEquals(0, answer.failedEntryCount());
        assertEquals(3, answer.entries().size());
        answer.entries().forEach(e -> assertNotNull(e.eventId()));

        await("one delivery", () -> receiver.requests.size() >= 1);
        awaitNothingPending(); // the two non-matching events were never queued
        assertEquals(1, receiver.requests.size());
        TokenServer.Recorded r = receiver.requests.getFirst();
        assertEquals("/orders/eu", r.path());
        assertEquals("{\"order\":\"o-1\",\"amount\":250,\"rule\":\"big-orders\"}", r.body());
        assertEquals("Basic dXNlcjpwYTU1", r.header("Authorization"));
        assertEquals("c", r.header("x-from-connection"));
        assertEquals("t", r.header("x-from-target"));
    }

    @Test
    void withoutATransformationTheTargetGetsAwsEventEnvelope() throws Exception {
        String destination = destination("raw", basicConnection("basic"), "/raw");
        rule("all-shop", "{\"source\":[\"shop\"]}", target("t1", destination));
        String id = put("shop", "{\"n\":1}").entries().getFirst().eventId();

        await("the delivery", () -> receiver.requests.size() == 1);
        JsonNode event = JSON.readTree(receiver.requests.getFirst().body());
        assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                iterable(event.fieldNames()));
        assertEquals("0", event.get("version").asText());
        assertEquals(id, event.get("id").asText());
        assertEquals("order placed", event.get("detail-type").asText());
        assertEquals("000000000000", event.get("account").asText());
        assertEquals("us-east-1", event.get("region").asText());
        assertTrue(event.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), event.toString());
        assertEquals(1, event.at("/detail/n").asInt());
    }

    @Test
    void apiKeyAndOAuthConnectionsAuthorizeTheirDeliveries() throws Exception {
        String apiKey = events.createConnection(r -> r.name("key").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("k-123")))).connectionArn();
        idp.script = q -> TokenServer.Answer.json("{\"access_token\":\"tok-1\",\"expires_in\":3600}");
        String oauth = events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret("s3cret"))))).connectionArn();
        await("the OAuth connection authorized", () -> events.describeConnection(r -> r.name("oauth")).connectionStateAsString().equals("AUTHORIZED"));
        rule("both", "{\"source\":[\"shop\"]}", target("key", destination("d-key", apiKey, "/key")),
                target("oauth", destination("d-oauth", oauth, "/oauth")));
        put("shop", "{}");

        await("two deliveries", () -> receiver.requests.size() == 2);
        TokenServer.Recorded key = receiver.requests.stream().filter(q -> q.path().equals("/key")).findFirst().orElseThrow();
        TokenServer.Recorded bearer = receiver.requests.stream().filter(q -> q.path().equals("/oauth")).findFirst().orElseThrow();
        assertEquals("k-123", key.header("x-api-key"));
        assertEquals("Bearer tok-1", bearer.header("Authorization"));
    }

    @Test
    void retryableFailuresAreRetriedUntilDeliveredOnce() throws Exception {
        String destination = destination("flaky", basicConnection("basic"), "/flaky");
        rule("r", "{\"source\":[\"shop\"]}", target("t1", destination));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        receiver.script = r -> calls.incrementAndGet() <= 2 ? new TokenServer.Answer(503, "busy", 0) : new TokenServer.Answer(200, "{}", 0);
        put("shop", "{\"n\":1}");

        await("three attempts", () -> receiver.requests.size() == 3);
        awaitNothingPending();
        assertEquals(3, receiver.requests.size(), "delivered once: no attempt after the 200");
        assertEquals(0, extension("ListDeadLetters", "{}").get("DeadLetters").size());
    }

    @Test
    void permanentFailuresGoToTheDeadLettersAndCanBeRedriven() throws Exception {
        String destination = destination("strict", basicConnection("basic"), "/strict");
        rule("r", "{\"source\":[\"shop\"]}", target("t1", destination));
        receiver.script = r -> new TokenServer.Answer(400, "no", 0);
        String eventId = put("shop", "{\"n\":1}").entries().getFirst().eventId();

        await("a dead letter", () -> deadLetters().size() == 1);
        assertEquals(1, receiver.requests.size(), "a 400 is not retried");
        JsonNode letter = extension("ListDeadLetters", "{\"Rule\":\"r\"}").get("DeadLetters").get(0);
        assertEquals(eventId, letter.get("EventId").asText());
        assertEquals("t1", letter.get("TargetId").asText());
        assertEquals(400, letter.get("StatusCode").asInt());
        assertEquals(1, letter.get("Attempts").asInt());
        assertEquals(destination, letter.get("TargetArn").asText());

        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        assertEquals(1, extension("RedriveDeadLetters", "{\"Ids\":[\"" + letter.get("Id").asText() + "\"]}").get("Redriven").asInt());
        await("the redriven delivery", () -> receiver.requests.size() == 2);
        assertEquals(0, extension("ListDeadLetters", "{}").get("DeadLetters").size());
    }

    @Test
    void theRetryPolicyBoundsTheAttempts() throws Exception {
        String destination = destination("down", basicConnection("basic"), "/down");
        rule("r", "{\"source\":[\"shop\"]}", target("t1", destination).toBuilder()
                .retryPolicy(p -> p.maximumRetryAttempts(2)).build());
        receiver.script = r -> new TokenServer.Answer(500, "down", 0);
        put("shop", "{}");

        await("a dead letter", () -> deadLetters().size() == 1);
        assertEquals(3, receiver.requests.size(), "the first attempt and two retries");
        assertTrue(extension("ListDeadLetters", "{}").at("/DeadLetters/0/Reason").asText().contains("MaximumRetryAttempts 2"));
    }

    @Test
    void pendingDeliveriesSurviveARestart() throws Exception {
        String destination = destination("later", basicConnection("basic"), "/later");
        rule("r", "{\"source\":[\"shop\"]}", target("t1", destination));
        receiver.script = r -> new TokenServer.Answer(503, "not yet", 0);
        for (int i = 0; i < 5; i++) {
            put("shop", "{\"n\":" + i + "}");
        }
        await("first attempts", () -> receiver.requests.size() >= 5);
        server.stop();
        receiver.requests.clear();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        server.start();
        events = server.client();

        await("all five delivered after the restart", () -> receiver.requests.stream().map(TokenServer.Recorded::body).distinct().count() == 5);
    }

    @Test
    void anOAuthTokenRejectedMidStreamIsRefreshedWithoutLosingAnEvent() throws Exception {
        java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
        idp.script = q -> TokenServer.Answer.json("{\"access_token\":\"tok-" + issued.incrementAndGet() + "\",\"expires_in\":3600}");
        String oauth = events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret("s3cret"))))).connectionArn();
        await("authorized", () -> events.describeConnection(r -> r.name("oauth")).connectionStateAsString().equals("AUTHORIZED"));
        rule("r", "{\"source\":[\"shop\"]}", target("t1", destination("d", oauth, "/stream")));
        // The receiver accepts only the newest token: tok-1 expires (is revoked) half-way through the stream.
        java.util.concurrent.atomic.AtomicReference<String> accepted = new java.util.concurrent.atomic.AtomicReference<>("Bearer tok-1");
        java.util.Set<Integer> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        receiver.script = r -> {
            if (!r.header("Authorization").equals(accepted.get())) {
                return new TokenServer.Answer(401, "expired", 0);
            }
            try {
                delivered.add(JSON.readTree(r.body()).at("/detail/n").asInt());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new TokenServer.Answer(200, "{}", 0);
        };
        for (int i = 0; i < 20; i++) {
            put("shop", "{\"n\":" + i + "}");
        }
        await("the first half", () -> delivered.size() == 20);
        accepted.set("Bearer tok-2");
        for (int i = 20; i < 40; i++) {
            put("shop", "{\"n\":" + i + "}");
        }
        try {
            await("every event delivered", () -> delivered.size() == 40);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": delivered " + delivered.size() + ", tokens issued " + issued.get()
                    + ", dead letters " + extension("ListDeadLetters", "{}") + ", connection "
                    + events.describeConnection(r -> r.name("oauth")));
        }
        assertEquals(2, issued.get(), "one refresh for the whole second half");
        assertEquals(0, extension("ListDeadLetters", "{}").get("DeadLetters").size());
    }

    @Test
    void deliveriesForADeauthorizedConnectionWaitForItsReauthorization() throws Exception {
        String connection = basicConnection("basic");
        rule("r", "{\"source\":[\"shop\"]}", target("t1", destination("d", connection, "/wait")));
        events.deauthorizeConnection(r -> r.name("basic"));
        await("deauthorized", () -> events.describeConnection(r -> r.name("basic")).connectionStateAsString().equals("DEAUTHORIZED"));
        put("shop", "{}");
        await("two attempts refused for want of authorization",
                () -> server.main().pendingDeliveries().stream().anyMatch(d -> d.attempts() >= 2));
        assertEquals(0, receiver.requests.size());
        assertEquals(0, extension("ListDeadLetters", "{}").get("DeadLetters").size(), "waiting, not dead");

        events.updateConnection(r -> r.name("basic").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password("new-pa55"))));
        await("delivered once authorized again", () -> receiver.requests.size() == 1);
    }

    @Test
    void connectionStateChangesAreEventsOnTheDefaultBus() throws Exception {
        String destination = destination("observer", basicConnection("observer"), "/states");
        rule("watch", "{\"source\":[\"aws.events\"],\"detail\":{\"ConnectionName\":[\"watched\"]}}", target("t", destination));
        String watched = basicConnection("watched");
        events.deauthorizeConnection(r -> r.name("watched"));

        await("three state events", () -> receiver.requests.size() == 3);
        List<JsonNode> received = new java.util.ArrayList<>();
        for (TokenServer.Recorded r : receiver.requests) {
            received.add(JSON.readTree(r.body()));
        }
        // Put in order; delivered concurrently, so they may arrive in any order (as in AWS).
        assertEquals(List.of("Connection Authorized", "Connection Deauthorization Started", "Connection Deauthorized"),
                received.stream().map(e -> e.get("detail-type").asText()).sorted().toList());
        JsonNode last = received.stream().filter(e -> e.get("detail-type").asText().equals("Connection Deauthorized"))
                .findFirst().orElseThrow();
        JsonNode first = received.stream().filter(e -> e.get("detail-type").asText().equals("Connection Authorized"))
                .findFirst().orElseThrow();
        assertEquals("aws.events", last.get("source").asText());
        assertEquals(watched, last.at("/resources/0").asText());
        assertEquals(watched, last.at("/detail/ConnectionArn").asText());
        assertEquals("DEAUTHORIZED", last.at("/detail/ConnectionState").asText());
        assertEquals("DEAUTHORIZING", last.at("/detail/PreviousConnectionState").asText());
        assertTrue(first.at("/detail/PreviousConnectionState").isMissingNode(), "a new connection has no previous state");
    }

    @Test
    void cronSchedulesFireAtTheirUtcTimes() throws Exception {
        String destination = destination("crons", basicConnection("basic"), "/cron");
        String ruleArn = events.putRule(r -> r.name("quarter-hours").scheduleExpression("cron(0/15 * * * ? *)")).ruleArn();
        events.putTargets(r -> r.rule("quarter-hours").targets(target("t", destination)));
        assertEquals("cron(0/15 * * * ? *)", events.describeRule(r -> r.name("quarter-hours")).scheduleExpression());
        Instant start = server.clock().instant();
        Instant firstFire = start.truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                .plus(Duration.ofMinutes(15 * (start.atZone(java.time.ZoneOffset.UTC).getMinute() / 15 + 1)));
        server.clock().advance(Duration.ofSeconds(1)); // the schedule is seen
        server.clock().advance(Duration.between(server.clock().instant(), firstFire).minusSeconds(2));
        awaitNothingPending();
        assertEquals(0, receiver.requests.size(), "not before its time");
        await("the quarter-hour's event", () -> receiver.requests.size() == 1);
        JsonNode event = JSON.readTree(receiver.requests.getFirst().body());
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals(ruleArn, event.at("/resources/0").asText());
        assertEquals(firstFire.getEpochSecond(), Instant.parse(event.get("time").asText()).getEpochSecond(), 1.0);
    }

    @Test
    void rateSchedulesPutScheduledEventsToTheRulesTargets() throws Exception {
        String destination = destination("ticks", basicConnection("basic"), "/ticks");
        String ruleArn = events.putRule(r -> r.name("every-minute").scheduleExpression("rate(1 minute)")).ruleArn();
        events.putTargets(r -> r.rule("every-minute").targets(target("t", destination)));
        assertEquals("rate(1 minute)", events.describeRule(r -> r.name("every-minute")).scheduleExpression());

        Await.until("two scheduled events", server.clock(), Duration.ofSeconds(20), () -> receiver.requests.size() >= 2);
        JsonNode event = JSON.readTree(receiver.requests.getFirst().body());
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("aws.events", event.get("source").asText());
        assertEquals(ruleArn, event.at("/resources/0").asText());
        assertEquals(0, event.get("detail").size());

        events.disableRule(r -> r.name("every-minute"));
        awaitNothingPending();
        int afterDisable = receiver.requests.size();
        for (int minute = 0; minute < 3; minute++) {
            server.clock().advance(Duration.ofMinutes(1)); // a fire would be queued before this returns
        }
        awaitNothingPending();
        assertEquals(afterDisable, receiver.requests.size(), "a disabled rule does not fire");

        for (String bad : List.of("rate(1 minutes)", "rate(2 minute)", "rate(0 minutes)", "rate(5 weeks)", "every 5 minutes")) {
            assertEquals("Parameter ScheduleExpression is not valid.", assertThrows(
                    software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                    () -> events.putRule(r -> r.name("bad").scheduleExpression(bad))).awsErrorDetails().errorMessage(), bad);
        }
        for (String bad : List.of("cron(0 12 * * * *)", "cron(0 12 * *)", "cron(7 20 * * 1-7 *)")) {
            assertEquals("Parameter ScheduleExpression is not valid.", assertThrows(
                    software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                    () -> events.putRule(r -> r.name("bad").scheduleExpression(bad))).awsErrorDetails().errorMessage(), bad);
        }
        events.createEventBus(r -> r.name("custom"));
        assertEquals("ScheduleExpression is supported only on the default event bus.", assertThrows(
                software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.putRule(r -> r.name("s").eventBusName("custom").scheduleExpression("rate(5 minutes)")))
                .awsErrorDetails().errorMessage());
    }

    @Test
    void busesRulesAndTargetsAnswerAsAws() {
        // The default bus exists; custom buses come and go.
        assertEquals("arn:aws:events:us-east-1:000000000000:event-bus/default", events.describeEventBus(r -> r.name("default")).arn());
        assertEquals("arn:aws:events:us-east-1:000000000000:event-bus/orders", events.createEventBus(r -> r.name("orders")).eventBusArn());
        assertEquals("Event bus orders already exists.",
                assertThrows(software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException.class,
                        () -> events.createEventBus(r -> r.name("orders"))).awsErrorDetails().errorMessage());
        assertEquals(List.of("default", "orders"), events.listEventBuses(r -> {}).eventBuses().stream().map(b -> b.name()).toList());
        assertEquals("Event bus nope does not exist.", assertThrows(ResourceNotFoundException.class,
                () -> events.describeEventBus(r -> r.name("nope"))).awsErrorDetails().errorMessage());

        // Rules: ARNs with the bus for custom buses, AWS's texts.
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/orders/r1",
                events.putRule(r -> r.name("r1").eventBusName("orders").eventPattern("{\"source\":[\"a\"]}")).ruleArn());
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/r2",
                events.putRule(r -> r.name("r2").eventPattern("{\"source\":[\"a\"]}").description("d")).ruleArn());
        var described = events.describeRule(r -> r.name("r2"));
        assertEquals("ENABLED", described.stateAsString());
        assertEquals("d", described.description());
        assertEquals("default", described.eventBusName());
        events.disableRule(r -> r.name("r2"));
        assertEquals("DISABLED", events.describeRule(r -> r.name("r2")).stateAsString());
        assertEquals("Rule r1 does not exist on EventBus default.", assertThrows(ResourceNotFoundException.class,
                () -> events.describeRule(r -> r.name("r1"))).awsErrorDetails().errorMessage());
        assertEquals("Parameter(s) EventPattern or ScheduleExpression must be specified.",
                assertThrows(software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                        () -> events.putRule(r -> r.name("r3"))).awsErrorDetails().errorMessage());
        assertTrue(assertThrows(InvalidEventPatternException.class,
                () -> events.putRule(r -> r.name("r3").eventPattern("{\"source\":\"not-a-list\"}")))
                .awsErrorDetails().errorMessage().startsWith("Event pattern is not valid. Reason: "));
        assertEquals(List.of("r2"), events.listRules(r -> {}).rules().stream().map(x -> x.name()).toList());

        // Targets: an API destination takes a role, as AWS requires; a service that is no target is refused.
        String apiDestination = "arn:aws:events:us-east-1:000000000000:api-destination/d/0d6b3c1e-2b1a-4c1e-9d1a-1b2c3d4e5f60";
        assertEquals("RoleArn is required for target " + apiDestination + ".", assertThrows(
                software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.putTargets(r -> r.rule("r2").targets(Target.builder().id("t").arn(apiDestination).build())))
                .awsErrorDetails().errorMessage());
        assertEquals("Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.", assertThrows(
                software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.putTargets(r -> r.rule("r2").targets(Target.builder().id("t").arn(apiDestination).roleArn("not-an-arn").build())))
                .awsErrorDetails().errorMessage());
        assertTrue(assertThrows(software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.putTargets(r -> r.rule("r2").targets(Target.builder().id("t")
                        .arn("arn:aws:s3:::bucket").roleArn(ROLE).build())))
                .awsErrorDetails().errorMessage().contains("is not the ARN of a resource EventBridge delivers to"));
        assertEquals("1 validation error detected: Value '[]' at 'targets.1.member.httpParameters.pathParameterValues' "
                + "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression "
                + "pattern: ^(?!\\s*$).+]", assertThrows(software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.putTargets(r -> r.rule("r2").targets(target("t", apiDestination).toBuilder()
                        .httpParameters(h -> h.pathParameterValues("")).build()))).awsErrorDetails().errorMessage(),
                "recorded from AWS");
        assertEquals(0, events.putTargets(r -> r.rule("r2").targets(target("t", apiDestination))).failedEntryCount());
        assertEquals(List.of("t"), events.listTargetsByRule(r -> r.rule("r2")).targets().stream().map(Target::id).toList());
        assertEquals(ROLE, events.listTargetsByRule(r -> r.rule("r2")).targets().getFirst().roleArn());
        assertEquals("Rule can't be deleted since it has targets.", assertThrows(
                software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.deleteRule(r -> r.name("r2"))).awsErrorDetails().errorMessage());
        var removed = events.removeTargets(r -> r.rule("r2").ids("t", "missing"));
        assertEquals(1, removed.failedEntryCount());
        assertEquals("missing", removed.failedEntries().getFirst().targetId());
        events.deleteRule(r -> r.name("r2"));
        assertTrue(events.listRules(r -> {}).rules().isEmpty());
        events.deleteEventBus(r -> r.name("orders"));
        assertEquals(List.of("default"), events.listEventBuses(r -> {}).eventBuses().stream().map(b -> b.name()).toList());
    }

    @Test
    void putEventsChecksEachEntryAsAws() {
        PutEventsResponse answer = events.putEvents(r -> r.entries(
                PutEventsRequestEntry.builder().detailType("t").detail("{}").build(),
                PutEventsRequestEntry.builder().source("s").detail("{}").build(),
                PutEventsRequestEntry.builder().source("s").detailType("t").build(),
                PutEventsRequestEntry.builder().source("s").detailType("t").detail("not json").build(),
                PutEventsRequestEntry.builder().source("aws.events").detailType("t").detail("{}").build(),
                PutEventsRequestEntry.builder().source("s").detailType("t").detail("{}").eventBusName("nope").build(),
                PutEventsRequestEntry.builder().source("s").detailType("t").detail("{}").build()));
        assertEquals(6, answer.failedEntryCount());
        var e = answer.entries();
        assertEquals("InvalidArgument", e.get(0).errorCode());
        assertEquals("Parameter Source is not valid. Reason: Source is a required argument.", e.get(0).errorMessage());
        assertEquals("Parameter DetailType is not valid. Reason: DetailType is a required argument.", e.get(1).errorMessage());
        assertEquals("Parameter Detail is not valid. Reason: Detail is a required argument.", e.get(2).errorMessage());
        assertEquals("MalformedDetail", e.get(3).errorCode());
        assertEquals("Detail is malformed.", e.get(3).errorMessage());
        assertEquals("NotAuthorizedForSourceException", e.get(4).errorCode());
        assertEquals("Event bus nope does not exist.", e.get(5).errorMessage());
        assertNotNull(e.get(6).eventId());

        String big = "{\"x\":\"" + "a".repeat(200_000) + "\"}";
        assertEquals("Total size of the entries in the request is over the limit.", assertThrows(
                software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.putEvents(r -> r.entries(
                        PutEventsRequestEntry.builder().source("s").detailType("t").detail(big).build(),
                        PutEventsRequestEntry.builder().source("s").detailType("t").detail(big).build())))
                .awsErrorDetails().errorMessage());
        assertTrue(assertThrows(software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.putEvents(r -> r.entries(java.util.Collections.nCopies(11,
                        PutEventsRequestEntry.builder().source("s").detailType("t").detail("{}").build()))))
                .awsErrorDetails().errorMessage().contains("Member must have length less than or equal to 10"));
    }

    @Test
    void testEventPatternUsesTheRuleEngine() {
        String event = "{\"id\":\"1\",\"account\":\"000000000000\",\"source\":\"shop\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"region\":\"us-east-1\",\"detail-type\":\"x\",\"resources\":[],\"detail\":{\"amount\":150}}";
        assertTrue(events.testEventPattern(r -> r.event(event).eventPattern("{\"detail\":{\"amount\":[{\"numeric\":[\">\",100]}]}}")).result());
        assertFalse(events.testEventPattern(r -> r.event(event).eventPattern("{\"source\":[\"other\"]}")).result());
        assertEquals("Parameter Event is not valid.", assertThrows(
                software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> events.testEventPattern(r -> r.event("{}").eventPattern("{\"source\":[\"x\"]}"))).awsErrorDetails().errorMessage());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
