package org.bridgekeeper.invoke;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One lane per API destination at its InvocationRateLimitPerSecond: each call takes the next
 * free slot, 1/rate seconds after the previous one, and waits for it. Calls over the rate are
 * delayed, never dropped, as AWS documents.
 */
final class RateLimiter {

    private final ConcurrentHashMap<String, long[]> next = new ConcurrentHashMap<>();

    /** Waits for this call's slot on {@code lane}. */
    void acquire(String lane, int perSecond) throws InterruptedException {
        long spacing = 1_000_000_000L / Math.max(1, perSecond);
        long[] cell = next.computeIfAbsent(lane, k -> new long[] {System.nanoTime()});
        long slot;
        synchronized (cell) {
            long now = System.nanoTime();
            slot = Math.max(now, cell[0]);
            cell[0] = slot + spacing;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
