package org.bridgekeeper.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.HttpParameters;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.connections.OAuthTokens;
import org.bridgekeeper.connections.Parameter;
import org.bridgekeeper.connections.TokenExchange;
import org.bridgekeeper.destinations.ApiDestination;

/**
 * Turns (API destination, its connection, an event payload, the target's HttpParameters) into one
 * HTTP request and a classified outcome, as AWS's API destinations do: the connection's auth and
 * parameters (which win over the target's), AWS's fixed headers and dropped headers, `*` path
 * wildcards, one deadline for the token fetch and the call, no redirects, a rate limit per
 * destination, and AWS's retry classification.
 */
public final class Invoker {

    /** A target's HttpParameters (PutTargets); any may be empty. */
    public record TargetParameters(List<String> pathParameterValues, Map<String, String> headers,
                                   Map<String, String> queryString) {
        public static final TargetParameters NONE = new TargetParameters(List.of(), Map.of(), Map.of());

        /** From a validated HttpParameters member (PutTargets' shape); NONE for null or a missing node. */
        public static TargetParameters from(JsonNode http) {
            if (http == null || http.isNull() || http.isMissingNode()) {
                return NONE;
            }
            List<String> path = new ArrayList<>();
            http.path("PathParameterValues").forEach(v -> path.add(v.asText()));
            return new TargetParameters(path, map(http.path("HeaderParameters")), map(http.path("QueryStringParameters")));
        }

        private static Map<String, String> map(JsonNode node) {
            Map<String, String> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }
    }

    /** The request as sent, with every secret replaced by {@code ***}: safe to show and log. */
    public record SentRequest(String method, String url, Map<String, String> headers, String body) {}

    public sealed interface Outcome {
        SentRequest request();

        /** A 2xx answer. */
        record Delivered(int status, SentRequest request) implements Outcome {}

        /**
         * No delivery. {@code status} is 0 when there was no answer; {@code retryAfter} is the
         * endpoint's Retry-After, or null. A negative Retry-After means "do not retry" (AWS).
         */
        record Failed(int status, String reason, boolean retryable, Duration retryAfter, SentRequest request)
                implements Outcome {}
    }

    /** AWS's payload limit: "An event payload cannot exceed 64 KB", parameters included. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final String REDACTED = "***";

    /** Removed from every request even when configured (AWS's list). */
    static final Set<String> DROPPED = Set.of("a-im", "accept-charset", "accept-datetime", "accept-encoding",
            "cache-control", "connection", "content-encoding", "content-length", "content-md5", "date", "expect",
            "forwarded", "from", "host", "http2-settings", "if-match", "if-modified-since", "if-none-match", "if-range",
            "if-unmodified-since", "max-forwards", "origin", "pragma", "proxy-authorization", "range", "referer", "te",
            "trailer", "transfer-encoding", "user-agent", "upgrade", "via", "warning");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionService connections;
    private final OAuthTokens tokens;
    private final ResourceConfigurations network;
    private final java.util.function.Supplier<HttpClient> http;
    private final Duration timeout;
    private final boolean allowHttp;
    private final Clock clock;
    private final RateLimiter limiter = new RateLimiter();

    public Invoker(ConnectionService connections, OAuthTokens tokens, ResourceConfigurations network,
                   java.util.function.Supplier<HttpClient> http,
                   Duration timeout, boolean allowHttp, Clock clock) {
        this.connections = connections;
        this.tokens = tokens;
        this.network = network;
        this.http = http;
        this.timeout = timeout;
        this.allowHttp = allowHttp;
        this.clock = clock;
    }

    public Outcome invoke(Scope scope, ApiDestination destination, String payload, TargetParameters target)
            throws InterruptedException {
        limiter.acquire(destination.arn(), destination.invocationRateLimitPerSecond());
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection connection = connection(destination).orElse(null);
        if (connection == null) {
            return failed("The connection " + destination.connectionArn() + " does not exist.", false);
        }
        if (!connection.isAuthorized() || connection.auth() == null) {
            // Retryable: a connection being authorized, or fixed by an update, can take the event later.
            return failed("The connection is " + connection.state() + ", not AUTHORIZED.", true);
        }
        // The token this call uses, fetched here so that a 401 names exactly the token it rejected
        // (the stored one may already have been replaced by a concurrent call's refresh).
        OAuthToken token = null;
        if (connection.auth().credentials() instanceof Credentials.OAuth) {
            TokenExchange.Result result = tokens.token(scope, connection.name());
            if (result instanceof TokenExchange.Result.Refused refused) {
                return failed("No OAuth token: " + refused.reason(), refused.retryable());
            }
            token = ((TokenExchange.Result.Granted) result).token();
        }
        Outcome first = attempt(scope, destination, connection, payload, target, deadline, token);
        if (first instanceof Outcome.Failed f && (f.status() == 401 || f.status() == 407)) {
            if (token != null) {
                // One refresh (shared with concurrent calls rejected with the same token) and one immediate retry.
                TokenExchange.Result fresh = tokens.refreshAfterRejection(scope, connection.name(), token);
                if (fresh instanceof TokenExchange.Result.Granted granted) {
                    return attempt(scope, destination, connection, payload, target, deadline, granted.token());
                }
                return failed("The OAuth token could not be refreshed: " + ((TokenExchange.Result.Refused) fresh).reason(), true);
            }
            connections.deauthorizeRejected(scope, connection.name(),
                    "The endpoint answered HTTP " + f.status() + " to a call made with this connection.");
        }
        return first;
    }

    private java.util.Optional<Connection> connection(ApiDestination d) {
        return connections.byArn(d.connectionArn(), true);
    }

    private Outcome attempt(Scope scope, ApiDestination destination, Connection connection, String payload,
                            TargetParameters target, long deadline, OAuthToken token) throws InterruptedException {
        HttpParameters parameters = connection.auth().invocationHttpParameters() == null
                ? new HttpParameters(null, null, null) : connection.auth().invocationHttpParameters();
        // The endpoint, its * wildcards filled in order.
        String endpoint = destination.invocationEndpoint();
        List<String> values = target.pathParameterValues() == null ? List.of() : target.pathParameterValues();
        long wildcards = endpoint.chars().filter(c -> c == '*').count();
        if (wildcards != values.size()) {
            return failed("The endpoint has " + wildcards + " path wildcards (*) but the target gives "
                    + values.size() + " PathParameterValues.", false);
        }
        StringBuilder url = new StringBuilder(endpoint.contains("://") ? "" : "https://");
        int v = 0;
        for (char c : endpoint.toCharArray()) {
            url.append(c == '*' ? URLEncoder.encode(values.get(v++), StandardCharsets.UTF_8).replace("+", "%20")
                    : String.valueOf(c));
        }
        // Query string and headers: the target's, then the connection's, which win.
        Map<String, String[]> query = new LinkedHashMap<>();
        (target.queryString() == null ? Map.<String, String>of() : target.queryString())
                .forEach((k, val) -> query.put(k, new String[] {val, val}));
        for (Parameter p : list(parameters.queryString())) {
            query.put(p.key(), new String[] {nz(p.value()), p.isSecret() ? REDACTED : nz(p.value())});
        }
        Map<String, String[]> headers = new LinkedHashMap<>();
        (target.headers() == null ? Map.<String, String>of() : target.headers())
                .forEach((k, val) -> putHeader(headers, k, val, val));
        for (Parameter p : list(parameters.header())) {
            putHeader(headers, p.key(), nz(p.value()), p.isSecret() ? REDACTED : nz(p.value()));
        }
        // The connection's body parameters go into a JSON object payload.
        String body = payload == null ? "" : payload;
        String shownBody = body;
        if (!list(parameters.body()).isEmpty()) {
            JsonNode tree;
            try {
                tree = JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                tree = null;
            }
            if (!(tree instanceof ObjectNode object)) {
                return failed("The connection has body parameters, so the payload must be a JSON object.", false);
            }
            ObjectNode shown = object.deepCopy();
            for (Parameter p : list(parameters.body())) {
                object.put(p.key(), nz(p.value()));
                shown.put(p.key(), p.isSecret() ? REDACTED : nz(p.value()));
            }
            body = object.toString();
            shownBody = shown.toString();
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            return failed("The payload with the connection's parameters is larger than 64 KB.", false);
        }
        // Authorization.
        switch (connection.auth().credentials()) {
            case Credentials.Basic b -> putHeader(headers, "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)), "Basic " + REDACTED);
            case Credentials.ApiKey k -> putHeader(headers, k.name(), k.value(), REDACTED);
            case Credentials.OAuth o -> putHeader(headers, "Authorization", "Bearer " + token.accessToken(), "Bearer " + REDACTED);
            case null -> { }
        }
        headers.putIfAbsent("content-type", new String[] {"Content-Type", "application/json; charset=utf-8",
                "application/json; charset=utf-8"});
        // AWS's fixed headers, which no parameter overrides.
        headers.put("user-agent", new String[] {"User-Agent", "Amazon/EventBridge/ApiDestinations", "Amazon/EventBridge/ApiDestinations"});
        headers.put("range", new String[] {"Range", "bytes=0-1048575", "bytes=0-1048575"});
        headers.put("accept-encoding", new String[] {"Accept-Encoding", "gzip,deflate", "gzip,deflate"});
        // AWS also sends "Connection: close". Not here: the JDK client keeps connections alive and
        // would race a server that closes them; the header is hop-by-hop, receivers never see it.

        StringJoiner q = new StringJoiner("&");
        StringJoiner shownQ = new StringJoiner("&");
        query.forEach((k, val) -> {
            q.add(form(k) + "=" + form(val[0]));
            shownQ.add(form(k) + "=" + form(val[1]));
        });
        String base = url.toString();
        String sep = base.contains("?") ? "&" : "?";
        String full = query.isEmpty() ? base : base + sep + q;
        String shownUrl = query.isEmpty() ? base : base + sep + shownQ;
        Map<String, String> shownHeaders = new LinkedHashMap<>();
        headers.values().forEach(h -> shownHeaders.put(h[0], h[2]));
        SentRequest shown = new SentRequest(destination.httpMethod(), shownUrl, shownHeaders, shownBody);

        URI uri;
        try {
            uri = URI.create(full);
        } catch (IllegalArgumentException e) {
            return new Outcome.Failed(0, "The endpoint is not a valid URL.", false, null, shown);
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && !allowHttp) {
            return new Outcome.Failed(0, "The endpoint must use HTTPS (or start Bridgekeeper with --allow-http-endpoints).",
                    false, null, shown);
        }
        String host = null;
        if (connection.invocationConnectivity() != null) {
            InetSocketAddress address = network.address(connection.invocationConnectivity().resourceConfigurationArn()).orElse(null);
            if (address == null) {
                return new Outcome.Failed(0, "The resource configuration is not mapped to an address.", true, null, shown);
            }
            host = uri.getRawAuthority();
            uri = URI.create(uri.getScheme() + "://" + address.getHostString() + ":" + address.getPort()
                    + nz(uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return new Outcome.Failed(0, "Timed out before the call (the token request took the whole "
                    + timeout.toMillis() + " ms).", true, null, shown);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(remaining));
        if (host != null) {
            header(request, "Host", host);
        }
        for (String[] h : headers.values()) {
            header(request, h[0], h[1]); // the answer's body is not decoded, so gzip is fine to accept
        }
        request.method(destination.httpMethod(), destination.httpMethod().equals("GET") || destination.httpMethod().equals("HEAD")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<InputStream> response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                in.readNBytes(1024 * 1024); // read (and drop) up to the Range asked for
            }
            int status = response.statusCode();
            if (status >= 200 && status <= 299) {
                return new Outcome.Delivered(status, shown);
            }
            boolean retryable = status == 401 || status == 407 || status == 409 || status == 429 || status >= 500;
            return new Outcome.Failed(status, "The endpoint answered HTTP " + status + ".", retryable,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)), shown);
        } catch (HttpTimeoutException e) {
            return new Outcome.Failed(0, "The endpoint did not answer within " + timeout.toMillis() + " ms.", true, null, shown);
        } catch (IOException e) {
            return new Outcome.Failed(0, "Could not connect to the endpoint.", true, null, shown);
        }
    }

    /**
     * Sets a header; one the JDK client reserves (Host) is sent only where the
     * process allowed it at start (jdk.httpclient.allowRestrictedHeaders, set by
     * {@link HttpTokenExchange#client}); otherwise the client's own value stands.
     */
    private static void header(HttpRequest.Builder request, String name, String value) {
        try {
            request.header(name, value);
        } catch (IllegalArgumentException e) {
            // restricted in this process: the client sends its own
        }
    }

    /** Seconds, or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(clock.instant(), at.toInstant());
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    private static void putHeader(Map<String, String[]> headers, String name, String value, String shown) {
        if (name == null || DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        headers.put(name.toLowerCase(Locale.ROOT), new String[] {name, value, shown});
    }

    private static Outcome.Failed failed(String reason, boolean retryable) {
        return new Outcome.Failed(0, reason, retryable, null, null);
    }

    private static List<Parameter> list(List<Parameter> parameters) {
        return parameters == null ? List.of() : new ArrayList<>(parameters);
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
