package org.bridgekeeper.delivery;

import java.time.Instant;
import java.util.List;
import org.bridgekeeper.common.Scope;

/** The durable side of delivery: what is pending, and what failed for good. */
public interface DeliveryStore {

    /** Stores the deliveries in one transaction: once this returns, they survive a crash. */
    void enqueue(List<Delivery> deliveries);

    /** Every pending delivery (at start). */
    List<Delivery> pending();

    void delivered(String id);

    void retry(Delivery next);

    /** Moves the delivery to the dead letters, in one transaction. */
    void deadLetter(DeadLetter letter);

    /** The page position of a dead letter, for {@link #deadLetters}' {@code afterId}. */
    String position(DeadLetter letter);

    /** Dead letters of the scope, oldest first, after the position {@code after} (or from the start). */
    List<DeadLetter> deadLetters(Scope scope, String bus, String rule, String afterId, int limit);

    /** Moves dead letters back to pending (all of the scope when {@code ids} is null), due now, attempts reset. */
    List<Delivery> redrive(Scope scope, List<String> ids, Instant now);
}
