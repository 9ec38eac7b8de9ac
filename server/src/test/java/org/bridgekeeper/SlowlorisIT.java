package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A slowloris against the real server: many more sockets than its connection cap, each sending
 * part of a request and then nothing. The server is a separate process because the JDK server
 * reads its caps once per process (this test JVM runs other servers with the defaults). The
 * server stays up, closes every partial request (at accept beyond the cap, after the read
 * timeout within it), and then answers {@code /health} and an SDK call as before.
 */
class SlowlorisIT {

    @TempDir
    Path dir;

    /** Whether the server closed {@code s}: EOF or a reset now; false while it is open and silent. */
    static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void partialRequestsBeyondTheCapAreClosedAndTheServerAnswersAfterwards() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (ServerProcess server = ServerProcess.server(logs, dir.resolve("data"), "--max-open-connections", "64",
                "--request-read-timeout-ms", "20000")) {
            int port = server.awaitPort();
            List<Socket> partial = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    partial.add(s);
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSEvents.ListConnections\r\nX-Slow: ")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException closedAtAccept) {
                        // beyond the cap: the server closed it as soon as it accepted it
                    }
                }
                // The cap: all but 64 are closed at once, long before the 20 s read timeout.
                List<Socket> open = new ArrayList<>(partial);
                Await.until("all but 64 partial connections to be closed at accept", Duration.ofSeconds(15), () -> {
                    open.removeIf(SlowlorisIT::closedByServer);
                    return open.size() <= 64;
                });
                // Then the read timeout: every partial request ends, closed by the server, none answered.
                for (Socket s : partial) {
                    s.setSoTimeout(30_000);
                    try {
                        assertEquals(-1, s.getInputStream().read(), "a partial request was answered");
                    } catch (SocketException reset) {
                        // closed by the server while our bytes were unread: a reset, as good as an EOF
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("a partial request was still open after 30 s", e);
                    }
                }
                assertTrue(server.output().contains("listening on"), server.output());
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
                    assertEquals(0, events.listConnections(r -> r.limit(10)).connections().size());
                }
            } finally {
                for (Socket s : partial) {
                    s.close();
                }
            }
        }
    }
}
