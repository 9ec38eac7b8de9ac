package org.bridgekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgekeeper.sigv4.SigV4;
import org.bridgekeeper.sigv4.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bridgekeeper extensions ...}: Bridgekeeper's own operations through the same machinery
 * as the events commands (canned answers from a local HTTP server, the CLI in-process): the
 * {@code Bridgekeeper.*} target, SigV4 in the events scope, the service in the User-Agent,
 * paging, output formats, validation, help and the top-level choices.
 */
class ExtensionsCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T22:03:00Z");

    @TempDir
    Path dir;

    private TranscriptsTest.Run run(CannedServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (server != null) {
            all.add("--endpoint-url");
            all.add("http://127.0.0.1:" + server.port());
        }
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "eu-west-1", "TZ", "UTC", "AWS_CONFIG_FILE", dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString()));
        return TranscriptsTest.run(all, env, dir, NOW);
    }

    private static String out(TranscriptsTest.Run r) {
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    private static String err(TranscriptsTest.Run r) {
        return new String(r.stderr(), StandardCharsets.UTF_8);
    }

    private static CannedServer server(String... bodies) throws IOException {
        List<Transcript.Canned> canned = new ArrayList<>();
        for (String b : bodies) {
            canned.add(new Transcript.Canned(200, b));
        }
        return new CannedServer(canned);
    }

    private static void assertSignedAsEvents(CannedServer.Received got) {
        String auth = got.headers().get("authorization");
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=test/20261124/eu-west-1/events/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="), auth);
        Verification v = SigV4.verify("POST", got.path(), "", got.headers(), got.body(),
                key -> Optional.ofNullable(Map.of("test", "test").get(key)), NOW);
        assertTrue(v instanceof Verification.Verified, "signature verifies: " + v);
    }

    @Test
    void listDeadLettersSendsTheBridgekeeperTargetSignedAsEvents() throws IOException {
        try (CannedServer server = server("{\"DeadLetters\":[{\"Id\":\"d1\",\"EventId\":\"e1\",\"EventBusName\":"
                + "\"default\",\"Rule\":\"orders\",\"TargetId\":\"t\",\"TargetArn\":\"arn:x\",\"Payload\":\"{}\","
                + "\"Attempts\":1,\"FirstAttemptTime\":1795557780,\"FailedTime\":1795557781,\"Reason\":\"The endpoint"
                + " answered HTTP 400.\",\"StatusCode\":400,\"Unmodeled\":true}]}")) {
            TranscriptsTest.Run r = run(server, "extensions", "list-dead-letters", "--rule", "orders");
            assertEquals("", err(r));
            assertEquals(0, r.exitCode());
            assertEquals("{\n    \"DeadLetters\": [\n        {\n            \"Id\": \"d1\",\n"
                    + "            \"EventId\": \"e1\",\n            \"EventBusName\": \"default\",\n"
                    + "            \"Rule\": \"orders\",\n            \"TargetId\": \"t\",\n"
                    + "            \"TargetArn\": \"arn:x\",\n            \"Payload\": \"{}\",\n"
                    + "            \"Attempts\": 1,\n            \"FirstAttemptTime\": \"2026-11-24T22:03:00+00:00\",\n"
                    + "            \"FailedTime\": \"2026-11-24T22:03:01+00:00\",\n"
                    + "            \"Reason\": \"The endpoint answered HTTP 400.\",\n            \"StatusCode\": 400\n"
                    + "        }\n    ]\n}\n", out(r));
            CannedServer.Received got = server.received().get(0);
            assertEquals("{\"Rule\": \"orders\"}", new String(got.body(), StandardCharsets.UTF_8));
            assertEquals("Bridgekeeper.ListDeadLetters", got.headers().get("x-amz-target"));
            assertEquals("application/x-amz-json-1.1", got.headers().get("content-type"));
            assertTrue(got.headers().get("user-agent").endsWith(" command/extensions.list-dead-letters"),
                    got.headers().get("user-agent"));
            assertSignedAsEvents(got);
        }
    }

    @Test
    void listDeadLettersPagesAsBotocoreDoes() throws IOException {
        String page1 = "{\"DeadLetters\":[{\"Id\":\"d1\"},{\"Id\":\"d2\"}],\"NextToken\":\"tok\"}";
        String page2 = "{\"DeadLetters\":[{\"Id\":\"d3\"}]}";
        try (CannedServer server = server(page1, page2)) {
            TranscriptsTest.Run r = run(server, "extensions", "list-dead-letters", "--page-size", "2", "--query",
                    "DeadLetters[].Id", "--output", "text");
            assertEquals("", err(r));
            assertEquals("d1\td2\td3\n", out(r));
            assertEquals("{\"Limit\": 2}", new String(server.received().get(0).body(), StandardCharsets.UTF_8));
            assertEquals("{\"Limit\": 2, \"NextToken\": \"tok\"}",
                    new String(server.received().get(1).body(), StandardCharsets.UTF_8));
        }
        try (CannedServer server = server(page1, page2)) {
            TranscriptsTest.Run r = run(server, "extensions", "list-dead-letters", "--max-items", "1");
            assertEquals(0, r.exitCode(), err(r));
            assertTrue(out(r).contains("\"NextToken\": \"" + Paging.encode(truncatedFirstPage(1)) + "\""), out(r));
        }
        try (CannedServer server = server(page1)) {
            TranscriptsTest.Run r = run(server, "extensions", "list-dead-letters", "--limit", "2", "--output", "json");
            assertEquals(0, r.exitCode(), err(r));
            assertTrue(out(r).contains("\"NextToken\": \"tok\""), "--limit turns paging off: " + out(r));
            assertEquals(1, server.received().size());
        }
    }

    /** botocore's resume token inside the first page: no service token yet, {@code truncate} items taken. */
    private static com.fasterxml.jackson.databind.node.ObjectNode truncatedFirstPage(int truncate) {
        com.fasterxml.jackson.databind.node.ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode();
        n.putNull("NextToken");
        n.put("boto_truncate_amount", truncate);
        return n;
    }

    @Test
    void redriveDeadLettersWithAndWithoutIds() throws IOException {
        try (CannedServer server = server("{\"Redriven\":2}")) {
            TranscriptsTest.Run r = run(server, "extensions", "redrive-dead-letters", "--ids", "a", "b", "--output",
                    "text");
            assertEquals("", err(r));
            assertEquals("2\n", out(r));
            assertEquals("{\"Ids\": [\"a\", \"b\"]}", new String(server.received().get(0).body(),
                    StandardCharsets.UTF_8));
            assertEquals("Bridgekeeper.RedriveDeadLetters", server.received().get(0).headers().get("x-amz-target"));

            r = run(server, "extensions", "redrive-dead-letters", "--output", "yaml");
            assertEquals("Redriven: 2\n", out(r));
            assertEquals("{}", new String(server.received().get(1).body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void testInvokeApiDestinationInTextAndTable() throws IOException {
        String answer = "{\"Delivered\":false,\"StatusCode\":400,\"Reason\":\"The endpoint answered HTTP 400.\","
                + "\"Retryable\":false,\"Request\":{\"Method\":\"POST\",\"Url\":\"http://h/x\",\"Headers\":"
                + "{\"Authorization\":\"Basic ***\"},\"Body\":\"{\\\"x\\\":1}\"}}";
        try (CannedServer server = server(answer)) {
            TranscriptsTest.Run r = run(server, "extensions", "test-invoke-api-destination", "--name", "d",
                    "--payload", "{\"x\":1}", "--output", "text");
            assertEquals("", err(r));
            assertEquals("False\tThe endpoint answered HTTP 400.\tFalse\t400\n"
                    + "REQUEST\t{\"x\":1}\tPOST\thttp://h/x\nHEADERS\tBasic ***\n", out(r));
            assertEquals("{\"Name\": \"d\", \"Payload\": \"{\\\"x\\\":1}\"}",
                    new String(server.received().get(0).body(), StandardCharsets.UTF_8));
            r = run(server, "extensions", "test-invoke-api-destination", "--name", "d", "--query", "Request.Headers",
                    "--output", "table");
            assertEquals(0, r.exitCode(), err(r));
            assertTrue(out(r).contains("Authorization") && out(r).contains("Basic ***"), out(r));
        }
    }

    @Test
    void clientSideValidationAndSkeletonsComeFromTheExtensionsModel() throws IOException {
        TranscriptsTest.Run r = run(null, "extensions", "test-invoke-api-destination");
        assertEquals(252, r.exitCode());
        assertTrue(err(r).endsWith("aws: error: the following arguments are required: --name\n\n"), err(r));

        r = run(null, "extensions", "test-invoke-api-destination", "--name", "");
        assertEquals(252, r.exitCode());
        assertEquals("\nParameter validation failed:\nInvalid length for parameter Name, value: 0, valid min length: 1\n",
                err(r));

        r = run(null, "extensions", "redrive-dead-letters", "--generate-cli-skeleton");
        assertEquals("{\n    \"Ids\": [\n        \"\"\n    ]\n}\n", out(r));

        try (CannedServer server = server("{\"Redriven\":0}")) {
            r = run(server, "extensions", "redrive-dead-letters", "--cli-input-json", "{\"Ids\":[\"x\"]}", "--debug");
            assertEquals(0, r.exitCode(), err(r));
            assertTrue(err(r).contains("x-amz-target:Bridgekeeper.RedriveDeadLetters"), err(r));
            assertTrue(err(r).contains("Making request for OperationModel(name=RedriveDeadLetters) with params: "
                    + "{\"Ids\": [\"x\"]}"), err(r));
        }
    }

    @Test
    void helpNamesTheService() {
        TranscriptsTest.Run r = run(null, "extensions", "help");
        assertEquals("EXTENSIONS()\n\nNAME\n       extensions -\n\nAVAILABLE COMMANDS\n       o cancel-delivery\n\n"
                + "       o describe-delivery\n\n       o list-dead-letters\n\n       o list-deliveries\n\n"
                + "       o redrive-dead-letters\n\n       o retry-delivery\n\n       o test-invoke-api-destination\n\n",
                out(r));
        r = run(null, "extensions", "list-dead-letters", "help");
        assertEquals(0, r.exitCode());
        assertTrue(out(r).startsWith("LIST-DEAD-LETTERS()"), out(r));
        assertTrue(out(r).contains("[--starting-token <value>]"), "paginated: " + out(r));
        assertTrue(out(r).contains("       --rule (string)\n          Only the dead letters of rules with this name."),
                out(r));
        assertTrue(out(r).contains("       DeadLetters -> (list)\n"), out(r));
        r = run(null, "events", "help");
        assertTrue(out(r).startsWith("EVENTS()\n\nNAME\n       events -\n\nAVAILABLE COMMANDS\n"), out(r));
        assertTrue(out(r).contains("       o activate-event-source" + Help.NOT_SERVED + "\n"), out(r));
    }

    @Test
    void unknownOperationListsTheExtensionsCommands() {
        TranscriptsTest.Run r = run(null, "extensions", "list-dead-letter");
        assertEquals(252, r.exitCode());
        assertEquals("\n" + Cli.USAGE + "\naws: error: argument operation: Invalid choice, valid choices are:\n\n"
                + String.format("%-40s | %-40s\n".repeat(4), "cancel-delivery", "describe-delivery",
                        "list-dead-letters", "list-deliveries", "redrive-dead-letters", "retry-delivery",
                        "test-invoke-api-destination", "help")
                + "\n\nInvalid choice: 'list-dead-letter', maybe you meant:\n\n  * list-dead-letters\n\n", err(r));
    }

    /** aws-cli's text for a bad service: every service, then help, two per line, then difflib's guesses. */
    @Test
    void unknownServiceListsBothServices() {
        TranscriptsTest.Run r = run(null, "eventz", "list-rules");
        assertEquals(252, r.exitCode());
        assertEquals("\n" + Cli.USAGE + "\naws: error: argument command: Invalid choice, valid choices are:\n\n"
                + String.format("%-40s | %-40s\n%-40s\n", "events", "extensions", "help")
                + "\n\nInvalid choice: 'eventz', maybe you meant:\n\n  * events\n\n", err(r));
        r = run(null, "extension", "list-dead-letters");
        assertTrue(err(r).endsWith("Invalid choice: 'extension', maybe you meant:\n\n  * extensions\n\n"), err(r));
    }

    @Test
    void theEventsUserAgentIsUnchanged() throws IOException {
        try (CannedServer server = server("{\"Connections\":[]}")) {
            TranscriptsTest.Run r = run(server, "events", "list-connections");
            assertEquals(0, r.exitCode(), err(r));
            assertTrue(server.received().get(0).headers().get("user-agent").endsWith(" command/events.list-connections"));
            assertEquals("AWSEvents.ListConnections", server.received().get(0).headers().get("x-amz-target"));
        }
    }
}
