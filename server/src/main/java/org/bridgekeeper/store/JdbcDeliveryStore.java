package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.Claim;
import org.bridgekeeper.delivery.DeadLetter;
import org.bridgekeeper.delivery.DeliveryHistory;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryStore;
import org.bridgekeeper.delivery.Handoff;
import org.bridgekeeper.delivery.Settlement;

/**
 * Pending deliveries and dead letters. A dead letter's page position is its failure time and id,
 * written {@code <epoch millis>:<id>}. With {@code history}, every write that changes a delivery
 * also writes its row of the delivery history, and an attempt's outcome its attempt, in the same
 * transaction ({@link HistoryWrites}); an outcome written after the delivery left the table (it
 * was cancelled meanwhile), or after its lease was lost, records nothing.
 *
 * <p>The engine's hot writes (enqueue, claim, settle, defer, releases, the purge) are inserts,
 * {@code SKIP LOCKED} claims and lease-conditional changes of single rows, correct under row locks
 * alone: they run as {@link Database#writeRows}. The operator's RetryDelivery, CancelDelivery and
 * redrive read a row and then decide, so they stay serializable ({@link Database#write}).
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
        enqueue(deliveries, java.util.Map.of(), Handoff.NONE);
    }

    @Override
    public void enqueue(List<Delivery> deliveries, java.util.Map<String, String> events) {
        enqueue(deliveries, events, Handoff.NONE);
    }

    /** The rows and their history rows each as one JDBC batch (a round trip per batch on PostgreSQL, not per row). */
    @Override
    public void enqueue(List<Delivery> deliveries, java.util.Map<String, String> events, Handoff handoff) {
        if (deliveries.isEmpty()) {
            return;
        }
        db.writeRows(tx -> {
            PreparedStatement s = tx.prepare(INSERT_PENDING);
            s.clearBatch();
            List<Delivery> inserted = new ArrayList<>(deliveries.size());
            for (Delivery d : deliveries) {
                if (d.deadOnArrival()) {
                    insertDeadLetter(tx, new DeadLetter(d, d.firstTime(), d.lastReason(), 0));
                    if (history) {
                        HistoryWrites.enqueued(tx, List.of(d), events);
                        HistoryWrites.cancelled(tx, d, d.firstTime(), d.lastReason());
                    }
                    continue;
                }
                bindPending(s, d, handoff.claimOf(d));
                s.addBatch();
                inserted.add(d);
            }
            if (!inserted.isEmpty()) {
                s.executeBatch();
            }
            if (history && !inserted.isEmpty()) {
                HistoryWrites.enqueued(tx, inserted, events);
            }
            return null;
        });
    }

    // ---- claims and leases (issue 13) ----------------------------------------------------------
    // A row is free when it has no lease or its lease has expired; a claim sets lease_owner and
    // lease_until; every outcome write is conditional on the claim's exact lease, so an attempt whose
    // lease expired and whose row was claimed again (by any node) changes nothing.

    /** Free and due rows, oldest due first; the one claim SELECT (see {@link #claimSql}). */
    private static final String CLAIMABLE = "SELECT " + PENDING + " FROM deliveries WHERE due_time <= ? "
            + "AND (lease_until IS NULL OR lease_until <= ?)";

    /** How many excluded targets a claim names in SQL: a few fixed sizes, so that few statements are cached. */
    private static final int[] EXCLUDED_SIZES = {4, 16, 64, 256};

    /**
     * The claim's SELECT, with {@code excluded} placeholders for the targets it skips. On
     * PostgreSQL it ends {@code FOR UPDATE SKIP LOCKED} ({@link Database#skipLocked}): concurrent
     * claims of several nodes then skip each other's rows instead of waiting for them.
     * On SQLite the single writer serializes claims, so there is nothing to add.
     */
    private String claimSql(int excluded) {
        StringBuilder sql = new StringBuilder(CLAIMABLE);
        if (excluded > 0) {
            sql.append(" AND target_arn NOT IN (").append("?, ".repeat(excluded - 1)).append("?)");
        }
        sql.append(" ORDER BY due_time LIMIT ?");
        return sql.append(db.skipLocked()).toString();
    }

    @Override
    public List<Claim> claim(String owner, Instant now, Instant until, int limit, Set<String> excluded,
                             ToIntFunction<String> room) {
        if (limit <= 0) {
            return List.of();
        }
        int named = 0;
        for (int size : EXCLUDED_SIZES) {
            named = size;
            if (size >= excluded.size()) {
                break;
            }
        }
        int placeholders = excluded.isEmpty() ? 0 : named;
        // More candidates than the limit, so that targets out of room in this batch do not end it early.
        int candidates = limit * 4 + 16;
        long nowMillis = now.toEpochMilli();
        return db.writeRows(tx -> {
            PreparedStatement q = tx.prepare(claimSql(placeholders));
            int i = 1;
            q.setLong(i++, nowMillis);
            q.setLong(i++, nowMillis);
            java.util.Iterator<String> names = excluded.iterator();
            for (int k = 0; k < placeholders; k++) {
                q.setString(i++, names.hasNext() ? names.next() : ""); // '' is no target's ARN
            }
            q.setInt(i, candidates);
            List<Delivery> chosen = new ArrayList<>();
            java.util.Map<String, Integer> taken = new java.util.HashMap<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next() && chosen.size() < limit) {
                    String target = rs.getString(8);
                    int already = taken.getOrDefault(target, 0);
                    if (excluded.contains(target) || already >= room.applyAsInt(target)) {
                        continue;
                    }
                    taken.put(target, already + 1);
                    chosen.add(pending(rs));
                }
            }
            PreparedStatement u = tx.prepare("UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE id = ? "
                    + "AND (lease_until IS NULL OR lease_until <= ?)");
            List<Claim> out = new ArrayList<>(chosen.size());
            for (Delivery d : chosen) {
                u.setString(1, owner);
                u.setLong(2, until.toEpochMilli());
                u.setString(3, d.id());
                u.setLong(4, nowMillis);
                if (u.executeUpdate() > 0) {
                    out.add(new Claim(d, owner, until));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Instant> nextDue(Instant now) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT MIN(due_time) FROM deliveries WHERE due_time > ?");
            q.setLong(1, now.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    long due = rs.getLong(1);
                    if (!rs.wasNull()) {
                        return Optional.of(Instant.ofEpochMilli(due));
                    }
                }
                return Optional.<Instant>empty();
            }
        });
    }

    @Override
    public long pendingCount() {
        return db.read(tx -> {
            try (ResultSet rs = tx.prepare("SELECT COUNT(*) FROM deliveries").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<Delivery> pending(int limit) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + PENDING + " FROM deliveries ORDER BY due_time LIMIT ?");
            q.setInt(1, limit);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(pending(rs));
                }
            }
            return out;
        });
    }

    private static final String LEASED = " AND lease_owner = ? AND lease_until = ?";

    private static void bindLease(PreparedStatement s, int from, Claim claim) throws SQLException {
        s.setString(from, claim.owner());
        s.setLong(from + 1, claim.until().toEpochMilli());
    }

    /**
     * One transaction for the group: the conditional deletes (delivered, dead) and updates (retry)
     * as two JDBC batches, whose per-row counts say which leases held; then the dead letters and the
     * history of the written ones only.
     */
    @Override
    public boolean[] settle(List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return new boolean[0];
        }
        return db.writeRows(tx -> {
            int n = settlements.size();
            boolean[] written = new boolean[n];
            List<Integer> deleted = new ArrayList<>();
            List<Integer> updated = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (settlements.get(i) instanceof Settlement.Retry ? updated : deleted).add(i);
            }
            if (!deleted.isEmpty()) {
                PreparedStatement d = tx.prepare("DELETE FROM deliveries WHERE id = ?" + LEASED);
                d.clearBatch();
                for (int i : deleted) {
                    Claim c = settlements.get(i).claim();
                    d.setString(1, c.delivery().id());
                    bindLease(d, 2, c);
                    d.addBatch();
                }
                mark(d.executeBatch(), deleted, written);
            }
            if (!updated.isEmpty()) {
                PreparedStatement u = tx.prepare("UPDATE deliveries SET attempts = ?, due_time = ?, last_reason = ?, "
                        + "last_status = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?" + LEASED);
                u.clearBatch();
                for (int i : updated) {
                    Settlement.Retry r = (Settlement.Retry) settlements.get(i);
                    Delivery next = r.next();
                    u.setInt(1, next.attempts());
                    u.setLong(2, next.dueTime().toEpochMilli());
                    u.setString(3, next.lastReason());
                    u.setInt(4, next.lastStatus());
                    u.setString(5, next.id());
                    bindLease(u, 6, r.claim());
                    u.addBatch();
                }
                mark(u.executeBatch(), updated, written);
            }
            List<HistoryWrites.Attempted> attempted = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (!written[i]) {
                    continue; // the lease was lost: the row is someone else's now (or cancelled)
                }
                Settlement s = settlements.get(i);
                HistoryWrites.Attempted h = switch (s) {
                    case Settlement.Delivered d ->
                            new HistoryWrites.Attempted(d.claim().delivery(), d.attempt(), DeliveryHistory.State.DELIVERED);
                    case Settlement.Retry r -> new HistoryWrites.Attempted(r.next(), r.attempt(), DeliveryHistory.State.PENDING);
                    case Settlement.Dead dead -> {
                        insertDeadLetter(tx, dead.letter());
                        yield new HistoryWrites.Attempted(dead.letter().delivery(), dead.attempt(), DeliveryHistory.State.DEAD);
                    }
                };
                if (h.attempt() != null) {
                    attempted.add(h);
                }
            }
            if (history && !attempted.isEmpty()) {
                HistoryWrites.attempted(tx, attempted);
            }
            return written;
        });
    }

    /** Sets {@code written[rows[k]]} from a batch's per-row update counts. */
    private static void mark(int[] counts, List<Integer> rows, boolean[] written) throws SQLException {
        if (counts.length != rows.size()) {
            throw new SQLException("a batch of " + rows.size() + " statements answered " + counts.length + " counts");
        }
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == java.sql.Statement.SUCCESS_NO_INFO) {
                // never with these drivers' plain batches; guessing would write under a lost lease
                throw new SQLException("a batch answered no per-row counts");
            }
            written[rows.get(k)] = counts[k] > 0;
        }
    }

    @Override
    public void defer(Claim claim, Instant until) {
        db.writeRows(tx -> {
            PreparedStatement u = tx.prepare("UPDATE deliveries SET lease_owner = NULL, lease_until = ? WHERE id = ?" + LEASED);
            u.setLong(1, until.toEpochMilli());
            u.setString(2, claim.delivery().id());
            bindLease(u, 3, claim);
            return u.executeUpdate();
        });
    }

    @Override
    public int release(String owner) {
        return db.writeRows(tx -> {
            PreparedStatement u = tx.prepare("UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?");
            u.setString(1, owner);
            return u.executeUpdate();
        });
    }

    @Override
    public int releaseAll() {
        return db.writeRows(tx -> tx.prepare("UPDATE deliveries SET lease_owner = NULL, lease_until = NULL "
                + "WHERE lease_until IS NOT NULL").executeUpdate());
    }

    @Override
    public boolean inFlight(Scope scope, String id, Instant now) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT 1 FROM deliveries WHERE id = ? AND account = ? AND region = ? "
                    + "AND lease_owner IS NOT NULL AND lease_until > ?");
            q.setString(1, id);
            q.setString(2, scope.account());
            q.setString(3, scope.region());
            q.setLong(4, now.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public int purgeDeadLetters(Instant before, int limit) {
        return db.writeRows(tx -> {
            PreparedStatement d = tx.prepare("DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters "
                    + "WHERE failed_time < ? ORDER BY failed_time LIMIT ?)");
            d.setLong(1, before.toEpochMilli());
            d.setInt(2, limit);
            return d.executeUpdate();
        });
    }

    @Override
    public Optional<Delivery> dueNow(Scope scope, String id, Instant now) {
        return db.write(tx -> {
            Optional<Delivery> found = pendingOf(tx, scope, id, now);
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
            Optional<Delivery> found = pendingOf(tx, scope, id, now);
            if (found.isEmpty()) {
                return Optional.<DeadLetter>empty();
            }
            Delivery d = found.get();
            DeadLetter letter = new DeadLetter(d, now, reason, d.lastStatus());
            PreparedStatement delete = tx.prepare("DELETE FROM deliveries WHERE id = ?");
            delete.setString(1, id);
            delete.executeUpdate();
            insertDeadLetter(tx, letter);
            if (history) {
                HistoryWrites.cancelled(tx, d, now, reason);
            }
            return Optional.of(letter);
        });
    }

    /** The scope's pending row {@code id}, unless it is in flight (leased by a node, the lease not expired). */
    private static Optional<Delivery> pendingOf(Database.Session tx, Scope scope, String id, Instant now) throws SQLException {
        PreparedStatement q = tx.prepare("SELECT " + PENDING + " FROM deliveries WHERE id = ? AND account = ? AND region = ? "
                + "AND (lease_owner IS NULL OR lease_until <= ?)");
        q.setString(1, id);
        q.setString(2, scope.account());
        q.setString(3, scope.region());
        q.setLong(4, now.toEpochMilli());
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

    private static void insertDeadLetter(Database.Session tx, DeadLetter letter) throws SQLException {
        PreparedStatement s = tx.prepare("INSERT INTO dead_letters (" + DEAD + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bindCommon(s, letter.delivery());
        s.setLong(15, letter.failedTime().toEpochMilli());
        s.setString(16, letter.reason());
        s.setInt(17, letter.status());
        s.setString(18, letter.delivery().traceparent());
        s.executeUpdate();
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

    /** A pending row, with the lease of the node that starts it when handed off ({@link Handoff}), else free. */
    private static final String INSERT_PENDING = "INSERT INTO deliveries (" + PENDING
            + ", lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static void insertPending(Database.Session tx, Delivery d) throws SQLException {
        PreparedStatement s = tx.prepare(INSERT_PENDING);
        bindPending(s, d, null);
        s.executeUpdate();
    }

    private static void bindPending(PreparedStatement s, Delivery d, Claim lease) throws SQLException {
        bindCommon(s, d);
        s.setLong(15, d.dueTime().toEpochMilli());
        s.setString(16, d.lastReason());
        s.setInt(17, d.lastStatus());
        s.setString(18, d.traceparent());
        if (lease == null) {
            s.setNull(19, java.sql.Types.VARCHAR);
            s.setNull(20, java.sql.Types.BIGINT);
        } else {
            s.setString(19, lease.owner());
            s.setLong(20, lease.until().toEpochMilli());
        }
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
