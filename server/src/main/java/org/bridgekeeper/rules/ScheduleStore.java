package org.bridgekeeper.rules;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The next fire time of each scheduled rule, kept durably, so that a schedule goes on across
 * restarts (and, with a shared database, fires once per period across nodes): claiming a fire is a
 * conditional write from the due time seen to the next one.
 */
public interface ScheduleStore {

    /** The stored next fire of {@code rule}, when one is stored for its current expression. */
    Optional<Instant> next(Rule rule);

    /** Stores {@code next} as the rule's next fire, whatever was stored (a rule first seen, or a new expression). */
    void reset(Rule rule, Instant next);

    /** Moves the rule's next fire from {@code due} to {@code next}; false when another writer moved it first. */
    boolean claim(Rule rule, Instant due, Instant next);

    /** Forgets the rules that are no longer among {@code scheduled}. */
    void retain(Collection<Rule> scheduled);
}
