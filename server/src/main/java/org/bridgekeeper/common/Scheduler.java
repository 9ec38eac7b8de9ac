package org.bridgekeeper.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's time: its clock, and work to run at instants of that clock. Everything that waits
 * for time to pass (settling transitions, authorization retries, delivery backoff, schedules)
 * waits here, never in {@code Thread.sleep}, so that tests can move time by hand. Tasks run on
 * one timer thread and must be short: anything long hands itself to another executor. Work is
 * best effort across a stop: what must survive one is in the database.
 */
public interface Scheduler extends AutoCloseable {

    Clock clock();

    default Instant now() {
        return clock().instant();
    }

    /** Runs {@code task} at or soon after {@code when}; at once when that has passed. */
    void at(Instant when, Runnable task);

    /** Runs {@code task} every {@code period}, the first time one period from now. */
    void every(Duration period, Runnable task);

    /** Stops; pending tasks are dropped. */
    @Override
    void close();

    /** Wall-clock time and a real timer thread. */
    static Scheduler system() {
        return new SystemScheduler(Clock.systemUTC());
    }

    /** The production scheduler: delays are measured on {@code clock}, which is the real one. */
    final class SystemScheduler implements Scheduler {

        private static final System.Logger LOG = System.getLogger("bridgekeeper");

        private final Clock clock;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridgekeeper-timer");
            t.setDaemon(true);
            return t;
        });

        private SystemScheduler(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void at(Instant when, Runnable task) {
            long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
            try {
                timer.schedule(() -> guarded(task), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // stopping: see the class comment
            }
        }

        @Override
        public void every(Duration period, Runnable task) {
            try {
                timer.scheduleWithFixedDelay(() -> guarded(task), period.toMillis(), period.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // stopping
            }
        }

        /** A failing task must not cancel a periodic one, nor die silently. */
        private static void guarded(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a scheduled task failed; it runs again at its next time", e);
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
