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
        Arn arn = Arn.parse(delivery.targetArn()).orElse(null);
        if (arn == null) {
            return new Outcome.Failed(0, "The target " + delivery.targetArn() + " is not an ARN.", false, null, null);
        }
        if (arn.service().equals("events")) {
            if (arn.resourceAfter("api-destination") != null) {
                return apiDestinations.send(delivery);
            }
            if (arn.resourceAfter("event-bus") != null) {
                return eventBuses.send(delivery);
            }
            return new Outcome.Failed(0, "The target " + delivery.targetArn() + " is no API destination nor event bus.",
                    false, null, null);
        }
        return services.send(delivery);
    }

    /** Only API destinations have a rate limit (InvocationRateLimitPerSecond). */
    @Override
    public java.time.Instant notBefore(Delivery delivery) {
        Arn arn = Arn.parse(delivery.targetArn()).orElse(null);
        if (arn != null && arn.service().equals("events") && arn.resourceAfter("api-destination") != null) {
            return apiDestinations.notBefore(delivery);
        }
        return null;
    }
}
