package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Targets beyond API destinations, against a real SQS-compatible server: ElasticMQ, started in
 * this JVM on a free port of the loopback interface, read back with the SDK's SqsClient. Standard
 * and FIFO queues, input transformation, a queue that does not exist, a service with no endpoint,
 * PutTargets' checks, and event bus targets (bus A's rule puts the event on bus B, whose rule
 * sends it to a queue).
 */
class SqsTargetsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";
    private static final String ACCOUNT = "000000000000";

    static SQSRestServer elasticmq;
    static URI sqsEndpoint;
    static SqsClient sqs;

    @TempDir
    Path dataDir;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startSqs() {
        // The server's SDK clients take the default credential chain: system properties come first,
        // and the instance metadata service is never asked.
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        elasticmq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSAccountId(ACCOUNT)
                .withAWSRegion("us-east-1").start();
        int port = elasticmq.waitUntilStarted().localAddress().getPort();
        sqsEndpoint = URI.create("http://127.0.0.1:" + port);
        sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        elasticmq.stopAndWait();
    }

    @BeforeEach
    void start() {
        server = new TestServer(dataDir, "--target-endpoint", "sqs=" + sqsEndpoint);
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A new queue (FIFO with content-based deduplication when its name ends .fifo); its ARN. */
    static String queue(String name) {
        Map<QueueAttributeName, String> attributes = name.endsWith(".fifo")
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true")
                : Map.of();
        sqs.createQueue(r -> r.queueName(name).attributes(attributes));
        return "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name;
    }

    static List<Message> receive(String name, int count) {
        String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        List<Message> out = new ArrayList<>();
        Await.until(count + " message(s) in " + name, () -> {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            out.addAll(batch);
            batch.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())));
            return out.size() >= count;
        });
        return out;
    }

    String put(String bus, String source, String detail) {
        var answer = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().eventBusName(bus).source(source)
                .detailType("order placed").detail(detail).build()));
        assertEquals(0, answer.failedEntryCount(), answer.toString());
        return answer.entries().getFirst().eventId();
    }

    void awaitNothingPending() {
        Await.until("no pending delivery", server.clock(), Duration.ofSeconds(1),
                () -> server.main().pendingDeliveries().isEmpty());
    }

    JsonNode deadLetters() {
        try {
            var response = http.send(HttpRequest.newBuilder(server.endpoint())
                    .header("X-Amz-Target", "Bridgekeeper.ListDeadLetters")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).get("DeadLetters");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anEventReachesAStandardQueueAsAwsEventEnvelope() throws Exception {
        String queue = queue("orders");
        events.putRule(r -> r.name("to-sqs").eventPattern("{\"source\":[\"shop\"]}"));
        assertEquals(0, events.putTargets(r -> r.rule("to-sqs").targets(Target.builder().id("q").arn(queue).build()))
                .failedEntryCount());
        assertEquals(queue, events.listTargetsByRule(r -> r.rule("to-sqs")).targets().getFirst().arn());

        String id = put(null, "shop", "{\"n\":1}");
        Message message = receive("orders", 1).getFirst();
        JsonNode event = JSON.readTree(message.body());
        assertEquals(id, event.get("id").asText());
        assertEquals("shop", event.get("source").asText());
        assertEquals(1, event.at("/detail/n").asInt());
        awaitNothingPending();
        assertEquals(0, deadLetters().size());
    }

    @Test
    void aFifoQueueGetsTheTargetsMessageGroupAndTheTransformedInput() throws Exception {
        String queue = queue("orders.fifo");
        events.putRule(r -> r.name("to-fifo").eventPattern("{\"source\":[\"shop\"]}"));
        assertEquals("Parameter(s) SqsParameters must be specified for target: f.", assertThrows(EventBridgeException.class,
                () -> events.putTargets(r -> r.rule("to-fifo").targets(Target.builder().id("f").arn(queue).build())))
                .awsErrorDetails().errorMessage(), "moto's rendering of AWS's text");
        events.putTargets(r -> r.rule("to-fifo").targets(Target.builder().id("f").arn(queue)
                .sqsParameters(p -> p.messageGroupId("orders"))
                .inputTransformer(t -> t.inputPathsMap(Map.of("n", "$.detail.n")).inputTemplate("{\"order\":<n>}")).build()));
        assertEquals("orders", events.listTargetsByRule(r -> r.rule("to-fifo")).targets().getFirst().sqsParameters()
                .messageGroupId());

        for (int i = 1; i <= 3; i++) {
            put(null, "shop", "{\"n\":" + i + "}");
        }
        List<Message> messages = receive("orders.fifo", 3);
        messages.forEach(m -> assertEquals("orders", m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)));
        assertEquals(List.of("{\"order\":1}", "{\"order\":2}", "{\"order\":3}"),
                messages.stream().map(Message::body).sorted().toList());
    }

    @Test
    void aQueueThatDoesNotExistAndAServiceWithoutEndpointGoToTheDeadLetters() {
        events.putRule(r -> r.name("nowhere").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("nowhere").targets(
                Target.builder().id("missing").arn("arn:aws:sqs:us-east-1:" + ACCOUNT + ":no-such-queue").build(),
                Target.builder().id("topic").arn("arn:aws:sns:us-east-1:" + ACCOUNT + ":alerts").build()));
        put(null, "shop", "{}");

        Await.until("two dead letters", server.clock(), Duration.ofSeconds(1), () -> deadLetters().size() == 2);
        Map<String, String> reasons = new java.util.HashMap<>();
        deadLetters().forEach(l -> reasons.put(l.get("TargetId").asText(), l.get("Reason").asText()));
        assertTrue(reasons.get("missing").startsWith("The sqs endpoint answered HTTP 400"), reasons.toString());
        assertEquals("No endpoint is configured for sns targets: start Bridgekeeper with --target-endpoint "
                + "sns=<url> (or BRIDGEKEEPER_TARGET_ENDPOINTS=\"sns=<url>\").", reasons.get("topic"));
    }

    @Test
    void putTargetsChecksArnsAndRolesAsAws() {
        events.putRule(r -> r.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        java.util.function.Function<Target, String> refusal = t -> assertThrows(EventBridgeException.class,
                () -> events.putTargets(r -> r.rule("r").targets(t))).awsErrorDetails().errorMessage();
        assertEquals("RoleArn is required for target arn:aws:kinesis:us-east-1:000000000000:stream/s.",
                refusal.apply(Target.builder().id("k").arn("arn:aws:kinesis:us-east-1:000000000000:stream/s").build()));
        assertEquals("RoleArn is required for target arn:aws:states:us-east-1:000000000000:stateMachine:m.",
                refusal.apply(Target.builder().id("s").arn("arn:aws:states:us-east-1:000000000000:stateMachine:m").build()),
                "recorded from AWS");
        assertEquals("Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.",
                refusal.apply(Target.builder().id("x").arn("not-an-arn").build()));
        assertEquals("Parameter arn:aws:s3:::bucket is not valid. Reason: it is not the ARN of a resource EventBridge "
                + "delivers to.", refusal.apply(Target.builder().id("x").arn("arn:aws:s3:::bucket").build()));
        assertTrue(refusal.apply(Target.builder().id("x").arn("arn:aws:events:us-east-1:111122223333:event-bus/b").build())
                .contains("another account"));
        assertEquals("RoleArn is required for target arn:aws:events:eu-west-1:000000000000:event-bus/default.",
                refusal.apply(Target.builder().id("x").arn("arn:aws:events:eu-west-1:000000000000:event-bus/default").build()),
                "another Region takes a role");
        // Lambda, SNS, SQS, CloudWatch Logs and a bus of the same account and Region need no role.
        assertEquals(0, events.putTargets(r -> r.rule("r").targets(
                Target.builder().id("l").arn("arn:aws:lambda:us-east-1:000000000000:function:f").build(),
                Target.builder().id("n").arn("arn:aws:sns:us-east-1:000000000000:t").build(),
                Target.builder().id("q").arn("arn:aws:sqs:us-east-1:000000000000:q").build(),
                Target.builder().id("g").arn("arn:aws:logs:us-east-1:000000000000:log-group:g").build(),
                Target.builder().id("b").arn("arn:aws:events:us-east-1:000000000000:event-bus/default").build()))
                .failedEntryCount());
        assertEquals(List.of("b", "g", "l", "n", "q"),
                events.listTargetsByRule(r -> r.rule("r")).targets().stream().map(Target::id).toList());
    }

    @Test
    void aRuleOnOneBusPutsTheEventOnAnotherWhoseRuleSendsItToAQueue() throws Exception {
        String queue = queue("from-b");
        String busB = events.createEventBus(r -> r.name("bus-b")).eventBusArn();
        String busC = events.createEventBus(r -> r.name("bus-c")).eventBusArn();
        events.createEventBus(r -> r.name("bus-a"));
        events.putRule(r -> r.name("a-to-b").eventBusName("bus-a").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("a-to-b").eventBusName("bus-a").targets(Target.builder().id("b").arn(busB).build()));
        events.putRule(r -> r.name("b-out").eventBusName("bus-b").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("b-out").eventBusName("bus-b").targets(
                Target.builder().id("q").arn(queue).build(),
                Target.builder().id("c").arn(busC).build()));
        events.putRule(r -> r.name("c-out").eventBusName("bus-c").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("c-out").eventBusName("bus-c").targets(Target.builder().id("q").arn(queue).build()));

        String id = put("bus-a", "shop", "{\"n\":7}");
        Message message = receive("from-b", 1).getFirst();
        awaitNothingPending();
        JsonNode event = JSON.readTree(message.body());
        assertEquals(id, event.get("id").asText(), "the event keeps its id within the Region (recorded from AWS)");
        assertEquals(7, event.at("/detail/n").asInt());
        assertEquals(ACCOUNT, event.get("account").asText());
        assertEquals(0, sqs.receiveMessage(r -> r.queueUrl(sqs.getQueueUrl(q -> q.queueName("from-b")).queueUrl()))
                .messages().size(), "bus B does not send on to a third bus (C), as AWS");
        assertEquals(0, deadLetters().size());

        // Sent straight to bus C, the event is routed by C's rule.
        put("bus-c", "shop", "{\"n\":8}");
        assertEquals(8, JSON.readTree(receive("from-b", 1).getFirst().body()).at("/detail/n").asInt());
    }

    @Test
    void aBusTargetWhosePayloadIsNoEventOrWhoseBusIsGoneFailsForGood() {
        events.createEventBus(r -> r.name("gone"));
        String gone = events.describeEventBus(r -> r.name("gone")).arn();
        events.deleteEventBus(r -> r.name("gone"));
        String other = events.createEventBus(r -> r.name("other")).eventBusArn();
        events.putRule(r -> r.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("r").targets(Target.builder().id("gone").arn(gone).build(),
                Target.builder().id("const").arn(other).input("{\"just\":\"data\"}").build()));
        put(null, "shop", "{}");

        Await.until("two dead letters", server.clock(), Duration.ofSeconds(1), () -> deadLetters().size() == 2);
        Map<String, String> reasons = new java.util.HashMap<>();
        deadLetters().forEach(l -> reasons.put(l.get("TargetId").asText(), l.get("Reason").asText()));
        assertEquals("Event bus gone does not exist.", reasons.get("gone"));
        assertNotNull(reasons.get("const"));
        assertTrue(reasons.get("const").startsWith("The payload for an event bus target must be an event"));
    }

    @Test
    void anUnreachableEndpointIsRetriedUntilItAnswers() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server.close();
        server = new TestServer(dataDir.resolve("later"), "--target-endpoint", "sqs=http://127.0.0.1:" + port);
        events = server.client();
        events.putRule(r -> r.name("later").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("later").targets(Target.builder().id("q")
                .arn("arn:aws:sqs:us-east-1:" + ACCOUNT + ":later").build()));
        put(null, "shop", "{\"n\":9}");
        Await.until("two attempts refused", server.clock(), Duration.ofSeconds(1),
                () -> server.main().pendingDeliveries().stream().anyMatch(d -> d.attempts() >= 2));
        assertTrue(server.main().pendingDeliveries().getFirst().lastReason().startsWith("Could not reach the sqs endpoint"));
        assertEquals(0, deadLetters().size(), "waiting, not dead");

        SQSRestServer late = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).withAWSAccountId(ACCOUNT)
                .withAWSRegion("us-east-1").start();
        late.waitUntilStarted();
        try (SqsClient lateClient = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .build()) {
            String url = lateClient.createQueue(r -> r.queueName("later")).queueUrl();
            List<Message> got = new ArrayList<>();
            Await.until("the event delivered once the endpoint answers", server.clock(), Duration.ofSeconds(5), () -> {
                got.addAll(lateClient.receiveMessage(r -> r.queueUrl(url)).messages());
                return !got.isEmpty();
            });
            assertEquals(9, JSON.readTree(got.getFirst().body()).at("/detail/n").asInt());
        } finally {
            late.stopAndWait();
        }
    }

    @Test
    void aBusInAnotherRegionGetsTheEventWithANewIdAndItsOriginalRegion() throws Exception {
        String queue = queue("from-eu");
        EventBridgeClient eu = server.client("AKIAIOSFODNN7EXAMPLE", Region.EU_WEST_1);
        eu.putRule(r -> r.name("eu-out").eventPattern("{\"source\":[\"shop\"]}"));
        eu.putTargets(r -> r.rule("eu-out").targets(Target.builder().id("q").arn(queue).build()));
        events.putRule(r -> r.name("to-eu").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("to-eu").targets(Target.builder().id("eu")
                .arn("arn:aws:events:eu-west-1:" + ACCOUNT + ":event-bus/default").roleArn(ROLE).build()));

        String id = put(null, "shop", "{\"n\":5}");
        JsonNode event = JSON.readTree(receive("from-eu", 1).getFirst().body());
        assertNotEquals(id, event.get("id").asText(), "a new id in another Region (recorded from AWS)");
        assertEquals("us-east-1", event.get("region").asText(), "the event's own Region (recorded from AWS)");
        assertEquals(5, event.at("/detail/n").asInt());
    }
}
