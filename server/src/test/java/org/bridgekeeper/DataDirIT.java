package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.TokenExchange.Result;
import org.bridgekeeper.secrets.Refusal;
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
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The data dir is guarded (issue 12, "Trust"): one process per data dir, a key ring that cannot
 * open the database refuses to start (and destroys nothing), private files. The security
 * review's reproductions (missing key ring, two servers, rotation under a live server) are here;
 * refusals are checked on real processes, for their exit code and message.
 */
class DataDirIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;
    @TempDir
    Path backups;

    private String real() throws IOException {
        return dataDir.toRealPath().toString();
    }

    private static EventBridgeClient client(int port) {
        return EventBridgeClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
    }

    private static KmsClient kms(URI endpoint) {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static JsonNode testInvoke(URI endpoint, String destination) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                .header("X-Amz-Target", "Bridgekeeper.TestInvokeApiDestination")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"" + destination + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** Every row of every table, blobs in hex: what "nothing in the database changed" compares. */
    private List<String> contents() throws Exception {
        List<String> rows = new ArrayList<>();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("bridgekeeper.db"));
             var s = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = db.createStatement().executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.append('|').append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    // ---- one process per data dir ---------------------------------------------------------------

    @Test
    void aSecondServerRefusesNamingThePidOfTheFirstAndAKillNineReleasesTheDataDir() throws Exception {
        try (ServerProcess first = ServerProcess.server(logs, dataDir)) {
            int port = first.awaitPort();
            try (EventBridgeClient events = client(port)) {
                events.createConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.API_KEY)
                        .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
            }
            String expected = "bridgekeeper: the data dir " + real() + " is in use by process " + first.pid()
                    + " (another bridgekeeper server); stop it first";
            ServerProcess second = ServerProcess.server(logs, dataDir);
            assertEquals(1, second.exitCode(), second.output());
            assertTrue(second.output().contains(expected), second.output());

            // The same from this JVM, and for rotate-master-key, which changes nothing.
            Refusal inProcess = assertThrows(Refusal.class, () -> new TestServer(dataDir));
            assertTrue(inProcess.getMessage().contains("in use by process " + first.pid()), inProcess.getMessage());
            byte[] ring = Files.readAllBytes(dataDir.resolve("keyring.json"));
            ServerProcess rotation = ServerProcess.start(logs, null, Map.of(), "rotate-master-key", "--data-dir",
                    dataDir.toString(), "--retire-old-keys");
            assertEquals(1, rotation.exitCode(), rotation.output());
            assertTrue(rotation.output().contains("bridgekeeper: the data dir " + real() + " is in use by process "
                    + first.pid() + " (bridgekeeper server); stop it first"), rotation.output());
            assertArrayEquals(ring, Files.readAllBytes(dataDir.resolve("keyring.json")), "the key ring is untouched");

            // An OS lock dies with its process: after a kill -9 the next server starts.
            first.kill9();
            try (ServerProcess third = ServerProcess.server(logs, dataDir); EventBridgeClient events = client(third.awaitPort())) {
                assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name("c")).connectionState());
            }
        }
    }

    @Test
    void rotationUnderALiveServerRefusesAndChangesNothing() throws Exception {
        try (TokenServer receiver = new TokenServer(); TestServer server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8")) {
            receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
            EventBridgeClient events = server.client();
            String arn = events.createConnection(r -> r.name("plain").authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p")))).connectionArn();
            events.createApiDestination(r -> r.name("d").connectionArn(arn).invocationEndpoint(receiver.url("/in")).httpMethod("POST"));
            byte[] ring = Files.readAllBytes(dataDir.resolve("keyring.json"));
            List<String> before = contents();
            assertEquals(1, RotateMasterKey.run(List.of("--data-dir", dataDir.toString(), "--retire-old-keys")));
            assertArrayEquals(ring, Files.readAllBytes(dataDir.resolve("keyring.json")));
            assertEquals(before, contents());
            // The running server's secrets still open (before the fix, they were written away here).
            assertTrue(testInvoke(server.endpoint(), "d").get("Delivered").asBoolean());
            assertEquals("Basic dTpw", receiver.requests.getFirst().header("Authorization"));
            assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name("plain")).connectionState());
        }
        // Stopped: the rotation runs.
        assertEquals(0, RotateMasterKey.run(List.of("--data-dir", dataDir.toString(), "--retire-old-keys")));
    }

    // ---- the key ring must open the database ------------------------------------------------------

    @Test
    void aMissingKeyRingRefusesToStartChangesNothingAndRestoringTheBackupBringsEverySecretBack() throws Exception {
        Scope scope = new Scope("000000000000", "us-east-1");
        try (TokenServer receiver = new TokenServer(); TokenServer idp = new TokenServer()) {
            receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
            try (TestServer server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8"); KmsClient kms = kms(server.endpoint())) {
                EventBridgeClient events = server.client();
                String key = kms.createKey(r -> r.tags(Tag.builder().tagKey("EventBridgeApiDestinations").tagValue("true").build()))
                        .keyMetadata().keyId();
                String plain = events.createConnection(r -> r.name("plain").authorizationType(ConnectionAuthorizationType.BASIC)
                        .authParameters(a -> a.basicAuthParameters(b -> b.username("u1").password("p1")))).connectionArn();
                String keyed = events.createConnection(r -> r.name("keyed").authorizationType(ConnectionAuthorizationType.API_KEY)
                        .kmsKeyIdentifier(key)
                        .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("v-123")))).connectionArn();
                events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                        .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/t")).httpMethod("POST")
                                .clientParameters(c -> c.clientID("id").clientSecret("secret")))));
                assertEquals(ConnectionState.AUTHORIZED, server.settled(events, "oauth").connectionState());
                events.createApiDestination(r -> r.name("plain").connectionArn(plain).invocationEndpoint(receiver.url("/p")).httpMethod("POST"));
                events.createApiDestination(r -> r.name("keyed").connectionArn(keyed).invocationEndpoint(receiver.url("/k")).httpMethod("POST"));
            }
            // The backup the README asks for: the key ring, kept apart from the database.
            Path backup = backups.resolve("keyring.json");
            Files.copy(dataDir.resolve("keyring.json"), backup, StandardCopyOption.COPY_ATTRIBUTES);
            Files.delete(dataDir.resolve("keyring.json"));
            List<String> before = contents();

            ServerProcess refused = ServerProcess.server(logs, dataDir);
            assertEquals(1, refused.exitCode(), refused.output());
            String message = refused.output();
            // 3 secrets, 1 OAuth token, 1 customer key material.
            assertTrue(message.contains("bridgekeeper: the database in " + real() + " holds 5 sealed values"), message);
            assertTrue(message.contains(real() + "/keyring.json is missing. Restore keyring.json from the backup"), message);
            assertTrue(message.contains("Nothing was changed."), message);
            assertFalse(Files.exists(dataDir.resolve("keyring.json")), "no new key ring was made");
            assertEquals(before, contents(), "nothing in the database changed");

            // A master key from the environment that did not seal them is refused the same way.
            String otherKey = Base64.getEncoder().encodeToString(SecureRandom.getInstanceStrong().generateSeed(32));
            ServerProcess wrongKey = ServerProcess.start(logs, null, Map.of("BRIDGEKEEPER_MASTER_KEY", otherKey),
                    "server", "--port", "0", "--data-dir", dataDir.toString());
            assertEquals(1, wrongKey.exitCode(), wrongKey.output());
            assertTrue(wrongKey.output().contains("bridgekeeper: BRIDGEKEEPER_MASTER_KEY cannot open the database in "
                    + real() + ": it lacks the master key"), wrongKey.output());
            assertFalse(wrongKey.output().contains(otherKey));
            assertEquals(before, contents());

            // The backup restored: the server starts and every secret works.
            Files.copy(backup, dataDir.resolve("keyring.json"), StandardCopyOption.COPY_ATTRIBUTES);
            try (TestServer server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8")) {
                EventBridgeClient events = server.client();
                for (String name : List.of("plain", "keyed", "oauth")) {
                    assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name(name)).connectionState(), name);
                }
                assertTrue(testInvoke(server.endpoint(), "plain").get("Delivered").asBoolean());
                assertTrue(testInvoke(server.endpoint(), "keyed").get("Delivered").asBoolean());
                assertEquals("Basic dTE6cDE=", receiver.requests.get(0).header("Authorization"));
                assertEquals("v-123", receiver.requests.get(1).header("x-api-key"));
                var token = server.main().tokens().token(scope, "oauth");
                assertEquals("tok-1", assertInstanceOf(Result.Granted.class, token).token().accessToken());
                assertEquals(1, idp.requests.size(), "the stored token opened: not fetched again");
                events.updateConnection(r -> r.name("plain").authorizationType(ConnectionAuthorizationType.BASIC)
                        .authParameters(a -> a.basicAuthParameters(b -> b.password("p2"))));
                assertEquals("u1", events.describeConnection(r -> r.name("plain")).authParameters().basicAuthParameters().username());
            }
        }
    }

    @Test
    void aMasterKeyFromTheEnvironmentMustBeTheOneThatSealedTheDatabase() throws Exception {
        String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        String other = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        List<String> args = List.of("--port", "0", "--data-dir", dataDir.toString());
        try (Main main = Main.start(Config.parse(args, Map.of("BRIDGEKEEPER_MASTER_KEY", key)), new TestClock());
             EventBridgeClient events = client(main.port())) {
            events.createConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p"))));
        }
        assertFalse(Files.exists(dataDir.resolve("keyring.json")), "the environment's key: no key ring file");
        Refusal refused = assertThrows(Refusal.class,
                () -> Main.start(Config.parse(args, Map.of("BRIDGEKEEPER_MASTER_KEY", other)), new TestClock()));
        assertTrue(refused.getMessage().startsWith("BRIDGEKEEPER_MASTER_KEY cannot open the database"), refused.getMessage());
        // Nor may the key ring file take over a database the environment's key sealed.
        refused = assertThrows(Refusal.class, () -> new TestServer(dataDir));
        assertTrue(refused.getMessage().contains("keyring.json is missing"), refused.getMessage());
        try (Main main = Main.start(Config.parse(args, Map.of("BRIDGEKEEPER_MASTER_KEY", key)), new TestClock());
             EventBridgeClient events = client(main.port())) {
            events.updateConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.password("p2")))); // the secret opens
            assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name("c")).connectionState());
        }
    }

    @Test
    void aKeyRingOthersCanReadRefusesToStart() throws Exception {
        new TestServer(dataDir).close();
        Path ring = dataDir.resolve("keyring.json");
        Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("rw-r--r--"));
        ServerProcess refused = ServerProcess.server(logs, dataDir);
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("bridgekeeper: keyring.json is readable by other users (mode 0644); run chmod 600 "
                + real() + "/keyring.json"), refused.output());
        Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("rw-------"));
        new TestServer(dataDir).close();
    }

    // ---- files --------------------------------------------------------------------------------------

    @Test
    void everyFileOfTheDataDirIsPrivateWhateverTheUmask() throws Exception {
        Path dir = dataDir.resolve("new"); // made by the server
        try (ServerProcess server = ServerProcess.start(logs, "000", Map.of(), "server", "--port", "0", "--data-dir",
                dir.toString()); EventBridgeClient events = client(server.awaitPort())) {
            events.createConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
            events.putEvents(p -> p.entries(e -> e.source("s").detailType("t").detail("{\"card\":\"4111\"}")));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            for (String name : List.of("bridgekeeper.db", "bridgekeeper.db-wal", "bridgekeeper.db-shm", "keyring.json", ".lock")) {
                Path file = dir.resolve(name);
                assertTrue(Files.exists(file), name);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), name);
            }
        }
    }
}
