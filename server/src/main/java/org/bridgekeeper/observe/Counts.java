package org.bridgekeeper.observe;

import java.time.Instant;
import java.util.Map;

/** What the gauges read from the store when scraped. */
public interface Counts {

    /** Deliveries not yet delivered nor dead (in flight included). */
    long pendingDeliveries();

    long deadLetters();

    /**
     * Stored connections by their stored state and whether their settle time has passed at
     * {@code now} (DELETING and DEAUTHORIZING show their settled state then).
     */
    Map<StoredState, Long> connections(Instant now);

    record StoredState(String state, boolean settled) {}
}
