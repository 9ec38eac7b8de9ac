import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end event throughput and delivery latency: PutEvents -> rule -> API destination -> a
 * real HTTP receiver in this process. Run with the JDK's source launcher (no build step):
 *
 *   java bench/EventsLoad.java http://127.0.0.1:4790 EVENTS CONCURRENCY BATCH [DESTINATIONS [mixed]]
 *
 * An API destination delivers at most 300 calls/s (AWS's rate limit, which Bridgekeeper keeps),
 * so DESTINATIONS (default 1) rules, each with its own destination, share the events (by a shard
 * number in the detail) to measure the engine past one destination's limit.
 * The server must run with --allow-http-endpoints --egress-allow 127.0.0.0/8 (the receiver is
 * plain HTTP on loopback).
 * Each event carries its send time (epoch microseconds) in its detail; the receiver subtracts it
 * from its arrival time. Prints events/s accepted by PutEvents, events/s delivered (first
 * PutEvents to last arrival), delivery latency p50/p90/p99/max, and this process's own CPU time
 * over that window.
 *
 * The tool shares the machine with the server it measures, so both sides are plain blocking
 * sockets with HTTP/1.1 keep-alive and byte-level parsing (no HTTP library, no regex, no String
 * per request): every CPU cycle spent here is one the server does not get. Environment:
 * EVENTS_RATE (events/s: open-loop pacing), RECEIVER_THREADS (platform, the default, or virtual:
 * the receiver's thread per delivery connection; platform threads cost less here, as a blocking
 * read is then a plain system call instead of a trip through the JDK's poller and scheduler), EVENTS_WAIT (seconds to wait for the last delivery, 120),
 * EVENTS_LOAD_CHECK (missing: the rule of shard 0 matches nothing, so the run must end INCOMPLETE
 * and exit 1; duplicate: event 0 is put a second time, so "duplicates 1"; both check this tool).
 */
public class EventsLoad {

    static final byte[] SEQ = ascii("\"seq\":");
    static final byte[] SENT = ascii("\"sent\":");
    static final byte[] ACCEPTED = ascii("\"FailedEntryCount\":0");
    static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    static final byte[] ENTRIES = ascii("{\"Entries\":[");
    static final byte[] END_ENTRY = ascii("}\"}");
    static final byte[] END_ENTRIES = ascii("]}");
    static final byte[] CONTENT_LENGTH = ascii("\r\nContent-Length: ");
    static final byte[] PUT_EVENTS = ascii("PutEvents");
    static final byte[] END_HEAD = ascii("\r\n\r\n");

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int events = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int shards = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        // Mixed targets: each rule also sends the event to a relay bus, whose rule delivers it to the
        // receiver through another API destination, so every event arrives twice (direct, via the bus).
        boolean mixed = args.length > 5 && args[5].equals("mixed");
        String check = env("EVENTS_LOAD_CHECK", "");
        int copies = mixed ? 2 : 1;
        int expected = events * copies;

        Receiver receiver = new Receiver(events, expected, env("RECEIVER_THREADS", "platform").equals("virtual"));
        String receiverUrl = "http://127.0.0.1:" + receiver.port() + "/events";

        String run = Long.toString(System.currentTimeMillis(), 36);
        Client setup = new Client(endpoint);
        String connection = field(setup.call("CreateConnection", "{\"Name\":\"load-" + run + "\",\"AuthorizationType\":\"API_KEY\","
                + "\"AuthParameters\":{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"x-api-key\",\"ApiKeyValue\":\"bench-secret\"}}}"), "ConnectionArn");
        for (int k = 0; k < shards; k++) {
            String name = "load-" + run + "-" + k;
            String destination = field(setup.call("CreateApiDestination", "{\"Name\":\"" + name + "\",\"ConnectionArn\":\""
                    + connection + "\",\"InvocationEndpoint\":\"" + receiverUrl + "\",\"HttpMethod\":\"POST\",\"InvocationRateLimitPerSecond\":300}"), "ApiDestinationArn");
            int matched = check.equals("missing") && k == 0 ? -1 : k;
            setup.call("PutRule", "{\"Name\":\"" + name + "\",\"EventPattern\":\"{\\\"source\\\":[\\\"bench." + run
                    + "\\\"],\\\"detail\\\":{\\\"shard\\\":[" + matched + "]}}\"}");
            String relayTarget = "";
            if (mixed) {
                String bus = field(setup.call("CreateEventBus", "{\"Name\":\"" + name + "-relay\"}"), "EventBusArn");
                String relayed = field(setup.call("CreateApiDestination", "{\"Name\":\"" + name + "-relay\",\"ConnectionArn\":\""
                        + connection + "\",\"InvocationEndpoint\":\"" + receiverUrl + "/relay\",\"HttpMethod\":\"POST\","
                        + "\"InvocationRateLimitPerSecond\":300}"), "ApiDestinationArn");
                setup.call("PutRule", "{\"Name\":\"" + name + "\",\"EventBusName\":\"" + name + "-relay\","
                        + "\"EventPattern\":\"{\\\"source\\\":[\\\"bench." + run + "\\\"]}\"}");
                setup.call("PutTargets", "{\"Rule\":\"" + name + "\",\"EventBusName\":\"" + name + "-relay\","
                        + "\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + relayed + "\",\"RoleArn\":\"arn:aws:iam::000000000000:role/bench\"}]}");
                relayTarget = ",{\"Id\":\"bus\",\"Arn\":\"" + bus + "\"}";
            }
            setup.call("PutTargets", "{\"Rule\":\"" + name + "\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + destination
                    + "\",\"RoleArn\":\"arn:aws:iam::000000000000:role/bench\"}" + relayTarget + "]}");
        }

        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong clientCpuNanos = new AtomicLong();
        AtomicBoolean duplicatePut = new AtomicBoolean();
        // EVENTS_RATE (events/s, optional): an open-loop pace, event i sent at start + i / rate, to measure
        // delivery latency at a given load rather than at saturation.
        String paced = env("EVENTS_RATE", "");
        double rate = paced.isEmpty() ? 0 : Double.parseDouble(paced);
        byte[] prefix = ascii("{\"Source\":\"bench." + run + "\",\"DetailType\":\"load\",\"Detail\":\"{\\\"seq\\\":");
        byte[] shardField = ascii(",\\\"shard\\\":");
        byte[] sentField = ascii(",\\\"sent\\\":");
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            // Platform threads: a blocking read on one is a plain system call, where a virtual thread
            // would go through the JDK's poller and scheduler for every answer.
            clients.add(Thread.ofPlatform().start(() -> {
                Client client = new Client(endpoint);
                Bytes body = new Bytes(256 + batch * 128);
                while (true) {
                    int first = next.getAndAdd(batch);
                    if (first >= events) {
                        break;
                    }
                    if (rate > 0) {
                        long wait = start + (long) (first * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    body.clear().add(ENTRIES);
                    for (int i = first; i < Math.min(events, first + batch); i++) {
                        if (i > first) {
                            body.add((byte) ',');
                        }
                        body.add(prefix).add(i).add(shardField).add(i % shards).add(sentField).add(micros()).add(END_ENTRY);
                    }
                    body.add(END_ENTRIES);
                    if (!client.putEvents(body)) {
                        failed.incrementAndGet();
                    }
                }
                if (check.equals("duplicate") && !duplicatePut.getAndSet(true)) {
                    body.clear().add(ENTRIES).add(prefix).add(0).add(shardField).add(0).add(sentField).add(micros())
                            .add(END_ENTRY).add(END_ENTRIES);
                    client.putEvents(body);
                }
                client.close();
                clientCpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        double putSeconds = (System.nanoTime() - start) / 1e9;
        boolean complete = receiver.all.await(Long.parseLong(env("EVENTS_WAIT", "120")), TimeUnit.SECONDS);
        if (check.equals("duplicate")) {
            // The copy of event 0 may still be on its way when the last original arrives.
            long until = System.nanoTime() + 5_000_000_000L;
            while (receiver.duplicates.get() == 0 && System.nanoTime() < until) {
                LockSupport.parkNanos(10_000_000);
            }
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        long cpuNanos = processCpuNanos() - cpuStart;
        receiver.close();

        long[] sorted = Arrays.copyOf(receiver.latencyMicros, expected);
        Arrays.sort(sorted);
        int arrived = receiver.arrived.get();
        long[] present = Arrays.copyOfRange(sorted, expected - arrived, expected);
        System.out.printf("events %d, concurrency %d, batch %d, destinations %d%s%n", events, concurrency, batch, shards,
                mixed ? ", mixed targets (API destination + event bus -> API destination): 2 deliveries per event" : "");
        System.out.printf("PutEvents accepted: %.0f events/s (%.2f s)%s%n", events / putSeconds, putSeconds,
                failed.get() > 0 ? ", FAILED requests: " + failed.get() : "");
        System.out.printf("delivered end to end: %.0f events/s (%d of %d in %.2f s)%s%n", arrived / totalSeconds,
                arrived, expected, totalSeconds, complete ? "" : " INCOMPLETE");
        System.out.printf("delivery latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", pct(present, 50), pct(present, 90),
                pct(present, 99), present.length == 0 ? 0 : present[present.length - 1] / 1000.0);
        System.out.printf("duplicates %d%n", receiver.duplicates.get());
        System.out.printf("load tool CPU: %d ms over the run (%.2f cores), of which PutEvents clients %d ms%n",
                cpuNanos / 1_000_000, cpuNanos / 1e9 / totalSeconds, clientCpuNanos.get() / 1_000_000);
        System.exit(complete && failed.get() == 0 ? 0 : 1);
    }

    /**
     * The deliveries' receiver: a thread per connection (the server's outbound client keeps at most
     * a delivery slot's worth of them open), keep-alive, each request's body scanned for
     * its sequence number and send time, answered 200 with no body.
     */
    static final class Receiver {
        final int events;
        final long[] latencyMicros;
        final boolean[] seen;
        final AtomicInteger arrived = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final CountDownLatch all;
        final ServerSocket server;
        final boolean virtual;

        Receiver(int events, int expected, boolean virtual) throws IOException {
            this.events = events;
            this.latencyMicros = new long[expected];
            this.seen = new boolean[expected];
            this.all = new CountDownLatch(expected);
            this.virtual = virtual;
            this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("accept").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        void close() throws IOException {
            server.close();
        }

        private void accept() {
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException closed) {
                    return;
                }
                Runnable serve = () -> serve(socket);
                if (virtual) {
                    Thread.ofVirtual().start(serve);
                } else {
                    Thread.ofPlatform().daemon().start(serve);
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                socket.setTcpNoDelay(true);
                In in = new In(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                Head head = new Head();
                Bytes body = new Bytes(4096);
                while (in.head(head, false)) {
                    if (head.expectContinue) {
                        out.write(CONTINUE);
                    }
                    in.body(head, body);
                    record(body, head.relay);
                    out.write(OK);
                    if (head.close) {
                        return;
                    }
                }
            } catch (IOException ignored) {
                // The server closed the connection, or this tool is ending.
            }
        }

        private void record(Bytes body, boolean relay) {
            long now = micros();
            long seq = body.number(SEQ);
            long sent = body.number(SENT);
            if (seq < 0 || sent < 0 || seq >= events) {
                return;
            }
            int i = (int) seq + (relay ? events : 0);
            if (i >= seen.length) {
                return;
            }
            synchronized (seen) {
                if (seen[i]) {
                    duplicates.incrementAndGet();
                } else {
                    seen[i] = true;
                    latencyMicros[i] = now - sent;
                    arrived.incrementAndGet();
                    all.countDown();
                }
            }
        }
    }

    /** One keep-alive connection to the server. */
    static final class Client {
        final String host;
        final int port;
        final byte[] target;
        Socket socket;
        In in;
        OutputStream out;
        final Bytes request = new Bytes(1024);
        final Bytes answer = new Bytes(1024);
        final Head head = new Head();

        Client(URI endpoint) {
            this.host = endpoint.getHost();
            this.port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
            this.target = ascii("POST " + (endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
                    + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSEvents.");
        }

        /** A PutEvents call: true when answered 200 with no failed entry. */
        boolean putEvents(Bytes body) {
            try {
                return send(PUT_EVENTS, body) == 200 && answer.indexOf(ACCEPTED) >= 0;
            } catch (IOException e) {
                // Not retried: the events may have been accepted. A fresh connection for the next call.
                close();
                return false;
            }
        }

        /** A setup call: its answer's body, or an exception when it is not a 200. */
        String call(String operation, String json) throws IOException {
            Bytes body = new Bytes(json.length() * 2).add(json.getBytes(StandardCharsets.UTF_8));
            int status = send(ascii(operation), body);
            String text = new String(answer.bytes, 0, answer.length, StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IllegalStateException(operation + " answered " + status + ": " + text);
            }
            return text;
        }

        private int send(byte[] operation, Bytes body) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port));
                in = new In(socket.getInputStream());
                out = socket.getOutputStream();
            }
            // Head and body in one buffer, one write: one segment on the wire for most calls.
            request.clear().add(target).add(operation).add(CONTENT_LENGTH).add(body.length).add(END_HEAD).add(body.bytes, body.length);
            out.write(request.bytes, 0, request.length);
            if (!in.head(head, true)) {
                throw new IOException("connection closed before the answer");
            }
            in.body(head, answer);
            if (head.close) {
                close();
            }
            return head.status;
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    /** What this tool needs from a request's or an answer's head. */
    static final class Head {
        int status;
        long contentLength;
        boolean chunked;
        boolean close;
        boolean expectContinue;
        boolean relay;
    }

    /** A buffered reader of HTTP/1.1 messages over one connection. */
    static final class In {
        final InputStream in;
        final byte[] buf = new byte[16384];
        int pos;
        int lim;

        In(InputStream in) {
            this.in = in;
        }

        /** Reads a head (status line or request line, then headers); false at a clean end of stream. */
        boolean head(Head h, boolean response) throws IOException {
            h.status = 0;
            h.contentLength = -1;
            h.chunked = false;
            h.close = false;
            h.expectContinue = false;
            h.relay = false;
            int end = line();
            if (end < 0) {
                return false;
            }
            if (response) {
                // "HTTP/1.1 200 OK"
                h.status = (buf[pos + 9] - '0') * 100 + (buf[pos + 10] - '0') * 10 + (buf[pos + 11] - '0');
            } else {
                // "POST /events/relay HTTP/1.1": the path ends before the query or the version.
                int from = pos;
                while (from < end && buf[from] != ' ') {
                    from++;
                }
                int to = from + 1;
                while (to < end && buf[to] != ' ' && buf[to] != '?') {
                    to++;
                }
                h.relay = endsWith(from + 1, to, "/relay");
            }
            pos = end + 1;
            while (true) {
                end = line();
                if (end < 0) {
                    throw new IOException("end of stream in a head");
                }
                int stop = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
                if (stop == pos) {
                    pos = end + 1;
                    break;
                }
                if (name(stop, "content-length")) {
                    h.contentLength = number(valueStart(stop), stop);
                } else if (name(stop, "transfer-encoding")) {
                    h.chunked = contains(valueStart(stop), stop, "chunked");
                } else if (name(stop, "connection")) {
                    h.close = contains(valueStart(stop), stop, "close");
                } else if (name(stop, "expect")) {
                    h.expectContinue = contains(valueStart(stop), stop, "100-continue");
                }
                pos = end + 1;
            }
            if (response && h.status == 100) {
                return head(h, true);
            }
            return true;
        }

        /** Reads the body the head announced into {@code into} (cleared first). */
        void body(Head h, Bytes into) throws IOException {
            into.clear();
            if (h.chunked) {
                while (true) {
                    int end = line();
                    if (end < 0) {
                        throw new IOException("end of stream in a chunked body");
                    }
                    long size = 0;
                    for (int i = pos; i < end; i++) {
                        int d = Character.digit(buf[i], 16);
                        if (d < 0) {
                            break;
                        }
                        size = size * 16 + d;
                    }
                    pos = end + 1;
                    if (size == 0) {
                        // Trailers, up to an empty line.
                        while (true) {
                            end = line();
                            if (end < 0 || end == pos || (end == pos + 1 && buf[pos] == '\r')) {
                                pos = end + 1;
                                return;
                            }
                            pos = end + 1;
                        }
                    }
                    copy(size, into);
                    end = line();
                    pos = end + 1;
                }
            } else if (h.contentLength > 0) {
                copy(h.contentLength, into);
            }
        }

        private void copy(long n, Bytes into) throws IOException {
            into.reserve((int) n);
            while (n > 0) {
                if (pos == lim && fill() < 0) {
                    throw new IOException("end of stream in a body");
                }
                int k = (int) Math.min(n, lim - pos);
                into.add(buf, pos, k);
                pos += k;
                n -= k;
            }
        }

        /** The index of the next '\n' at or after pos, filling (and compacting) the buffer as needed; -1 at end of stream. */
        private int line() throws IOException {
            int from = pos;
            while (true) {
                for (int i = from; i < lim; i++) {
                    if (buf[i] == '\n') {
                        return i;
                    }
                }
                from = lim;
                if (pos > 0) {
                    from -= pos;
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                }
                if (lim == buf.length) {
                    throw new IOException("line longer than " + buf.length + " bytes");
                }
                if (fill() < 0) {
                    return -1;
                }
            }
        }

        private int fill() throws IOException {
            if (pos == lim) {
                pos = 0;
                lim = 0;
            }
            int r = in.read(buf, lim, buf.length - lim);
            if (r > 0) {
                lim += r;
            }
            return r;
        }

        private boolean name(int stop, String lower) {
            int n = lower.length();
            if (stop - pos <= n || buf[pos + n] != ':') {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if ((buf[pos + i] | 0x20) != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private int valueStart(int stop) {
            int i = pos;
            while (i < stop && buf[i] != ':') {
                i++;
            }
            return i + 1;
        }

        private long number(int from, int to) {
            long n = 0;
            for (int i = from; i < to; i++) {
                if (buf[i] >= '0' && buf[i] <= '9') {
                    n = n * 10 + (buf[i] - '0');
                }
            }
            return n;
        }

        private boolean contains(int from, int to, String lower) {
            int n = lower.length();
            outer:
            for (int i = from; i + n <= to; i++) {
                for (int j = 0; j < n; j++) {
                    if ((buf[i + j] | 0x20) != lower.charAt(j)) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        private boolean endsWith(int from, int to, String suffix) {
            int n = suffix.length();
            if (to - from < n) {
                return false;
            }
            for (int j = 0; j < n; j++) {
                if (buf[to - n + j] != suffix.charAt(j)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A growable byte buffer, reused for every request and answer of one connection. */
    static final class Bytes {
        byte[] bytes;
        int length;

        Bytes(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        Bytes clear() {
            length = 0;
            return this;
        }

        void reserve(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        Bytes add(byte b) {
            reserve(1);
            bytes[length++] = b;
            return this;
        }

        Bytes add(byte[] b) {
            return add(b, 0, b.length);
        }

        Bytes add(byte[] b, int n) {
            return add(b, 0, n);
        }

        Bytes add(byte[] b, int from, int n) {
            reserve(n);
            System.arraycopy(b, from, bytes, length, n);
            length += n;
            return this;
        }

        Bytes add(long n) {
            if (n < 0) {
                add((byte) '-');
                n = -n;
            }
            reserve(20);
            int start = length;
            do {
                bytes[length++] = (byte) ('0' + n % 10);
                n /= 10;
            } while (n > 0);
            for (int i = start, j = length - 1; i < j; i++, j--) {
                byte t = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = t;
            }
            return this;
        }

        int indexOf(byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** The decimal number right after the first {@code key}, or -1. */
        long number(byte[] key) {
            int i = indexOf(key);
            if (i < 0) {
                return -1;
            }
            i += key.length;
            long n = 0;
            int digits = 0;
            while (i < length && bytes[i] >= '0' && bytes[i] <= '9') {
                n = n * 10 + (bytes[i++] - '0');
                digits++;
            }
            return digits == 0 ? -1 : n;
        }
    }

    static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? otherwise : value;
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
