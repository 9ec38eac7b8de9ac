package org.bridgekeeper.store;

import org.bridgekeeper.common.JsonText;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryHistory.State;
import org.bridgekeeper.invoke.Invoker;

/**
 * The delivery history's writes, each inside a transaction of {@link JdbcDeliveryStore} that
 * changes the delivery itself. A delivery without a history row (pending since before the history
 * existed, or forgotten by the purge and then redriven) gets one at its next write.
 */
final class HistoryWrites {

    private HistoryWrites() {}

    private static final String INSERT = "INSERT INTO delivery_history (id, account, region, event_id, bus, rule, "
            + "target_id, target_arn, event, payload, traceparent, state, attempts, created_time, updated_time, "
            + "next_time, last_status, last_reason, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * New deliveries (one enqueue), their rows inserted as one JDBC batch; {@code events} are the
     * events as put, by event id, each stored only where the delivery's payload differs from it.
     */
    static void enqueued(Database.Session tx, List<Delivery> all, java.util.Map<String, String> events) throws SQLException {
        PreparedStatement s = tx.prepare(INSERT);
        s.clearBatch();
        for (Delivery d : all) {
            String event = events.get(d.eventId());
            bindInsert(s, d, event != null && !event.equals(d.payload()) ? event : null, State.PENDING, 0, d.firstTime(),
                    d.dueTime(), null);
            s.addBatch();
        }
        s.executeBatch();
    }

    /** An attempt's outcome to record: the delivery as it is now, the attempt, and the state it leaves it in. */
    record Attempted(Delivery delivery, Attempt attempt, State state) {}

    /**
     * Attempts' outcomes (a group of settlements): the rows' updates and the attempts' inserts, each
     * attempt numbered after the ones before it, each as one JDBC batch; a delivery without a
     * history row gets one.
     */
    static void attempted(Database.Session tx, List<Attempted> all) throws SQLException {
        PreparedStatement u = tx.prepare("UPDATE delivery_history SET state = ?, attempts = attempts + 1, updated_time = ?, "
                + "next_time = ?, last_status = ?, last_reason = ?, request = COALESCE(?, request) WHERE id = ?");
        u.clearBatch();
        for (Attempted x : all) {
            Attempt a = x.attempt();
            u.setString(1, x.state().name());
            u.setLong(2, a.time().toEpochMilli());
            setTime(u, 3, a.nextTime());
            u.setInt(4, a.status());
            u.setString(5, a.reason());
            u.setString(6, request(a.request()));
            u.setString(7, x.delivery().id());
            u.addBatch();
        }
        int[] counts = u.executeBatch();
        for (int k = 0; k < all.size(); k++) {
            if (counts[k] == 0) {
                Attempted x = all.get(k);
                insert(tx, x.delivery(), null, x.state(), 1, x.delivery().firstTime(), x.attempt().nextTime(), x.attempt());
            }
        }
        PreparedStatement i = tx.prepare("INSERT INTO delivery_attempts (delivery_id, number, time, status, latency_ms, "
                + "result, reason, next_time, response) VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM "
                + "delivery_attempts WHERE delivery_id = ?), ?, ?, ?, ?, ?, ?, ?)");
        i.clearBatch();
        for (Attempted x : all) {
            Attempt a = x.attempt();
            i.setString(1, x.delivery().id());
            i.setString(2, x.delivery().id());
            i.setLong(3, a.time().toEpochMilli());
            i.setInt(4, a.status());
            if (a.latency() == null) {
                i.setNull(5, Types.BIGINT);
            } else {
                i.setLong(5, a.latency().toMillis());
            }
            i.setString(6, a.result().name());
            i.setString(7, a.reason());
            setTime(i, 8, a.nextTime());
            i.setString(9, a.response());
            i.addBatch();
        }
        i.executeBatch();
    }

    /** Out of the dead letters (RedriveDeadLetters): pending again, due {@code now}. */
    static void redriven(Database.Session tx, Delivery d, Instant now) throws SQLException {
        if (setState(tx, d.id(), State.PENDING, now, now, null, false) == 0) {
            insert(tx, d, null, State.PENDING, 0, now, now, null);
        }
    }

    /** Brought forward (RetryDelivery): due {@code now}. */
    static void rescheduled(Database.Session tx, Delivery d, Instant now) throws SQLException {
        if (setState(tx, d.id(), State.PENDING, now, now, null, false) == 0) {
            insert(tx, d, null, State.PENDING, 0, d.firstTime(), now, null);
        }
    }

    /** Cancelled (CancelDelivery): dead, with the reason. */
    static void cancelled(Database.Session tx, Delivery d, Instant now, String reason) throws SQLException {
        if (setState(tx, d.id(), State.DEAD, now, null, reason, true) == 0) {
            insert(tx, d, null, State.DEAD, 0, d.firstTime(), null, null);
            setState(tx, d.id(), State.DEAD, now, null, reason, true);
        }
    }

    private static int setState(Database.Session tx, String id, State state, Instant now, Instant next, String reason,
                                boolean withReason) throws SQLException {
        PreparedStatement u = tx.prepare("UPDATE delivery_history SET state = ?, updated_time = ?, next_time = ?, "
                + "last_reason = CASE WHEN ? = 1 THEN ? ELSE last_reason END WHERE id = ?");
        u.setString(1, state.name());
        u.setLong(2, now.toEpochMilli());
        setTime(u, 3, next);
        u.setInt(4, withReason ? 1 : 0);
        u.setString(5, reason);
        u.setString(6, id);
        return u.executeUpdate();
    }

    private static void insert(Database.Session tx, Delivery d, String event, State state, int attempts, Instant created,
                               Instant next, Attempt a) throws SQLException {
        PreparedStatement s = tx.prepare(INSERT);
        bindInsert(s, d, event, state, attempts, created, next, a);
        s.executeUpdate();
    }

    private static void bindInsert(PreparedStatement s, Delivery d, String event, State state, int attempts, Instant created,
                                   Instant next, Attempt a) throws SQLException {
        s.setString(1, d.id());
        s.setString(2, d.scope().account());
        s.setString(3, d.scope().region());
        s.setString(4, d.eventId());
        s.setString(5, d.bus());
        s.setString(6, d.rule());
        s.setString(7, d.targetId());
        s.setString(8, d.targetArn());
        s.setString(9, event);
        s.setString(10, d.payload());
        s.setString(11, d.traceparent());
        s.setString(12, state.name());
        s.setInt(13, attempts);
        s.setLong(14, created.toEpochMilli());
        s.setLong(15, (a != null ? a.time() : created).toEpochMilli());
        setTime(s, 16, next);
        s.setInt(17, a != null ? a.status() : d.lastStatus());
        s.setString(18, a != null ? a.reason() : d.lastReason());
        s.setString(19, a == null ? null : request(a.request()));
    }

    private static void setTime(PreparedStatement s, int index, Instant time) throws SQLException {
        if (time == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, time.toEpochMilli());
        }
    }

    /** The masked request as the history shows it: {Method, Url, Headers, Body} (written by hand: it is on the hot path). */
    static String request(Invoker.SentRequest r) {
        if (r == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(256 + (r.body() == null ? 0 : r.body().length()));
        out.append("{\"Method\":");
        JsonText.quote(out, r.method());
        out.append(",\"Url\":");
        JsonText.quote(out, r.url());
        out.append(",\"Headers\":{");
        boolean first = true;
        for (var h : r.headers().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.quote(out, h.getKey());
            out.append(':');
            JsonText.quote(out, h.getValue());
        }
        out.append("},\"Body\":");
        JsonText.quote(out, r.body());
        return out.append('}').toString();
    }
}
