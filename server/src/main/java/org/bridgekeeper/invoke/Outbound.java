package org.bridgekeeper.invoke;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The one way out: every outbound HTTP call (the OAuth token request, invocations, TestInvoke)
 * is sent here, and goes where the {@link EgressPolicy} says, to the address it checked.
 *
 * <p>How the checked address is the connected one: the policy resolves the URL's host once and
 * the client ({@link Http1}) connects to the address it chose, never to a name, with the host in
 * the {@code Host} header ({@link OutboundRequest#withHost}); nothing resolves the name a second time,
 * so a name server that answers differently later (DNS rebinding) is never asked. For HTTPS to a
 * name, the TLS socket is made for the name: it sends the name as SNI and verifies the
 * certificate against the name (not the address), as a call by name would. Pooled connections
 * are reused only for the same address, name and Host, so one name's connections never carry
 * another's requests.
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

    private final EgressPolicy policy;
    private final Http1 http;

    /**
     * @param tls the trust of outbound HTTPS; made on first use (the JDK's default context costs a
     *            good part of a second, which the server's start need not wait for)
     */
    public Outbound(EgressPolicy policy, Duration connectTimeout, Supplier<SSLContext> tls) {
        this.policy = policy;
        this.http = new Http1(connectTimeout, tls);
    }

    /**
     * What came back within the deadline: the status, the headers, the first bytes of the body
     * (as many as the caller keeps), how many bytes were read in all, and whether the body was
     * longer than the cap (then the rest was not read, and the connection was closed).
     */
    record Answer(int status, HttpHeaders headers, byte[] start, long read, boolean overCap) {}

    /**
     * Sends {@code request} and reads its answer within one deadline that covers the connection,
     * the TLS handshake, writing the request, the response headers and the whole body: an
     * endpoint that sends its headers and then stalls, trickles its bytes, or streams a body
     * without end, cannot hold the caller (or a delivery slot) longer than the deadline. The body
     * is read up to {@code cap} bytes, of which the first {@code keep} are kept: memory per call is
     * bounded whatever the endpoint sends. Redirects are answers, not followed (a redirect would
     * go where the policy did not look).
     *
     * @param what     the endpoint's name in a refusal ("endpoint", "authorization endpoint")
     * @param mapped   the operator's address for it (private connectivity), or null to call it directly
     * @param deadline {@link System#nanoTime()} by which the whole call is over
     * @throws Refused               the policy refuses every address the host resolves to; nothing was sent
     * @throws HttpTimeoutException  the deadline passed before the answer was read
     * @throws InterruptedException  the calling thread was interrupted (the server is stopping)
     * @throws IOException           the call failed (a name that does not resolve is an {@link UnknownHostException})
     */
    Answer call(OutboundRequest request, String what, InetSocketAddress mapped, long deadline, int keep, long cap)
            throws Refused, IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before the call");
        }
        if (deadline - System.nanoTime() <= 0) {
            throw new HttpTimeoutException("the deadline passed before the call");
        }
        URI uri = request.uri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        OutboundRequest wire;
        Http1.Route route;
        if (mapped != null) {
            wire = request.through(mapped);
            // The operator's address, a literal or a name of the operator's network (trusted, as
            // the map is); its TLS peer is that address, as the call names it.
            InetSocketAddress address = mapped.isUnresolved()
                    ? new InetSocketAddress(InetAddress.getByName(mapped.getHostString()), mapped.getPort()) : mapped;
            route = new Http1.Route(https, address, https ? peer(mapped.getHostString()) : null, host(wire));
        } else {
            int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
            String host = uri.getHost();
            switch (policy.decide(what, host, port)) {
                case EgressPolicy.Decision.Refused refused -> throw new Refused(refused.reason());
                case EgressPolicy.Decision.Unresolved unresolved -> throw new UnknownHostException("the host does not resolve");
                case EgressPolicy.Decision.Connect connect -> {
                    wire = request.withHost();
                    String peer = null;
                    if (https) {
                        peer = Addresses.literal(host).isEmpty() ? peer(host) : Addresses.text(connect.address());
                    }
                    route = new Http1.Route(https, new InetSocketAddress(connect.address(), port), peer, host(wire));
                }
            }
        }
        Http1.Response response = http.send(route, wire.toWire(), deadline, keep, cap);
        return new Answer(response.status(), response.headers(), response.body().start(), response.body().read(),
                response.body().overCap());
    }

    /** A host as TLS names it: lower case, no trailing dot, an IPv6 literal without brackets. */
    private static String peer(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String host(OutboundRequest wire) {
        for (var h : wire.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Host")) {
                return h.getValue();
            }
        }
        throw new IllegalStateException("no Host"); // withHost and through always set one
    }

    /** Closes the idle connections; calls in flight end on their own (their threads are interrupted at a stop). */
    @Override
    public void close() {
        http.close();
    }
}
