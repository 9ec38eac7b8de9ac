package org.bridgekeeper;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting on a condition, the one way tests wait: poll until it holds, for at most 15 seconds of
 * real time (a generous bound on a loaded machine, never a measure of speed). Where the condition
 * needs the server's time to pass (a retry, a settle, a schedule), the overloads with a
 * {@link TestClock} move it one step per poll.
 */
public final class Await {

    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        value(what, () -> condition.getAsBoolean(), done -> done, null, null);
    }

    /** As {@link #until(String, BooleanSupplier)}, for at most {@code limit} (work in another process). */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        poll(what, () -> condition.getAsBoolean(), done -> done, null, null, limit);
    }

    /** Polls until {@code condition} holds, moving {@code clock} on by {@code step} between polls. */
    public static void until(String what, TestClock clock, Duration step, BooleanSupplier condition) {
        value(what, () -> condition.getAsBoolean(), done -> done, clock, step);
    }

    /** The first value of {@code supplier} that satisfies {@code done}. */
    public static <T> T value(String what, Supplier<T> supplier, Predicate<T> done) {
        return value(what, supplier, done, null, null);
    }

    /** As {@link #value(String, Supplier, Predicate)}, moving {@code clock} on by {@code step} between polls. */
    public static <T> T value(String what, Supplier<T> supplier, Predicate<T> done, TestClock clock, Duration step) {
        return poll(what, supplier, done, clock, step, LIMIT);
    }

    private static <T> T poll(String what, Supplier<T> supplier, Predicate<T> done, TestClock clock, Duration step,
                              Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = supplier.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (last: " + value + ")");
            }
            if (clock != null) {
                clock.advance(step);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
