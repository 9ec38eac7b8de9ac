package org.bridgekeeper.cli.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The socket client reads responses as HttpURLConnection did, and talks to a real HTTP server. */
class PlainHttpTest {

    private static HttpResult read(String response) throws IOException {
        return PlainHttp.read(new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void bodyByLengthChunksOrTheEndOfTheStream() throws IOException {
        HttpResult sized = read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Amzn-RequestId: r1\r\n\r\nhelloEXTRA");
        assertEquals(200, sized.status());
        assertEquals("OK", sized.reason());
        assertEquals("r1", sized.headers().get("x-amzn-requestid"));
        assertEquals("hello", new String(sized.body(), StandardCharsets.UTF_8));

        HttpResult chunked = read("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n");
        assertEquals(400, chunked.status());
        assertEquals("Bad Request", chunked.reason());
        assertEquals("{\"a\":1}", new String(chunked.body(), StandardCharsets.UTF_8));

        HttpResult toEnd = read("HTTP/1.0 503 Service Unavailable\nConnection: close\n\n<html>busy</html>");
        assertEquals(503, toEnd.status());
        assertEquals("<html>busy</html>", new String(toEnd.body(), StandardCharsets.UTF_8));
    }

    @Test
    void interimResponsesSkippedFirstHeaderValueKeptNoBodyFor204() throws IOException {
        HttpResult r = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-A: 1\r\nx-a: 2\r\n\r\n");
        assertEquals(204, r.status());
        assertEquals("1", r.headers().get("x-a"));
        assertArrayEquals(new byte[0], r.body());
        assertEquals("", read("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").reason());
    }

    @Test
    void truncatedOrMalformedResponsesAreErrors() {
        assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
        assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Le"));
        assertThrows(IOException.class, () -> read("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        assertThrows(IOException.class, () -> read(""));
    }

    @Test
    void postsToARealServerWithHostAndLength() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        StringBuilder seen = new StringBuilder();
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            seen.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI()).append(' ')
                    .append(exchange.getRequestHeaders().getFirst("Host")).append(' ')
                    .append(exchange.getRequestHeaders().getFirst("X-Amz-Target")).append(' ')
                    .append(new String(in, StandardCharsets.UTF_8));
            byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "abc");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/p?q=1");
            HttpResult r = new Transport(5, 5, true, null).post(uri,
                    List.of(Map.entry("X-Amz-Target", "AWSEvents.ListConnections")),
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.status());
            assertEquals("abc", r.headers().get("x-amzn-requestid"));
            assertEquals("{\"ok\":true}", new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("POST /p?q=1 127.0.0.1:" + server.getAddress().getPort() + " AWSEvents.ListConnections {}",
                    seen.toString());
        } finally {
            server.stop(0);
        }
    }
}
