package org.bridgekeeper.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/**
 * The durable side of delivery: what is pending, and what failed for good. Where the store keeps
 * a delivery history ({@link DeliveryHistory}), each write that settles an attempt records the
 * attempt in the same transaction.
 */
public interface DeliveryStore {

    /** Stores the deliveries in one transaction: once this returns, they survive a crash. */
    void enqueue(List<Delivery> deliveries);

    /**
     * As {@link #enqueue(List)}; {@code events} (event id to the event as put, JSON) is what the
     * history shows beside each delivery's payload.
     */
    default void enqueue(List<Delivery> deliveries, Map<String, String> events) {
        enqueue(deliveries);
    }

    /** Every pending delivery (at start). */
    List<Delivery> pending();

    void delivered(String id);

    void retry(Delivery next);

    /** Moves the delivery to the dead letters, in one transaction. */
    void deadLetter(DeadLetter letter);

    /** {@link #delivered(String)}, with the attempt that delivered it. */
    default void delivered(Delivery delivery, Attempt attempt) {
        delivered(delivery.id());
    }

    /** {@link #retry(Delivery)}, with the attempt that failed; false when the delivery is no longer pending. */
    default boolean retry(Delivery next, Attempt attempt) {
        retry(next);
        return true;
    }

    /** {@link #deadLetter(DeadLetter)}, with the last attempt. */
    default void deadLetter(DeadLetter letter, Attempt attempt) {
        deadLetter(letter);
    }

    /** The pending delivery {@code id} of the scope, due {@code now} from now on; empty when there is none. */
    default Optional<Delivery> dueNow(Scope scope, String id, Instant now) {
        return Optional.empty();
    }

    /** Moves the pending delivery {@code id} of the scope to the dead letters with {@code reason}; empty when there is none. */
    default Optional<DeadLetter> cancel(Scope scope, String id, Instant now, String reason) {
        return Optional.empty();
    }

    /** The page position of a dead letter, for {@link #deadLetters}' {@code afterId}. */
    String position(DeadLetter letter);

    /** Dead letters of the scope, oldest first, after the position {@code after} (or from the start). */
    List<DeadLetter> deadLetters(Scope scope, String bus, String rule, String afterId, int limit);

    /** Moves dead letters back to pending (all of the scope when {@code ids} is null), due now, attempts reset. */
    List<Delivery> redrive(Scope scope, List<String> ids, Instant now);
}
