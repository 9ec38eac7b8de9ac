package org.bridgekeeper.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.error.AwsException;
import org.bridgekeeper.invoke.Invoker.Outcome;

/**
 * Delivers to an event bus target: the event is put on that bus (of the rule's account, in its
 * Region or another) and the bus's rules match it. As AWS was recorded doing, the event keeps its
 * {@code account}, {@code region}, {@code time} and, within a Region, its {@code id}; an event
 * sent to another Region gets a new id. The payload is what the target's Input, InputPath or
 * InputTransformer made of the event, so it must still be an event (source, detail-type, an
 * object as detail); anything else fails for good. A bus that does not exist fails for good.
 */
public final class EventBusTargets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventService events;
    private final RuleService rules;

    public EventBusTargets(EventService events, RuleService rules) {
        this.events = events;
        this.rules = rules;
    }

    /** Whether {@code arn} names an event bus (rather than an API destination or another resource). */
    public static boolean isEventBus(String arn) {
        return Arn.parse(arn).filter(a -> a.service().equals("events") && a.resourceAfter("event-bus") != null).isPresent();
    }

    public Outcome send(Delivery delivery) {
        Arn arn = Arn.parse(delivery.targetArn()).orElseThrow();
        EventBus bus;
        try {
            bus = rules.describeBus(arn.scope(), arn.resourceAfter("event-bus"));
        } catch (AwsException e) {
            return new Outcome.Failed(0, e.getMessage(), false, null, null);
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(delivery.payload());
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("source").isTextual()
                || !parsed.path("detail-type").isTextual() || !parsed.path("detail").isObject()) {
            return new Outcome.Failed(0, "The payload for an event bus target must be an event (source, detail-type "
                    + "and an object as detail); the target's Input, InputPath or InputTransformer made something else.",
                    false, null, null);
        }
        if (!events.accepting()) {
            // Back-pressure: this delivery waits in the table (retried with backoff) rather than fan out more.
            return new Outcome.Failed(0, "The pending deliveries are over --max-pending-deliveries; the event is put "
                    + "to the bus when the backlog drains.", true, null, null);
        }
        ObjectNode event = (ObjectNode) parsed;
        if (!arn.region().equals(delivery.scope().region()) || !event.path("id").isTextual()) {
            event.put("id", events.newEventId());
        }
        events.putForwarded(bus, event);
        return new Outcome.Delivered(200, null);
    }
}
