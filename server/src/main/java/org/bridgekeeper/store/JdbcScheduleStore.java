package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bridgekeeper.rules.Rule;
import org.bridgekeeper.rules.ScheduleStore;

/** Scheduled rules' next fire times (epoch millis; never is {@code Long.MAX_VALUE}). */
final class JdbcScheduleStore implements ScheduleStore {

    private final Database db;

    JdbcScheduleStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Instant> next(Rule rule) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT next_fire FROM schedule_fires WHERE account = ? AND region = ? AND bus = ? "
                    + "AND rule = ? AND expression = ?");
            bindKey(q, rule);
            q.setString(5, rule.scheduleExpression());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(instant(rs.getLong(1))) : Optional.empty();
            }
        });
    }

    @Override
    public void reset(Rule rule, Instant next) {
        db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO schedule_fires (account, region, bus, rule, expression, next_fire) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, bus, rule) DO UPDATE SET "
                    + "expression = excluded.expression, next_fire = excluded.next_fire");
            bindKey(s, rule);
            s.setString(5, rule.scheduleExpression());
            s.setLong(6, millis(next));
            return s.executeUpdate();
        });
    }

    @Override
    public boolean claim(Rule rule, Instant due, Instant next) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("UPDATE schedule_fires SET next_fire = ? WHERE account = ? AND region = ? AND "
                    + "bus = ? AND rule = ? AND expression = ? AND next_fire = ?");
            s.setLong(1, millis(next));
            s.setString(2, rule.scope().account());
            s.setString(3, rule.scope().region());
            s.setString(4, rule.bus());
            s.setString(5, rule.name());
            s.setString(6, rule.scheduleExpression());
            s.setLong(7, millis(due));
            return s.executeUpdate() == 1;
        });
    }

    @Override
    public void retain(Collection<Rule> scheduled) {
        Set<String> keep = new HashSet<>();
        scheduled.forEach(r -> keep.add(key(r.scope().account(), r.scope().region(), r.bus(), r.name())));
        List<String[]> stale = db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT account, region, bus, rule FROM schedule_fires");
            List<String[]> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String[] row = {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
                    if (!keep.contains(key(row[0], row[1], row[2], row[3]))) {
                        out.add(row);
                    }
                }
            }
            return out;
        });
        if (stale.isEmpty()) {
            return;
        }
        db.write(tx -> {
            PreparedStatement d = tx.prepare("DELETE FROM schedule_fires WHERE account = ? AND region = ? AND bus = ? AND rule = ?");
            for (String[] row : stale) {
                for (int i = 0; i < 4; i++) {
                    d.setString(i + 1, row[i]);
                }
                d.executeUpdate();
            }
            return null;
        });
    }

    private static String key(String account, String region, String bus, String rule) {
        return account + "\n" + region + "\n" + bus + "\n" + rule;
    }

    private static void bindKey(PreparedStatement s, Rule rule) throws SQLException {
        s.setString(1, rule.scope().account());
        s.setString(2, rule.scope().region());
        s.setString(3, rule.bus());
        s.setString(4, rule.name());
    }

    private static long millis(Instant t) {
        return t.equals(Instant.MAX) ? Long.MAX_VALUE : t.toEpochMilli();
    }

    private static Instant instant(long millis) {
        return millis == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(millis);
    }
}
