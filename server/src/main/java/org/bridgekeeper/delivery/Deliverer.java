package org.bridgekeeper.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.invoke.Invoker.Outcome;

/**
 * Delivers stored deliveries, at least once: each is attempted as soon as it is submitted (or due),
 * and its row changes only after the attempt (deleted when delivered, rescheduled or moved to the
 * dead letters when not). A crash between an attempt and its row update repeats the attempt at the
 * next start. Retries back off exponentially with jitter from {@code baseDelay} up to
 * {@code maxDelay}, and never sooner than the endpoint's Retry-After.
 */
public final class Deliverer implements AutoCloseable {

    /** Makes one attempt. */
    @FunctionalInterface
    public interface Sender {
        Outcome send(Delivery delivery) throws InterruptedException;
    }

    public record Settings(Duration baseDelay, Duration maxDelay, int concurrency) {}

    private static final System.Logger LOG = System.getLogger("bridgekeeper.delivery");

    private final DeliveryStore store;
    private final Sender sender;
    private final Clock clock;
    private final Settings settings;
    private final Semaphore permits;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Scheduler time;

    public Deliverer(DeliveryStore store, Sender sender, Scheduler time, Settings settings) {
        this.store = store;
        this.sender = sender;
        this.time = time;
        this.clock = time.clock();
        this.settings = settings;
        this.permits = new Semaphore(settings.concurrency());
    }

    /** Resumes what a previous run left pending. */
    public void start() {
        List<Delivery> pending = store.pending();
        if (!pending.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "resuming " + pending.size() + " pending deliveries");
        }
        submit(pending);
    }

    /** Schedules stored deliveries; returns at once. */
    public void submit(List<Delivery> deliveries) {
        for (Delivery d : deliveries) {
            if (!d.dueTime().isAfter(clock.instant())) {
                run(d);
            } else {
                time.at(d.dueTime(), () -> run(d)); // dropped at a stop: the row stays pending, resumed at the next start
            }
        }
    }

    private void run(Delivery d) {
        try {
            workers.execute(() -> attempt(d));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // Stopping: the row stays pending and is resumed at the next start.
        }
    }

    private void attempt(Delivery d) {
        Outcome outcome;
        try {
            permits.acquire();
            try {
                outcome = sender.send(d);
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            return; // stopping; resumed at the next start
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "delivery " + d.id() + " failed unexpectedly; will retry", e);
            outcome = new Outcome.Failed(0, "Bridgekeeper failed to attempt the delivery.", true, null, null);
        }
        try {
            record(d, outcome);
        } catch (RuntimeException e) {
            // The row is unchanged: the delivery is attempted again at the next start.
            LOG.log(System.Logger.Level.WARNING, "recording the outcome of delivery " + d.id() + " failed", e);
        }
    }

    private void record(Delivery d, Outcome outcome) {
        Duration retryAfter = outcome instanceof Outcome.Failed f ? f.retryAfter() : null;
        switch (d.after(outcome, clock.instant(), backoff(d.attempts() + 1, retryAfter))) {
            case Delivery.Next.Done done -> store.delivered(d.id());
            case Delivery.Next.Dead dead -> store.deadLetter(dead.letter());
            case Delivery.Next.Retry retry -> {
                store.retry(retry.delivery());
                submit(List.of(retry.delivery()));
            }
        }
    }

    /** Exponential with equal jitter: half the step fixed, half random; at least the Retry-After. */
    Duration backoff(int attemptsMade, Duration retryAfter) {
        long base = settings.baseDelay().toMillis();
        long step = Math.min(settings.maxDelay().toMillis(), base << Math.min(attemptsMade - 1, 30));
        long delay = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        if (retryAfter != null && retryAfter.toMillis() > delay) {
            delay = retryAfter.toMillis();
        }
        return Duration.ofMillis(delay);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
