package org.bridgekeeper.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.PageTokens;
import org.bridgekeeper.error.Errors;

/**
 * The delivery history behind Bridgekeeper's extension operations: every delivery with its
 * attempts (ListDeliveries, DescribeDelivery), and what can be done to a pending one: attempt it
 * now (RetryDelivery) or cancel it (CancelDelivery). A cancelled delivery is not dropped: it moves
 * to the dead letters with the reason {@link #CANCELLED}, so a mistake can be undone with
 * RedriveDeadLetters, and the history shows it dead.
 */
public final class Deliveries {

    public record Page(List<DeliveryHistory.Entry> deliveries, String nextToken) {}

    /** The dead letter's reason for a cancelled delivery. */
    public static final String CANCELLED = "Cancelled (Bridgekeeper.CancelDelivery).";

    static final int DEFAULT_PAGE_SIZE = 100;

    private final DeliveryHistory history;
    private final DeliveryStore store;
    private final Deliverer deliverer;
    private final PageTokens tokens;
    private final Clock clock;
    private final DeliveryObserver observer;

    public Deliveries(DeliveryHistory history, DeliveryStore store, Deliverer deliverer, PageTokens tokens, Clock clock,
                      DeliveryObserver observer) {
        this.history = history;
        this.store = store;
        this.deliverer = deliverer;
        this.tokens = tokens;
        this.clock = clock;
        this.observer = observer;
    }

    public Page list(Scope scope, DeliveryHistory.Filter filter, String nextToken, Integer limit) {
        String binding = "deliveries\n" + scope.account() + "\n" + scope.region() + "\n" + Objects.toString(filter.bus(), "")
                + "\n" + Objects.toString(filter.rule(), "") + "\n" + Objects.toString(filter.targetId(), "") + "\n"
                + Objects.toString(filter.destination(), "") + "\n" + Objects.toString(filter.state(), "");
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        PageTokens.Page<DeliveryHistory.Entry> page = tokens.page(binding, history.list(scope, filter, after, size + 1),
                size, history::position);
        return new Page(page.items(), page.nextToken());
    }

    public DeliveryHistory.Detail describe(Scope scope, String id) {
        return history.describe(scope, id).orElseThrow(() -> Errors.deliveryNotFound(id));
    }

    /** How many deliveries one write of the purge forgets: short transactions, the writer is shared. */
    static final int PURGE_BATCH = 500;

    /**
     * Forgets the history of deliveries created more than {@code retention} ago that are no longer
     * pending; how many. Runs in short transactions, so that deliveries go on meanwhile.
     */
    public int purge(java.time.Duration retention) {
        java.time.Instant before = clock.instant().minus(retention);
        int total = 0;
        int n;
        do {
            n = history.purge(before, PURGE_BATCH);
            total += n;
        } while (n == PURGE_BATCH);
        return total;
    }

    /** Attempts the pending delivery now, whatever its backoff said; its attempt count goes on. */
    public void retryNow(Scope scope, String id) {
        java.time.Instant now = clock.instant();
        // In flight = leased by a node and the lease not expired: the store changes only rows that are not.
        store.dueNow(scope, id, now).orElseThrow(() -> missing(scope, id, now));
        deliverer.wake();
    }

    /** Moves the pending delivery to the dead letters, reason {@link #CANCELLED}; it is not attempted again. */
    public DeadLetter cancel(Scope scope, String id) {
        java.time.Instant now = clock.instant();
        // An attempt whose lease expired meanwhile writes nothing once the row is gone (its outcome is conditional).
        DeadLetter letter = store.cancel(scope, id, now, CANCELLED).orElseThrow(() -> missing(scope, id, now));
        try {
            observer.cancelled(letter.delivery());
        } catch (RuntimeException e) {
            System.getLogger("bridgekeeper.delivery").log(System.Logger.Level.WARNING, "an observer of delivery " + id
                    + " failed", e);
        }
        return letter;
    }

    /** Why a pending delivery could not be changed: it is being attempted, or there is none. */
    private RuntimeException missing(Scope scope, String id, java.time.Instant now) {
        return store.inFlight(scope, id, now) ? Errors.deliveryInFlight(id) : Errors.pendingDeliveryNotFound(id);
    }
}
