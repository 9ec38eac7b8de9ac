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
        this(store, sender, time, settings, DeliveryObserver.NONE);
    }

    /** With an observer of every attempt (metrics, the delivery log). */
    public Deliverer(DeliveryStore store, Sender sender, Scheduler time, Settings settings, DeliveryObserver observer) {
        this.store = store;
        this.sender = sender;
        this.time = time;
        this.clock = time.clock();
        this.settings = settings;
        this.permits = new Semaphore(settings.concurrency());
        this.observer = observer;
    }

    // ---- delivery history and RetryDelivery / CancelDelivery (issue 16) -------------------------
    // Each scheduled run of a delivery holds a ticket: the run goes ahead only if its ticket is still
    // the delivery's, so that a delivery brought forward (RetryDelivery) or cancelled is not also
    // attempted by the run scheduled before. A delivery being attempted holds no ticket and is in flight.

    private final DeliveryObserver observer;
    private final java.util.concurrent.ConcurrentHashMap<String, Object> tickets = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether the delivery is being attempted now (its outcome not yet written). */
    public boolean inFlight(String id) {
        return inFlight.contains(id);
    }

    /** Drops the delivery's scheduled run (it was cancelled). */
    void forget(String id) {
        tickets.remove(id);
    }

    /** Time in the attempt, for observers when the sender reports none (no call made). */
    private static java.time.Duration since(long startedNanos) {
        return java.time.Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static Attempt attempt(Delivery d, Outcome outcome, java.time.Instant now, Attempt.Result result,
                                   String reason, java.time.Instant next, long startedNanos) {
        int status = outcome instanceof Outcome.Delivered ok ? ok.status() : ((Outcome.Failed) outcome).status();
        String why = reason != null ? reason : outcome instanceof Outcome.Failed f ? f.reason() : null;
        java.time.Duration latency = outcome.response() != null ? outcome.response().latency()
                : startedNanos == 0 ? null : since(startedNanos);
        return new Attempt(d.attempts() + 1, now, status, latency, result, why, next,
                outcome.response() == null ? null : outcome.response().body(), outcome.request());
    }

    private void observe(Delivery d, Attempt a) {
        try {
            observer.attempted(d, a);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "an observer of delivery " + d.id() + " failed", e);
        }
    }
    // ---- end of delivery history ---------------------------------------------------------------

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
                schedule(d);
            }
        }
    }

    private void run(Delivery d) {
        Object ticket = new Object();
        tickets.put(d.id(), ticket);
        runWith(d, ticket);
    }

    private void schedule(Delivery d) {
        Object ticket = new Object();
        tickets.put(d.id(), ticket);
        time.at(d.dueTime(), () -> runWith(d, ticket)); // dropped at a stop: the row stays pending, resumed at the next start
    }

    private void runWith(Delivery d, Object ticket) {
        try {
            workers.execute(() -> {
                if (tickets.remove(d.id(), ticket) && inFlight.add(d.id())) {
                    Delivery next = null;
                    try {
                        next = attempt(d);
                    } finally {
                        inFlight.remove(d.id());
                    }
                    if (next != null) {
                        submit(List.of(next));
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // Stopping: the row stays pending and is resumed at the next start.
        }
    }

    /** Attempts the delivery and writes the outcome; the delivery to attempt again, or null. */
    private Delivery attempt(Delivery d) {
        Outcome outcome;
        long started = System.nanoTime();
        try {
            permits.acquire();
            try {
                outcome = sender.send(d);
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            return null; // stopping; resumed at the next start
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "delivery " + d.id() + " failed unexpectedly; will retry", e);
            outcome = new Outcome.Failed(0, "Bridgekeeper failed to attempt the delivery.", true, null, null);
        }
        try {
            return record(d, outcome, started);
        } catch (RuntimeException e) {
            // The row is unchanged: the delivery is attempted again at the next start.
            LOG.log(System.Logger.Level.WARNING, "recording the outcome of delivery " + d.id() + " failed", e);
            return null;
        }
    }

    private Delivery record(Delivery d, Outcome outcome, long started) {
        Duration retryAfter = outcome instanceof Outcome.Failed f ? f.retryAfter() : null;
        java.time.Instant now = clock.instant();
        switch (d.after(outcome, now, backoff(d.attempts() + 1, retryAfter))) {
            case Delivery.Next.Done done -> {
                Attempt a = attempt(d, outcome, now, Attempt.Result.DELIVERED, null, null, started);
                store.delivered(d, a);
                observe(d, a);
                return null;
            }
            case Delivery.Next.Dead dead -> {
                Attempt a = attempt(d, outcome, now, Attempt.Result.DEAD, dead.letter().reason(), null, started);
                store.deadLetter(dead.letter(), a);
                observe(d, a);
                return null;
            }
            case Delivery.Next.Retry retry -> {
                Attempt a = attempt(d, outcome, now, Attempt.Result.RETRY, null, retry.delivery().dueTime(), started);
                boolean pending = store.retry(retry.delivery(), a); // false: cancelled meanwhile
                observe(d, a);
                return pending ? retry.delivery() : null;
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
