package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.DeliveryHistory;

/**
 * Reads of the delivery history (written by {@link HistoryWrites}) and its purge. An entry's page
 * position is its creation time and id, {@code <epoch millis>:<id>}; lists go newest first.
 */
final class JdbcDeliveryHistory implements DeliveryHistory {

    private static final String ENTRY = "id, account, region, event_id, bus, rule, target_id, target_arn, state, attempts, "
            + "created_time, updated_time, next_time, last_status, last_reason, traceparent";

    private final Database db;

    JdbcDeliveryHistory(Database db) {
        this.db = db;
    }

    @Override
    public List<Entry> list(Scope scope, Filter filter, String after, int limit) {
        long time = Long.MAX_VALUE;
        String id = "";
        if (after != null) {
            int colon = after.indexOf(':');
            time = Long.parseLong(after.substring(0, colon));
            id = after.substring(colon + 1);
        }
        long afterTime = time;
        String afterId = id;
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + ENTRY + " FROM delivery_history WHERE account = ? AND region = ? "
                    + "AND (created_time < ? OR (created_time = ? AND id < ?)) AND (? IS NULL OR bus = ?) "
                    + "AND (? IS NULL OR rule = ?) AND (? IS NULL OR target_id = ?) AND (? IS NULL OR target_arn = ?) "
                    + "AND (? IS NULL OR state = ?) ORDER BY created_time DESC, id DESC LIMIT ?");
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setLong(3, afterTime);
            q.setLong(4, afterTime);
            q.setString(5, after == null ? "\uffff" : afterId);
            int i = 6;
            for (String value : new String[] {filter.bus(), filter.rule(), filter.targetId(), filter.destination(),
                filter.state() == null ? null : filter.state().name()}) {
                q.setString(i++, value);
                q.setString(i++, value);
            }
            q.setInt(i, limit);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
            return out;
        });
    }

    @Override
    public String position(Entry entry) {
        return entry.createdTime().toEpochMilli() + ":" + entry.id();
    }

    @Override
    public Optional<Detail> describe(Scope scope, String id) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + ENTRY + ", event, payload, request FROM delivery_history "
                    + "WHERE id = ? AND account = ? AND region = ?");
            q.setString(1, id);
            q.setString(2, scope.account());
            q.setString(3, scope.region());
            Entry entry;
            String event;
            String payload;
            String request;
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<Detail>empty();
                }
                entry = entry(rs);
                event = rs.getString(17);
                payload = rs.getString(18);
                request = rs.getString(19);
            }
            PreparedStatement a = tx.prepare("SELECT number, time, status, latency_ms, result, reason, next_time, response "
                    + "FROM delivery_attempts WHERE delivery_id = ? ORDER BY number");
            a.setString(1, id);
            List<Attempt> attempts = new ArrayList<>();
            try (ResultSet rs = a.executeQuery()) {
                while (rs.next()) {
                    long latency = rs.getLong(4);
                    Duration took = rs.wasNull() ? null : Duration.ofMillis(latency);
                    attempts.add(new Attempt(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3), took,
                            Attempt.Result.valueOf(rs.getString(5)), rs.getString(6), time(rs, 7), rs.getString(8), null));
                }
            }
            return Optional.of(new Detail(entry, event, payload, request, attempts));
        });
    }

    /**
     * Scope by scope (found by seeking the scope index, one scope at a time), the oldest settled
     * deliveries first, each batch in one short write.
     */
    @Override
    public int purge(Instant before, int batch) {
        List<String[]> scopes = db.read(tx -> {
            PreparedStatement next = tx.prepare("SELECT account, region FROM delivery_history WHERE account > ? "
                    + "OR (account = ? AND region > ?) ORDER BY account, region LIMIT 1");
            List<String[]> out = new ArrayList<>();
            String account = "";
            String region = "";
            while (true) {
                next.setString(1, account);
                next.setString(2, account);
                next.setString(3, region);
                try (ResultSet rs = next.executeQuery()) {
                    if (!rs.next()) {
                        return out;
                    }
                    account = rs.getString(1);
                    region = rs.getString(2);
                }
                out.add(new String[] {account, region});
            }
        });
        int total = 0;
        for (String[] scope : scopes) {
            int room = batch - total;
            if (room <= 0) {
                break;
            }
            total += db.write(tx -> {
                PreparedStatement pick = tx.prepare("SELECT id FROM delivery_history WHERE account = ? AND region = ? "
                        + "AND created_time < ? AND state <> 'PENDING' ORDER BY created_time LIMIT ?");
                pick.setString(1, scope[0]);
                pick.setString(2, scope[1]);
                pick.setLong(3, before.toEpochMilli());
                pick.setInt(4, room);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = pick.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                PreparedStatement attempts = tx.prepare("DELETE FROM delivery_attempts WHERE delivery_id = ?");
                PreparedStatement row = tx.prepare("DELETE FROM delivery_history WHERE id = ?");
                for (String id : ids) {
                    attempts.setString(1, id);
                    attempts.executeUpdate();
                    row.setString(1, id);
                    row.executeUpdate();
                }
                return ids.size();
            });
        }
        return total;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), new Scope(rs.getString(2), rs.getString(3)), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), State.valueOf(rs.getString(9)), rs.getInt(10),
                Instant.ofEpochMilli(rs.getLong(11)), Instant.ofEpochMilli(rs.getLong(12)), time(rs, 13), rs.getInt(14),
                rs.getString(15), rs.getString(16));
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
