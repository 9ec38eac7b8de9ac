package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without authentication on loopback (the default), a request must be addressed to loopback: a
 * web page that rebinds its own name to 127.0.0.1 sends its requests with that name as the
 * {@code Host}, and is refused. The security review's reproduction: such a request was answered.
 */
class HostCheckIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    // The surefire configuration allows a test to set Host (jdk.httpclient.allowRestrictedHeaders).
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(dir.resolve("default"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> list(TestServer target, String host) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "AWSEvents.ListConnections")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (host != null) {
            b.header("Host", host);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRebindingHostIsRefused() throws Exception {
        HttpResponse<String> r = list(server, "attacker.example:" + server.main().port());
        assertEquals(403, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("HostNotAllowedException", body.get("__type").asText());
        assertEquals("Host 'attacker.example:" + server.main().port() + "' is not allowed: without --auth verify,"
                + " Bridgekeeper on a loopback address answers only requests addressed to localhost, 127.0.0.1 or [::1]"
                + " (a defence against DNS rebinding). Use one of those in the endpoint URL, or add the name to"
                + " --allowed-hosts.", body.get("message").asText());
        assertEquals(403, list(server, "attacker.example").statusCode());
        assertEquals(403, list(server, "localhost.attacker.example:80").statusCode());
        assertEquals(403, list(server, "127.0.0.1.nip.io").statusCode());
        assertEquals(403, list(server, "localhost:80@attacker.example").statusCode());
    }

    @Test
    void loopbackNamesAndAddressesWithAnyPortAreServed() throws Exception {
        int port = server.main().port();
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port,
                "[0:0:0:0:0:0:0:1]", "127.0.0.1", "127.1.2.3:80", "localhost:1"}) {
            assertEquals(200, list(server, host).statusCode(), host);
        }
        // The SDK, as a user points it at the server.
        assertTrue(server.client().listConnections(r -> {}).connections().isEmpty());
    }

    @Test
    void aRequestWithoutHostIsRefused() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.main().port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.0\r\nX-Amz-Target: AWSEvents.ListConnections\r\nContent-Type: "
                    + "application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            assertTrue(answer.contains("A request without a Host header is not allowed"), answer);
        }
    }

    @Test
    void healthNeedsNoHostCheck() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/health"))
                .header("Host", "anything.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
    }

    @Test
    void allowedHostsAddNames() throws Exception {
        try (TestServer named = new TestServer(dir.resolve("named"), "--allowed-hosts", "bridgekeeper.test,Other.Test")) {
            assertEquals(200, list(named, "bridgekeeper.test:4750").statusCode());
            assertEquals(200, list(named, "other.test").statusCode());
            assertEquals(200, list(named, "localhost").statusCode());
            assertEquals(403, list(named, "attacker.example").statusCode());
        }
    }
}
