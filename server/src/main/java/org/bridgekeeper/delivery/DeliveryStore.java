package org.bridgekeeper.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.bridgekeeper.common.Scope;

/**
 * The durable side of delivery: what is pending, and what failed for good. Pending deliveries stay
 * here, not in memory: the {@link Deliverer} claims the due ones in small batches with a lease and
 * writes each attempt's outcome under that lease. Where the store keeps a delivery history
 * ({@link DeliveryHistory}), each write that settles an attempt records the attempt in the same
 * transaction.
 */
public interface DeliveryStore {

    /** Stores the deliveries in one transaction: once this returns, they survive a crash. */
    void enqueue(List<Delivery> deliveries);

    /**
     * As {@link #enqueue(List)}; {@code events} (event id to the event as put, JSON) is what the
     * history shows beside each delivery's payload.
     */
    default void enqueue(List<Delivery> deliveries, Map<String, String> events) {
        enqueue(deliveries, events, Handoff.NONE);
    }

    /**
     * As {@link #enqueue(List, Map)}, the deliveries {@code handoff} names inserted already leased
     * (its claim's owner and until): the engine that reserved them starts them once this returns,
     * and no claim takes them before the lease expires.
     */
    void enqueue(List<Delivery> deliveries, Map<String, String> events, Handoff handoff);

    /**
     * Claims up to {@code limit} deliveries due by {@code now} whose lease is free or expired,
     * oldest due first, in one write: each gets the lease ({@code owner}, {@code until}). Rows of
     * the targets in {@code excluded} are not claimed, and at most {@code room} of a target's rows
     * (fair shares: the engine's count of what the target may still take).
     */
    List<Claim> claim(String owner, Instant now, Instant until, int limit, Set<String> excluded, ToIntFunction<String> room);

    /** The earliest due time after {@code now} of a delivery not leased; empty when there is none. */
    Optional<Instant> nextDue(Instant now);

    /** How many deliveries are pending (in flight included); a full count, for a periodic refresh only. */
    long pendingCount();

    /** Up to {@code limit} pending deliveries, oldest due first (tests and tools; never all of them). */
    List<Delivery> pending(int limit);

    /**
     * Writes the outcomes in one transaction, each only while its row still carries exactly its
     * claim's lease (with its history, where kept); per settlement, in order, whether it was written
     * (false: the lease was lost, or the delivery was cancelled). Nothing is written when this throws.
     */
    boolean[] settle(List<Settlement> settlements);

    /** Deletes the delivered row, with the attempt that delivered it; false when the claim's lease was lost. */
    default boolean delivered(Claim claim, Attempt attempt) {
        return settle(List.of(new Settlement.Delivered(claim, attempt)))[0];
    }

    /** Reschedules the delivery as {@code next} and frees its lease; false when the lease was lost (or it was cancelled). */
    default boolean retry(Claim claim, Delivery next, Attempt attempt) {
        return settle(List.of(new Settlement.Retry(claim, next, attempt)))[0];
    }

    /** Moves the delivery to the dead letters, in one transaction; false when the lease was lost. */
    default boolean deadLetter(Claim claim, DeadLetter letter, Attempt attempt) {
        return settle(List.of(new Settlement.Dead(claim, letter, attempt)))[0];
    }

    /**
     * Gives the claim back without an attempt (no rate budget now): nobody claims the row before
     * {@code until}; its attempts and due time are unchanged.
     */
    void defer(Claim claim, Instant until);

    /** Frees every lease {@code owner} holds (a clean stop: another start need not wait for them to expire); how many. */
    int release(String owner);

    /**
     * Frees every lease, whoever holds it: for a process alone on its database (the embedded one,
     * behind the data dir's lock) at start, where any lease is a killed process's; how many.
     */
    int releaseAll();

    /** Whether the pending delivery is being attempted (leased, the lease not expired at {@code now}). */
    boolean inFlight(Scope scope, String id, Instant now);

    /** The pending delivery {@code id} of the scope, due {@code now} from now on; empty when there is none or it is in flight. */
    Optional<Delivery> dueNow(Scope scope, String id, Instant now);

    /**
     * Moves the pending delivery {@code id} of the scope to the dead letters with {@code reason};
     * empty when there is none or it is in flight.
     */
    Optional<DeadLetter> cancel(Scope scope, String id, Instant now, String reason);

    /** The page position of a dead letter, for {@link #deadLetters}' {@code afterId}. */
    String position(DeadLetter letter);

    /** Dead letters of the scope, oldest first, after the position {@code after} (or from the start). */
    List<DeadLetter> deadLetters(Scope scope, String bus, String rule, String afterId, int limit);

    /** Moves dead letters back to pending (all of the scope when {@code ids} is null), due now, attempts reset. */
    List<Delivery> redrive(Scope scope, List<String> ids, Instant now);

    /** Forgets up to {@code limit} dead letters that failed before {@code before}, in one short write; how many. */
    int purgeDeadLetters(Instant before, int limit);
}
