package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.DeadLetter;
import org.bridgekeeper.delivery.DeliveryHistory;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryStore;

/**
 * Pending deliveries and dead letters. A dead letter's page position is its failure time and id,
 * written {@code <epoch millis>:<id>}. With {@code history}, every write that changes a delivery
 * also writes its row of the delivery history, and an attempt's outcome its attempt, in the same
 * transaction ({@link HistoryWrites}); an outcome written after the delivery left the table (it
 * was cancelled meanwhile) records nothing.
 */
final class JdbcDeliveryStore implements DeliveryStore {

    private static final String COMMON = "id, account, region, event_id, bus, rule, target_id, target_arn, payload, "
            + "http_parameters, attempts, max_attempts, max_age_seconds, first_time";
    private static final String PENDING = COMMON + ", due_time, last_reason, last_status, traceparent";
    private static final String DEAD = COMMON + ", failed_time, reason, status, traceparent";

    private final Database db;
    private final boolean history;

    JdbcDeliveryStore(Database db, boolean history) {
        this.db = db;
        this.history = history;
    }

    @Override
    public void enqueue(List<Delivery> deliveries) {
        enqueue(deliveries, java.util.Map.of());
    }

    @Override
    public void enqueue(List<Delivery> deliveries, java.util.Map<String, String> events) {
        if (deliveries.isEmpty()) {
            return;
        }
        db.write(tx -> {
            for (Delivery d : deliveries) {
                insertPending(tx, d);
                if (history) {
                    HistoryWrites.enqueued(tx, d, events.get(d.eventId()));
                }
            }
            return null;
        });
    }

    @Override
    public void delivered(Delivery delivery, Attempt attempt) {
        db.write(tx -> {
            PreparedStatement d = tx.prepare("DELETE FROM deliveries WHERE id = ?");
            d.setString(1, delivery.id());
            if (d.executeUpdate() > 0 && history) {
                HistoryWrites.attempted(tx, delivery, attempt, DeliveryHistory.State.DELIVERED);
            }
            return null;
        });
    }

    @Override
    public boolean retry(Delivery next, Attempt attempt) {
        return db.write(tx -> {
            boolean pending = update(tx, next) > 0;
            if (pending && history) {
                HistoryWrites.attempted(tx, next, attempt, DeliveryHistory.State.PENDING);
            }
            return pending;
        });
    }

    @Override
    public void deadLetter(DeadLetter letter, Attempt attempt) {
        db.write(tx -> {
            if (moveToDeadLetters(tx, letter) && history && attempt != null) {
                HistoryWrites.attempted(tx, letter.delivery(), attempt, DeliveryHistory.State.DEAD);
            }
            return null;
        });
    }

    @Override
    public Optional<Delivery> dueNow(Scope scope, String id, Instant now) {
        return db.write(tx -> {
            Optional<Delivery> found = pendingOf(tx, scope, id);
            if (found.isEmpty()) {
                return found;
            }
            Delivery due = found.get().dueAt(now);
            update(tx, due);
            if (history) {
                HistoryWrites.rescheduled(tx, due, now);
            }
            return Optional.of(due);
        });
    }

    @Override
    public Optional<DeadLetter> cancel(Scope scope, String id, Instant now, String reason) {
        return db.write(tx -> {
            Optional<Delivery> found = pendingOf(tx, scope, id);
            if (found.isEmpty()) {
                return Optional.<DeadLetter>empty();
            }
            Delivery d = found.get();
            DeadLetter letter = new DeadLetter(d, now, reason, d.lastStatus());
            moveToDeadLetters(tx, letter);
            if (history) {
                HistoryWrites.cancelled(tx, d, now, reason);
            }
            return Optional.of(letter);
        });
    }

    private static Optional<Delivery> pendingOf(Database.Session tx, Scope scope, String id) throws SQLException {
        PreparedStatement q = tx.prepare("SELECT " + PENDING + " FROM deliveries WHERE id = ? AND account = ? AND region = ?");
        q.setString(1, id);
        q.setString(2, scope.account());
        q.setString(3, scope.region());
        try (ResultSet rs = q.executeQuery()) {
            return rs.next() ? Optional.of(pending(rs)) : Optional.empty();
        }
    }

    private static int update(Database.Session tx, Delivery next) throws SQLException {
        PreparedStatement u = tx.prepare("UPDATE deliveries SET attempts = ?, due_time = ?, last_reason = ?, last_status = ? WHERE id = ?");
        u.setInt(1, next.attempts());
        u.setLong(2, next.dueTime().toEpochMilli());
        u.setString(3, next.lastReason());
        u.setInt(4, next.lastStatus());
        u.setString(5, next.id());
        return u.executeUpdate();
    }

    @Override
    public List<Delivery> pending() {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + PENDING + " FROM deliveries ORDER BY due_time");
            List<Delivery> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(pending(rs));
                }
            }
            return out;
        });
    }

    @Override
    public void delivered(String id) {
        db.write(tx -> {
            PreparedStatement d = tx.prepare("DELETE FROM deliveries WHERE id = ?");
            d.setString(1, id);
            return d.executeUpdate();
        });
    }

    @Override
    public void retry(Delivery next) {
        db.write(tx -> update(tx, next));
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        deadLetter(letter, null);
    }

    /** Deletes the pending row and inserts the dead letter; false when the row was gone already. */
    private static boolean moveToDeadLetters(Database.Session tx, DeadLetter letter) throws SQLException {
        PreparedStatement d = tx.prepare("DELETE FROM deliveries WHERE id = ?");
        d.setString(1, letter.delivery().id());
        if (d.executeUpdate() == 0) {
            return false; // already settled (a repeated attempt after a restart, or cancelled)
        }
        PreparedStatement s = tx.prepare("INSERT INTO dead_letters (" + DEAD + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bindCommon(s, letter.delivery());
        s.setLong(15, letter.failedTime().toEpochMilli());
        s.setString(16, letter.reason());
        s.setInt(17, letter.status());
        s.setString(18, letter.delivery().traceparent());
        s.executeUpdate();
        return true;
    }

    @Override
    public List<DeadLetter> deadLetters(Scope scope, String bus, String rule, String after, int limit) {
        long afterTime = -1;
        String afterId = "";
        if (after != null) {
            int colon = after.indexOf(':');
            afterTime = Long.parseLong(after.substring(0, colon));
            afterId = after.substring(colon + 1);
        }
        long time = afterTime;
        String id = afterId;
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + DEAD + " FROM dead_letters WHERE account = ? AND region = ? "
                    + "AND (failed_time > ? OR (failed_time = ? AND id > ?)) AND (? IS NULL OR bus = ?) AND (? IS NULL OR rule = ?) "
                    + "ORDER BY failed_time, id LIMIT ?");
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setLong(3, time);
            q.setLong(4, time);
            q.setString(5, id);
            q.setString(6, bus);
            q.setString(7, bus);
            q.setString(8, rule);
            q.setString(9, rule);
            q.setInt(10, limit);
            List<DeadLetter> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(deadLetter(rs));
                }
            }
            return out;
        });
    }

    @Override
    public String position(DeadLetter letter) {
        return letter.failedTime().toEpochMilli() + ":" + letter.delivery().id();
    }

    @Override
    public List<Delivery> redrive(Scope scope, List<String> ids, Instant now) {
        return db.write(tx -> {
            List<DeadLetter> letters = new ArrayList<>();
            PreparedStatement q = tx.prepare("SELECT " + DEAD + " FROM dead_letters WHERE account = ? AND region = ? AND (? IS NULL OR id = ?)");
            for (String id : ids == null ? java.util.Collections.<String>singletonList(null) : ids) {
                q.setString(1, scope.account());
                q.setString(2, scope.region());
                q.setString(3, id);
                q.setString(4, id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        letters.add(deadLetter(rs));
                    }
                }
            }
            PreparedStatement delete = tx.prepare("DELETE FROM dead_letters WHERE id = ?");
            List<Delivery> out = new ArrayList<>();
            for (DeadLetter letter : letters) {
                Delivery again = letter.delivery().redriven(now);
                delete.setString(1, again.id());
                delete.executeUpdate();
                insertPending(tx, again);
                if (history) {
                    HistoryWrites.redriven(tx, again, now);
                }
                out.add(again);
            }
            return out;
        });
    }

    private static void insertPending(Database.Session tx, Delivery d) throws SQLException {
        PreparedStatement s = tx.prepare("INSERT INTO deliveries (" + PENDING + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bindCommon(s, d);
        s.setLong(15, d.dueTime().toEpochMilli());
        s.setString(16, d.lastReason());
        s.setInt(17, d.lastStatus());
        s.setString(18, d.traceparent());
        s.executeUpdate();
    }

    private static void bindCommon(PreparedStatement s, Delivery d) throws SQLException {
        s.setString(1, d.id());
        s.setString(2, d.scope().account());
        s.setString(3, d.scope().region());
        s.setString(4, d.eventId());
        s.setString(5, d.bus());
        s.setString(6, d.rule());
        s.setString(7, d.targetId());
        s.setString(8, d.targetArn());
        s.setString(9, d.payload());
        s.setString(10, d.httpParameters());
        s.setInt(11, d.attempts());
        s.setInt(12, d.maxAttempts());
        s.setInt(13, d.maxAgeSeconds());
        s.setLong(14, d.firstTime().toEpochMilli());
    }

    private static Delivery delivery(ResultSet rs, Instant due, String reason, int status) throws SQLException {
        return new Delivery(rs.getString(1), new Scope(rs.getString(2), rs.getString(3)), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11),
                rs.getInt(12), rs.getInt(13), Instant.ofEpochMilli(rs.getLong(14)), due, reason, status, rs.getString(18));
    }

    private static Delivery pending(ResultSet rs) throws SQLException {
        return delivery(rs, Instant.ofEpochMilli(rs.getLong(15)), rs.getString(16), rs.getInt(17));
    }

    private static DeadLetter deadLetter(ResultSet rs) throws SQLException {
        Instant failed = Instant.ofEpochMilli(rs.getLong(15));
        return new DeadLetter(delivery(rs, failed, rs.getString(16), rs.getInt(17)), failed, rs.getString(16), rs.getInt(17));
    }
}
