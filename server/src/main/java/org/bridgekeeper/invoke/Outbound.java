package org.bridgekeeper.invoke;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
     * Sends {@code request} within {@code timeout}.
     *
     * @param what   the endpoint's name in a refusal ("endpoint", "authorization endpoint")
     * @param mapped the operator's address for it (private connectivity), or null to call it directly
     * @throws Refused     the policy refuses every address the host resolves to; nothing was sent
     * @throws IOException the call failed (a name that does not resolve is an {@link UnknownHostException})
     */
    <T> HttpResponse<T> send(OutboundRequest request, String what, InetSocketAddress mapped, Duration timeout,
                             HttpResponse.BodyHandler<T> answer) throws Refused, IOException, InterruptedException {
        if (mapped != null) {
            return shared().send(request.through(mapped).toHttpRequest(timeout), answer);
        }
        URI uri = request.uri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        return switch (policy.decide(what, host, port)) {
            case EgressPolicy.Decision.Refused refused -> throw new Refused(refused.reason());
            case EgressPolicy.Decision.Unresolved unresolved -> throw new UnknownHostException("the host does not resolve");
            case EgressPolicy.Decision.Connect connect -> {
                HttpClient client = https && Addresses.literal(host).isEmpty() ? named(host) : shared();
                yield client.send(request.at(connect.address()).toHttpRequest(timeout), answer);
            }
        };
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
    }

    /** No redirects (a redirect would go where the policy did not look), no cookies, HTTP/1.1. */
    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
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
