package org.bridgekeeper.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.PageTokens;
import org.bridgekeeper.error.Errors;

/**
 * The dead letters: what could not be delivered, kept (not sent to the DeadLetterConfig queue) so
 * they can be listed and redriven through Bridgekeeper's extension operations.
 */
public final class DeadLetters {

    public record Page(List<DeadLetter> letters, String nextToken) {}

    static final int DEFAULT_PAGE_SIZE = 100;

    private final DeliveryStore store;
    private final Deliverer deliverer;
    private final PageTokens tokens;
    private final Clock clock;

    public DeadLetters(DeliveryStore store, Deliverer deliverer, PageTokens tokens, Clock clock) {
        this.store = store;
        this.deliverer = deliverer;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Page list(Scope scope, String bus, String rule, String nextToken, Integer limit) {
        String binding = "dead-letters\n" + scope.account() + "\n" + scope.region() + "\n" + Objects.toString(bus, "")
                + "\n" + Objects.toString(rule, "");
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        PageTokens.Page<DeadLetter> page = tokens.page(binding, store.deadLetters(scope, bus, rule, after, size + 1),
                size, store::position);
        return new Page(page.items(), page.nextToken());
    }

    /** Moves the dead letters (all of the scope when {@code ids} is null) back to delivery; how many. */
    public int redrive(Scope scope, List<String> ids) {
        List<Delivery> again = store.redrive(scope, ids, clock.instant());
        deliverer.enqueued(again.size());
        return again.size();
    }

    /** How many dead letters one write of the purge forgets: short transactions, the writer is shared. */
    static final int DEAD_LETTER_PURGE_BATCH = 500;

    /**
     * Forgets dead letters that failed more than {@code retention} ago (--dead-letter-retention,
     * like an SQS dead-letter queue's retention); how many. Short transactions, as the delivery history's purge.
     */
    public int purgeDeadLetters(java.time.Duration retention) {
        java.time.Instant before = clock.instant().minus(retention);
        int total = 0;
        int n;
        do {
            n = store.purgeDeadLetters(before, DEAD_LETTER_PURGE_BATCH);
            total += n;
        } while (n == DEAD_LETTER_PURGE_BATCH);
        return total;
    }
}
