package org.bridgekeeper.invoke;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * InvocationRateLimitPerSecond, one lane per API destination. Calls over the rate are delayed,
 * never dropped, as AWS documents; the delay is the caller's to wait where it costs nothing.
 *
 * <p>Deliveries ask {@link #tryAcquire}: a token bucket on the server's clock that refills at
 * this node's share of the rate and holds at most one second's worth (the limit is per second, so
 * a burst of that many is within it). It never waits: a delivery without budget is not started
 * and learns when to ask again, so a slow destination holds no delivery slot while it waits
 * (issue 13). TestInvokeApiDestination, a client's own request, waits in {@link #acquire} for an
 * evenly spaced slot in real time, and charges the same bucket so that both together keep to the rate.
 *
 * <p>{@code share} is the part of the rate this node may use: 1.0 alone; with several nodes the
 * node registry supplies 1/live nodes, so that the destination's limit holds across them all.
 */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long at;
        long nextSpacedNanos = System.nanoTime();

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final ConcurrentHashMap<String, Bucket> lanes = new ConcurrentHashMap<>();
    private final Clock clock;
    private final DoubleSupplier share;

    RateLimiter(Clock clock, DoubleSupplier share) {
        this.clock = clock;
        this.share = share;
    }

    private double rate(int perSecond) {
        double s = share.getAsDouble();
        return Math.max(1e-3, perSecond * (s > 0 && s <= 1 ? s : 1.0));
    }

    /** Refills the bucket up to now (one second's worth at most); called holding its lock. */
    private static void refill(Bucket b, double rate, long nowMillis) {
        double capacity = Math.max(1.0, rate);
        if (nowMillis > b.at) {
            b.tokens = Math.min(capacity, b.tokens + (nowMillis - b.at) * rate / 1000.0);
            b.at = nowMillis;
        }
    }

    private Bucket lane(String lane, double rate, long nowMillis) {
        return lanes.computeIfAbsent(lane, k -> new Bucket(Math.max(1.0, rate), nowMillis));
    }

    /** Takes one call's budget on {@code lane} now and answers null, or answers when to ask again (nothing taken). */
    Instant tryAcquire(String lane, int perSecond) {
        double rate = rate(perSecond);
        long now = clock.millis();
        Bucket b = lane(lane, rate, now);
        synchronized (b) {
            refill(b, rate, now);
            if (b.tokens >= 1.0) {
                b.tokens -= 1.0;
                return null;
            }
            long waitMillis = (long) Math.ceil((1.0 - b.tokens) * 1000.0 / rate);
            return Instant.ofEpochMilli(now + Math.max(1, waitMillis));
        }
    }

    /** Waits for this call's evenly spaced slot on {@code lane} (TestInvokeApiDestination), and charges the bucket. */
    void acquire(String lane, int perSecond) throws InterruptedException {
        double rate = rate(perSecond);
        long spacing = (long) (1_000_000_000L / rate);
        long now = clock.millis();
        Bucket b = lane(lane, rate, now);
        long slot;
        synchronized (b) {
            refill(b, rate, now);
            b.tokens -= 1.0; // may go below zero: deliveries then wait until the bucket refills
            long nanos = System.nanoTime();
            slot = Math.max(nanos, b.nextSpacedNanos);
            b.nextSpacedNanos = slot + spacing;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
