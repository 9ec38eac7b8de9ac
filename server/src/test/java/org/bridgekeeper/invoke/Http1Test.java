package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bridgekeeper.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 client of {@link Outbound} against real local endpoints on raw sockets, scripted
 * to frame their answers in every way HTTP/1.1 allows and to misbehave: what is read, when a
 * connection is reused (and when it must not be), and that one deadline ends every call.
 */
class Http1Test {

    final Http1 http = new Http1(Duration.ofSeconds(5), () -> TrustedCertificates.context(null));
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        http.close();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    RawEndpoint endpoint(RawEndpoint.Script script) throws IOException {
        RawEndpoint endpoint = new RawEndpoint(script);
        open.add(endpoint);
        return endpoint;
    }

    /** Answers every request on a connection with {@code answer}, until the client closes it. */
    RawEndpoint answering(String answer) throws IOException {
        RawEndpoint[] self = new RawEndpoint[1];
        self[0] = endpoint((n, in, out) -> {
            while (self[0].request(in) != null) {
                RawEndpoint.send(out, answer);
            }
        });
        return self[0];
    }

    static Http1.Route route(RawEndpoint endpoint, String host) {
        return new Http1.Route(false, endpoint.address(), null, host + ":" + endpoint.port());
    }

    Http1.Response send(RawEndpoint endpoint, String method, long millis) throws Exception {
        return send(route(endpoint, "h.test"), method, Map.of(), millis);
    }

    Http1.Response send(Http1.Route route, String method, Map<String, String> headers, long millis) throws Exception {
        return http.send(route, new Http1.Request(method, "/in", headers, method.equals("POST") ? Http1.utf8("{}") : null),
                System.nanoTime() + Duration.ofMillis(millis).toNanos(), 1024, 64 * 1024);
    }

    static String text(Http1.Response response) {
        return new String(response.body().start(), StandardCharsets.UTF_8);
    }

    @Test
    void aChunkedBodyWithTrailersIsReadWholeAndTheConnectionReused() throws Exception {
        RawEndpoint endpoint = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
        Http1.Response first = send(endpoint, "POST", 5000);
        assertEquals(200, first.status());
        assertEquals("hello, world", text(first));
        assertEquals(12, first.body().read());
        assertFalse(first.body().overCap());
        assertEquals("1", first.headers().firstValue("x-a").orElseThrow(), "header names without case");
        assertEquals("hello, world", text(send(endpoint, "POST", 5000)));
        assertEquals(1, endpoint.connections.get(), "the trailers were read: the connection carried the second call");
        assertTrue(endpoint.requests.getFirst().startsWith("POST /in HTTP/1.1\r\nHost: h.test:" + endpoint.port() + "\r\n"),
                endpoint.requests.getFirst());
        assertTrue(endpoint.requests.getFirst().contains("\r\nContent-Length: 2\r\n"), endpoint.requests.getFirst());
    }

    @Test
    void twoSequentialCallsShareOneConnectionButTwoHostsDoNot() throws Exception {
        RawEndpoint endpoint = answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals("ok", text(send(endpoint, "GET", 5000)));
        assertEquals("ok", text(send(endpoint, "GET", 5000)));
        assertEquals(1, endpoint.connections.get());
        assertEquals(1, http.idle());
        // Same address and port, another name: its own connection, never the first name's.
        assertEquals("ok", text(send(route(endpoint, "other.test"), "GET", Map.of(), 5000)));
        assertEquals(2, endpoint.connections.get());
        assertTrue(endpoint.requests.get(2).contains("\r\nHost: other.test:" + endpoint.port() + "\r\n"));
        assertEquals(2, http.idle());
    }

    @Test
    void twoNamesOfOneAddressNeverShareAConnectionThroughOutbound() throws Exception {
        RawEndpoint endpoint = answering("HTTP/1.1 204 No Content\r\n\r\n");
        OutboundTest.Answers names = new OutboundTest.Answers(List.of(List.of("127.0.0.1")));
        try (Outbound outbound = new Outbound(new EgressPolicy(List.of(AddressRange.parse("127.0.0.1/32")), names),
                Duration.ofSeconds(5), () -> TrustedCertificates.context(null))) {
            for (String name : List.of("a.test", "b.test", "a.test", "b.test")) {
                assertEquals(204, OutboundTest.send(outbound, "http://" + name + ":" + endpoint.port() + "/"));
            }
        }
        assertEquals(2, endpoint.connections.get(), "one per name, each reused once");
        for (String request : endpoint.requests) {
            assertTrue(request.contains("Host: a.test:") || request.contains("Host: b.test:"), request);
        }
    }

    @Test
    void noReuseAfterConnectionCloseOrABodyPastTheCap() throws Exception {
        RawEndpoint closing = answering("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        send(closing, "GET", 5000);
        send(closing, "GET", 5000);
        assertEquals(2, closing.connections.get());

        RawEndpoint big = answering("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(100_000));
        Http1.Response cut = send(big, "GET", 5000);
        assertTrue(cut.body().overCap());
        assertEquals(1024, cut.body().start().length, "only the start is kept");
        assertTrue(cut.body().read() > 64 * 1024 && cut.body().read() < 100_000, "read: " + cut.body().read());
        send(big, "GET", 5000);
        assertEquals(2, big.connections.get(), "the cut-off connection was closed, not pooled");
        assertEquals(0, http.idle());

        RawEndpoint untilClose = endpoint((n, in, out) -> {
            readHead(in);
            RawEndpoint.send(out, "HTTP/1.1 200 OK\r\n\r\nto the end");
        });
        assertEquals("to the end", text(send(untilClose, "GET", 5000)));
        assertEquals("to the end", text(send(untilClose, "GET", 5000)));
        assertEquals(2, untilClose.connections.get(), "a body ended by the connection's end ends the connection");

        RawEndpoint both = answering("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\n\r\n");
        assertEquals("ok", text(send(both, "GET", 5000)), "chunks win over a length");
        assertEquals("ok", text(send(both, "GET", 5000)));
        assertEquals(2, both.connections.get(), "an answer framed both ways ends its connection");
    }

    /** Reads a bodiless request's head (to its empty line), unrecorded. */
    private static void readHead(java.io.InputStream in) throws IOException {
        int last4 = 0;
        int b;
        while ((b = in.read()) != -1 && (last4 = (last4 << 8) | b) != 0x0d0a0d0a) {
            // the head's bytes
        }
    }

    @Test
    void aPooledConnectionTheEndpointClosedWhileIdleIsReplacedOnce() throws Exception {
        RawEndpoint[] self = new RawEndpoint[1];
        self[0] = endpoint((n, in, out) -> {
            self[0].request(in);
            RawEndpoint.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + n);
            // and closes the connection without saying so, as an idle timeout does
        });
        assertEquals("1", text(send(self[0], "POST", 5000)));
        Await.until("the endpoint to close its side", () -> self[0].ended.get() == 1);
        assertEquals(1, http.idle(), "the client still thinks it can reuse it");
        assertEquals("2", text(send(self[0], "POST", 5000)), "answered on a new connection");
        assertEquals(2, self[0].connections.get());
        assertEquals(2, self[0].requests.size(), "the request reached the endpoint once");
    }

    @Test
    void aCallIsNotSentAgainOnceItsAnswerBegan() throws Exception {
        RawEndpoint[] self = new RawEndpoint[1];
        self[0] = endpoint((n, in, out) -> {
            self[0].request(in);
            RawEndpoint.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            self[0].request(in);
            RawEndpoint.send(out, "HTTP/1.1 200 OK\r\nContent-Le"); // then closes, mid-head
        });
        send(self[0], "POST", 5000);
        assertThrows(IOException.class, () -> send(self[0], "POST", 5000));
        assertEquals(1, self[0].connections.get(), "no second try");
        assertEquals(2, self[0].requests.size());
    }

    @Test
    void aTricklingBodyEndsTheCallAtTheDeadline() throws Exception {
        RawEndpoint trickling = endpoint((n, in, out) -> {
            readHead(in);
            RawEndpoint.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            for (int i = 0; i < 1000; i++) {
                Thread.sleep(100); // the endpoint paces itself: a byte every 100 ms
                RawEndpoint.send(out, "x");
            }
        });
        assertThrows(HttpTimeoutException.class, () -> send(trickling, "GET", 500));
        Await.until("the endpoint to see the connection closed", () -> trickling.ended.get() == 1);
        assertEquals(0, http.idle());
    }

    @Test
    void headersPastTheCapAreRefused() throws Exception {
        RawEndpoint endpoint = answering("HTTP/1.1 200 OK\r\n" + ("X-Filler: " + "y".repeat(1000) + "\r\n").repeat(70)
                + "Content-Length: 0\r\n\r\n");
        IOException e = assertThrows(IOException.class, () -> send(endpoint, "GET", 5000));
        assertFalse(e instanceof HttpTimeoutException);
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        RawEndpoint many = answering("HTTP/1.1 200 OK\r\n" + "X-F: y\r\n".repeat(300) + "Content-Length: 0\r\n\r\n");
        assertTrue(assertThrows(IOException.class, () -> send(many, "GET", 5000)).getMessage().contains("header lines"));
        assertEquals(0, http.idle());
    }

    @Test
    void headAnd204And304HaveNoBodyAndInterimAnswersAreSkipped() throws Exception {
        // Each answer announces a body it does not send: reading one would eat the next answer.
        RawEndpoint[] self = new RawEndpoint[1];
        self[0] = endpoint((n, in, out) -> {
            self[0].request(in);
            RawEndpoint.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
            self[0].request(in);
            RawEndpoint.send(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n");
            self[0].request(in);
            RawEndpoint.send(out, "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
            self[0].request(in);
            RawEndpoint.send(out, "HTTP/1.1 302 Found\r\nLocation: http://elsewhere/\r\nContent-Length: 3\r\n\r\nend");
        });
        Http1.Response head = send(self[0], "HEAD", 5000);
        assertEquals(200, head.status());
        assertEquals(0, head.body().read());
        assertEquals(204, send(self[0], "POST", 5000).status());
        assertEquals(304, send(self[0], "GET", 5000).status());
        Http1.Response redirect = send(self[0], "GET", 5000);
        assertEquals(302, redirect.status(), "a redirect is an answer, not followed");
        assertEquals("end", text(redirect));
        assertEquals(1, self[0].connections.get());
    }

    @Test
    void aHeaderWithCrOrLfIsRefusedAndNothingSent() throws Exception {
        RawEndpoint endpoint = answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        for (Map.Entry<String, String> bad : List.of(Map.entry("X-A", "1\r\nX-Injected: 2"), Map.entry("X-A", "1\n"),
                Map.entry("X-A\r\nX-B", "1"), Map.entry("X A", "1"))) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(bad.getKey(), bad.getValue());
            assertThrows(IOException.class, () -> send(route(endpoint, "h.test"), "GET", headers, 5000), bad.toString());
        }
        assertEquals(0, endpoint.connections.get());
    }

    @Test
    void anInterruptEndsACallThatWaitsForItsAnswer() throws Exception {
        AtomicBoolean received = new AtomicBoolean();
        RawEndpoint stalled = endpoint((n, in, out) -> {
            readHead(in);
            received.set(true);
            while (in.read() != -1) {
                // no answer, ever
            }
        });
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                send(stalled, "GET", 30_000);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Await.until("the request to arrive", received::get);
        caller.interrupt();
        assertInstanceOf(InterruptedException.class, outcome.get());
        Await.until("the connection to be closed", () -> stalled.ended.get() == 1);
    }

    @Test
    void aBodyIsKeptUpToKeepAndCountedWhole() throws Exception {
        byte[] body = "0123456789".repeat(300).getBytes(StandardCharsets.US_ASCII);
        RawEndpoint endpoint = answering("HTTP/1.1 500 Oops\r\nContent-Length: 3000\r\nRetry-After: 7\r\n\r\n"
                + new String(body, StandardCharsets.US_ASCII));
        Http1.Response response = send(endpoint, "GET", 5000);
        assertEquals(500, response.status());
        assertEquals(3000, response.body().read());
        assertArrayEquals(java.util.Arrays.copyOf(body, 1024), response.body().start());
        assertEquals("7", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void aTlsHandshakeThatTricklesEndsAtTheDeadline() throws Exception {
        RawEndpoint trickling = endpoint((n, in, out) -> {
            // A TLS handshake record announced 16 KiB long, then sent a byte every 100 ms.
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            out.flush();
            for (int i = 0; i < 16 * 1024; i++) {
                Thread.sleep(100);
                out.write(0x02);
                out.flush();
            }
        });
        Http1.Route route = new Http1.Route(true, trickling.address(), "h.test", "h.test");
        long started = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> send(route, "GET", Map.of(), 500));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "ended near the deadline, not per read");
        Await.until("the endpoint to see the connection closed", () -> trickling.ended.get() == 1);
    }

    @Test
    void aRequestTheEndpointDoesNotReadEndsAtTheDeadline() throws Exception {
        AtomicBoolean accepted = new AtomicBoolean();
        RawEndpoint deaf = endpoint((n, in, out) -> {
            accepted.set(true);
            for (int i = 0; i < 30; i++) {
                Thread.sleep(1000); // never reads: the client's write fills the buffers and blocks
            }
        });
        byte[] body = new byte[32 * 1024 * 1024]; // more than loopback's socket buffers hold
        IOException e = assertThrows(IOException.class, () -> http.send(route(deaf, "h.test"),
                new Http1.Request("POST", "/", Map.of(), body), System.nanoTime() + Duration.ofMillis(500).toNanos(), 0, 0));
        assertInstanceOf(HttpTimeoutException.class, e);
        assertTrue(accepted.get());
    }
}
