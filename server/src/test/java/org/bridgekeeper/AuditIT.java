package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The audit trail: every call that changes state or sends a secret outward leaves one JSON line
 * (who, what, on which resource, how it ended, from where) in {@code audit.log}, mode 0600, on
 * disk by the time the call is answered; reads leave none; no secret or payload is in it.
 */
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "audit-password-6c1f0e";
    private static final String DETAIL_SECRET = "card-4111-1111-1111-1111";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir.resolve("data"), "--settle-delay-ms", "0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    List<JsonNode> lines() throws Exception {
        return lines(server.dataDir().resolve("audit.log"));
    }

    @Test
    void aWriteIsOnDiskWhenAnsweredAndNamesWhoWhatWhereAndHow() throws Exception {
        EventBridgeClient c = server.client("123456789012", Region.EU_CENTRAL_1);
        CreateConnectionResponse created = c.createConnection(r -> r.name("audited")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(p -> p.basicAuthParameters(b -> b.username("u").password(PASSWORD))));
        // Read at once, without waiting: the line was written before the answer.
        List<JsonNode> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = lines.getFirst();
        assertEquals(server.clock().instant().toString(), line.get("time").asText());
        assertEquals(created.responseMetadata().requestId(), line.get("requestId").asText());
        assertEquals("123456789012", line.get("accessKeyId").asText());
        assertEquals("123456789012", line.get("account").asText());
        assertEquals("eu-central-1", line.get("region").asText());
        assertEquals("AWSEvents.CreateConnection", line.get("operation").asText());
        assertEquals("audited", line.get("resource").asText());
        assertEquals("OK", line.get("outcome").asText());
        assertEquals("127.0.0.1", line.get("source").asText());
        assertEquals(List.of("time", "requestId", "accessKeyId", "account", "region", "operation", "resource", "outcome",
                "source"), fieldNames(line));

        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(server.dataDir().resolve("audit.log"))));
    }

    @Test
    void readsLeaveNoLineAndRefusedWritesLeaveTheirCode() throws Exception {
        EventBridgeClient c = server.client();
        c.createConnection(r -> r.name("twice").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(p -> p.basicAuthParameters(b -> b.username("u").password(PASSWORD))));
        c.describeConnection(r -> r.name("twice"));
        c.listConnections(r -> {});
        c.listEventBuses(r -> {});
        c.testEventPattern(r -> r.eventPattern("{\"source\":[\"a\"]}").event("{\"id\":\"1\",\"account\":\"123456789012\","
                + "\"source\":\"a\",\"time\":\"2026-12-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],"
                + "\"detail-type\":\"t\",\"detail\":{}}"));
        assertThrows(ResourceAlreadyExistsException.class, () -> c.createConnection(r -> r.name("twice")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(p -> p.basicAuthParameters(b -> b.username("u").password(PASSWORD)))));
        c.deleteConnection(r -> r.name("twice"));
        List<JsonNode> lines = lines();
        assertEquals(List.of("OK", "ResourceAlreadyExistsException", "OK"),
                lines.stream().map(l -> l.get("outcome").asText()).toList());
        assertEquals(List.of("AWSEvents.CreateConnection", "AWSEvents.CreateConnection", "AWSEvents.DeleteConnection"),
                lines.stream().map(l -> l.get("operation").asText()).toList());
        assertEquals("000000000000", lines.get(2).get("account").asText());
    }

    @Test
    void everyKindOfWriteIsNamedButNoSecretOrPayloadIsWritten() throws Exception {
        EventBridgeClient c = server.client();
        String connection = c.createConnection(r -> r.name("k").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(p -> p.apiKeyAuthParameters(k -> k.apiKeyName("x-key").apiKeyValue(PASSWORD))))
                .connectionArn();
        c.updateConnection(r -> r.name("k").description("d"));
        c.deauthorizeConnection(r -> r.name("k"));
        String destination = c.createApiDestination(r -> r.name("dest").connectionArn(connection)
                .invocationEndpoint("https://receiver.example/hook").httpMethod("POST")).apiDestinationArn();
        c.createEventBus(r -> r.name("orders"));
        c.putRule(r -> r.name("big").eventBusName("orders").eventPattern("{\"source\":[\"shop\"]}"));
        c.putTargets(r -> r.rule("big").eventBusName("orders").targets(Target.builder().id("t").arn(destination)
                .roleArn("arn:aws:iam::000000000000:role/r").build()));
        c.putEvents(r -> r.entries(PutEventsRequestEntry.builder().eventBusName("orders").source("shop").detailType("t")
                .detail("{\"card\":\"" + DETAIL_SECRET + "\"}").build(), PutEventsRequestEntry.builder().source("shop")
                .detailType("t").detail("{}").build()));
        c.removeTargets(r -> r.rule("big").eventBusName("orders").ids("t"));
        c.disableRule(r -> r.name("big").eventBusName("orders"));
        c.deleteRule(r -> r.name("big").eventBusName("orders"));
        c.deleteEventBus(r -> r.name("orders"));
        c.deleteApiDestination(r -> r.name("dest"));
        try (var kms = AuthIT.kms(server, "AKIAIOSFODNN7EXAMPLE", "test-secret")) {
            String key = kms.createKey(r -> {}).keyMetadata().arn();
            kms.createAlias(r -> r.aliasName("alias/audit").targetKeyId(key));
            HttpResponse<String> testInvoke = extension(server, "Bridgekeeper.TestInvokeApiDestination",
                    "{\"Name\":\"gone\",\"Payload\":\"" + DETAIL_SECRET + "\"}");
            assertEquals(400, testInvoke.statusCode(), testInvoke.body());
            assertEquals(200, extension(server, "Bridgekeeper.RedriveDeadLetters", "{\"Ids\":[\"d1\",\"d2\"]}")
                    .statusCode());
            assertEquals(200, extension(server, "Bridgekeeper.ListDeadLetters", "{}").statusCode());

            List<String> seen = new ArrayList<>();
            for (JsonNode l : lines()) {
                seen.add(l.get("operation").asText() + " " + l.get("resource").asText() + " " + l.get("outcome").asText());
            }
            assertEquals(List.of(
                    "AWSEvents.CreateConnection k OK",
                    "AWSEvents.UpdateConnection k OK",
                    "AWSEvents.DeauthorizeConnection k OK",
                    "AWSEvents.CreateApiDestination dest OK",
                    "AWSEvents.CreateEventBus orders OK",
                    "AWSEvents.PutRule orders/big OK",
                    "AWSEvents.PutTargets orders/big OK",
                    "AWSEvents.PutEvents default,orders OK",
                    "AWSEvents.RemoveTargets orders/big OK",
                    "AWSEvents.DisableRule orders/big OK",
                    "AWSEvents.DeleteRule orders/big OK",
                    "AWSEvents.DeleteEventBus orders OK",
                    "AWSEvents.DeleteApiDestination dest OK",
                    "TrentService.CreateKey " + key + " OK",
                    "TrentService.CreateAlias alias/audit OK",
                    "Bridgekeeper.TestInvokeApiDestination gone ResourceNotFoundException",
                    "Bridgekeeper.RedriveDeadLetters d1,d2 OK"), seen);
        }
        String text = Files.readString(server.dataDir().resolve("audit.log"));
        assertFalse(text.contains(PASSWORD), "no secret in the audit log");
        assertFalse(text.contains(DETAIL_SECRET), "no payload in the audit log");
    }

    @Test
    void refusedCallersAreAuditedToo() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> rebound = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Host", "attacker.example").header("X-Amz-Target", "AWSEvents.DeleteConnection")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=123456789012/20261201/us-east-1/events/"
                        + "aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"victim\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, rebound.statusCode());
        // A refusal does not wait for the disk before it is answered: wait for its line.
        Await.until("the refusal's audit line", () -> {
            try {
                return !lines().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode line = lines().getLast();
        assertEquals("HostNotAllowedException", line.get("outcome").asText());
        assertEquals("AWSEvents.DeleteConnection", line.get("operation").asText());
        assertEquals("123456789012", line.get("accessKeyId").asText(), "the key it claimed");
        assertTrue(line.get("account").isNull(), "no account: the caller was not let in");
        assertTrue(line.get("resource").isNull(), "the body was not read");
    }

    @Test
    void underVerifyABadSignatureIsAuditedWithTheKeyItClaimed() throws Exception {
        server.close();
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[a]\naws_access_key_id = AKIAAUDIT\naws_secret_access_key = right\n"
                + "aws_account_id = 111122223333\n");
        Path log = dir.resolve("elsewhere/trail.jsonl");
        server = new TestServer(dir.resolve("verify"), "--auth", "verify", "--credentials-file", credentials.toString(),
                "--audit-log", log.toString());
        assertThrows(software.amazon.awssdk.services.eventbridge.model.EventBridgeException.class,
                () -> server.client("AKIAAUDIT", "wrong", Region.US_EAST_1).createEventBus(r -> r.name("b")));
        server.client("AKIAAUDIT", "right", Region.US_EAST_1).createEventBus(r -> r.name("b"));
        List<JsonNode> lines = lines(log);
        assertEquals(2, lines.size());
        assertEquals("InvalidSignatureException", lines.get(0).get("outcome").asText());
        assertEquals("AKIAAUDIT", lines.get(0).get("accessKeyId").asText());
        assertTrue(lines.get(0).get("account").isNull());
        assertEquals("OK", lines.get(1).get("outcome").asText());
        assertEquals("111122223333", lines.get(1).get("account").asText());
        assertFalse(Files.exists(dir.resolve("verify/audit.log")), "--audit-log moves it");
    }

    /** A kill in the middle of a write leaves a partial line: the next start ends it, and appends after it. */
    @Test
    void aPartialLastLineIsEndedAtStart() throws Exception {
        server.close();
        Path log = server.dataDir().resolve("audit.log");
        Files.writeString(log, "{\"time\":\"2026-12-01T00:00:00Z\",\"requestId\":\"cut-sh");
        server = new TestServer(server.dataDir(), "--settle-delay-ms", "0");
        server.client().createEventBus(r -> r.name("after-a-crash"));
        List<String> raw = Files.readAllLines(log);
        assertEquals(2, raw.size(), raw.toString());
        assertEquals("{\"time\":\"2026-12-01T00:00:00Z\",\"requestId\":\"cut-sh", raw.get(0));
        assertEquals("after-a-crash", JSON.readTree(raw.get(1)).get("resource").asText());
    }

    static HttpResponse<String> extension(TestServer server, String target, String body) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/")).header("X-Amz-Target", target)
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
