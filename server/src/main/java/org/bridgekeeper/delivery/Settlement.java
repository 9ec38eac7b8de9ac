package org.bridgekeeper.delivery;

/**
 * An attempt's outcome as the store writes it, under the attempt's {@link Claim}: the delivery
 * delivered (its row goes), rescheduled as {@code next}, or moved to the dead letters. Several are
 * written in one transaction ({@link DeliveryStore#settle}); each only while the row still carries
 * exactly its claim's lease.
 */
public sealed interface Settlement {

    Claim claim();

    /** The attempt the history records; may be null for a dead letter (no attempt made). */
    Attempt attempt();

    /** Delivered: the row is deleted. */
    record Delivered(Claim claim, Attempt attempt) implements Settlement {}

    /** Another attempt later: the row becomes {@code next} and its lease is freed. */
    record Retry(Claim claim, Delivery next, Attempt attempt) implements Settlement {}

    /** Failed for good: the row moves to the dead letters as {@code letter}. */
    record Dead(Claim claim, DeadLetter letter, Attempt attempt) implements Settlement {}
}
