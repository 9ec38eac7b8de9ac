package org.bridgekeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The real server, in process, on a free port and a data dir of the test's; and real AWS SDK v2
 * clients pointed at it. Restartable on the same data dir.
 */
public final class TestServer implements AutoCloseable {

    private final Path dataDir;
    private final List<String> extraArgs;
    private final Map<String, String> env;
    private final List<EventBridgeClient> clients = new ArrayList<>();
    private final TestClock clock = new TestClock();
    private Main main;

    public TestServer(Path dataDir, String... extraArgs) {
        this(dataDir, Map.of(), extraArgs);
    }

    /** With environment variables as the server would read them ({@code BRIDGEKEEPER_*}). */
    public TestServer(Path dataDir, Map<String, String> env, String... extraArgs) {
        this.dataDir = dataDir;
        this.extraArgs = List.of(extraArgs);
        this.env = Map.copyOf(env);
        start();
    }

    /**
     * A server on the PostgreSQL database {@code databaseUrl} ({@code TestPostgres.newDatabase()}),
     * with {@code masterKey} as {@code BRIDGEKEEPER_MASTER_KEY}; several such servers (each with
     * its own data dir) on one URL are the nodes of one deployment.
     */
    public static TestServer onPostgres(Path dataDir, String databaseUrl, String masterKey, String... extraArgs) {
        return new TestServer(dataDir, Map.of("BRIDGEKEEPER_DATABASE_URL", databaseUrl, "BRIDGEKEEPER_MASTER_KEY", masterKey),
                extraArgs);
    }

    public void start() {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(extraArgs);
        try {
            main = Main.start(Config.parse(args, env), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        clients.forEach(EventBridgeClient::close);
        clients.clear();
        main.close();
    }

    public void restart() {
        stop();
        start();
    }

    /** The server's time, which stands still until the test moves it (it survives restarts). */
    public TestClock clock() {
        return clock;
    }

    /** The running server's wiring, for tests that drive a component directly. */
    public Main main() {
        return main;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + main.port());
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Describes the connection until it leaves AUTHORIZING: its token exchange and connectivity
     * check run in the background, and a retried exchange waits for the server's time, which this
     * moves on by a second per poll.
     */
    public software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse settled(
            EventBridgeClient client, String name) {
        return Await.value(name + " to leave AUTHORIZING", () -> client.describeConnection(r -> r.name(name)),
                d -> d.connectionState() != software.amazon.awssdk.services.eventbridge.model.ConnectionState.AUTHORIZING,
                clock, java.time.Duration.ofSeconds(1));
    }

    /** A client for account 000000000000 (the default) in us-east-1. */
    public EventBridgeClient client() {
        return client("AKIAIOSFODNN7EXAMPLE", Region.US_EAST_1);
    }

    /** A client whose access key id (12 digits = an account id) and region choose the scope. */
    public EventBridgeClient client(String accessKeyId, Region region) {
        return client(accessKeyId, "test-secret", region);
    }

    /** A client that signs with this key (for {@code --auth verify}, a key of the credentials file). */
    public EventBridgeClient client(String accessKeyId, String secretAccessKey, Region region) {
        EventBridgeClient client = EventBridgeClient.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        stop();
    }
}
