package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS, Kinesis, Step Functions and CloudWatch Logs targets, against moto's server (started as a
 * process on a free loopback port; skipped where {@code moto_server} is not installed), named for
 * every service at once with {@code --target-endpoint *=...}; each service's SDK client reads
 * back what arrived.
 */
class MotoTargetsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret"));

    static Process moto;
    static URI motoEndpoint;

    @TempDir
    Path dataDir;
    TestServer server;
    EventBridgeClient events;

    static String motoServer() {
        List<Path> candidates = new java.util.ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            candidates.add(Path.of(dir, "moto_server"));
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".pyenv", "shims", "moto_server"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElse(null);
    }

    @BeforeAll
    static void startMoto() throws Exception {
        String command = motoServer();
        assumeTrue(command != null, "moto_server is not installed");
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.cborEnabled", "false"); // the test's own Kinesis client: moto speaks JSON only
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder(command, "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        motoEndpoint = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        Await.until("moto_server to answer", Duration.ofSeconds(60), () -> {
            try {
                return http.send(HttpRequest.newBuilder(motoEndpoint.resolve("/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.destroy();
            moto.waitFor();
        }
    }

    @BeforeEach
    void start() {
        server = new TestServer(dataDir, "--target-endpoint", "*=" + motoEndpoint);
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(motoEndpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A rule for source "shop" on the default bus with this one target; the event put, its id. */
    String route(String rule, Target target, String detail) {
        events.putRule(r -> r.name(rule).eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule(rule).targets(target));
        String id = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("order placed")
                .detail(detail).build())).entries().getFirst().eventId();
        Await.until("the delivery done", server.clock(), Duration.ofSeconds(1), () -> server.main().pendingDeliveries().isEmpty());
        return id;
    }

    @Test
    void kinesisGetsTheEventWithThePartitionKeyFromItsPath() throws Exception {
        try (KinesisClient kinesis = client(KinesisClient.builder())) {
            kinesis.createStream(r -> r.streamName("orders").shardCount(1));
            Await.until("the stream active", () -> kinesis.describeStream(r -> r.streamName("orders"))
                    .streamDescription().streamStatusAsString().equals("ACTIVE"));
            String id = route("to-kinesis", Target.builder().id("k").arn("arn:aws:kinesis:us-east-1:000000000000:stream/orders")
                    .roleArn(ROLE).kinesisParameters(p -> p.partitionKeyPath("$.detail.customer")).build(),
                    "{\"customer\":\"c-42\"}");
            String shard = kinesis.listShards(r -> r.streamName("orders")).shards().getFirst().shardId();
            String iterator = kinesis.getShardIterator(r -> r.streamName("orders").shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> records = kinesis.getRecords(r -> r.shardIterator(iterator)).records();
            assertEquals(1, records.size());
            assertEquals("c-42", records.getFirst().partitionKey());
            assertEquals(id, JSON.readTree(records.getFirst().data().asUtf8String()).get("id").asText());
        }
    }

    @Test
    void cloudWatchLogsGetsTheEventInAStreamNamedByItsId() throws Exception {
        try (CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder())) {
            logs.createLogGroup(r -> r.logGroupName("/events/orders"));
            String id = route("to-logs", Target.builder().id("g")
                    .arn("arn:aws:logs:us-east-1:000000000000:log-group:/events/orders:*").build(), "{\"n\":1}");
            var got = logs.getLogEvents(r -> r.logGroupName("/events/orders").logStreamName(id)).events();
            assertEquals(1, got.size());
            assertEquals(1, JSON.readTree(got.getFirst().message()).at("/detail/n").asInt());
        }
    }

    @Test
    void stepFunctionsStartsAnExecutionWithTheEventAsInput() throws Exception {
        try (SfnClient sfn = client(SfnClient.builder())) {
            String machine = sfn.createStateMachine(r -> r.name("orders").roleArn(ROLE)
                    .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
            String id = route("to-sfn", Target.builder().id("s").arn(machine).roleArn(ROLE).build(), "{\"n\":2}");
            var executions = sfn.listExecutions(r -> r.stateMachineArn(machine)).executions();
            assertEquals(1, executions.size());
            String input = sfn.describeExecution(r -> r.executionArn(executions.getFirst().executionArn())).input();
            assertEquals(id, JSON.readTree(input).get("id").asText());
        }
    }

    @Test
    void snsPublishesTheEventToItsSubscribers() throws Exception {
        try (SnsClient sns = client(SnsClient.builder()); SqsClient sqs = client(SqsClient.builder())) {
            String topic = sns.createTopic(r -> r.name("alerts")).topicArn();
            String url = sqs.createQueue(r -> r.queueName("alerts-copy")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn)
                    .attributes(Map.of("RawMessageDelivery", "true")));
            String id = route("to-sns", Target.builder().id("t").arn(topic).build(), "{\"n\":3}");
            AtomicReference<Message> got = new AtomicReference<>();
            Await.until("the message via SNS", () -> {
                sqs.receiveMessage(r -> r.queueUrl(url)).messages().stream().findFirst().ifPresent(got::set);
                return got.get() != null;
            });
            JsonNode event = JSON.readTree(got.get().body());
            assertEquals(id, event.get("id").asText());
            assertEquals(3, event.at("/detail/n").asInt());
        }
    }
}
