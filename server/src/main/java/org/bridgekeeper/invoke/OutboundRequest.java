package org.bridgekeeper.invoke;

import java.net.InetSocketAddress;
import java.net.URI;
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
     * The same request with {@code Host} naming the URL's host as a call by name would (with the
     * port only when it is not the scheme's default), unless a Host header is set already. It is
     * sent to the address the egress policy checked ({@link Outbound} connects to that address
     * itself), so nothing resolves the name again.
     */
    OutboundRequest withHost() {
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("Host")) {
                return this;
            }
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        Map<String, String> withHost = new LinkedHashMap<>();
        withHost.put("Host", uri.getHost() + (defaultPort ? "" : ":" + port));
        withHost.putAll(headers);
        return new OutboundRequest(method, uri, withHost, body, masked);
    }

    /**
     * The request as {@link Http1} writes it: the URL's path and query as the target (the path
     * {@code /} when it has none), the headers as set ({@code Host} included), and the body as
     * UTF-8 except for GET and HEAD, which send none.
     *
     * <p>No timeout of its own: {@link Outbound#call}'s deadline covers the whole call.
     */
    Http1.Request toWire() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        boolean bodiless = method.equals("GET") || method.equals("HEAD");
        return new Http1.Request(method, target, headers, bodiless ? null : Http1.utf8(body == null ? "" : body));
    }

    @Override
    public String toString() {
        // the masked twin's values only: never a secret
        return "OutboundRequest[method=" + masked.method() + ", url=" + masked.url() + ", headers=" + masked.headers()
                + ", body=" + masked.body() + "]";
    }
}
