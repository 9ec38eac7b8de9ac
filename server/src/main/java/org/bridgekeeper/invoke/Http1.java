package org.bridgekeeper.invoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A plain blocking HTTP/1.1 client with keep-alive, for {@link Outbound}: the calling (virtual)
 * thread writes the request and reads the answer on its own socket, with no selector, no hand-off
 * between threads and no timer per call, which the JDK's asynchronous client spent more CPU on
 * than the call itself (bench/README.md, issue 13). It connects to exactly the address it is
 * given (it never resolves a name), follows no redirect, and bounds a call by one deadline and
 * what it reads by a cap.
 */
final class Http1 implements AutoCloseable {

    /**
     * Idle connections kept per route and in all, and how long one may stay idle. Per route as
     * many as the delivery engine's default concurrency (64): a busy destination's connections
     * are reused rather than closed and opened again at every peak.
     */
    static final int IDLE_PER_ROUTE = 64;
    static final int IDLE_TOTAL = 256;
    static final Duration IDLE_TIME = Duration.ofSeconds(30);

    /**
     * Requests at most this long are written without a watchdog: they fit the socket's send
     * buffer, so the write cannot block on an endpoint that does not read. A longer one could, and
     * {@code SO_TIMEOUT} bounds only reads, so the socket is closed at the deadline if the write
     * is still going.
     */
    static final int UNWATCHED_WRITE = 16 * 1024;

    /**
     * Where a connection goes and what it may carry, the key of its reuse.
     *
     * @param peer the name (or address literal) the TLS certificate is verified against and sent
     *             as SNI when it is a name; null for plain HTTP
     * @param host the {@code Host} of the requests it carries
     */
    record Route(boolean https, InetSocketAddress address, String peer, String host) {}

    /** A request as it goes on the wire. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {}

    /** An answer: status, headers, and the body as read ({@link Http1Connection.Body}). */
    record Response(int status, HttpHeaders headers, Http1Connection.Body body) {}

    private final Duration connectTimeout;
    private final Supplier<SSLContext> tls;
    private volatile SSLSocketFactory sockets;
    private final Http1Pool pool;
    private volatile ScheduledExecutorService watchdog;

    Http1(Duration connectTimeout, Supplier<SSLContext> tls, Http1Pool pool) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.pool = pool;
    }

    Http1(Duration connectTimeout, Supplier<SSLContext> tls) {
        this(connectTimeout, tls, new Http1Pool(IDLE_PER_ROUTE, IDLE_TOTAL, IDLE_TIME.toNanos()));
    }

    /**
     * Sends {@code request} on {@code route} and reads the answer by {@code deadline}. A pooled
     * connection that fails before any byte of the answer came back (the endpoint closed it while
     * it was idle) is replaced by a new one once; a call is never sent again after its answer began.
     *
     * @throws HttpTimeoutException the deadline passed (an {@link HttpConnectTimeoutException} when
     *                              the connect timeout did first)
     * @throws InterruptedException the thread was interrupted (the connection is closed)
     */
    Response send(Route route, Request request, long deadline, int keep, long cap)
            throws IOException, InterruptedException {
        byte[] bytes = encode(request, route.host());
        boolean head = request.method().equals("HEAD");
        Http1Connection connection = pool.take(route);
        if (connection != null) {
            try {
                return exchange(connection, bytes, head, deadline, keep, cap);
            } catch (IOException e) {
                if (connection.received() > 0 || e instanceof HttpTimeoutException) {
                    throw e;
                }
                // stale: the endpoint had closed the idle connection; once more on a new one
            }
        }
        return exchange(open(route, deadline), bytes, head, deadline, keep, cap);
    }

    private Response exchange(Http1Connection connection, byte[] request, boolean head, long deadline, int keep, long cap)
            throws IOException, InterruptedException {
        connection.begin(deadline);
        boolean keepIt = false;
        try {
            write(connection, request, deadline);
            Http1Connection.Head answer = connection.head();
            Http1Connection.Body body = connection.body(answer, head, keep, cap);
            keepIt = connection.reusable(answer, body);
            return new Response(answer.status(), HttpHeaders.of(answer.headers(), (n, v) -> true), body);
        } catch (IOException e) {
            throw failure(e, deadline, false);
        } finally {
            if (keepIt) {
                pool.give(connection);
            } else {
                connection.close();
            }
        }
    }

    private void write(Http1Connection connection, byte[] request, long deadline) throws IOException {
        if (request.length <= UNWATCHED_WRITE) {
            connection.out().write(request);
            connection.out().flush();
            return;
        }
        ScheduledFuture<?> stop = watchdog().schedule(connection::close, Math.max(1, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        try {
            connection.out().write(request);
            connection.out().flush();
        } finally {
            stop.cancel(false);
        }
    }

    /** A new connection on {@code route}: connected within the connect timeout and the deadline, TLS shaken hands. */
    private Http1Connection open(Route route, long deadline) throws IOException, InterruptedException {
        Http1Connection.TimedSocket socket = new Http1Connection.TimedSocket();
        socket.deadline = deadline;
        boolean connected = false;
        long left = deadline - System.nanoTime();
        boolean connectFirst = connectTimeout.toNanos() < left;
        try {
            socket.setTcpNoDelay(true);
            long wait = Math.max(1, Math.min(connectTimeout.toNanos(), left) / 1_000_000);
            socket.connect(route.address(), (int) Math.min(Integer.MAX_VALUE, wait));
            Http1Connection connection;
            if (route.https()) {
                SSLSocket ssl = (SSLSocket) factory().createSocket(socket, route.peer(), route.address().getPort(), true);
                SSLParameters parameters = ssl.getSSLParameters();
                // Verified against the name (not the address connected to), as a call by name would be.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(sni(route.peer()));
                ssl.setSSLParameters(parameters);
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                connection = new Http1Connection(route, socket, ssl);
            } else {
                connection = new Http1Connection(route, socket, socket);
            }
            connected = true;
            return connection;
        } catch (IOException e) {
            throw failure(e, deadline, connectFirst && !socket.isConnected());
        } finally {
            if (!connected) {
                socket.close();
            }
        }
    }

    /**
     * What an I/O failure is to the caller: a timeout when the deadline passed (or a read timed
     * out, which it does only at the deadline), an interrupt when the thread was interrupted (its
     * blocking socket I/O was ended by closing the socket), otherwise itself.
     */
    private static IOException failure(IOException e, long deadline, boolean connectTimedOut) throws InterruptedException {
        if (Thread.interrupted() || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            InterruptedException interrupted = new InterruptedException("the call was interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        if (e instanceof HttpTimeoutException) {
            return e;
        }
        if (e instanceof SocketTimeoutException || deadline - System.nanoTime() <= 0) {
            return connectTimedOut ? new HttpConnectTimeoutException("the connection was not made within the connect timeout")
                    : new HttpTimeoutException("the call did not finish within its deadline");
        }
        return e;
    }

    /** The name as SNI (lower case, no trailing dot); none for an address or a name SNI cannot carry. */
    static List<javax.net.ssl.SNIServerName> sni(String peer) {
        if (Addresses.literal(peer).isPresent()) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(peer));
        } catch (IllegalArgumentException notAnSniName) {
            return List.of(); // the certificate is still checked against the name
        }
    }

    /**
     * The request's bytes: request line, {@code Host}, the headers (those the framing owns left
     * out, as the JDK client did), {@code Content-Length} for a body. A CR, LF or NUL in a header,
     * or a name that is not a token, is refused: nothing is sent.
     */
    static byte[] encode(Request request, String host) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        header(head, "Host", host);
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            String name = h.getKey();
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "keep-alive",
                     "te", "trailer" -> {
                    // the client's own (Host is given apart): an endpoint must not be told two framings
                }
                default -> header(head, name, h.getValue() == null ? "" : h.getValue());
            }
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + (request.body() == null ? 0 : request.body().length));
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c > 0xff) {
                throw new IOException("a header holds a character outside ISO-8859-1");
            }
            out.write(c);
        }
        if (request.body() != null) {
            out.writeBytes(request.body());
        }
        return out.toByteArray();
    }

    private static void header(StringBuilder head, String name, String value) throws IOException {
        if (name.isEmpty()) {
            throw new IOException("an empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IOException("a header name that is not a token");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IOException("a header value holds CR, LF or NUL");
            }
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }

    static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private SSLSocketFactory factory() {
        SSLSocketFactory f = sockets;
        if (f == null) {
            synchronized (this) {
                if (sockets == null) {
                    sockets = tls.get().getSocketFactory();
                }
                f = sockets;
            }
        }
        return f;
    }

    private ScheduledExecutorService watchdog() {
        ScheduledExecutorService w = watchdog;
        if (w == null) {
            synchronized (this) {
                if (watchdog == null) {
                    // Real time, as the deadline is (System.nanoTime), not the server's clock: a
                    // socket is closed when its write outlives the call.
                    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "bridgekeeper-outbound-writes");
                        t.setDaemon(true);
                        return t;
                    });
                    timer.setRemoveOnCancelPolicy(true);
                    watchdog = timer;
                }
                w = watchdog;
            }
        }
        return w;
    }

    int idle() {
        return pool.idle();
    }

    /** Closes the idle connections; calls in flight close theirs when they end. */
    @Override
    public void close() {
        pool.close();
        ScheduledExecutorService w = watchdog;
        if (w != null) {
            w.shutdownNow();
        }
    }
}
