package org.bridgekeeper.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fair service: how many of this node's claims each target holds, against its cap (a share of the
 * delivery slots), and which targets have no rate budget until when. A claim skips the targets at
 * their cap or without budget, so a slow or failing destination cannot take more than its share
 * and a rate-limited one holds no slot while it waits. Not thread-safe: the {@link Deliverer} uses
 * it under its own lock, with the count of claims it holds.
 */
final class Shares {

    private final int cap;
    private final Map<String, Integer> held = new HashMap<>();
    /** Targets without rate budget until the instant (bounded by the destinations). */
    private final Map<String, Instant> blocked = new HashMap<>();
    /**
     * Targets at their cap that a claim skipped or a hand-off refused: rows of theirs may wait in
     * the table, so a claim is worth it when one of their holds is given back; for the others
     * (their deliveries all handed off or claimed) it would be a claim transaction for nothing.
     */
    private final Set<String> skipped = new HashSet<>();

    /** {@code cap}: the claims one target may hold at once. */
    Shares(int cap) {
        this.cap = cap;
    }

    int cap() {
        return cap;
    }

    /** A claim of {@code target} taken; whether the target is now at its cap. */
    boolean take(String target) {
        return held.merge(target, 1, Integer::sum) >= cap;
    }

    /**
     * A claim of {@code target} settled or given back; whether the target was at its cap with rows
     * of its skipped meanwhile (a claim may now reach them).
     */
    boolean give(String target) {
        Integer n = held.get(target);
        held.computeIfPresent(target, (k, m) -> m <= 1 ? null : m - 1);
        return n != null && n >= cap && skipped.remove(target);
    }

    /** A delivery of {@code target} was not handed off or claimed for want of room: it waits in the table. */
    void skipped(String target) {
        if (held.getOrDefault(target, 0) >= cap) {
            skipped.add(target);
        }
    }

    /** {@code target} has no rate budget before {@code until}. */
    void block(String target, Instant until) {
        blocked.merge(target, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The targets the next claim skips: at their cap, or without rate budget at {@code now}. */
    Set<String> excluded(Instant now) {
        Set<String> out = new HashSet<>();
        held.forEach((target, n) -> {
            if (n >= cap) {
                out.add(target);
                skipped.add(target); // its rows, if any, are left in the table by this claim
            }
        });
        blocked.values().removeIf(until -> !until.isAfter(now));
        out.addAll(blocked.keySet());
        return out;
    }

    /** How many more claims of {@code target} may be taken at {@code now} (a block that ended is forgotten). */
    int room(String target, Instant now) {
        Instant until = blocked.get(target);
        if (until != null && !until.isAfter(now)) {
            blocked.remove(target);
        }
        return room(target);
    }

    /** How many more claims of {@code target} may be taken now. */
    int room(String target) {
        int room = blocked.containsKey(target) ? 0 : cap - held.getOrDefault(target, 0);
        if (room <= 0) {
            skipped(target);
        }
        return room;
    }
}
