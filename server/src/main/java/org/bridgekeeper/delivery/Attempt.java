package org.bridgekeeper.delivery;

import java.time.Duration;
import java.time.Instant;
import org.bridgekeeper.invoke.Invoker;

/**
 * One attempt of a delivery, as the delivery history keeps it: when, the endpoint's status (0 when
 * there was no answer), how long the call took, what it led to, why, and the start of the answer
 * (secrets masked; see {@code invoke.ResponseMask}).
 *
 * @param number   the attempt's number under the target's retry policy: 1 for the first, and a
 *                 redrive starts again at 1 (the history numbers a delivery's attempts on across redrives)
 * @param latency  the call's duration, or null when no call was made
 * @param nextTime when the next attempt is due ({@link Result#RETRY}), else null
 * @param request  the request sent, secrets masked, or null; the history keeps the last one per
 *                 delivery, not one per attempt (an attempt read back has none)
 */
public record Attempt(int number, Instant time, int status, Duration latency, Result result, String reason,
                      Instant nextTime, String response, Invoker.SentRequest request) {

    /** What the attempt led to. */
    public enum Result {
        DELIVERED, RETRY, DEAD;

        /** As the extension operations spell it. */
        public String wire() {
            return switch (this) {
                case DELIVERED -> "DELIVERED";
                case RETRY -> "WILL_RETRY";
                case DEAD -> "DEAD_LETTERED";
            };
        }
    }
}
