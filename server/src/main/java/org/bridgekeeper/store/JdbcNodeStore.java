package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.bridgekeeper.nodes.NodeStore;

/** The node registry in the shared database (schema version 11). */
final class JdbcNodeStore implements NodeStore {

    private final Database db;

    JdbcNodeStore(Database db) {
        this.db = db;
    }

    @Override
    public void heartbeat(String nodeId, Instant startedAt, Instant now, String address) {
        db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO nodes (node_id, started_at, heartbeat_at, address) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, address = excluded.address");
            s.setString(1, nodeId);
            s.setLong(2, startedAt.toEpochMilli());
            s.setLong(3, now.toEpochMilli());
            s.setString(4, address);
            return s.executeUpdate();
        });
    }

    @Override
    public int countSince(Instant since) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT COUNT(*) FROM nodes WHERE heartbeat_at >= ?");
            q.setLong(1, since.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public int removeBefore(Instant before) {
        return db.write(tx -> {
            PreparedStatement d = tx.prepare("DELETE FROM nodes WHERE heartbeat_at < ?");
            d.setLong(1, before.toEpochMilli());
            return d.executeUpdate();
        });
    }

    @Override
    public void remove(String nodeId) {
        removeWith("=", nodeId);
    }

    @Override
    public void removeAllBut(String nodeId) {
        removeWith("<>", nodeId);
    }

    /** Removes the nodes whose id compares to {@code nodeId} by {@code operator} ("=" or "<>"), with the leases they hold. */
    private void removeWith(String operator, String nodeId) {
        db.write(tx -> {
            PreparedStatement leases = tx.prepare("DELETE FROM connection_leases WHERE holder " + operator + " ?");
            leases.setString(1, nodeId);
            leases.executeUpdate();
            PreparedStatement d = tx.prepare("DELETE FROM nodes WHERE node_id " + operator + " ?");
            d.setString(1, nodeId);
            return d.executeUpdate();
        });
    }
}
