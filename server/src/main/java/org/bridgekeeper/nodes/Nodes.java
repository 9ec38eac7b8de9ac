package org.bridgekeeper.nodes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.DoubleSupplier;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scheduler;

/**
 * This server among the nodes that share its database. Each node lists itself under a random id
 * at start and renews its row on the {@link Scheduler} every {@link #HEARTBEAT}; a node whose
 * heartbeat is older than {@link #LIVE} is taken for dead and its row removed by whichever node
 * notices. What the count is for: a node's share of a destination's invocation rate
 * ({@link #rateShare}), and {@code /health}. Nothing here decides who does a piece of work: that
 * is decided by conditional writes and leases on the work itself, so a wrong count never makes
 * work run twice.
 */
public final class Nodes implements AutoCloseable {

    /** How often a node renews its row. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);

    /** A node is live while its last heartbeat is younger than this: three heartbeats missed. */
    public static final Duration LIVE = Duration.ofSeconds(15);

    private static final System.Logger LOG = System.getLogger("bridgekeeper.nodes");

    private final NodeStore store;
    private final Scheduler time;
    private final String id;
    private final String address;
    private final Instant startedAt;
    /** The count as of the last heartbeat: read on every delivery's rate check, so never a query. */
    private volatile int live = 1;

    private Nodes(NodeStore store, Scheduler time, String id, String address) {
        this.store = store;
        this.time = time;
        this.id = id;
        this.address = address;
        this.startedAt = time.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Lists this node under a new random id and keeps its row fresh on {@code time}.
     *
     * @param address how other nodes or an operator may reach this one (host:port), or null
     */
    public static Nodes register(NodeStore store, Scheduler time, Ids ids, String address) {
        return register(store, time, ids, address, false);
    }

    /**
     * As {@link #register(NodeStore, Scheduler, Ids, String)}; {@code alone}: this node knows no
     * other can share its database (the embedded SQLite database, which one process holds at a
     * time), so whatever other nodes are listed, and their leases, are of processes that died
     * (a {@code kill -9}): they are removed at once, so that this node resumes their work now
     * instead of when their leases expire.
     */
    public static Nodes register(NodeStore store, Scheduler time, Ids ids, String address, boolean alone) {
        Nodes nodes = new Nodes(store, time, ids.uuid(), address);
        if (alone) {
            store.removeAllBut(nodes.id);
        }
        nodes.heartbeat();
        time.every(HEARTBEAT, nodes::heartbeat);
        return nodes;
    }

    /** This node's id: the holder named in the leases it takes. */
    public String id() {
        return id;
    }

    /** How many nodes were live at the last heartbeat, this one included (at least 1). */
    public int liveNodes() {
        return live;
    }

    /**
     * This node's share of a rate that all nodes together must keep (a destination's
     * InvocationRateLimitPerSecond): 1 / live nodes. While a node joins or dies the nodes
     * together may briefly keep a little less, or a little more, than the rate (one heartbeat).
     */
    public DoubleSupplier rateShare() {
        return () -> 1.0 / live;
    }

    /** Renews this node's row, forgets dead nodes and counts the live ones. */
    void heartbeat() {
        try {
            Instant now = time.now().truncatedTo(ChronoUnit.MILLIS);
            store.heartbeat(id, startedAt, now, address);
            Instant since = now.minus(LIVE);
            store.removeBefore(since);
            live = Math.max(1, store.countSince(since));
        } catch (RuntimeException e) {
            // The database is unreachable: keep the last count (health reports the database itself).
            LOG.log(System.Logger.Level.WARNING, "node heartbeat failed: " + e.getMessage());
        }
    }

    /** Leaves the registry and lets go of this node's leases, so that others need not wait for them to expire. */
    @Override
    public void close() {
        try {
            store.remove(id);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not leave the node registry: " + e.getMessage());
        }
    }
}
