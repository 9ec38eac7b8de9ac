package org.bridgekeeper.invoke;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One outbound HTTP request as it goes on the wire, secrets included, and its {@link #masked}
 * twin with every secret replaced by {@code ***}, which alone is fit to show or log (and is all
 * {@link #toString} prints). Made by {@link RequestBuilder}.
 *
 * @param headers in the order set; for GET and HEAD the {@code body} is not sent
 * @param masked  the same request as addressed (before {@link #through}), secrets masked
 */
record OutboundRequest(String method, URI uri, Map<String, String> headers, String body, Invoker.SentRequest masked)
        implements RequestBuilder.Built {

    OutboundRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The same request sent to {@code address} instead (private connectivity: the operator's
     * mapping of a resource configuration), with the endpoint's own authority as {@code Host}
     * unless a Host header is set already. An IPv6 literal is bracketed, as a URL requires.
     */
    OutboundRequest through(InetSocketAddress address) {
        String host = address.getHostString().contains(":") ? "[" + address.getHostString() + "]" : address.getHostString();
        URI mapped = URI.create(uri.getScheme() + "://" + host + ":" + address.getPort()
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        Map<String, String> withHost = new LinkedHashMap<>();
        if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
            withHost.put("Host", uri.getRawAuthority());
        }
        withHost.putAll(headers);
        return new OutboundRequest(method, mapped, withHost, body, masked);
    }

    /**
     * The same request sent to {@code address}, an address the egress policy checked, instead of
     * to the host it names, so that nothing resolves the name again: the URL names the address,
     * and {@code Host} names the host as the HTTP client would (with the port only when it is not
     * the scheme's default), unless a Host header is set already.
     */
    OutboundRequest at(InetAddress address) {
        String literal = Addresses.text(address);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        URI routed = URI.create(uri.getScheme() + "://" + (literal.contains(":") ? "[" + literal + "]" : literal)
                + (port == -1 ? "" : ":" + port)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        Map<String, String> withHost = new LinkedHashMap<>();
        if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
            withHost.put("Host", uri.getHost() + (defaultPort ? "" : ":" + port));
        }
        withHost.putAll(headers);
        return new OutboundRequest(method, routed, withHost, body, masked);
    }

    /**
     * The JDK client's request. A header the client reserves (Host) is sent only where the
     * process allowed it at start (jdk.httpclient.allowRestrictedHeaders, set by
     * {@link Outbound}); that one, and any the client refuses, it leaves out.
     *
     * <p>No {@code HttpRequest.timeout}: {@link Outbound#call}'s deadline covers the whole call
     * (headers and body) and cancels it; the JDK's own timer per request (registered with and
     * woken out of its selector, then cancelled) was about 6% of the server's CPU under delivery
     * load (JFR of bench/events.sh) and ended nothing the deadline does not.
     */
    HttpRequest toHttpRequest() {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        headers.forEach((name, value) -> {
            try {
                request.header(name, value);
            } catch (IllegalArgumentException e) {
                // restricted in this process, or not a valid header: the client sends its own, or none
            }
        });
        boolean bodiless = method.equals("GET") || method.equals("HEAD");
        return request.method(method, bodiless ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Override
    public String toString() {
        // the masked twin's values only: never a secret
        return "OutboundRequest[method=" + masked.method() + ", url=" + masked.url() + ", headers=" + masked.headers()
                + ", body=" + masked.body() + "]";
    }
}
