package org.bridgekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The six connection commands, in every output format, and the {@code extensions} commands (dead
 * letters made by a real delivery, redriven; a test invocation), against the real Bridgekeeper
 * server: the server jar (built before this module by the reactor) runs as its own process on a
 * free port, with {@code --allow-http-endpoints} and {@code --egress-allow 127.0.0.0/8} so that API
 * destinations may call a plain-HTTP receiver on loopback in this test, and the CLI runs in-process
 * against it with the real clock.
 */
class ServerEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FORMATS = List.of("json", "text", "table", "yaml", "yaml-stream");

    @TempDir
    static Path dataDir;
    static Process server;
    static String endpoint;

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("bridgekeeper.server.jar", "../server/target/bridgekeeper.jar"));
        assertTrue(Files.exists(jar), "build the server first: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-jar", jar.toString(), "server", "--port", "0", "--data-dir",
                dataDir.toString(), "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8").redirectErrorStream(true).start();
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (http://[^ ]+)");
        for (String line = log.readLine(); line != null; line = log.readLine()) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                endpoint = m.group(1);
                break;
            }
        }
        assertTrue(endpoint != null, "the server reported no port");
        Thread drain = new Thread(() -> {
            try {
                while (log.readLine() != null) {
                    // keep the pipe from filling
                }
            } catch (IOException e) {
                // server gone
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static TranscriptsTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint-url");
        all.add(endpoint);
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "123456789012", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_DEFAULT_REGION", "us-east-1", "TZ", "UTC", "AWS_CONFIG_FILE", dataDir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("none").toString());
        return TranscriptsTest.run(all, env, dataDir, Instant.now());
    }

    private static String ok(TranscriptsTest.Run r) {
        String err = new String(r.stderr(), StandardCharsets.UTF_8);
        assertEquals(0, r.exitCode(), err);
        assertEquals("", err);
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    @Test
    void theSixConnectionCommandsInEveryOutputFormat() throws IOException {
        for (String format : FORMATS) {
            String name = "e2e-" + format;
            String created = ok(cli("events", "create-connection", "--name", name, "--authorization-type", "API_KEY",
                    "--auth-parameters", "ApiKeyAuthParameters={ApiKeyName=x-api-key,ApiKeyValue=s3cr3t},"
                            + "InvocationHttpParameters={HeaderParameters=[{Key=h,Value=v,IsValueSecret=false}]}",
                    "--description", "first", "--output", format));
            assertTrue(created.contains("arn:aws:events:us-east-1:123456789012:connection/" + name + "/"), created);

            String described = ok(cli("events", "describe-connection", "--name", name, "--output", format));
            assertTrue(described.contains("x-api-key") && described.contains("first"), described);
            assertTrue(!described.contains("s3cr3t"), "the API key value is never shown");

            String listed = ok(cli("events", "list-connections", "--name-prefix", name, "--output", format));
            assertTrue(listed.contains(name), listed);

            String updated = ok(cli("events", "update-connection", "--name", name, "--description", "second",
                    "--output", format));
            assertTrue(updated.contains(name), updated);

            String deauthorized = ok(cli("events", "deauthorize-connection", "--name", name, "--output", format));
            assertTrue(deauthorized.contains("DEAUTHORIZ"), deauthorized);

            String deleted = ok(cli("events", "delete-connection", "--name", name, "--output", format));
            assertTrue(deleted.contains("DELETING"), deleted);
        }
    }

    @Test
    void debugLogsNeverShowASecret() {
        List<String> secrets = List.of("pa55-word-x1", "api-key-value-x2", "secret-header-x3", "client-secret-x4", "secret");
        List<TranscriptsTest.Run> runs = List.of(
                cli("events", "create-connection", "--debug", "--name", "dbg-basic", "--authorization-type", "BASIC",
                        "--auth-parameters", "BasicAuthParameters={Username=u,Password=pa55-word-x1},"
                                + "InvocationHttpParameters={HeaderParameters=[{Key=h,Value=secret-header-x3,IsValueSecret=true}]}"),
                cli("events", "create-connection", "--debug", "--name", "dbg-key", "--authorization-type", "API_KEY",
                        "--auth-parameters", "{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"k\",\"ApiKeyValue\":\"api-key-value-x2\"}}"),
                cli("events", "create-connection", "--debug", "--name", "dbg-oauth", "--authorization-type",
                        "OAUTH_CLIENT_CREDENTIALS", "--auth-parameters", "OAuthParameters={AuthorizationEndpoint=https://127.0.0.1:9/t,"
                                + "HttpMethod=POST,ClientParameters={ClientID=id,ClientSecret=client-secret-x4}}"),
                cli("events", "update-connection", "--debug", "--name", "dbg-basic", "--authorization-type", "BASIC",
                        "--auth-parameters", "BasicAuthParameters={Password=pa55-word-x1}"));
        for (TranscriptsTest.Run r : runs) {
            String all = new String(r.stdout(), StandardCharsets.UTF_8) + new String(r.stderr(), StandardCharsets.UTF_8);
            assertEquals(0, r.exitCode(), all);
            assertTrue(all.contains("DEBUG"), "a debug log was written");
            for (String secret : secrets) {
                // "secret" is the secret access key; as a word it may appear in member names, so look for it as a value.
                String needle = secret.equals("secret") ? "\"secret\"" : secret;
                assertTrue(!all.contains(needle), "--debug shows " + secret + ":\n" + all);
            }
        }
    }

    @Test
    void jsonOutputCarriesTheServersStateAndTimestampsInIsoForm() throws IOException {
        ok(cli("events", "create-connection", "--name", "e2e-json-check", "--authorization-type", "BASIC",
                "--auth-parameters", "{\"BasicAuthParameters\":{\"Username\":\"u\",\"Password\":\"p\"}}"));
        JsonNode d = JSON.readTree(ok(cli("events", "describe-connection", "--name", "e2e-json-check")));
        assertEquals("e2e-json-check", d.get("Name").asText());
        assertEquals("BASIC", d.get("AuthorizationType").asText());
        assertEquals("u", d.at("/AuthParameters/BasicAuthParameters/Username").asText());
        assertTrue(d.get("CreationTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00"),
                d.get("CreationTime").asText());
        JsonNode names = JSON.readTree(ok(cli("events", "list-connections", "--query", "Connections[].Name")));
        assertTrue(names.toString().contains("e2e-json-check"), names.toString());
    }

    @Test
    void serviceErrorsComeBackAsTheAwsCliPrintsThem() {
        TranscriptsTest.Run r = cli("events", "describe-connection", "--name", "does-not-exist");
        assertEquals(254, r.exitCode());
        String err = new String(r.stderr(), StandardCharsets.UTF_8);
        assertTrue(err.startsWith("\nAn error occurred (ResourceNotFoundException) when calling the DescribeConnection"
                + " operation: "), err);
    }

    /** A local API destination endpoint: answers every call with {@code status}, records the bodies. */
    private static final class Receiver implements AutoCloseable {
        final HttpServer http;
        final AtomicInteger status = new AtomicInteger(400);
        final List<String> bodies = new CopyOnWriteArrayList<>();

        Receiver() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private static JsonNode until(Predicate<JsonNode> done, String... args) throws IOException, InterruptedException {
        JsonNode[] last = new JsonNode[1];
        await(() -> {
            try {
                last[0] = JSON.readTree(ok(cli(args)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return done.test(last[0]);
        });
        return last[0];
    }

    /** Polls {@code condition} (the server is another process, on real time) for at most 30 seconds. */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting");
            Thread.sleep(50);
        }
    }

    @Test
    void deadLettersAreListedAndRedrivenWithTheExtensionsCommands() throws IOException, InterruptedException {
        try (Receiver receiver = new Receiver()) {
            String connection = ok(cli("events", "create-connection", "--name", "e2e-dl", "--authorization-type",
                    "API_KEY", "--auth-parameters", "ApiKeyAuthParameters={ApiKeyName=x-api-key,ApiKeyValue=k3y}",
                    "--query", "ConnectionArn", "--output", "text")).strip();
            String destination = ok(cli("events", "create-api-destination", "--name", "e2e-dl", "--connection-arn",
                    connection, "--invocation-endpoint", receiver.url(), "--http-method", "POST", "--query",
                    "ApiDestinationArn", "--output", "text")).strip();
            ok(cli("events", "put-rule", "--name", "e2e-orders", "--event-pattern",
                    "{\"source\":[\"e2e.shop\"]}"));
            String targets = ok(cli("events", "put-targets", "--rule", "e2e-orders", "--targets",
                    "Id=t,Arn=" + destination + ",RoleArn=arn:aws:iam::000000000000:role/r", "--query",
                    "FailedEntryCount", "--output", "text"));
            assertEquals("0\n", targets);
            String eventId = ok(cli("events", "put-events", "--entries",
                    "Source=e2e.shop,DetailType=t,Detail=\"{}\"", "--query", "Entries[0].EventId", "--output",
                    "text")).strip();

            // The endpoint answers 400: not retried, a dead letter at once.
            JsonNode listed = until(n -> n.get("DeadLetters").size() == 1, "extensions", "list-dead-letters", "--rule",
                    "e2e-orders", "--output", "json");
            JsonNode letter = listed.get("DeadLetters").get(0);
            assertEquals(400, letter.get("StatusCode").asInt(), letter.toString());
            assertEquals(eventId, letter.get("EventId").asText());
            assertEquals("e2e-orders", letter.get("Rule").asText());
            assertEquals("default", letter.get("EventBusName").asText());
            assertEquals("t", letter.get("TargetId").asText());
            assertEquals(destination, letter.get("TargetArn").asText());
            assertEquals("The endpoint answered HTTP 400.", letter.get("Reason").asText());
            assertTrue(letter.get("FailedTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"),
                    letter.toString());
            assertEquals(1, receiver.bodies.size(), receiver.bodies.toString());
            assertEquals(letter.get("Id").asText() + "\n", ok(cli("extensions", "list-dead-letters", "--event-bus-name",
                    "default", "--query", "DeadLetters[?Rule=='e2e-orders'].Id", "--output", "text")));
            assertEquals("", ok(cli("extensions", "list-dead-letters", "--rule", "no-such-rule", "--query",
                    "DeadLetters[].Id", "--output", "text")));

            // The endpoint is fixed: the dead letter goes out again, and is gone.
            receiver.status.set(200);
            assertEquals("1\n", ok(cli("extensions", "redrive-dead-letters", "--ids", letter.get("Id").asText(),
                    "--output", "text")));
            until(n -> n.get("DeadLetters").isEmpty(), "extensions", "list-dead-letters", "--rule", "e2e-orders");
            await(() -> receiver.bodies.size() >= 2);
            assertEquals(2, receiver.bodies.size(), receiver.bodies.toString());
            JsonNode delivered = JSON.readTree(receiver.bodies.get(1));
            assertEquals(eventId, delivered.get("id").asText());
            assertEquals("e2e.shop", delivered.get("source").asText());
            assertEquals("0\n", ok(cli("extensions", "redrive-dead-letters", "--output", "text")), "none left");

            // A test invocation, in text output: the request sent (the API key masked) and the answer.
            String invoked = ok(cli("extensions", "test-invoke-api-destination", "--name", "e2e-dl", "--payload",
                    "{\"x\":1}", "--output", "text"));
            List<String> lines = invoked.lines().toList();
            assertEquals("True\t200", lines.get(0), invoked);
            assertEquals("REQUEST\t{\"x\":1}\tPOST\t" + receiver.url(), lines.get(1), invoked);
            assertTrue(lines.get(2).startsWith("HEADERS\t") && lines.get(2).contains("***"), invoked);
            assertTrue(!invoked.contains("k3y"), "the API key is never shown");
            assertEquals("{\"x\":1}", receiver.bodies.get(2));

            receiver.status.set(400);
            TranscriptsTest.Run refused = cli("extensions", "test-invoke-api-destination", "--name", "e2e-dl",
                    "--query", "[Delivered,StatusCode,Reason,Retryable]", "--output", "text");
            assertEquals("False\t400\tThe endpoint answered HTTP 400.\tFalse\n", ok(refused));
            assertEquals("{}", receiver.bodies.get(3), "the default payload");
            assertEquals("", ok(cli("extensions", "list-dead-letters", "--query", "DeadLetters[].Id", "--output",
                    "text")), "a test invocation never makes a dead letter");

            TranscriptsTest.Run missing = cli("extensions", "test-invoke-api-destination", "--name", "no-such");
            assertEquals(254, missing.exitCode());
            assertTrue(new String(missing.stderr(), StandardCharsets.UTF_8).startsWith("\nAn error occurred "
                    + "(ResourceNotFoundException) when calling the TestInvokeApiDestination operation: "),
                    new String(missing.stderr(), StandardCharsets.UTF_8));
        }
    }
}
