package org.bridgekeeper.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fresh deliveries this node starts itself, with no claim transaction and no read of their
 * payload: PutEvents' own insert gives them this node's lease ({@link DeliveryStore#enqueue(List,
 * java.util.Map, Handoff)}), and once that insert is committed they are started as claimed ones.
 * The {@link Deliverer} reserves them ({@link Deliverer#reserve}) only while it has room and
 * nothing claimable waits in the table (so they pass nothing older), within the same hold limit
 * and per-target shares a claim respects.
 *
 * <p>Exactly one of {@link #start()} (after the commit) or {@link #cancel()} (the insert failed:
 * the reservations are given back) is called. A node that dies between the commit and the attempts
 * leaves leases that expire like any claim's, and the rows are claimed then, by any node.
 */
public final class Handoff {

    /** Nothing handed off: every delivery is inserted free and claimed as usual. */
    public static final Handoff NONE = new Handoff(null, List.of());

    private final Deliverer engine;
    private final List<Claim> claims;
    private final Map<String, Claim> byId;

    Handoff(Deliverer engine, List<Claim> claims) {
        this.engine = engine;
        this.claims = claims;
        this.byId = new HashMap<>(claims.size() * 2);
        claims.forEach(c -> byId.put(c.delivery().id(), c));
    }

    /** The lease {@code delivery} is to be inserted with, or null when it is inserted free. */
    public Claim claimOf(Delivery delivery) {
        return byId.get(delivery.id());
    }

    /** Whether any delivery is handed off. */
    public boolean isEmpty() {
        return claims.isEmpty();
    }

    /** How many deliveries are handed off. */
    public int size() {
        return claims.size();
    }

    /** The insert is committed: the handed-off deliveries are attempted, as claimed ones are. */
    public void start() {
        for (Claim c : claims) {
            engine.start(c);
        }
    }

    /** The insert failed: the reservations are given back (nothing was stored). */
    public void cancel() {
        for (Claim c : claims) {
            engine.finished(c);
        }
    }
}
