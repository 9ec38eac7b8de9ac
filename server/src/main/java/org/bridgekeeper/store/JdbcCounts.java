package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.bridgekeeper.observe.Counts;

/** The gauges' counts, read at each scrape (not on any request's path). */
final class JdbcCounts implements Counts {

    private final Database db;

    JdbcCounts(Database db) {
        this.db = db;
    }

    @Override
    public long pendingDeliveries() {
        return count("SELECT COUNT(*) FROM deliveries");
    }

    @Override
    public long deadLetters() {
        return count("SELECT COUNT(*) FROM dead_letters");
    }

    @Override
    public Map<StoredState, Long> connections(Instant now) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT state, CASE WHEN settle_at IS NOT NULL AND settle_at <= ? THEN 1 ELSE 0 END, "
                    + "COUNT(*) FROM connections GROUP BY 1, 2");
            q.setLong(1, now.toEpochMilli());
            Map<StoredState, Long> out = new HashMap<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(new StoredState(rs.getString(1), rs.getInt(2) == 1), rs.getLong(3));
                }
            }
            return out;
        });
    }

    private long count(String sql) {
        return db.read(tx -> {
            try (ResultSet rs = tx.prepare(sql).executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }
}
