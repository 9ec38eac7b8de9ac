package org.bridgekeeper.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.DeadLetter;
import org.bridgekeeper.delivery.Deliveries;
import org.bridgekeeper.delivery.DeliveryHistory;
import org.bridgekeeper.error.Errors;

/**
 * The delivery history's extension operations ({@code Bridgekeeper.ListDeliveries},
 * {@code DescribeDelivery}, {@code RetryDelivery}, {@code CancelDelivery}; model
 * {@code model/bridgekeeper.json}).
 */
final class DeliveriesApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deliveries deliveries;

    DeliveriesApi(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    Map<String, HttpApi.Handler> handlers() {
        return Map.of(
                "ListDeliveries", (scope, in) -> {
                    String destination = Inputs.text(in, "ApiDestinationArn");
                    if (destination != null && !destination.matches("arn:[a-z-]+:events:[^:]*:\\d{12}:api-destination/.+")) {
                        throw Errors.deliveryDestinationNotAnArn(destination);
                    }
                    String state = Inputs.text(in, "State");
                    Deliveries.Page page = deliveries.list(scope, new DeliveryHistory.Filter(Inputs.text(in, "EventBusName"),
                            Inputs.text(in, "Rule"), Inputs.text(in, "TargetId"), destination,
                            state == null ? null : DeliveryHistory.State.valueOf(state.toUpperCase(Locale.ROOT))),
                            Inputs.text(in, "NextToken"), Inputs.integer(in, "Limit"));
                    ObjectNode out = JSON.createObjectNode();
                    var items = out.putArray("Deliveries");
                    page.deliveries().forEach(e -> items.add(entry(e)));
                    if (page.nextToken() != null) {
                        out.put("NextToken", page.nextToken());
                    }
                    return out;
                },
                "DescribeDelivery", (scope, in) -> {
                    DeliveryHistory.Detail detail = deliveries.describe(scope, Inputs.text(in, "Id"));
                    ObjectNode out = entry(detail.entry());
                    if (detail.event() != null) {
                        out.put("Event", detail.event());
                    }
                    out.put("Payload", detail.payload());
                    if (detail.request() != null) {
                        try {
                            out.set("Request", JSON.readTree(detail.request()));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("stored request is not JSON", e);
                        }
                    }
                    var attempts = out.putArray("Attempts");
                    detail.attempts().forEach(a -> attempts.add(attempt(a)));
                    return out;
                },
                "RetryDelivery", (scope, in) -> {
                    deliveries.retryNow(scope, Inputs.text(in, "Id"));
                    return JSON.createObjectNode();
                },
                "CancelDelivery", (scope, in) -> {
                    DeadLetter letter = deliveries.cancel(scope, Inputs.text(in, "Id"));
                    return JSON.createObjectNode().put("State", DeliveryHistory.State.DEAD.name())
                            .put("Reason", letter.reason());
                });
    }

    private static ObjectNode entry(DeliveryHistory.Entry e) {
        ObjectNode out = JSON.createObjectNode().put("Id", e.id()).put("EventId", e.eventId()).put("EventBusName", e.bus())
                .put("Rule", e.rule()).put("TargetId", e.targetId()).put("TargetArn", e.targetArn())
                .put("State", e.state().name()).put("AttemptCount", e.attempts());
        time(out, "CreatedTime", e.createdTime());
        time(out, "LastModifiedTime", e.updatedTime());
        time(out, "NextAttemptTime", e.nextTime());
        if (e.lastStatus() > 0) {
            out.put("LastStatusCode", e.lastStatus());
        }
        if (e.lastReason() != null) {
            out.put("Reason", e.lastReason());
        }
        if (e.traceparent() != null) {
            out.put("TraceParent", e.traceparent());
        }
        return out;
    }

    private static ObjectNode attempt(Attempt a) {
        ObjectNode out = JSON.createObjectNode().put("Number", a.number()).put("Outcome", a.result().wire());
        time(out, "Time", a.time());
        if (a.status() > 0) {
            out.put("StatusCode", a.status());
        }
        if (a.latency() != null) {
            out.put("LatencyMillis", a.latency().toMillis());
        }
        if (a.reason() != null) {
            out.put("Reason", a.reason());
        }
        time(out, "NextAttemptTime", a.nextTime());
        if (a.response() != null) {
            out.put("ResponseBody", a.response());
        }
        return out;
    }

    /** Epoch seconds with the milliseconds. */
    private static void time(ObjectNode out, String name, Instant time) {
        if (time != null) {
            out.put(name, BigDecimal.valueOf(time.toEpochMilli(), 3));
        }
    }
}
