package org.bridgekeeper.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.delivery.DeadLetter;
import org.bridgekeeper.delivery.DeadLetters;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.destinations.ApiDestinationService;
import org.bridgekeeper.invoke.Invoker;

/**
 * Bridgekeeper's own operations, outside AWS's namespaces ({@code X-Amz-Target: Bridgekeeper.*},
 * model {@code model/bridgekeeper-extensions.json}). {@code TestInvokeApiDestination} sends one
 * test event to a destination with its connection's authorization and answers the request that
 * was sent (secrets as ***) and the endpoint's status: a way to check a setup end to end.
 */
final class ExtensionsApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ApiDestinationService destinations;
    private final Invoker invoker;
    private final DeadLetters deadLetters;

    ExtensionsApi(ApiDestinationService destinations, Invoker invoker, DeadLetters deadLetters) {
        this.destinations = destinations;
        this.invoker = invoker;
        this.deadLetters = deadLetters;
    }

    public Map<String, HttpApi.Handler> handlers() {
        return Map.of("TestInvokeApiDestination", this::testInvoke,
                "ListDeadLetters", (scope, in) -> {
                    DeadLetters.Page page = deadLetters.list(scope, Inputs.text(in, "EventBusName"), Inputs.text(in, "Rule"),
                            Inputs.text(in, "NextToken"), Inputs.integer(in, "Limit"));
                    ObjectNode out = NODES.objectNode();
                    var items = out.putArray("DeadLetters");
                    page.letters().forEach(l -> items.add(deadLetter(l)));
                    if (page.nextToken() != null) {
                        out.put("NextToken", page.nextToken());
                    }
                    return out;
                },
                "RedriveDeadLetters", (scope, in) -> {
                    List<String> ids = null;
                    if (!Inputs.absent(in.get("Ids"))) {
                        ids = new ArrayList<>();
                        for (JsonNode id : in.get("Ids")) {
                            ids.add(id.asText());
                        }
                    }
                    return NODES.objectNode().put("Redriven", deadLetters.redrive(scope, ids));
                });
    }

    private static ObjectNode deadLetter(DeadLetter letter) {
        Delivery d = letter.delivery();
        return NODES.objectNode().put("Id", d.id()).put("EventId", d.eventId()).put("EventBusName", d.bus())
                .put("Rule", d.rule()).put("TargetId", d.targetId()).put("TargetArn", d.targetArn())
                .put("Payload", d.payload()).put("Attempts", d.attempts())
                .put("FirstAttemptTime", d.firstTime().getEpochSecond()).put("FailedTime", letter.failedTime().getEpochSecond())
                .put("Reason", letter.reason()).put("StatusCode", letter.status());
    }

    private JsonNode testInvoke(org.bridgekeeper.common.Scope scope, JsonNode in) {
        var destination = destinations.describe(scope, in.path("Name").asText()).destination();
        Invoker.Outcome outcome;
        try {
            outcome = invoker.invoke(scope, destination,
                    in.hasNonNull("Payload") ? in.get("Payload").asText() : "{}",
                    Invoker.TargetParameters.from(in.get("HttpParameters")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        ObjectNode out = NODES.objectNode();
        switch (outcome) {
            case Invoker.Outcome.Delivered d -> out.put("Delivered", true).put("StatusCode", d.status());
            case Invoker.Outcome.Failed f -> {
                out.put("Delivered", false).put("Reason", f.reason()).put("Retryable", f.retryable());
                if (f.status() > 0) {
                    out.put("StatusCode", f.status());
                }
                if (f.retryAfter() != null) {
                    out.put("RetryAfterSeconds", f.retryAfter().toSeconds());
                }
            }
        }
        if (outcome.request() != null) {
            ObjectNode request = out.putObject("Request").put("Method", outcome.request().method())
                    .put("Url", outcome.request().url()).put("Body", outcome.request().body());
            ObjectNode headers = request.putObject("Headers");
            outcome.request().headers().forEach(headers::put);
        }
        return out;
    }
}
