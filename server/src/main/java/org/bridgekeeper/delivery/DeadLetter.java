package org.bridgekeeper.delivery;

import java.time.Instant;

/** A delivery that failed for good: not retryable, out of attempts, or too old. */
public record DeadLetter(Delivery delivery, Instant failedTime, String reason, int status) {}
