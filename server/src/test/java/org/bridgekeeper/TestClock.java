package org.bridgekeeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.bridgekeeper.common.Scheduler;

/**
 * Time that a test moves by hand: the server's clock stands still until {@link #advance} moves it,
 * and every task due by then runs, in time order, before {@code advance} returns (so a test that
 * advances past a settle time, a retry or a schedule sees its effect started). Tasks due at once
 * run on a virtual thread, as a real timer would run them soon after the call. A periodic task
 * runs at most twice per {@code advance} (missed periods coalesce), so a test that needs every
 * period of a schedule advances one period at a time.
 */
public final class TestClock extends Clock implements Scheduler {

    private record Task(Instant when, long seq, Runnable run, Duration period) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.when.equals(b.when)
            ? Long.compare(a.seq, b.seq) : a.when.compareTo(b.when));
    private Instant now;
    private long seq;

    /** A clock at the current second of the real one (whole seconds, as AWS's timestamps). */
    public TestClock() {
        this(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    public TestClock(Instant start) {
        this.now = start;
    }

    /** Moves time on by {@code step}, running what falls due on the way, in order, on this thread. */
    public void advance(Duration step) {
        Instant target;
        synchronized (this) {
            target = now.plus(step);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.when.isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                if (next.when.isAfter(now)) {
                    now = next.when;
                }
                if (next.period != null) {
                    // Missed periods coalesce, as with a timer that ran late: once more at the target at most.
                    Instant again = next.when.plus(next.period);
                    tasks.add(new Task(again.isBefore(target) ? target : again, seq++, next.run, next.period));
                }
            }
            next.run.run();
        }
    }

    /** Moves time on by {@code seconds}. */
    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    @Override
    public Clock clock() {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public void at(Instant when, Runnable task) {
        synchronized (this) {
            if (when.isAfter(now)) {
                tasks.add(new Task(when, seq++, task, null));
                return;
            }
        }
        Thread.ofVirtual().start(task);
    }

    @Override
    public synchronized void every(Duration period, Runnable task) {
        tasks.add(new Task(now.plus(period), seq++, task, period));
    }

    /** Drops every pending task (the server stopped); the clock goes on serving the next start. */
    @Override
    public synchronized void close() {
        tasks.clear();
    }

    /** How many tasks are waiting (for tests of the tests). */
    public synchronized int pending() {
        return tasks.size();
    }

    /** The due times of the waiting one-off tasks. */
    public synchronized List<Instant> dueTimes() {
        List<Instant> out = new ArrayList<>();
        tasks.stream().filter(t -> t.period == null).forEach(t -> out.add(t.when));
        return out;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock is UTC");
    }
}
