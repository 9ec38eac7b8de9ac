package org.bridgekeeper.delivery;

import org.bridgekeeper.common.Arn;
import org.bridgekeeper.invoke.Invoker.Outcome;

/**
 * The one sender the {@link Deliverer} uses: each delivery goes to the sender of its target's
 * type, by the target's ARN. API destinations and event buses (service {@code events}) have
 * their own; every other service's resources go to {@code services} (the AWS SDK clients).
 */
public final class TargetSenders implements Deliverer.Sender {

    private final Deliverer.Sender apiDestinations;
    private final Deliverer.Sender eventBuses;
    private final Deliverer.Sender services;

    public TargetSenders(Deliverer.Sender apiDestinations, Deliverer.Sender eventBuses, Deliverer.Sender services) {
        this.apiDestinations = apiDestinations;
        this.eventBuses = eventBuses;
        this.services = services;
    }

    @Override
    public Outcome send(Delivery delivery) throws InterruptedException {
        return switch (kind(delivery.targetArn())) {
            case NOT_AN_ARN -> new Outcome.Failed(0, "The target " + delivery.targetArn() + " is not an ARN.", false,
                    null, null);
            case API_DESTINATION -> apiDestinations.send(delivery);
            case EVENT_BUS -> eventBuses.send(delivery);
            case OTHER_EVENTS -> new Outcome.Failed(0, "The target " + delivery.targetArn()
                    + " is no API destination nor event bus.", false, null, null);
            case SERVICE -> services.send(delivery);
        };
    }

    /** Only API destinations have a rate limit (InvocationRateLimitPerSecond). */
    @Override
    public java.time.Instant notBefore(Delivery delivery) {
        return kind(delivery.targetArn()) == Kind.API_DESTINATION ? apiDestinations.notBefore(delivery) : null;
    }

    private enum Kind { NOT_AN_ARN, API_DESTINATION, EVENT_BUS, OTHER_EVENTS, SERVICE }

    /** Kinds remembered at most; past it the map is dropped (refilled as deliveries come). */
    private static final int MAX_KINDS = 4096;

    /**
     * Each target ARN's kind, a pure function of the text: parsing it (a regex) twice per delivery
     * was about 5% of the server's samples in JFR of bench/drain.sh.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Kind> kinds = new java.util.concurrent.ConcurrentHashMap<>();

    private Kind kind(String targetArn) {
        Kind known = kinds.get(targetArn);
        if (known != null) {
            return known;
        }
        Kind kind = parse(targetArn);
        if (kinds.size() >= MAX_KINDS) {
            kinds.clear();
        }
        kinds.put(targetArn, kind);
        return kind;
    }

    private static Kind parse(String targetArn) {
        Arn arn = Arn.parse(targetArn).orElse(null);
        if (arn == null) {
            return Kind.NOT_AN_ARN;
        }
        if (!arn.service().equals("events")) {
            return Kind.SERVICE;
        }
        if (arn.resourceAfter("api-destination") != null) {
            return Kind.API_DESTINATION;
        }
        return arn.resourceAfter("event-bus") != null ? Kind.EVENT_BUS : Kind.OTHER_EVENTS;
    }
}
