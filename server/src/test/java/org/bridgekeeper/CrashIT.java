package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;

/**
 * {@code kill -9} while creates are in flight: every create that was acknowledged must be there
 * after a restart, and the database must pass its integrity check. The server runs as a real
 * separate process here, so that the kill is a real SIGKILL.
 */
class CrashIT {

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    @Test
    void noAcknowledgedCreateIsLostToKillNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 3; round++) {
            Process server = startServer();
            try {
                int port = awaitPort(server);
                EventBridgeClient events = client(port);
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService writers = Executors.newFixedThreadPool(8);
                int r = round;
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    writers.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String name = "r" + r + "-w" + writer + "-" + i;
                            try {
                                events.createConnection(c -> c.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                                        .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
                                acknowledged.add(name);
                            } catch (RuntimeException e) {
                                return; // the server died under us: that request was never acknowledged
                            }
                        }
                    });
                }
                // The kill comes at a different point of each round: after more acknowledged writes each time.
                int killAfter = acknowledged.size() + 60 + round * 60;
                Await.until("writes to be acknowledged", Duration.ofSeconds(30), () -> acknowledged.size() >= killAfter);
                server.destroyForcibly(); // SIGKILL
                stop.set(true);
                writers.shutdown();
                assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
                events.close();
            } finally {
                server.destroyForcibly().waitFor();
            }
        }
        assertTrue(acknowledged.size() > 50, "too few creates to prove anything: " + acknowledged.size());

        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("bridgekeeper.db"));
             var s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertEquals("ok", rs.getString(1));
            }
        }
        Process server = startServer();
        try {
            EventBridgeClient events = client(awaitPort(server));
            List<String> missing = new ArrayList<>();
            for (String name : acknowledged) {
                try {
                    events.describeConnection(r -> r.name(name));
                } catch (RuntimeException e) {
                    missing.add(name);
                }
            }
            assertEquals(List.of(), missing, "acknowledged but lost after kill -9");
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private Path log;

    private Process startServer(String... extra) throws IOException {
        log = Files.createTempFile(logs, "crash-server", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.bridgekeeper.Main", "server", "--port", "0", "--data-dir", dataDir.toString(),
                "--max-connections", "1000000"));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * PutEvents under load while the receiver is down (deliveries pending, retrying), then
     * {@code kill -9}: after a restart, every acknowledged event reaches the receiver.
     */
    @Test
    void noAcknowledgedEventIsLostToKillNine() throws Exception {
        String[] flags = {"--allow-http-endpoints", "--egress-allow", "127.0.0.0/8", "--retry-base-delay-ms", "100", "--max-retry-delay-ms", "300"};
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicBoolean receiverUp = new AtomicBoolean();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (TokenServer receiver = new TokenServer()) {
            receiver.script = r -> {
                if (!receiverUp.get()) {
                    return new TokenServer.Answer(503, "down", 0);
                }
                try {
                    received.add(json.readTree(r.body()).get("id").asText());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new TokenServer.Answer(200, "{}", 0);
            };
            Process server = startServer(flags);
            try {
                EventBridgeClient events = client(awaitPort(server));
                String connection = events.createConnection(c -> c.name("c").authorizationType(ConnectionAuthorizationType.API_KEY)
                        .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))).connectionArn();
                String destination = events.createApiDestination(d -> d.name("d").connectionArn(connection)
                        .invocationEndpoint(receiver.url("/in")).httpMethod("POST")).apiDestinationArn();
                events.putRule(r -> r.name("all").eventPattern("{\"source\":[\"load\"]}"));
                events.putTargets(t -> t.rule("all").targets(software.amazon.awssdk.services.eventbridge.model.Target.builder()
                        .id("t").arn(destination).roleArn("arn:aws:iam::000000000000:role/r").build()));
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService writers = Executors.newFixedThreadPool(4);
                for (int w = 0; w < 4; w++) {
                    writers.submit(() -> {
                        while (!stop.get()) {
                            try {
                                var answer = events.putEvents(p -> p.entries(
                                        software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry.builder()
                                                .source("load").detailType("t").detail("{}").build()));
                                acknowledged.add(answer.entries().getFirst().eventId());
                            } catch (RuntimeException e) {
                                return; // the server died under us: that request was never acknowledged
                            }
                        }
                    });
                }
                // Killed at a random point after 100 acknowledged events.
                int killAfter = 100 + java.util.concurrent.ThreadLocalRandom.current().nextInt(100);
                Await.until("events to be acknowledged", Duration.ofSeconds(30), () -> acknowledged.size() >= killAfter);
                server.destroyForcibly(); // SIGKILL, with deliveries pending
                stop.set(true);
                writers.shutdown();
                assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
                events.close();
            } finally {
                server.destroyForcibly().waitFor();
            }
            assertTrue(acknowledged.size() > 20, "too few events to prove anything: " + acknowledged.size());

            receiverUp.set(true);
            server = startServer(flags);
            try {
                awaitPort(server);
                try {
                    Await.until("every acknowledged event delivered", Duration.ofSeconds(60),
                            () -> received.containsAll(acknowledged));
                } catch (AssertionError timedOut) {
                    // reported below, with what is missing
                }
                List<String> missing = acknowledged.stream().filter(id -> !received.contains(id)).toList();
                assertEquals(List.of(), missing, "acknowledged by PutEvents but never delivered after kill -9 ("
                        + acknowledged.size() + " acknowledged)");
            } finally {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** Reads the port from the latest server's "listening on" line, then waits for /health. */
    private int awaitPort(Process server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        int[] port = new int[1];
        Await.until("the server to start", Duration.ofSeconds(30), () -> {
            assertTrue(server.isAlive(), "the server exited");
            port[0] = healthyPort(http);
            return port[0] > 0;
        });
        return port[0];
    }

    /** The port of the latest server's "listening on" line once /health answers 200 there; 0 before. */
    private int healthyPort(HttpClient http) {
        try {
            var m = java.util.regex.Pattern.compile("listening on http://[^:]+:(\\d+)").matcher(Files.readString(log));
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                try {
                    var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        return port;
                    }
                } catch (IOException e) {
                    // not up yet
                }
            }
            return 0;
        } catch (IOException e) {
            return 0; // no log yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static EventBridgeClient client(int port) {
        return EventBridgeClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }
}
