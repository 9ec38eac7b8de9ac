package org.bridgekeeper.delivery;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Back-pressure: how many deliveries are pending across all nodes, as last counted, plus what this
 * node enqueued and minus what it settled since. PutEvents asks {@link #accepting} on every call, so
 * the answer is read from memory, never counted per request; the count is refreshed every second
 * ({@link #refresh}), off the caller's thread.
 */
final class Backlog {

    private static final System.Logger LOG = System.getLogger("bridgekeeper.delivery");

    /** Far under the limit and above this, a count (which reads the whole index) is taken every tenth refresh only. */
    static final long CHEAP_TO_COUNT = 100_000;

    private final LongSupplier count;
    private final long limit;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean counting = new AtomicBoolean();
    private final AtomicLong refreshes = new AtomicLong();

    /** {@code count}: the pending deliveries of all nodes (a query); {@code limit}: --max-pending-deliveries. */
    Backlog(LongSupplier count, long limit) {
        this.count = count;
        this.limit = limit;
    }

    /** Counts now, on the caller's thread (at start). */
    void count() {
        pending.set(count.getAsLong());
    }

    boolean accepting() {
        return pending.get() < limit;
    }

    long pending() {
        return pending.get();
    }

    void enqueued(int n) {
        pending.addAndGet(n);
    }

    void settled() {
        pending.updateAndGet(n -> n > 0 ? n - 1 : 0);
    }

    /**
     * Counts again on {@code executor}, unless the previous count still runs. COUNT(*) reads the
     * whole index: cheap for a small table, about 0.1 s of CPU for a million rows. Far under the limit
     * the local count (own enqueues in, own settlements out) is close enough between counts; near it,
     * every second.
     */
    void refresh(Executor executor) {
        long n = pending.get();
        boolean due = n < CHEAP_TO_COUNT || n >= limit / 2 || refreshes.incrementAndGet() % 10 == 0;
        if (!due || !counting.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    count();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "counting the pending deliveries failed", e);
                } finally {
                    counting.set(false);
                }
            });
        } catch (RejectedExecutionException stopping) {
            counting.set(false);
        }
    }
}
