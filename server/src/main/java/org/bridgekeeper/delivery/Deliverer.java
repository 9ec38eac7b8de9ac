package org.bridgekeeper.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.invoke.Invoker.Outcome;

/**
 * The delivery engine, at least once. Pending deliveries stay in the database: one loop claims the
 * due ones in small batches with a lease ({@link DeliveryStore#claim}), up to the free delivery
 * slots, and each claimed delivery is attempted on a virtual thread; its row changes only after
 * the attempt (deleted when delivered, rescheduled or moved to the dead letters when not), and
 * only while this node still holds its lease. Memory holds what is being attempted and nothing
 * else, whatever the backlog (issue 13).
 *
 * <p>A node that dies mid-attempt, or cannot write an outcome (database error, disk full), leaves
 * the lease to expire: the row is claimed again then, by any node, without a restart. Retries back
 * off exponentially with jitter from {@code baseDelay} up to {@code maxDelay}, never sooner than
 * the endpoint's Retry-After.
 *
 * <p>Fair service: a target (its ARN; for API destinations the destination's) holds at most
 * quarter of the slots ({@link Shares}), and a claim skips the rows of targets at their cap, so a
 * slow or failing destination cannot take the slots other destinations' events need. A delivery
 * whose API destination has no rate budget now is not started: it goes back to the table unchanged
 * (not an attempt) until the budget's time, holding no slot meanwhile.
 *
 * <p>Wake-ups: {@link #wake()} when this node enqueued (no polling delay on the hot path) or a
 * slot freed; a poll on the {@link Scheduler} every {@link Settings#poll()} for work due later,
 * other nodes' enqueues and expired leases; and one alarm at the next due time when it comes
 * sooner than the poll.
 */
public final class Deliverer implements AutoCloseable {

    /** Makes one attempt. */
    @FunctionalInterface
    public interface Sender {
        Outcome send(Delivery delivery) throws InterruptedException;

        /**
         * Null when the delivery may start now (any rate budget it needs is taken), else the
         * earliest time to ask again. Never waits.
         */
        default Instant notBefore(Delivery delivery) {
            return null;
        }
    }

    /**
     * {@code lease}: how long a claim holds a row; longer than any attempt can take (see Main), or
     * an attempt still running is repeated elsewhere. {@code poll}: how often the table is read for
     * work this node was not told of. {@code maxPending}: the backlog over which PutEvents is
     * throttled.
     */
    public record Settings(Duration baseDelay, Duration maxDelay, int concurrency, Duration lease, Duration poll,
                           long maxPending) {

        /** Defaults for the engine's own knobs (tests and tools). */
        public Settings(Duration baseDelay, Duration maxDelay, int concurrency) {
            this(baseDelay, maxDelay, concurrency, Duration.ofSeconds(60), Duration.ofMillis(500), 1_000_000);
        }
    }

    private static final System.Logger LOG = System.getLogger("bridgekeeper.delivery");

    /** Most rows one claim takes: short write transactions on the shared writer. */
    static final int MAX_BATCH = 64;

    private final DeliveryStore store;
    /** Outcomes written in groups: attempts finishing together share one transaction. */
    private final Outcomes outcomes;
    private final Sender sender;
    private final Clock clock;
    private final Settings settings;
    private final Scheduler time;
    private final DeliveryObserver observer;
    private final String nodeId;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /**
     * The delivery slots: attempts at once. The engine holds up to twice as many claims, so that the
     * next batch is claimed while the slots are busy (a claim is a committed write: waiting for it
     * with the slots idle halved the throughput); a held claim waits for a slot, in claim order.
     */
    private final Semaphore slots;
    private final int holdLimit;

    // What this node holds: guarded by 'this'. Each claimed delivery counts against the slots and its
    // target's share from its claim until its outcome is written (or it is given back).
    private int active;
    private final Shares shares;
    /** The one pending alarm for a next due time sooner than the poll; null when none. */
    private Instant alarm;
    /**
     * The last claim found nothing more to take (apart from targets at their cap): a finished
     * attempt then frees nothing claimable unless its target was at its cap, so it need not wake
     * the loop; new work announces itself (enqueue, poll, alarm).
     */
    private boolean drained;

    private final Semaphore signal = new Semaphore(0);
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread loop;

    private final Backlog backlog;

    public Deliverer(DeliveryStore store, Sender sender, Scheduler time, Settings settings) {
        this(store, sender, time, settings, DeliveryObserver.NONE, randomNodeId());
    }

    /** With an observer of every attempt (metrics, the delivery log); {@code nodeId} names this node's leases. */
    public Deliverer(DeliveryStore store, Sender sender, Scheduler time, Settings settings, DeliveryObserver observer,
                     String nodeId) {
        this.store = store;
        this.outcomes = new Outcomes(store);
        this.sender = sender;
        this.time = time;
        this.clock = time.clock();
        this.settings = settings;
        this.backlog = new Backlog(store::pendingCount, settings.maxPending());
        this.observer = observer;
        this.nodeId = nodeId;
        // A quarter of the slots: one slow or failing destination keeps three quarters for the others,
        // and a single busy destination still gets enough parallel calls to keep a fast receiver busy
        // (16 of the default 64). With fewer than 4 slots every target may take one.
        this.shares = new Shares(Math.max(1, settings.concurrency() / 4));
        this.slots = new Semaphore(settings.concurrency(), true);
        this.holdLimit = settings.concurrency() * 2;
    }

    /** A random id for this process's leases (the node registry may supply its own). */
    public static String randomNodeId() {
        return "node-" + java.util.UUID.randomUUID();
    }

    /** The id this node's leases carry. */
    public String nodeId() {
        return nodeId;
    }

    /** Starts the loop and its poll: what a previous run left pending is claimed as it falls due. */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        backlog.count();
        loop = Thread.ofVirtual().name("bridgekeeper-deliverer").start(this::run);
        time.every(settings.poll(), this::wake);
        time.every(BACKLOG_REFRESH, () -> {
            if (!closed.get()) {
                backlog.refresh(workers);
            }
        });
        wake();
    }

    /** How many deliveries this node holds: claimed and not yet settled or given back. */
    synchronized int holding() {
        return active;
    }

    /** Whether the last claim found nothing more claimable (tests: fresh deliveries are handed off only then). */
    synchronized boolean drained() {
        return drained;
    }

    /** Whether the engine's loop is alive (for {@code /health}). */
    public boolean running() {
        Thread t = loop;
        return t != null && t.isAlive() && !closed.get();
    }

    /** Tells the loop that there may be work: deliveries stored by this node, a freed slot, a due time. */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** This node stored {@code count} new deliveries (PutEvents): counted in the backlog at once, then claimed. */
    public void enqueued(int count) {
        backlog.enqueued(count);
        wake();
    }

    /**
     * This node stored {@code count} new deliveries, {@code handoff}'s among them leased to it: those
     * are started now (the insert is committed), the rest claimed as usual.
     */
    public void enqueued(int count, Handoff handoff) {
        backlog.enqueued(count);
        handoff.start();
        if (handoff.size() < count) {
            wake();
        }
    }

    /**
     * Reserves what of {@code fresh} (deliveries about to be stored) this node can start right after
     * their insert, leased to it in that insert ({@link Handoff}): only while the last claim found
     * nothing more claimable (so they pass nothing waiting), only due ones (not dead on arrival),
     * and within the hold limit and each target's share, rate-blocked targets excluded, as a claim.
     * The rest are inserted free and claimed as usual. Reserved at once: counted as held.
     */
    public Handoff reserve(List<Delivery> fresh) {
        if (closed.get() || loop == null) {
            return Handoff.NONE;
        }
        Instant now = clock.instant();
        Instant until = leaseUntil(now);
        List<Claim> taken = new java.util.ArrayList<>();
        synchronized (this) {
            if (!drained) {
                return Handoff.NONE;
            }
            for (Delivery d : fresh) {
                boolean fits = active < holdLimit && !d.deadOnArrival() && !d.dueTime().isAfter(now)
                        && shares.room(d.targetArn(), now) > 0;
                if (!fits) {
                    if (!d.deadOnArrival()) {
                        drained = false; // a row left to claim: the next PutEvents' pass it no more
                        shares.skipped(d.targetArn());
                    }
                    continue;
                }
                active++;
                shares.take(d.targetArn());
                taken.add(new Claim(d, nodeId, until));
            }
        }
        return taken.isEmpty() ? Handoff.NONE : new Handoff(this, taken);
    }

    // ---- back-pressure -----------------------------------------------------------------------------

    static final Duration BACKLOG_REFRESH = Duration.ofSeconds(1);

    /**
     * Whether the backlog leaves room for more (PutEvents answers ThrottlingException when not).
     * Read from a count refreshed every second, not counted per request.
     */
    public boolean accepting() {
        return backlog.accepting();
    }

    /** The backlog as last counted (pending deliveries of all nodes, plus this node's enqueues since). */
    public long backlog() {
        return backlog.pending();
    }

    // ---- the loop ----------------------------------------------------------------------------------

    private void run() {
        while (!closed.get()) {
            try {
                signal.acquire();
                signal.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            try {
                pump();
            } catch (RuntimeException e) {
                // The database refused (disk full, closing): the poll tries again.
                LOG.log(System.Logger.Level.WARNING, "claiming deliveries failed; trying again at the next poll", e);
            }
        }
    }

    /** Claims and starts due deliveries while there are free slots and claimable rows. */
    private void pump() {
        while (!closed.get()) {
            Instant now = clock.instant();
            int want;
            Set<String> excluded;
            synchronized (this) {
                want = Math.min(holdLimit - active, MAX_BATCH);
                if (want <= 0) {
                    return; // a finishing attempt wakes the loop
                }
                excluded = excluded(now);
            }
            Instant until = leaseUntil(now);
            List<Claim> batch = store.claim(nodeId, now, until, want, excluded, this::room);
            boolean capped = false;
            synchronized (this) {
                for (Claim c : batch) {
                    active++;
                    capped |= shares.take(c.delivery().targetArn());
                }
            }
            for (Claim c : batch) {
                start(c);
            }
            // A short batch means nothing more is claimable now, unless a target reached its cap in
            // it: the claim read only a window of the oldest rows, and excluding that target in the
            // next one reaches past its backlog to other targets' rows.
            if (batch.isEmpty() || (batch.size() < want && !capped)) {
                synchronized (this) {
                    drained = true;
                }
                soonest(now);
                return;
            }
            synchronized (this) {
                drained = false;
            }
        }
    }

    /**
     * When a lease taken at {@code now} ends, in whole milliseconds: the store keeps epoch millis,
     * and an outcome is written only under the claim's exact lease, so the claim must hold what is stored.
     */
    private Instant leaseUntil(Instant now) {
        return now.plus(settings.lease()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Targets the next claim skips: at their share of the slots, or without rate budget yet. */
    private Set<String> excluded(Instant now) {
        return shares.excluded(now);
    }

    /** How many more rows of {@code target} a claim may take now. */
    private synchronized int room(String target) {
        return shares.room(target);
    }

    /** Sets the alarm for the next due time when it comes before the next poll would notice it. */
    private void soonest(Instant now) {
        Instant next;
        try {
            next = store.nextDue(now).orElse(null);
        } catch (RuntimeException e) {
            return; // the poll notices
        }
        if (next == null || !next.isBefore(now.plus(settings.poll()))) {
            return;
        }
        synchronized (this) {
            if (alarm != null && !alarm.isAfter(next) && alarm.isAfter(now)) {
                return;
            }
            alarm = next;
        }
        time.at(next, this::wake);
    }

    /** Attempts a claimed (or handed-off) delivery on a worker; its hold is given back when done. */
    void start(Claim claim) {
        try {
            workers.execute(() -> {
                try {
                    attempt(claim);
                } finally {
                    finished(claim);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // Stopping: the lease is released at close, or expires; the row stays pending.
            finished(claim);
        }
    }

    void finished(Claim claim) {
        boolean wake;
        synchronized (this) {
            active--;
            boolean wasCapped = shares.give(claim.delivery().targetArn());
            // With a backlog, refill in batches once a few holds are free (claims are committed writes:
            // one per finished attempt would be one transaction per delivery); the slots stay busy
            // meanwhile with the claims held beyond them.
            wake = wasCapped || (!drained && active <= holdLimit - Math.max(1, holdLimit / 8));
        }
        if (wake) {
            wake();
        }
    }

    /** Waits for a slot, then attempts the delivery in it. */
    private void attempt(Claim claim) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            return; // stopping; the lease is released at close, or expires
        }
        try {
            attemptInSlot(claim);
        } finally {
            slots.release();
        }
    }

    /** Attempts the delivery, unless it has no rate budget now, and writes the outcome under its lease. */
    private void attemptInSlot(Claim claim) {
        Delivery d = claim.delivery();
        Instant notBefore;
        try {
            notBefore = sender.notBefore(d);
        } catch (RuntimeException e) {
            notBefore = null; // the attempt finds and reports what is wrong
        }
        if (notBefore != null) {
            defer(claim, notBefore);
            return;
        }
        Outcome outcome;
        long started = System.nanoTime();
        try {
            outcome = sender.send(d);
        } catch (InterruptedException e) {
            return; // stopping; the lease is released at close, or expires
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "delivery " + d.id() + " failed unexpectedly; will retry", e);
            outcome = new Outcome.Failed(0, "Bridgekeeper failed to attempt the delivery.", true, null, null);
        }
        try {
            record(claim, outcome, started);
        } catch (RuntimeException e) {
            // The row keeps its lease: once it expires, the delivery is claimed and attempted again.
            LOG.log(System.Logger.Level.WARNING, "recording the outcome of delivery " + d.id() + " failed; it is "
                    + "attempted again once its lease expires", e);
        }
    }

    /** No rate budget: the row goes back untouched until {@code until}, and its target is skipped until then. */
    private void defer(Claim claim, Instant until) {
        synchronized (this) {
            shares.block(claim.delivery().targetArn(), until);
        }
        try {
            store.defer(claim, until);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "deferring delivery " + claim.delivery().id() + " failed", e);
        }
        time.at(until, this::wake); // one per deferred claim: bounded by the slots
    }

    private void record(Claim claim, Outcome outcome, long started) {
        Delivery d = claim.delivery();
        Duration retryAfter = outcome instanceof Outcome.Failed f ? f.retryAfter() : null;
        Instant now = clock.instant();
        switch (d.after(outcome, now, backoff(d.attempts() + 1, retryAfter))) {
            case Delivery.Next.Done done -> {
                Attempt a = attempt(d, outcome, now, Attempt.Result.DELIVERED, null, null, started);
                if (outcomes.settle(new Settlement.Delivered(claim, a))) {
                    settled();
                    observe(d, a);
                } else {
                    lost(d);
                }
            }
            case Delivery.Next.Dead dead -> {
                Attempt a = attempt(d, outcome, now, Attempt.Result.DEAD, dead.letter().reason(), null, started);
                if (outcomes.settle(new Settlement.Dead(claim, dead.letter(), a))) {
                    settled();
                    observe(d, a);
                } else {
                    lost(d);
                }
            }
            case Delivery.Next.Retry retry -> {
                Attempt a = attempt(d, outcome, now, Attempt.Result.RETRY, null, retry.delivery().dueTime(), started);
                if (outcomes.settle(new Settlement.Retry(claim, retry.delivery(), a))) {
                    observe(d, a);
                    Instant due = retry.delivery().dueTime();
                    if (due.isBefore(now.plus(settings.poll()))) {
                        time.at(due, this::wake); // a short backoff: on time, not at the next poll
                    }
                } else {
                    lost(d);
                }
            }
        }
    }

    private void settled() {
        backlog.settled();
    }

    private static void lost(Delivery d) {
        LOG.log(System.Logger.Level.INFO, "the outcome of delivery " + d.id() + " was not recorded: its lease was lost "
                + "(it took longer than the lease and was claimed again) or it was cancelled");
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

    // ---- the delivery history's attempts ------------------------------------------------------------

    /** Time in the attempt, for observers when the sender reports none (no call made). */
    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static Attempt attempt(Delivery d, Outcome outcome, Instant now, Attempt.Result result,
                                   String reason, Instant next, long startedNanos) {
        int status = outcome instanceof Outcome.Delivered ok ? ok.status() : ((Outcome.Failed) outcome).status();
        String why = reason != null ? reason : outcome instanceof Outcome.Failed f ? f.reason() : null;
        Duration latency = outcome.response() != null ? outcome.response().latency()
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

    /**
     * Stops: attempts under way are interrupted (their rows stay pending) and this node's leases are
     * given back, so that the next start (or another node) need not wait for them to expire.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.release(nodeId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing this node's delivery leases failed; they expire", e);
        }
    }
}
