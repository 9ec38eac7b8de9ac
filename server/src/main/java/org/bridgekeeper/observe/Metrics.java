package org.bridgekeeper.observe;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.bridgekeeper.connections.ConnectionState;
import org.bridgekeeper.connections.TokenExchange;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryObserver;

/**
 * The server's metrics, kept with the Prometheus Java client and written in the Prometheus text
 * format for {@code GET /metrics}: requests per operation and outcome with their durations,
 * delivery attempts per target type and outcome with their durations, the pending deliveries and
 * dead letters, OAuth token requests, connections per state (read from the store at each scrape),
 * and the JVM's own (memory, GC, threads, classes, CPU). Label values come from bounded sets
 * (operations of the models, AWS error codes, target types, states): never an id or a name.
 */
public final class Metrics implements DeliveryObserver {

    /** Latency buckets in seconds: sub-millisecond API calls up to a 10 s outbound timeout. */
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram requestDuration;
    private final Counter deliveries;
    private final Histogram deliveryDuration;
    private final Counter tokenRequests;

    public Metrics(Counts counts, Clock clock) {
        requests = Counter.builder().name("bridgekeeper_requests_total")
                .help("API requests by operation and outcome (success, or the error code answered)")
                .labelNames("operation", "outcome").register(registry);
        requestDuration = Histogram.builder().name("bridgekeeper_request_duration_seconds")
                .help("Time to answer an API request, by operation").labelNames("operation")
                .classicOnly().classicUpperBounds(BUCKETS).register(registry);
        deliveries = Counter.builder().name("bridgekeeper_deliveries_total")
                .help("Delivery attempts by target type and outcome (delivered, retry, dead; cancelled for CancelDelivery)")
                .labelNames("target_type", "outcome").register(registry);
        deliveryDuration = Histogram.builder().name("bridgekeeper_delivery_duration_seconds")
                .help("Duration of a delivery attempt's call to its target, by target type").labelNames("target_type")
                .classicOnly().classicUpperBounds(BUCKETS).register(registry);
        tokenRequests = Counter.builder().name("bridgekeeper_oauth_token_requests_total")
                .help("OAuth client-credentials token requests by outcome (granted, refused, failed: unreachable or 5xx)")
                .labelNames("outcome").register(registry);
        GaugeWithCallback.builder().name("bridgekeeper_pending_deliveries")
                .help("Deliveries accepted and not yet delivered nor dead-lettered")
                .callback(cb -> cb.call(counts.pendingDeliveries())).register(registry);
        GaugeWithCallback.builder().name("bridgekeeper_dead_letters")
                .help("Deliveries in the dead letters (Bridgekeeper.ListDeadLetters)")
                .callback(cb -> cb.call(counts.deadLetters())).register(registry);
        GaugeWithCallback.builder().name("bridgekeeper_connections").help("Connections by state")
                .labelNames("state").callback(cb -> connections(counts, clock).forEach((state, n) ->
                        cb.call(n, state.name()))).register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** Every state, zero included, so that a dashboard's series do not come and go. */
    private static Map<ConnectionState, Long> connections(Counts counts, Clock clock) {
        Map<ConnectionState, Long> out = new EnumMap<>(ConnectionState.class);
        for (ConnectionState s : ConnectionState.values()) {
            out.put(s, 0L);
        }
        counts.connections(clock.instant()).forEach((stored, n) -> {
            ConnectionState state = ConnectionState.valueOf(stored.state());
            ConnectionState shown = stored.settled() ? state.settled() : state;
            if (shown != null) {
                out.merge(shown, n, Long::sum);
            }
        });
        return out;
    }

    /** An API request answered: {@code outcome} is {@code success} or the error code. */
    public void request(String operation, String outcome, long nanos) {
        requests.labelValues(operation, outcome).inc();
        requestDuration.labelValues(operation).observe(nanos / 1e9);
    }

    @Override
    public void attempted(Delivery delivery, Attempt attempt) {
        String type = targetType(delivery.targetArn());
        deliveries.labelValues(type, switch (attempt.result()) {
            case DELIVERED -> "delivered";
            case RETRY -> "retry";
            case DEAD -> "dead";
        }).inc();
        if (attempt.latency() != null) {
            deliveryDuration.labelValues(type).observe(attempt.latency().toNanos() / 1e9);
        }
    }

    @Override
    public void cancelled(Delivery delivery) {
        deliveries.labelValues(targetType(delivery.targetArn()), "cancelled").inc();
    }

    /** A token request's outcome. */
    public void tokenRequest(TokenExchange.Result result) {
        tokenRequests.labelValues(switch (result) {
            case TokenExchange.Result.Granted g -> "granted";
            case TokenExchange.Result.Refused r -> r.retryable() ? "failed" : "refused";
        }).inc();
    }

    /** The token exchange, counted. */
    public TokenExchange counting(TokenExchange exchange) {
        return (scope, oauth, via) -> {
            TokenExchange.Result result;
            try {
                result = exchange.exchange(scope, oauth, via);
            } catch (RuntimeException e) {
                tokenRequests.labelValues("failed").inc();
                throw e;
            }
            tokenRequest(result);
            return result;
        };
    }

    /**
     * The kind of target an ARN names, as a label: {@code api_destination} (an events ARN's
     * resource type, such as {@code api-destination/...} or {@code event-bus/...}), else the ARN's
     * service ({@code sqs}, {@code lambda}, ...); {@code other} for anything unreadable.
     */
    static String targetType(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return "other";
        }
        String service = parts[2];
        if (service.equals("events")) {
            int slash = parts[5].indexOf('/');
            service = slash > 0 ? parts[5].substring(0, slash) : service;
        }
        // By hand, not String.replaceAll: that compiles its pattern on every call, once per delivery here.
        char[] label = service.toCharArray();
        for (int i = 0; i < label.length; i++) {
            char c = label[i];
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                label[i] = '_';
            }
        }
        return new String(label).toLowerCase(java.util.Locale.ROOT);
    }

    /** The exposition, Prometheus text format 0.0.4. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String contentType() {
        return new PrometheusTextFormatWriter(false).getContentType();
    }

}
