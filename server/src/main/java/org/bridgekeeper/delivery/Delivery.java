package org.bridgekeeper.delivery;

import java.time.Instant;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.invoke.Invoker.Outcome;

/**
 * One event on its way to one target: stored before PutEvents answers, removed once delivered or
 * dead-lettered. {@code payload} is what the target receives (the event, or its transformation)
 * and {@code httpParameters} the target's HttpParameters as JSON (or null), both as of PutEvents.
 * {@code maxAttempts} counts the first attempt: the target's MaximumRetryAttempts + 1.
 * {@code traceparent} is the W3C trace context sent with every attempt (from PutEvents' own
 * {@code traceparent}, or a new trace), or null.
 */
public record Delivery(String id, Scope scope, String eventId, String bus, String rule, String targetId,
                       String targetArn, String payload, String httpParameters, int attempts, int maxAttempts,
                       int maxAgeSeconds, Instant firstTime, Instant dueTime, String lastReason, int lastStatus,
                       String traceparent) {

    /** Without a trace context. */
    public Delivery(String id, Scope scope, String eventId, String bus, String rule, String targetId,
                    String targetArn, String payload, String httpParameters, int attempts, int maxAttempts,
                    int maxAgeSeconds, Instant firstTime, Instant dueTime, String lastReason, int lastStatus) {
        this(id, scope, eventId, bus, rule, targetId, targetArn, payload, httpParameters, attempts, maxAttempts,
                maxAgeSeconds, firstTime, dueTime, lastReason, lastStatus, null);
    }

    /** What an attempt leads to: delivered (the row goes), another attempt at a time, or the dead letters. */
    sealed interface Next {
        record Done() implements Next {}

        record Retry(Delivery delivery) implements Next {}

        record Dead(DeadLetter letter) implements Next {}
    }

    /**
     * The delivery's one transition, after an attempt at {@code now} with {@code outcome}: as AWS
     * retries, a retryable failure is attempted again after {@code backoff} (never sooner than a
     * Retry-After the outcome carries) while attempts and MaximumEventAgeInSeconds allow; any other
     * failure, or a Retry-After that refuses retries, is dead.
     */
    Next after(Outcome outcome, Instant now, java.time.Duration backoff) {
        if (outcome instanceof Outcome.Delivered) {
            return new Next.Done();
        }
        Outcome.Failed f = (Outcome.Failed) outcome;
        int attemptsMade = attempts + 1;
        Delivery failed = retried(attemptsMade, now, f.reason(), f.status());
        boolean refusesRetry = f.retryAfter() != null && f.retryAfter().isNegative();
        if (!f.retryable() || refusesRetry) {
            return new Next.Dead(new DeadLetter(failed, now, f.reason(), f.status()));
        }
        if (attemptsMade >= maxAttempts) {
            return new Next.Dead(new DeadLetter(failed, now, f.reason()
                    + " (no attempts left: MaximumRetryAttempts " + (maxAttempts - 1) + ")", f.status()));
        }
        Instant due = now.plus(backoff);
        if (due.isAfter(expiry())) {
            return new Next.Dead(new DeadLetter(failed, now, f.reason() + " (the event is older than "
                    + "MaximumEventAgeInSeconds " + maxAgeSeconds + " before its next attempt)", f.status()));
        }
        return new Next.Retry(retried(attemptsMade, due, f.reason(), f.status()));
    }

    private Delivery retried(int attemptsMade, Instant due, String reason, int status) {
        return new Delivery(id, scope, eventId, bus, rule, targetId, targetArn, payload, httpParameters, attemptsMade,
                maxAttempts, maxAgeSeconds, firstTime, due, reason, status, traceparent);
    }

    /** Out of the dead letters and due {@code now}, as if first attempted then: attempts and age start again. */
    /**
     * Whether it failed before any attempt (its transformed payload was over AWS's limit): it has a
     * reason and no attempt. The store files it straight with the dead letters, in the enqueue's
     * own transaction.
     */
    public boolean deadOnArrival() {
        return attempts == 0 && lastReason != null;
    }

    public Delivery redriven(Instant now) {
        return new Delivery(id, scope, eventId, bus, rule, targetId, targetArn, payload, httpParameters, 0, maxAttempts,
                maxAgeSeconds, now, now, null, 0, traceparent);
    }

    /** Due {@code now} (RetryDelivery): the same attempt, sooner. */
    public Delivery dueAt(Instant now) {
        return new Delivery(id, scope, eventId, bus, rule, targetId, targetArn, payload, httpParameters, attempts,
                maxAttempts, maxAgeSeconds, firstTime, now, lastReason, lastStatus, traceparent);
    }

    /** When the event becomes too old to deliver (MaximumEventAgeInSeconds). */
    Instant expiry() {
        return firstTime.plusSeconds(maxAgeSeconds);
    }
}
