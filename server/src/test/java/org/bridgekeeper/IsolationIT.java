package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Accounts are isolated whatever the auth mode: an ARN in a request resolves only in the
 * caller's own account and region, and a delivery only in its own. Account A is 000000000000
 * (the default), account B 111111111111 (its access key id), both in us-east-1; A also works in
 * us-west-2.
 */
class IsolationIT {

    static final String B = "111111111111";
    static final String ROLE = "arn:aws:iam::000000000000:role/events";
    static final String BOUND = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-000000000000bound";
    static final String SHARED = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-00000000000shared";

    @TempDir
    Path dir;
    TokenServer receiver;
    ServerSocket privateListener;
    TestServer server;
    EventBridgeClient a;
    EventBridgeClient aWest;
    EventBridgeClient b;
    final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        privateListener = new ServerSocket(0);
        Path map = dir.resolve("resource-configurations.json");
        String address = "127.0.0.1:" + privateListener.getLocalPort();
        Files.writeString(map, "{\"" + BOUND + "\": {\"address\": \"" + address + "\", \"accounts\": [\"" + B + "\"]},"
                + " \"" + SHARED + "\": \"" + address + "\"}");
        server = new TestServer(dir.resolve("data"), "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8",
                "--resource-configurations", map.toString());
        connect();
    }

    void connect() {
        a = server.client();
        aWest = server.client("AKIAIOSFODNN7EXAMPLE", Region.US_WEST_2);
        b = server.client(B, Region.US_EAST_1);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        receiver.close();
        privateListener.close();
    }

    static String apiKeyConnection(EventBridgeClient events, String name, String key) {
        return events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(p -> p.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue(key))))
                .connectionArn();
    }

    String destination(EventBridgeClient events, String name, String connectionArn, String path) {
        return events.createApiDestination(r -> r.name(name).connectionArn(connectionArn)
                .invocationEndpoint(receiver.url(path)).httpMethod("POST")).apiDestinationArn();
    }

    /** A Bridgekeeper.* extension operation as the account {@code accessKeyId} names (unverified, as the SDKs sign). */
    JsonNode extension(String accessKeyId, String operation, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "Bridgekeeper." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId
                        + "/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void aConnectionArnOfAnotherAccountOrRegionIsRefusedAsAConnectionThatDoesNotExist() {
        String ofA = apiKeyConnection(a, "same-name", "a-key");
        String ofB = apiKeyConnection(b, "same-name", "b-key"); // a lookup by name alone would find this one
        var refused = assertThrows(ResourceNotFoundException.class, () -> destination(b, "d", ofA, "/b"));
        assertEquals("Failed to create the api-destination(s). Connection '" + ofA + "' does not exist.",
                refused.awsErrorDetails().errorMessage());
        destination(b, "d", ofB, "/b");
        var update = assertThrows(ResourceNotFoundException.class,
                () -> b.updateApiDestination(r -> r.name("d").connectionArn(ofA)));
        assertEquals("Failed to update the api-destination(s). Connection '" + ofA + "' does not exist.",
                update.awsErrorDetails().errorMessage());
        assertEquals(ofB, b.describeApiDestination(r -> r.name("d")).connectionArn());
        // The same account in another region: not the caller's either.
        var otherRegion = assertThrows(ResourceNotFoundException.class, () -> destination(aWest, "d", ofA, "/a"));
        assertEquals("Failed to create the api-destination(s). Connection '" + ofA + "' does not exist.",
                otherRegion.awsErrorDetails().errorMessage());
        // A spelling of A's ARN with B's account is B's ARN only if B has that very connection.
        String forged = ofA.replace(":000000000000:", ":" + B + ":");
        assertThrows(ResourceNotFoundException.class, () -> destination(b, "forged", forged, "/b"));
    }

    @Test
    void aTargetOfAnotherAccountOrRegionIsRefused() {
        String ofA = destination(a, "a-dest", apiKeyConnection(a, "c", "a-key"), "/a");
        b.putRule(r -> r.name("all").eventPattern("{\"source\":[\"shop\"]}"));
        var crossAccount = assertThrows(EventBridgeException.class, () -> b.putTargets(r -> r.rule("all")
                .targets(Target.builder().id("t").arn(ofA).roleArn(ROLE).build())));
        assertEquals("ValidationException", crossAccount.awsErrorDetails().errorCode());
        assertEquals("Cross-account api call is not allowed.", crossAccount.awsErrorDetails().errorMessage());
        assertEquals(List.of(), b.listTargetsByRule(r -> r.rule("all")).targets());
        aWest.putRule(r -> r.name("all").eventPattern("{\"source\":[\"shop\"]}"));
        var crossRegion = assertThrows(EventBridgeException.class, () -> aWest.putTargets(r -> r.rule("all")
                .targets(Target.builder().id("t").arn(ofA).roleArn(ROLE).build())));
        assertEquals("ValidationException", crossRegion.awsErrorDetails().errorCode());
        assertEquals("Cross-region api call is not allowed.", crossRegion.awsErrorDetails().errorMessage());
        // Its own destination is taken.
        a.putRule(r -> r.name("all").eventPattern("{\"source\":[\"shop\"]}"));
        assertEquals(0, a.putTargets(r -> r.rule("all").targets(Target.builder().id("t").arn(ofA).roleArn(ROLE).build()))
                .failedEntryCount());
    }

    /**
     * The review's reproduction, as a database written before accounts were isolated holds it: B's
     * target names A's API destination, and B's own destination names A's connection. Neither B's
     * events nor B's TestInvoke may go out with A's API key.
     */
    @Test
    void anotherAccountsEventsAreNeverDeliveredWithThisAccountsCredentials() throws Exception {
        String connectionOfA = apiKeyConnection(a, "a-conn", "a-secret-key");
        String destinationOfA = destination(a, "a-dest", connectionOfA, "/a");
        String destinationOfB = destination(b, "b-dest", apiKeyConnection(b, "b-conn", "b-key"), "/b");
        b.putRule(r -> r.name("all").eventPattern("{\"source\":[\"shop\"]}"));
        b.putTargets(r -> r.rule("all").targets(Target.builder().id("t").arn(destinationOfB).roleArn(ROLE).build()));
        server.stop();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("bridgekeeper.db"))) {
            try (PreparedStatement s = db.prepareStatement(
                    "UPDATE targets SET definition = replace(definition, ?, ?) WHERE account = ?")) {
                s.setString(1, destinationOfB);
                s.setString(2, destinationOfA);
                s.setString(3, B);
                assertEquals(1, s.executeUpdate());
            }
            try (PreparedStatement s = db.prepareStatement("UPDATE api_destinations SET connection_arn = ? WHERE account = ?")) {
                s.setString(1, connectionOfA);
                s.setString(2, B);
                assertEquals(1, s.executeUpdate());
            }
        }
        server.start();
        connect();
        assertEquals(destinationOfA, b.listTargetsByRule(r -> r.rule("all")).targets().getFirst().arn());

        b.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("order").detail("{}").build()));
        JsonNode letter = Await.value("B's event to be dead-lettered", () -> {
            try {
                return extension(B, "ListDeadLetters", "{}").get("DeadLetters");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, letters -> letters.size() == 1).get(0);
        assertEquals("The API destination " + destinationOfA + " does not exist.", letter.get("Reason").asText());

        JsonNode invoked = extension(B, "TestInvokeApiDestination", "{\"Name\":\"b-dest\"}");
        assertFalse(invoked.get("Delivered").asBoolean(), invoked.toString());
        assertEquals("The connection " + connectionOfA + " does not exist.", invoked.get("Reason").asText());
        assertEquals("INACTIVE", b.describeApiDestination(r -> r.name("b-dest")).apiDestinationStateAsString());
        assertEquals(List.of(), receiver.requests, "nothing was sent, with A's key or any other");

        // A's own destination works as before.
        JsonNode own = extension("AKIAIOSFODNN7EXAMPLE", "TestInvokeApiDestination", "{\"Name\":\"a-dest\"}");
        assertTrue(own.get("Delivered").asBoolean(), own.toString());
        assertEquals("a-secret-key", receiver.requests.getFirst().header("x-api-key"));
        assertEquals("/a", receiver.requests.getFirst().path());
    }

    @Test
    void deadLettersOfAnotherAccountAreNeitherListedNorRedriven() throws Exception {
        // A private address this server does not call: the delivery is dead-lettered at once.
        String refused = a.createApiDestination(r -> r.name("internal").connectionArn(apiKeyConnection(a, "c", "k"))
                .invocationEndpoint("http://10.255.255.1:9/in").httpMethod("POST")).apiDestinationArn();
        a.putRule(r -> r.name("all").eventPattern("{\"source\":[\"shop\"]}"));
        a.putTargets(r -> r.rule("all").targets(Target.builder().id("t").arn(refused).roleArn(ROLE).build()));
        a.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("order")
                .detail("{\"card\":\"4111111111111111\"}").build()));
        JsonNode letters = Await.value("A's dead letter", () -> {
            try {
                return extension("AKIAIOSFODNN7EXAMPLE", "ListDeadLetters", "{}").get("DeadLetters");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, l -> l.size() == 1);
        String id = letters.get(0).get("Id").asText();
        assertEquals(0, extension(B, "ListDeadLetters", "{}").get("DeadLetters").size());
        assertEquals(0, extension(B, "RedriveDeadLetters", "{\"Ids\":[\"" + id + "\"]}").get("Redriven").asInt());
        assertEquals(0, extension(B, "RedriveDeadLetters", "{}").get("Redriven").asInt());
        JsonNode still = extension("AKIAIOSFODNN7EXAMPLE", "ListDeadLetters", "{}").get("DeadLetters");
        assertEquals(1, still.size());
        assertEquals(id, still.get(0).get("Id").asText());
    }

    @Test
    void aKmsKeyOfAnotherAccountIsAKeyThatDoesNotExist() {
        try (KmsClient kms = KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            String keyOfA = kms.createKey(r -> r.tags(Tag.builder().tagKey("EventBridgeApiDestinations").tagValue("true")
                    .build())).keyMetadata().arn();
            var refused = assertThrows(ResourceNotFoundException.class, () -> b.createConnection(r -> r.name("c")
                    .authorizationType(ConnectionAuthorizationType.BASIC).kmsKeyIdentifier(keyOfA)
                    .authParameters(p -> p.basicAuthParameters(x -> x.username("u").password("p")))));
            assertEquals("Failed to create the connection(s). The KMS key '" + keyOfA + "' does not exist.",
                    refused.awsErrorDetails().errorMessage());
            apiKeyConnection(b, "mine", "k");
            var update = assertThrows(ResourceNotFoundException.class,
                    () -> b.updateConnection(r -> r.name("mine").kmsKeyIdentifier(keyOfA)));
            assertEquals("Failed to update the connection(s). The KMS key '" + keyOfA + "' does not exist.",
                    update.awsErrorDetails().errorMessage());
            // A's own connection may use it.
            a.createConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.BASIC).kmsKeyIdentifier(keyOfA)
                    .authParameters(p -> p.basicAuthParameters(x -> x.username("u").password("p"))));
        }
    }

    @Test
    void aResourceConfigurationBoundToOtherAccountsServesOnlyThem() throws Exception {
        for (EventBridgeClient events : List.of(a, b)) {
            for (String arn : List.of(BOUND, SHARED)) {
                events.createConnection(r -> r.name(arn.equals(BOUND) ? "bound" : "shared")
                        .authorizationType(ConnectionAuthorizationType.API_KEY)
                        .invocationConnectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(arn)))
                        .authParameters(p -> p.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
            }
        }
        var boundForA = server.settled(a, "bound");
        assertEquals(ConnectionState.FAILED_CONNECTIVITY, boundForA.connectionState());
        assertEquals("The resource configuration " + BOUND + " is not available to account 000000000000 (its entry in "
                + "--resource-configurations names other accounts).", boundForA.stateReason());
        assertEquals(ConnectionState.ACTIVE, server.settled(b, "bound").connectionState());
        assertEquals(ConnectionState.ACTIVE, server.settled(a, "shared").connectionState());
        assertEquals(ConnectionState.ACTIVE, server.settled(b, "shared").connectionState());
    }
}
