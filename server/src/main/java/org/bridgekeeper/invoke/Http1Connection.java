package org.bridgekeeper.invoke;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection of {@link Http1}: its socket (TLS or plain), the call's deadline, and
 * the reading of an answer (status line, headers, body framed by Content-Length, chunks or the
 * end of the connection). Used by one call at a time; idle ones wait in the {@link Http1Pool}.
 */
final class Http1Connection implements AutoCloseable {

    /** The most bytes of status line, headers and trailers one answer may have. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** The most header (and trailer) lines one answer may have. */
    static final int MAX_HEADERS = 256;

    /** An answer's head, and whether the endpoint keeps the connection open after it. */
    record Head(int status, Map<String, List<String>> headers, boolean keepAlive) {}

    /** A body as read: its kept start, how many bytes were read, whether it went past the cap. */
    record Body(byte[] start, long read, boolean overCap) {}

    final Http1.Route route;
    private final TimedSocket timed;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int lim;
    /** Bytes of the current call's answer received so far: none means a stale pooled connection may be retried. */
    private long received;
    /** Whether the last body had its own end (a length or chunks), not the end of the connection. */
    private boolean framed;
    /** When the connection was last given back to the pool ({@link System#nanoTime}). */
    long idleSince;
    private volatile boolean closed;

    Http1Connection(Http1.Route route, TimedSocket timed, Socket socket) throws IOException {
        this.route = route;
        this.timed = timed;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Starts a call that must be over by {@code deadline} ({@link System#nanoTime}). */
    void begin(long deadline) {
        timed.deadline = deadline;
        received = 0;
    }

    long received() {
        return received;
    }

    OutputStream out() {
        return out;
    }

    /**
     * Reads the answer's head, skipping interim (1xx) answers. The total of its bytes and lines
     * is capped: an endpoint cannot make the server hold unbounded headers.
     */
    Head head() throws IOException {
        while (true) {
            int budget = MAX_HEADER_BYTES;
            String status = line(budget);
            budget -= status.length() + 2;
            if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' '
                    || (status.length() > 12 && status.charAt(12) != ' ')) {
                throw new IOException("not an HTTP/1.x status line");
            }
            int code;
            try {
                code = Integer.parseInt(status.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP/1.x status line");
            }
            if (code < 100 || code > 999) {
                throw new IOException("not an HTTP status");
            }
            Map<String, List<String>> headers = fields(budget);
            if (code == 101) {
                throw new IOException("the endpoint switched protocols, which was not asked for");
            }
            if (code >= 200) {
                boolean keepAlive = status.startsWith("HTTP/1.0") ? has(headers, "Connection", "keep-alive")
                        : !has(headers, "Connection", "close");
                return new Head(code, headers, keepAlive);
            }
            // 100 Continue and other interim answers: the final answer follows
        }
    }

    /**
     * Reads the body of an answer to {@code head}, up to {@code cap} bytes, keeping the first
     * {@code keep}: past the cap the rest is not read ({@code overCap}; the caller closes the
     * connection).
     *
     * <p>Afterwards {@link #reusable} says whether the connection may carry another call.
     */
    Body body(Head head, boolean headRequest, int keep, long cap) throws IOException {
        Sink sink = new Sink(keep, cap);
        framed = true;
        int status = head.status();
        if (headRequest || status == 204 || status == 304) {
            return sink.body();
        }
        List<String> encodings = head.headers().getOrDefault("Transfer-Encoding", List.of());
        if (!encodings.isEmpty()) {
            String last = encodings.getLast().toLowerCase(Locale.ROOT);
            if (!last.trim().endsWith("chunked")) {
                throw new IOException("a body in a transfer coding other than chunked");
            }
            chunks(sink);
            // Both framings (a request smuggling shape): chunks win, and the connection is not trusted again.
            framed = !head.headers().containsKey("Content-Length");
        } else {
            List<String> lengths = head.headers().getOrDefault("Content-Length", List.of());
            if (lengths.isEmpty()) {
                framed = false;
                untilEnd(sink);
            } else {
                long length = -1;
                for (String value : lengths) {
                    for (String part : value.split(",")) {
                        long n = parseLength(part.trim());
                        if (length != -1 && n != length) {
                            throw new IOException("conflicting Content-Length");
                        }
                        length = n;
                    }
                }
                exactly(sink, length);
            }
        }
        return sink.body();
    }

    /**
     * Whether the connection can carry another call after this answer: the endpoint keeps it
     * open, the body had its own end (not the connection's), was read to that end, and nothing
     * came after it.
     */
    boolean reusable(Head head, Body body) {
        return head.keepAlive() && framed && !body.overCap() && pos == lim && !closed;
    }

    private void exactly(Sink sink, long length) throws IOException {
        long left = length;
        while (left > 0 && !sink.full()) {
            if (pos == lim && fill() == -1) {
                throw new EOFException("the connection closed before the end of the body");
            }
            int n = (int) Math.min(left, lim - pos);
            sink.take(buffer, pos, n);
            pos += n;
            left -= n;
        }
    }

    private void untilEnd(Sink sink) throws IOException {
        while (!sink.full()) {
            if (pos == lim && fill() == -1) {
                return;
            }
            sink.take(buffer, pos, lim - pos);
            pos = lim;
        }
    }

    private void chunks(Sink sink) throws IOException {
        while (!sink.full()) {
            String line = line(4096);
            int semicolon = line.indexOf(';');
            String size = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
            long n;
            try {
                n = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("a bad chunk size");
            }
            if (n < 0 || size.isEmpty() || size.startsWith("+") || size.startsWith("-")) {
                throw new IOException("a bad chunk size");
            }
            if (n == 0) {
                fields(MAX_HEADER_BYTES); // trailers: read (so that the connection can be reused) and dropped
                return;
            }
            exactly(sink, n);
            if (sink.full()) {
                return;
            }
            if (!line(2).isEmpty()) {
                throw new IOException("a chunk longer than its size");
            }
        }
    }

    /** Header (or trailer) lines up to the empty line, names compared without case. */
    private Map<String, List<String>> fields(int budget) throws IOException {
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int count = 0;
        while (true) {
            String line = line(budget);
            budget -= line.length() + 2;
            if (line.isEmpty()) {
                return fields;
            }
            if (++count > MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(colon - 1) == ' ') {
                throw new IOException("a malformed header line");
            }
            fields.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
    }

    /** One line (CRLF or LF ended) of at most {@code limit} bytes, as ISO-8859-1. */
    private String line(int limit) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (pos == lim && fill() == -1) {
                throw new EOFException("the connection closed in the middle of the answer's head");
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= limit) {
                throw new IOException("the answer's head is larger than " + MAX_HEADER_BYTES + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Reads more into the buffer, within the deadline: -1 at the end of the stream. */
    private int fill() throws IOException {
        timed.check();
        int n = in.read(buffer, 0, buffer.length);
        timed.check();
        pos = 0;
        lim = Math.max(n, 0);
        if (n > 0) {
            received += n;
        }
        return n;
    }

    private static long parseLength(String value) throws IOException {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9') || value.length() > 18) {
            throw new IOException("a bad Content-Length");
        }
        return Long.parseLong(value);
    }

    private static boolean has(Map<String, List<String>> headers, String name, String token) {
        for (String value : headers.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Closes at once: no read of the peer's close (the deadline is set to now). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timed.deadline = System.nanoTime();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            timed.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The body's bytes as they come: the first {@code keep} kept, counting until past {@code cap}. */
    private static final class Sink {
        private final int keep;
        private final long cap;
        private final ByteArrayOutputStream kept;
        private long read;

        Sink(int keep, long cap) {
            this.keep = keep;
            this.cap = cap;
            this.kept = new ByteArrayOutputStream(Math.min(keep, 1024));
        }

        void take(byte[] bytes, int offset, int n) {
            int room = keep - kept.size();
            if (room > 0) {
                kept.write(bytes, offset, Math.min(room, n));
            }
            read += n;
        }

        boolean full() {
            return read > cap;
        }

        Body body() {
            return new Body(kept.toByteArray(), read, read > cap);
        }
    }

    /**
     * A plain socket whose reads end at the call's deadline, the reads of a TLS socket layered on
     * it included (the JDK's TLS socket reads through its underlying socket's stream): before each
     * read {@code SO_TIMEOUT} is set to the time left, and after it the deadline is checked again,
     * so an endpoint that trickles bytes (in its handshake, its headers or its body) cannot hold
     * the call past the deadline.
     */
    static final class TimedSocket extends Socket {
        volatile long deadline;
        private InputStream timed;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (timed == null) {
                timed = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        check();
                        int b = super.read();
                        check();
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        check();
                        int n = super.read(b, off, len);
                        check();
                        return n;
                    }
                };
            }
            return timed;
        }

        /** Sets the read timeout to the time left; a deadline passed is a timeout. */
        void check() throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("the deadline passed");
            }
            setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000)));
        }
    }
}
