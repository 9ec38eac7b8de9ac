package org.bridgekeeper.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * The destination {@link #notBefore} read and admitted, for the {@link #send} of the same
     * delivery that follows it on the same thread (the engine's attempt): the call goes to the very
     * destination whose rate budget was taken, and one read serves both. Per thread, and the
     * engine's attempts run each on a virtual thread of its own, so nothing outlives the attempt.
     */
    private final ThreadLocal<Admitted> admitted = new ThreadLocal<>();

    private record Admitted(Delivery delivery, ApiDestination destination) {}

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        Admitted known = admitted.get();
        admitted.remove();
        // Resolved in the delivery's own account and region only: a target naming another
        // account's destination (stored before accounts were isolated) is not delivered.
        ApiDestination destination = known != null && known.delivery() == delivery ? known.destination()
                : destinations.byArn(delivery.scope(), delivery.targetArn()).orElse(null);
        if (destination == null) {
            return new Outcome.Failed(0, "The API destination " + delivery.targetArn() + " does not exist.", false, null, null);
        }
        // Admitted by notBefore: the engine asked for the rate budget before it gave this a slot.
        return invoker.invokeAdmitted(delivery.scope(), destination, delivery.payload(),
                traced(parameters(delivery.httpParameters()), delivery.traceparent()));
    }

    /** The destination's InvocationRateLimitPerSecond: null when the call may start now (budget taken). */
    @Override
    public java.time.Instant notBefore(Delivery delivery) {
        admitted.remove();
        ApiDestination destination = destinations.byArn(delivery.scope(), delivery.targetArn()).orElse(null);
        if (destination == null) {
            return null; // a missing one fails in send
        }
        java.time.Instant later = invoker.admit(destination);
        if (later == null) {
            admitted.set(new Admitted(delivery, destination));
        }
        return later;
    }

    /**
     * The target's parameters with the delivery's W3C {@code traceparent} header, unless the target
     * sets one itself (the connection's header parameters win over both, as for any header).
     */
    static Invoker.TargetParameters traced(Invoker.TargetParameters target, String traceparent) {
        if (traceparent == null || target.headers().keySet().stream().anyMatch("traceparent"::equalsIgnoreCase)) {
            return target;
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(target.headers());
        headers.put("traceparent", traceparent);
        return new Invoker.TargetParameters(target.pathParameterValues(), headers, target.queryString());
    }

    static Invoker.TargetParameters parameters(String json) {
        if (json == null) {
            return Invoker.TargetParameters.NONE;
        }
        try {
            return Invoker.TargetParameters.from(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored HttpParameters are not JSON", e);
        }
    }
}
