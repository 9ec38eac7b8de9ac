package org.bridgekeeper.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/**
 * The delivery history: every delivery with each of its attempts, written by the
 * {@link DeliveryStore} in the transactions that change the delivery, kept for a retention period.
 */
public interface DeliveryHistory {

    /** Where a delivery stands. */
    enum State { PENDING, DELIVERED, DEAD }

    /** One delivery as listed. {@code nextTime} is set while it is pending; {@code lastStatus} is 0 before any answer. */
    record Entry(String id, Scope scope, String eventId, String bus, String rule, String targetId, String targetArn,
                 State state, int attempts, Instant createdTime, Instant updatedTime, Instant nextTime,
                 int lastStatus, String lastReason, String traceparent) {}

    /**
     * One delivery in full: the event as put (null when the payload is the event itself), the
     * payload as the target was to receive it, the last request sent (JSON of the masked request:
     * Method, Url, Headers, Body; null before any), and every attempt in order.
     */
    record Detail(Entry entry, String event, String payload, String request, List<Attempt> attempts) {}

    /** The list's filters; null means any. {@code destination} is an API destination ARN. */
    record Filter(String bus, String rule, String targetId, String destination, State state) {}

    /** Deliveries of the scope, newest first, after the position {@code after} (or from the start). */
    List<Entry> list(Scope scope, Filter filter, String after, int limit);

    /** The page position of an entry, for {@link #list}'s {@code after}. */
    String position(Entry entry);

    Optional<Detail> describe(Scope scope, String id);

    /**
     * Forgets up to {@code batch} deliveries that were created before {@code before} and are no
     * longer pending, with their attempts; how many.
     */
    int purge(Instant before, int batch);
}
