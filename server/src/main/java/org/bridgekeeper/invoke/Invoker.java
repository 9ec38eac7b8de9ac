package org.bridgekeeper.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.connections.OAuthTokens;
import org.bridgekeeper.connections.TokenExchange;
import org.bridgekeeper.destinations.ApiDestination;
import org.bridgekeeper.invoke.RequestBuilder.Built;

/**
 * Turns (API destination, its connection, an event payload, the target's HttpParameters) into one
 * HTTP request and a classified outcome, as AWS's API destinations do: the request as
 * {@link InvocationRequest} forms it (the connection's auth and parameters, which win over the
 * target's, AWS's fixed and dropped headers, {@code *} path wildcards), one deadline for the token
 * fetch and the call, no redirects, a rate limit per destination, and AWS's retry classification.
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

    /**
     * What came back from the endpoint: how long the call took (sending the request and reading the
     * answer), and the start of the answer's body ({@link #BODY_CHARS} characters at most), every
     * secret the request carried replaced by {@code ***} in case the endpoint echoes one.
     */
    public record Response(Duration latency, String body) {
        public static final int BODY_CHARS = 1024;
    }

    public sealed interface Outcome {
        SentRequest request();

        /** The endpoint's answer, or null when the call was not made or had no answer. */
        Response response();

        /** A 2xx answer. */
        record Delivered(int status, SentRequest request, Response response) implements Outcome {
            public Delivered(int status, SentRequest request) {
                this(status, request, null);
            }
        }

        /**
         * No delivery. {@code status} is 0 when there was no answer; {@code retryAfter} is the
         * endpoint's Retry-After, or null. A negative Retry-After means "do not retry" (AWS).
         */
        record Failed(int status, String reason, boolean retryable, Duration retryAfter, SentRequest request,
                      Response response) implements Outcome {
            public Failed(int status, String reason, boolean retryable, Duration retryAfter, SentRequest request) {
                this(status, reason, retryable, retryAfter, request, null);
            }
        }
    }

    private final ConnectionService connections;
    private final OAuthTokens tokens;
    private final ResourceConfigurations network;
    private final Outbound outbound;
    private final Duration timeout;
    private final boolean allowHttp;
    private final Clock clock;
    private final RateLimiter limiter;

    public Invoker(ConnectionService connections, OAuthTokens tokens, ResourceConfigurations network, Outbound outbound,
                   Duration timeout, boolean allowHttp, Clock clock) {
        this(connections, tokens, network, outbound, timeout, allowHttp, clock, () -> 1.0);
    }

    /**
     * With {@code rateShare}: the part of each destination's InvocationRateLimitPerSecond this node
     * may use (1.0 alone; 1/live nodes when several share a database).
     */
    public Invoker(ConnectionService connections, OAuthTokens tokens, ResourceConfigurations network, Outbound outbound,
                   Duration timeout, boolean allowHttp, Clock clock, java.util.function.DoubleSupplier rateShare) {
        this.limiter = new RateLimiter(clock, rateShare);
        this.connections = connections;
        this.tokens = tokens;
        this.network = network;
        this.outbound = outbound;
        this.timeout = timeout;
        this.allowHttp = allowHttp;
        this.clock = clock;
    }

    /**
     * One call to {@code destination} for {@code scope}, with its connection's authorization. The
     * destination and its connection are the scope's own: a destination of another scope, or one
     * that names another scope's connection (possible only in data written before accounts were
     * isolated), fails without a call.
     */
    public Outcome invoke(Scope scope, ApiDestination destination, String payload, TargetParameters target)
            throws InterruptedException {
        if (!destination.scope().equals(scope)) {
            return failed("The API destination " + destination.arn() + " does not exist.", false);
        }
        limiter.acquire(destination.arn(), destination.invocationRateLimitPerSecond());
        return invokeAdmitted(scope, destination, payload, target);
    }

    /**
     * Takes one call's InvocationRateLimitPerSecond budget for {@code destination} now and answers
     * null, or answers when to ask again (nothing taken). Never waits: the delivery engine asks this
     * before it starts a delivery, then calls {@link #invokeAdmitted}, so that a delivery waiting
     * for its destination's rate holds no delivery slot.
     */
    public java.time.Instant admit(ApiDestination destination) {
        return limiter.tryAcquire(destination.arn(), destination.invocationRateLimitPerSecond());
    }

    /** {@link #invoke}, for a call already admitted by {@link #admit}: no rate limit wait. */
    public Outcome invokeAdmitted(Scope scope, ApiDestination destination, String payload, TargetParameters target)
            throws InterruptedException {
        if (!destination.scope().equals(scope)) {
            return failed("The API destination " + destination.arn() + " does not exist.", false);
        }
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
        Outcome first = attempt(destination, connection, payload, target, deadline, token);
        if (first instanceof Outcome.Failed f && (f.status() == 401 || f.status() == 407)) {
            if (token != null) {
                // One refresh (shared with concurrent calls rejected with the same token) and one immediate retry.
                TokenExchange.Result fresh = tokens.refreshAfterRejection(scope, connection.name(), token);
                if (fresh instanceof TokenExchange.Result.Granted granted) {
                    return attempt(destination, connection, payload, target, deadline, granted.token());
                }
                return failed("The OAuth token could not be refreshed: " + ((TokenExchange.Result.Refused) fresh).reason(), true);
            }
            connections.deauthorizeRejected(scope, connection.name(),
                    "The endpoint answered HTTP " + f.status() + " to a call made with this connection.");
        }
        return first;
    }

    private java.util.Optional<Connection> connection(ApiDestination d) {
        return connections.byArn(d.scope(), d.connectionArn(), true);
    }

    /** One call: build the request, address it, send it within the deadline. */
    private Outcome attempt(ApiDestination destination, Connection connection, String payload, TargetParameters target,
                            long deadline, OAuthToken token) throws InterruptedException {
        Built built = InvocationRequest.build(destination.httpMethod(), destination.invocationEndpoint(),
                connection.auth().invocationHttpParameters(), connection.auth().credentials(), token, payload, target,
                allowHttp);
        if (built instanceof Built.Refused refused) {
            return new Outcome.Failed(0, refused.reason(), false, null, refused.masked());
        }
        OutboundRequest request = (OutboundRequest) built;
        InetSocketAddress mapped = null;
        if (connection.invocationConnectivity() != null) {
            String arn = connection.invocationConnectivity().resourceConfigurationArn();
            mapped = network.address(arn, connection.scope().account()).orElse(null);
            if (mapped == null) {
                return new Outcome.Failed(0, network.unavailable(arn, connection.scope().account()), true, null,
                        request.masked());
            }
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return new Outcome.Failed(0, "Timed out before the call (the token request took the whole "
                    + timeout.toMillis() + " ms).", true, null, request.masked());
        }
        return send(request, mapped, deadline);
    }

    /**
     * Sends the request and classifies the answer as AWS does (what is retried, Retry-After). An
     * endpoint the egress policy refuses is not called, and the failure is not retryable.
     */
    private Outcome send(OutboundRequest request, InetSocketAddress mapped, long deadline) throws InterruptedException {
        SentRequest shown = request.masked();
        long started = System.nanoTime();
        try {
            // One deadline for connect, headers and body; the body is read (and dropped) up to the
            // Range asked for, and only its start is kept, for the delivery history.
            Outbound.Answer response = outbound.call(request, "endpoint", mapped, deadline, RESPONSE_KEPT_BYTES,
                    MAX_RESPONSE_BYTES);
            Response answer = new Response(Duration.ofNanos(System.nanoTime() - started),
                    ResponseMask.start(response.start(), request));
            int status = response.status();
            if (status >= 200 && status <= 299) {
                return new Outcome.Delivered(status, shown, answer);
            }
            boolean retryable = status == 401 || status == 407 || status == 409 || status == 429 || status >= 500;
            return new Outcome.Failed(status, "The endpoint answered HTTP " + status + ".", retryable,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)), shown, answer);
        } catch (Outbound.Refused e) {
            return new Outcome.Failed(0, e.getMessage(), false, null, shown);
        } catch (HttpTimeoutException e) {
            return new Outcome.Failed(0, "The endpoint did not answer within " + timeout.toMillis() + " ms.", true, null,
                    shown, new Response(Duration.ofNanos(System.nanoTime() - started), null));
        } catch (IOException e) {
            return new Outcome.Failed(0, "Could not connect to the endpoint.", true, null, shown,
                    new Response(Duration.ofNanos(System.nanoTime() - started), null));
        }
    }

    /**
     * The most of an answer's body that is read: the {@code Range} every invocation asks for
     * ({@code bytes=0-1048575}); an endpoint that sends more is cut off there (its status still
     * decides the outcome), so that no endpoint can make a call read without end.
     */
    static final long MAX_RESPONSE_BYTES = 1024 * 1024;

    /** Enough of an answer's body for {@link Response#BODY_CHARS} characters once secrets straddling the cut are masked. */
    private static final int RESPONSE_KEPT_BYTES = 8 * 1024;

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

    private static Outcome.Failed failed(String reason, boolean retryable) {
        return new Outcome.Failed(0, reason, retryable, null, null);
    }
}
