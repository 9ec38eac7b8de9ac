package org.bridgekeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.invoke.Invoker.Outcome;
import org.junit.jupiter.api.Test;

/** What one attempt makes of a delivery, at fixed instants (AWS's retry policy semantics). */
class DeliveryTransitionsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration BACKOFF = Duration.ofSeconds(2);

    /** A delivery first put at T0, with MaximumRetryAttempts 2 and MaximumEventAgeInSeconds 60. */
    private static Delivery delivery(int attempts) {
        return new Delivery("d-1", new Scope("123456789012", "us-east-1"), "e-1", "default", "r", "t",
                "arn:aws:events:us-east-1:123456789012:api-destination/x/1", "{}", null, attempts, 3, 60, T0, T0, null, 0);
    }

    private static Outcome.Failed failed(int status, boolean retryable, Duration retryAfter) {
        return new Outcome.Failed(status, "HTTP " + status, retryable, retryAfter, null);
    }

    @Test
    void aDeliveredAttemptEndsIt() {
        assertInstanceOf(Delivery.Next.Done.class, delivery(0).after(new Outcome.Delivered(200, null), T0, BACKOFF));
    }

    @Test
    void aRetryableFailureIsAttemptedAgainAfterTheBackoff() {
        Delivery.Next next = delivery(0).after(failed(503, true, null), T0.plusSeconds(1), BACKOFF);
        Delivery again = assertInstanceOf(Delivery.Next.Retry.class, next).delivery();
        assertEquals(1, again.attempts());
        assertEquals(T0.plusSeconds(3), again.dueTime());
        assertEquals("HTTP 503", again.lastReason());
        assertEquals(503, again.lastStatus());
    }

    @Test
    void aPermanentFailureOrARefusedRetryIsDead() {
        DeadLetter letter = assertInstanceOf(Delivery.Next.Dead.class, delivery(0).after(failed(400, false, null), T0, BACKOFF)).letter();
        assertEquals("HTTP 400", letter.reason());
        assertEquals(1, letter.delivery().attempts());
        assertInstanceOf(Delivery.Next.Dead.class, delivery(0).after(failed(429, true, Duration.ofSeconds(-1)), T0, BACKOFF));
    }

    @Test
    void theLastAttemptAndTheMaximumAgeEndIt() {
        DeadLetter out = assertInstanceOf(Delivery.Next.Dead.class, delivery(2).after(failed(503, true, null), T0, BACKOFF)).letter();
        assertEquals("HTTP 503 (no attempts left: MaximumRetryAttempts 2)", out.reason());
        DeadLetter old = assertInstanceOf(Delivery.Next.Dead.class,
                delivery(0).after(failed(503, true, null), T0.plusSeconds(59), BACKOFF)).letter();
        assertEquals("HTTP 503 (the event is older than MaximumEventAgeInSeconds 60 before its next attempt)", old.reason());
    }
}
