package org.bridgekeeper.invoke;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The one way out: every outbound HTTP call (the OAuth token request, invocations, TestInvoke)
 * is sent here, and goes where the {@link EgressPolicy} says, to the address it checked.
 *
 * <p>How the checked address is the connected one: the JDK client resolves the URL's host
 * itself, so the request it is given names the checked IP address instead ({@link
 * OutboundRequest#at}) and carries the host in its {@code Host} header; nothing resolves the
 * name a second time, so a name server that answers differently later (DNS rebinding) is never
 * asked. For HTTPS to a name, a client per name ({@link PinnedNameContext}) sends the name as
 * SNI and verifies the certificate against the name, as a call by name would; one client per
 * name also keeps one name's pooled connections from carrying another's requests.
 *
 * <p>A call through private connectivity goes to the operator's mapped address as before
 * ({@link OutboundRequest#through}): the operator's map is trusted and not checked.
 */
public final class Outbound implements AutoCloseable {

    /** The egress policy refused the call: nothing was sent. The message is the reason (no secret in it). */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Clients for HTTPS by name kept at once; the least recently used one is closed beyond this. */
    static final int NAMED_CLIENTS = 64;

    private final EgressPolicy policy;
    private final Duration connectTimeout;
    private final Supplier<SSLContext> tls;
    private volatile HttpClient shared;
    private final Map<String, HttpClient> named = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param tls the trust of outbound HTTPS; made on first use (the JDK's default context costs a
     *            good part of a second, which the server's start need not wait for)
     */
    public Outbound(EgressPolicy policy, Duration connectTimeout, Supplier<SSLContext> tls) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        allowHostHeader();
    }

    /**
     * What came back within the deadline: the status, the headers, the first bytes of the body
     * (as many as the caller keeps), how many bytes were read in all, and whether the body was
     * longer than the cap (then the rest was not read, and the connection was closed).
     */
    record Answer(int status, HttpHeaders headers, byte[] start, long read, boolean overCap) {}

    /**
     * Sends {@code request} and reads its answer within one deadline that covers the connection,
     * the TLS handshake, the response headers and the whole body: an endpoint that sends its
     * headers and then stalls, or streams a body without end, cannot hold the caller (or a
     * delivery slot) longer than the deadline. The JDK's {@code HttpRequest.timeout} covers only
     * the time until the headers, so the call is made asynchronously and abandoned (its exchange
     * cancelled, the connection closed) when the deadline passes. The body is read up to
     * {@code cap} bytes, of which the first {@code keep} are kept: memory per call is bounded
     * whatever the endpoint sends.
     *
     * @param what     the endpoint's name in a refusal ("endpoint", "authorization endpoint")
     * @param mapped   the operator's address for it (private connectivity), or null to call it directly
     * @param deadline {@link System#nanoTime()} by which the whole call is over
     * @throws Refused               the policy refuses every address the host resolves to; nothing was sent
     * @throws HttpTimeoutException  the deadline passed before the answer was read
     * @throws IOException           the call failed (a name that does not resolve is an {@link UnknownHostException})
     */
    Answer call(OutboundRequest request, String what, InetSocketAddress mapped, long deadline, int keep, long cap)
            throws Refused, IOException, InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new HttpTimeoutException("the deadline passed before the call");
        }
        HttpClient client;
        HttpRequest http;
        if (mapped != null) {
            client = shared();
            http = request.through(mapped).toHttpRequest();
        } else {
            URI uri = request.uri();
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
            String host = uri.getHost();
            switch (policy.decide(what, host, port)) {
                case EgressPolicy.Decision.Refused refused -> throw new Refused(refused.reason());
                case EgressPolicy.Decision.Unresolved unresolved -> throw new UnknownHostException("the host does not resolve");
                case EgressPolicy.Decision.Connect connect -> {
                    client = https && Addresses.literal(host).isEmpty() ? named(host) : shared();
                    http = request.at(connect.address()).toHttpRequest();
                }
            }
        }
        CompletableFuture<HttpResponse<CappedBody.Read>> call =
                client.sendAsync(http, info -> new CappedBody(keep, cap));
        try {
            HttpResponse<CappedBody.Read> response = call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            CappedBody.Read body = response.body();
            return new Answer(response.statusCode(), response.headers(), body.start(), body.read(), body.overCap());
        } catch (TimeoutException e) {
            call.cancel(true); // the JDK client aborts the exchange and closes its connection
            throw new HttpTimeoutException("the call did not finish within its deadline");
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    /**
     * A response body read up to {@code cap} bytes, keeping the first {@code keep}: past the cap
     * the subscription is cancelled (which closes the connection) and the body is what was read.
     */
    static final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Read> {

        record Read(byte[] start, long read, boolean overCap) {}

        private final int keep;
        private final long cap;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<Read> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long read;

        CappedBody(int keep, long cap) {
            this.keep = keep;
            this.cap = cap;
        }

        @Override
        public CompletionStage<Read> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int n = buffer.remaining();
                int room = keep - kept.size();
                if (room > 0) {
                    byte[] bytes = new byte[Math.min(room, n)];
                    buffer.get(bytes);
                    kept.writeBytes(bytes);
                }
                read += n;
            }
            if (read > cap) {
                subscription.cancel();
                result.complete(new Read(kept.toByteArray(), read, true));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new Read(kept.toByteArray(), read, false));
        }
    }

    private HttpClient shared() {
        HttpClient c = shared;
        if (c == null) {
            synchronized (this) {
                if (shared == null) {
                    shared = builder().sslContext(tls.get()).build();
                }
                c = shared;
            }
        }
        return c;
    }

    /** The client for HTTPS to {@code host} by its checked address: the host is its TLS peer and SNI. */
    private HttpClient named(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1); // as TLS names it: no trailing dot
        }
        synchronized (named) {
            HttpClient client = named.get(name);
            if (client == null) {
                SSLContext base = tls.get();
                SSLParameters parameters = base.getDefaultSSLParameters();
                try {
                    parameters.setServerNames(List.of(new SNIHostName(name)));
                } catch (IllegalArgumentException notAnSniName) {
                    parameters.setServerNames(List.of()); // the certificate is still checked against the name
                }
                client = builder().sslContext(new PinnedNameContext(base, name)).sslParameters(parameters).build();
                named.put(name, client);
                if (named.size() > NAMED_CLIENTS) {
                    var eldest = named.entrySet().iterator();
                    HttpClient evicted = eldest.next().getValue();
                    eldest.remove();
                    evicted.shutdown(); // calls in flight finish
                }
            }
            return client;
        }
    }

    /** Stops every client; calls in flight are abandoned (the server is stopping). */
    @Override
    public void close() {
        synchronized (this) {
            if (shared != null) {
                shared.shutdownNow();
            }
        }
        synchronized (named) {
            named.values().forEach(HttpClient::shutdownNow);
            named.clear();
        }
        callbacks.shutdownNow();
    }

    /**
     * Where the JDK clients run their own work (reading answers, completing calls): on virtual
     * threads, not the default pool of platform threads, whose hand-offs (a platform thread woken
     * per answer) were a good part of a delivery's CPU. A calling delivery already runs on a
     * virtual thread, so the answer completes on the same carriers. Nothing on it blocks for long:
     * the body is read into a bounded buffer ({@link CappedBody}). bench/README.md, issue 13: server
     * CPU per delivery about 15-20% lower in bench/drain.sh.
     */
    private final java.util.concurrent.ExecutorService callbacks = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    /** No redirects (a redirect would go where the policy did not look), no cookies, HTTP/1.1. */
    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(callbacks);
    }

    /**
     * A call by address must carry its host in {@code Host}, which the JDK client sends only
     * where {@code jdk.httpclient.allowRestrictedHeaders} names it when the client's classes are
     * first used; set here, before that, and checked.
     *
     * @throws IllegalStateException when the JDK client was already set up without it in this process
     */
    private static void allowHostHeader() {
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders");
        if (allowed == null || allowed.isBlank()) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        } else if (List.of(allowed.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).stream().noneMatch("host"::equals)) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", allowed + ",host");
        }
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "example.com");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the JDK HTTP client refuses to send a Host header in this process; "
                    + "start the JVM with -Djdk.httpclient.allowRestrictedHeaders=host");
        }
    }
}
