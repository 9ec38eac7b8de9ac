package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationState;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.IncludeDetail;
import software.amazon.awssdk.services.eventbridge.model.Level;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.eventbridge.model.UpdateEventBusResponse;

/**
 * Issue 14 through the AWS SDK v2: tags of buses and rules, the bus's settings, its permissions
 * and policy, ListRuleNamesByTarget, CreatedBy, and the differences a suite recorded against AWS
 * found (texts marked "recorded" are AWS's own).
 */
class BusesAndTagsIT {

    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";
    private static final String ARN = "arn:aws:events:us-east-1:000000000000:";

    @TempDir
    Path dataDir;
    TestServer server;
    EventBridgeClient events;

    @BeforeEach
    void start() {
        server = new TestServer(dataDir, "--allow-http-endpoints", "--settle-delay-ms", "0");
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    List<String> tags(String arn) {
        return events.listTagsForResource(r -> r.resourceARN(arn)).tags().stream().map(t -> t.key() + "=" + t.value()).toList();
    }

    static String error(Executable call) {
        return assertThrows(EventBridgeException.class, call).awsErrorDetails().errorMessage();
    }

    static String code(Executable call) {
        return assertThrows(EventBridgeException.class, call).awsErrorDetails().errorCode();
    }

    // ---- tags -------------------------------------------------------------------------------------

    @Test
    void tagsOfBusesRulesAndTheDefaultBusAreKeptInOrderAndGoWithTheirResource() {
        String bus = events.createEventBus(r -> r.name("orders").tags(tag("team", "payments"), tag("cost", "42"))).eventBusArn();
        assertEquals(List.of("team=payments", "cost=42"), tags(bus));
        events.tagResource(r -> r.resourceARN(bus).tags(tag("cost", "43"), tag("stage", "prod")));
        assertEquals(List.of("team=payments", "cost=43", "stage=prod"), tags(bus), "a key keeps its place, a new one goes last");
        events.untagResource(r -> r.resourceARN(bus).tagKeys("team", "not-there"));
        assertEquals(List.of("cost=43", "stage=prod"), tags(bus), "untagging a key the bus does not have succeeds (recorded)");

        String defaultBus = ARN + "event-bus/default";
        assertEquals(List.of(), tags(defaultBus));
        events.tagResource(r -> r.resourceARN(defaultBus).tags(tag("owner", "platform")));
        assertEquals(List.of("owner=platform"), tags(defaultBus));

        String onDefault = events.putRule(r -> r.name("hourly").scheduleExpression("rate(1 hour)").tags(tag("a", "1"))).ruleArn();
        assertEquals(ARN + "rule/hourly", onDefault);
        assertEquals(List.of("a=1"), tags(onDefault));
        String onOrders = events.putRule(r -> r.name("placed").eventBusName("orders").eventPattern("{\"source\":[\"shop\"]}")
                .tags(tag("b", "2"))).ruleArn();
        assertEquals(ARN + "rule/orders/placed", onOrders);
        assertEquals(List.of("b=2"), tags(onOrders));
        events.putRule(r -> r.name("placed").eventBusName("orders").eventPattern("{\"source\":[\"shop2\"]}"));
        assertEquals(List.of("b=2"), tags(onOrders), "PutRule without Tags keeps the rule's tags");
        events.putRule(r -> r.name("placed").eventBusName("orders").eventPattern("{\"source\":[\"shop\"]}")
                .tags(tag("c", "3"), tag("b", "4")));
        assertEquals(List.of("b=4", "c=3"), tags(onOrders), "PutRule's Tags are added as TagResource adds them");

        // Deleted with their resource (recorded: a resource made again has no tags).
        events.deleteRule(r -> r.name("placed").eventBusName("orders"));
        assertEquals("Rule placed does not exist on EventBus orders.", error(() -> tags(onOrders)), "recorded");
        events.putRule(r -> r.name("placed").eventBusName("orders").eventPattern("{\"source\":[\"shop\"]}"));
        assertEquals(List.of(), tags(onOrders));
        events.deleteEventBus(r -> r.name("orders"));
        assertEquals("Event bus orders does not exist.", error(() -> tags(bus)), "recorded");
        events.createEventBus(r -> r.name("orders"));
        assertEquals(List.of(), tags(bus));
        assertEquals("Rule placed does not exist on EventBus orders.", error(() -> tags(onOrders)),
                "the bus's rules went with it, and their tags");
    }

    @Test
    void missingResourcesGetAwsTexts() {
        for (Consumer<String> call : List.<Consumer<String>>of(
                arn -> events.tagResource(r -> r.resourceARN(arn).tags(tag("k", "v"))),
                arn -> events.untagResource(r -> r.resourceARN(arn).tagKeys("k")),
                arn -> events.listTagsForResource(r -> r.resourceARN(arn)))) {
            assertEquals("Rule nope does not exist on EventBus default.", error(() -> call.accept(ARN + "rule/nope")), "recorded");
            assertEquals("Event bus nope does not exist.", error(() -> call.accept(ARN + "event-bus/nope")), "recorded");
            assertEquals("ResourceNotFoundException", code(() -> call.accept(ARN + "event-bus/nope")));
            assertEquals("Rule r does not exist on EventBus other.", error(() -> call.accept(ARN + "rule/other/r")));
            // Another account's bus: nothing by that name exists in the caller's account.
            assertEquals("Event bus default does not exist.",
                    error(() -> call.accept("arn:aws:events:us-east-1:123456789012:event-bus/default")));
        }
    }

    @Test
    void tagLimitsAndTheReservedPrefix() {
        String bus = events.createEventBus(r -> r.name("orders")).eventBusArn();
        assertEquals("Parameter Tags is not valid. Reason: The tag key aws:owner uses the prefix aws:, which is reserved "
                + "for AWS use.", error(() -> events.tagResource(r -> r.resourceARN(bus).tags(tag("aws:owner", "me")))));
        assertEquals("ValidationException", code(() -> events.createEventBus(r -> r.name("b2").tags(tag("AWS:x", "y")))));
        assertEquals("ValidationException", code(() -> events.putRule(r -> r.name("r").scheduleExpression("rate(1 hour)")
                .tags(tag("aws:x", "y")))));

        List<Tag> fifty = IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).toList();
        events.tagResource(r -> r.resourceARN(bus).tags(fifty));
        assertEquals(50, tags(bus).size());
        events.tagResource(r -> r.resourceARN(bus).tags(tag("k0", "again")));
        assertEquals("Parameter Tags is not valid. Reason: " + bus + " would have more than 50 tags.",
                error(() -> events.tagResource(r -> r.resourceARN(bus).tags(tag("k50", "v")))));
        assertEquals(50, tags(bus).size(), "a refused TagResource changes nothing");
        List<Tag> fiftyOne = IntStream.range(0, 51).mapToObj(i -> tag("k" + i, "v")).toList();
        assertEquals("ValidationException", code(() -> events.createEventBus(r -> r.name("b3").tags(fiftyOne))));
        assertEquals("ValidationException", code(() -> events.putRule(r -> r.name("r").scheduleExpression("rate(1 hour)")
                .tags(fiftyOne))));
        assertEquals(0, events.listRules(r -> {}).rules().size(), "a PutRule refused for its tags makes no rule");

        String longKey = "k".repeat(129);
        assertEquals("1 validation error detected: Value '" + longKey + "' at 'tags.1.member.key' failed to satisfy "
                + "constraint: Member must have length less than or equal to 128",
                error(() -> events.tagResource(r -> r.resourceARN(bus).tags(tag(longKey, "v")))));
        assertEquals("1 validation error detected: Value '" + "v".repeat(257) + "' at 'tags.1.member.value' failed to "
                + "satisfy constraint: Member must have length less than or equal to 256",
                error(() -> events.tagResource(r -> r.resourceARN(bus).tags(tag("k", "v".repeat(257))))));

        String connection = events.createConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-key").apiKeyValue("v")))).connectionArn();
        assertEquals("Parameter ResourceARN is not valid. Reason: " + connection + " is not the ARN of an event bus or a "
                + "rule; in EventBridge only event buses and rules can be tagged.",
                error(() -> events.listTagsForResource(r -> r.resourceARN(connection))));
        assertEquals("Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.",
                error(() -> events.listTagsForResource(r -> r.resourceARN("not-an-arn"))));
    }

    // ---- bus settings -----------------------------------------------------------------------------

    @Test
    void busSettingsAreKeptDescribedAndUpdated() {
        var created = events.createEventBus(r -> r.name("orders").description("Orders").kmsKeyIdentifier("alias/orders")
                .deadLetterConfig(d -> d.arn("arn:aws:sqs:us-east-1:000000000000:dlq"))
                .logConfig(l -> l.includeDetail(IncludeDetail.FULL).level(Level.INFO)));
        assertEquals("Orders", created.description());
        assertEquals("alias/orders", created.kmsKeyIdentifier());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:dlq", created.deadLetterConfig().arn());
        assertEquals(Level.INFO, created.logConfig().level());
        DescribeEventBusResponse described = events.describeEventBus(r -> r.name("orders"));
        assertEquals("Orders", described.description());
        assertEquals("alias/orders", described.kmsKeyIdentifier());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:dlq", described.deadLetterConfig().arn());
        assertEquals(IncludeDetail.FULL, described.logConfig().includeDetail());
        assertEquals(Level.INFO, described.logConfig().level());

        server.restart();
        events = server.client();
        assertEquals("alias/orders", events.describeEventBus(r -> r.name("orders")).kmsKeyIdentifier(), "stored");

        // As Terraform updates: the settings it has, Description "" to remove it.
        UpdateEventBusResponse updated = events.updateEventBus(r -> r.name("orders")
                .logConfig(l -> l.includeDetail(IncludeDetail.NONE).level(Level.ERROR)));
        assertEquals(ARN + "event-bus/orders", updated.arn());
        assertEquals("orders", updated.name());
        assertEquals("Orders", updated.description(), "a Description not given is kept");
        assertNull(updated.kmsKeyIdentifier(), "the key, dead-letter queue and log settings are set as given");
        described = events.describeEventBus(r -> r.name("orders"));
        assertNull(described.deadLetterConfig());
        assertNull(described.kmsKeyIdentifier());
        assertEquals(Level.ERROR, described.logConfig().level());
        events.updateEventBus(r -> r.name("orders").description(""));
        assertNull(events.describeEventBus(r -> r.name("orders")).description());
        assertTrue(events.describeEventBus(r -> r.name("orders")).lastModifiedTime()
                .compareTo(events.describeEventBus(r -> r.name("orders")).creationTime()) >= 0);

        assertEquals("Event bus nope does not exist.", error(() -> events.updateEventBus(r -> r.name("nope").description("x"))));

        events.updateEventBus(r -> r.deadLetterConfig(d -> d.arn("arn:aws:sqs:us-east-1:000000000000:default-dlq")));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:default-dlq",
                events.describeEventBus(r -> {}).deadLetterConfig().arn(), "the default bus has settings too");
        assertEquals(List.of("default", "orders"), events.listEventBuses(r -> {}).eventBuses().stream().map(b -> b.name()).toList());
        events.createEventBus(r -> r.name("second"));
        assertEquals(List.of("default", "orders", "second"),
                events.listEventBuses(r -> {}).eventBuses().stream().map(b -> b.name()).toList());
        assertEquals(List.of("default"), events.listEventBuses(r -> r.limit(1)).eventBuses().stream().map(b -> b.name()).toList());
    }

    // ---- permissions ------------------------------------------------------------------------------

    @Test
    void permissionsBuildTheBusPolicyAsAwsDoes() {
        events.createEventBus(r -> r.name("orders"));
        String busArn = ARN + "event-bus/orders";
        events.putPermission(r -> r.eventBusName("orders").action("events:PutEvents").principal("111122223333").statementId("one"));
        events.putPermission(r -> r.eventBusName("orders").action("events:PutEvents").principal("*").statementId("org")
                .condition(c -> c.type("StringEquals").key("aws:PrincipalOrgID").value("o-1234567890")));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"one\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
                + "\"Action\":\"events:PutEvents\",\"Resource\":\"" + busArn + "\"},"
                + "{\"Sid\":\"org\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\""
                + busArn + "\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1234567890\"}}}]}",
                events.describeEventBus(r -> r.name("orders")).policy());
        events.putPermission(r -> r.eventBusName("orders").action("events:PutEvents").principal("444455556666").statementId("one"));
        assertTrue(events.describeEventBus(r -> r.name("orders")).policy().startsWith("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Sid\":\"one\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"}"),
                "a statement id given again replaces its statement in place");
        assertTrue(events.listEventBuses(r -> r.namePrefix("orders")).eventBuses().getFirst().policy().contains("\"org\""));

        events.removePermission(r -> r.eventBusName("orders").statementId("one"));
        assertTrue(events.describeEventBus(r -> r.name("orders")).policy().startsWith(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"org\""));
        assertEquals("Statement with the provided id does not exist.",
                error(() -> events.removePermission(r -> r.eventBusName("orders").statementId("one"))), "recorded");
        events.removePermission(r -> r.eventBusName("orders").removeAllPermissions(true));
        assertNull(events.describeEventBus(r -> r.name("orders")).policy(), "recorded: no Policy after RemoveAllPermissions");
        assertEquals("Statement with the provided id does not exist.",
                error(() -> events.removePermission(r -> r.statementId("x"))), "recorded, also without a policy");
        assertEquals("EventBus does not have a policy.",
                error(() -> events.removePermission(r -> r.eventBusName("orders").removeAllPermissions(true))));

        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"rules\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"events:ListRules\",\"Resource\":\"*\"}]}";
        events.putPermission(r -> r.policy(document));
        assertEquals(document, events.describeEventBus(r -> {}).policy(), "the Policy form replaces the default bus's policy");

        assertEquals("Event bus nope does not exist.", error(() -> events.putPermission(r -> r.eventBusName("nope")
                .action("events:PutEvents").principal("*").statementId("s"))), "recorded");
        assertEquals("Provided value in parameter 'action' is not supported.", error(() -> events.putPermission(r -> r
                .action("events:ListRules").principal("*").statementId("s"))));
        assertEquals("Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.",
                error(() -> events.putPermission(r -> r.action("events:PutEvents").principal("111122223333").statementId("s")
                        .condition(c -> c.type("StringEquals").key("aws:PrincipalOrgID").value("o-1")))));
        assertEquals("Parameter StatementId must be specified.", error(() -> events.putPermission(r -> r
                .action("events:PutEvents").principal("*"))));
        assertEquals("This policy contains invalid Json", error(() -> events.putPermission(r -> r.policy("{nope"))));
        assertEquals("PolicyLengthExceededException", code(() -> events.putPermission(r -> r.policy(
                "{\"Version\":\"2012-10-17\",\"Statement\":[],\"Pad\":\"" + "x".repeat(11_000) + "\"}"))));
        assertEquals("1 validation error detected: Value '12345' at 'principal' failed to satisfy constraint: Member must "
                + "satisfy regular expression pattern: (\\d{12}|\\*)", error(() -> events.putPermission(r -> r
                .action("events:PutEvents").principal("12345").statementId("s"))));
    }

    // ---- rules ------------------------------------------------------------------------------------

    @Test
    void listRuleNamesByTargetAndCreatedBy() {
        String a = ARN + "api-destination/a/11111111-1111-1111-1111-111111111111";
        String b = ARN + "api-destination/b/22222222-2222-2222-2222-222222222222";
        for (String rule : List.of("r3", "r1", "r2")) {
            events.putRule(r -> r.name(rule).eventPattern("{\"source\":[\"shop\"]}"));
        }
        events.putTargets(r -> r.rule("r1").targets(target("t1", a), target("t2", b)));
        events.putTargets(r -> r.rule("r2").targets(target("t1", b)));
        events.putTargets(r -> r.rule("r3").targets(target("t1", a)));
        assertEquals(List.of("r1", "r3"), events.listRuleNamesByTarget(r -> r.targetArn(a)).ruleNames());
        assertEquals(List.of("r1", "r2"), events.listRuleNamesByTarget(r -> r.targetArn(b)).ruleNames());
        var first = events.listRuleNamesByTarget(r -> r.targetArn(a).limit(1));
        assertEquals(List.of("r1"), first.ruleNames());
        assertEquals(List.of("r3"), events.listRuleNamesByTarget(r -> r.targetArn(a).limit(1).nextToken(first.nextToken()))
                .ruleNames());
        var last = events.listRuleNamesByTarget(r -> r.targetArn(a).limit(1).nextToken(
                events.listRuleNamesByTarget(q -> q.targetArn(a).limit(1)).nextToken()));
        assertNull(last.nextToken(), "no token after the last page");
        assertEquals(List.of(), events.listRuleNamesByTarget(r -> r.targetArn(ARN + "api-destination/c/x")).ruleNames());
        assertEquals("Event bus nope does not exist.",
                error(() -> events.listRuleNamesByTarget(r -> r.targetArn(a).eventBusName("nope"))));

        assertEquals("000000000000", events.describeRule(r -> r.name("r1")).createdBy(), "recorded: the account id");
        EventBridgeClient other = server.client("123456789012", Region.EU_WEST_1);
        other.putRule(r -> r.name("theirs").eventPattern("{\"source\":[\"shop\"]}"));
        assertEquals("123456789012", other.describeRule(r -> r.name("theirs")).createdBy());
    }

    static Target target(String id, String arn) {
        return Target.builder().id(id).arn(arn).roleArn(ROLE).build();
    }

    // ---- differences found by a suite recorded against AWS ---------------------------------------

    @Test
    void anEmptyDetailTypeFailsItsEntry() {
        var answer = events.putEvents(r -> r.entries(
                PutEventsRequestEntry.builder().source("shop").detailType("").detail("{}").build(),
                PutEventsRequestEntry.builder().source("shop").detailType("t").detail("{}").build()));
        assertEquals(1, answer.failedEntryCount());
        assertEquals("InvalidArgument", answer.entries().getFirst().errorCode());
        assertEquals("Parameter DetailType is not valid. Reason: DetailType is a required argument.",
                answer.entries().getFirst().errorMessage(), "recorded");
    }

    @Test
    void anOAuthMethodInLowerCaseIsAccepted() {
        // Recorded: AWS accepted "put" (the destination then reads INACTIVE: the connection is still AUTHORIZING).
        String connection = events.createConnection(r -> r.name("lower").authorizationType(
                ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS).authParameters(a -> a.oAuthParameters(o -> o
                .authorizationEndpoint("https://oauth.invalid/token").httpMethod("put")
                .clientParameters(c -> c.clientID("id").clientSecret("secret"))))).connectionArn();
        assertEquals("PUT", events.describeConnection(r -> r.name("lower")).authParameters().oAuthParameters().httpMethodAsString());
        assertEquals(ConnectionState.AUTHORIZING, events.describeConnection(r -> r.name("lower")).connectionState());
        assertEquals(ApiDestinationState.INACTIVE, events.createApiDestination(r -> r.name("d").connectionArn(connection)
                .invocationEndpoint("https://example.com/api").httpMethod("POST")).apiDestinationState());
        assertTrue(error(() -> events.createConnection(r -> r.name("patch").authorizationType(
                        ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS).authParameters(a -> a.oAuthParameters(o -> o
                        .authorizationEndpoint("https://example.com/token").httpMethod("PATCH")
                        .clientParameters(c -> c.clientID("id").clientSecret("secret")))))).endsWith(
                "'PATCH' at 'authParameters.oAuthParameters.httpMethod' failed to satisfy constraint: Member must satisfy "
                        + "enum value set: [GET, POST, PUT]"), "other values are still refused");
    }

    @Test
    void targetsTakeOneKindOfInputAndKnownPlaceholders() {
        events.putRule(r -> r.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        String destination = ARN + "api-destination/d/11111111-1111-1111-1111-111111111111";
        Target base = target("t-1", destination);
        assertEquals("Only one of Input, InputPath, or InputTransformer must be provided for target t-1.",
                error(() -> events.putTargets(r -> r.rule("r").targets(base.toBuilder().inputPath("$.detail")
                        .inputTransformer(t -> t.inputPathsMap(java.util.Map.of("id", "$.id")).inputTemplate("<id>")).build()))),
                "recorded");
        assertEquals("Only one of Input, InputPath, or InputTransformer must be provided for target t-1.",
                error(() -> events.putTargets(r -> r.rule("r").targets(base.toBuilder().input("{}").inputPath("$.detail")
                        .build()))));
        assertEquals("InputTemplate for target t-1 contains invalid placeholder notdefinedkey.",
                error(() -> events.putTargets(r -> r.rule("r").targets(base.toBuilder().inputTransformer(t -> t
                        .inputPathsMap(java.util.Map.of("detail-type", "$.detail-type"))
                        .inputTemplate("\"Event of <detail-type> type, with not defined key <notdefinedkey>\"")).build()))),
                "recorded");
        events.putTargets(r -> r.rule("r").targets(base.toBuilder().inputTransformer(t -> t.inputTemplate(
                "{\"rule\": <aws.events.rule-name>, \"arn\": <aws.events.rule-arn>, \"at\": <aws.events.event.ingestion-time>, "
                        + "\"event\": <aws.events.event>, \"json\": <aws.events.event.json>}")).build()));
        assertEquals(1, events.listTargetsByRule(r -> r.rule("r")).targets().size(), "AWS's own placeholders are valid");
    }

    @Test
    void theSixthTargetOfARuleGetsAwsText() {
        events.putRule(r -> r.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        String destination = ARN + "api-destination/d/11111111-1111-1111-1111-111111111111";
        events.putTargets(r -> r.rule("r").targets(IntStream.range(0, 5).mapToObj(i -> target("t" + i, destination)).toList()));
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> events.putTargets(r -> r.rule("r").targets(target("t5", destination))));
        assertEquals("The requested resource exceeds the maximum number allowed.", e.awsErrorDetails().errorMessage(), "recorded");
    }

    @Test
    void elevenEntriesAreEchoedAsAwsEchoesThem() {
        String detail = "{\"command\": \"update-account\", \"payload\": {\"acc_id\": \"0a787ecb-4015\", \"sf_id\": \"baz\"}}";
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source("core.update-account-command")
                .detailType("core.update-account-command").detail(detail).eventBusName("orders").build();
        String echoed = "PutEventsRequestEntry(time=null, source=core.update-account-command, resources=null, "
                + "detailType=core.update-account-command, detail=" + detail + ", eventBusName=orders, traceHeader=null, "
                + "kmsKeyIdentifier=null, internalMetadata=null)";
        assertEquals("1 validation error detected: Value '[" + String.join(", ", Collections.nCopies(11, echoed))
                + "]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
                error(() -> events.putEvents(r -> r.entries(Collections.nCopies(11, entry)))), "recorded");

        PutEventsRequestEntry timed = entry.toBuilder().time(Instant.parse("2025-01-08T15:24:12Z"))
                .resources("arn:aws:s3:::a", "arn:aws:s3:::b").eventBusName(null).build();
        String message = error(() -> events.putEvents(r -> r.entries(Collections.nCopies(11, timed))));
        assertTrue(message.contains("PutEventsRequestEntry(time=Wed Jan 08 15:24:12 UTC 2025, source=core.update-account-command, "
                + "resources=[arn:aws:s3:::a, arn:aws:s3:::b], detailType="), message);
        assertTrue(message.contains("eventBusName=null, traceHeader=null"), message);
    }

    /** The AWS CLI (whichever is installed; it builds requests from its own copy of the model). */
    @Test
    void theAwsCliTagsPermitsAndUpdates() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OtherClientsIT.available("aws", "--version"), "aws is not installed");
        String arn = "arn:aws:events:eu-central-1:123456789012:event-bus/cli";
        for (List<String> call : List.of(
                List.of("create-event-bus", "--name", "cli", "--tags", "Key=a,Value=1"),
                List.of("tag-resource", "--resource-arn", arn, "--tags", "Key=b,Value=2"),
                List.of("untag-resource", "--resource-arn", arn, "--tag-keys", "a"),
                List.of("put-permission", "--event-bus-name", "cli", "--action", "events:PutEvents", "--principal",
                        "111122223333", "--statement-id", "s1"),
                List.of("update-event-bus", "--name", "cli", "--description", "from the CLI", "--log-config",
                        "IncludeDetail=FULL,Level=INFO"),
                List.of("put-rule", "--name", "r", "--event-bus-name", "cli", "--event-pattern", "{\"source\":[\"shop\"]}"))) {
            OtherClientsIT.Run run = OtherClientsIT.aws(server, call.toArray(String[]::new));
            assertEquals(0, run.exit(), call + ": " + run.err());
        }
        OtherClientsIT.Run tags = OtherClientsIT.aws(server, "list-tags-for-resource", "--resource-arn", arn);
        assertEquals("[{\"Key\":\"b\",\"Value\":\"2\"}]",
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(tags.out()).get("Tags").toString());
        OtherClientsIT.Run bus = OtherClientsIT.aws(server, "describe-event-bus", "--name", "cli");
        var described = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bus.out());
        assertEquals("from the CLI", described.get("Description").asText());
        assertEquals("INFO", described.get("LogConfig").get("Level").asText());
        assertTrue(described.get("Policy").asText().contains("arn:aws:iam::111122223333:root"));
        OtherClientsIT.Run rule = OtherClientsIT.aws(server, "describe-rule", "--name", "r", "--event-bus-name", "cli");
        assertEquals("123456789012", new com.fasterxml.jackson.databind.ObjectMapper().readTree(rule.out()).get("CreatedBy").asText());
        OtherClientsIT.Run missing = OtherClientsIT.aws(server, "list-tags-for-resource", "--resource-arn",
                "arn:aws:events:eu-central-1:123456789012:rule/nope");
        assertTrue(missing.exit() != 0 && missing.err().contains("Rule nope does not exist on EventBus default."), missing.err());
    }

    @Test
    void aRuleMissingFromTheTagApiAndTheBusApiAgree() {
        assertEquals("ResourceNotFoundException", code(() -> events.listTagsForResource(r -> r.resourceARN(ARN + "rule/x"))));
        assertThrows(ResourceNotFoundException.class, () -> events.describeRule(r -> r.name("x")));
    }
}
