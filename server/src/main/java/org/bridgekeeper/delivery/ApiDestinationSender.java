package org.bridgekeeper.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.destinations.ApiDestination;
import org.bridgekeeper.destinations.ApiDestinationService;
import org.bridgekeeper.invoke.Invoker;
import org.bridgekeeper.invoke.Invoker.Outcome;

/** Sends a delivery to its API destination through the invoker (auth, parameters, rate limit). */
public final class ApiDestinationSender implements Deliverer.Sender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiDestinationService destinations;
    private final Invoker invoker;

    public ApiDestinationSender(ApiDestinationService destinations, Invoker invoker) {
        this.destinations = destinations;
        this.invoker = invoker;
    }

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        ApiDestination destination = destinations.byArn(delivery.targetArn()).orElse(null);
        if (destination == null) {
            return new Outcome.Failed(0, "The API destination " + delivery.targetArn() + " does not exist.", false, null, null);
        }
        return invoker.invoke(destination.scope(), destination, delivery.payload(), parameters(delivery.httpParameters()));
    }

    static Invoker.TargetParameters parameters(String json) {
        if (json == null) {
            return Invoker.TargetParameters.NONE;
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored HttpParameters are not JSON", e);
        }
        List<String> path = new ArrayList<>();
        node.path("PathParameterValues").forEach(v -> path.add(v.asText()));
        return new Invoker.TargetParameters(path, map(node.path("HeaderParameters")), map(node.path("QueryStringParameters")));
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
