package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;

/** What survives: restarts, races, the quota, and secrets at rest. */
class DurabilityIT {

    @TempDir
    Path dataDir;

    @Test
    void connectionsSurviveARestart() {
        try (TestServer server = new TestServer(dataDir)) {
            EventBridgeClient events = server.client();
            events.createConnection(r -> r.name("kept").description("survives").authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p"))));
            var before = events.describeConnection(r -> r.name("kept"));
            server.restart();
            var after = server.client().describeConnection(r -> r.name("kept"));
            assertTrue(before.equalsBySdkFields(after), before + " != " + after);
            // And the secret is still readable: a partial update merges onto it.
            server.client().updateConnection(r -> r.name("kept").authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.password("p2"))));
            assertEquals("u", server.client().describeConnection(r -> r.name("kept")).authParameters()
                    .basicAuthParameters().username());
        }
    }

    @Test
    void concurrentCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
        try (TestServer server = new TestServer(dataDir)) {
            EventBridgeClient events = server.client();
            int threads = 1000;
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> {
                    go.await();
                    try {
                        events.createConnection(r -> r.name("contested").authorizationType(ConnectionAuthorizationType.API_KEY)
                                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
                        return "created";
                    } catch (ResourceAlreadyExistsException e) {
                        return "exists";
                    }
                });
            }
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<String>> results = new ArrayList<>();
            calls.forEach(c -> results.add(pool.submit(c)));
            go.countDown();
            int created = 0;
            int exists = 0;
            for (Future<String> f : results) {
                if (f.get().equals("created")) {
                    created++;
                } else {
                    exists++;
                }
            }
            pool.shutdown();
            assertEquals(1, created);
            assertEquals(threads - 1, exists);
            assertEquals(1, events.listConnections(r -> { }).connections().size());
        }
    }

    @Test
    void quotaPerAccountAndRegion() {
        try (TestServer server = new TestServer(dataDir, "--max-connections", "3", "--settle-delay-ms", "0")) {
            EventBridgeClient events = server.client();
            for (int i = 0; i < 3; i++) {
                String name = "q" + i;
                events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                        .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
            }
            var e = assertThrows(LimitExceededException.class, () -> events.createConnection(r -> r.name("q3")
                    .authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))));
            assertEquals("Failed to create the connection(s). The maximum number of connections (3) for this account and "
                    + "region has been reached.", e.awsErrorDetails().errorMessage());
            // A failed create of a taken name does not consume quota; a deleted connection frees it.
            assertThrows(ResourceAlreadyExistsException.class, () -> events.createConnection(r -> r.name("q0")
                    .authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))));
            events.deleteConnection(r -> r.name("q0"));
            events.createConnection(r -> r.name("q3").authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
            // Another account has a quota of its own.
            server.client("999988887777", software.amazon.awssdk.regions.Region.US_EAST_1).createConnection(r -> r.name("q0")
                    .authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
        }
    }

    @Test
    void secretsNeverReachTheDataDirOrTheLogs() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + (record.getThrown() == null ? "" : record.getThrown()));
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        Logger.getLogger("bridgekeeper").setLevel(Level.ALL);
        String[] secrets = {"PW-5f1e9c", "APIKEY-77a0d2", "CLIENTSECRET-c0ffee", "HDR-SECRET-3b9", "QUERY-SECRET-8d1"};
        try (TestServer server = new TestServer(dataDir)) {
            EventBridgeClient events = server.client();
            events.createConnection(r -> r.name("s-basic").authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password(secrets[0]))
                            .invocationHttpParameters(h -> h.headerParameters(ConnectionHeaderParameter.builder()
                                    .key("x-secret").value(secrets[3]).isValueSecret(true).build()))));
            events.createConnection(r -> r.name("s-key").authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue(secrets[1]))));
            events.createConnection(r -> r.name("s-oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint("https://example.com/t").httpMethod("POST")
                            .clientParameters(c -> c.clientID("id").clientSecret(secrets[2]))
                            .oAuthHttpParameters(h -> h.queryStringParameters(q -> q.key("q").value(secrets[4]).isValueSecret(true))))));
            events.updateConnection(r -> r.name("s-key").authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyValue(secrets[1] + "-v2"))));
            // A failing request whose bad value is a secret.
            assertThrows(Exception.class, () -> events.createConnection(r -> r.name("s-bad")
                    .authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password(secrets[0] + "\u0001")))));
            server.stop(); // checkpoints nothing special: the scan must hold for the WAL too
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dataDir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("bridgekeeper.db")), files.toString());
            for (Path file : files) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertFalse(content.contains(secret), secret + " found in " + file);
                }
            }
            assertTrue(logged.size() > 5, "debug logging was on: " + logged.size());
            for (String line : logged) {
                for (String secret : secrets) {
                    assertFalse(line.contains(secret), "log line holds a secret: " + line);
                }
            }
            server.start();
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
    }

    @Test
    void keyRingIsPrivate() throws IOException {
        try (TestServer server = new TestServer(dataDir)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("keyring.json"))));
        }
    }
}
