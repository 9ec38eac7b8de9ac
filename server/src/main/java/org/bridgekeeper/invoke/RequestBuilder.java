package org.bridgekeeper.invoke;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Builds an {@link OutboundRequest} and, value by value, its masked twin: the one place where an
 * outbound URL is assembled (scheme defaulted to HTTPS, query form-encoded and appended, fragment
 * dropped, validated as an http(s) URL with a host). Pure: no I/O, no clock.
 *
 * <p>Headers are keyed case-insensitively; a later value replaces an earlier one and takes its
 * name's spelling. Names in the {@link #dropping dropped} set are ignored, except for
 * {@link #fixedHeader fixed headers}, which nothing replaces.
 */
final class RequestBuilder {

    /** What a secret looks like in the masked request. */
    static final String REDACTED = "***";

    private final String method;
    private final String endpoint;
    private final String name;
    /** {key, value, masked value}, in order. */
    private final List<String[]> query = new ArrayList<>();
    /** lower-case name -> {name, value, masked value}, in order. */
    private final Map<String, String[]> headers = new LinkedHashMap<>();
    private final Map<String, String[]> fixed = new LinkedHashMap<>();
    private Set<String> dropped = Set.of();
    private String body = "";
    private String maskedBody = "";

    private RequestBuilder(String method, String endpoint, String name) {
        this.method = method;
        this.endpoint = endpoint;
        this.name = name;
    }

    /**
     * @param endpoint the URL; without a scheme it means HTTPS, as AWS reads endpoints
     * @param name     what the endpoint is, for the refusals' texts ("endpoint", "authorization endpoint")
     */
    static RequestBuilder to(String method, String endpoint, String name) {
        return new RequestBuilder(method, endpoint, name);
    }

    /** Header names (lower case) that {@link #header} and {@link #headerIfAbsent} ignore. */
    RequestBuilder dropping(Set<String> lowerCaseNames) {
        this.dropped = Set.copyOf(lowerCaseNames);
        return this;
    }

    /** Sets a query parameter, replacing one of the same key where it stands. A null key is ignored. */
    RequestBuilder query(String key, String value, boolean secret) {
        if (key == null) {
            return this;
        }
        String[] entry = {key, nz(value), secret ? REDACTED : nz(value)};
        for (int i = 0; i < query.size(); i++) {
            if (query.get(i)[0].equals(key)) {
                query.set(i, entry);
                return this;
            }
        }
        query.add(entry);
        return this;
    }

    /** Adds a query parameter, even when its key is already there. A null key is ignored. */
    RequestBuilder addQuery(String key, String value, boolean secret) {
        if (key != null) {
            query.add(new String[] {key, nz(value), secret ? REDACTED : nz(value)});
        }
        return this;
    }

    /** Sets a header; a null name, or a dropped one, is ignored; a null value is sent empty. */
    RequestBuilder header(String name, String value, boolean secret) {
        return put(name, nz(value), secret ? REDACTED : nz(value));
    }

    /** Sets {@code Authorization: <scheme> <credentials>}, masked as {@code <scheme> ***}. */
    RequestBuilder authorization(String scheme, String credentials) {
        return put("Authorization", scheme + " " + credentials, scheme + " " + REDACTED);
    }

    RequestBuilder headerIfAbsent(String name, String value) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT)) ? this : put(name, value, value);
    }

    /** A header no other call replaces or drops. */
    RequestBuilder fixedHeader(String name, String value) {
        fixed.put(name.toLowerCase(Locale.ROOT), new String[] {name, value, value});
        return this;
    }

    RequestBuilder body(String body, String masked) {
        this.body = nz(body);
        this.maskedBody = nz(masked);
        return this;
    }

    private RequestBuilder put(String name, String value, String masked) {
        if (name == null || dropped.contains(name.toLowerCase(Locale.ROOT))) {
            return this;
        }
        headers.put(name.toLowerCase(Locale.ROOT), new String[] {name, value, masked});
        return this;
    }

    /**
     * The request, or why there is none: the URL is not an http(s) URL with a host, or is plain
     * HTTP where {@code allowHttp} is false. A refusal carries the masked request.
     */
    Built build(boolean allowHttp) {
        String base = endpoint.contains("://") ? endpoint : "https://" + endpoint;
        if (base.indexOf('#') >= 0) {
            base = base.substring(0, base.indexOf('#')); // never sent; the query must not land in it
        }
        StringJoiner q = new StringJoiner("&");
        StringJoiner maskedQ = new StringJoiner("&");
        for (String[] p : query) {
            q.add(form(p[0]) + "=" + form(p[1]));
            maskedQ.add(form(p[0]) + "=" + form(p[2]));
        }
        String separator = base.contains("?") ? "&" : "?";
        String url = query.isEmpty() ? base : base + separator + q;
        String maskedUrl = query.isEmpty() ? base : base + separator + maskedQ;

        Map<String, String> sent = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        Map<String, String[]> all = new LinkedHashMap<>(headers);
        all.putAll(fixed);
        all.values().forEach(h -> {
            sent.put(h[0], h[1]);
            shown.put(h[0], h[2]);
        });
        Invoker.SentRequest masked = new Invoker.SentRequest(method, maskedUrl, shown, maskedBody);

        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            return new Built.Refused("The " + name + " is not a valid URL.", masked);
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && !allowHttp) {
            return new Built.Refused("The " + name + " must use HTTPS (or start Bridgekeeper with --allow-http-endpoints).",
                    masked);
        }
        return new OutboundRequest(method, uri, sent, body, masked);
    }

    /** application/x-www-form-urlencoded, as query strings and token request bodies are written. */
    static String form(String value) {
        return URLEncoder.encode(nz(value), StandardCharsets.UTF_8);
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    /** What building gives: the request, or why there is none. */
    sealed interface Built permits OutboundRequest, Built.Refused {

        /** No request; {@code masked} is what it would have been. */
        record Refused(String reason, Invoker.SentRequest masked) implements Built {}
    }
}
