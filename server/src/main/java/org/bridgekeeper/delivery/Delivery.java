package org.bridgekeeper.delivery;

import java.time.Instant;
import org.bridgekeeper.common.Scope;

/**
 * One event on its way to one target: stored before PutEvents answers, removed once delivered or
 * dead-lettered. {@code payload} is what the target receives (the event, or its transformation)
 * and {@code httpParameters} the target's HttpParameters as JSON (or null), both as of PutEvents.
 * {@code maxAttempts} counts the first attempt: the target's MaximumRetryAttempts + 1.
 */
public record Delivery(String id, Scope scope, String eventId, String bus, String rule, String targetId,
                       String targetArn, String payload, String httpParameters, int attempts, int maxAttempts,
                       int maxAgeSeconds, Instant firstTime, Instant dueTime, String lastReason, int lastStatus) {

    Delivery retried(int attemptsMade, Instant due, String reason, int status) {
        return new Delivery(id, scope, eventId, bus, rule, targetId, targetArn, payload, httpParameters, attemptsMade,
                maxAttempts, maxAgeSeconds, firstTime, due, reason, status);
    }

    /** Out of the dead letters and due {@code now}, as if first attempted then: attempts and age start again. */
    public Delivery redriven(Instant now) {
        return new Delivery(id, scope, eventId, bus, rule, targetId, targetArn, payload, httpParameters, 0, maxAttempts,
                maxAgeSeconds, now, now, null, 0);
    }

    /** When the event becomes too old to deliver (MaximumEventAgeInSeconds). */
    Instant expiry() {
        return firstTime.plusSeconds(maxAgeSeconds);
    }
}
