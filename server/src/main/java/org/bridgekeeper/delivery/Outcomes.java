package org.bridgekeeper.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Group commit of attempts' outcomes: attempts that finish at about the same time have their
 * outcomes written in one {@link DeliveryStore#settle} call, one transaction, instead of one each
 * (on PostgreSQL each was a pooled connection, a transaction and a WAL flush; on SQLite a queued
 * write and a savepoint on the writer thread).
 *
 * <p>No thread and no timer of its own: the first caller to find no write under way writes
 * everything waiting, its own outcome included, and answers each caller; whoever arrives meanwhile
 * waits, and the next group is written by the first of them as soon as the previous one is done.
 * A lone outcome is written at once, so latency does not grow when idle. Every caller returns only
 * once its own outcome is durable (or failed), so the engine's slot and count are released as before.
 *
 * <p>A failed group is written again one settlement at a time, so that one bad write (a constraint,
 * say) fails alone, as it did when each was its own transaction.
 */
final class Outcomes {

    /** Most outcomes one transaction writes: a short transaction on the shared writer. */
    static final int MAX_GROUP = 128;

    /** The waiter is to write the next group (it is still waiting in the queue). */
    private static final Object LEAD = new Object();

    private record Waiting(Settlement settlement, CompletableFuture<Object> answer) {}

    private final DeliveryStore store;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    /** A group is being written: guarded by the queue. */
    private boolean writing;

    Outcomes(DeliveryStore store) {
        this.store = store;
    }

    /** How many outcomes wait for a write (tests). */
    int waiting() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /**
     * Writes the outcome, with whatever others are waiting; whether it was written (false: the lease
     * was lost). Throws as the store does when the write failed.
     */
    boolean settle(Settlement settlement) {
        Waiting own = new Waiting(settlement, new CompletableFuture<>());
        boolean lead;
        synchronized (queue) {
            queue.add(own);
            lead = !writing;
            writing = true;
        }
        if (!lead) {
            Object answer;
            try {
                answer = own.answer().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (answer != LEAD) {
                return (Boolean) answer;
            }
        }
        return lead(own);
    }

    /** Writes the waiting outcomes (its own first), answers the others, hands the lead on. */
    private boolean lead(Waiting own) {
        List<Waiting> group = new ArrayList<>();
        group.add(own);
        synchronized (queue) {
            queue.remove(own);
            while (!queue.isEmpty() && group.size() < MAX_GROUP) {
                group.add(queue.poll());
            }
        }
        Object[] results;
        try {
            results = write(group);
        } catch (Error e) {
            // nothing a write survives (out of memory): no caller is left waiting for an answer
            group.forEach(w -> w.answer().completeExceptionally(e));
            handOn();
            throw e;
        }
        for (int k = 1; k < group.size(); k++) {
            if (results[k] instanceof RuntimeException e) {
                group.get(k).answer().completeExceptionally(e);
            } else {
                group.get(k).answer().complete(results[k]);
            }
        }
        handOn();
        if (results[0] instanceof RuntimeException e) {
            throw e;
        }
        return (Boolean) results[0];
    }

    /** The next waiting caller writes the next group; with none waiting, the next to come does. */
    private void handOn() {
        Waiting next;
        synchronized (queue) {
            next = queue.peek();
            writing = next != null;
        }
        if (next != null) {
            next.answer().complete(LEAD);
        }
    }

    /**
     * The group in one transaction; when that fails, each alone (one bad write fails alone). Per
     * member, whether it was written, or the exception that failed it.
     */
    private Object[] write(List<Waiting> group) {
        Object[] results = new Object[group.size()];
        List<Settlement> settlements = new ArrayList<>(group.size());
        group.forEach(w -> settlements.add(w.settlement()));
        try {
            boolean[] written = store.settle(settlements);
            for (int k = 0; k < written.length; k++) {
                results[k] = written[k];
            }
            return results;
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                results[0] = groupFailed;
                return results;
            }
        }
        for (int k = 0; k < group.size(); k++) {
            try {
                results[k] = store.settle(List.of(settlements.get(k)))[0];
            } catch (RuntimeException e) {
                results[k] = e;
            }
        }
        return results;
    }
}
