package org.bridgekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The six connection commands, in every output format, against the real Bridgekeeper server:
 * the server jar (built before this module by the reactor) runs as its own process on a free
 * port, and the CLI runs in-process against it with the real clock.
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
                dataDir.toString()).redirectErrorStream(true).start();
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
}
