package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bridgekeeper.secrets.Refusal;
import org.bridgekeeper.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;

/**
 * The server on PostgreSQL ({@code --database-url}), through the AWS SDK v2: two nodes in one JVM,
 * each with its own data dir, on one database; and the master key rule.
 */
class PostgresServerIT {

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    static void createBasic(EventBridgeClient client, String name) {
        client.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p4ss-w0rd"))));
    }

    @Test
    void twoNodesOnOneDatabaseAnswerTheSame() throws Exception {
        String url = TestPostgres.newDatabase();
        try (TestServer a = TestServer.onPostgres(dir.resolve("a"), url, KEY);
             TestServer b = TestServer.onPostgres(dir.resolve("b"), url, KEY)) {
            EventBridgeClient onA = a.client();
            EventBridgeClient onB = b.client();
            createBasic(onA, "made-on-a");
            var described = onB.describeConnection(r -> r.name("made-on-a"));
            assertEquals(ConnectionState.AUTHORIZED, described.connectionState());
            assertEquals("u", described.authParameters().basicAuthParameters().username());
            String connectionArn = described.connectionArn();
            onB.createApiDestination(r -> r.name("dest").connectionArn(connectionArn)
                    .invocationEndpoint("https://example.com/x").httpMethod("POST"));
            assertEquals(List.of("dest"), onA.listApiDestinations(r -> { }).apiDestinations().stream()
                    .map(d -> d.name()).toList());
            // A list page's token from one node continues on the other (both seal with the shared key).
            createBasic(onB, "made-on-b");
            var first = onA.listConnections(r -> r.limit(1));
            assertEquals("made-on-a", first.connections().get(0).name());
            assertEquals("made-on-b", onB.listConnections(r -> r.limit(1).nextToken(first.nextToken()))
                    .connections().get(0).name());

            // The same name through both nodes at once: the database lets exactly one create it.
            List<CompletableFuture<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                EventBridgeClient client = i % 2 == 0 ? onA : onB;
                racers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        createBasic(client, "contested");
                        return true;
                    } catch (ResourceAlreadyExistsException e) {
                        return false;
                    }
                }));
            }
            assertEquals(1, racers.stream().map(CompletableFuture::join).filter(won -> won).count());
        }
    }

    /**
     * A node that cannot reach its database says so in /health (503, the problem named), and is
     * healthy again once the database lets it in: the database is closed to new connections and the
     * node's are ended, as a failover or a network cut would.
     */
    @Test
    void healthSaysWhetherTheNodeReachesItsDatabase() throws Exception {
        String url = TestPostgres.newDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (TestServer node = TestServer.onPostgres(dir.resolve("a"), url, KEY);
             java.sql.Connection admin = java.sql.DriverManager.getConnection(url.replace("/" + name + "?", "/postgres?"));
             java.sql.Statement sql = admin.createStatement()) {
            var health = java.net.http.HttpRequest.newBuilder(node.endpoint().resolve("/health")).build();
            java.util.function.Supplier<java.net.http.HttpResponse<String>> get = () -> {
                try {
                    return http.send(health, java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            };
            assertEquals(200, get.get().statusCode());
            sql.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            var down = Await.value("/health to report the database", get, r -> r.statusCode() == 503);
            assertTrue(down.body().contains("PostgreSQL"), down.body());
            sql.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            Await.value("/health to recover", get, r -> r.statusCode() == 200);
        }
    }

    /** --database-pool-size bounds what one node opens on the database: two pools of that size. */
    @Test
    void aNodeOpensAtMostTwiceItsPoolSize() throws Exception {
        String url = TestPostgres.newDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (TestServer node = TestServer.onPostgres(dir.resolve("a"), url, KEY, "--database-pool-size", "2");
             java.sql.Connection admin = java.sql.DriverManager.getConnection(url.replace("/" + name + "?", "/postgres?"));
             java.sql.Statement sql = admin.createStatement()) {
            EventBridgeClient client = node.client();
            List<CompletableFuture<Void>> creates = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String connection = "c" + i;
                creates.add(CompletableFuture.runAsync(() -> createBasic(client, connection),
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
            }
            creates.forEach(CompletableFuture::join);
            assertEquals(24, client.listConnections(r -> r.limit(100)).connections().size());
            try (java.sql.ResultSet rs = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name + "'")) {
                rs.next();
                long open = rs.getLong(1);
                assertTrue(open >= 1 && open <= 4, open + " connections open for one node with --database-pool-size 2");
            }
        }
    }

    @Test
    void withoutTheMasterKeyANodeDoesNotStart() {
        String url = TestPostgres.newDatabase();
        Config config = Config.parse(List.of("--port", "0", "--data-dir", dir.toString()),
                Map.of("BRIDGEKEEPER_DATABASE_URL", url));
        Refusal refusal = assertThrows(Refusal.class, () -> Main.start(config, new TestClock()));
        assertTrue(refusal.getMessage().contains("set BRIDGEKEEPER_MASTER_KEY"), refusal.getMessage());
    }

    @Test
    void aNodeWhoseKeyCannotOpenTheDatabaseIsRefused() {
        String url = TestPostgres.newDatabase();
        try (TestServer a = TestServer.onPostgres(dir.resolve("a"), url, KEY)) {
            createBasic(a.client(), "sealed");
        }
        String otherKey = Base64.getEncoder().encodeToString("another key of thirty-two bytes!".getBytes());
        Config config = Config.parse(List.of("--port", "0", "--data-dir", dir.resolve("b").toString()),
                Map.of("BRIDGEKEEPER_DATABASE_URL", url, "BRIDGEKEEPER_MASTER_KEY", otherKey));
        Refusal refusal = assertThrows(Refusal.class, () -> Main.start(config, new TestClock()));
        assertTrue(refusal.getMessage().contains("BRIDGEKEEPER_MASTER_KEY cannot open the PostgreSQL database"),
                refusal.getMessage());
    }

    @Test
    void rotateMasterKeyRefusesASharedDatabase() {
        // Refused before anything is opened: no PostgreSQL needed, and nothing changed.
        assertEquals(2, RotateMasterKey.run(List.of("--data-dir", dir.toString(),
                "--database-url", "jdbc:postgresql://127.0.0.1:1/none")));
        assertFalse(java.nio.file.Files.exists(dir.resolve("keyring.json")));
    }

    @Test
    void theDatabasePasswordIsNeverShown() {
        Config config = Config.parse(List.of("--database-url", "jdbc:postgresql://db:5432/bk?user=bk&password=hunter2&ssl=true"),
                Map.of());
        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertEquals("jdbc:postgresql://db:5432/bk?ssl=true", config.databaseUrl().url());
        assertEquals("hunter2", config.databaseUrl().password());
        Config fromEnv = Config.parse(List.of("--database-url", "jdbc:postgresql://db/bk"),
                Map.of("BRIDGEKEEPER_DATABASE_USER", "node", "BRIDGEKEEPER_DATABASE_PASSWORD", "s3cret"));
        assertEquals("node", fromEnv.databaseUrl().user());
        assertFalse(fromEnv.toString().contains("s3cret"), fromEnv.toString());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Config.parse(List.of("--database-url", "postgres://u:hunter2@db/bk?password=hunter2"), Map.of()));
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
        assertFalse(Config.usage().contains("hunter2"));
    }
}
