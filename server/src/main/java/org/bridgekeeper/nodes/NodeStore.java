package org.bridgekeeper.nodes;

import java.time.Instant;

/** Where the running nodes sharing one database are listed, each with its last heartbeat. */
public interface NodeStore {

    /** Lists the node (or refreshes its row) with its heartbeat at {@code now}. */
    void heartbeat(String nodeId, Instant startedAt, Instant now, String address);

    /** How many nodes have a heartbeat at or after {@code since}. */
    int countSince(Instant since);

    /** Removes the rows whose last heartbeat is before {@code before} (nodes that died); how many. */
    int removeBefore(Instant before);

    /** Removes the node's row and lets go of every lease it holds (a node that stops cleanly). */
    void remove(String nodeId);

    /** Removes every other node's row and lease: for a node that knows it is alone on its database. */
    void removeAllBut(String nodeId);
}
